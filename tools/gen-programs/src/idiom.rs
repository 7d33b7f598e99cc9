//! Idiomatic spellings of what the generator builds, chosen per program at print time
//! so the model and the twin stay as they are:
//!
//! - two consecutive `let`s, the second not reading the first, as one tuple `let`
//!   (`let (a, b) = (ea, eb);`);
//! - a slice parameter as a reference to an array (`xs: &[f64; 3]`,
//!   `m: &[[f64; 2]; 3]`), its gradient added into an array buffer.

use crate::ast::{Shape, C, E};
use crate::print::Cx;
use crate::program::Param;

/// Whether a slice parameter is written as a reference to an array (about half of them,
/// by name, so the program and its twin agree).
pub fn array_ref(p: &Param) -> bool {
    p.slice() && p.name.bytes().map(usize::from).sum::<usize>() % 2 == 0
}

/// The type of an array-reference parameter over `t`: `&[t; 3]`, `&[[t; 2]; 3]`.
pub fn ref_ty(p: &Param, t: &str) -> Option<String> {
    match (array_ref(p), p.shape()) {
        (true, Shape::Matrix(r, n)) => Some(format!("&[[{t}; {n}]; {r}]")),
        (true, shape) => Some(format!("&[{t}; {}]", shape.size())),
        _ => None,
    }
}

/// The argument for an array-reference parameter from the flat slice `s` at `at`
/// (`bound`: the array bound by [`ref_binding`], which outlives a cache borrowing it).
pub fn ref_arg(p: &Param, s: &str, at: usize, bound: bool) -> Option<String> {
    match (array_ref(p), bound, p.shape()) {
        (true, true, _) => Some(format!("&rows_{}", p.name)),
        (true, false, Shape::Matrix(..)) => Some(format!("&mat(&{s}[{at}..])")),
        (true, false, _) => Some(format!("&arr(&{s}[{at}..])")),
        _ => None,
    }
}

/// `let rows_xs: [f64; 3] = arr(&p[2..]);`: the array a forward pass's cache borrows.
pub fn ref_binding(p: &Param, at: usize) -> Option<String> {
    match (array_ref(p), p.shape()) {
        (true, Shape::Matrix(r, n)) => {
            Some(format!("let rows_{}: [[f64; {n}]; {r}] = mat(&p[{at}..]);", p.name))
        }
        (true, s) => Some(format!("let rows_{}: [f64; {}] = arr(&p[{at}..]);", p.name, s.size())),
        _ => None,
    }
}

/// The buffer of an array-reference parameter: zeroed, or pre-filled (`pre`).
pub fn ref_buffer(p: &Param, pre: bool) -> Option<String> {
    if !array_ref(p) {
        return None;
    }
    Some(match (pre, p.shape()) {
        (false, Shape::Matrix(r, n)) => format!("[[0.0; {n}]; {r}]"),
        (false, s) => format!("[0.0; {}]", s.size()),
        (true, Shape::Matrix(r, n)) => {
            format!("{{ let m: [[f64; {n}]; {r}] = mat(&pre({})); m }}", r * n)
        }
        (true, s) => format!("{{ let a: [f64; {0}] = arr(&pre({0})); a }}", s.size()),
    })
}

/// `let (a, b) = (ea, eb);` for two `let`s that may be one, else `None`.
pub fn tuple_let(cx: Cx, first: &C, second: &C) -> Option<String> {
    let (
        C::Let { name: a, mutable: ma, annot: false, e: ea },
        C::Let { name: b, mutable: mb, annot: false, e: eb },
    ) = (first, second)
    else {
        return None;
    };
    if matches!(ea, E::Block(..)) || matches!(eb, E::Block(..)) || a == b {
        return None;
    }
    // About one pair in two, by name, so both spellings stay in the corpus.
    if (a.len() + b.len() + a.bytes().map(usize::from).sum::<usize>()) % 2 == 1 {
        return None;
    }
    let (ta, tb) = (cx.expr(ea), cx.expr(eb));
    if mentions(&tb, a) {
        return None;
    }
    let m = |mutable: &bool| if *mutable { "mut " } else { "" };
    Some(format!("let ({}{a}, {}{b}) = ({ta}, {tb});", m(ma), m(mb)))
}

/// Whether the printed expression `text` has the identifier `name`.
fn mentions(text: &str, name: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == name)
}
