//! `finsam`: the command line. Thin: it reads arguments and files, calls the core and prints.

#[macro_use]
mod output;

mod budget;
mod check;
mod cli;
mod diagnostics;
mod goals;
mod input;
mod server;
mod sie;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(std::env::args_os())
}
