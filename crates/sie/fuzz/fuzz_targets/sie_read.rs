//! Any bytes given to the SIE reader give a file or errors with lines, never a panic; a file that
//! was read is summed, checked, written and read back to the same vouchers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match finsam_sie::read(data) {
        Ok(file) => {
            let _ = finsam_sie::reconcile(&file, 0);
            let again = finsam_sie::read(&finsam_sie::write(&file, true))
                .expect("a written file reads back");
            assert_eq!(again.vouchers.len(), file.vouchers.len());
            for (a, b) in again.vouchers.iter().zip(&file.vouchers) {
                assert_eq!(a.rows.len(), b.rows.len());
                for (x, y) in a.rows.iter().zip(&b.rows) {
                    assert_eq!((&x.account, x.amount, &x.objects), (&y.account, y.amount, &y.objects));
                }
            }
        }
        Err(rejected) => assert!(!rejected.errors.is_empty()),
    }
});
