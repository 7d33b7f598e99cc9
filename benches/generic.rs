//! Generic floats at `f64`: Rosenbrock written once for every float type, as argmin's
//! test-function crate writes it (`benches/shared/generic.rs`), at n = 100 and 1000.
//! One criterion group per shape and n, its methods measured in the same run:
//!
//! - `generic`: `rosenbrock_generic_grad::<f64>`, the generated gradient of the generic
//!   function at `f64`;
//! - `f64`: `rosenbrock_f64_grad`, the generated gradient of the same body written for
//!   `f64` (the contract: at `f64` the generic code is this code);
//! - `argmin`: argmin_testfunctions' hand-written generic `rosenbrock_derivative` (it
//!   returns a `Vec`) and its `rosenbrock` for the value, as a caller needs both;
//! - `generic_array` / `f64_array`: the same over `&[T; N]` as an index loop;
//! - `caller_of_generic` / `caller_of_f64`: an `f64` function calling the generic
//!   Rosenbrock (its cache `f64` by default) and one calling the `f64` version;
//! - `generic_hvp` / `f64_hvp`: `f_hvp` of the generic function at `f64` and of the
//!   `f64` version (`hessian` on both).
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generic one's. Timing on a loaded machine is noisy: `tools/icount.py` counts the
//! instructions of the same functions (`rosenbrock_generic*`, `rosenbrock_argmin*`,
//! `rosenbrock_array*`), which do not depend on the load.
//!
//! Run: `cargo bench --bench generic`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

// `fd_step` is for finite differences, which this bench does not time.
#[allow(dead_code)]
#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, TOL};

#[path = "shared/generic.rs"]
mod shared;
use shared::rosenbrock_generic_hvp;
use shared::{calls_f64, calls_f64_grad, calls_generic, calls_generic_grad};
use shared::{point, rosenbrock_array, rosenbrock_array_f64, rosenbrock_array_f64_grad};
use shared::{rosenbrock_array_grad, rosenbrock_f64, rosenbrock_f64_grad};
use shared::{rosenbrock_f64_hvp, rosenbrock_generic, rosenbrock_generic_grad};

fn bench_n<const N: usize>(c: &mut Criterion) {
    let name = format!("generic_rosenbrock_{N}");
    let x: [f64; N] = point();
    let mut d = [0.0; N];
    let (value, _) = rosenbrock_generic_grad(&x[..], &mut d);
    let want = (value, &d[..]);
    assert_eq!(value, rosenbrock_generic(&x[..]));
    assert_eq!(rosenbrock_f64(&x[..]), rosenbrock_generic(&x[..]));
    assert_eq!(rosenbrock_array(&x), rosenbrock_array_f64(&x));
    let mut d_f64 = [0.0; N];
    let (v, _) = rosenbrock_f64_grad(&x[..], &mut d_f64);
    assert_agrees(&name, "f64", TOL, (v, &d_f64), want);
    let theirs = argmin_testfunctions::rosenbrock_derivative(&x[..]);
    let v = argmin_testfunctions::rosenbrock(&x[..]);
    assert_agrees(&name, "argmin", TOL, (v, &theirs), want);
    let mut d_array = [0.0; N];
    let (v, _) = rosenbrock_array_grad(&x, &mut d_array);
    let mut d_array_f64 = [0.0; N];
    let (v_f64, _) = rosenbrock_array_f64_grad(&x, &mut d_array_f64);
    assert_agrees(
        &name,
        "f64_array",
        TOL,
        (v_f64, &d_array_f64),
        (v, &d_array),
    );
    assert_agrees(&name, "generic_array", 1e-12, (v, &d_array), want);

    let mut d_caller = [0.0; N];
    let (v, _) = calls_generic_grad(&x[..], &mut d_caller);
    let mut d_caller_f64 = [0.0; N];
    let (v_f64, _) = calls_f64_grad(&x[..], &mut d_caller_f64);
    assert_eq!(calls_generic(&x[..]), calls_f64(&x[..]));
    assert_agrees(
        &name,
        "caller_of_generic",
        1e-12,
        (v, &d_caller),
        (v_f64, &d_caller_f64),
    );
    let v_dir: [f64; N] = point();
    let (mut d_h, mut hv) = ([0.0; N], [0.0; N]);
    let _ = rosenbrock_generic_hvp(&x[..], &mut d_h, &v_dir[..], &mut hv);
    let (mut d_h64, mut hv64) = ([0.0; N], [0.0; N]);
    let _ = rosenbrock_f64_hvp(&x[..], &mut d_h64, &v_dir[..], &mut hv64);
    assert_agrees(&name, "generic_hvp", 1e-12, (0.0, &hv), (0.0, &hv64));

    let mut group = c.benchmark_group(name);
    group.bench_function("generic", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = rosenbrock_generic_grad(black_box(&x[..]), &mut d);
            (value, d)
        })
    });
    group.bench_function("f64", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = rosenbrock_f64_grad(black_box(&x[..]), &mut d);
            (value, d)
        })
    });
    group.bench_function("argmin", |b| {
        b.iter(|| {
            let x = black_box(&x[..]);
            (
                argmin_testfunctions::rosenbrock(x),
                argmin_testfunctions::rosenbrock_derivative(x),
            )
        })
    });
    group.bench_function("generic_array", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = rosenbrock_array_grad(black_box(&x), &mut d);
            (value, d)
        })
    });
    group.bench_function("f64_array", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = rosenbrock_array_f64_grad(black_box(&x), &mut d);
            (value, d)
        })
    });
    group.bench_function("caller_of_generic", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = calls_generic_grad(black_box(&x[..]), &mut d);
            (value, d)
        })
    });
    group.bench_function("caller_of_f64", |b| {
        b.iter(|| {
            let mut d = [0.0; N];
            let (value, _) = calls_f64_grad(black_box(&x[..]), &mut d);
            (value, d)
        })
    });
    group.bench_function("generic_hvp", |b| {
        b.iter(|| {
            let (mut d, mut hv) = ([0.0; N], [0.0; N]);
            let (value, _) =
                rosenbrock_generic_hvp(black_box(&x[..]), &mut d, black_box(&v_dir[..]), &mut hv);
            (value, d, hv)
        })
    });
    group.bench_function("f64_hvp", |b| {
        b.iter(|| {
            let (mut d, mut hv) = ([0.0; N], [0.0; N]);
            let (value, _) =
                rosenbrock_f64_hvp(black_box(&x[..]), &mut d, black_box(&v_dir[..]), &mut hv);
            (value, d, hv)
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_n::<100>(c);
    bench_n::<1000>(c);
}

criterion_group!(generic, benches);
criterion_main!(generic);
