//! The ADBench GMM objective (`benches/adbench/gmm.rs`): its generated gradient agrees with
//! a hand-written reverse sweep, `num-dual`, a `reverse` tape and central differences at
//! random parameters, and the objective reproduces ADBench's own expected values on
//! ADBench's test input.

#[path = "../benches/adbench/gmm.rs"]
mod gmm;

use gmm::{d10_k5, d2_k3_n1, d2_k5};

/// The error measure of `backprop::check`: `|a − b| / max(1, |a|, |b|)`.
fn error(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1.0)
}

/// The largest [`error`] between two value-and-gradient pairs (gradients flattened in
/// ADBench's order), and where it is (`None` for the value, `Some(i)` for entry `i`).
fn largest_error(got: (f64, &[f64]), want: (f64, &[f64])) -> (f64, Option<usize>) {
    assert_eq!(got.1.len(), want.1.len(), "gradient lengths differ");
    let mut worst = (error(got.0, want.0), None);
    for (i, (&g, &w)) in got.1.iter().zip(want.1).enumerate() {
        let e = error(g, w);
        // A NaN counts as the worst, and the first one found stays.
        if !worst.0.is_nan() && (e.is_nan() || e > worst.0) {
            worst = (e, Some(i));
        }
    }
    worst
}

/// Panics unless `got` agrees with `want` to `tolerance` ([`error`]).
fn assert_close(what: &str, got: (f64, &[f64]), want: (f64, &[f64]), tolerance: f64) {
    let (worst, at) = largest_error(got, want);
    let (g, w) = match at {
        None => (got.0, want.0),
        Some(i) => (got.1[i], want.1[i]),
    };
    assert!(
        worst <= tolerance,
        "{what}: error {worst:e} > {tolerance:e} at {}: {g:e} vs {w:e}",
        at.map_or("the value".to_string(), |i| format!("gradient entry {i}")),
    );
}

/// Agreement demanded between exact methods: they differ by rounding only (the largest
/// difference seen is 6e-15).
const EXACT: f64 = 1e-12;
/// Agreement demanded of central differences: their rounding error is about `ε |f| / h`,
/// `3e-11 |f|` with the step `h = cbrt(ε)`, and `|f|` is in the hundreds at `d = 10` (the
/// largest error seen is 2e-8 there, 8e-11 at `d = 2`).
const FINITE_DIFF: f64 = 1e-7;

/// Checks, for one size, that every method agrees with the generated gradient at the
/// instances given by `seeds`, and that the generated value is the plain function's.
macro_rules! check_size {
    ($size:ident, $seeds:expr, $prior:expr) => {{
        use $size::{flatten, Instance};
        let tape = reverse::Tape::new();
        for seed in $seeds {
            let (gamma, m) = $prior;
            let instance = Instance::random(seed, gamma, m);
            let what = |method: &str| {
                format!(
                    "{}, seed {seed}, gamma {gamma}, m {m}: {method}",
                    stringify!($size)
                )
            };
            let (value, grad) = instance.generated();
            let want = flatten(&grad.alphas, &grad.means, &grad.icf);
            let want = (value, &want[..]);
            assert_eq!(value, instance.objective(), "{}", what("generated value"));
            let methods: [(&str, (f64, _), f64); 5] = [
                ("generated_reference", instance.generated_reference(), EXACT),
                ("hand_written", instance.hand_written(), EXACT),
                ("num_dual", instance.num_dual(), EXACT),
                ("tape_reverse", instance.tape(&tape), EXACT),
                ("finite_diff", instance.finite_diff(), FINITE_DIFF),
            ];
            for (method, (v, g), tolerance) in methods {
                let got = flatten(&g.alphas, &g.means, &g.icf);
                assert_close(&what(method), (v, &got), want, tolerance);
            }
        }
    }};
}

/// Runs `f` on a thread with a 256 MiB stack: `num_dual_grad` at `d = 10` holds vectors of
/// 330 dual numbers 330 derivatives wide (870 kB each) on the stack, and the debug build
/// copies them a few times.
fn with_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the check panicked");
}

#[test]
fn all_methods_agree_d2_k5() {
    check_size!(d2_k5, 0..5, (1.0, 0));
    check_size!(d2_k5, 5..8, (1.7, 3));
}

#[test]
fn all_methods_agree_d10_k5() {
    with_big_stack(|| {
        check_size!(d10_k5, 0..2, (1.0, 0));
        check_size!(d10_k5, 2..3, (0.6, 2));
    });
}

#[test]
fn all_methods_agree_d2_k3_n1() {
    check_size!(d2_k3_n1, 0..5, (1.3, 1));
}

/// The parameters of ADBench's test input `data/gmm/test.txt` (d = 2, k = 3, n = 1,
/// gamma = 1, m = 0). That file is copied by ADBench's
/// `test/cpp/modules/common/CMakeLists.txt` to `gmmtest.txt`; its parameters are those of
/// ADBench's `gmm_instances/gmm1.txt` (`2 3 100`), with its first point only:
/// the objective and all 18 gradient entries below are reproduced from them.
fn adbench_test_input() -> d2_k3_n1::Instance {
    d2_k3_n1::Instance {
        alphas: [-0.649014, 1.181166, -0.758453],
        means: [
            [0.092339, 0.186260],
            [0.345561, 0.396767],
            [0.538817, 0.419195],
        ],
        icf: [
            [0.586443, -0.851887, 0.800321],
            [-1.509405, 0.875874, -0.242790],
            [0.166813, -1.965419, -1.270071],
        ],
        x: [[1.175171, 2.029160]],
        wishart_gamma: 1.0,
        wishart_m: 0,
    }
}

/// ADBench's expected objective for its test input, from
/// `test/cpp/modules/common/GmmTests.cpp` (`ObjectiveCalculationCorrectness`; the same
/// number is in `test/python/modules/common/gmm_tests.py`), digit for digit.
#[allow(clippy::excessive_precision)]
const ADBENCH_OBJECTIVE: f64 = 8.07380408004975791e+00;

/// ADBench's expected gradient for its test input, in ADBench's order (alphas, means, icf),
/// from `test/cpp/modules/common/GmmTests.cpp` (`JacobianCalculationCorrectness`), digit
/// for digit.
#[allow(clippy::excessive_precision)]
const ADBENCH_GRADIENT: [f64; 18] = [
    1.08662855508652456e-01,
    -7.41270039523898472e-01,
    6.32607184015246071e-01,
    1.11692576532787013e+00,
    1.63333013551455269e-01,
    -2.19989824071193142e-02,
    2.27778292254236098e-01,
    1.20963025612832187e+00,
    -6.06375920733956339e-02,
    2.58529994051162237e+00,
    1.12632694524213789e-01,
    3.85744309849611777e-01,
    7.35180573182305508e-02,
    5.41836362715595232e+00,
    -3.21494409677446469e-01,
    1.71892309775004937e+00,
    8.60091090790866875e-01,
    -9.94640930466322848e-01,
];

#[test]
fn reproduces_adbench_test_expectations() {
    let instance = adbench_test_input();
    let want = (ADBENCH_OBJECTIVE, &ADBENCH_GRADIENT[..]);
    // ADBench asserts 1e-5 on the objective and 1e-8 on each gradient entry; we demand
    // 1e-12. (ADBench's π is 3.14159265359, ours `std::f64::consts::PI`: 1e-13 apart in
    // the value.)
    let tape = reverse::Tape::new();
    for (method, (value, grad)) in [
        ("generated", instance.generated()),
        ("hand_written", instance.hand_written()),
        ("num_dual", instance.num_dual()),
        ("tape_reverse", instance.tape(&tape)),
    ] {
        let got = d2_k3_n1::flatten(&grad.alphas, &grad.means, &grad.icf);
        assert_close(method, (value, &got), want, 1e-12);
    }
    let (value, grad) = instance.finite_diff();
    let got = d2_k3_n1::flatten(&grad.alphas, &grad.means, &grad.icf);
    assert_close("finite_diff", (value, &got), want, FINITE_DIFF);
    assert!((instance.objective() - ADBENCH_OBJECTIVE).abs() < 1e-12);
}

/// The comparison above can fail: a gradient off by 1e-9 in one entry, or a NaN, is
/// caught.
#[test]
fn a_wrong_gradient_is_caught() {
    let instance = adbench_test_input();
    let (value, grad) = instance.generated();
    let mut wrong = d2_k3_n1::flatten(&grad.alphas, &grad.means, &grad.icf);
    wrong[13] += 1e-9;
    let want = (ADBENCH_OBJECTIVE, &ADBENCH_GRADIENT[..]);
    let (worst, at) = largest_error((value, &wrong), want);
    assert!(worst > 1e-10 && at == Some(13), "{worst:e} at {at:?}");
    let result = std::panic::catch_unwind(|| assert_close("wrong", (value, &wrong), want, 1e-12));
    assert!(result.is_err(), "assert_close accepted a wrong gradient");
    wrong[13] = f64::NAN;
    assert_eq!(largest_error((value, &wrong), want).1, Some(13));
}

/// `lower_index` lists the strictly lower triangle column by column, right after the
/// diagonal, as ADBench's `Qtimesx` reads it.
#[test]
fn lower_triangle_is_column_major() {
    let d = 4;
    let mut expected = d;
    for col in 0..d {
        for row in col + 1..d {
            assert_eq!(gmm::lower_index(d, row, col), expected);
            expected += 1;
        }
    }
    assert_eq!(expected, d * (d + 1) / 2);
}

#[test]
fn ln_gamma_at_half_integers() {
    let sqrt_pi = std::f64::consts::PI.sqrt();
    for (a, gamma) in [
        (0.5, sqrt_pi),
        (1.0, 1.0),
        (1.5, 0.5 * sqrt_pi),
        (3.5, 15.0 / 8.0 * sqrt_pi),
        (5.0, 24.0),
    ] {
        let got = gmm::ln_gamma_half_integer(a);
        assert!((got - f64::ln(gamma)).abs() < 1e-14, "ln Γ({a}) = {got}");
    }
}
