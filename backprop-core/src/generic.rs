//! Zeros and element-wise `+=` for any [`num_traits::Float`] and arrays of it: what
//! generated code of a generic function (`fn f<T: Float>`) starts gradients from.
//!
//! [`crate::Zero`] and [`crate::Accumulate`] are implemented for `f32` and `f64` by
//! name: a blanket impl over `Float` would overlap their array impls (a future
//! num-traits could make an array a `Float`). These traits take a shape marker instead
//! ([`Scalar`], [`Array`]), so the scalar and the array impls never overlap and the
//! marker is inferred: `let d_x: [[T; 3]; 2] = ZeroOf::zero_of();`.

use core::marker::PhantomData;

/// The shape marker of a float.
pub struct Scalar;

/// The shape marker of an array whose elements have shape `D`.
pub struct Array<D>(PhantomData<D>);

/// The shape marker of `()`, the tangent of a constant in the forward-mode protocol.
pub struct Unit;

/// All-zeros values of a generic float type and arrays of it, of any size.
pub trait ZeroOf<D>: Copy {
    /// The zero value.
    fn zero_of() -> Self;
}

impl<T: num_traits::Float> ZeroOf<Scalar> for T {
    #[inline(always)]
    fn zero_of() -> Self {
        T::zero()
    }
}

impl<D, T: ZeroOf<D>, const N: usize> ZeroOf<Array<D>> for [T; N] {
    #[inline(always)]
    fn zero_of() -> Self {
        [T::zero_of(); N]
    }
}

impl ZeroOf<Unit> for () {
    #[inline(always)]
    fn zero_of() -> Self {}
}

/// Element-wise `+=` for a generic float type and arrays of it.
pub trait AccumulateOf<D>: Copy {
    /// `self += other`, element by element.
    fn accumulate_of(&mut self, other: &Self);
}

impl<T: num_traits::Float> AccumulateOf<Scalar> for T {
    #[inline(always)]
    fn accumulate_of(&mut self, other: &Self) {
        *self = *self + *other;
    }
}

impl<D, T: AccumulateOf<D>, const N: usize> AccumulateOf<Array<D>> for [T; N] {
    #[inline(always)]
    fn accumulate_of(&mut self, other: &Self) {
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.accumulate_of(theirs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AccumulateOf, ZeroOf};

    fn zeros<T: num_traits::Float>() -> [[T; 3]; 2] {
        ZeroOf::zero_of()
    }

    #[test]
    fn zeros_and_sums_of_nested_arrays() {
        let mut a: [[f32; 3]; 2] = zeros();
        assert_eq!(a, [[0.0; 3]; 2]);
        a.accumulate_of(&[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        a.accumulate_of(&[[1.0; 3]; 2]);
        assert_eq!(a, [[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]]);
        let mut x: f64 = ZeroOf::zero_of();
        x.accumulate_of(&1.5);
        assert_eq!(x, 1.5);
    }
}
