//! The expansions users read, pasted as ordinary code: the snapshots of the shapes in
//! the README's "What the generated code looks like" compile without a warning or a
//! clippy lint (`cargo clippy --all-targets -- -D warnings` runs on this file), and the
//! pasted code computes the gradient the attribute does.
//!
//! Lints inside a macro's expansion are mostly silenced, so `tests/lints.rs` cannot
//! show these: here the expansion is `include!`d as the crate's own code.
//! `needless_range_loop` stays allowed: the generated index loops are the user's
//! `for i in 0..n` loops, which that lint flags in hand-written code too.

#![deny(warnings, clippy::all)]
#![allow(clippy::needless_range_loop, dead_code)]

mod horner {
    include!("../backprop-macros/tests/expand/horner.expanded.rs");
}
mod while_break {
    include!("../backprop-macros/tests/expand/while_break.expanded.rs");
}
mod branch_values {
    include!("../backprop-macros/tests/expand/branch_values.expanded.rs");
}
mod match_int {
    include!("../backprop-macros/tests/expand/match_int.expanded.rs");
}
mod element_assignment {
    include!("../backprop-macros/tests/expand/element_assignment.expanded.rs");
}
mod slices {
    use backprop::sigmoid;
    include!("../backprop-macros/tests/expand/slices.expanded.rs");
}
mod call_in_loop {
    include!("../backprop-macros/tests/expand/call_in_loop.expanded.rs");
}
mod straight_line {
    use backprop::sigmoid;
    include!("../backprop-macros/tests/expand/straight_line.expanded.rs");
}
mod notes_staged {
    use backprop::sigmoid;
    include!("../backprop-macros/tests/expand/notes_staged.expanded.rs");
}

/// Horner's rule at x = 2 over c = [1, 2, 3, 4, 5]: the value, d/dx, and d/dc = x^(4-i).
#[test]
fn pasted_horner_differentiates() {
    let c = [1.0, 2.0, 3.0, 4.0, 5.0];
    let (value, grad) = horner::horner_grad(c, 2.0);
    assert_eq!(value, horner::horner(c, 2.0));
    assert_eq!(value, 57.0);
    // d/dx (x^4 + 2x^3 + 3x^2 + 4x + 5) = 4x^3 + 6x^2 + 6x + 4 at 2
    assert_eq!(grad.x, 32.0 + 24.0 + 12.0 + 4.0);
    assert_eq!(grad.c, [16.0, 8.0, 4.0, 2.0, 1.0]);
    let (_, cache) = horner::horner_forward(c, 2.0);
    assert_eq!(horner::horner_backward(&cache, 1.0), grad);
}

/// Newton's square root: d sqrt(a) / da = 1 / (2 sqrt(a)).
#[test]
fn pasted_while_break_differentiates() {
    let (value, grad) = while_break::newton_sqrt_grad(2.0);
    assert!((value - 2f64.sqrt()).abs() < 1e-12);
    assert!((grad.a - 0.5 / 2f64.sqrt()).abs() < 1e-9);
}

/// Each arm of the `match` at one point against its derivative by hand.
#[test]
fn pasted_match_differentiates() {
    let (x, y) = (0.3, 1.7);
    let (_, g0) = match_int::blend_grad(x, y, 0);
    assert_eq!((g0.x, g0.y), (y, x));
    let (_, g1) = match_int::blend_grad(x, y, 1);
    assert_eq!((g1.x, g1.y), (x.cos(), 1.0));
    let (_, g2) = match_int::blend_grad(x, y, 2);
    assert_eq!((g2.x, g2.y), (2.0 * (x - y), -2.0 * (x - y)));
}
