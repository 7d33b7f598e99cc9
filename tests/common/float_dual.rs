//! `Fd`: num-dual's `Dual64` as a `num_traits::Float`, a third-party float type for
//! the generic tests. num-dual 0.15 implements `Num`, `FromPrimitive` and the
//! arithmetic for `Dual64` but not `Float` (nor `NumCast`); this newtype adds them,
//! every function delegating to num-dual's own (`DualNum`), comparisons and rounding
//! by the real part.
//!
//! Two uses: the user's generic function run at `Fd` is forward-mode AD of the source
//! as written (an independent reference for the generated reverse pass), and the
//! generated reverse pass run at `Fd` gives second derivatives (`H v`).
#![allow(dead_code)]

use num_dual::{Dual64, DualNum};
use num_traits::{Float, FromPrimitive, Num, NumCast, One, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::ops::{Add, Div, Mul, Neg, Rem, Sub};

/// A forward-mode dual number `re + eps ε` that is a `num_traits::Float`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fd(pub Dual64);

impl Fd {
    /// `re + eps ε`.
    pub fn new(re: f64, eps: f64) -> Fd {
        Fd(Dual64::new(re, eps))
    }
    /// The value.
    pub fn re(self) -> f64 {
        self.0.re
    }
    /// The derivative part.
    pub fn eps(self) -> f64 {
        self.0.eps
    }
    fn constant(v: f64) -> Fd {
        Fd(Dual64::from_re(v))
    }
}

impl PartialOrd for Fd {
    fn partial_cmp(&self, other: &Fd) -> Option<Ordering> {
        self.0.re.partial_cmp(&other.0.re)
    }
}

macro_rules! binary {
    ($($trait:ident $method:ident),*) => {$(
        impl $trait for Fd {
            type Output = Fd;
            fn $method(self, other: Fd) -> Fd {
                Fd(self.0.$method(other.0))
            }
        }
    )*};
}
binary!(Add add, Sub sub, Mul mul, Div div, Rem rem);

impl Neg for Fd {
    type Output = Fd;
    fn neg(self) -> Fd {
        Fd(-self.0)
    }
}

impl Zero for Fd {
    fn zero() -> Fd {
        Fd(Dual64::zero())
    }
    fn is_zero(&self) -> bool {
        self.0.re == 0.0 && self.0.eps == 0.0
    }
}

impl One for Fd {
    fn one() -> Fd {
        Fd(Dual64::one())
    }
}

impl Num for Fd {
    type FromStrRadixErr = <f64 as Num>::FromStrRadixErr;
    fn from_str_radix(s: &str, radix: u32) -> Result<Fd, Self::FromStrRadixErr> {
        f64::from_str_radix(s, radix).map(Fd::constant)
    }
}

impl ToPrimitive for Fd {
    fn to_i64(&self) -> Option<i64> {
        self.0.re.to_i64()
    }
    fn to_u64(&self) -> Option<u64> {
        self.0.re.to_u64()
    }
    fn to_f64(&self) -> Option<f64> {
        Some(self.0.re)
    }
}

impl NumCast for Fd {
    fn from<N: ToPrimitive>(n: N) -> Option<Fd> {
        n.to_f64().map(Fd::constant)
    }
}

impl FromPrimitive for Fd {
    fn from_i64(n: i64) -> Option<Fd> {
        n.to_f64().map(Fd::constant)
    }
    fn from_u64(n: u64) -> Option<Fd> {
        n.to_f64().map(Fd::constant)
    }
    fn from_f64(n: f64) -> Option<Fd> {
        Some(Fd::constant(n))
    }
}

impl std::iter::Sum for Fd {
    fn sum<I: Iterator<Item = Fd>>(iter: I) -> Fd {
        iter.fold(Fd::zero(), |a, b| a + b)
    }
}

macro_rules! delegate {
    ($($method:ident),*) => {$(
        fn $method(self) -> Fd {
            Fd(self.0.$method())
        }
    )*};
}

macro_rules! of_real {
    ($($method:ident),*) => {$(
        fn $method(self) -> Fd {
            Fd::constant(self.0.re.$method())
        }
    )*};
}

impl Float for Fd {
    fn nan() -> Fd {
        Fd::constant(f64::NAN)
    }
    fn infinity() -> Fd {
        Fd::constant(f64::INFINITY)
    }
    fn neg_infinity() -> Fd {
        Fd::constant(f64::NEG_INFINITY)
    }
    fn neg_zero() -> Fd {
        Fd::constant(-0.0)
    }
    fn min_value() -> Fd {
        Fd::constant(f64::MIN)
    }
    fn min_positive_value() -> Fd {
        Fd::constant(f64::MIN_POSITIVE)
    }
    fn max_value() -> Fd {
        Fd::constant(f64::MAX)
    }
    fn epsilon() -> Fd {
        Fd::constant(f64::EPSILON)
    }
    fn is_nan(self) -> bool {
        self.0.re.is_nan() || self.0.eps.is_nan()
    }
    fn is_infinite(self) -> bool {
        self.0.re.is_infinite()
    }
    fn is_finite(self) -> bool {
        self.0.re.is_finite() && self.0.eps.is_finite()
    }
    fn is_normal(self) -> bool {
        self.0.re.is_normal()
    }
    fn classify(self) -> std::num::FpCategory {
        self.0.re.classify()
    }
    of_real!(floor, ceil, round, trunc);
    fn fract(self) -> Fd {
        Fd::new(self.0.re.fract(), self.0.eps)
    }
    fn abs(self) -> Fd {
        if self.0.re < 0.0 {
            -self
        } else {
            self
        }
    }
    fn signum(self) -> Fd {
        Fd::constant(self.0.re.signum())
    }
    fn is_sign_positive(self) -> bool {
        self.0.re.is_sign_positive()
    }
    fn is_sign_negative(self) -> bool {
        self.0.re.is_sign_negative()
    }
    fn mul_add(self, a: Fd, b: Fd) -> Fd {
        self * a + b
    }
    fn recip(self) -> Fd {
        Fd(DualNum::recip(&self.0))
    }
    fn powi(self, n: i32) -> Fd {
        Fd(DualNum::powi(&self.0, n))
    }
    fn powf(self, n: Fd) -> Fd {
        Fd(self.0.powd(n.0))
    }
    delegate!(sqrt, exp, exp2, ln, log2, log10, cbrt, sin, cos, tan, asin, acos, atan);
    delegate!(exp_m1, ln_1p, sinh, cosh, tanh, asinh, acosh, atanh);
    fn log(self, base: Fd) -> Fd {
        self.ln() / base.ln()
    }
    fn max(self, other: Fd) -> Fd {
        if other.0.re > self.0.re {
            other
        } else {
            self
        }
    }
    fn min(self, other: Fd) -> Fd {
        if other.0.re < self.0.re {
            other
        } else {
            self
        }
    }
    fn abs_sub(self, other: Fd) -> Fd {
        (self - other).max(Fd::zero())
    }
    fn hypot(self, other: Fd) -> Fd {
        (self * self + other * other).sqrt()
    }
    fn atan2(self, other: Fd) -> Fd {
        Fd(self.0.atan2(other.0))
    }
    fn sin_cos(self) -> (Fd, Fd) {
        let (s, c) = self.0.sin_cos();
        (Fd(s), Fd(c))
    }
    fn integer_decode(self) -> (u64, i16, i8) {
        self.0.re.integer_decode()
    }
}
