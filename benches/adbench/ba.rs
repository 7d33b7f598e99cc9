//! ADBench's bundle-adjustment objective for one observation, and six ways to get its
//! Jacobian.
//!
//! The objective is ADBench's (Srajer, Baran, Fitzgibbon 2018, github
//! `microsoft/ADBench`, `src/cpp/shared/ba.h`: `computeReprojError` and
//! `computeZachWeightError`), ported line by line to scalar Rust:
//!
//! ```text
//! Xcam = R(r) (X - C)                    Rodrigues rotation, angle-axis r = cam[0..3]
//! p    = Xcam[0..2] / Xcam[2]            projective to euclidean
//! p   *= 1 + k1 |p|² + k2 |p|⁴           radial distortion, k = cam[9..11]
//! proj = f p + (u0, v0)                  f = cam[6], principal point cam[7..9]
//! err  = w (proj - feat)                 two residuals
//! w_err = 1 - w²                         the weight's own residual
//! ```
//!
//! with ADBench's branch in the rotation: when `|r|² == 0` the point is rotated by the
//! first-order formula `X + r × X` instead of dividing by `|r|`.
//!
//! ADBench's Jacobian block for one observation is the 2 × 15 Jacobian of `err` with
//! respect to `cam` (11), `X` (3) and `w` (1), in that column order, plus `∂w_err/∂w`.
//! Each method below returns that block as a [`Block`]:
//!
//! - [`generated`]: `reproj_error_jacobian` and `weight_error_grad` from
//!   `#[differentiate]`;
//! - [`hand_written`]: a staged forward pass and a hand-derived reverse sweep, run once per
//!   residual (the same amount of work as the generated code);
//! - [`num_dual`]: forward mode, one pass with a 15-wide dual number;
//! - [`tape`]: a run-time tape (the `reverse` crate), one reverse sweep per residual;
//! - [`finite_diff`]: central differences, 30 evaluations of [`plain`].

// The index loops follow ADBench's C++ (and index several arrays at once).
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;
use nalgebra::SVector;
use num_dual::{DualNum, DualSVec64};
use reverse::{Gradient, Tape, Var};

/// Number of camera parameters: rotation (3), center (3), focal length (1), principal
/// point (2), radial distortion (2).
pub const NCAM: usize = 11;

/// Number of differentiated inputs of one observation: `cam`, `X` and `w`.
pub const NIN: usize = NCAM + 3 + 1;

/// The two reprojection residuals of one observation (ADBench's `computeReprojError`).
///
/// `cam` is `[r1 r2 r3 C1 C2 C3 f u0 v0 k1 k2]`, `x` the 3-D point, `w` the observation's
/// weight and `feat` the measured feature. The feature is data, not differentiated.
#[differentiate(wrt(cam, x, w))]
pub fn reproj_error(cam: [f64; 11], x: [f64; 3], w: f64, feat: [f64; 2]) -> (f64, f64) {
    // Xo = X - C
    let xo0 = x[0] - cam[3];
    let xo1 = x[1] - cam[4];
    let xo2 = x[2] - cam[5];
    // rodrigues_rotate_point(&cam[0], Xo, Xcam)
    let sqtheta = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
    let mut xcam0 = xo0;
    let mut xcam1 = xo1;
    let mut xcam2 = xo2;
    if sqtheta != 0.0 {
        let theta = sqtheta.sqrt();
        let costheta = theta.cos();
        let sintheta = theta.sin();
        let theta_inverse = 1.0 / theta;
        let w0 = cam[0] * theta_inverse;
        let w1 = cam[1] * theta_inverse;
        let w2 = cam[2] * theta_inverse;
        let w_cross_pt0 = w1 * xo2 - w2 * xo1;
        let w_cross_pt1 = w2 * xo0 - w0 * xo2;
        let w_cross_pt2 = w0 * xo1 - w1 * xo0;
        let tmp = (w0 * xo0 + w1 * xo1 + w2 * xo2) * (1.0 - costheta);
        xcam0 = xo0 * costheta + w_cross_pt0 * sintheta + w0 * tmp;
        xcam1 = xo1 * costheta + w_cross_pt1 * sintheta + w1 * tmp;
        xcam2 = xo2 * costheta + w_cross_pt2 * sintheta + w2 * tmp;
    } else {
        // rot_cross_pt: the first-order rotation Xo + r × Xo
        xcam0 += cam[1] * xo2 - cam[2] * xo1;
        xcam1 += cam[2] * xo0 - cam[0] * xo2;
        xcam2 += cam[0] * xo1 - cam[1] * xo0;
    }
    // projective2euclidean
    let p0 = xcam0 / xcam2;
    let p1 = xcam1 / xcam2;
    // radial_distort(&cam[9], proj)
    let rsq = p0 * p0 + p1 * p1;
    let l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
    let proj0 = p0 * l * cam[6] + cam[7];
    let proj1 = p1 * l * cam[6] + cam[8];
    (w * (proj0 - feat[0]), w * (proj1 - feat[1]))
}

/// The weight's residual `1 - w²` (ADBench's `computeZachWeightError`).
#[differentiate]
pub fn weight_error(w: f64) -> f64 {
    1.0 - w * w
}

/// One observation's values and Jacobian block, in ADBench's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    /// The two reprojection residuals.
    pub err: [f64; 2],
    /// The weight residual `1 - w²`.
    pub w_err: f64,
    /// `∂err[k] / ∂(cam, X, w)`: 11 camera columns, 3 point columns, 1 weight column.
    pub jac: [[f64; NIN]; 2],
    /// `∂w_err / ∂w`.
    pub d_w_err: f64,
}

impl Block {
    /// The 33 numbers (values then derivatives) as one vector, for comparisons.
    pub fn flat(&self) -> Vec<f64> {
        let mut v = vec![self.err[0], self.err[1], self.w_err];
        v.extend_from_slice(&self.jac[0]);
        v.extend_from_slice(&self.jac[1]);
        v.push(self.d_w_err);
        v
    }
}

/// One observation's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// `[r1 r2 r3 C1 C2 C3 f u0 v0 k1 k2]`.
    pub cam: [f64; NCAM],
    /// The 3-D point.
    pub x: [f64; 3],
    /// The observation's weight.
    pub w: f64,
    /// The measured feature.
    pub feat: [f64; 2],
}

impl Observation {
    /// The 15 differentiated inputs in ADBench's column order.
    pub fn inputs(&self) -> [f64; NIN] {
        let mut v = [0.0; NIN];
        v[..NCAM].copy_from_slice(&self.cam);
        v[NCAM..NCAM + 3].copy_from_slice(&self.x);
        v[NIN - 1] = self.w;
        v
    }

    /// The observation with its 15 differentiated inputs replaced by `v`.
    pub fn with_inputs(&self, v: &[f64; NIN]) -> Observation {
        let mut o = *self;
        o.cam.copy_from_slice(&v[..NCAM]);
        o.x.copy_from_slice(&v[NCAM..NCAM + 3]);
        o.w = v[NIN - 1];
        o
    }
}

/// The residuals only, as written (the floor every gradient is measured against).
#[inline]
pub fn plain(o: &Observation) -> ([f64; 2], f64) {
    let (e0, e1) = reproj_error(o.cam, o.x, o.w, o.feat);
    ([e0, e1], weight_error(o.w))
}

/// The Jacobian block from the generated `reproj_error_jacobian` and `weight_error_grad`.
#[inline]
pub fn generated(o: &Observation) -> Block {
    let ((e0, e1), rows) = reproj_error_jacobian(o.cam, o.x, o.w, o.feat);
    let (w_err, d) = weight_error_grad(o.w);
    let mut jac = [[0.0; NIN]; 2];
    for (row, g) in jac.iter_mut().zip(rows.iter()) {
        row[..NCAM].copy_from_slice(&g.cam);
        row[NCAM..NCAM + 3].copy_from_slice(&g.x);
        row[NIN - 1] = g.w;
    }
    Block {
        err: [e0, e1],
        w_err,
        jac,
        d_w_err: d.w,
    }
}

/// What the hand-written reverse sweep reads from the forward pass.
struct Forward {
    r: [f64; 3],
    xo: [f64; 3],
    /// Whether the rotation took ADBench's `sqtheta != 0` branch.
    rotated: bool,
    theta: f64,
    costheta: f64,
    sintheta: f64,
    theta_inverse: f64,
    wv: [f64; 3],
    w_cross_pt: [f64; 3],
    dot: f64,
    tmp: f64,
    inv_z: f64,
    p: [f64; 2],
    rsq: f64,
    l: f64,
    k: [f64; 2],
    f: f64,
    w: f64,
    diff: [f64; 2],
}

/// `a × b`.
#[inline]
fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// The staged forward pass: residuals and the intermediates the reverse sweep reads.
#[inline]
fn hand_forward(o: &Observation) -> ([f64; 2], Forward) {
    let cam = &o.cam;
    let r = [cam[0], cam[1], cam[2]];
    let xo = [o.x[0] - cam[3], o.x[1] - cam[4], o.x[2] - cam[5]];
    let sqtheta = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    let rotated = sqtheta != 0.0;
    let (mut theta, mut costheta, mut sintheta, mut theta_inverse) = (0.0, 1.0, 0.0, 0.0);
    let (mut wv, mut w_cross_pt, mut dot, mut tmp) = ([0.0; 3], [0.0; 3], 0.0, 0.0);
    let xcam;
    if rotated {
        theta = sqtheta.sqrt();
        costheta = theta.cos();
        sintheta = theta.sin();
        theta_inverse = 1.0 / theta;
        wv = [
            r[0] * theta_inverse,
            r[1] * theta_inverse,
            r[2] * theta_inverse,
        ];
        w_cross_pt = cross(wv, xo);
        dot = wv[0] * xo[0] + wv[1] * xo[1] + wv[2] * xo[2];
        tmp = dot * (1.0 - costheta);
        xcam = [
            xo[0] * costheta + w_cross_pt[0] * sintheta + wv[0] * tmp,
            xo[1] * costheta + w_cross_pt[1] * sintheta + wv[1] * tmp,
            xo[2] * costheta + w_cross_pt[2] * sintheta + wv[2] * tmp,
        ];
    } else {
        let rxp = cross(r, xo);
        xcam = [xo[0] + rxp[0], xo[1] + rxp[1], xo[2] + rxp[2]];
    }
    let inv_z = 1.0 / xcam[2];
    let p = [xcam[0] * inv_z, xcam[1] * inv_z];
    let rsq = p[0] * p[0] + p[1] * p[1];
    let k = [cam[9], cam[10]];
    let l = 1.0 + k[0] * rsq + k[1] * rsq * rsq;
    let f = cam[6];
    let proj = [p[0] * l * f + cam[7], p[1] * l * f + cam[8]];
    let diff = [proj[0] - o.feat[0], proj[1] - o.feat[1]];
    let err = [o.w * diff[0], o.w * diff[1]];
    let fw = Forward {
        r,
        xo,
        rotated,
        theta,
        costheta,
        sintheta,
        theta_inverse,
        wv,
        w_cross_pt,
        dot,
        tmp,
        inv_z,
        p,
        rsq,
        l,
        k,
        f,
        w: o.w,
        diff,
    };
    (err, fw)
}

/// The reverse sweep: `seed · ∂err/∂(cam, X, w)`, stage by stage from the residuals back
/// to the inputs.
#[inline]
fn hand_backward(fw: &Forward, seed: [f64; 2]) -> [f64; NIN] {
    let mut g = [0.0; NIN];
    // err = w (proj - feat)
    g[NIN - 1] = seed[0] * fw.diff[0] + seed[1] * fw.diff[1];
    let d_proj = [fw.w * seed[0], fw.w * seed[1]];
    // proj = p l f + (u0, v0)
    g[7] = d_proj[0];
    g[8] = d_proj[1];
    let d_dist = [d_proj[0] * fw.f, d_proj[1] * fw.f];
    g[6] = (d_proj[0] * fw.p[0] + d_proj[1] * fw.p[1]) * fw.l;
    // l = 1 + k1 rsq + k2 rsq²
    let d_l = d_dist[0] * fw.p[0] + d_dist[1] * fw.p[1];
    g[9] = d_l * fw.rsq;
    g[10] = d_l * fw.rsq * fw.rsq;
    let d_rsq = d_l * (fw.k[0] + 2.0 * fw.k[1] * fw.rsq);
    // rsq = p0² + p1², and p is also scaled by l directly
    let d_p = [
        d_dist[0] * fw.l + 2.0 * fw.p[0] * d_rsq,
        d_dist[1] * fw.l + 2.0 * fw.p[1] * d_rsq,
    ];
    // p = Xcam[0..2] / Xcam[2]
    let d_xcam = [
        d_p[0] * fw.inv_z,
        d_p[1] * fw.inv_z,
        -(d_p[0] * fw.p[0] + d_p[1] * fw.p[1]) * fw.inv_z,
    ];
    let mut d_xo;
    let mut d_r = [0.0; 3];
    if fw.rotated {
        // Xcam = Xo cos + (w × Xo) sin + w tmp
        d_xo = [
            d_xcam[0] * fw.costheta,
            d_xcam[1] * fw.costheta,
            d_xcam[2] * fw.costheta,
        ];
        let mut d_cos = 0.0;
        let mut d_sin = 0.0;
        let mut d_tmp = 0.0;
        let mut d_wv = [0.0; 3];
        let mut d_wxp = [0.0; 3];
        for i in 0..3 {
            d_cos += d_xcam[i] * fw.xo[i];
            d_sin += d_xcam[i] * fw.w_cross_pt[i];
            d_tmp += d_xcam[i] * fw.wv[i];
            d_wxp[i] = d_xcam[i] * fw.sintheta;
            d_wv[i] = d_xcam[i] * fw.tmp;
        }
        // tmp = (w · Xo) (1 - cos)
        let d_dot = d_tmp * (1.0 - fw.costheta);
        d_cos -= d_tmp * fw.dot;
        for i in 0..3 {
            d_wv[i] += d_dot * fw.xo[i];
            d_xo[i] += d_dot * fw.wv[i];
        }
        // w × Xo: (a × b)·g = a·(b × g) = b·(g × a)
        let d_wv_cross = cross(fw.xo, d_wxp);
        let d_xo_cross = cross(d_wxp, fw.wv);
        let mut d_theta_inverse = 0.0;
        for i in 0..3 {
            d_wv[i] += d_wv_cross[i];
            d_xo[i] += d_xo_cross[i];
            // w = r / theta
            d_r[i] = d_wv[i] * fw.theta_inverse;
            d_theta_inverse += d_wv[i] * fw.r[i];
        }
        let d_theta = -fw.theta_inverse * fw.theta_inverse * d_theta_inverse - fw.sintheta * d_cos
            + fw.costheta * d_sin;
        // theta = sqrt(r · r)
        let d_sqtheta = 0.5 / fw.theta * d_theta;
        for i in 0..3 {
            d_r[i] += 2.0 * fw.r[i] * d_sqtheta;
        }
    } else {
        // Xcam = Xo + r × Xo
        let d_r_cross = cross(fw.xo, d_xcam);
        let d_xo_cross = cross(d_xcam, fw.r);
        d_xo = [0.0; 3];
        for i in 0..3 {
            d_r[i] = d_r_cross[i];
            d_xo[i] = d_xcam[i] + d_xo_cross[i];
        }
    }
    // Xo = X - C
    for i in 0..3 {
        g[i] = d_r[i];
        g[3 + i] = -d_xo[i];
        g[NCAM + i] = d_xo[i];
    }
    g
}

/// The Jacobian block from a staged forward pass and one hand-written reverse sweep per
/// residual.
#[inline]
pub fn hand_written(o: &Observation) -> Block {
    let (err, fw) = hand_forward(o);
    Block {
        err,
        w_err: 1.0 - o.w * o.w,
        jac: [
            hand_backward(&fw, [1.0, 0.0]),
            hand_backward(&fw, [0.0, 1.0]),
        ],
        d_w_err: -2.0 * o.w,
    }
}

/// num-dual's number for the 15 inputs.
type Dual15 = DualSVec64<NIN>;

/// The residuals on num-dual's numbers, the same formula as [`reproj_error`].
fn reproj_dual(cam: [Dual15; NCAM], x: [Dual15; 3], w: Dual15, feat: [f64; 2]) -> [Dual15; 2] {
    let xo = [x[0] - cam[3], x[1] - cam[4], x[2] - cam[5]];
    let sqtheta = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
    let xcam = if sqtheta.re != 0.0 {
        let theta = sqtheta.sqrt();
        let (costheta, sintheta) = (theta.cos(), theta.sin());
        let theta_inverse = theta.recip();
        let wv = [
            cam[0] * theta_inverse,
            cam[1] * theta_inverse,
            cam[2] * theta_inverse,
        ];
        let wxp = [
            wv[1] * xo[2] - wv[2] * xo[1],
            wv[2] * xo[0] - wv[0] * xo[2],
            wv[0] * xo[1] - wv[1] * xo[0],
        ];
        let tmp = (wv[0] * xo[0] + wv[1] * xo[1] + wv[2] * xo[2]) * (-costheta + 1.0);
        [
            xo[0] * costheta + wxp[0] * sintheta + wv[0] * tmp,
            xo[1] * costheta + wxp[1] * sintheta + wv[1] * tmp,
            xo[2] * costheta + wxp[2] * sintheta + wv[2] * tmp,
        ]
    } else {
        [
            xo[0] + (cam[1] * xo[2] - cam[2] * xo[1]),
            xo[1] + (cam[2] * xo[0] - cam[0] * xo[2]),
            xo[2] + (cam[0] * xo[1] - cam[1] * xo[0]),
        ]
    };
    let p0 = xcam[0] / xcam[2];
    let p1 = xcam[1] / xcam[2];
    let rsq = p0 * p0 + p1 * p1;
    let l = cam[9] * rsq + cam[10] * rsq * rsq + 1.0;
    let proj0 = p0 * l * cam[6] + cam[7];
    let proj1 = p1 * l * cam[6] + cam[8];
    [w * (proj0 - feat[0]), w * (proj1 - feat[1])]
}

/// Forward mode: `num_dual::jacobian` with a 15-wide dual number, one pass.
#[inline]
pub fn num_dual(o: &Observation) -> Block {
    let feat = o.feat;
    let (value, jac) = num_dual::jacobian(
        |v: SVector<DualSVec64<NIN>, NIN>| {
            let cam = std::array::from_fn(|i| v[i]);
            let x = [v[NCAM], v[NCAM + 1], v[NCAM + 2]];
            let [e0, e1] = reproj_dual(cam, x, v[NIN - 1], feat);
            SVector::from([e0, e1])
        },
        &SVector::from(o.inputs()),
    );
    let (w_err, d_w_err) = num_dual::first_derivative(|w| -(w * w) + 1.0, o.w);
    Block {
        err: [value[0], value[1]],
        w_err,
        jac: std::array::from_fn(|r| std::array::from_fn(|c| jac[(r, c)])),
        d_w_err,
    }
}

/// Reverse mode on a run-time tape (the `reverse` crate), cleared and reused; one reverse
/// sweep of the tape per residual. `reverse` gets `f64 / Var` wrong, so `1 / theta` is
/// written `theta.recip()`.
pub fn tape(tape: &Tape, o: &Observation) -> Block {
    tape.clear();
    let v: Vec<Var<'_>> = tape.add_vars(&o.inputs());
    let cam = &v[..NCAM];
    let xo = [v[NCAM] - cam[3], v[NCAM + 1] - cam[4], v[NCAM + 2] - cam[5]];
    let w = v[NIN - 1];
    let sqtheta = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
    let xcam = if sqtheta.val() != 0.0 {
        let theta = sqtheta.sqrt();
        let (costheta, sintheta) = (theta.cos(), theta.sin());
        let theta_inverse = theta.recip();
        let wv = [
            cam[0] * theta_inverse,
            cam[1] * theta_inverse,
            cam[2] * theta_inverse,
        ];
        let wxp = [
            wv[1] * xo[2] - wv[2] * xo[1],
            wv[2] * xo[0] - wv[0] * xo[2],
            wv[0] * xo[1] - wv[1] * xo[0],
        ];
        let tmp = (wv[0] * xo[0] + wv[1] * xo[1] + wv[2] * xo[2]) * (-costheta + 1.0);
        [
            xo[0] * costheta + wxp[0] * sintheta + wv[0] * tmp,
            xo[1] * costheta + wxp[1] * sintheta + wv[1] * tmp,
            xo[2] * costheta + wxp[2] * sintheta + wv[2] * tmp,
        ]
    } else {
        [
            xo[0] + (cam[1] * xo[2] - cam[2] * xo[1]),
            xo[1] + (cam[2] * xo[0] - cam[0] * xo[2]),
            xo[2] + (cam[0] * xo[1] - cam[1] * xo[0]),
        ]
    };
    let inv_z = xcam[2].recip();
    let p0 = xcam[0] * inv_z;
    let p1 = xcam[1] * inv_z;
    let rsq = p0 * p0 + p1 * p1;
    let l = cam[9] * rsq + cam[10] * rsq * rsq + 1.0;
    let e0 = w * (p0 * l * cam[6] + cam[7] - o.feat[0]);
    let e1 = w * (p1 * l * cam[6] + cam[8] - o.feat[1]);
    let w_err = -(w * w) + 1.0;
    let rows = [e0.grad().wrt(&v), e1.grad().wrt(&v)];
    Block {
        err: [e0.val(), e1.val()],
        w_err: w_err.val(),
        jac: std::array::from_fn(|r| std::array::from_fn(|c| rows[r][c])),
        d_w_err: w_err.grad().wrt(&w),
    }
}

/// Central-difference step for an input of size `x`: `cbrt(ε)·max(1, |x|)`.
fn fd_step(x: f64) -> f64 {
    f64::EPSILON.cbrt() * x.abs().max(1.0)
}

/// Central differences: two evaluations of [`plain`] per input (30), and one more for the
/// values.
pub fn finite_diff(o: &Observation) -> Block {
    let (err, w_err) = plain(o);
    let at = o.inputs();
    let mut jac = [[0.0; NIN]; 2];
    let mut d_w_err = 0.0;
    let mut v = at;
    for c in 0..NIN {
        let h = fd_step(at[c]);
        v[c] = at[c] + h;
        let (plus, w_plus) = plain(&o.with_inputs(&v));
        v[c] = at[c] - h;
        let (minus, w_minus) = plain(&o.with_inputs(&v));
        v[c] = at[c];
        for r in 0..2 {
            jac[r][c] = (plus[r] - minus[r]) / (2.0 * h);
        }
        if c == NIN - 1 {
            d_w_err = (w_plus - w_minus) / (2.0 * h);
        }
    }
    Block {
        err,
        w_err,
        jac,
        d_w_err,
    }
}

/// A few observations spread over the input space: moderate and large rotations, ADBench's
/// zero-rotation branch, and strong distortion. The point is in front of the camera.
pub fn observations() -> Vec<Observation> {
    let base = Observation {
        cam: [
            0.12, -0.27, 0.31, 0.4, -0.6, -3.5, 420.0, 12.5, -7.25, -0.08, 0.013,
        ],
        x: [0.9, 0.35, 1.2],
        w: 0.417022,
        feat: [-35.0, 60.0],
    };
    let mut big_rotation = base;
    big_rotation.cam[..3].copy_from_slice(&[1.1, -0.7, 2.0]);
    big_rotation.cam[5] = 6.0;
    big_rotation.x = [0.3, -0.5, 0.1];
    let mut zero_rotation = base;
    zero_rotation.cam[..3].copy_from_slice(&[0.0, 0.0, 0.0]);
    let mut distorted = base;
    distorted.cam[9] = 0.35;
    distorted.cam[10] = -0.11;
    distorted.x = [2.4, -1.9, 0.2];
    distorted.w = -1.3;
    vec![base, big_rotation, zero_rotation, distorted]
}
