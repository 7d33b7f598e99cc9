//! The checking code of the random programs (`tools/gen-programs`), which `build.rs`
//! generates into `OUT_DIR` and the tests include: the twins' scalar [`D`] (a
//! num-dual `HyperDual64` with the method names of `f64`, so a twin reads like its
//! program), and [`Prog::check`], which compares a program's value and its
//! gradients from `_grad` and from `_forward` + `_backward` with its twin's (one
//! seeded direction per coordinate), its `_jvp` along a direction, its `_hvp` (for
//! the programs with `hessian`) with the twin's second derivatives, and its gradient
//! with central finite differences where those are reliable. A failure names the program and where it is in `OUT_DIR`.

use num_dual::{DualNum, HyperDual64};
use std::fmt::Debug;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// Tolerance of `_grad` against num-dual for the f64 programs (scaled by `max(1, |a|, |b|)`).
const TOL64: f64 = 1e-9;
/// Tolerance of `_grad` against central finite differences (step `1e-6 * max(1, |x|)`).
const TOL_FD: f64 = 1e-6;
/// Tolerance of the f32 programs against their num-dual twin evaluated in f64.
const TOL32: f64 = 1e-4;

/// The twins' scalar: forward mode over two seeded directions (a hyper-dual number:
/// `eps1` the first derivative along one, `eps1eps2` the second along both). Kinks
/// (abs, max, min, clamp, floor, ...) select a branch here; every smooth derivative
/// comes from num-dual.
#[derive(Clone, Copy, Debug)]
pub struct D(pub HyperDual64);

/// A constant (zero derivative) twin value.
pub fn c<T: Into<f64>>(v: T) -> D {
    D(HyperDual64::from_re(v.into()))
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
        // iterating by reference (`for v in xs.iter()`, `.zip(..)`) needs the
        // operators on `&D` that `f64` has on `&f64`
        impl $op<&D> for D {
            type Output = D;
            fn $f(self, o: &D) -> D {
                self $sym *o
            }
        }
        impl $op<D> for &D {
            type Output = D;
            fn $f(self, o: D) -> D {
                *self $sym o
            }
        }
        impl $op<&D> for &D {
            type Output = D;
            fn $f(self, o: &D) -> D {
                *self $sym *o
            }
        }
        impl $op_assign<&D> for D {
            fn $f_assign(&mut self, o: &D) {
                *self = *self $sym *o;
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

impl Neg for &D {
    type Output = D;
    fn neg(self) -> D {
        -*self
    }
}

impl<'a> std::iter::Sum<&'a D> for D {
    fn sum<I: Iterator<Item = &'a D>>(it: I) -> D {
        it.fold(c(0.0), |s, v| s + v)
    }
}

// chains that `map` to values (`.map(|&t| t * t).sum::<D>()`) sum owned values
impl std::iter::Sum<D> for D {
    fn sum<I: Iterator<Item = D>>(items: I) -> D {
        items.fold(c(0.0), |a, b| a + b)
    }
}
impl<'a> std::iter::Product<&'a D> for D {
    fn product<I: Iterator<Item = &'a D>>(it: I) -> D {
        it.fold(c(1.0), |s, v| s * v)
    }
}

/// The twin's methods: `name(self, args) = body` (`s` is the receiver).
macro_rules! twin {
    ($($name:ident($($a:ident: $t:ty),*) = |$s:ident| $body:expr;)*) => {
        impl D {
            $(pub fn $name(self, $($a: $t),*) -> D {
                let $s = self;
                $body
            })*
        }
    };
}

macro_rules! smooth {
    ($($f:ident),*) => { twin! { $($f() = |s| D(DualNum::$f(&s.0));)* } };
}

macro_rules! step {
    ($($f:ident),*) => { twin! { $($f() = |s| c(s.0.re.$f());)* } };
}

smooth!(
    exp, exp2, exp_m1, ln, ln_1p, log10, log2, sqrt, cbrt, sin, cos, tan, asin, acos, atan, sinh,
    cosh, tanh, asinh, acosh, atanh, recip
);
step!(floor, ceil, round, trunc, signum);

twin! {
    powi(n: i32) = |s| D(DualNum::powi(&s.0, n));
    powf(e: D) = |s| if e.0.eps1 == 0.0 && e.0.eps2 == 0.0 && e.0.eps1eps2 == 0.0 { D(DualNum::powf(&s.0, e.re())) } else { D(DualNum::powd(&s.0, e.0)) };
    log(base: D) = |s| s.ln() / base.ln();
    // num-dual differentiates atan(y / x), NaN at x = 0: use whichever of atan(y / x)
    // and -atan(x / y) (same derivative) divides safely
    atan2(x: D) = |s| {
        let d = if x.re().abs() >= s.re().abs() { (s / x).atan() } else { -(x / s).atan() };
        D(HyperDual64::new(s.re().atan2(x.re()), d.0.eps1, d.0.eps2, d.0.eps1eps2))
    };
    hypot(o: D) = |s| (s * s + o * o).sqrt();
    mul_add(a: D, b: D) = |s| s * a + b;
    abs() = |s| if s.re() < 0.0 { -s } else { s };
    max(o: D) = |s| if s.re() >= o.re() { s } else { o };
    min(o: D) = |s| if s.re() <= o.re() { s } else { o };
    clamp(lo: D, hi: D) = |s| s.max(lo).min(hi);
    fract() = |s| s - s.trunc();
    to_degrees() = |s| s * c(180.0 / std::f64::consts::PI);
    to_radians() = |s| s * c(std::f64::consts::PI / 180.0);
    sigmoid() = |s| c(1.0) / (c(1.0) + (-s).exp());
    relu() = |s| if s.re() > 0.0 { s } else { c(0.0) };
    softplus() = |s| s.exp().ln_1p();
    log_sigmoid() = |s| -(-s).softplus();
}

impl D {
    pub fn re(self) -> f64 {
        self.0.re
    }
    pub fn dot<const N: usize>(a: [D; N], b: [D; N]) -> D {
        a.iter().zip(&b).fold(c(0.0), |s, (x, y)| s + x * y)
    }
    pub fn logsumexp<const N: usize>(a: [D; N]) -> D {
        a.iter().fold(c(0.0), |s, v| s + v.exp()).ln()
    }
    pub fn softmax_cross_entropy<const N: usize>(a: [D; N], label: usize) -> D {
        D::logsumexp(a) - a[label]
    }
}

/// The first `N` entries of `s` as an array (an array argument from the flat point).
pub fn arr<T: Copy, const N: usize>(s: &[T]) -> [T; N] {
    std::array::from_fn(|i| s[i])
}

/// The first `M * N` entries of `s` as a matrix, row by row.
pub fn mat<T: Copy, const N: usize, const M: usize>(s: &[T]) -> [[T; N]; M] {
    std::array::from_fn(|i| arr(&s[i * N..]))
}

/// The `N`-wide rows of `s` (a `&[[T; N]]` slice argument from the flat point).
pub fn rows<const N: usize, T: Copy>(s: &[T]) -> Vec<[T; N]> {
    s.chunks(N).map(arr).collect()
}

/// The known vector a slice's gradient buffer is pre-filled with (entry `k`).
fn pre_at(k: usize) -> f64 {
    0.5 + 0.25 * k as f64 * if k % 2 == 0 { 1.0 } else { -1.0 }
}

/// A gradient buffer of `len` entries pre-filled with [`pre_at`].
pub fn pre(len: usize) -> Vec<f64> {
    (0..len).map(pre_at).collect()
}

/// A gradient buffer of `rows` rows of `N` pre-filled with [`pre_at`], row by row.
pub fn pre_rows<const N: usize>(rows: usize) -> Vec<[f64; N]> {
    (0..rows).map(|i| std::array::from_fn(|j| pre_at(i * N + j))).collect()
}

/// A gradient field or buffer, scalar or array, flattened in the order of the point.
pub trait Flat {
    fn put(&self, out: &mut Vec<f64>);
}

impl Flat for f64 {
    fn put(&self, out: &mut Vec<f64>) {
        out.push(*self);
    }
}

impl Flat for f32 {
    fn put(&self, out: &mut Vec<f64>) {
        out.push(f64::from(*self));
    }
}

impl<T: Flat> Flat for [T] {
    fn put(&self, out: &mut Vec<f64>) {
        self.iter().for_each(|v| v.put(out));
    }
}

impl<T: Flat, const N: usize> Flat for [T; N] {
    fn put(&self, out: &mut Vec<f64>) {
        self[..].put(out);
    }
}

impl<T: Flat> Flat for Vec<T> {
    fn put(&self, out: &mut Vec<f64>) {
        self[..].put(out);
    }
}

/// The gradient fields `parts`, flattened and multiplied by `scale`.
pub fn flat(scale: f64, parts: &[&dyn Flat]) -> Vec<f64> {
    let mut out = Vec::new();
    parts.iter().for_each(|p| p.put(&mut out));
    out.iter().map(|g| scale * g).collect()
}

/// `filled`, a gradient buffer pre-filled with [`pre`] before the call, holds that
/// vector plus `grad` (the gradient the call added into a zeroed buffer).
pub fn accumulated(filled: &dyn Flat, grad: &dyn Flat) {
    let (a, g) = (flat(1.0, &[filled]), flat(1.0, &[grad]));
    assert_eq!(a.len(), g.len());
    for (k, (a, g)) in a.iter().zip(&g).enumerate() {
        let what = format!("buffer entry {k}: pre-filled {} plus the gradient", pre_at(k));
        close(&what, *a, pre_at(k) + g, TOL64);
    }
}

/// The twin's arguments at point `p`, with the first derivative seeded in direction
/// `i` (`usize::MAX`: no direction, value only).
fn seeded(p: &[f64], i: usize) -> Vec<D> {
    seeded_twice(p, i, &vec![0.0; p.len()])
}

/// The twin's arguments at point `p`, seeded with direction `i` (`eps1`) and the
/// vector `v` (`eps2`): the result's `eps1eps2` is `(H v)[i]`.
fn seeded_twice(p: &[f64], i: usize, v: &[f64]) -> Vec<D> {
    let seed = |j: usize| if j == i { 1.0 } else { 0.0 };
    p.iter()
        .zip(v)
        .enumerate()
        .map(|(j, (&x, &v))| D(HyperDual64::new(x, seed(j), v, 0.0)))
        .collect()
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    let scale = 1f64.max(got.abs()).max(want.abs());
    assert!(
        (got - want).abs() <= tol * scale,
        "{what}: got {got:e}, want {want:e} (tolerance {tol:e} * {scale:e})"
    );
}

/// The float type of a program: f64 (checked to 1e-9) or f32 (to 1e-4, against its
/// twin in f64 at the same point).
pub trait Real: Copy + Debug + Into<f64> + 'static {
    const TOL: f64;
    fn of(v: f64) -> Self;
}

impl Real for f64 {
    const TOL: f64 = TOL64;
    fn of(v: f64) -> f64 {
        v
    }
}

impl Real for f32 {
    const TOL: f64 = TOL32;
    fn of(v: f64) -> f32 {
        v as f32
    }
}

/// An entry point: the value and the gradient (each differentiated coordinate).
pub type Grad<T> = fn(&[T], &[i32]) -> (T, Vec<f64>);

/// The forward mode `_jvp` at a point along a tangent (laid out as the point): the
/// value and the directional derivative.
pub type Jvp<T> = fn(&[T], &[T], &[i32]) -> (T, T);

/// `_hvp` at a point along a vector (laid out as the point): the value and `H v` over
/// the differentiated coordinates.
pub type Hvp<T> = fn(&[T], &[T], &[i32]) -> (T, Vec<f64>);

/// One generated program, called with its float coordinates `p` (arrays flattened)
/// and its integer arguments `k`: the plain function, the macro's two gradient entry
/// points (`_grad`, and `_forward` + `_backward`), the twin, the differentiated
/// coordinates, whether finite differences are reliable at its points, its name and
/// where its test is.
pub struct Prog<T: 'static> {
    pub name: &'static str,
    pub at: &'static str,
    pub f: fn(&[T], &[i32]) -> T,
    pub ad: Grad<T>,
    pub fb: Grad<T>,
    pub jv: Jvp<T>,
    /// `_hvp`, for a program with `hessian`.
    pub hv: Option<Hvp<T>>,
    pub tw: fn(&[D], &[i32]) -> D,
    pub wrt: &'static [usize],
    pub fd: bool,
}

impl<T: Real> Prog<T> {
    pub fn check(&self, p: &[T], k: &[i32]) {
        let p64: Vec<f64> = p.iter().map(|&x| x.into()).collect();
        let at = |what: &str| format!("{} ({}): {what} at {p:?} {k:?}", self.name, self.at);
        let plain: f64 = (self.f)(p, k).into();
        let twin = (self.tw)(&seeded(&p64, usize::MAX), k).re();
        close(&at("value"), plain, twin, T::TOL);
        for (entry, (v, g)) in [("_grad", (self.ad)(p, k)), ("_backward", (self.fb)(p, k))] {
            close(&at(&format!("{entry} value")), v.into(), plain, T::TOL);
            let n = self.wrt.len();
            assert_eq!(g.len(), n, "{}", at(&format!("{entry}: {n} gradient entries")));
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let want = (self.tw)(&seeded(&p64, i), k).0.eps1;
                close(&at(&format!("{entry} d/dp[{i}]")), gi, want, T::TOL);
            }
        }
        // forward mode along a direction over the differentiated coordinates
        let mut tangent = vec![T::of(0.0); p.len()];
        let mut along = 0.0;
        for (n, &i) in self.wrt.iter().enumerate() {
            let v = T::of(((n * 7 + 3) % 11) as f64 / 5.0 - 1.0);
            tangent[i] = v;
            along += v.into() * (self.tw)(&seeded(&p64, i), k).0.eps1;
        }
        let (value, t) = (self.jv)(p, &tangent, k);
        close(&at("_jvp value"), value.into(), plain, T::TOL);
        close(&at(&format!("_jvp along {tangent:?}")), t.into(), along, T::TOL);
        if let Some(hv) = self.hv {
            let (value, product) = hv(p, &tangent, k);
            close(&at("_hvp value"), value.into(), plain, T::TOL);
            let v: Vec<f64> = tangent.iter().map(|&t| t.into()).collect();
            for (&i, &got) in self.wrt.iter().zip(&product) {
                let want = (self.tw)(&seeded_twice(&p64, i, &v), k).0.eps1eps2;
                close(&at(&format!("_hvp (Hv)[{i}] along {v:?}")), got, want, T::TOL);
            }
        }
        if self.fd {
            let (_, g) = (self.ad)(p, k);
            for (&i, &gi) in self.wrt.iter().zip(&g) {
                let h = 1e-6 * p64[i].abs().max(1.0);
                let (mut hi, mut lo) = (p.to_vec(), p.to_vec());
                (hi[i], lo[i]) = (T::of(p64[i] + h), T::of(p64[i] - h));
                let step = hi[i].into() - lo[i].into();
                let fd = ((self.f)(&hi, k).into() - (self.f)(&lo, k).into()) / step;
                close(&at(&format!("finite difference d/dp[{i}]")), gi, fd, TOL_FD);
            }
        }
    }
    /// [`Prog::check`] at the point made of `parts` (each parameter's values, or a
    /// matrix's rows, in order).
    pub fn check_at(&self, parts: &[&[T]], k: &[i32]) {
        self.check(&parts.concat(), k);
    }
}
