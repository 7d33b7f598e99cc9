//! `Real`: the float types a differentiated function may use, and `lit`, a float
//! literal at any of them.

/// A float type `#[differentiate]` supports: `f32`, `f64`, or any other
/// [`num_traits::Float`] (a generic `T: Float`, a dual number).
///
/// The grouped gates and the local-gradient helpers are generic over it, so one
/// definition serves every precision; every `Float` is a `Real`.
pub trait Real: num_traits::Float {
    /// The value of `v` in this type (a constant of a formula).
    fn of(v: f64) -> Self;
}

impl<F: num_traits::Float> Real for F {
    #[inline(always)]
    fn of(v: f64) -> Self {
        lit(v)
    }
}

/// The float literal `v` as a `T`: how generated generic code writes its constants
/// (`lit::<T>(0.5)`). At `f64` it inlines to `v`, at `f32` to `v as f32`: no `unwrap`
/// is left, and a type that cannot hold `v` gets NaN instead of a panic.
#[inline(always)]
#[must_use]
pub fn lit<T: num_traits::Float>(v: f64) -> T {
    match T::from(v) {
        Some(value) => value,
        None => T::nan(),
    }
}

/// All-zeros values: what a gradient starts from, for floats and arrays of any size
/// (std's `Default` stops at 32 elements).
pub trait Zero: Copy {
    /// The zero value.
    fn zero() -> Self;
}

impl Zero for f32 {
    fn zero() -> Self {
        0.0
    }
}

impl Zero for f64 {
    fn zero() -> Self {
        0.0
    }
}

impl<T: Zero, const N: usize> Zero for [T; N] {
    fn zero() -> Self {
        [T::zero(); N]
    }
}

/// The tangent of a constant parameter in the forward-mode call protocol.
impl Zero for () {
    fn zero() -> Self {}
}

/// Element-wise `+=` for floats and arrays of any shape: how the adjoint of a copied
/// array flows back into the original's.
pub trait Accumulate: Copy {
    /// `self += other`, element by element.
    fn accumulate(&mut self, other: &Self);
}

impl Accumulate for f32 {
    fn accumulate(&mut self, other: &Self) {
        *self += *other;
    }
}

impl Accumulate for f64 {
    fn accumulate(&mut self, other: &Self) {
        *self += *other;
    }
}

impl<T: Accumulate, const N: usize> Accumulate for [T; N] {
    fn accumulate(&mut self, other: &Self) {
        for (mine, theirs) in self.iter_mut().zip(other) {
            mine.accumulate(theirs);
        }
    }
}
