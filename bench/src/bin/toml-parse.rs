//! The peer for `finsam check`: a bare parse of the same file into untyped TOML values
//! (`toml::Table`), with the same crate Finsam reads plan files with. Prints the number of
//! top-level keys so the work cannot be optimised away.

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match text.parse::<toml::Table>() {
        Ok(t) => println!("{}", t.len()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
