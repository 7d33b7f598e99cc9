//! Functions returning arrays: `f_forward` gives the array, `f_backward` takes a seed of
//! the same shape (a vector-Jacobian product), checked against hand-derived products.
#![allow(dead_code, clippy::needless_range_loop)]
use backprop::differentiate;

#[differentiate]
fn matvec(w: [[f64; 3]; 2], x: [f64; 3]) -> [f64; 2] {
    let mut y = [0.0; 2];
    for i in 0..2 {
        for j in 0..3 {
            y[i] += w[i][j] * x[j];
        }
    }
    y
}

#[differentiate]
fn pair(a: f64, b: f64) -> [f64; 2] {
    [a * b, a.sin()]
}

#[test]
fn array_returns() {
    let w = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let x = [0.5, -1.0, 2.0];
    let (y, cache) = matvec_forward(w, x);
    assert_eq!(y, [1.0 * 0.5 - 2.0 + 6.0, 2.0 - 5.0 + 12.0]);
    let dy = [0.25, -2.0];
    let g = matvec_backward(&cache, dy);
    for i in 0..2 {
        for j in 0..3 {
            assert!((g.w[i][j] - dy[i] * x[j]).abs() < 1e-12);
        }
    }
    for j in 0..3 {
        let want = w[0][j] * dy[0] + w[1][j] * dy[1];
        assert!((g.x[j] - want).abs() < 1e-12);
    }
    let (v, cache) = pair_forward(0.5, 2.0);
    assert_eq!(v, [1.0, 0.5f64.sin()]);
    let g = pair_backward(&cache, [1.0, 3.0]);
    assert!((g.a - (2.0 + 3.0 * 0.5f64.cos())).abs() < 1e-12);
    assert!((g.b - 0.5).abs() < 1e-12);
}
