//! Slice parameters (`&[f64]`, `&[[f64; N]]`): their gradient is added (`+=`) into
//! caller-provided buffers `d_<param>: &mut [..]`, appended in parameter order to
//! `f_backward` and `f_grad`.
//!
//! Every function is checked at two or more points (slices of different lengths) against
//! central finite differences of itself and against forward-mode AD (`num-dual`) of a
//! twin written generically over the number type; then the buffer semantics: accumulation
//! (twice doubles, `d_out` scales, a non-zero buffer is added to), buffer order, empty
//! slices, the length-mismatch panic of each buffer, `f32`, and `_forward` / `_backward`
//! from a cloned cache.
// Index loops over slices are the form the minibatch losses are written in.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, sigmoid, softplus};

mod common;
use common::{check, check_f32, check_wrt, check_wrt_f32};
use num_dual::{Dual64, DualNum};

/// The scalar type of a twin: `Dual64` for num-dual, `f64` for a plain evaluation.
trait Num: DualNum<Primitive = f64> + Copy {}
impl<T: DualNum<Primitive = f64> + Copy> Num for T {}

fn sigmoid_twin<D: Num>(z: D) -> D {
    (D::from(1.0) + (-z).exp()).recip()
}

fn softplus_twin<D: Num>(z: D) -> D {
    z.exp().ln_1p()
}

/// `p` as rows of `N` (a `&[[f64; N]]` parameter checked through a flat slice).
fn rows<T: Copy, const N: usize>(p: &[T]) -> Vec<[T; N]> {
    p.chunks_exact(N)
        .map(|c| std::array::from_fn(|j| c[j]))
        .collect()
}

/// The pieces of a flat point, one after the other (the order of the parameters).
fn cat(parts: &[&[f64]]) -> Vec<f64> {
    parts.concat()
}

/// Pairs `(offset + i, g[i])`: the partials of a parameter stored from `offset` on.
fn at(offset: usize, g: &[f64]) -> Vec<(usize, f64)> {
    g.iter()
        .enumerate()
        .map(|(i, &v)| (offset + i, v))
        .collect()
}

fn close(name: &str, a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-12 * (1.0 + b.abs()),
        "{name}: {a} vs {b}"
    );
}

fn close_all(name: &str, a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{name}: lengths");
    for (i, (&x, &y)) in a.iter().zip(b).enumerate() {
        close(&format!("{name}[{i}]"), x, y);
    }
}

// ---------------------------------------------------------------------------------
// Logistic loss over slices
// ---------------------------------------------------------------------------------

/// `-ln σ(y w·x)`, only `w` differentiated.
#[differentiate(wrt(w))]
fn logistic(w: &[f64], x: &[f64], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -(sigmoid(y * z)).ln()
}

fn logistic_twin<D: Num>(w: &[D], x: &[D], y: D) -> D {
    let mut z = D::from(0.0);
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -sigmoid_twin(y * z).ln()
}

/// The same loss with a bias, everything differentiated: two buffers and a scalar field.
#[differentiate]
fn logistic_all(w: &[f64], b: f64, x: &[f64], y: f64) -> f64 {
    let mut z = b;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    softplus(-y * z)
}

fn logistic_all_twin<D: Num>(w: &[D], b: D, x: &[D], y: D) -> D {
    let mut z = b;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    softplus_twin(-y * z)
}

const LOGISTIC_POINTS: [(&[f64], &[f64], f64); 3] = [
    (&[0.1, -0.2, 0.3], &[1.0, 2.0, -1.0], 1.0),
    (&[0.7, 0.4], &[-0.5, 1.5], -1.0),
    (
        &[0.25, -0.5, 0.75, 1.0, -1.25],
        &[0.3, 0.1, -0.9, 0.4, 0.2],
        1.0,
    ),
];

#[test]
fn logistic_wrt_w() {
    for (w, x, y) in LOGISTIC_POINTS {
        let n = w.len();
        let mut d_w = vec![0.0; n];
        let (value, _) = logistic_grad(w, x, y, &mut d_w);
        assert_eq!(value, logistic(w, x, y));
        let p = cat(&[w, x, &[y]]);
        let f = |p: &[f64]| logistic(&p[..n], &p[n..2 * n], p[2 * n]);
        let twin = |p: &[Dual64]| logistic_twin(&p[..n], &p[n..2 * n], p[2 * n]);
        check_wrt("logistic", &p, value, &at(0, &d_w), f, twin);
        // By hand: d/dw_i = (σ(y z) - 1) y x_i.
        let z: f64 = (0..n).map(|i| w[i] * x[i]).sum();
        let s = 1.0 / (1.0 + (-y * z).exp());
        for i in 0..n {
            close("logistic by hand", d_w[i], (s - 1.0) * y * x[i]);
        }
    }
}

#[test]
fn logistic_everything() {
    for (w, x, y) in LOGISTIC_POINTS {
        let n = w.len();
        let b = 0.35;
        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, g) = logistic_all_grad(w, b, x, y, &mut d_w, &mut d_x);
        assert_eq!(value, logistic_all(w, b, x, y));
        let p = cat(&[w, &[b], x, &[y]]);
        let f = |p: &[f64]| logistic_all(&p[..n], p[n], &p[n + 1..2 * n + 1], p[2 * n + 1]);
        let twin =
            |p: &[Dual64]| logistic_all_twin(&p[..n], p[n], &p[n + 1..2 * n + 1], p[2 * n + 1]);
        let grad = cat(&[&d_w, &[g.b], &d_x, &[g.y]]);
        check("logistic_all", &p, value, &grad, f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Minibatches: rows `&[[f64; 2]]`, nested index loops
// ---------------------------------------------------------------------------------

/// Mean logistic loss of a linear model over a minibatch of rows, labels `±1` in a
/// constant slice.
#[differentiate(wrt(w, b))]
fn minibatch(w: [f64; 2], b: f64, xs: &[[f64; 2]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for i in 0..xs.len() {
        let mut z = b;
        for j in 0..2 {
            z += w[j] * xs[i][j];
        }
        total += softplus(-ys[i] * z);
    }
    total / xs.len() as f64
}

fn minibatch_twin<D: Num>(w: [D; 2], b: D, xs: &[[D; 2]], ys: &[D]) -> D {
    let mut total = D::from(0.0);
    for i in 0..xs.len() {
        let mut z = b;
        for j in 0..2 {
            z += w[j] * xs[i][j];
        }
        total += softplus_twin(-ys[i] * z);
    }
    total / xs.len() as f64
}

/// A batch of points.
const XS: [[f64; 2]; 5] = [
    [0.3, -1.2],
    [1.1, 0.4],
    [-0.7, 0.9],
    [0.05, -0.35],
    [-1.4, -0.6],
];
const YS: [f64; 5] = [1.0, -1.0, 1.0, -1.0, 1.0];

#[test]
fn minibatch_of_rows() {
    for (w, b, m) in [
        ([0.5, -0.25], 0.1, 5),
        ([-1.2, 0.8], -0.4, 3),
        ([0.3, 0.3], 0.0, 1),
    ] {
        let (xs, ys) = (&XS[..m], &YS[..m]);
        let (value, g) = minibatch_grad(w, b, xs, ys);
        assert_eq!(value, minibatch(w, b, xs, ys));
        let flat: Vec<f64> = xs.as_flattened().to_vec();
        let p = cat(&[&w, &[b], &flat, ys]);
        let e = 3 + 2 * m;
        let f = |p: &[f64]| minibatch([p[0], p[1]], p[2], &rows::<f64, 2>(&p[3..e]), &p[e..]);
        let twin = |p: &[Dual64]| {
            minibatch_twin([p[0], p[1]], p[2], &rows::<Dual64, 2>(&p[3..e]), &p[e..])
        };
        let grad = [(0, g.w[0]), (1, g.w[1]), (2, g.b)];
        check_wrt("minibatch", &p, value, &grad, f, twin);
    }
}

/// A one-hidden-layer network whose weights are slices (one row of `w1` per hidden unit),
/// over a minibatch of rows: every slice is differentiated, the inputs too. (`mlp_grad`
/// takes nine arguments, five and four buffers: the carried `allow` keeps clippy quiet.)
#[allow(clippy::too_many_arguments)]
#[differentiate(wrt(w1, b1, w2, xs))]
fn mlp(w1: &[[f64; 2]], b1: &[f64], w2: &[f64], xs: &[[f64; 2]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for s in 0..xs.len() {
        let mut o = 0.0;
        for j in 0..w1.len() {
            let h = (w1[j][0] * xs[s][0] + w1[j][1] * xs[s][1] + b1[j]).tanh();
            o += w2[j] * h;
        }
        total += softplus(-ys[s] * o);
    }
    total
}

fn mlp_twin<D: Num>(w1: &[[D; 2]], b1: &[D], w2: &[D], xs: &[[D; 2]], ys: &[D]) -> D {
    let mut total = D::from(0.0);
    for s in 0..xs.len() {
        let mut o = D::from(0.0);
        for j in 0..w1.len() {
            let h = (w1[j][0] * xs[s][0] + w1[j][1] * xs[s][1] + b1[j]).tanh();
            o += w2[j] * h;
        }
        total += softplus_twin(-ys[s] * o);
    }
    total
}

#[test]
fn mlp_over_slices() {
    let w1 = [[0.5, -0.3], [0.9, 0.2], [-0.4, 0.8]];
    let b1 = [0.1, -0.2, 0.05];
    let w2 = [0.7, -1.1, 0.6];
    for (hidden, m) in [(3, 4), (2, 5), (1, 2)] {
        let (w1, b1, w2) = (&w1[..hidden], &b1[..hidden], &w2[..hidden]);
        let (xs, ys) = (&XS[..m], &YS[..m]);
        let mut d_w1 = vec![[0.0; 2]; hidden];
        let mut d_b1 = vec![0.0; hidden];
        let mut d_w2 = vec![0.0; hidden];
        let mut d_xs = vec![[0.0; 2]; m];
        let (value, _) = mlp_grad(
            w1, b1, w2, xs, ys, &mut d_w1, &mut d_b1, &mut d_w2, &mut d_xs,
        );
        assert_eq!(value, mlp(w1, b1, w2, xs, ys));
        let o = [0, 2 * hidden, 3 * hidden, 4 * hidden, 4 * hidden + 2 * m];
        let p = cat(&[w1.as_flattened(), b1, w2, xs.as_flattened(), ys]);
        let f = |p: &[f64]| {
            let (w1, xs) = (
                rows::<f64, 2>(&p[o[0]..o[1]]),
                rows::<f64, 2>(&p[o[3]..o[4]]),
            );
            mlp(&w1, &p[o[1]..o[2]], &p[o[2]..o[3]], &xs, &p[o[4]..])
        };
        let twin = |p: &[Dual64]| {
            let (w1, xs) = (
                rows::<Dual64, 2>(&p[o[0]..o[1]]),
                rows::<Dual64, 2>(&p[o[3]..o[4]]),
            );
            mlp_twin(&w1, &p[o[1]..o[2]], &p[o[2]..o[3]], &xs, &p[o[4]..])
        };
        let grad = cat(&[d_w1.as_flattened(), &d_b1, &d_w2, d_xs.as_flattened()]);
        check_wrt("mlp", &p, value, &at(0, &grad), f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Iteration forms over slices
// ---------------------------------------------------------------------------------

/// `for v in w.iter()`.
#[differentiate]
fn iter_squares(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for v in w.iter() {
        a += v * v.sin();
    }
    a
}

fn iter_squares_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for &v in w {
        a += v * v.sin();
    }
    a
}

/// `for &v in w`.
#[differentiate]
fn by_value(w: &[f64]) -> f64 {
    let mut a = 1.0;
    for &v in w {
        a = a * 0.5 + v.exp();
    }
    a
}

fn by_value_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(1.0);
    for &v in w {
        a = a * 0.5 + v.exp();
    }
    a
}

/// `.iter().enumerate()`.
#[differentiate]
fn enumerated(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for (i, v) in w.iter().enumerate() {
        a += (i as f64 + 1.0) * v.tanh();
    }
    a * a
}

fn enumerated_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for (i, &v) in w.iter().enumerate() {
        a += v.tanh() * (i as f64 + 1.0);
    }
    a * a
}

/// `.iter().zip(x.iter())`, both differentiated.
#[differentiate]
fn zipped(w: &[f64], x: &[f64]) -> f64 {
    let mut a = 0.0;
    for (p, q) in w.iter().zip(x.iter()) {
        a += p * q.cos();
    }
    a.sin()
}

fn zipped_twin<D: Num>(w: &[D], x: &[D]) -> D {
    let mut a = D::from(0.0);
    for (&p, &q) in w.iter().zip(x.iter()) {
        a += p * q.cos();
    }
    a.sin()
}

/// `.iter().sum()`.
#[differentiate]
fn summed(w: &[f64]) -> f64 {
    let s: f64 = w.iter().sum();
    s * s + s.exp()
}

fn summed_twin<D: Num>(w: &[D]) -> D {
    let mut s = D::from(0.0);
    for &v in w {
        s += v;
    }
    s * s + s.exp()
}

/// All the forms in one function.
#[differentiate]
fn all_forms(w: &[f64], x: &[f64]) -> f64 {
    let mut a = 0.0;
    for v in w.iter() {
        a += v * v;
    }
    let mut b = 0.0;
    for &v in w {
        b += v.sin();
    }
    let mut c = 0.0;
    for (i, v) in x.iter().enumerate() {
        c += (i as f64 + 1.0) * v;
    }
    let mut d = 0.0;
    for (p, q) in w.iter().zip(x.iter()) {
        d += p * q;
    }
    let s: f64 = x.iter().sum();
    a + b * c + d.tanh() + s * s
}

fn all_forms_twin<D: Num>(w: &[D], x: &[D]) -> D {
    let (mut a, mut b, mut c, mut d, mut s) = (
        D::from(0.0),
        D::from(0.0),
        D::from(0.0),
        D::from(0.0),
        D::from(0.0),
    );
    for &v in w {
        a += v * v;
        b += v.sin();
    }
    for (i, &v) in x.iter().enumerate() {
        c += v * (i as f64 + 1.0);
        s += v;
    }
    for (&p, &q) in w.iter().zip(x.iter()) {
        d += p * q;
    }
    a + b * c + d.tanh() + s * s
}

const ONE_SLICE: [&[f64]; 3] = [&[0.3, -1.2, 0.7], &[1.4, 0.5, -0.8, 0.9, 0.1], &[0.6]];

#[test]
fn iteration_forms_one_slice() {
    type Fns = (
        &'static str,
        fn(&[f64]) -> f64,
        fn(&[f64], &mut [f64]) -> f64,
        fn(&[Dual64]) -> Dual64,
    );
    let cases: [Fns; 4] = [
        (
            "iter_squares",
            iter_squares,
            |w, d| iter_squares_grad(w, d).0,
            iter_squares_twin,
        ),
        (
            "by_value",
            by_value,
            |w, d| by_value_grad(w, d).0,
            by_value_twin,
        ),
        (
            "enumerated",
            enumerated,
            |w, d| enumerated_grad(w, d).0,
            enumerated_twin,
        ),
        ("summed", summed, |w, d| summed_grad(w, d).0, summed_twin),
    ];
    for (name, f, grad, twin) in cases {
        for w in ONE_SLICE {
            let mut d_w = vec![0.0; w.len()];
            let value = grad(w, &mut d_w);
            assert_eq!(value, f(w), "{name}");
            check(name, w, value, &d_w, f, twin);
        }
    }
}

#[test]
fn iteration_forms_two_slices() {
    let points: [(&[f64], &[f64]); 3] = [
        (&[0.3, -1.2, 0.7], &[1.1, 0.4, -0.6]),
        (&[1.4, 0.5, -0.8, 0.9], &[-0.3, 0.2, 0.8, -1.0]),
        (&[0.6], &[-0.9]),
    ];
    for (w, x) in points {
        let n = w.len();
        let p = cat(&[w, x]);
        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, _) = zipped_grad(w, x, &mut d_w, &mut d_x);
        assert_eq!(value, zipped(w, x));
        let f = |p: &[f64]| zipped(&p[..n], &p[n..]);
        let twin = |p: &[Dual64]| zipped_twin(&p[..n], &p[n..]);
        check("zipped", &p, value, &cat(&[&d_w, &d_x]), f, twin);

        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, _) = all_forms_grad(w, x, &mut d_w, &mut d_x);
        assert_eq!(value, all_forms(w, x));
        let f = |p: &[f64]| all_forms(&p[..n], &p[n..]);
        let twin = |p: &[Dual64]| all_forms_twin(&p[..n], &p[n..]);
        check("all_forms", &p, value, &cat(&[&d_w, &d_x]), f, twin);
    }
}

// ---------------------------------------------------------------------------------
// Slice elements read into local arrays
// ---------------------------------------------------------------------------------

/// `h[j] += w[j] * x[i]`: a local array accumulated from two slices.
#[differentiate]
fn spread(w: &[f64], x: &[f64]) -> f64 {
    let mut h = [0.0; 4];
    for i in 0..x.len() {
        for j in 0..4 {
            h[j] += w[j] * x[i];
        }
    }
    let mut s = 0.0;
    for j in 0..4 {
        s += h[j].tanh();
    }
    s
}

fn spread_twin<D: Num>(w: &[D], x: &[D]) -> D {
    let mut h = [D::from(0.0); 4];
    for i in 0..x.len() {
        for j in 0..4 {
            h[j] += w[j] * x[i];
        }
    }
    let mut s = D::from(0.0);
    for j in 0..4 {
        s += h[j].tanh();
    }
    s
}

/// A hidden layer `h = Wᵀ x` with one row of `W` per input, into a local array; the rows
/// are a slice of arrays.
#[differentiate]
fn hidden(w: &[[f64; 4]], x: &[f64]) -> f64 {
    let mut h = [0.0; 4];
    for i in 0..x.len() {
        for j in 0..4 {
            h[j] += w[i][j] * x[i];
        }
    }
    let mut s = 0.0;
    for j in 0..4 {
        h[j] = h[j].tanh();
        s += h[j] * h[j];
    }
    s
}

fn hidden_twin<D: Num>(w: &[[D; 4]], x: &[D]) -> D {
    let mut h = [D::from(0.0); 4];
    for i in 0..x.len() {
        for j in 0..4 {
            h[j] += w[i][j] * x[i];
        }
    }
    let mut s = D::from(0.0);
    for j in 0..4 {
        s += h[j].tanh() * h[j].tanh();
    }
    s
}

#[test]
fn local_arrays_from_slice_elements() {
    let w = [0.3, -1.2, 0.7, 1.1, 0.4];
    for x in [&[0.5, -0.25][..], &[1.0, 0.3, -0.7][..]] {
        // `spread` reads `w[0..4]` only: its fifth element has gradient 0.
        let (n, m) = (w.len(), x.len());
        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; m]);
        let (value, _) = spread_grad(&w, x, &mut d_w, &mut d_x);
        assert_eq!(value, spread(&w, x));
        assert_eq!(d_w[4], 0.0);
        let p = cat(&[&w, x]);
        let f = |p: &[f64]| spread(&p[..n], &p[n..]);
        let twin = |p: &[Dual64]| spread_twin(&p[..n], &p[n..]);
        check("spread", &p, value, &cat(&[&d_w, &d_x]), f, twin);

        let rows_w: Vec<[f64; 4]> = (0..m)
            .map(|i| std::array::from_fn(|j| 0.2 * (i + 1) as f64 - 0.3 * j as f64))
            .collect();
        let (mut d_w, mut d_x) = (vec![[0.0; 4]; m], vec![0.0; m]);
        let (value, _) = hidden_grad(&rows_w, x, &mut d_w, &mut d_x);
        assert_eq!(value, hidden(&rows_w, x));
        let p = cat(&[rows_w.as_flattened(), x]);
        let k = 4 * m;
        let f = |p: &[f64]| hidden(&rows::<f64, 4>(&p[..k]), &p[k..]);
        let twin = |p: &[Dual64]| hidden_twin(&rows::<Dual64, 4>(&p[..k]), &p[k..]);
        check(
            "hidden",
            &p,
            value,
            &cat(&[d_w.as_flattened(), &d_x]),
            f,
            twin,
        );
    }
}

// ---------------------------------------------------------------------------------
// Two differentiated slices of different lengths: two buffers, in parameter order
// ---------------------------------------------------------------------------------

/// `a` and `b` play different roles and have different lengths, so swapped buffers
/// would panic or give a different gradient.
#[differentiate]
fn two_slices(a: &[f64], s: f64, b: &[f64]) -> f64 {
    let mut t = 0.0;
    for i in 0..a.len() {
        t += a[i].sin() * b[i];
    }
    for j in 0..b.len() {
        t += s * b[j] * b[j];
    }
    t
}

fn two_slices_twin<D: Num>(a: &[D], s: D, b: &[D]) -> D {
    let mut t = D::from(0.0);
    for i in 0..a.len() {
        t += a[i].sin() * b[i];
    }
    for j in 0..b.len() {
        t += s * b[j] * b[j];
    }
    t
}

#[test]
fn two_buffers_in_parameter_order() {
    let points: [(&[f64], f64, &[f64]); 2] = [
        (&[0.3, -1.2], 0.5, &[1.1, 0.4, -0.6]),
        (&[1.4, 0.5, -0.8], -0.7, &[-0.3, 0.2, 0.8, -1.0, 0.25]),
    ];
    for (a, s, b) in points {
        let (n, m) = (a.len(), b.len());
        let (mut d_a, mut d_b) = (vec![0.0; n], vec![0.0; m]);
        let (value, g) = two_slices_grad(a, s, b, &mut d_a, &mut d_b);
        assert_eq!(value, two_slices(a, s, b));
        // By hand.
        for i in 0..n {
            close("d_a", d_a[i], a[i].cos() * b[i]);
        }
        for j in 0..m {
            let by_hand = 2.0 * s * b[j] + if j < n { a[j].sin() } else { 0.0 };
            close("d_b", d_b[j], by_hand);
        }
        let p = cat(&[a, &[s], b]);
        let f = |p: &[f64]| two_slices(&p[..n], p[n], &p[n + 1..]);
        let twin = |p: &[Dual64]| two_slices_twin(&p[..n], p[n], &p[n + 1..]);
        check(
            "two_slices",
            &p,
            value,
            &cat(&[&d_a, &[g.s], &d_b]),
            f,
            twin,
        );
    }
}

#[test]
#[should_panic(expected = "`d_a` has length 3 but the slice `a` has length 2")]
fn first_buffer_too_long() {
    let (mut d_a, mut d_b) = (vec![0.0; 3], vec![0.0; 3]);
    let _ = two_slices_grad(&[0.3, -1.2], 0.5, &[1.1, 0.4, -0.6], &mut d_a, &mut d_b);
}

#[test]
#[should_panic(expected = "`d_b` has length 2 but the slice `b` has length 3")]
fn second_buffer_too_short() {
    let (mut d_a, mut d_b) = (vec![0.0; 2], vec![0.0; 2]);
    let _ = two_slices_grad(&[0.3, -1.2], 0.5, &[1.1, 0.4, -0.6], &mut d_a, &mut d_b);
}

#[test]
#[should_panic(expected = "`d_b` has length 0 but the slice `b` has length 3")]
fn second_buffer_in_backward() {
    let (_, cache) = two_slices_forward(&[0.3, -1.2], 0.5, &[1.1, 0.4, -0.6]);
    let (mut d_a, mut d_b) = (vec![0.0; 2], vec![]);
    let _ = two_slices_backward(&cache, 1.0, &mut d_a, &mut d_b);
}

#[test]
#[should_panic(expected = "`d_w` has length 2 but the slice `w` has length 3")]
fn length_mismatch() {
    let mut d_w = [0.0; 2];
    let _ = logistic_grad(&[0.1, 0.2, 0.3], &[1.0, 1.0, 1.0], 1.0, &mut d_w);
}

#[test]
#[should_panic(expected = "`d_xs` has length 1 but the slice `xs` has length 2")]
fn rows_buffer_length_mismatch() {
    let w1 = [[0.5, -0.3]];
    let (mut d_w1, mut d_b1, mut d_w2, mut d_xs) = ([[0.0; 2]], [0.0], [0.0], [[0.0; 2]]);
    let _ = mlp_grad(
        &w1,
        &[0.1],
        &[0.7],
        &XS[..2],
        &YS[..2],
        &mut d_w1,
        &mut d_b1,
        &mut d_w2,
        &mut d_xs,
    );
}

// ---------------------------------------------------------------------------------
// Slices, arrays and scalars together, with `wrt` subsets
// ---------------------------------------------------------------------------------

/// The three parameter kinds, all differentiated.
#[differentiate]
fn mixed(w: &[f64], a: [f64; 3], s: f64, x: &[f64], k: usize) -> f64 {
    let mut t = 0.0;
    for i in 0..w.len() {
        t += w[i] * a[i % 3] + s * x[i];
    }
    let mut u = 0.0;
    for j in 0..3 {
        u += a[j] * a[j] * (k as f64);
    }
    (t * s).sin() + u + x[0] * w[0]
}

/// [`mixed`] with `wrt(w, s)`: one buffer, one scalar field.
#[differentiate(wrt(w, s))]
fn mixed_w_s(w: &[f64], a: [f64; 3], s: f64, x: &[f64], k: usize) -> f64 {
    let mut t = 0.0;
    for i in 0..w.len() {
        t += w[i] * a[i % 3] + s * x[i];
    }
    let mut u = 0.0;
    for j in 0..3 {
        u += a[j] * a[j] * (k as f64);
    }
    (t * s).sin() + u + x[0] * w[0]
}

/// [`mixed`] with `wrt(a, x)`: the array field, and the buffer of the second slice only.
#[differentiate(wrt(a, x))]
fn mixed_a_x(w: &[f64], a: [f64; 3], s: f64, x: &[f64], k: usize) -> f64 {
    let mut t = 0.0;
    for i in 0..w.len() {
        t += w[i] * a[i % 3] + s * x[i];
    }
    let mut u = 0.0;
    for j in 0..3 {
        u += a[j] * a[j] * (k as f64);
    }
    (t * s).sin() + u + x[0] * w[0]
}

fn mixed_twin<D: Num>(w: &[D], a: [D; 3], s: D, x: &[D], k: usize) -> D {
    let mut t = D::from(0.0);
    for i in 0..w.len() {
        t += w[i] * a[i % 3] + s * x[i];
    }
    let mut u = D::from(0.0);
    for j in 0..3 {
        u += a[j] * a[j] * (k as f64);
    }
    (t * s).sin() + u + x[0] * w[0]
}

#[test]
fn slices_arrays_and_scalars_with_wrt_subsets() {
    type Point = (&'static [f64], [f64; 3], f64, &'static [f64], usize);
    let points: [Point; 2] = [
        (
            &[0.3, -1.2, 0.7, 0.2],
            [0.5, -0.4, 0.9],
            0.6,
            &[1.1, 0.4, -0.6, 0.3],
            2,
        ),
        (&[1.4, 0.5], [-0.8, 0.1, 0.35], -0.3, &[-0.3, 0.2], 5),
    ];
    for (w, a, s, x, k) in points {
        let n = w.len();
        let p = cat(&[w, &a, &[s], x]);
        let f = |p: &[f64]| {
            mixed(
                &p[..n],
                [p[n], p[n + 1], p[n + 2]],
                p[n + 3],
                &p[n + 4..],
                k,
            )
        };
        let twin = |p: &[Dual64]| {
            mixed_twin(
                &p[..n],
                [p[n], p[n + 1], p[n + 2]],
                p[n + 3],
                &p[n + 4..],
                k,
            )
        };

        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, g) = mixed_grad(w, a, s, x, k, &mut d_w, &mut d_x);
        assert_eq!(value, mixed(w, a, s, x, k));
        let all = cat(&[&d_w, &g.a, &[g.s], &d_x]);
        check("mixed", &p, value, &all, f, twin);

        let mut d_w2 = vec![0.0; n];
        let (value, g) = mixed_w_s_grad(w, a, s, x, k, &mut d_w2);
        assert_eq!(value, mixed_w_s(w, a, s, x, k));
        let mut pairs = at(0, &d_w2);
        pairs.push((n + 3, g.s));
        check_wrt("mixed_w_s", &p, value, &pairs, f, twin);
        close_all("mixed_w_s vs mixed: d_w", &d_w2, &d_w);

        let mut d_x2 = vec![0.0; n];
        let (value, g) = mixed_a_x_grad(w, a, s, x, k, &mut d_x2);
        assert_eq!(value, mixed_a_x(w, a, s, x, k));
        let mut pairs = at(n, &g.a);
        pairs.extend(at(n + 4, &d_x2));
        check_wrt("mixed_a_x", &p, value, &pairs, f, twin);
        close_all("mixed_a_x vs mixed: d_x", &d_x2, &d_x);
    }
}

// ---------------------------------------------------------------------------------
// Accumulation semantics
// ---------------------------------------------------------------------------------

#[test]
fn grad_twice_on_one_buffer_doubles() {
    let (a, s, b) = (&[0.3, -1.2][..], 0.5, &[1.1, 0.4, -0.6][..]);
    let (mut d_a, mut d_b) = ([0.0; 2], [0.0; 3]);
    let (_, g1) = two_slices_grad(a, s, b, &mut d_a, &mut d_b);
    let (once_a, once_b) = (d_a, d_b);
    let (_, g2) = two_slices_grad(a, s, b, &mut d_a, &mut d_b);
    // The scalar field is returned, not accumulated.
    assert_eq!(g1, g2);
    // Up to rounding: `d_b[j]` gets two contributions (one per loop), each added to
    // the buffer as it is computed.
    close_all("twice: d_a", &d_a, &once_a.map(|v| 2.0 * v));
    close_all("twice: d_b", &d_b, &once_b.map(|v| 2.0 * v));
    // A single contribution per element doubles exactly.
    let (w, x) = (&[0.1, -0.2, 0.3][..], &[1.0, 2.0, -1.0][..]);
    let mut d_w = [0.0; 3];
    let _ = logistic_grad(w, x, 1.0, &mut d_w);
    let once = d_w;
    let _ = logistic_grad(w, x, 1.0, &mut d_w);
    assert_eq!(d_w, once.map(|v| 2.0 * v));
}

#[test]
fn backward_adds_the_scaled_gradient() {
    let (a, s, b) = (&[0.3, -1.2][..], 0.5, &[1.1, 0.4, -0.6][..]);
    let (mut d_a, mut d_b) = ([0.0; 2], [0.0; 3]);
    let (_, g) = two_slices_grad(a, s, b, &mut d_a, &mut d_b);
    // A buffer that starts non-zero is added to, not overwritten.
    let (start_a, start_b) = ([10.0, -20.0], [0.5, 1.5, -2.5]);
    let (mut e_a, mut e_b) = (start_a, start_b);
    let (_, cache) = two_slices_forward(a, s, b);
    let gs = two_slices_backward(&cache, -2.5, &mut e_a, &mut e_b);
    close("d_s scaled", gs.s, -2.5 * g.s);
    for i in 0..2 {
        close("d_a scaled", e_a[i], start_a[i] - 2.5 * d_a[i]);
    }
    for j in 0..3 {
        close("d_b scaled", e_b[j], start_b[j] - 2.5 * d_b[j]);
    }
}

#[test]
fn grad_adds_to_a_non_zero_buffer() {
    let (w, x) = (&[0.1, -0.2, 0.3][..], &[1.0, 2.0, -1.0][..]);
    let mut fresh = [0.0; 3];
    let _ = logistic_grad(w, x, 1.0, &mut fresh);
    let start = [1.0, -2.0, 3.0];
    let mut d_w = start;
    let _ = logistic_grad(w, x, 1.0, &mut d_w);
    for i in 0..3 {
        assert_eq!(d_w[i], start[i] + fresh[i]);
    }
}

/// A minibatch gradient as a sum of per-sample gradients into one buffer equals the
/// gradient of the summed loss.
#[test]
fn per_sample_calls_accumulate_into_one_buffer() {
    let w = [0.4, -0.6];
    let mut per_sample = [0.0; 2];
    let mut total = 0.0;
    for i in 0..XS.len() {
        total += logistic_all_grad(&w, 0.0, &XS[i], YS[i], &mut per_sample, &mut [0.0; 2]).0;
    }
    let (value, g) = minibatch_grad(w, 0.0, &XS, &YS);
    close("summed loss", total / XS.len() as f64, value);
    for j in 0..2 {
        close("summed gradient", per_sample[j] / XS.len() as f64, g.w[j]);
    }
}

// ---------------------------------------------------------------------------------
// Empty slices
// ---------------------------------------------------------------------------------

#[test]
fn empty_slices() {
    let (value, _) = logistic_grad(&[], &[], 1.0, &mut []);
    assert_eq!(value, 2f64.ln());
    let (value, g) = logistic_all_grad(&[], 0.3, &[], -1.0, &mut [], &mut []);
    assert_eq!(value, logistic_all(&[], 0.3, &[], -1.0));
    close("d_b of an empty dot", g.b, sigmoid(0.3));
    let (value, g) = minibatch_grad([0.5, 1.0], 0.2, &[], &[]);
    assert!(value.is_nan(), "0 / 0: {value}");
    // No sample, no contribution (the adjoint of the total is never read).
    assert_eq!(g, MinibatchGrad::default());
    for f in [
        |w: &[f64], d: &mut [f64]| iter_squares_grad(w, d).0,
        |w: &[f64], d: &mut [f64]| by_value_grad(w, d).0,
        |w: &[f64], d: &mut [f64]| enumerated_grad(w, d).0,
        |w: &[f64], d: &mut [f64]| summed_grad(w, d).0,
    ] {
        let _ = f(&[], &mut []);
    }
    assert_eq!(summed_grad(&[], &mut []).0, 1.0);
    assert_eq!(by_value_grad(&[], &mut []).0, 1.0);
    let (value, g) = two_slices_grad(&[], 0.7, &[], &mut [], &mut []);
    assert_eq!((value, g.s), (0.0, 0.0));
    // Only the second slice empty-ended: `b` longer than `a` is fine, `a` empty too.
    let mut d_b = [0.0; 2];
    let (_, g) = two_slices_grad(&[], 0.7, &[1.0, 2.0], &mut [], &mut d_b);
    close("d_s", g.s, 5.0);
    close_all("d_b", &d_b, &[1.4, 2.8]);
    let (mut d_w1, mut d_b1, mut d_w2) = ([[0.0; 2]; 0], [0.0; 0], [0.0; 0]);
    let (value, _) = mlp_grad(
        &[],
        &[],
        &[],
        &[],
        &[],
        &mut d_w1,
        &mut d_b1,
        &mut d_w2,
        &mut [],
    );
    assert_eq!(value, 0.0);
}

// ---------------------------------------------------------------------------------
// f32
// ---------------------------------------------------------------------------------

/// [`logistic_all`] in `f32`, with a slice of rows too.
#[differentiate(wrt(w, xs))]
fn minibatch_f32(w: &[f32], xs: &[[f32; 2]], ys: &[f32]) -> f32 {
    let mut total = 0.0;
    for i in 0..xs.len() {
        let z = w[0] * xs[i][0] + w[1] * xs[i][1] + w[2];
        total += softplus(-ys[i] * z);
    }
    total
}

fn minibatch_f32_twin<D: Num>(w: &[D], xs: &[[D; 2]], ys: &[D]) -> D {
    let mut total = D::from(0.0);
    for i in 0..xs.len() {
        let z = w[0] * xs[i][0] + w[1] * xs[i][1] + w[2];
        total += softplus_twin(-ys[i] * z);
    }
    total
}

#[test]
fn f32_slices() {
    let xs: Vec<[f32; 2]> = XS.iter().map(|r| [r[0] as f32, r[1] as f32]).collect();
    let ys: Vec<f32> = YS.iter().map(|&y| y as f32).collect();
    for (w, m) in [([0.5f32, -0.25, 0.1], 5), ([-1.2, 0.8, -0.4], 2)] {
        let (xs, ys) = (&xs[..m], &ys[..m]);
        let (mut d_w, mut d_xs) = (vec![0.0f32; 3], vec![[0.0f32; 2]; m]);
        let (value, _) = minibatch_f32_grad(&w, xs, ys, &mut d_w, &mut d_xs);
        assert_eq!(value, minibatch_f32(&w, xs, ys));
        let p: Vec<f32> = [&w[..], xs.as_flattened(), ys].concat();
        let e = 3 + 2 * m;
        let f = |p: &[f32]| minibatch_f32(&p[..3], &rows::<f32, 2>(&p[3..e]), &p[e..]);
        let twin =
            |p: &[Dual64]| minibatch_f32_twin(&p[..3], &rows::<Dual64, 2>(&p[3..e]), &p[e..]);
        let grad: Vec<(usize, f32)> = d_w
            .iter()
            .chain(d_xs.as_flattened())
            .copied()
            .enumerate()
            .collect();
        check_wrt_f32("minibatch_f32", &p, value, &grad, f, twin);
    }

    for (w, x) in [
        (&[0.3f32, -1.2, 0.7][..], &[1.1f32, 0.4, -0.6][..]),
        (&[1.4, 0.5], &[-0.3, 0.2]),
    ] {
        let n = w.len();
        let (mut d_w, mut d_x) = (vec![0.0f32; n], vec![0.0f32; n]);
        let (value, _) = zipped_f32_grad(w, x, &mut d_w, &mut d_x);
        assert_eq!(value, zipped_f32(w, x));
        let p: Vec<f32> = [w, x].concat();
        let f = |p: &[f32]| zipped_f32(&p[..n], &p[n..]);
        let twin = |p: &[Dual64]| zipped_twin(&p[..n], &p[n..]);
        check_f32("zipped_f32", &p, value, &[d_w, d_x].concat(), f, twin);
    }
}

/// [`zipped`] in `f32`.
#[differentiate]
fn zipped_f32(w: &[f32], x: &[f32]) -> f32 {
    let mut a = 0.0;
    for (p, q) in w.iter().zip(x.iter()) {
        a += p * q.cos();
    }
    a.sin()
}

// ---------------------------------------------------------------------------------
// `_forward`, then `_backward` from a cloned cache
// ---------------------------------------------------------------------------------

#[test]
fn backward_from_a_cloned_cache() {
    let (w, x) = (&[0.3, -1.2, 0.7][..], &[1.1, 0.4, -0.6][..]);
    let (value, cache) = all_forms_forward(w, x);
    assert_eq!(value, all_forms(w, x));
    let copy = cache.clone();
    drop(cache);
    // The cache borrows the slices.
    assert!(std::ptr::eq(copy.w, w));
    let (mut d_w, mut d_x) = ([0.0; 3], [0.0; 3]);
    let _ = all_forms_backward(&copy, 1.0, &mut d_w, &mut d_x);
    let (mut e_w, mut e_x) = ([0.0; 3], [0.0; 3]);
    let (v, _) = all_forms_grad(w, x, &mut e_w, &mut e_x);
    assert_eq!(v, value);
    close_all("backward vs grad: d_w", &d_w, &e_w);
    close_all("backward vs grad: d_x", &d_x, &e_x);
    // The same cache replayed: buffers accumulate.
    let _ = all_forms_backward(&copy, 1.0, &mut d_w, &mut d_x);
    close_all("twice: d_w", &d_w, &e_w.map(|v| 2.0 * v));

    let rows_w = [[0.1, 0.2, 0.3, 0.4], [-0.5, 0.6, -0.7, 0.8]];
    let x = [0.9, -0.4];
    let (value, cache) = hidden_forward(&rows_w, &x);
    let copy = cache.clone();
    let (mut d_w, mut d_x) = ([[0.0; 4]; 2], [0.0; 2]);
    let _ = hidden_backward(&copy, 1.0, &mut d_w, &mut d_x);
    let (mut e_w, mut e_x) = ([[0.0; 4]; 2], [0.0; 2]);
    let (v, _) = hidden_grad(&rows_w, &x, &mut e_w, &mut e_x);
    assert_eq!(v, value);
    close_all("hidden: d_w", d_w.as_flattened(), e_w.as_flattened());
    close_all("hidden: d_x", &d_x, &e_x);
}

// ---------------------------------------------------------------------------------
// Control flow, calls, methods and other returns over slices
// ---------------------------------------------------------------------------------

/// `(0..w.len()).rev()` and `.step_by(2)`.
#[differentiate]
fn rev_step(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for i in (0..w.len()).rev() {
        a = a * 0.5 + w[i].exp();
    }
    for i in (0..w.len()).step_by(2) {
        a += w[i] * w[i];
    }
    a
}

fn rev_step_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for i in (0..w.len()).rev() {
        a = a * 0.5 + w[i].exp();
    }
    for i in (0..w.len()).step_by(2) {
        a += w[i] * w[i];
    }
    a
}

/// Neighbouring elements (`w[i + 1]`), the last one through a `len` binding, the first
/// by a constant index.
#[differentiate]
fn neighbours(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for i in 0..w.len() - 1 {
        a += (w[i + 1] - w[i]).powi(2);
    }
    let n = w.len();
    a + w[n - 1] * w[0]
}

fn neighbours_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for i in 0..w.len() - 1 {
        a += (w[i + 1] - w[i]).powi(2);
    }
    a + w[w.len() - 1] * w[0]
}

/// `break` on a differentiated value.
#[differentiate]
fn with_break(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for i in 0..w.len() {
        if a > 2.0 {
            break;
        }
        a += w[i] * w[i];
    }
    a
}

fn with_break_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for i in 0..w.len() {
        if a.re() > 2.0 {
            break;
        }
        a += w[i] * w[i];
    }
    a
}

/// `return` from inside the loop.
#[differentiate]
fn with_return(w: &[f64]) -> f64 {
    let mut a = 1.0;
    for i in 0..w.len() {
        a *= w[i];
        if a < 0.0 {
            return a.exp();
        }
    }
    a.sin()
}

fn with_return_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(1.0);
    for i in 0..w.len() {
        a *= w[i];
        if a.re() < 0.0 {
            return a.exp();
        }
    }
    a.sin()
}

/// A `while` over the indices.
#[differentiate]
fn while_loop(w: &[f64]) -> f64 {
    let mut i = 0;
    let mut a = 0.0;
    while i < w.len() {
        a = (a + w[i]).tanh();
        i += 1;
    }
    a
}

fn while_loop_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for &v in w {
        a = (a + v).tanh();
    }
    a
}

/// The mean and variance, `n` a float made from the length.
#[differentiate]
fn variance(w: &[f64]) -> f64 {
    let k = w.len();
    let n = k as f64;
    let mut m = 0.0;
    for v in w.iter() {
        m += v;
    }
    m /= n;
    let mut var = 0.0;
    for &v in w {
        var += (v - m) * (v - m);
    }
    var / n
}

fn variance_twin<D: Num>(w: &[D]) -> D {
    let n = w.len() as f64;
    let mut m = D::from(0.0);
    for &v in w {
        m += v;
    }
    m /= n;
    let mut var = D::from(0.0);
    for &v in w {
        var += (v - m) * (v - m);
    }
    var / n
}

/// `.iter().product()`.
#[differentiate]
fn product(w: &[f64]) -> f64 {
    let p: f64 = w.iter().product();
    p.sin()
}

fn product_twin<D: Num>(w: &[D]) -> D {
    let mut p = D::from(1.0);
    for &v in w {
        p *= v;
    }
    p.sin()
}

/// A `match` on the length.
#[differentiate]
fn match_len(w: &[f64]) -> f64 {
    match w.len() {
        0 => 0.0,
        1 => w[0] * w[0],
        _ => w[0] * w[1].exp(),
    }
}

fn match_len_twin<D: Num>(w: &[D]) -> D {
    match w.len() {
        0 => D::from(0.0),
        1 => w[0] * w[0],
        _ => w[0] * w[1].exp(),
    }
}

#[differentiate]
fn scalar_gate(x: f64) -> f64 {
    x.sin() * x
}

/// Another `#[differentiate]` function called on elements.
#[differentiate]
fn calls_on_elements(w: &[f64]) -> f64 {
    let mut a = 0.0;
    for i in 0..w.len() {
        a += scalar_gate(w[i]) * scalar_gate(a + w[i]);
    }
    a
}

fn calls_on_elements_twin<D: Num>(w: &[D]) -> D {
    let mut a = D::from(0.0);
    for &v in w {
        a += v.sin() * v * ((a + v).sin() * (a + v));
    }
    a
}

#[test]
fn control_flow_and_calls_over_one_slice() {
    type Fns = (
        &'static str,
        fn(&[f64]) -> f64,
        fn(&[f64], &mut [f64]) -> f64,
        fn(&[Dual64]) -> Dual64,
    );
    let cases: [Fns; 9] = [
        (
            "rev_step",
            rev_step,
            |w, d| rev_step_grad(w, d).0,
            rev_step_twin,
        ),
        (
            "neighbours",
            neighbours,
            |w, d| neighbours_grad(w, d).0,
            neighbours_twin,
        ),
        (
            "with_break",
            with_break,
            |w, d| with_break_grad(w, d).0,
            with_break_twin,
        ),
        (
            "with_return",
            with_return,
            |w, d| with_return_grad(w, d).0,
            with_return_twin,
        ),
        (
            "while_loop",
            while_loop,
            |w, d| while_loop_grad(w, d).0,
            while_loop_twin,
        ),
        (
            "variance",
            variance,
            |w, d| variance_grad(w, d).0,
            variance_twin,
        ),
        (
            "product",
            product,
            |w, d| product_grad(w, d).0,
            product_twin,
        ),
        (
            "match_len",
            match_len,
            |w, d| match_len_grad(w, d).0,
            match_len_twin,
        ),
        (
            "calls_on_elements",
            calls_on_elements,
            |w, d| calls_on_elements_grad(w, d).0,
            calls_on_elements_twin,
        ),
    ];
    // Points that take both sides of the branches (`break` early or not, `return` or
    // not), and one element for `match_len`'s other arm.
    let points: [&[f64]; 5] = [
        &[0.3, -1.2, 0.7, 0.5, 1.1],
        &[1.0, 1.2, 0.3, 0.4],
        &[0.5, 0.7, 1.2],
        &[0.2, 0.4],
        &[0.6],
    ];
    for (name, f, grad, twin) in cases {
        for w in points {
            if name == "neighbours" && w.len() < 2 {
                continue;
            }
            let mut d_w = vec![0.0; w.len()];
            let value = grad(w, &mut d_w);
            assert_eq!(value, f(w), "{name}");
            check(name, w, value, &d_w, f, twin);
        }
    }
}

/// Branches on elements of two slices, `max` of two elements.
#[differentiate]
fn branchy(w: &[f64], x: &[f64]) -> f64 {
    let mut a = 0.0;
    for i in 0..w.len() {
        if w[i] > 0.0 {
            a += w[i] * x[i];
        } else {
            a += w[i].max(x[i]).exp();
        }
    }
    a
}

fn branchy_twin<D: Num>(w: &[D], x: &[D]) -> D {
    let mut a = D::from(0.0);
    for i in 0..w.len() {
        if w[i].re() > 0.0 {
            a += w[i] * x[i];
        } else {
            a += common_max(w[i], x[i]).exp();
        }
    }
    a
}

fn common_max<D: Num>(a: D, b: D) -> D {
    if a.re() > b.re() {
        a
    } else {
        b
    }
}

/// Constant indices into a slice and a slice of rows; `xs[i].len()` as an inner bound.
#[differentiate]
fn const_index(w: &[f64], xs: &[[f64; 3]]) -> f64 {
    let mut t = w[0] * w[1] + xs[1][0] * xs[0][2] + softplus(w[2]);
    for i in 0..xs.len() {
        for j in 0..xs[i].len() {
            t += xs[i][j].sin() * w[j];
        }
    }
    t
}

fn const_index_twin<D: Num>(w: &[D], xs: &[[D; 3]]) -> D {
    let mut t = w[0] * w[1] + xs[1][0] * xs[0][2] + softplus_twin(w[2]);
    for row in xs {
        for j in 0..3 {
            t += row[j].sin() * w[j];
        }
    }
    t
}

#[test]
fn branches_and_constant_indices_over_two_slices() {
    let points: [(&[f64], &[f64]); 2] = [
        (&[0.3, -1.2, 0.7, -0.5], &[0.9, -0.3, 0.4, 0.1]),
        (&[-0.6, 0.2, -0.1], &[-0.2, 1.5, -0.7]),
    ];
    for (w, x) in points {
        let n = w.len();
        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, _) = branchy_grad(w, x, &mut d_w, &mut d_x);
        assert_eq!(value, branchy(w, x));
        let p = cat(&[w, x]);
        let f = |p: &[f64]| branchy(&p[..n], &p[n..]);
        let twin = |p: &[Dual64]| branchy_twin(&p[..n], &p[n..]);
        check("branchy", &p, value, &cat(&[&d_w, &d_x]), f, twin);
    }
    for (w, m) in [(&[0.3, -1.2, 0.7][..], 2), (&[1.4, 0.5, -0.8, 0.9], 3)] {
        let xs: Vec<[f64; 3]> = (0..m)
            .map(|i| std::array::from_fn(|j| 0.3 * i as f64 - 0.4 * j as f64 + 0.1))
            .collect();
        let n = w.len();
        let (mut d_w, mut d_xs) = (vec![0.0; n], vec![[0.0; 3]; m]);
        let (value, _) = const_index_grad(w, &xs, &mut d_w, &mut d_xs);
        assert_eq!(value, const_index(w, &xs));
        let p = cat(&[w, xs.as_flattened()]);
        let f = |p: &[f64]| const_index(&p[..n], &rows::<f64, 3>(&p[n..]));
        let twin = |p: &[Dual64]| const_index_twin(&p[..n], &rows::<Dual64, 3>(&p[n..]));
        check(
            "const_index",
            &p,
            value,
            &cat(&[&d_w, d_xs.as_flattened()]),
            f,
            twin,
        );
    }
}

/// A slice parameter of a method: `&self` fields are constants.
struct Ridge {
    lambda: f64,
}

#[differentiate]
impl Ridge {
    #[differentiate]
    fn loss(&self, w: &[f64], x: &[f64], y: f64) -> f64 {
        let mut z = 0.0;
        let mut r = 0.0;
        for i in 0..w.len() {
            z += w[i] * x[i];
            r += w[i] * w[i];
        }
        (z - y).powi(2) + self.lambda * r
    }
}

fn ridge_twin<D: Num>(lambda: f64, w: &[D], x: &[D], y: D) -> D {
    let mut z = D::from(0.0);
    let mut r = D::from(0.0);
    for i in 0..w.len() {
        z += w[i] * x[i];
        r += w[i] * w[i];
    }
    (z - y).powi(2) + r * lambda
}

#[test]
fn method_with_slice_parameters() {
    let model = Ridge { lambda: 0.3 };
    for (w, x, y) in LOGISTIC_POINTS {
        let n = w.len();
        let (mut d_w, mut d_x) = (vec![0.0; n], vec![0.0; n]);
        let (value, g) = model.loss_grad(w, x, y, &mut d_w, &mut d_x);
        assert_eq!(value, model.loss(w, x, y));
        let p = cat(&[w, x, &[y]]);
        let f = |p: &[f64]| model.loss(&p[..n], &p[n..2 * n], p[2 * n]);
        let twin = |p: &[Dual64]| ridge_twin(0.3, &p[..n], &p[n..2 * n], p[2 * n]);
        check(
            "Ridge::loss",
            &p,
            value,
            &cat(&[&d_w, &d_x, &[g.y]]),
            f,
            twin,
        );
    }
}

/// A tuple return: `d_out` is a tuple, the slice's buffer follows it.
#[differentiate]
fn moments(w: &[f64]) -> (f64, f64) {
    let mut a = 0.0;
    let mut b = 0.0;
    for i in 0..w.len() {
        a += w[i].sin();
        b += w[i] * w[i] * w[i];
    }
    (a, b)
}

/// An array return.
#[differentiate]
fn moments_array(w: &[f64]) -> [f64; 2] {
    let mut a = 0.0;
    let mut b = 0.0;
    for i in 0..w.len() {
        a += w[i].sin();
        b += w[i] * w[i] * w[i];
    }
    [a, b]
}

fn moments_twin<D: Num>(w: &[D], d_out: (f64, f64)) -> D {
    let (mut a, mut b) = (D::from(0.0), D::from(0.0));
    for &v in w {
        a += v.sin();
        b += v * v * v;
    }
    a * d_out.0 + b * d_out.1
}

#[test]
fn tuple_and_array_returns() {
    for w in ONE_SLICE {
        for d_out in [(0.5, -2.0), (1.5, 0.25)] {
            let weigh = |(a, b): (f64, f64)| d_out.0 * a + d_out.1 * b;
            let twin = |p: &[Dual64]| moments_twin(p, d_out);

            let (value, cache) = moments_forward(w);
            assert_eq!(value, moments(w));
            let mut d_w = vec![0.0; w.len()];
            let _ = moments_backward(&cache, d_out, &mut d_w);
            check(
                "moments",
                w,
                weigh(value),
                &d_w,
                |p| weigh(moments(p)),
                twin,
            );

            let (value, cache) = moments_array_forward(w);
            assert_eq!(value, moments_array(w));
            let mut d_w = vec![0.0; w.len()];
            let _ = moments_array_backward(&cache, [d_out.0, d_out.1], &mut d_w);
            let f = |p: &[f64]| {
                let [a, b] = moments_array(p);
                weigh((a, b))
            };
            check(
                "moments_array",
                w,
                weigh((value[0], value[1])),
                &d_w,
                f,
                twin,
            );
        }
    }
}

/// The length of a differentiated slice is a constant: `w.len() as f64`, `w[w.len() - 1]`.
#[differentiate]
fn mean_and_last(w: &[f64]) -> f64 {
    let n = w.len() as f64;
    let mut s = 0.0;
    for i in 0..w.len() {
        s += w[i];
    }
    s / n + w[w.len() - 1] * w[0] / w.len() as f64
}

#[test]
fn lengths_of_differentiated_slices_are_constants() {
    let w = [1.0, 2.0, 4.0];
    let mut d_w = [0.0; 3];
    let (value, _) = mean_and_last_grad(&w, &mut d_w);
    assert_eq!(value, mean_and_last(&w));
    assert!((value - (7.0 / 3.0 + 4.0 / 3.0)).abs() < 1e-12);
    let third = 1.0 / 3.0;
    let want = [third + 4.0 * third, third, third + third];
    for i in 0..3 {
        assert!((d_w[i] - want[i]).abs() < 1e-12, "{d_w:?}");
    }
}
