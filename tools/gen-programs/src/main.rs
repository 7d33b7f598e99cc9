//! Writes `tests/random_programs.rs` (see `generate.rs`).
//!
//! `cargo run -p gen-programs` rewrites the file; `-- --check` only compares
//! (exit status 1 if it is stale); `-- --stdout` prints it.

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/random_programs.rs");
    let text = generate::generate();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        ["--check"] => {
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current.replace("\r\n", "\n") == text {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "{} is stale: run `cargo run -p gen-programs`",
                    path.display()
                );
                ExitCode::FAILURE
            }
        }
        ["--stdout"] => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: gen-programs [--check | --stdout]");
            ExitCode::FAILURE
        }
    }
}
