//! Two ADBench objectives (Srajer, Baran, Fitzgibbon 2018, github `microsoft/ADBench`):
//! what their derivatives cost from `#[differentiate]`, next to the other ways of getting
//! them.
//!
//! - `ba`: bundle adjustment, one observation's block of ADBench's Jacobian: the two
//!   reprojection residuals' 2 × 15 Jacobian with respect to the camera (11), the point (3)
//!   and the weight, plus the weight residual's derivative (`benches/adbench/ba.rs`);
//! - `lstm`: the LSTM loss, 2 layers of 14 units over the first 4 characters of ADBench's
//!   test text (3 time steps), its gradient with respect to 266 parameters
//!   (`benches/adbench/lstm.rs`);
//! - `lstm_c1024`: the same over ADBench's full test sequence, 1024 characters.
//!
//! Methods (criterion benchmark ids): `plain` (the objective as written, the floor),
//! `generated` (`*_jacobian` / `*_grad` from `#[differentiate]`), `hand_written` (a staged
//! forward pass and a hand-derived reverse sweep), `num_dual` (forward mode, one pass with
//! a 15- or 266-wide dual number), `tape_reverse` (the `reverse` crate, tape reused),
//! `finite_diff` (central differences of `plain`).
//!
//! Before anything is timed, every method's values and derivatives are checked against
//! the generated ones (1e-9 relative for the exact methods, 1e-6 for differences), so a
//! wrong method cannot be timed by mistake.
//!
//! Run: `cargo bench --bench ba_lstm`, then `python3 benches/report.py` for tables.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use reverse::Tape;

#[path = "adbench/ba.rs"]
mod ba;

// `reference` and the generated `_forward`/`_backward` items are for the tests.
#[allow(dead_code)]
#[path = "adbench/lstm.rs"]
mod lstm;

/// Panics unless every value of `got` is within `tol · max(floor, |want|)` of `want`.
fn assert_agrees(what: &str, got: &[f64], want: &[f64], tol: f64, floor: f64) {
    assert_eq!(got.len(), want.len(), "{what}: lengths differ");
    for (k, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol * w.abs().max(floor),
            "{what}: entry {k} is {g:e} but generated gives {w:e}"
        );
    }
}

fn bench_ba(c: &mut Criterion) {
    let o = ba::observations()[0];
    let want = ba::generated(&o).flat();
    let (err, w_err) = ba::plain(&o);
    assert_agrees("ba/plain", &[err[0], err[1], w_err], &want[..3], 1e-12, 1.0);
    let tape = Tape::new();
    assert_agrees(
        "ba/hand_written",
        &ba::hand_written(&o).flat(),
        &want,
        1e-9,
        1.0,
    );
    assert_agrees("ba/num_dual", &ba::num_dual(&o).flat(), &want, 1e-9, 1.0);
    assert_agrees(
        "ba/tape_reverse",
        &ba::tape(&tape, &o).flat(),
        &want,
        1e-9,
        1.0,
    );
    assert_agrees(
        "ba/finite_diff",
        &ba::finite_diff(&o).flat(),
        &want,
        1e-6,
        1.0,
    );

    let mut group = c.benchmark_group("ba");
    group.bench_function("plain", |b| b.iter(|| ba::plain(black_box(&o))));
    group.bench_function("generated", |b| b.iter(|| ba::generated(black_box(&o))));
    group.bench_function("hand_written", |b| {
        b.iter(|| ba::hand_written(black_box(&o)))
    });
    group.bench_function("num_dual", |b| b.iter(|| ba::num_dual(black_box(&o))));
    group.bench_function("tape_reverse", |b| {
        b.iter(|| ba::tape(&tape, black_box(&o)))
    });
    group.bench_function("finite_diff", |b| b.iter(|| ba::finite_diff(black_box(&o))));
    group.finish();
}

/// Value then gradient, flat.
fn lstm_flat((value, grad): (f64, lstm::Params)) -> Vec<f64> {
    std::iter::once(value).chain(grad.flat()).collect()
}

/// The parameters of `inst`, for finite differences.
fn lstm_at<const C: usize>(inst: &lstm::Instance<C>) -> lstm::Params {
    lstm::Params {
        main: inst.main,
        extra: inst.extra,
    }
}

fn bench_lstm(c: &mut Criterion) {
    let inst = lstm::adbench_instance::<4>();
    let plain = |main: &lstm::Main, extra: &lstm::Extra| {
        lstm::objective_c4(*main, *extra, inst.state, inst.sequence)
    };
    let want = lstm_flat(lstm::generated_c4(&inst));
    let tape = Tape::new();
    let at = lstm_at(&inst);
    assert_agrees(
        "lstm/plain",
        &[plain(&at.main, &at.extra)],
        &want[..1],
        1e-12,
        1.0,
    );
    let exact = [
        ("hand_written", lstm::hand_written(&inst)),
        ("num_dual", lstm::num_dual(&inst)),
        ("tape_reverse", lstm::tape(&tape, &inst)),
    ];
    for (method, got) in exact {
        assert_agrees(
            &format!("lstm/{method}"),
            &lstm_flat(got),
            &want,
            1e-9,
            1e-3,
        );
    }
    let fd = lstm::finite_diff(plain, &at);
    assert_agrees("lstm/finite_diff", &lstm_flat(fd), &want, 1e-6, 1e-3);

    let mut group = c.benchmark_group("lstm");
    group.bench_function("plain", |b| {
        b.iter(|| {
            let i = black_box(&inst);
            lstm::objective_c4(i.main, i.extra, i.state, i.sequence)
        })
    });
    group.bench_function("generated", |b| {
        b.iter(|| lstm::generated_c4(black_box(&inst)))
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| lstm::hand_written(black_box(&inst)))
    });
    group.bench_function("num_dual", |b| b.iter(|| lstm::num_dual(black_box(&inst))));
    group.bench_function("tape_reverse", |b| {
        b.iter(|| lstm::tape(&tape, black_box(&inst)))
    });
    group.bench_function("finite_diff", |b| {
        b.iter(|| lstm::finite_diff(plain, black_box(&at)))
    });
    group.finish();
}

fn bench_lstm_c1024(c: &mut Criterion) {
    // Boxed: the instance is 115 kB, and every call below copies it by value anyway.
    let inst = Box::new(lstm::adbench_instance::<1024>());
    let plain = |main: &lstm::Main, extra: &lstm::Extra| {
        lstm::objective_c1024(*main, *extra, inst.state, inst.sequence)
    };
    let want = lstm_flat(lstm::generated_c1024(&inst));
    let tape = Tape::new();
    let at = lstm_at(&inst);
    assert_agrees(
        "lstm_c1024/plain",
        &[plain(&at.main, &at.extra)],
        &want[..1],
        1e-12,
        1.0,
    );
    let exact = [
        ("hand_written", lstm::hand_written(&inst)),
        ("num_dual", lstm::num_dual(&inst)),
        ("tape_reverse", lstm::tape(&tape, &inst)),
    ];
    for (method, got) in exact {
        assert_agrees(
            &format!("lstm_c1024/{method}"),
            &lstm_flat(got),
            &want,
            1e-9,
            1e-3,
        );
    }
    let fd = lstm::finite_diff(plain, &at);
    assert_agrees("lstm_c1024/finite_diff", &lstm_flat(fd), &want, 1e-6, 1e-3);

    let mut group = c.benchmark_group("lstm_c1024");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("plain", |b| {
        b.iter(|| {
            let i = black_box(&inst);
            lstm::objective_c1024(i.main, i.extra, i.state, i.sequence)
        })
    });
    group.bench_function("generated", |b| {
        b.iter(|| lstm::generated_c1024(black_box(&inst)))
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| lstm::hand_written(black_box(&inst)))
    });
    group.bench_function("num_dual", |b| b.iter(|| lstm::num_dual(black_box(&inst))));
    group.bench_function("tape_reverse", |b| {
        b.iter(|| lstm::tape(&tape, black_box(&inst)))
    });
    group.bench_function("finite_diff", |b| {
        b.iter(|| lstm::finite_diff(plain, black_box(&at)))
    });
    group.finish();
}

criterion_group!(benches, bench_ba, bench_lstm, bench_lstm_c1024);
criterion_main!(benches);
