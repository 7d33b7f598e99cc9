//! [`Differentiable`]: a value whose floats a gradient has one entry per (a float, an
//! array or `Vec` of them, a struct of such fields with `#[derive(Differentiable)]`),
//! with what optimisers need: a zero of the same shape, `self += k * other`, and flat
//! views in field order.

use crate::Real;

/// A value made of floats of type [`Differentiable::Float`]: parameters, and their
/// gradients of the same shape.
///
/// `#[derive(backprop::Differentiable)]` implements it for a struct whose fields are
/// floats, arrays and `Vec`s of them, other `Differentiable` structs, or constants
/// (integers, `usize`, `bool`: copied by [`zeros_like`](Differentiable::zeros_like),
/// never differentiated, not in the flat view).
///
/// ```
/// use backprop_core::Differentiable;
///
/// let mut w = [[1.0, 2.0], [3.0, 4.0]];
/// let mut d_w = w.zeros_like();
/// d_w[0][1] = 2.0;
/// w.add_scaled(-0.25, &d_w); // an SGD step
/// assert_eq!(w, [[1.0, 1.5], [3.0, 4.0]]);
/// let mut flat = [0.0; 4];
/// w.copy_to(&mut flat);
/// assert_eq!(flat, [1.0, 1.5, 3.0, 4.0]);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `backprop::Differentiable`: add `#[derive(backprop::Differentiable)]` to it",
    label = "`{Self}` needs `#[derive(backprop::Differentiable)]`",
    note = "a struct's floats are differentiated (`p: &S` with its buffer `d_p`, a method's `wrt(self)` with `d_self`) through the derive: its fields floats, arrays or `Vec`s of them, other `Differentiable` structs, or constants"
)]
pub trait Differentiable {
    /// The float type of every differentiated entry.
    type Float: Real;

    /// The same shape with every float 0 (constants copied).
    #[must_use]
    fn zeros_like(&self) -> Self;

    /// `self += k * other`, float by float (an SGD step is `p.add_scaled(-lr, &d_p)`).
    fn add_scaled(&mut self, k: Self::Float, other: &Self);

    /// How many floats the flat view has.
    fn float_count(&self) -> usize;

    /// Writes the floats into `out[at..]` in field order; returns the index after them.
    #[doc(hidden)]
    fn write_floats(&self, out: &mut [Self::Float], at: usize) -> usize;

    /// Reads the floats from `flat[at..]` in field order; returns the index after them.
    #[doc(hidden)]
    fn read_floats(&mut self, flat: &[Self::Float], at: usize) -> usize;

    /// Copies the floats into `out`, in field order (arrays row-major).
    ///
    /// # Panics
    /// If `out.len()` is not [`float_count`](Differentiable::float_count).
    fn copy_to(&self, out: &mut [Self::Float]) {
        let count = self.float_count();
        assert!(
            out.len() == count,
            "`copy_to`: the slice has length {} but the value has {count} floats",
            out.len()
        );
        self.write_floats(out, 0);
    }

    /// Sets the floats from `flat`, in field order (arrays row-major).
    ///
    /// # Panics
    /// If `flat.len()` is not [`float_count`](Differentiable::float_count).
    fn copy_from(&mut self, flat: &[Self::Float]) {
        let count = self.float_count();
        assert!(
            flat.len() == count,
            "`copy_from`: the slice has length {} but the value has {count} floats",
            flat.len()
        );
        self.read_floats(flat, 0);
    }
}

macro_rules! impl_float {
    ($($t:ty),*) => {$(
        impl Differentiable for $t {
            type Float = $t;
            fn zeros_like(&self) -> Self {
                0.0
            }
            #[inline]
            fn add_scaled(&mut self, k: $t, other: &Self) {
                *self += k * *other;
            }
            fn float_count(&self) -> usize {
                1
            }
            fn write_floats(&self, out: &mut [$t], at: usize) -> usize {
                out[at] = *self;
                at + 1
            }
            fn read_floats(&mut self, flat: &[$t], at: usize) -> usize {
                *self = flat[at];
                at + 1
            }
        }
    )*};
}

impl_float!(f32, f64);

impl<T: Differentiable, const N: usize> Differentiable for [T; N] {
    type Float = T::Float;
    fn zeros_like(&self) -> Self {
        core::array::from_fn(|i| self[i].zeros_like())
    }
    #[inline]
    fn add_scaled(&mut self, k: T::Float, other: &Self) {
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.add_scaled(k, theirs);
        }
    }
    fn float_count(&self) -> usize {
        self.iter().map(Differentiable::float_count).sum()
    }
    fn write_floats(&self, out: &mut [T::Float], at: usize) -> usize {
        self.iter().fold(at, |at, item| item.write_floats(out, at))
    }
    fn read_floats(&mut self, flat: &[T::Float], at: usize) -> usize {
        self.iter_mut()
            .fold(at, |at, item| item.read_floats(flat, at))
    }
}

/// A `Vec` of parameters: `add_scaled` needs `other` of the same length.
impl<T: Differentiable> Differentiable for Vec<T> {
    type Float = T::Float;
    fn zeros_like(&self) -> Self {
        self.iter().map(Differentiable::zeros_like).collect()
    }
    #[inline]
    fn add_scaled(&mut self, k: T::Float, other: &Self) {
        assert!(
            self.len() == other.len(),
            "`add_scaled`: a `Vec` of length {} and one of length {}",
            self.len(),
            other.len()
        );
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.add_scaled(k, theirs);
        }
    }
    fn float_count(&self) -> usize {
        self.iter().map(Differentiable::float_count).sum()
    }
    fn write_floats(&self, out: &mut [T::Float], at: usize) -> usize {
        self.iter().fold(at, |at, item| item.write_floats(out, at))
    }
    fn read_floats(&mut self, flat: &[T::Float], at: usize) -> usize {
        self.iter_mut()
            .fold(at, |at, item| item.read_floats(flat, at))
    }
}
