//! Prints the warnings (or errors) of each file given: `cargo run -p finsam-sie --example sie-warnings -- FILE…`.
fn main() {
    for path in std::env::args().skip(1) {
        match finsam_sie::read_path(std::path::Path::new(&path)) {
            Ok(f) => {
                println!(
                    "{path}: {} vouchers, {} warnings",
                    f.vouchers.len(),
                    f.warnings.len()
                );
                for w in f.warnings.iter().take(5) {
                    println!("  {w}");
                }
            }
            Err(e) => println!("{path}: REFUSED\n  {e}"),
        }
    }
}
