//! Writes `tests/random_programs.rs`, `tests/random_control_flow.rs` and
//! `tests/random_calls.rs` (see `generate.rs`, `control.rs` and `calls.rs`).
//!
//! `cargo run -p gen-programs` rewrites the three files; `-- --check` only
//! compares (exit status 1 if one is stale); `-- --stdout` prints the first,
//! `-- --stdout-control-flow` the second and `-- --stdout-calls` the third.

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let files = [
        (dir.join("random_programs.rs"), generate::generate()),
        (
            dir.join("random_control_flow.rs"),
            generate::generate_control_flow(),
        ),
        (dir.join("random_calls.rs"), generate::generate_calls()),
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            for (path, text) in &files {
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("cannot write {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                eprintln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        ["--check"] => {
            let mut ok = true;
            for (path, text) in &files {
                let current = std::fs::read_to_string(path).unwrap_or_default();
                if current.replace("\r\n", "\n") != *text {
                    eprintln!(
                        "{} is stale: run `cargo run -p gen-programs`",
                        path.display()
                    );
                    ok = false;
                }
            }
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["--stdout"] => {
            print!("{}", files[0].1);
            ExitCode::SUCCESS
        }
        ["--stdout-control-flow"] => {
            print!("{}", files[1].1);
            ExitCode::SUCCESS
        }
        ["--stdout-calls"] => {
            print!("{}", files[2].1);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "usage: gen-programs [--check | --stdout | --stdout-control-flow | --stdout-calls]"
            );
            ExitCode::FAILURE
        }
    }
}
