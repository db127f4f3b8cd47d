//! Writes generated SIE files.
//!   gen-sie demo          the demo association's file (examples/sofint-2024-06.se)
use std::io::Write;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let bytes = match mode.as_str() {
        "demo" => finsam_bench::sie_demo::demo_bytes(),
        _ => {
            eprintln!("användning: gen-sie demo");
            std::process::exit(2);
        }
    };
    std::io::stdout()
        .write_all(&bytes)
        .expect("standard output");
}
