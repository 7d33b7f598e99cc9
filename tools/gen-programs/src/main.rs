//! Prints a corpus of random programs (`--stdout <corpus>`, all its files), or
//! writes every corpus into a directory (`--out <dir>`). The tests build them
//! themselves (`tests/random/build.rs`); this is for reading them.

use gen_programs::{file_name, generate, CORPORA};
use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> = CORPORA.iter().map(|c| c.name).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["--stdout", name] => match CORPORA.iter().find(|c| c.name == *name) {
            Some(c) => {
                // a closed pipe (`| head`) ends the output quietly
                let mut out = std::io::stdout().lock();
                let _ = generate(c).iter().try_for_each(|text| out.write_all(text.as_bytes()));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("no corpus `{name}`: one of {}", names.join(", "));
                ExitCode::FAILURE
            }
        },
        ["--out", dir] => {
            for c in &CORPORA {
                for (k, text) in generate(c).iter().enumerate() {
                    let path = std::path::Path::new(dir).join(file_name(c, k + 1));
                    if let Err(e) = std::fs::write(&path, text) {
                        eprintln!("cannot write {}: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                    eprintln!("wrote {}", path.display());
                }
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: gen-programs --stdout <{}> | --out <dir>", names.join("|"));
            ExitCode::FAILURE
        }
    }
}
