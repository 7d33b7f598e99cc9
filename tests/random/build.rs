//! Writes the random programs (`tools/gen-programs`, fixed seeds) into `OUT_DIR`,
//! one file per corpus part; the tests in `tests/` include them.

use gen_programs::{file_name, generate, CORPORA};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::thread::scope(|s| {
        for c in &CORPORA {
            let out = &out;
            s.spawn(move || {
                for (k, text) in generate(c).iter().enumerate() {
                    let path = out.join(file_name(c, k + 1));
                    std::fs::write(&path, text)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                }
            });
        }
    });
}
