use backprop::{differentiate, log_sigmoid, relu, sigmoid, softplus};
use num_dual::{Dual64, DualNum};
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// Tolerance of `_grad` against num-dual for the f64 programs (scaled by `max(1, |a|, |b|)`).
const TOL64: f64 = 1e-9;
/// Tolerance of `_grad` against central finite differences (step `1e-6 * max(1, |x|)`).
const TOL_FD: f64 = 1e-6;
/// Tolerance of the f32 programs against their num-dual twin evaluated in f64.
const TOL32: f64 = 1e-4;

/// The twins' scalar: a num-dual `Dual64` (forward mode, one seeded direction)
/// with the method names of `f64`, so a twin reads like its program.
/// Kinks (abs, max, min, clamp, floor, ...) select a branch here; every smooth
/// derivative comes from num-dual.
#[derive(Clone, Copy, Debug)]
struct D(Dual64);

/// A constant (zero derivative) twin value.
fn c<T: Into<f64>>(v: T) -> D {
    D(Dual64::from_re(v.into()))
}

macro_rules! twin_ops {
    ($($op:ident $f:ident $op_assign:ident $f_assign:ident $sym:tt),*) => {$(
        impl $op for D {
            type Output = D;
            fn $f(self, o: D) -> D {
                D(self.0 $sym o.0)
            }
        }
        impl $op_assign for D {
            fn $f_assign(&mut self, o: D) {
                *self = *self $sym o;
            }
        }
    )*};
}

twin_ops!(
    Add add AddAssign add_assign +,
    Sub sub SubAssign sub_assign -,
    Mul mul MulAssign mul_assign *,
    Div div DivAssign div_assign /
);

impl Neg for D {
    type Output = D;
    fn neg(self) -> D {
        D(-self.0)
    }
}

macro_rules! twin_smooth {
    ($($f:ident),*) => {
        impl D {
            $(
                fn $f(self) -> D {
                    D(DualNum::$f(&self.0))
                }
            )*
        }
    };
}

twin_smooth!(
    exp, exp2, exp_m1, ln, ln_1p, log10, log2, sqrt, cbrt, sin, cos, tan, asin, acos, atan, sinh,
    cosh, tanh, asinh, acosh, atanh, recip
);

macro_rules! twin_step {
    ($($f:ident),*) => {
        impl D {
            $(
                fn $f(self) -> D {
                    c(self.0.re.$f())
                }
            )*
        }
    };
}

twin_step!(floor, ceil, round, trunc, signum);

impl D {
    fn re(self) -> f64 {
        self.0.re
    }
    fn powi(self, n: i32) -> D {
        D(DualNum::powi(&self.0, n))
    }
    fn powf(self, e: D) -> D {
        if e.0.eps == 0.0 {
            D(DualNum::powf(&self.0, e.re()))
        } else {
            D(DualNum::powd(&self.0, e.0))
        }
    }
    fn log(self, base: D) -> D {
        self.ln() / base.ln()
    }
    fn atan2(self, x: D) -> D {
        // num-dual differentiates atan(y / x), NaN at x = 0: use whichever of
        // atan(y / x) and -atan(x / y) (same derivative) divides safely
        let d = if x.re().abs() >= self.re().abs() {
            (self / x).atan()
        } else {
            -(x / self).atan()
        };
        D(Dual64::new(self.re().atan2(x.re()), d.0.eps))
    }
    fn hypot(self, o: D) -> D {
        (self * self + o * o).sqrt()
    }
    fn mul_add(self, a: D, b: D) -> D {
        self * a + b
    }
    fn abs(self) -> D {
        if self.re() < 0.0 {
            -self
        } else {
            self
        }
    }
    fn max(self, o: D) -> D {
        if self.re() >= o.re() {
            self
        } else {
            o
        }
    }
    fn min(self, o: D) -> D {
        if self.re() <= o.re() {
            self
        } else {
            o
        }
    }
    fn clamp(self, lo: D, hi: D) -> D {
        if self.re() < lo.re() {
            lo
        } else if self.re() > hi.re() {
            hi
        } else {
            self
        }
    }
    fn fract(self) -> D {
        self - self.trunc()
    }
    fn to_degrees(self) -> D {
        self * c(180.0 / std::f64::consts::PI)
    }
    fn to_radians(self) -> D {
        self * c(std::f64::consts::PI / 180.0)
    }
    fn sigmoid(self) -> D {
        c(1.0) / (c(1.0) + (-self).exp())
    }
    fn relu(self) -> D {
        if self.re() > 0.0 {
            self
        } else {
            c(0.0)
        }
    }
    fn softplus(self) -> D {
        self.exp().ln_1p()
    }
    fn log_sigmoid(self) -> D {
        -(-self).softplus()
    }
}

/// The twin's arguments at point `p`, with the derivative seeded in direction `i`
/// (`usize::MAX`: no direction, value only).
fn seeded(p: &[f64], i: usize) -> Vec<D> {
    let seed = |j: usize| if j == i { 1.0 } else { 0.0 };
    p.iter()
        .enumerate()
        .map(|(j, &x)| D(Dual64::new(x, seed(j))))
        .collect()
}

fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    let scale = 1f64.max(got.abs()).max(want.abs());
    assert!(
        (got - want).abs() <= tol * scale,
        "{what}: got {got:e}, want {want:e} (tolerance {tol:e} * {scale:e})"
    );
}

