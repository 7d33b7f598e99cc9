//! Loops over a const generic length (`for i in 0..N`, `0..N - 1`, `.step_by(2)`) in
//! `fn f<T: Float, const N: usize>`: the values they save live in stack arrays `[T; N]`
//! (`tests/no_alloc.rs` counts the allocations). Checked at several `N` and points
//! against central differences and num-dual (the generic function run at `Fd`), and at
//! `f32` against the `f64` gradient.

mod common;
#[path = "common/float_dual.rs"]
mod float_dual;

use backprop::{differentiate, Float};
use common::{assert_close_f32, check, RTOL_F32};
use float_dual::Fd;
use num_dual::Dual64;

/// Horner over `N` coefficients: `acc` is saved each run.
#[differentiate]
pub fn horner_n<T: Float, const N: usize>(c: &[T; N], x: T) -> T {
    let mut acc = T::zero();
    for i in 0..N {
        acc = acc * x + c[N - 1 - i];
    }
    acc
}

/// `N - 1` links `s = tanh(s x_{i+1}) + s`: `s` and the `tanh` are saved each run.
#[differentiate]
pub fn chain_n<T: Float, const N: usize>(x: [T; N]) -> T {
    let mut s = x[0];
    for i in 0..N - 1 {
        s = (s * x[i + 1]).tanh() + s;
    }
    s
}

/// Every other element, by `step_by(2)`: `N.div_ceil(2)` runs, saved in `[T; N]`.
#[differentiate]
pub fn every_other_n<T: Float, const N: usize>(x: &[T; N]) -> T {
    let mut p = T::one();
    for i in (0..N).step_by(2) {
        p = p * x[i].sin() + x[i];
    }
    p
}

fn lift<const N: usize>(p: &[Dual64]) -> [Fd; N] {
    core::array::from_fn(|i| Fd(p[i]))
}

fn check_n<const N: usize>(p: [f64; N]) {
    let x = 0.7;
    // horner_n: the coefficients and `x`.
    let mut d_c = [0.0; N];
    let (value, grad) = horner_n_grad(&p, x, &mut d_c);
    let mut all = p.to_vec();
    all.push(x);
    let mut analytic = d_c.to_vec();
    analytic.push(grad.x);
    let f = |q: &[f64]| horner_n(&core::array::from_fn::<f64, N, _>(|i| q[i]), q[N]);
    let twin = |q: &[Dual64]| horner_n(&lift::<N>(q), Fd(q[N])).0;
    check("horner_n", &all, value, &analytic, f, twin);

    let (value, grad) = chain_n_grad(p);
    let f = |q: &[f64]| chain_n(core::array::from_fn::<f64, N, _>(|i| q[i]));
    check("chain_n", &p, value, &grad.x, f, |q| {
        chain_n(lift::<N>(q)).0
    });
    let p32: [f32; N] = p.map(|v| v as f32);
    let (_, grad32) = chain_n_grad(p32);
    for i in 0..N {
        assert_close_f32("chain_n f32", grad32.x[i], grad.x[i] as f32, RTOL_F32);
    }

    let mut d_x = [0.0; N];
    let (value, _) = every_other_n_grad(&p, &mut d_x);
    let f = |q: &[f64]| every_other_n(&core::array::from_fn::<f64, N, _>(|i| q[i]));
    check("every_other_n", &p, value, &d_x, f, |q| {
        every_other_n(&lift::<N>(q)).0
    });
    let mut d32 = [0.0f32; N];
    let _ = every_other_n_grad(&p32, &mut d32);
    for i in 0..N {
        assert_close_f32("every_other_n f32", d32[i], d_x[i] as f32, RTOL_F32);
    }
}

#[test]
fn const_generic_loops_at_several_lengths() {
    check_n([0.4]);
    check_n([0.3, -0.8, 1.1]);
    check_n([0.5, -0.2, 0.9, 0.1, -1.3]);
    check_n([-0.6, 0.25, 0.7, 1.2, -0.4, 0.8, 0.35, -0.9]);
}
