//! The ADBench Gaussian mixture model objective (Srajer, Baran, Fitzgibbon, "A benchmark of
//! selected algorithmic differentiation tools on some problems in computer vision and
//! machine learning", 2018; github.com/microsoft/ADBench, `src/cpp/shared/gmm.h`), in plain
//! Rust, with its gradient computed six ways.
//!
//! The model has `K` components in `D` dimensions, fitted to `N` points `x_i`:
//!
//! - `alphas[k]`: the log of the (unnormalised) weight of component `k`;
//! - `means[k][j]`: its mean `μ_k`;
//! - `icf[k]`: its inverse covariance factor, `D (D + 1) / 2` numbers: first the logs of
//!   the diagonal of the lower-triangular `Q_k`, then its strictly lower entries column by
//!   column (`Q_k[1][0], Q_k[2][0], .., Q_k[D-1][0], Q_k[2][1], ..`), so that
//!   `Σ_k⁻¹ = Q_kᵀ Q_k`;
//! - a Wishart prior with parameters `gamma` and `m` on the `Q_k`.
//!
//! The objective (ADBench's `gmm_objective`) is
//!
//! ```text
//!   Σ_i logsumexp_k (alphas[k] + Σ_j icf[k][j] − ½ ‖Q_k (x_i − μ_k)‖²)
//! − N logsumexp_k alphas[k]
//! + Σ_k (½ γ² (Σ_j exp(icf[k][j])² + Σ_{j ≥ D} icf[k][j]²) − m Σ_{j < D} icf[k][j])
//! − N D ½ ln 2π − K (n D (ln γ − ½ ln 2) − ln Γ_D(n / 2)),   n = D + m + 1
//! ```
//!
//! (`Γ_D` is the multivariate gamma function). For each size (`gmm_instance!`, below) a
//! module holds:
//!
//! - `objective`: the objective as ADBench's `gmm_objective` computes it, in plain Rust with
//!   local arrays, `#[differentiate(wrt(alphas, means, icf))]`; it is also the plain
//!   function, and its `objective_grad` the generated gradient;
//! - `objective_reference`: the same objective as a direct port of ADBench's C++ (its
//!   helpers `subtract`, `Qtimesx`, `sqnorm` as differentiated functions of their own,
//!   work arrays declared inside the loops, the packed triangle read through a counter),
//!   and `generated_reference`, its generated gradient;
//! - `hand_written`: value and gradient by a reverse sweep written by hand after ADBench's
//!   own algorithm (the `exp` of the diagonals and their sums computed once, one forward and
//!   one backward pass per point);
//! - `num_dual_grad`: forward mode with one dual number as wide as the parameter vector
//!   (`num_dual::gradient`);
//! - `tape_grad`: reverse mode on a run-time tape (the `reverse` crate);
//! - `finite_diff`: central differences, two evaluations of `objective` per parameter.
//!
//! Every method returns the value and an `ObjectiveGrad` (the struct
//! `#[differentiate]` generates), so they can be compared field by field.

// The index loops are the form `#[differentiate]` reads; every user of this file uses a
// different subset of it (the test and the benchmark).
#![allow(dead_code, clippy::needless_range_loop)]

use backprop::{differentiate, logsumexp};
use nalgebra::SVector;
use num_dual::{DualNum, DualSVec64};
use reverse::{Gradient, Tape, Var};

/// `ln Γ(a)` for `a` a positive multiple of ½ (all the Wishart constant needs):
/// `Γ(a) = (a − 1) Γ(a − 1)` down to `Γ(1) = 1` or `Γ(½) = √π`.
pub fn ln_gamma_half_integer(a: f64) -> f64 {
    assert!(
        a > 0.0 && (2.0 * a).fract() == 0.0,
        "{a} is not a multiple of 1/2"
    );
    let mut a = a;
    let mut out = 0.0;
    while a > 1.0 {
        a -= 1.0;
        out += a.ln();
    }
    if a == 0.5 {
        out += 0.5 * std::f64::consts::PI.ln();
    }
    out
}

/// The log of the multivariate gamma function, `ln Γ_p(a) = p (p − 1) / 4 · ln π +
/// Σ_{j=1..p} ln Γ(a + (1 − j) / 2)` (ADBench's `log_gamma_distrib`), for `2a` an integer.
pub fn ln_multigamma(a: f64, p: usize) -> f64 {
    let mut out = 0.25 * (p * (p - 1)) as f64 * std::f64::consts::PI.ln();
    for j in 1..=p {
        out += ln_gamma_half_integer(a + 0.5 * (1.0 - j as f64));
    }
    out
}

/// The part of the objective that depends on no parameter: the Gaussians' normalisation
/// `−N D ½ ln 2π` and the Wishart prior's `−K C`, `C = n D (ln γ − ½ ln 2) − ln Γ_D(n / 2)`
/// with `n = D + m + 1`.
pub fn objective_constant(d: usize, k: usize, n: usize, gamma: f64, m: i32) -> f64 {
    let dof = d as i32 + m + 1;
    let c = f64::from(dof) * d as f64 * (gamma.ln() - 0.5 * 2.0_f64.ln())
        - ln_multigamma(0.5 * f64::from(dof), d);
    -(n as f64) * d as f64 * 0.5 * (2.0 * std::f64::consts::PI).ln() - k as f64 * c
}

/// Where entry `(row, col)` (`col < row`) of the strictly lower triangle of `Q_k` sits in
/// `icf[k]`: after the `d` log-diagonal entries, column by column.
pub const fn lower_index(d: usize, row: usize, col: usize) -> usize {
    d + col * (2 * d - col - 1) / 2 + (row - col - 1)
}

/// `ln Σ exp(v_k)` of dual numbers, shifted by the largest real part as ADBench does.
pub fn dual_logsumexp<T: DualNum<Primitive = f64> + Copy>(values: &[T]) -> T {
    let max = values
        .iter()
        .map(|v| v.re())
        .fold(f64::NEG_INFINITY, f64::max);
    let mut sum = T::from(0.0);
    for &v in values {
        sum += (v - max).exp();
    }
    sum.ln() + max
}

/// `ln Σ exp(v_k)` on a `reverse` tape, shifted by the largest value as ADBench does.
pub fn tape_logsumexp<'t>(values: &[Var<'t>]) -> Var<'t> {
    let max = values
        .iter()
        .map(|v| v.val)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut sum = (values[0] - max).exp();
    for &v in &values[1..] {
        sum = sum + (v - max).exp();
    }
    sum.ln() + max
}

/// Defines, in module `$module`, one size of the problem: `D = $d` dimensions, `K = $k`
/// components, `N = $n` points (the loops of `objective` are bounded by these `const`
/// items, so its gradient saves its loop values in fixed-size arrays, except in the
/// triangular loop, whose trip count varies).
macro_rules! gmm_instance {
    ($module:ident, d: $d:literal, k: $k:literal, n: $n:literal) => {
        /// One size of the ADBench GMM problem (see the file's documentation).
        pub mod $module {
            use super::*;

            /// Dimension of the points.
            pub const D: usize = $d;
            /// Number of mixture components.
            pub const K: usize = $k;
            /// Number of points.
            pub const N: usize = $n;
            /// Length of one inverse covariance factor, `D (D + 1) / 2`.
            pub const ICF: usize = D * (D + 1) / 2;
            /// Number of parameters (ADBench's gradient length), `K + K D + K ICF`.
            pub const P: usize = K + K * D + K * ICF;

            /// The ADBench GMM objective, written as ADBench's `gmm_objective` computes it:
            /// `Q_k`'s diagonal and `ln det Q_k` once per component, then for each point the
            /// `K` main terms and their log-sum-exp, then the Wishart prior.
            ///
            /// Note: the work arrays are declared before the loops. Declared inside the
            /// loop body (`for i in 0..N { let mut main_term = [0.0; K]; .. }`), the
            /// macro (main at 00b880b) hoists the declaration out of the loop, so the array
            /// is no longer re-initialised each iteration, and the gradient of an
            /// accumulator read after the loop in an expression (`.. + slse`) comes out zero.
            #[differentiate(wrt(alphas, means, icf))]
            pub fn objective(
                alphas: [f64; K],
                means: [[f64; D]; K],
                icf: [[f64; ICF]; K],
                x: [[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> f64 {
                let mut qdiags = [[0.0; D]; K];
                let mut sum_qs = [0.0; K];
                for k in 0..K {
                    for j in 0..D {
                        qdiags[k][j] = icf[k][j].exp();
                        sum_qs[k] += icf[k][j];
                    }
                }
                // The work arrays are declared once, before the loops, as ADBench does (and
                // as `#[differentiate]` needs for now: see the note above).
                let mut main_term = [0.0; K];
                let mut xcentered = [0.0; D];
                let mut qxcentered = [0.0; D];
                let mut slse = 0.0;
                for i in 0..N {
                    for k in 0..K {
                        // Q_k (x_i − μ_k): the diagonal, then the strictly lower triangle.
                        for j in 0..D {
                            xcentered[j] = x[i][j] - means[k][j];
                            qxcentered[j] = qdiags[k][j] * xcentered[j];
                        }
                        for col in 0..D {
                            for row in col + 1..D {
                                qxcentered[row] +=
                                    icf[k][lower_index(D, row, col)] * xcentered[col];
                            }
                        }
                        let mut sqnorm = 0.0;
                        for j in 0..D {
                            sqnorm += qxcentered[j] * qxcentered[j];
                        }
                        main_term[k] = alphas[k] + sum_qs[k] - 0.5 * sqnorm;
                    }
                    slse += logsumexp(main_term);
                }
                let mut prior = 0.0;
                for k in 0..K {
                    let mut frobenius = 0.0;
                    for j in 0..D {
                        frobenius += qdiags[k][j] * qdiags[k][j];
                    }
                    for j in D..ICF {
                        frobenius += icf[k][j] * icf[k][j];
                    }
                    prior += 0.5 * wishart_gamma * wishart_gamma * frobenius
                        - wishart_m as f64 * sum_qs[k];
                }
                objective_constant(D, K, N, wishart_gamma, wishart_m) + slse
                    - N as f64 * logsumexp(alphas)
                    + prior
            }

            /// `x − y` (ADBench's `subtract`).
            #[differentiate]
            pub fn subtract(x: [f64; D], y: [f64; D]) -> [f64; D] {
                let mut out = [0.0; D];
                for i in 0..D {
                    out[i] = x[i] - y[i];
                }
                out
            }

            /// `Q x` for `Q` given by its diagonal and `icf`'s strictly lower triangle,
            /// column by column (ADBench's `Qtimesx`, its packed position counted as it
            /// is read).
            #[differentiate]
            pub fn qtimesx(qdiag: [f64; D], icf: [f64; ICF], x: [f64; D]) -> [f64; D] {
                let mut out = [0.0; D];
                for i in 0..D {
                    out[i] = qdiag[i] * x[i];
                }
                let mut lparamsidx = D;
                for i in 0..D {
                    for j in i + 1..D {
                        out[j] += icf[lparamsidx] * x[i];
                        lparamsidx += 1;
                    }
                }
                out
            }

            /// `‖x‖²` (ADBench's `sqnorm`).
            #[differentiate]
            pub fn sqnorm(x: [f64; D]) -> f64 {
                let mut out = 0.0;
                for i in 0..D {
                    out += x[i] * x[i];
                }
                out
            }

            /// The objective as a direct port of ADBench's C++ `gmm_objective`: the
            /// helpers `subtract`, `Qtimesx` and `sqnorm` as functions of their own, the
            /// work arrays declared where they are used (inside the loops), the packed
            /// triangle read through a counter. The same value as [`objective`].
            #[differentiate(wrt(alphas, means, icf))]
            pub fn objective_reference(
                alphas: [f64; K],
                means: [[f64; D]; K],
                icf: [[f64; ICF]; K],
                x: [[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> f64 {
                let mut qdiags = [[0.0; D]; K];
                let mut sum_qs = [0.0; K];
                for ik in 0..K {
                    for id in 0..D {
                        qdiags[ik][id] = icf[ik][id].exp();
                        sum_qs[ik] += icf[ik][id];
                    }
                }
                let mut slse = 0.0;
                for ix in 0..N {
                    let mut main_term = [0.0; K];
                    for ik in 0..K {
                        let xcentered = subtract(x[ix], means[ik]);
                        let qxcentered = qtimesx(qdiags[ik], icf[ik], xcentered);
                        main_term[ik] = alphas[ik] + sum_qs[ik] - 0.5 * sqnorm(qxcentered);
                    }
                    slse += logsumexp(main_term);
                }
                let mut prior = 0.0;
                for ik in 0..K {
                    let mut frobenius = 0.0;
                    for id in 0..D {
                        frobenius += qdiags[ik][id] * qdiags[ik][id];
                    }
                    for id in D..ICF {
                        frobenius += icf[ik][id] * icf[ik][id];
                    }
                    prior += 0.5 * wishart_gamma * wishart_gamma * frobenius
                        - wishart_m as f64 * sum_qs[ik];
                }
                objective_constant(D, K, N, wishart_gamma, wishart_m) + slse
                    - N as f64 * logsumexp(alphas)
                    + prior
            }

            /// The parameters as one vector, in ADBench's order: `alphas`, then `means`
            /// component by component, then `icf` component by component.
            pub fn flatten(
                alphas: &[f64; K],
                means: &[[f64; D]; K],
                icf: &[[f64; ICF]; K],
            ) -> [f64; P] {
                let mut p = [0.0; P];
                let parts = alphas
                    .iter()
                    .chain(means.iter().flatten())
                    .chain(icf.iter().flatten());
                for (to, &from) in p.iter_mut().zip(parts) {
                    *to = from;
                }
                p
            }

            /// The inverse of [`flatten`], as the gradient struct (`alphas`, `means`, `icf`).
            pub fn unflatten(p: &[f64]) -> ObjectiveGrad {
                assert_eq!(p.len(), P, "parameter vector length");
                let mut g = ObjectiveGrad::default();
                let parts = g
                    .alphas
                    .iter_mut()
                    .chain(g.means.iter_mut().flatten())
                    .chain(g.icf.iter_mut().flatten());
                for (to, &from) in parts.zip(p) {
                    *to = from;
                }
                g
            }

            /// One problem of this size: parameters, points, and the prior's `gamma`, `m`.
            #[derive(Debug, Clone, Copy)]
            pub struct Instance {
                /// Log-weights of the components.
                pub alphas: [f64; K],
                /// Means of the components.
                pub means: [[f64; D]; K],
                /// Inverse covariance factors (log-diagonal, then the strictly lower
                /// triangle by columns).
                pub icf: [[f64; ICF]; K],
                /// The points.
                pub x: [[f64; D]; N],
                /// The Wishart prior's `gamma`.
                pub wishart_gamma: f64,
                /// The Wishart prior's `m`.
                pub wishart_m: i32,
            }

            impl Instance {
                /// Random parameters and points from `seed` (uniform: log-weights and
                /// means in [−1, 1], `icf` entries in [−½, ½], points in [−1.5, 1.5]).
                pub fn random(seed: u64, wishart_gamma: f64, wishart_m: i32) -> Self {
                    use rand::{Rng, SeedableRng};
                    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
                    let mut uniform = |half_width: f64| rng.gen_range(-half_width..half_width);
                    let alphas = std::array::from_fn(|_| uniform(1.0));
                    let means = std::array::from_fn(|_| std::array::from_fn(|_| uniform(1.0)));
                    let icf = std::array::from_fn(|_| std::array::from_fn(|_| uniform(0.5)));
                    let x = std::array::from_fn(|_| std::array::from_fn(|_| uniform(1.5)));
                    Self {
                        alphas,
                        means,
                        icf,
                        x,
                        wishart_gamma,
                        wishart_m,
                    }
                }

                /// [`objective`] at this instance.
                pub fn objective(&self) -> f64 {
                    objective(
                        self.alphas,
                        self.means,
                        self.icf,
                        self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`objective_reference`] at this instance.
                pub fn objective_reference(&self) -> f64 {
                    objective_reference(
                        self.alphas,
                        self.means,
                        self.icf,
                        self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`objective_grad`] (the generated gradient) at this instance.
                pub fn generated(&self) -> (f64, ObjectiveGrad) {
                    objective_grad(
                        self.alphas,
                        self.means,
                        self.icf,
                        self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`objective_reference_grad`] (the generated gradient of the direct
                /// port) at this instance.
                pub fn generated_reference(&self) -> (f64, ObjectiveGrad) {
                    let (value, grad) = objective_reference_grad(
                        self.alphas,
                        self.means,
                        self.icf,
                        self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    );
                    let ObjectiveReferenceGrad {
                        alphas, means, icf, ..
                    } = grad;
                    (value, ObjectiveGrad { alphas, means, icf })
                }

                /// [`hand_written`] at this instance.
                pub fn hand_written(&self) -> (f64, ObjectiveGrad) {
                    hand_written(
                        self.alphas,
                        self.means,
                        self.icf,
                        &self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`num_dual_grad`] at this instance.
                pub fn num_dual(&self) -> (f64, ObjectiveGrad) {
                    num_dual_grad(
                        &flatten(&self.alphas, &self.means, &self.icf),
                        &self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`tape_grad`] at this instance, on `tape`.
                pub fn tape(&self, tape: &Tape) -> (f64, ObjectiveGrad) {
                    tape_grad(
                        tape,
                        &flatten(&self.alphas, &self.means, &self.icf),
                        &self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }

                /// [`finite_diff`] at this instance.
                pub fn finite_diff(&self) -> (f64, ObjectiveGrad) {
                    finite_diff(
                        self.alphas,
                        self.means,
                        self.icf,
                        &self.x,
                        self.wishart_gamma,
                        self.wishart_m,
                    )
                }
            }

            /// Value and gradient by hand: ADBench's algorithm (`exp` of the diagonals and
            /// `ln det Q_k` computed once per component), then, point by point, the forward
            /// pass (`y = Q_k (x_i − μ_k)` and the main terms) and at once its reverse
            /// sweep (the adjoint of each main term is the component's posterior at `x_i`).
            pub fn hand_written(
                alphas: [f64; K],
                means: [[f64; D]; K],
                icf: [[f64; ICF]; K],
                x: &[[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> (f64, ObjectiveGrad) {
                let mut qdiag = [[0.0; D]; K];
                let mut sum_log_diag = [0.0; K];
                for k in 0..K {
                    for j in 0..D {
                        qdiag[k][j] = icf[k][j].exp();
                        sum_log_diag[k] += icf[k][j];
                    }
                }
                let mut grad = ObjectiveGrad::default();
                let mut d_qdiag = [[0.0; D]; K];
                let mut d_sum_log_diag = [0.0; K];
                let mut slse = 0.0;
                for xi in x {
                    let mut centred = [[0.0; D]; K];
                    let mut y = [[0.0; D]; K];
                    let mut main_term = [0.0; K];
                    for k in 0..K {
                        for j in 0..D {
                            centred[k][j] = xi[j] - means[k][j];
                            y[k][j] = qdiag[k][j] * centred[k][j];
                        }
                        let mut at = D;
                        for col in 0..D {
                            for row in col + 1..D {
                                y[k][row] += icf[k][at] * centred[k][col];
                                at += 1;
                            }
                        }
                        let sqnorm: f64 = y[k].iter().map(|v| v * v).sum();
                        main_term[k] = alphas[k] + sum_log_diag[k] - 0.5 * sqnorm;
                    }
                    let max = main_term.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let sum_exp: f64 = main_term.iter().map(|t| (t - max).exp()).sum();
                    slse += max + sum_exp.ln();
                    let inv_sum_exp = 1.0 / sum_exp;
                    for k in 0..K {
                        let posterior = (main_term[k] - max).exp() * inv_sum_exp;
                        grad.alphas[k] += posterior;
                        d_sum_log_diag[k] += posterior;
                        // main_term = .. − ½ ‖y‖²: d_y = −posterior · y.
                        let mut d_y = [0.0; D];
                        for j in 0..D {
                            d_y[j] = -posterior * y[k][j];
                        }
                        let mut d_centred = [0.0; D];
                        let mut at = D;
                        for col in 0..D {
                            for row in col + 1..D {
                                grad.icf[k][at] += d_y[row] * centred[k][col];
                                d_centred[col] += d_y[row] * icf[k][at];
                                at += 1;
                            }
                        }
                        for j in 0..D {
                            d_qdiag[k][j] += d_y[j] * centred[k][j];
                            d_centred[j] += d_y[j] * qdiag[k][j];
                            grad.means[k][j] -= d_centred[j];
                        }
                    }
                }
                // − N logsumexp(alphas), whose gradient is − N softmax(alphas).
                let lse_alphas = backprop::logsumexp(alphas);
                for k in 0..K {
                    grad.alphas[k] -= N as f64 * (alphas[k] - lse_alphas).exp();
                }
                // The Wishart prior; `icf[k][j]`, `j < D`, reaches the objective through
                // `exp` (its adjoint times `qdiag`) and through `ln det Q_k` (1).
                let gamma_sq = wishart_gamma * wishart_gamma;
                let m = f64::from(wishart_m);
                let mut prior = 0.0;
                for k in 0..K {
                    for j in 0..D {
                        prior += 0.5 * gamma_sq * qdiag[k][j] * qdiag[k][j];
                        d_qdiag[k][j] += gamma_sq * qdiag[k][j];
                    }
                    for j in D..ICF {
                        prior += 0.5 * gamma_sq * icf[k][j] * icf[k][j];
                        grad.icf[k][j] += gamma_sq * icf[k][j];
                    }
                    prior -= m * sum_log_diag[k];
                    d_sum_log_diag[k] -= m;
                    for j in 0..D {
                        grad.icf[k][j] += d_qdiag[k][j] * qdiag[k][j] + d_sum_log_diag[k];
                    }
                }
                let value = objective_constant(D, K, N, wishart_gamma, wishart_m) + slse
                    - N as f64 * lse_alphas
                    + prior;
                (value, grad)
            }

            /// The objective for any dual number type, computed as ADBench computes it
            /// (max-shifted log-sum-exp), from the flat parameter vector of [`flatten`].
            pub fn objective_dual<T: DualNum<Primitive = f64> + Copy>(
                p: &[T],
                x: &[[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> T {
                let alpha = |k: usize| p[k];
                let mean = |k: usize, j: usize| p[K + k * D + j];
                let icf = |k: usize, j: usize| p[K + K * D + k * ICF + j];
                let zero = T::from(0.0);
                let mut qdiag = [[zero; D]; K];
                let mut sum_log_diag = [zero; K];
                for k in 0..K {
                    for j in 0..D {
                        qdiag[k][j] = icf(k, j).exp();
                        sum_log_diag[k] += icf(k, j);
                    }
                }
                let mut slse = zero;
                for xi in x {
                    let mut main_term = [zero; K];
                    for k in 0..K {
                        let mut centred = [zero; D];
                        let mut y = [zero; D];
                        for j in 0..D {
                            centred[j] = -mean(k, j) + xi[j];
                            y[j] = qdiag[k][j] * centred[j];
                        }
                        let mut at = D;
                        for col in 0..D {
                            for row in col + 1..D {
                                y[row] += icf(k, at) * centred[col];
                                at += 1;
                            }
                        }
                        let mut sqnorm = zero;
                        for v in y {
                            sqnorm += v * v;
                        }
                        main_term[k] = alpha(k) + sum_log_diag[k] - sqnorm * 0.5;
                    }
                    slse += dual_logsumexp(&main_term);
                }
                let alphas: [T; K] = std::array::from_fn(alpha);
                let gamma_sq = wishart_gamma * wishart_gamma;
                let mut prior = zero;
                for k in 0..K {
                    let mut frobenius = zero;
                    for j in 0..D {
                        frobenius += qdiag[k][j] * qdiag[k][j];
                    }
                    for j in D..ICF {
                        frobenius += icf(k, j) * icf(k, j);
                    }
                    prior += frobenius * (0.5 * gamma_sq) - sum_log_diag[k] * f64::from(wishart_m);
                }
                slse - dual_logsumexp(&alphas) * N as f64
                    + prior
                    + objective_constant(D, K, N, wishart_gamma, wishart_m)
            }

            /// Forward mode: [`objective_dual`] with a `P`-wide dual number
            /// (`num_dual::gradient`); each operation carries `P` derivatives.
            pub fn num_dual_grad(
                params: &[f64; P],
                x: &[[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> (f64, ObjectiveGrad) {
                let (value, grad) = num_dual::gradient(
                    |v: SVector<DualSVec64<P>, P>| {
                        objective_dual(v.as_slice(), x, wishart_gamma, wishart_m)
                    },
                    &SVector::from(*params),
                );
                (value, unflatten(grad.as_slice()))
            }

            /// Reverse mode on a run-time tape (the `reverse` crate): the objective as
            /// ADBench computes it, recorded on `tape` (cleared first), then swept back.
            /// (`reverse` gets `f64 / Var` wrong, so no `Var` is ever a divisor here.)
            pub fn tape_grad(
                tape: &Tape,
                params: &[f64; P],
                x: &[[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> (f64, ObjectiveGrad) {
                tape.clear();
                let p: Vec<Var<'_>> = tape.add_vars(params);
                let alpha = |k: usize| p[k];
                let mean = |k: usize, j: usize| p[K + k * D + j];
                let icf = |k: usize, j: usize| p[K + K * D + k * ICF + j];
                let qdiag: [[Var<'_>; D]; K] =
                    std::array::from_fn(|k| std::array::from_fn(|j| icf(k, j).exp()));
                let sum_log_diag: [Var<'_>; K] =
                    std::array::from_fn(|k| (1..D).fold(icf(k, 0), |sum, j| sum + icf(k, j)));
                let mut slse: Option<Var<'_>> = None;
                for xi in x {
                    let main_term: [Var<'_>; K] = std::array::from_fn(|k| {
                        let centred: [Var<'_>; D] = std::array::from_fn(|j| xi[j] - mean(k, j));
                        let mut y: [Var<'_>; D] = std::array::from_fn(|j| qdiag[k][j] * centred[j]);
                        let mut at = D;
                        for col in 0..D {
                            for row in col + 1..D {
                                y[row] = y[row] + icf(k, at) * centred[col];
                                at += 1;
                            }
                        }
                        let sqnorm = (1..D).fold(y[0] * y[0], |sum, j| sum + y[j] * y[j]);
                        alpha(k) + sum_log_diag[k] - sqnorm * 0.5
                    });
                    let lse = tape_logsumexp(&main_term);
                    slse = Some(slse.map_or(lse, |sum| sum + lse));
                }
                let alphas: [Var<'_>; K] = std::array::from_fn(alpha);
                let gamma_sq = wishart_gamma * wishart_gamma;
                let mut out =
                    slse.expect("at least one point") - tape_logsumexp(&alphas) * N as f64;
                for k in 0..K {
                    let mut frobenius = qdiag[k][0] * qdiag[k][0];
                    for j in 1..D {
                        frobenius = frobenius + qdiag[k][j] * qdiag[k][j];
                    }
                    for j in D..ICF {
                        frobenius = frobenius + icf(k, j) * icf(k, j);
                    }
                    out =
                        out + frobenius * (0.5 * gamma_sq) - sum_log_diag[k] * f64::from(wishart_m);
                }
                let out = out + objective_constant(D, K, N, wishart_gamma, wishart_m);
                let grads = out.grad();
                let flat: Vec<f64> = p.iter().map(|v| grads.wrt(v)).collect();
                (out.val, unflatten(&flat))
            }

            /// Central differences: `2 P` evaluations of [`objective`] (and one more for
            /// the value), with step `cbrt(ε) · max(1, |p|)`.
            pub fn finite_diff(
                alphas: [f64; K],
                means: [[f64; D]; K],
                icf: [[f64; ICF]; K],
                x: &[[f64; D]; N],
                wishart_gamma: f64,
                wishart_m: i32,
            ) -> (f64, ObjectiveGrad) {
                let at = |p: &[f64; P]| {
                    let g = unflatten(p);
                    objective(g.alphas, g.means, g.icf, *x, wishart_gamma, wishart_m)
                };
                let mut p = flatten(&alphas, &means, &icf);
                let mut grad = [0.0; P];
                for i in 0..P {
                    let centre = p[i];
                    let h = f64::EPSILON.cbrt() * centre.abs().max(1.0);
                    p[i] = centre + h;
                    let plus = at(&p);
                    p[i] = centre - h;
                    let minus = at(&p);
                    p[i] = centre;
                    grad[i] = (plus - minus) / (2.0 * h);
                }
                (at(&p), unflatten(&grad))
            }
        }
    };
}

gmm_instance!(d2_k5, d: 2, k: 5, n: 100);
gmm_instance!(d10_k5, d: 10, k: 5, n: 20);
// The size of ADBench's own test input, `data/gmm/test.txt` (2 dimensions, 3 components,
// 1 point), for `tests/adbench_gmm.rs`.
gmm_instance!(d2_k3_n1, d: 2, k: 3, n: 1);
