//! [`FloatsOf`]: the [`Differentiable`](crate::Differentiable) methods for fields of a
//! generic float type (`T`, `[T; N]`, `Vec<T>` with `T: Float`), which
//! `#[derive(Differentiable)]` on `struct Model<T: Float>` calls.
//!
//! `Differentiable` is implemented for `f32` and `f64` by name (a blanket impl over
//! `Float` would overlap the array impl); as in `generic.rs`, a shape marker
//! ([`Scalar`], [`Array`], [`List`]) keeps the impls apart and is inferred.

use crate::generic::{Array, Scalar};
use num_traits::Float;

/// The shape marker of a `Vec` whose elements have shape `D`.
pub struct List<D>(core::marker::PhantomData<D>);

/// A value made of floats of the generic type [`FloatsOf::Float`], by shape.
pub trait FloatsOf<D>: Sized {
    /// The float type of every entry.
    type Float: Float;
    /// The same shape with every float 0.
    fn zeros_like_of(&self) -> Self;
    /// `self += k * other`, float by float.
    fn add_scaled_of(&mut self, k: Self::Float, other: &Self);
    /// How many floats the flat view has.
    fn float_count_of(&self) -> usize;
    /// Writes the floats into `out[at..]`; returns the index after them.
    fn write_floats_of(&self, out: &mut [Self::Float], at: usize) -> usize;
    /// Reads the floats from `flat[at..]`; returns the index after them.
    fn read_floats_of(&mut self, flat: &[Self::Float], at: usize) -> usize;
}

impl<T: Float> FloatsOf<Scalar> for T {
    type Float = T;
    #[inline]
    fn zeros_like_of(&self) -> Self {
        T::zero()
    }
    #[inline]
    fn add_scaled_of(&mut self, k: T, other: &Self) {
        *self = *self + k * *other;
    }
    #[inline]
    fn float_count_of(&self) -> usize {
        1
    }
    #[inline]
    fn write_floats_of(&self, out: &mut [T], at: usize) -> usize {
        out[at] = *self;
        at + 1
    }
    #[inline]
    fn read_floats_of(&mut self, flat: &[T], at: usize) -> usize {
        *self = flat[at];
        at + 1
    }
}

impl<D, E: FloatsOf<D>, const N: usize> FloatsOf<Array<D>> for [E; N] {
    type Float = E::Float;
    #[inline]
    fn zeros_like_of(&self) -> Self {
        core::array::from_fn(|i| self[i].zeros_like_of())
    }
    #[inline]
    fn add_scaled_of(&mut self, k: E::Float, other: &Self) {
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.add_scaled_of(k, theirs);
        }
    }
    #[inline]
    fn float_count_of(&self) -> usize {
        self.iter().map(FloatsOf::float_count_of).sum()
    }
    #[inline]
    fn write_floats_of(&self, out: &mut [E::Float], at: usize) -> usize {
        self.iter()
            .fold(at, |at, element| element.write_floats_of(out, at))
    }
    #[inline]
    fn read_floats_of(&mut self, flat: &[E::Float], at: usize) -> usize {
        self.iter_mut()
            .fold(at, |at, element| element.read_floats_of(flat, at))
    }
}

impl<D, E: FloatsOf<D>> FloatsOf<List<D>> for Vec<E> {
    type Float = E::Float;
    #[inline]
    fn zeros_like_of(&self) -> Self {
        self.iter().map(FloatsOf::zeros_like_of).collect()
    }
    #[inline]
    fn add_scaled_of(&mut self, k: E::Float, other: &Self) {
        assert!(
            self.len() == other.len(),
            "`add_scaled`: a `Vec` of length {} and one of length {}",
            self.len(),
            other.len()
        );
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.add_scaled_of(k, theirs);
        }
    }
    #[inline]
    fn float_count_of(&self) -> usize {
        self.iter().map(FloatsOf::float_count_of).sum()
    }
    #[inline]
    fn write_floats_of(&self, out: &mut [E::Float], at: usize) -> usize {
        self.iter()
            .fold(at, |at, element| element.write_floats_of(out, at))
    }
    #[inline]
    fn read_floats_of(&mut self, flat: &[E::Float], at: usize) -> usize {
        self.iter_mut()
            .fold(at, |at, element| element.read_floats_of(flat, at))
    }
}

#[cfg(test)]
mod tests {
    use super::FloatsOf;

    fn check<T: num_traits::Float + core::fmt::Debug>(one: T) {
        let mut w = [[one, one + one], [one, one]];
        let zeros = w.zeros_like_of();
        assert_eq!(zeros, [[T::zero(); 2]; 2]);
        w.add_scaled_of(one + one, &[[one, T::zero()], [T::zero(), one]]);
        assert_eq!(w.float_count_of(), 4);
        let mut flat = vec![T::zero(); 4];
        assert_eq!(w.write_floats_of(&mut flat, 0), 4);
        let three = one + one + one;
        assert_eq!(flat, vec![three, one + one, one, three]);
        let mut v = vec![one; 3];
        assert_eq!(v.read_floats_of(&flat, 1), 4);
        assert_eq!(v, vec![one + one, one, three]);
    }

    #[test]
    fn shapes_of_generic_floats() {
        check(1.0f64);
        check(1.0f32);
    }
}
