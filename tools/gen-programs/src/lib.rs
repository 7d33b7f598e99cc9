//! Random programs for `backprop`, each with a num-dual twin and a test comparing
//! the gradients `#[differentiate]` generates with the twin's (and with central
//! finite differences where they are reliable).
//!
//! One generator writes five corpora ([`CORPORA`]), each a set of features switched
//! on over a shared core, from a fixed seed:
//!
//! - `straight_line`: 220 programs over f64 and 20 over f32, `let` (typed, `mut`),
//!   shadowing, assignment, `+= -= *= /=`, block expressions, every float method of
//!   the README in method and path form (`x.exp()`, `f64::exp(x)`), the gates bare
//!   and as `backprop::..`, `std` and file constants, an integer parameter
//!   (`powi(n)`, `n as f64`), `wrt(..)`, `return e;`;
//! - `control_flow`: 220 programs adding `if`/`else if`/`else` (statements and
//!   `let v = if`), `&&`/`||`, `match` on an integer (or-patterns, ranges, guards),
//!   `for` over constant and runtime ranges (`..=`, `.rev()`, `.step_by(2)`), nested
//!   loops, `while`, `loop`, `break`, `continue`, early `return`;
//! - `calls`: call graphs (120 or more, 210 top-level functions and their helpers),
//!   calls by name, by module path and through `super::`, in loops, branches,
//!   conditions and arguments of calls;
//! - `arrays`: 220 programs over `[f64; N]` and `[[f64; N]; M]`: element reads by
//!   constant and loop index, the array gates, `let v = [..]`, index loops, nested
//!   loops, iteration (`for &v in &xs`, `.iter()`, `.enumerate()`, `.zip(..)`),
//!   iterator chains (`map`/`zip`/`enumerate`/`rev`/`skip` into `sum`/`fold`) and
//!   local closures ([`chains`]);
//! - `arrays_mut`: 220 programs adding stores into local arrays (`a[i] op= ..`) and
//!   slice parameters, whose gradients are added into caller buffers.
//!
//! Every corpus spells some of its code idiomatically ([`idiom`]): tuple `let`s, and
//! references to arrays (`&[f64; 3]`) for some slice parameters.
//!
//! The header of each generated file counts what its programs use.
//!
//! Every value carries an interval ([`iv`]): an operation whose argument could leave
//! its domain first gets it wrapped ([`domain`]); loops update their variables by
//! shapes that stay bounded whatever the trip count ([`loops`]). The sample points
//! are checked by evaluating the program here ([`eval`]): kinks and comparisons must
//! be far from the point, central differences at several steps must agree.
//!
//! The module of each stage: [`ops`], [`ast`] and [`walk`] (the syntax), [`print`] (program
//! and twin text), [`gen`] (state), [`expr`], [`stmt`], [`flow`], [`loops`],
//! [`calls`] and [`groups`], [`arrays`], [`leaves`] and [`chains`], [`stores`], [`arrays_prog`], [`program`]
//! (building), [`checks`] (what rustc and clippy would reject), [`eval`], [`write`]
//! (a program with its twin and test), [`summary`], [`corpus`] (the files).
//! `tests/random` builds the corpora when its tests build (`build.rs`); `cargo run
//! -p gen-programs -- --stdout <corpus>` prints one.

pub mod arrays;
pub mod arrays_prog;
pub mod ast;
pub mod calls;
pub mod chains;
pub mod checks;
pub mod corpus;
pub mod domain;
pub mod eval;
pub mod expr;
pub mod flow;
pub mod gen;
pub mod groups;
pub mod idiom;
pub mod iv;
pub mod leaves;
pub mod loops;
pub mod ops;
pub mod print;
pub mod program;
pub mod stmt;
pub mod stores;
pub mod summary;
pub mod walk;
pub mod write;

pub use corpus::{file_name, generate, Corpus, CORPORA};
