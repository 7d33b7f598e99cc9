//! The layout the crate doc promises, checked on the source itself: each stage uses
//! only the stages before it (no cycle between folders or top-level modules), and no
//! source file is over 400 lines.

use std::path::{Path, PathBuf};

/// What each top-level module may use (`crate::<module>`), besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("parse", &["error"]),
    ("ir", &[]),
    ("lower", &["error", "parse", "ir"]),
    ("plan", &["parse", "ir"]),
    ("emit", &["parse", "ir", "plan"]),
    ("expand", &["error", "parse", "ir", "lower", "plan", "emit"]),
    ("derive", &["ir"]),
    ("lib", &["expand", "derive"]),
];

const MAX_LINES: usize = 400;

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// The source files outside `tests/`, with their top-level module.
fn modules() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&root).unwrap();
            let first = relative.components().next()?.as_os_str().to_str()?;
            let module = first.trim_end_matches(".rs").to_owned();
            (module != "tests").then_some((module, path))
        })
        .collect()
}

/// The top-level modules `text` names as `crate::<module>`.
fn uses(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        // `crate::x`, not `proc_macro_crate::x`.
        .filter(|(at, _)| {
            !text[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            text[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn stages_use_only_earlier_stages() {
    let mut wrong = Vec::new();
    for (module, path) in modules() {
        let allowed = ALLOWED
            .iter()
            .find(|(name, _)| *name == module)
            .map(|(_, allowed)| *allowed)
            .unwrap_or_else(|| panic!("{module} is not in ALLOWED: add it"));
        let text = std::fs::read_to_string(&path).unwrap();
        for used in uses(&text) {
            if used != module && !allowed.contains(&used.as_str()) {
                wrong.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn source_files_stay_small() {
    let long: Vec<String> = modules()
        .into_iter()
        .filter_map(|(_, path)| {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
