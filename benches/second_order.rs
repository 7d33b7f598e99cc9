//! Second order: Rosenbrock's function, its Hessian-vector product and its dense Hessian.
//!
//! - group `second_order_hvp_100`: `f_grad` (the gradient), `f_hvp` (the gradient and
//!   one Hessian-vector product, forward-over-reverse) and the same by hand in one fused
//!   pass, at n = 100;
//! - group `second_order_hessian_10`: the dense Hessian at n = 10 by `f_hessian` (n
//!   Hessian-vector products), by `num_dual::hessian` (second-order dual vectors) and
//!   by `argmin_testfunctions::rosenbrock_hessian` (written by hand, returning
//!   `Vec<Vec<f64>>`) and by this file's own hand-written one into an array.
//!
//! Every method's result is checked against the generated one before anything is
//! timed. Run: `cargo bench --bench second_order`, then `python3 benches/report.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use num_dual::Dual2SVec64;

#[macro_use]
#[path = "shared/second_order.rs"]
mod shared;

#[allow(dead_code)] // the reverse-mode items are not all benchmarked here
mod n10 {
    second_order_functions!(10, 9);
}

#[allow(dead_code)]
mod n100 {
    second_order_functions!(100, 99);
}

fn point<const N: usize>() -> [f64; N] {
    std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0)
}

fn direction<const N: usize>() -> [f64; N] {
    std::array::from_fn(|i| ((i * 5 % 13) as f64 - 6.0) / 6.0)
}

/// Rosenbrock over num-dual's second-order dual vectors.
fn dual_rosenbrock(x: &[Dual2SVec64<10>]) -> Dual2SVec64<10> {
    let mut total = Dual2SVec64::from(0.0);
    for i in 0..9 {
        let a = x[i + 1] - x[i] * x[i];
        let b = -x[i] + 1.0;
        total += a * a * 100.0 + b * b;
    }
    total
}

/// The dense Hessian by num-dual, row-major.
fn dual_hessian(x: [f64; 10]) -> [f64; 100] {
    let (_, _, h) = num_dual::hessian(
        |x: nalgebra::SVector<Dual2SVec64<10>, 10>| dual_rosenbrock(x.as_slice()),
        &nalgebra::SVector::from(x),
    );
    std::array::from_fn(|k| h[(k / 10, k % 10)])
}

fn check(method: &str, got: &[f64], want: &[f64]) {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            "{method}: entry {k} is {g}, the generated one {w}"
        );
    }
}

fn second_order(c: &mut Criterion) {
    let (x, v) = (point::<100>(), direction::<100>());
    let mut hv = [0.0; 100];
    let (value, grad) = n100::rosenbrock_hvp(x, &v, &mut hv);
    let (want_value, want_grad) = n100::rosenbrock_grad(x);
    assert!(
        value == want_value && grad == want_grad,
        "f_hvp's gradient is f_grad's"
    );
    let mut group = c.benchmark_group("second_order_hvp_100");
    group.bench_function("grad", |b| b.iter(|| n100::rosenbrock_grad(*black_box(&x))));
    group.bench_function("hvp", |b| {
        b.iter(|| {
            let mut hv = [0.0; 100];
            let out = n100::rosenbrock_hvp(*black_box(&x), black_box(&v), &mut hv);
            (out, hv)
        })
    });
    group.bench_function("hand_written_hvp", |b| {
        b.iter(|| n100::hand_written_hvp(*black_box(&x), *black_box(&v)))
    });
    group.finish();

    let x = point::<10>();
    let mut generated = [0.0; 100];
    let _ = n10::rosenbrock_hessian(x, &mut generated);
    check("num_dual", &dual_hessian(x), &generated);
    let by_hand: Vec<f64> = argmin_testfunctions::rosenbrock_hessian(&x).concat();
    check("hand_written", &by_hand, &generated);
    check(
        "hand_written_array",
        &n10::hand_written_hessian(x).2,
        &generated,
    );
    let mut group = c.benchmark_group("second_order_hessian_10");
    group.bench_function("generated_hessian", |b| {
        b.iter(|| {
            let mut h = [0.0; 100];
            let out = n10::rosenbrock_hessian(*black_box(&x), &mut h);
            (out, h)
        })
    });
    group.bench_function("num_dual", |b| b.iter(|| dual_hessian(*black_box(&x))));
    group.bench_function("hand_written", |b| {
        b.iter(|| argmin_testfunctions::rosenbrock_hessian(black_box(&x)))
    });
    group.bench_function("hand_written_array", |b| {
        b.iter(|| n10::hand_written_hessian(*black_box(&x)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = second_order
}
criterion_main!(benches);
