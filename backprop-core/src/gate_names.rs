//! The compile-time check that a bare gate name in a differentiated function (`sigmoid(x)`,
//! `dot(a, b)`) is backprop's gate, as `#[differentiate]` reads it, and not a function of
//! the user's with the same name: the macro sees only the function, not the module's
//! imports, so the compiler confirms it.

/// Implemented by a function item for itself only (and for a private type, so that the
/// compiler does not infer `G` from `Self` and reports the mismatch with this message).
#[diagnostic::on_unimplemented(
    message = "`#[differentiate]` reads this call as backprop's gate `{G}`, but this name is another function here",
    label = "not backprop's gate: `{Self}`",
    note = "for backprop's gate, import it (`use backprop::NAME;`) or call it by its path (`backprop::NAME(..)`)",
    note = "for your own function, call it by a path (`self::NAME(..)`), or declare or import it inside the differentiated function; it then needs `#[differentiate]` or a custom derivative"
)]
pub trait IsGate<G> {}

impl<F> IsGate<F> for F {}

/// A second implementation, which no gate check uses: with two, the compiler waits for
/// both arguments of [`gate_check`] before choosing.
pub struct NotAGate<F>(F);

impl<F> IsGate<NotAGate<F>> for F {}

/// Compiles only if `name` (the function a bare gate name finds where the differentiated
/// function is) is `gate`, backprop's function of that name.
pub const fn gate_check<F: Copy + IsGate<G>, G: Copy>(name: F, gate: G) {
    let _ = (name, gate);
}
