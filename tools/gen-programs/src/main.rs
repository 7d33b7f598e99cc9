//! Writes `tests/random_programs.rs`, `tests/random_control_flow.rs`,
//! `tests/random_calls.rs`, `tests/random_arrays.rs` and
//! `tests/random_arrays_mut.rs` (see `generate.rs`, `control.rs`, `calls.rs`,
//! `arrays.rs` and `arrays_mut.rs`).
//!
//! `cargo run -p gen-programs` rewrites the five files; `-- --check` only
//! compares (exit status 1 if one is stale); `-- --stdout` prints the first,
//! `-- --stdout-control-flow` the second, `-- --stdout-calls` the third,
//! `-- --stdout-arrays` the fourth and `-- --stdout-arrays-mut` the fifth.

mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    // each file is generated when asked for
    let files: [(PathBuf, fn() -> String); 5] = [
        (dir.join("random_programs.rs"), generate::generate),
        (
            dir.join("random_control_flow.rs"),
            generate::generate_control_flow,
        ),
        (dir.join("random_calls.rs"), generate::generate_calls),
        (dir.join("random_arrays.rs"), generate::generate_arrays),
        (
            dir.join("random_arrays_mut.rs"),
            generate::generate_arrays_mut,
        ),
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            for (path, make) in &files {
                if let Err(e) = std::fs::write(path, make()) {
                    eprintln!("cannot write {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
                eprintln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        ["--check"] => {
            let mut ok = true;
            for (path, make) in &files {
                let current = std::fs::read_to_string(path).unwrap_or_default();
                if current.replace("\r\n", "\n") != make() {
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
            print!("{}", files[0].1());
            ExitCode::SUCCESS
        }
        ["--stdout-control-flow"] => {
            print!("{}", files[1].1());
            ExitCode::SUCCESS
        }
        ["--stdout-calls"] => {
            print!("{}", files[2].1());
            ExitCode::SUCCESS
        }
        ["--stdout-arrays"] => {
            print!("{}", files[3].1());
            ExitCode::SUCCESS
        }
        ["--stdout-arrays-mut"] => {
            print!("{}", files[4].1());
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "usage: gen-programs [--check | --stdout | --stdout-control-flow | --stdout-calls | --stdout-arrays | --stdout-arrays-mut]"
            );
            ExitCode::FAILURE
        }
    }
}
