//! ADBench's bundle-adjustment and LSTM objectives (`benches/adbench/`): the generated
//! derivatives against a hand-written reverse sweep, num-dual, a `reverse` tape and
//! central differences at several points, and against what ADBench's own tests publish.

#[path = "../benches/adbench/ba.rs"]
mod ba;

#[allow(dead_code)] // the benchmark's `c = 4` entry points
#[path = "../benches/adbench/lstm.rs"]
mod lstm;

use reverse::Tape;

/// Where `got` and `want` differ by more than `tol · max(floor, |want|)`, as
/// `(index, got, want)`.
fn mismatches(got: &[f64], want: &[f64], tol: f64, floor: f64) -> Vec<(usize, f64, f64)> {
    assert_eq!(got.len(), want.len(), "lengths differ");
    got.iter()
        .zip(want)
        .enumerate()
        .filter(|(_, (&g, &w))| {
            // Written so that a NaN on either side is a mismatch.
            let within = (g - w).abs() <= tol * w.abs().max(floor);
            !within
        })
        .map(|(k, (&g, &w))| (k, g, w))
        .collect()
}

/// Panics, naming `what`, unless `got` agrees with `want` (see [`mismatches`]).
fn assert_agrees(what: &str, got: &[f64], want: &[f64], tol: f64, floor: f64) {
    let bad = mismatches(got, want, tol, floor);
    assert!(
        bad.is_empty(),
        "{what}: {} of {} values differ (index, got, want): {:?}",
        bad.len(),
        got.len(),
        &bad[..bad.len().min(8)]
    );
}

/// Runs `f` on a thread with a large stack (num-dual's 266-wide duals live on the stack).
fn with_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// Bundle adjustment
// ---------------------------------------------------------------------------------------

#[test]
fn ba_every_method_agrees_with_the_generated_jacobian() {
    let tape = Tape::new();
    for (n, o) in ba::observations().iter().enumerate() {
        let want = ba::generated(o);
        let (err, w_err) = ba::plain(o);
        assert_eq!(
            (err, w_err),
            (want.err, want.w_err),
            "observation {n}: values"
        );
        let want = want.flat();
        let exact = [
            ("hand_written", ba::hand_written(o)),
            ("num_dual", ba::num_dual(o)),
            ("tape_reverse", ba::tape(&tape, o)),
        ];
        for (method, block) in exact {
            assert_agrees(
                &format!("ba observation {n}: {method}"),
                &block.flat(),
                &want,
                1e-12,
                1.0,
            );
        }
        assert_agrees(
            &format!("ba observation {n}: finite_diff"),
            &ba::finite_diff(o).flat(),
            &want,
            1e-7,
            1.0,
        );
    }
}

#[test]
fn ba_zero_rotation_takes_adbenchs_first_order_branch() {
    // At r = 0 exactly ADBench rotates by X + r × X; its derivative is the rotation's
    // derivative at 0, which central differences (stepping into the other branch) see.
    let o = ba::observations()[2];
    assert_eq!(o.cam[..3], [0.0, 0.0, 0.0]);
    let generated = ba::generated(&o);
    assert_agrees(
        "ba at r = 0",
        &generated.flat(),
        &ba::finite_diff(&o).flat(),
        1e-7,
        1.0,
    );
    // And the derivative with respect to r is not zero (the branch is differentiated).
    assert!(generated.jac[0][..3].iter().any(|d| d.abs() > 1.0));
}

/// What ADBench's tests publish for its BA test instance (`data/ba/test.txt`, 10
/// observations of one camera, point, weight and feature), from
/// `test/cpp/modules/common/BaTests.cpp` (also `test/python/modules/common/ba_tests.py`).
/// The instance file itself is not in the sources available here, so only the entries
/// that follow from its weight `w = 0.417022` alone (readable from `J.vals[7]`) are
/// reproduced: the weight error, its derivative, the principal-point derivatives, and
/// that the point's derivatives are the negated camera-center ones.
#[test]
#[allow(clippy::excessive_precision)] // ADBench's literals, as published
fn ba_reproduces_adbenchs_published_weight_entries() {
    let mut o = ba::observations()[0];
    o.w = 0.417022;
    let block = ba::generated(&o);
    // output.w_err[i] == 8.26092651515999976e-01
    assert!((block.w_err - 8.26092651515999976e-01).abs() < 1e-15);
    // J.vals[307..=309] == -8.34044000000000008e-01 (∂w_err/∂w, rows 20..29)
    assert!((block.d_w_err - -8.34044000000000008e-01).abs() < 1e-15);
    // J.vals[7] == 4.17022000000000004e-01 (∂err0/∂u0), J.vals[8] == 0 (∂err0/∂v0)
    assert_eq!(block.jac[0][7], 4.17022000000000004e-01);
    assert_eq!(block.jac[0][8], 0.0);
    // J.vals[11] == -J.vals[3], J.vals[12] == -J.vals[4]: ∂err/∂X = -∂err/∂C
    for row in &block.jac {
        for i in 0..3 {
            assert!((row[ba::NCAM + i] + row[3 + i]).abs() <= 1e-12 * row[3 + i].abs());
        }
    }
}

#[test]
fn ba_check_catches_a_wrong_jacobian_entry() {
    // The comparison the tests rely on fails when one entry is off by one part in 10⁹.
    let o = ba::observations()[0];
    let mut wrong = ba::hand_written(&o);
    wrong.jac[1][4] *= 1.0 + 1e-9;
    let bad = mismatches(&wrong.flat(), &ba::generated(&o).flat(), 1e-12, 1.0);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, 3 + ba::NIN + 4);
}

// ---------------------------------------------------------------------------------------
// LSTM
// ---------------------------------------------------------------------------------------

/// ADBench's instance with 4 characters from `offset` in its text, and its parameters
/// moved to `p + shift + scale · sin(k)` (parameter `k` in flat order).
fn lstm_point(offset: usize, shift: f64, scale: f64) -> lstm::Instance<4> {
    let mut inst = lstm::adbench_instance::<4>();
    let text: String = lstm::data::TEXT.chars().skip(offset).collect();
    inst.sequence = lstm::sequence_from_text(&text);
    let moved: Vec<f64> = lstm::Params {
        main: inst.main,
        extra: inst.extra,
    }
    .flat()
    .iter()
    .enumerate()
    .map(|(k, p)| p + shift + scale * (k as f64).sin())
    .collect();
    let p = lstm::Params::from_flat(&moved);
    inst.main = p.main;
    inst.extra = p.extra;
    inst
}

/// The objective with 4 characters as a function of the parameters, for differences.
fn lstm_plain_c4(inst: &lstm::Instance<4>) -> impl Fn(&lstm::Main, &lstm::Extra) -> f64 + '_ {
    |main, extra| lstm::objective_c4(*main, *extra, inst.state, inst.sequence)
}

#[test]
fn lstm_every_method_agrees_with_the_generated_gradient() {
    with_big_stack(|| {
        let tape = Tape::new();
        let points = [
            lstm_point(0, 0.0, 0.0),
            lstm_point(37, 0.0, 0.0),
            lstm_point(131, -0.4, 0.8),
            lstm_point(500, 0.3, 1.5),
        ];
        for (n, inst) in points.iter().enumerate() {
            let (value, grad) = lstm::generated_c4(inst);
            let want: Vec<f64> = std::iter::once(value).chain(grad.flat()).collect();
            let flat = |(v, g): (f64, lstm::Params)| -> Vec<f64> {
                std::iter::once(v).chain(g.flat()).collect()
            };
            let plain = lstm::objective_c4(inst.main, inst.extra, inst.state, inst.sequence);
            assert_eq!(plain, value, "point {n}: value");
            assert!((lstm::reference(inst) - value).abs() < 1e-14, "point {n}");
            for (method, got) in [
                ("hand_written", lstm::hand_written(inst)),
                ("num_dual", lstm::num_dual(inst)),
                ("tape_reverse", lstm::tape(&tape, inst)),
            ] {
                assert_agrees(
                    &format!("lstm point {n}: {method}"),
                    &flat(got),
                    &want,
                    1e-12,
                    1e-3,
                );
            }
            let at = lstm::Params {
                main: inst.main,
                extra: inst.extra,
            };
            let fd = lstm::finite_diff(lstm_plain_c4(inst), &at);
            assert_agrees(
                &format!("lstm point {n}: finite_diff"),
                &flat(fd),
                &want,
                1e-6,
                1e-3,
            );
        }
    });
}

/// ADBench's test instance at full length (2 layers, 14 units, 1024 characters, 1023
/// steps), with the parameters of `data/lstm/lstm_l2_c1024.txt` as stored at commit
/// `02cdd9f` (the text version of the file; see `benches/adbench/lstm_data.rs`).
///
/// ADBench's tests (`test/cpp/modules/common/LstmTests.cpp`,
/// `test/python/modules/common/lstm_tests.py`) publish the objective `0.66666518` and the
/// 266-entry gradient for the later, numeric version of that file, whose parameters were
/// drawn again by `data/lstm/gen_data.py` (unseeded `np.random.random`) and are not
/// available here, so those numbers cannot be reproduced. What does carry over is the
/// sparsity of the published gradient, a property of the text alone: it is exactly zero at
/// indices 1..=6 (layer 0's forget weights), 29..=34 (layer 0's output weights) and
/// 225..=230 (input weights) — the bits 2¹²..2⁷ that no character of the text sets — and
/// nonzero at the 248 others.
#[test]
fn lstm_adbench_instance_full_length() {
    with_big_stack(|| {
        let inst = lstm::adbench_instance::<1024>();
        let (value, grad) = lstm::generated_c1024(&inst);
        let flat = grad.flat();
        // ADBench's own loops (arrays updated in place) give the same value.
        assert!((lstm::reference(&inst) - value).abs() < 1e-13);
        // So does an independent transcription of lstm.h in Python, run on the same file.
        assert!((value - 0.697207173829507).abs() < 1e-12, "value {value}");

        // The published gradient's zeros, and only those.
        let published_zeros: Vec<usize> = (1..=6).chain(29..=34).chain(225..=230).collect();
        let zeros: Vec<usize> = (0..lstm::NPARAMS).filter(|&k| flat[k] == 0.0).collect();
        assert_eq!(zeros, published_zeros);

        // The hand-written reverse sweep and the tape agree over all 1023 steps.
        let (hv, hg) = lstm::hand_written(&inst);
        assert!((hv - value).abs() < 1e-14);
        assert_agrees("lstm c1024: hand_written", &hg.flat(), &flat, 1e-11, 1e-3);
        let tape = Tape::new();
        let (tv, tg) = lstm::tape(&tape, &inst);
        assert!((tv - value).abs() < 1e-14);
        assert_agrees("lstm c1024: tape_reverse", &tg.flat(), &flat, 1e-11, 1e-3);

        // Central differences on a sample of parameters (every gate kind, both layers,
        // the extra parameters).
        let at = lstm::Params {
            main: inst.main,
            extra: inst.extra,
        };
        let sample = [0, 7, 20, 28, 50, 60, 99, 112, 150, 200, 223, 224, 240, 265];
        let fd = lstm::finite_diff_some(
            |main, extra| lstm::objective_c1024(*main, *extra, inst.state, inst.sequence),
            &at,
            sample.iter().copied(),
        )
        .flat();
        let got: Vec<f64> = sample.iter().map(|&k| flat[k]).collect();
        let want: Vec<f64> = sample.iter().map(|&k| fd[k]).collect();
        assert_agrees("lstm c1024: finite_diff sample", &got, &want, 1e-6, 1e-3);
    });
}

#[test]
fn lstm_sequence_encoding_is_adbenchs() {
    // 'T' = 84 = 0b1010100; '’' = 8217 = 0b10000000011001 (14 bits, most significant first).
    let seq = lstm::sequence_from_text::<2>("T’");
    let bits = |row: &[f64; 14]| -> String {
        row.iter()
            .map(|&b| if b == 1.0 { '1' } else { '0' })
            .collect()
    };
    assert_eq!(bits(&seq[0]), "00000001010100");
    assert_eq!(bits(&seq[1]), "10000000011001");
    assert_eq!(lstm::data::TEXT.chars().count(), 1024);
}

#[test]
fn lstm_check_catches_a_wrong_gradient_entry() {
    let inst = lstm_point(0, 0.0, 0.0);
    let (_, mut wrong) = lstm::hand_written(&inst);
    wrong.main[9][3] += 1e-12;
    let (_, right) = lstm::generated_c4(&inst);
    let bad = mismatches(&wrong.flat(), &right.flat(), 1e-12, 1e-3);
    assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), [9 * 14 + 3]);
}
