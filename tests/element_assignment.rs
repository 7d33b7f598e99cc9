//! Element assignment into local arrays (`let mut a = [0.0; N]; a[i] = ..; a[i][j] += ..`),
//! updated in place: every function is checked at two or more points against central
//! finite differences of itself and against forward-mode AD (`num-dual`) of a twin
//! written generically over the dual number type; the linear-algebra cases also against
//! hand-derived transposes (`dW = dy xᵀ`, `dx = Wᵀ dy`, `dA = dC Bᵀ`, `dB = Aᵀ dC`).
// Index loops are the form `#[differentiate]` supports for element assignment.
#![allow(clippy::needless_range_loop)]
use backprop::differentiate;

mod common;
use common::{check, check_f32, check_wrt};
use num_dual::{Dual64, DualNum};

/// The scalar type of a twin: `Dual64` for num-dual, `f64` for a plain evaluation.
trait Num: DualNum<Primitive = f64> + Copy {}
impl<T: DualNum<Primitive = f64> + Copy> Num for T {}

/// `p` as an array (a parameter of a function checked through a flat slice).
fn arr<T: Copy, const N: usize>(p: &[T]) -> [T; N] {
    std::array::from_fn(|i| p[i])
}

/// `p` as an `M x N` matrix, row by row.
fn mat<T: Copy, const M: usize, const N: usize>(p: &[T]) -> [[T; N]; M] {
    std::array::from_fn(|i| std::array::from_fn(|j| p[i * N + j]))
}

/// The pieces of a gradient, one after the other (the order of the flat parameters).
fn cat(parts: &[&[f64]]) -> Vec<f64> {
    parts.concat()
}

fn close(name: &str, a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-12 * (1.0 + b.abs()),
        "{name}: {a} vs {b}"
    );
}

// ---------------------------------------------------------------------------------
// Running sums and products
// ---------------------------------------------------------------------------------

/// Running sums and products of `x`, each stored in its own local array.
#[differentiate]
fn prefix_sums_products(x: [f64; 4]) -> f64 {
    let mut s = [0.0; 4];
    let mut p = [1.0; 4];
    s[0] = x[0];
    p[0] = x[0];
    for i in 1..4 {
        s[i] = s[i - 1] + x[i];
        p[i] = p[i - 1] * x[i];
    }
    let mut total = 0.0;
    for i in 0..4 {
        total += 0.5 * s[i] * s[i] + p[i].sin();
    }
    total
}

fn prefix_sums_products_twin<D: Num>(x: [D; 4]) -> D {
    let (mut s, mut p, mut total) = (D::from(0.0), D::from(1.0), D::from(0.0));
    for i in 0..4 {
        s += x[i];
        p *= x[i];
        total += s * s * 0.5 + p.sin();
    }
    total
}

#[test]
fn running_sums_and_products() {
    for x in [[0.3, -1.2, 0.7, 1.1], [1.4, 0.5, -0.8, 0.9]] {
        let (value, g) = prefix_sums_products_grad(x);
        assert_eq!(value, prefix_sums_products(x));
        let f = |p: &[f64]| prefix_sums_products(arr(p));
        let twin = |p: &[Dual64]| prefix_sums_products_twin(arr(p));
        check("prefix_sums_products", &x, value, &g.x, f, twin);
    }
}

const K: usize = 3;

/// Running products with a `const`-item bound (saved in a `Vec`), read after the loop.
#[differentiate]
fn prefix_products(x: [f64; K]) -> f64 {
    let mut p = [0.0; K];
    p[0] = x[0];
    for i in 1..K {
        p[i] = p[i - 1] * x[i];
    }
    let mut s = 0.0;
    for i in 0..K {
        s += p[i].sin();
    }
    s
}

fn prefix_products_twin<D: Num>(x: [D; K]) -> D {
    let (mut p, mut s) = (D::from(1.0), D::from(0.0));
    for v in x {
        p *= v;
        s += p.sin();
    }
    s
}

#[test]
fn running_products_with_a_const_bound() {
    for x in [[0.3, -1.2, 0.7], [-0.9, 0.4, 1.6]] {
        let (value, g) = prefix_products_grad(x);
        assert_eq!(value, prefix_products(x));
        let f = |p: &[f64]| prefix_products(arr(p));
        let twin = |p: &[Dual64]| prefix_products_twin(arr(p));
        check("prefix_products", &x, value, &g.x, f, twin);
    }
}

/// A suffix recurrence filled backwards (`.rev()`), each element reading the next one.
#[differentiate]
fn suffix_recurrence(x: [f64; 4]) -> f64 {
    let mut s = [0.0; 4];
    s[3] = x[3];
    for i in (0..3).rev() {
        s[i] = s[i + 1] * 0.5 + x[i] * s[i + 1].cos();
    }
    s[0] * s[1] + s[2].exp() * s[3]
}

fn suffix_recurrence_twin<D: Num>(x: [D; 4]) -> D {
    let mut s = [D::from(0.0); 4];
    s[3] = x[3];
    for i in (0..3).rev() {
        s[i] = s[i + 1] * 0.5 + x[i] * s[i + 1].cos();
    }
    s[0] * s[1] + s[2].exp() * s[3]
}

#[test]
fn suffix_recurrence_filled_backwards() {
    for x in [[0.3, -1.2, 0.7, 1.1], [1.4, 0.5, -0.8, -0.2]] {
        let (value, g) = suffix_recurrence_grad(x);
        assert_eq!(value, suffix_recurrence(x));
        let f = |p: &[f64]| suffix_recurrence(arr(p));
        let twin = |p: &[Dual64]| suffix_recurrence_twin(arr(p));
        check("suffix_recurrence", &x, value, &g.x, f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Linear algebra: mat-vec, mat-mat, outer product
// ---------------------------------------------------------------------------------

/// `y = W x` accumulated into a local array, then `½ Σ (y_i - t_i)²` with the target
/// `t = (0.5, -1)` written into a local array too.
#[differentiate]
fn mat_vec_loss(w: [[f64; 3]; 2], x: [f64; 3]) -> f64 {
    let mut y = [0.0; 2];
    for i in 0..2 {
        for j in 0..3 {
            y[i] += w[i][j] * x[j];
        }
    }
    let t = [0.5, -1.0];
    let mut loss = 0.0;
    for i in 0..2 {
        let r = y[i] - t[i];
        loss += 0.5 * r * r;
    }
    loss
}

fn mat_vec_loss_twin<D: Num>(w: [[D; 3]; 2], x: [D; 3]) -> D {
    let t = [0.5, -1.0];
    let mut loss = D::from(0.0);
    for i in 0..2 {
        let mut y = D::from(0.0);
        for j in 0..3 {
            y += w[i][j] * x[j];
        }
        let r = y - t[i];
        loss += r * r * 0.5;
    }
    loss
}

#[test]
fn mat_vec_transposes() {
    let points = [
        ([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], [0.3, -1.2, 0.8]),
        ([[-0.4, 0.9, 0.1], [0.7, -1.3, 0.6]], [1.1, 0.2, -0.5]),
    ];
    for (w, x) in points {
        let (value, g) = mat_vec_loss_grad(w, x);
        assert_eq!(value, mat_vec_loss(w, x));
        // By hand: dy = y - t, dW = dy xᵀ, dx = Wᵀ dy.
        let t = [0.5, -1.0];
        let dy: [f64; 2] =
            std::array::from_fn(|i| (0..3).map(|j| w[i][j] * x[j]).sum::<f64>() - t[i]);
        for i in 0..2 {
            for j in 0..3 {
                close(&format!("dW[{i}][{j}] = dy xᵀ"), g.w[i][j], dy[i] * x[j]);
            }
        }
        for j in 0..3 {
            let expected: f64 = (0..2).map(|i| w[i][j] * dy[i]).sum();
            close(&format!("dx[{j}] = Wᵀ dy"), g.x[j], expected);
        }
        let p = cat(&[w.as_flattened(), &x]);
        let grad = cat(&[g.w.as_flattened(), &g.x]);
        let f = |p: &[f64]| mat_vec_loss(mat(&p[..6]), arr(&p[6..]));
        let twin = |p: &[Dual64]| mat_vec_loss_twin(mat(&p[..6]), arr(&p[6..]));
        check("mat_vec_loss", &p, value, &grad, f, twin);
    }
}

/// `C = A B` with `c[i][j] += a[i][k] * b[k][j]`, then `½ Σ s_ij c_ij²` with weights
/// `s_ij = 1 + i + 2j`.
#[differentiate]
fn mat_mat(a: [[f64; 3]; 2], b: [[f64; 2]; 3]) -> f64 {
    let mut c = [[0.0; 2]; 2];
    for i in 0..2 {
        for j in 0..2 {
            for k in 0..3 {
                c[i][j] += a[i][k] * b[k][j];
            }
        }
    }
    let mut loss = 0.0;
    for i in 0..2 {
        for j in 0..2 {
            loss += 0.5 * (1.0 + (i + 2 * j) as f64) * c[i][j] * c[i][j];
        }
    }
    loss
}

fn mat_mat_twin<D: Num>(a: [[D; 3]; 2], b: [[D; 2]; 3]) -> D {
    let mut loss = D::from(0.0);
    for i in 0..2 {
        for j in 0..2 {
            let mut c = D::from(0.0);
            for k in 0..3 {
                c += a[i][k] * b[k][j];
            }
            loss += c * c * (0.5 * (1.0 + (i + 2 * j) as f64));
        }
    }
    loss
}

#[test]
fn mat_mat_transposes() {
    let points = [
        (
            [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]],
            [[0.3, -1.2], [0.8, 0.1], [-0.6, 0.9]],
        ),
        (
            [[-0.4, 0.9, 0.1], [0.7, -1.3, 0.6]],
            [[1.1, 0.2], [-0.5, 0.4], [0.3, -0.7]],
        ),
    ];
    for (a, b) in points {
        let (value, g) = mat_mat_grad(a, b);
        assert_eq!(value, mat_mat(a, b));
        // By hand: dC_ij = s_ij c_ij, dA = dC Bᵀ, dB = Aᵀ dC.
        let dc: [[f64; 2]; 2] = std::array::from_fn(|i| {
            std::array::from_fn(|j| {
                let c: f64 = (0..3).map(|k| a[i][k] * b[k][j]).sum();
                (1.0 + (i + 2 * j) as f64) * c
            })
        });
        for i in 0..2 {
            for k in 0..3 {
                let expected: f64 = (0..2).map(|j| dc[i][j] * b[k][j]).sum();
                close(&format!("dA[{i}][{k}] = dC Bᵀ"), g.a[i][k], expected);
            }
        }
        for k in 0..3 {
            for j in 0..2 {
                let expected: f64 = (0..2).map(|i| a[i][k] * dc[i][j]).sum();
                close(&format!("dB[{k}][{j}] = Aᵀ dC"), g.b[k][j], expected);
            }
        }
        let p = cat(&[a.as_flattened(), b.as_flattened()]);
        let grad = cat(&[g.a.as_flattened(), g.b.as_flattened()]);
        let f = |p: &[f64]| mat_mat(mat(&p[..6]), mat(&p[6..]));
        let twin = |p: &[Dual64]| mat_mat_twin(mat(&p[..6]), mat(&p[6..]));
        check("mat_mat", &p, value, &grad, f, twin);
    }
}

/// The outer product `o = u vᵀ` stored element by element, then a weighted sum of
/// `sin(o_ij)` plus a product of two of its elements.
#[differentiate]
fn outer(u: [f64; 2], v: [f64; 3]) -> f64 {
    let mut o = [[0.0; 3]; 2];
    for i in 0..2 {
        for j in 0..3 {
            o[i][j] = u[i] * v[j];
        }
    }
    let mut s = 0.0;
    for i in 0..2 {
        for j in 0..3 {
            s += o[i][j].sin() * (j as f64 + 1.0);
        }
    }
    s + o[1][2] * o[0][0]
}

fn outer_twin<D: Num>(u: [D; 2], v: [D; 3]) -> D {
    let mut s = D::from(0.0);
    for i in 0..2 {
        for j in 0..3 {
            s += (u[i] * v[j]).sin() * (j as f64 + 1.0);
        }
    }
    s + u[1] * v[2] * u[0] * v[0]
}

#[test]
fn outer_product() {
    for (u, v) in [
        ([0.4, -1.1], [0.3, 0.9, -0.6]),
        ([1.2, 0.5], [-0.7, 0.2, 1.3]),
    ] {
        let (value, g) = outer_grad(u, v);
        assert_eq!(value, outer(u, v));
        // By hand: dO_ij = (j + 1) cos(o_ij) (+ the product term), du = dO v, dv = dOᵀ u.
        let mut d_o = [[0.0; 3]; 2];
        for i in 0..2 {
            for j in 0..3 {
                d_o[i][j] = (j as f64 + 1.0) * (u[i] * v[j]).cos();
            }
        }
        d_o[1][2] += u[0] * v[0];
        d_o[0][0] += u[1] * v[2];
        for i in 0..2 {
            let expected: f64 = (0..3).map(|j| d_o[i][j] * v[j]).sum();
            close(&format!("du[{i}]"), g.u[i], expected);
        }
        for j in 0..3 {
            let expected: f64 = (0..2).map(|i| d_o[i][j] * u[i]).sum();
            close(&format!("dv[{j}]"), g.v[j], expected);
        }
        let p = cat(&[&u, &v]);
        let f = |p: &[f64]| outer(arr(&p[..2]), arr(&p[2..]));
        let twin = |p: &[Dual64]| outer_twin(arr(&p[..2]), arr(&p[2..]));
        check("outer", &p, value, &cat(&[&g.u, &g.v]), f, twin);
    }
}

/// The transpose written through a local matrix: `t[j][i] = m[i][j]`, read back as rows.
#[differentiate]
fn transpose_then_rows(m: [[f64; 3]; 2]) -> f64 {
    let mut t = [[0.0; 2]; 3];
    for i in 0..2 {
        for j in 0..3 {
            t[j][i] = m[i][j];
        }
    }
    let mut s = 0.0;
    for j in 0..3 {
        s += t[j][0] * t[j][1] * (j as f64 + 1.0);
    }
    s
}

#[test]
fn transposed_local_matrix() {
    for m in [
        [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]],
        [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]],
    ] {
        let (value, g) = transpose_then_rows_grad(m);
        assert_eq!(value, transpose_then_rows(m));
        for j in 0..3 {
            close("d m0j", g.m[0][j], m[1][j] * (j as f64 + 1.0));
            close("d m1j", g.m[1][j], m[0][j] * (j as f64 + 1.0));
        }
        let twin = |p: &[Dual64]| {
            let mut s = Dual64::from(0.0);
            for j in 0..3 {
                s += p[j] * p[3 + j] * (j as f64 + 1.0);
            }
            s
        };
        let f = |p: &[f64]| transpose_then_rows(mat(p));
        check(
            "transpose",
            m.as_flattened(),
            value,
            g.m.as_flattened(),
            f,
            twin,
        );
    }
}

// ---------------------------------------------------------------------------------
// Softmax, cross-entropy, log-sum-exp
// ---------------------------------------------------------------------------------

/// Softmax written with loops into local arrays (max shift, exponentials,
/// normalisation), then the cross-entropy `-ln p[label]`.
#[differentiate]
fn softmax_xent(z: [f64; 4], label: usize) -> f64 {
    let mut m = z[0];
    for i in 1..4 {
        if z[i] > m {
            m = z[i];
        }
    }
    let mut e = [0.0; 4];
    let mut total = 0.0;
    for i in 0..4 {
        e[i] = (z[i] - m).exp();
        total += e[i];
    }
    let mut p = [0.0; 4];
    for i in 0..4 {
        p[i] = e[i] / total;
    }
    -p[label].ln()
}

fn softmax_xent_twin<D: Num>(z: [D; 4], label: usize) -> D {
    let mut m = z[0];
    for i in 1..4 {
        if z[i] > m {
            m = z[i];
        }
    }
    let mut total = D::from(0.0);
    for i in 0..4 {
        total += (z[i] - m).exp();
    }
    -((z[label] - m).exp() / total).ln()
}

#[test]
fn softmax_cross_entropy_with_loops() {
    for (z, label) in [([0.3, -1.2, 2.0, 0.7], 2), ([1.5, 0.4, -0.3, 1.1], 3)] {
        let (value, g) = softmax_xent_grad(z, label);
        assert_eq!(value, softmax_xent(z, label));
        close(
            "value vs the grouped gate",
            value,
            backprop::softmax_cross_entropy(z, label),
        );
        // By hand: softmax(z) - onehot(label).
        let total: f64 = z.iter().map(|v| v.exp()).sum();
        for i in 0..4 {
            let onehot = if i == label { 1.0 } else { 0.0 };
            close(&format!("dz[{i}]"), g.z[i], z[i].exp() / total - onehot);
        }
        let f = |p: &[f64]| softmax_xent(arr(p), label);
        let twin = |p: &[Dual64]| softmax_xent_twin(arr(p), label);
        check("softmax_xent", &z, value, &g.z, f, twin);
    }
}

/// Softmax normalised in place (`e[i] /= total`), then attention-style `Σ p_i v_i`.
#[differentiate]
fn softmax_weighted(z: [f64; 3], v: [f64; 3]) -> f64 {
    let mut m = z[0];
    for i in 1..3 {
        m = m.max(z[i]);
    }
    let mut e = [0.0; 3];
    for i in 0..3 {
        e[i] = (z[i] - m).exp();
    }
    let total = e[0] + e[1] + e[2];
    for i in 0..3 {
        e[i] /= total;
    }
    let mut out = 0.0;
    for i in 0..3 {
        out += e[i] * v[i];
    }
    out
}

fn softmax_weighted_twin<D: Num>(z: [D; 3], v: [D; 3]) -> D {
    let e = [z[0].exp(), z[1].exp(), z[2].exp()];
    let total = e[0] + e[1] + e[2];
    (e[0] * v[0] + e[1] * v[1] + e[2] * v[2]) / total
}

#[test]
fn softmax_normalised_in_place() {
    for (z, v) in [
        ([0.3, -1.2, 2.0], [1.0, -0.5, 0.25]),
        ([1.5, 0.4, -0.3], [0.7, 1.9, -1.1]),
    ] {
        let (value, g) = softmax_weighted_grad(z, v);
        assert_eq!(value, softmax_weighted(z, v));
        let p = cat(&[&z, &v]);
        let f = |p: &[f64]| softmax_weighted(arr(&p[..3]), arr(&p[3..]));
        let twin = |p: &[Dual64]| softmax_weighted_twin(arr(&p[..3]), arr(&p[3..]));
        check("softmax_weighted", &p, value, &cat(&[&g.z, &g.v]), f, twin);
    }
}

/// `backprop::logsumexp` of a local array filled in a loop; the array is then modified
/// (`a[0] *= 2.0`, `a[2] = l`) and passed whole to `backprop::dot`: each whole read sees
/// the array as it was at that point.
#[differentiate]
fn logsumexp_local(x: [f64; 3], w: [f64; 3]) -> f64 {
    let mut a = [0.0; 3];
    for i in 0..3 {
        a[i] = w[i] * x[i] + x[i].sin();
    }
    let l = backprop::logsumexp(a);
    a[0] *= 2.0;
    a[2] = l;
    l + a[0] + backprop::dot(a, w)
}

fn logsumexp_local_twin<D: Num>(x: [D; 3], w: [D; 3]) -> D {
    let mut a: [D; 3] = std::array::from_fn(|i| w[i] * x[i] + x[i].sin());
    let l = (a[0].exp() + a[1].exp() + a[2].exp()).ln();
    a[0] *= 2.0;
    a[2] = l;
    l + a[0] + a[0] * w[0] + a[1] * w[1] + a[2] * w[2]
}

#[test]
fn logsumexp_of_a_local_array() {
    for (x, w) in [
        ([0.3, -1.2, 0.8], [1.0, -0.5, 0.25]),
        ([1.5, 0.4, -0.3], [0.7, 1.9, -1.1]),
    ] {
        let (value, g) = logsumexp_local_grad(x, w);
        assert_eq!(value, logsumexp_local(x, w));
        let p = cat(&[&x, &w]);
        let f = |p: &[f64]| logsumexp_local(arr(&p[..3]), arr(&p[3..]));
        let twin = |p: &[Dual64]| logsumexp_local_twin(arr(&p[..3]), arr(&p[3..]));
        check("logsumexp_local", &p, value, &cat(&[&g.x, &g.w]), f, twin);
    }
}

// ---------------------------------------------------------------------------------
// A two-layer MLP in one function
// ---------------------------------------------------------------------------------

/// `h = tanh(W1 x + b1)` built in place (`h[i] = b1[i]; h[i] += ..; h[i] = h[i].tanh()`),
/// `o = W2 h + b2`, and the loss `logsumexp(o) - o[0]` (cross-entropy for class 0).
#[differentiate]
fn mlp(w1: [[f64; 3]; 4], b1: [f64; 4], w2: [[f64; 4]; 2], b2: [f64; 2], x: [f64; 3]) -> f64 {
    let mut h = [0.0; 4];
    for i in 0..4 {
        h[i] = b1[i];
        for j in 0..3 {
            h[i] += w1[i][j] * x[j];
        }
        h[i] = h[i].tanh();
    }
    let mut o = [0.0; 2];
    for k in 0..2 {
        o[k] = b2[k];
        for i in 0..4 {
            o[k] += w2[k][i] * h[i];
        }
    }
    backprop::logsumexp(o) - o[0]
}

fn mlp_twin<D: Num>(w1: [[D; 3]; 4], b1: [D; 4], w2: [[D; 4]; 2], b2: [D; 2], x: [D; 3]) -> D {
    let h: [D; 4] = std::array::from_fn(|i| {
        let mut z = b1[i];
        for j in 0..3 {
            z += w1[i][j] * x[j];
        }
        z.tanh()
    });
    let o: [D; 2] = std::array::from_fn(|k| {
        let mut z = b2[k];
        for i in 0..4 {
            z += w2[k][i] * h[i];
        }
        z
    });
    (o[0].exp() + o[1].exp()).ln() - o[0]
}

/// The 29 MLP parameters of a test point, `seed` varying them.
fn mlp_point(seed: f64) -> Vec<f64> {
    (0..29)
        .map(|i| (i as f64 * 0.37 + seed).sin() * 1.3)
        .collect()
}

fn mlp_flat<T: Copy, R>(
    p: &[T],
    f: impl Fn([[T; 3]; 4], [T; 4], [[T; 4]; 2], [T; 2], [T; 3]) -> R,
) -> R {
    f(
        mat(&p[..12]),
        arr(&p[12..16]),
        mat(&p[16..24]),
        arr(&p[24..26]),
        arr(&p[26..29]),
    )
}

#[test]
fn two_layer_mlp() {
    for seed in [0.1, 1.7, -2.3] {
        let p = mlp_point(seed);
        let (value, g) = mlp_flat(&p, mlp_grad);
        assert_eq!(value, mlp_flat(&p, mlp));
        let grad = cat(&[g.w1.as_flattened(), &g.b1, g.w2.as_flattened(), &g.b2, &g.x]);
        // By hand for the last layer: do = softmax(o) - e0, dW2 = do hᵀ, db2 = do.
        let h: [f64; 4] = std::array::from_fn(|i| {
            let z: f64 = p[12 + i] + (0..3).map(|j| p[3 * i + j] * p[26 + j]).sum::<f64>();
            z.tanh()
        });
        let o: [f64; 2] = std::array::from_fn(|k| {
            p[24 + k] + (0..4).map(|i| p[16 + 4 * k + i] * h[i]).sum::<f64>()
        });
        let total = o[0].exp() + o[1].exp();
        let d_o = [o[0].exp() / total - 1.0, o[1].exp() / total];
        for k in 0..2 {
            close("db2 = do", g.b2[k], d_o[k]);
            for i in 0..4 {
                close("dW2 = do hᵀ", g.w2[k][i], d_o[k] * h[i]);
            }
        }
        let f = |p: &[f64]| mlp_flat(p, mlp);
        let twin = |p: &[Dual64]| mlp_flat(p, mlp_twin);
        check("mlp", &p, value, &grad, f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Overwriting elements: the cleared adjoint
// ---------------------------------------------------------------------------------

/// `a[0]` is read (into `t`), then overwritten: its old value reaches the result only
/// through `t`, so the adjoint of the overwritten element must be cleared.
#[differentiate]
fn overwrite_after_read(x: f64) -> f64 {
    let mut a = [0.0; 2];
    a[0] = x;
    let t = a[0] * 2.0;
    a[0] = t.sin();
    a[0] + t
}

#[test]
fn overwrite_after_read_clears_the_adjoint() {
    for x in [0.3, -1.1, 2.2] {
        let (value, g) = overwrite_after_read_grad(x);
        assert_eq!(value, overwrite_after_read(x));
        close("d/dx = 2 cos 2x + 2", g.x, 2.0 * (2.0 * x).cos() + 2.0);
        let twin = |p: &[Dual64]| {
            let t = p[0] * 2.0;
            t.sin() + t
        };
        check(
            "overwrite_after_read",
            &[x],
            value,
            &[g.x],
            |p| overwrite_after_read(p[0]),
            twin,
        );
    }
}

/// Two elements overwriting each other in a loop, each new value reading the old ones.
#[differentiate]
fn overwrite_in_loop(x: f64, y: f64) -> f64 {
    let mut a = [0.0; 2];
    a[0] = x;
    a[1] = y;
    for _ in 0..3 {
        a[1] = a[1] * x + a[0];
        a[0] = a[1].cos();
    }
    a[0] + a[1]
}

fn overwrite_in_loop_twin<D: Num>(x: D, y: D) -> D {
    let (mut a0, mut a1) = (x, y);
    for _ in 0..3 {
        a1 = a1 * x + a0;
        a0 = a1.cos();
    }
    a0 + a1
}

/// A swap through a temporary: `t = a[0]; a[0] = a[1]; a[1] = t;` (written out: the
/// point is that `t` keeps the old `a[0]`).
#[allow(clippy::manual_swap)]
#[differentiate]
fn swap_elements(x: f64, y: f64) -> f64 {
    let mut a = [x, y * y];
    let t = a[0];
    a[0] = a[1];
    a[1] = t;
    a[0] * 3.0 + a[1].exp()
}

#[test]
fn overwrites_in_loops_and_swaps() {
    for (x, y) in [(0.4, -0.7), (1.3, 0.9)] {
        let (value, g) = overwrite_in_loop_grad(x, y);
        assert_eq!(value, overwrite_in_loop(x, y));
        let f = |p: &[f64]| overwrite_in_loop(p[0], p[1]);
        let twin = |p: &[Dual64]| overwrite_in_loop_twin(p[0], p[1]);
        check("overwrite_in_loop", &[x, y], value, &[g.x, g.y], f, twin);

        let (value, g) = swap_elements_grad(x, y);
        assert_eq!(value, swap_elements(x, y));
        close("swap d/dx = e^x", g.x, x.exp());
        close("swap d/dy = 6y", g.y, 6.0 * y);
        let f = |p: &[f64]| swap_elements(p[0], p[1]);
        let twin = |p: &[Dual64]| p[1] * p[1] * 3.0 + p[0].exp();
        check("swap_elements", &[x, y], value, &[g.x, g.y], f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Compound assignment: *=, -=, /=
// ---------------------------------------------------------------------------------

/// `a[i] *= ..`, `a[i] -= ..`, `a[i] /= ..`, including an element times itself and an
/// element updated from another.
#[differentiate]
fn compound(x: [f64; 3], y: f64) -> f64 {
    let mut a = [1.0, 2.0, 3.0];
    for i in 0..3 {
        a[i] *= x[i];
        a[i] -= y * x[(i + 1) % 3];
    }
    a[0] *= a[0];
    a[1] -= a[2];
    a[2] /= y;
    a[2] *= a[1];
    a[0] + a[1] * y + a[2]
}

fn compound_twin<D: Num>(x: [D; 3], y: D) -> D {
    let mut a: [D; 3] = std::array::from_fn(|i| x[i] * (i as f64 + 1.0) - y * x[(i + 1) % 3]);
    a[0] = a[0] * a[0];
    a[1] -= a[2];
    a[2] /= y;
    a[2] *= a[1];
    a[0] + a[1] * y + a[2]
}

#[test]
fn compound_element_assignment() {
    for (x, y) in [([0.3, -1.2, 0.8], 0.7), ([1.5, 0.4, -0.3], -1.6)] {
        let (value, g) = compound_grad(x, y);
        assert_eq!(value, compound(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| compound(arr(p), p[3]);
        let twin = |p: &[Dual64]| compound_twin(arr(p), p[3]);
        check("compound", &p, value, &cat(&[&g.x, &[g.y]]), f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Control flow around element assignment
// ---------------------------------------------------------------------------------

/// Element assignment in both arms of an `if` inside a loop, and in an `if` without
/// `else` after it (taken for `y > 1`, untaken otherwise), and from an `if` expression.
#[differentiate]
fn branch_store(x: [f64; 3], y: f64) -> f64 {
    let mut a = [0.5; 3];
    for i in 0..3 {
        if x[i] > 0.0 {
            a[i] = x[i] * y;
        } else {
            a[i] += y.exp() * x[i];
        }
    }
    if y > 1.0 {
        a[0] = y * y;
    }
    a[1] -= if x[2] > x[1] { x[2] } else { y };
    a[0] * a[1] + a[2].sin()
}

fn branch_store_twin<D: Num>(x: [D; 3], y: D) -> D {
    let mut a: [D; 3] = std::array::from_fn(|i| {
        if x[i] > 0.0 {
            x[i] * y
        } else {
            y.exp() * x[i] + 0.5
        }
    });
    if y > 1.0 {
        a[0] = y * y;
    }
    a[1] -= if x[2] > x[1] { x[2] } else { y };
    a[0] * a[1] + a[2].sin()
}

#[test]
fn element_assignment_in_branches() {
    let points = [
        ([0.3, -1.2, 0.8], 0.7),  // `y > 1` untaken, mixed arms
        ([-0.5, 0.4, -0.3], 1.6), // `y > 1` taken, `x[2] > x[1]` false
        ([1.1, 0.9, 0.2], 1.3),   // all positive
    ];
    for (x, y) in points {
        let (value, g) = branch_store_grad(x, y);
        assert_eq!(value, branch_store(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| branch_store(arr(p), p[3]);
        let twin = |p: &[Dual64]| branch_store_twin(arr(p), p[3]);
        check("branch_store", &p, value, &cat(&[&g.x, &[g.y]]), f, twin);
    }
}

/// A `while` loop storing into `a[i]` and leaving early with `break` once a stored
/// value exceeds 1: the elements after the break keep their initial zeros.
#[differentiate]
fn while_break(x: [f64; 4], y: f64) -> f64 {
    let mut a = [0.0; 4];
    let mut i = 0;
    while i < 4 {
        a[i] = x[i] * y;
        if a[i] > 1.0 {
            break;
        }
        a[i] += y;
        i += 1;
    }
    a[0] * a[1] + a[2] + a[3] * y
}

fn while_break_twin<D: Num>(x: [D; 4], y: D) -> D {
    let mut a = [D::from(0.0); 4];
    for i in 0..4 {
        a[i] = x[i] * y;
        if a[i] > 1.0 {
            break;
        }
        a[i] += y;
    }
    a[0] * a[1] + a[2] + a[3] * y
}

#[test]
fn element_assignment_in_a_while_loop_with_break() {
    let points = [
        ([0.3, 2.5, 0.8, 0.1], 0.9),  // breaks at i = 1
        ([0.3, -0.5, 0.8, 0.1], 0.9), // runs to the end
        ([2.0, 0.1, 0.2, 0.3], 1.2),  // breaks at i = 0
    ];
    for (x, y) in points {
        let (value, g) = while_break_grad(x, y);
        assert_eq!(value, while_break(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| while_break(arr(p), p[4]);
        let twin = |p: &[Dual64]| while_break_twin(arr(p), p[4]);
        check("while_break", &p, value, &cat(&[&g.x, &[g.y]]), f, twin);
    }
}

/// Nested loops updating two elements per inner iteration (`f[i] += ..; f[j] -= ..`),
/// and a triangular loop writing a symmetric matrix (`s[i][j] = ..; s[j][i] = s[i][j]`).
#[differentiate]
fn nested_updates(x: [f64; 3]) -> f64 {
    let mut f = [0.0; 3];
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                let d = x[i] - x[j];
                f[i] += d / (1.0 + d * d);
                f[j] -= 0.5 * d;
            }
        }
    }
    let mut s = [[1.0; 3]; 3];
    for i in 0..3 {
        for j in 0..i {
            s[i][j] = x[i] * x[j];
            s[j][i] = s[i][j];
        }
        s[i][i] = f[i];
    }
    let mut total = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            total += s[i][j] * (1.0 + i as f64 * 0.5 - j as f64 * 0.25);
        }
    }
    total + f[0] * f[1]
}

fn nested_updates_twin<D: Num>(x: [D; 3]) -> D {
    let mut f = [D::from(0.0); 3];
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                let d = x[i] - x[j];
                f[i] += d / (d * d + 1.0);
                f[j] -= d * 0.5;
            }
        }
    }
    let mut total = D::from(0.0);
    for i in 0..3 {
        for j in 0..3 {
            let s = if i == j { f[i] } else { x[i] * x[j] };
            total += s * (1.0 + i as f64 * 0.5 - j as f64 * 0.25);
        }
    }
    total + f[0] * f[1]
}

#[test]
fn element_assignment_in_nested_loops() {
    for x in [[0.3, -1.2, 0.8], [1.5, 0.4, -0.3]] {
        let (value, g) = nested_updates_grad(x);
        assert_eq!(value, nested_updates(x));
        let f = |p: &[f64]| nested_updates(arr(p));
        let twin = |p: &[Dual64]| nested_updates_twin(arr(p));
        check("nested_updates", &x, value, &g.x, f, twin);
    }
}

/// A local array declared inside a `for` body: fresh (zeros) on every iteration, nothing
/// carried from the previous one (`t[1] += ..` reads the fresh zero). (A constant
/// fill reads nothing, yet must not be hoisted out of the loop as loop-invariant.)
#[differentiate]
fn fresh_each_iteration(x: [f64; 3], y: f64) -> f64 {
    let mut total = 0.0;
    for k in 0..3 {
        let mut t = [0.0; 2];
        t[0] = x[k];
        t[1] += t[0] * y;
        t[0] *= t[1];
        total += t[0] + t[1].sin();
    }
    total
}

fn fresh_each_iteration_twin<D: Num>(x: [D; 3], y: D) -> D {
    let mut total = D::from(0.0);
    for k in 0..3 {
        let t1 = x[k] * y;
        let t0 = x[k] * t1;
        total += t0 + t1.sin();
    }
    total
}

#[test]
fn arrays_of_constants_declared_inside_a_for_loop_are_fresh() {
    for (x, y) in [([0.3, -1.2, 0.8], 0.7), ([1.5, 0.4, -0.3], -1.6)] {
        let (value, g) = fresh_each_iteration_grad(x, y);
        assert_eq!(value, fresh_each_iteration(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| fresh_each_iteration(arr(p), p[3]);
        let twin = |p: &[Dual64]| fresh_each_iteration_twin(arr(p), p[3]);
        let grad = cat(&[&g.x, &[g.y]]);
        check("fresh_each_iteration", &p, value, &grad, f, twin);
    }
}

/// A local array built from values (`[x[k], y]`) inside a `for` body, and one of
/// constants inside a `while` body: fresh on every iteration.
#[differentiate]
fn fresh_each_iteration_ok(x: [f64; 3], y: f64) -> f64 {
    let mut total = 0.0;
    for k in 0..3 {
        let mut u = [x[k], y];
        u[1] -= u[0] * u[0];
        u[0] *= u[1];
        total += u[1] * u[0];
    }
    let mut k = 0;
    while k < 3 {
        let mut t = [0.0; 2];
        t[0] = x[k];
        t[1] += t[0] * y;
        t[0] *= t[1];
        total += t[0] + t[1].sin();
        k += 1;
    }
    total
}

fn fresh_each_iteration_ok_twin<D: Num>(x: [D; 3], y: D) -> D {
    let mut total = D::from(0.0);
    for k in 0..3 {
        let u1 = y - x[k] * x[k];
        let u0 = x[k] * u1;
        total += u1 * u0;
    }
    total + fresh_each_iteration_twin(x, y)
}

#[test]
fn arrays_declared_inside_a_loop_are_fresh() {
    for (x, y) in [([0.3, -1.2, 0.8], 0.7), ([1.5, 0.4, -0.3], -1.6)] {
        let (value, g) = fresh_each_iteration_ok_grad(x, y);
        assert_eq!(value, fresh_each_iteration_ok(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| fresh_each_iteration_ok(arr(p), p[3]);
        let twin = |p: &[Dual64]| fresh_each_iteration_ok_twin(arr(p), p[3]);
        let grad = cat(&[&g.x, &[g.y]]);
        check("fresh_each_iteration_ok", &p, value, &grad, f, twin);
    }
}

/// A run-time trip count (`0..n`, saved in a `Vec`) storing into a local array.
#[differentiate]
fn runtime_bound(x: [f64; 4], n: usize) -> f64 {
    let mut a = [1.0; 4];
    for i in 0..n {
        a[i] = a[(i + 3) % 4] * x[i] + 0.1;
    }
    a[0] * a[1] + a[2] * a[3]
}

fn runtime_bound_twin<D: Num>(x: [D; 4], n: usize) -> D {
    let mut a = [D::from(1.0); 4];
    for i in 0..n {
        a[i] = a[(i + 3) % 4] * x[i] + 0.1;
    }
    a[0] * a[1] + a[2] * a[3]
}

#[test]
fn runtime_trip_count() {
    for n in [0, 2, 4] {
        for x in [[0.3, -1.2, 0.8, 1.1], [1.5, 0.4, -0.3, 0.6]] {
            let (value, g) = runtime_bound_grad(x, n);
            assert_eq!(value, runtime_bound(x, n));
            let f = |p: &[f64]| runtime_bound(arr(p), n);
            let twin = |p: &[Dual64]| runtime_bound_twin(arr(p), n);
            check("runtime_bound", &x, value, &g.x, f, twin);
        }
    }
}

// ---------------------------------------------------------------------------------
// Arrays copied from parameters and built from values
// ---------------------------------------------------------------------------------

/// `let mut a = w;` (and a matrix `let mut n = m;`) then modified: the gradient flows
/// back to the parameters through the copies and through the direct reads.
#[differentiate]
fn copy_of_parameter(w: [f64; 3], m: [[f64; 2]; 2]) -> f64 {
    let mut a = w;
    a[0] *= 2.0;
    a[1] += w[0];
    a[2] = a[1] * a[0];
    let mut n = m;
    n[0][1] += n[1][0] * a[2];
    n[1][1] = m[0][0];
    a[0] * a[1] + a[2] + n[0][1] * n[1][1] + n[1][0] + w[2] + n[0][0]
}

fn copy_of_parameter_twin<D: Num>(w: [D; 3], m: [[D; 2]; 2]) -> D {
    let a0 = w[0] * 2.0;
    let a1 = w[1] + w[0];
    let a2 = a1 * a0;
    let n01 = m[0][1] + m[1][0] * a2;
    a0 * a1 + a2 + n01 * m[0][0] + m[1][0] + w[2] + m[0][0]
}

#[test]
fn array_copied_from_a_parameter() {
    for (w, m) in [
        ([0.3, -1.2, 0.8], [[0.5, -0.4], [1.1, 0.7]]),
        ([1.5, 0.4, -0.3], [[-0.9, 0.2], [0.6, -1.3]]),
    ] {
        let (value, g) = copy_of_parameter_grad(w, m);
        assert_eq!(value, copy_of_parameter(w, m));
        // w[2] reaches the result only through `+ w[2]` (a[2] was overwritten): 1;
        // m[1][1] is overwritten in the copy and never read directly: 0.
        close("dw[2]", g.w[2], 1.0);
        close("dm[1][1]", g.m[1][1], 0.0);
        let p = cat(&[&w, m.as_flattened()]);
        let f = |p: &[f64]| copy_of_parameter(arr(p), mat(&p[3..]));
        let twin = |p: &[Dual64]| copy_of_parameter_twin(arr(p), mat(&p[3..]));
        let grad = cat(&[&g.w, g.m.as_flattened()]);
        check("copy_of_parameter", &p, value, &grad, f, twin);
    }
}

/// `let mut a = [x, y, x * y];` built from differentiated values, then assigned.
#[differentiate]
fn from_values(x: f64, y: f64) -> f64 {
    let mut a = [x, y, x * y];
    a[0] *= y;
    a[1] = a[0] + a[2];
    a[2] -= x;
    a[0] * a[1] + a[2]
}

#[test]
fn array_built_from_values() {
    for (x, y) in [(0.4, -0.7), (1.3, 0.9)] {
        let (value, g) = from_values_grad(x, y);
        assert_eq!(value, from_values(x, y));
        let twin = |p: &[Dual64]| {
            let (x, y) = (p[0], p[1]);
            let a0 = x * y;
            let a1 = a0 + x * y;
            a0 * a1 + x * y - x
        };
        let f = |p: &[f64]| from_values(p[0], p[1]);
        check("from_values", &[x, y], value, &[g.x, g.y], f, twin);
    }
}

// ---------------------------------------------------------------------------------
// wrt, f32, forward + backward
// ---------------------------------------------------------------------------------

/// Only `w` is differentiated: `x` and `b` are constants.
#[differentiate(wrt(w))]
fn wrt_subset(w: [f64; 3], x: [f64; 3], b: f64) -> f64 {
    let mut y = [0.0; 3];
    for i in 0..3 {
        y[i] = w[i] * x[i] + b;
        y[i] *= y[i];
    }
    y[0] + y[1] * y[2]
}

#[test]
fn wrt_a_subset() {
    let x = [0.4, -1.1, 2.0];
    for (w, b) in [([0.3, -0.7, 1.2], 0.5), ([1.5, 0.2, -0.4], -0.8)] {
        let (value, g) = wrt_subset_grad(w, x, b);
        assert_eq!(value, wrt_subset(w, x, b));
        // The gradient struct has exactly one field, `w`.
        let WrtSubsetGrad { w: dw } = g;
        let f = |p: &[f64]| wrt_subset(arr(p), x, p[3]);
        let twin = |p: &[Dual64]| {
            let y: [Dual64; 3] = std::array::from_fn(|i| {
                let t = p[i] * x[i] + p[3];
                t * t
            });
            y[0] + y[1] * y[2]
        };
        let pairs: Vec<(usize, f64)> = dw.iter().copied().enumerate().collect();
        check_wrt("wrt_subset", &cat(&[&w, &[b]]), value, &pairs, f, twin);
    }
}

/// [`mat_vec_loss`] in `f32`.
#[differentiate]
fn mat_vec_loss_f32(w: [[f32; 3]; 2], x: [f32; 3]) -> f32 {
    let mut y = [0.0; 2];
    for i in 0..2 {
        for j in 0..3 {
            y[i] += w[i][j] * x[j];
        }
    }
    let mut loss = 0.0;
    for i in 0..2 {
        y[i] -= 0.5 - 1.5 * i as f32;
        loss += 0.5 * y[i] * y[i];
    }
    loss
}

#[test]
fn f32_mat_vec() {
    let points = [
        (
            [[0.5f32, -1.0, 2.0], [1.5, 0.25, -0.75]],
            [0.3f32, -1.2, 0.8],
        ),
        ([[-0.4, 0.9, 0.1], [0.7, -1.3, 0.6]], [1.1, 0.2, -0.5]),
    ];
    for (w, x) in points {
        let (value, g) = mat_vec_loss_f32_grad(w, x);
        assert_eq!(value, mat_vec_loss_f32(w, x));
        let p = [w.as_flattened(), &x].concat();
        let grad = [g.w.as_flattened(), &g.x].concat();
        let f = |p: &[f32]| mat_vec_loss_f32(mat(&p[..6]), arr(&p[6..]));
        let twin = |p: &[Dual64]| mat_vec_loss_twin(mat(&p[..6]), arr(&p[6..]));
        check_f32("mat_vec_loss_f32", &p, value, &grad, f, twin);
    }
}

#[test]
fn forward_then_backward_with_a_seed() {
    for d_out in [-2.5, 0.75] {
        for seed in [0.1, 1.7] {
            let p = mlp_point(seed);
            let (value, cache) = mlp_flat(&p, mlp_forward);
            let g = mlp_backward(&cache, d_out);
            let again = mlp_backward(&cache.clone(), d_out);
            assert_eq!(g, again, "the backward pass leaves the cache as it was");
            let (full_value, full) = mlp_flat(&p, mlp_grad);
            assert_eq!(value, full_value);
            let scaled = |a: &[f64], b: &[f64]| {
                for (a, b) in a.iter().zip(b) {
                    close("d_out * grad", *a, d_out * b);
                }
            };
            scaled(g.w1.as_flattened(), full.w1.as_flattened());
            scaled(&g.b1, &full.b1);
            scaled(g.w2.as_flattened(), full.w2.as_flattened());
            scaled(&g.b2, &full.b2);
            scaled(&g.x, &full.x);
        }
        for x in [[0.3, -1.2, 0.7, 1.1], [1.4, 0.5, -0.8, 0.9]] {
            let (value, cache) = prefix_sums_products_forward(x);
            assert_eq!(value, prefix_sums_products(x));
            let g = prefix_sums_products_backward(&cache, d_out);
            let (_, full) = prefix_sums_products_grad(x);
            for i in 0..4 {
                close("prefix d_out * grad", g.x[i], d_out * full.x[i]);
            }
            let (value, cache) = while_break_forward(x, 0.9);
            assert_eq!(value, while_break(x, 0.9));
            let g = while_break_backward(&cache, d_out);
            let (_, full) = while_break_grad(x, 0.9);
            close("while d_out * dy", g.y, d_out * full.y);
            for i in 0..4 {
                close("while d_out * dx", g.x[i], d_out * full.x[i]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// More forms: calls, labeled jumps, `return`, copies of local arrays, `match`,
// element-to-element moves, the grouped cross-entropy gate
// ---------------------------------------------------------------------------------

#[differentiate]
fn helper(x: f64, y: f64) -> f64 {
    x * y.sin()
}

/// Elements assigned the result of another `#[differentiate]` function, one of them
/// called on elements of the same array.
#[differentiate]
fn stores_of_calls(x: [f64; 3]) -> f64 {
    let mut a = [0.0; 3];
    for i in 0..3 {
        a[i] = helper(x[i], x[(i + 1) % 3]);
    }
    a[1] += helper(a[0], a[2]);
    a[0] * a[1] + a[2] + a[1]
}

fn stores_of_calls_twin<D: Num>(x: [D; 3]) -> D {
    let h = |x: D, y: D| x * y.sin();
    let mut a: [D; 3] = std::array::from_fn(|i| h(x[i], x[(i + 1) % 3]));
    a[1] += h(a[0], a[2]);
    a[0] * a[1] + a[2] + a[1]
}

#[test]
fn stores_of_calls_to_differentiated_functions() {
    for x in [[0.3, -0.7, 1.1], [1.5, 0.4, -0.3]] {
        let (value, g) = stores_of_calls_grad(x);
        assert_eq!(value, stores_of_calls(x));
        let f = |p: &[f64]| stores_of_calls(arr(p));
        let twin = |p: &[Dual64]| stores_of_calls_twin(arr(p));
        check("stores_of_calls", &x, value, &g.x, f, twin);
    }
}

/// `continue 'outer`, `break 'outer` and `continue` around stores into a local matrix,
/// including a transposed `a[j][i] += ..`.
#[differentiate]
fn labeled_jumps(x: [f64; 3], y: f64) -> f64 {
    let mut a = [[0.0; 3]; 3];
    'outer: for i in 0..3 {
        for j in 0..3 {
            if j > i {
                continue 'outer;
            }
            a[i][j] = x[i] * x[j] + y;
            if a[i][j] > 2.0 {
                break 'outer;
            }
            if x[j] < 0.0 {
                continue;
            }
            a[j][i] += y * x[j];
        }
    }
    let mut s = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            s += a[i][j] * (1.0 + (i * 3 + j) as f64);
        }
    }
    s
}

fn labeled_jumps_twin<D: Num>(x: [D; 3], y: D) -> D {
    let mut a = [[D::from(0.0); 3]; 3];
    'outer: for i in 0..3 {
        for j in 0..=i {
            a[i][j] = x[i] * x[j] + y;
            if a[i][j] > 2.0 {
                break 'outer;
            }
            if x[j] < 0.0 {
                continue;
            }
            a[j][i] += y * x[j];
        }
    }
    let mut s = D::from(0.0);
    for i in 0..3 {
        for j in 0..3 {
            s += a[i][j] * (1.0 + (i * 3 + j) as f64);
        }
    }
    s
}

#[test]
fn labeled_break_and_continue_around_stores() {
    let points = [
        ([0.3, -0.7, 1.1], 0.2), // no break, one `continue`
        ([0.9, 1.2, 0.4], 0.2),  // no break
        ([0.3, -0.7, 1.1], 1.5), // `break 'outer` at (1, 1)
        ([0.9, 1.2, 0.4], 1.5),  // `break 'outer` at (0, 0)
    ];
    for (x, y) in points {
        let (value, g) = labeled_jumps_grad(x, y);
        assert_eq!(value, labeled_jumps(x, y));
        let p = cat(&[&x, &[y]]);
        let f = |p: &[f64]| labeled_jumps(arr(p), p[3]);
        let twin = |p: &[Dual64]| labeled_jumps_twin(arr(p), p[3]);
        check("labeled_jumps", &p, value, &cat(&[&g.x, &[g.y]]), f, twin);
    }
}

/// A `return` from inside the loop that fills the array, reading the stored elements.
#[differentiate]
fn return_from_the_filling_loop(x: [f64; 4]) -> f64 {
    let mut a = [0.0; 4];
    for i in 0..4 {
        a[i] = x[i].exp();
        if a[i] > 3.0 {
            return a[0] + a[i] * 2.0;
        }
    }
    a[0] * a[3]
}

fn return_from_the_filling_loop_twin<D: Num>(x: [D; 4]) -> D {
    let a: [D; 4] = std::array::from_fn(|i| x[i].exp());
    for i in 0..4 {
        if a[i] > 3.0 {
            return a[0] + a[i] * 2.0;
        }
    }
    a[0] * a[3]
}

#[test]
fn return_from_inside_the_filling_loop() {
    for x in [
        [0.3, -0.7, 1.3, 0.2],
        [0.3, -0.7, 0.1, 0.2],
        [1.4, 0.5, 0.6, 0.7],
    ] {
        let (value, g) = return_from_the_filling_loop_grad(x);
        assert_eq!(value, return_from_the_filling_loop(x));
        let f = |p: &[f64]| return_from_the_filling_loop(arr(p));
        let twin = |p: &[Dual64]| return_from_the_filling_loop_twin(arr(p));
        check("return_from_the_filling_loop", &x, value, &g.x, f, twin);
    }
}

/// Copies of a local array (`let b = a;`, `let mut c = a;`) keep the values of the moment
/// they were taken while `a` and `c` are modified afterwards.
#[differentiate]
fn copies_of_a_local_array(x: [f64; 3]) -> f64 {
    let mut a = [0.0; 3];
    for i in 0..3 {
        a[i] = x[i] * x[i];
    }
    let b = a;
    let mut c = a;
    a[0] = x[1];
    c[1] *= a[0];
    a[2] = a[K - 2];
    b[0] * 2.0 + b[1] + c[0] * c[1] + c[2] + a[0] * a[1] + a[2]
}

fn copies_of_a_local_array_twin<D: Num>(x: [D; 3]) -> D {
    let b: [D; 3] = std::array::from_fn(|i| x[i] * x[i]);
    let c = [b[0], b[1] * x[1], b[2]];
    let a = [x[1], b[1], b[1]];
    b[0] * 2.0 + b[1] + c[0] * c[1] + c[2] + a[0] * a[1] + a[2]
}

#[test]
fn copies_of_a_local_array_are_snapshots() {
    for x in [[0.3, -0.7, 1.1], [1.5, 0.4, -0.3]] {
        let (value, g) = copies_of_a_local_array_grad(x);
        assert_eq!(value, copies_of_a_local_array(x));
        let f = |p: &[f64]| copies_of_a_local_array(arr(p));
        let twin = |p: &[Dual64]| copies_of_a_local_array_twin(arr(p));
        check("copies_of_a_local_array", &x, value, &g.x, f, twin);
    }
}

/// Stores in the arms of a `match` on a constant.
#[differentiate]
fn stores_in_match_arms(x: [f64; 3], n: usize) -> f64 {
    let mut a = [1.0; 3];
    for i in 0..3 {
        match (i + n) % 3 {
            0 => a[i] = x[i] * 2.0,
            1 => a[i] += x[i].sin(),
            _ => {
                a[i] -= x[0];
            }
        }
    }
    a[0] * a[1] * a[2]
}

fn stores_in_match_arms_twin<D: Num>(x: [D; 3], n: usize) -> D {
    let a: [D; 3] = std::array::from_fn(|i| match (i + n) % 3 {
        0 => x[i] * 2.0,
        1 => x[i].sin() + 1.0,
        _ => -x[0] + 1.0,
    });
    a[0] * a[1] * a[2]
}

#[test]
fn stores_in_match_arms_on_a_constant() {
    for n in 0..3 {
        for x in [[0.3, -0.7, 1.1], [1.5, 0.4, -0.3]] {
            let (value, g) = stores_in_match_arms_grad(x, n);
            assert_eq!(value, stores_in_match_arms(x, n));
            let f = |p: &[f64]| stores_in_match_arms(arr(p), n);
            let twin = |p: &[Dual64]| stores_in_match_arms_twin(arr(p), n);
            check("stores_in_match_arms", &x, value, &g.x, f, twin);
        }
    }
}

/// Elements moved into each other (`a[0] = a[2]; a[2] = a[1]; a[1] = a[0];`), and the
/// grouped `softmax_cross_entropy` gate on a local array.
#[differentiate]
fn moves_and_cross_entropy(x: [f64; 3], label: usize) -> f64 {
    let mut a = [x[0], x[1], x[2]];
    a[0] = a[2];
    a[2] = a[1];
    a[1] = a[0];
    let mut z = [0.0; 3];
    for i in 0..3 {
        z[i] = a[i] * (i as f64 + 1.0);
    }
    z[label] -= 0.5;
    backprop::softmax_cross_entropy(z, label) + a[0] + a[1] * 10.0 + a[2] * 100.0
}

fn moves_and_cross_entropy_twin<D: Num>(x: [D; 3], label: usize) -> D {
    let a = [x[2], x[2], x[1]];
    let mut z: [D; 3] = std::array::from_fn(|i| a[i] * (i as f64 + 1.0));
    z[label] -= 0.5;
    let lse = (z[0].exp() + z[1].exp() + z[2].exp()).ln();
    lse - z[label] + a[0] + a[1] * 10.0 + a[2] * 100.0
}

#[test]
fn element_moves_and_the_cross_entropy_gate() {
    for label in [0, 2] {
        for x in [[0.3, -0.7, 1.1], [1.5, 0.4, -0.3]] {
            let (value, g) = moves_and_cross_entropy_grad(x, label);
            assert_eq!(value, moves_and_cross_entropy(x, label));
            // x[0] is overwritten before anything reads it.
            assert_eq!(g.x[0], 0.0);
            let f = |p: &[f64]| moves_and_cross_entropy(arr(p), label);
            let twin = |p: &[Dual64]| moves_and_cross_entropy_twin(arr(p), label);
            check("moves_and_cross_entropy", &x, value, &g.x, f, twin);
        }
    }
}

/// An array declared in a loop body and filled only by element assignments in an
/// inner loop: the loop-carried sum reading it must count as differentiated.
#[allow(clippy::manual_memcpy)]
#[differentiate(wrt(a))]
fn filled_in_inner_loop(a: [f64; 2]) -> f64 {
    let mut s = 0.0;
    for _i in 0..3 {
        let mut t = [0.0; 2];
        for k in 0..2 {
            t[k] = a[k];
        }
        s += t[0] * t[1];
    }
    2.0 * s
}

#[test]
fn arrays_filled_in_an_inner_loop_are_differentiated() {
    for a in [[0.3, 0.5], [-1.2, 2.0]] {
        let (value, g) = filled_in_inner_loop_grad(a);
        assert_eq!(value, filled_in_inner_loop(a));
        assert!((g.a[0] - 6.0 * a[1]).abs() < 1e-12, "{g:?}");
        assert!((g.a[1] - 6.0 * a[0]).abs() < 1e-12, "{g:?}");
    }
}

/// Arrays of constant floats that are not all literals (`[c, 1.0]` with `c` not
/// differentiated) are arrays too: assigned into, iterated with `enumerate` and `zip`.
#[differentiate(wrt(y, ys))]
fn constant_but_not_literal(c: f64, y: f64, ys: [f64; 2]) -> f64 {
    let mut a = [c, 1.0];
    a[1] = y * 2.0;
    let arr = [c, 1.0];
    let mut head = 0.1;
    for (i, v) in arr.iter().enumerate() {
        head += v * ys[i];
    }
    for (v, w) in arr.iter().zip(ys.iter()) {
        head += v * w;
    }
    a[0] + a[1] + head * 0.0 + head.sin() + 0.0 * (0..arr.len()).len() as f64
}

#[test]
fn constant_arrays_that_are_not_literals() {
    let (c, y, ys) = (0.5, 1.5, [2.0, -1.0]);
    let (value, g) = constant_but_not_literal_grad(c, y, ys);
    assert_eq!(value, constant_but_not_literal(c, y, ys));
    let head = 0.1f64 + 2.0 * (c * ys[0] + ys[1]);
    assert!((g.y - 2.0).abs() < 1e-12);
    assert!((g.ys[0] - 2.0 * c * head.cos()).abs() < 1e-12, "{g:?}");
    assert!((g.ys[1] - 2.0 * head.cos()).abs() < 1e-12, "{g:?}");
}
