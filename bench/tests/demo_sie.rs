//! The committed demo SIE file is what the generator writes: nobody edits it by hand.

#[test]
fn the_committed_demo_file_is_the_generators() {
    let committed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/sofint-2024-06.se"
    ))
    .expect("examples/sofint-2024-06.se");
    assert!(
        committed == finsam_bench::sie_demo::demo_bytes(),
        "examples/sofint-2024-06.se differs from the generator; run \
         cargo run -p finsam-bench --bin gen-sie -- demo > examples/sofint-2024-06.se"
    );
}
