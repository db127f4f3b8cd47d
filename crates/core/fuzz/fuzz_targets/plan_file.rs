//! Any bytes given to the plan reader give a plan or errors, never a panic; a plan that was
//! read is computed, checked, written and read back to the same plan.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = finsam_core::plan_file::read_bytes(data) {
        if let Ok(figures) = finsam_core::compute(&loaded.plan) {
            let _ = finsam_core::check(&loaded.plan, &figures);
        }
        let text = finsam_core::plan_file::to_toml(&loaded.plan);
        let again = finsam_core::plan_file::read(&text).expect("a written plan reads back");
        assert_eq!(again.plan, loaded.plan);
    }
});
