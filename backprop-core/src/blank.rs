//! [`BlankOf`]: a placeholder value for the stacks of a generic function's `f_hvp`
//! (`fn f<T: Float>`), which fills them before the runs are saved and reads one only
//! if a pop finds the stack empty (never: each run saved is read back once). At `f64`
//! the generated code uses `Default`, which `Float` does not give.
//!
//! As in `generic.rs`, a shape marker keeps the impls apart and is inferred: a float
//! is [`Scalar`], a `(value, tangent)` pair `(Da, Db)`, an array [`Array`], any other
//! value ([`Plain`]) its `Default`.

use crate::generic::{Array, Scalar};

/// The shape marker of a value that is not a float: its `Default`.
pub struct Plain;

/// A placeholder value of a generic float type, pairs and arrays of it, or a `Default`.
pub trait BlankOf<D>: Sized {
    /// The placeholder: zero for floats, `Default` for the rest.
    fn blank_of() -> Self;
}

impl<T: num_traits::Float> BlankOf<Scalar> for T {
    #[inline(always)]
    fn blank_of() -> Self {
        T::zero()
    }
}

impl<T: Default> BlankOf<Plain> for T {
    #[inline(always)]
    fn blank_of() -> Self {
        T::default()
    }
}

impl<Da, Db, A: BlankOf<Da>, B: BlankOf<Db>> BlankOf<(Da, Db)> for (A, B) {
    #[inline(always)]
    fn blank_of() -> Self {
        (A::blank_of(), B::blank_of())
    }
}

impl<D, E: BlankOf<D>, const N: usize> BlankOf<Array<D>> for [E; N] {
    #[inline(always)]
    fn blank_of() -> Self {
        core::array::from_fn(|_| E::blank_of())
    }
}

#[cfg(test)]
mod tests {
    use super::BlankOf;

    fn pair<T: num_traits::Float>() -> ((T, T), [T; 3], usize) {
        (
            BlankOf::blank_of(),
            BlankOf::blank_of(),
            BlankOf::blank_of(),
        )
    }

    #[test]
    fn blanks_are_zeros_and_defaults() {
        let ((a, b), c, n) = pair::<f32>();
        assert_eq!((a, b, c, n), (0.0, 0.0, [0.0; 3], 0));
    }
}
