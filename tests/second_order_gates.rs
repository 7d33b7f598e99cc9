//! Second derivatives through the activation and loss gates, `#[differentiate(hessian)]`:
//! `gelu`, `elu` and `leaky_relu` in a small layer (their shape parameters
//! differentiated too), a Huber regression, each checked at points on both sides of
//! every kink (never on one) against num-dual's hyper-dual numbers entry by entry,
//! `f_hvp` against `f_hessian · v`, and the Hessian for symmetry.

mod common;

use backprop::{differentiate, elu, gelu, huber, leaky_relu};
use common::assert_close;
use num_dual::{DualNum, HyperDual64};

type D = HyperDual64;

/// The entry `(i, j)` of the Hessian of `twin` at `x`, by one hyper-dual evaluation.
fn dual_entry(twin: &dyn Fn(&[D]) -> D, x: &[f64], i: usize, j: usize) -> f64 {
    let seeded: Vec<D> = x
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            D::new(
                x,
                f64::from(u8::from(k == i)),
                f64::from(u8::from(k == j)),
                0.0,
            )
        })
        .collect();
    twin(&seeded).eps1eps2
}

/// Checks a flat Hessian `h` at `x` against num-dual, for symmetry, and `f_hvp` (flat,
/// `hvp(v, hv)`) against `h v`.
fn check(
    name: &str,
    x: &[f64],
    h: &[f64],
    hvp: &dyn Fn(&[f64], &mut [f64]),
    twin: &dyn Fn(&[D]) -> D,
) {
    let n = x.len();
    for i in 0..n {
        for j in 0..n {
            let at = format!("{name} at {x:?}: H[{i}][{j}]");
            assert_close(&at, h[i * n + j], dual_entry(twin, x, i, j), 1e-9);
            assert_close(
                &format!("{at} symmetric"),
                h[i * n + j],
                h[j * n + i],
                1e-12,
            );
        }
    }
    let v: Vec<f64> = (0..n)
        .map(|k| 0.3 + 0.7 * (k as f64) - 0.2 * (k * k) as f64)
        .collect();
    let mut hv = vec![0.0; n];
    hvp(&v, &mut hv);
    for i in 0..n {
        let want: f64 = (0..n).map(|j| h[i * n + j] * v[j]).sum();
        assert_close(&format!("{name} at {x:?}: (Hv)[{i}]"), hv[i], want, 1e-10);
    }
}

/// Three units of one input with different activations, their shape parameters
/// (`alpha` of ELU, the leak of leaky ReLU) learned with the weights.
#[differentiate(hessian, wrt(w, b, alpha, leak))]
fn activations(w: f64, b: f64, alpha: f64, leak: f64, x: f64) -> f64 {
    let z = w * x + b;
    gelu(z) + elu(z - 0.5, alpha) * w + leaky_relu(z + 0.25, leak) * leak
}

fn activations_twin(p: &[D], x: f64) -> D {
    let (w, b, alpha, leak) = (p[0], p[1], p[2], p[3]);
    let z = w * x + b;
    let gelu = z * 0.5 * ((z + z.powi(3) * 0.044_715) * 0.797_884_560_802_865_4).tanh() + z * 0.5;
    let shifted = z - 0.5;
    let elu = if shifted.re > 0.0 {
        shifted
    } else {
        alpha * shifted.exp_m1()
    };
    let lifted = z + 0.25;
    let leaky = if lifted.re > 0.0 {
        lifted
    } else {
        leak * lifted
    };
    gelu + elu * w + leaky * leak
}

#[test]
fn gelu_elu_and_leaky_relu() {
    // z = w x + b on both sides of 0.5 and of -0.25.
    for (p, x) in [
        ([0.8, 0.3, 1.2, 0.1], 1.5),
        ([0.8, 0.3, 1.2, 0.1], -0.2),
        ([-1.1, 0.2, 0.7, 0.05], 1.3),
        ([0.4, -0.9, 1.5, 0.2], 0.5),
    ] {
        let mut h = [0.0; 16];
        let (value, grad) = activations_hessian(p[0], p[1], p[2], p[3], x, &mut h);
        assert_eq!(value, activations(p[0], p[1], p[2], p[3], x));
        let (_, plain) = activations_grad(p[0], p[1], p[2], p[3], x);
        assert_eq!(grad, plain);
        let hvp = |v: &[f64], hv: &mut [f64]| {
            let _ = activations_hvp(p[0], p[1], p[2], p[3], x, v, hv);
        };
        check("activations", &p, &h, &hvp, &|d| activations_twin(d, x));
    }
}

/// A robust line fit: the Huber loss of each residual, its threshold `delta` a
/// parameter too.
#[differentiate(hessian, wrt(slope, intercept, delta))]
fn huber_fit(slope: f64, intercept: f64, delta: f64, xs: [f64; 4], ys: [f64; 4]) -> f64 {
    let mut loss = 0.0;
    for i in 0..4 {
        loss += huber(slope * xs[i] + intercept - ys[i], delta);
    }
    loss
}

const XS: [f64; 4] = [-1.0, 0.0, 1.0, 2.0];
const YS: [f64; 4] = [-1.9, 0.3, 2.4, 3.1];

fn huber_twin(p: &[D]) -> D {
    let (slope, intercept, delta) = (p[0], p[1], p[2]);
    XS.iter().zip(YS).fold(D::from(0.0), |loss, (&x, y)| {
        let r = slope * x + intercept - y;
        let size = if r.re < 0.0 { -r } else { r };
        let piece = if size.re <= delta.re {
            r * r * 0.5
        } else {
            delta * (size - delta * 0.5)
        };
        loss + piece
    })
}

#[test]
fn huber_regression() {
    // Residuals inside and outside the threshold, none on it.
    for p in [[1.5, 0.1, 0.6], [2.2, -0.4, 0.35], [0.9, 0.5, 2.0]] {
        let mut h = [0.0; 9];
        let (value, _) = huber_fit_hessian(p[0], p[1], p[2], XS, YS, &mut h);
        assert_eq!(value, huber_fit(p[0], p[1], p[2], XS, YS));
        let hvp = |v: &[f64], hv: &mut [f64]| {
            let _ = huber_fit_hvp(p[0], p[1], p[2], XS, YS, v, hv);
        };
        check("huber_fit", &p, &h, &hvp, &huber_twin);
    }
}
