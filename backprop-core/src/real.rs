//! `Real`: the two float types a differentiated function may use.

/// A float type `#[differentiate]` supports: `f32` or `f64`.
///
/// The grouped gates and the local-gradient helpers are generic over it, so one
/// definition serves both precisions.
pub trait Real:
    Copy
    + PartialOrd
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Div<Output = Self>
    + core::ops::Neg<Output = Self>
{
    /// `0.0`
    const ZERO: Self;
    /// `0.5`
    const HALF: Self;
    /// `1.0`
    const ONE: Self;
    /// `e^self`
    fn exp(self) -> Self;
    /// `ln(self)`
    fn ln(self) -> Self;
    /// `ln(1 + self)`, accurate near 0
    fn ln_1p(self) -> Self;
    /// `|self|`
    fn abs(self) -> Self;
    /// `tanh(self)`
    fn tanh(self) -> Self;
    /// `e^self - 1`, accurate near 0
    fn exp_m1(self) -> Self;
    /// `self^n` for an integer `n`
    fn powi(self, n: i32) -> Self;
    /// `self^p`
    fn powf(self, p: Self) -> Self;
    /// Whether `self` is NaN
    fn is_nan(self) -> bool;
    /// The value of `v` in this type (a constant of a formula).
    fn of(v: f64) -> Self;
}

macro_rules! impl_real {
    ($($t:ty),*) => {$(
        impl Real for $t {
            const ZERO: Self = 0.0;
            const HALF: Self = 0.5;
            const ONE: Self = 1.0;
            #[inline]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline]
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            #[inline]
            fn exp_m1(self) -> Self {
                <$t>::exp_m1(self)
            }
            #[inline]
            fn powi(self, n: i32) -> Self {
                <$t>::powi(self, n)
            }
            #[inline]
            fn powf(self, p: Self) -> Self {
                <$t>::powf(self, p)
            }
            #[inline]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline]
            #[allow(clippy::cast_possible_truncation)] // f64 -> f32 rounds, as intended
            fn of(v: f64) -> Self {
                v as $t
            }
        }
    )*};
}

impl_real!(f32, f64);

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
