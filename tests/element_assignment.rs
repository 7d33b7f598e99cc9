//! Local arrays assigned element by element (`let mut a = [0.0; N]; a[i] = ..`).
#![allow(dead_code, clippy::needless_range_loop)]

use backprop::differentiate;

const K: usize = 3;

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

#[test]
fn prefix() {
    let x = [0.3, -1.2, 0.7];
    let (v, g) = prefix_products_grad(x);
    let f = |x: [f64; K]| {
        let p0 = x[0];
        let p1 = p0 * x[1];
        let p2 = p1 * x[2];
        p0.sin() + p1.sin() + p2.sin()
    };
    assert!((v - f(x)).abs() < 1e-12);
    for i in 0..K {
        let mut xp = x;
        let mut xm = x;
        xp[i] += 1e-6;
        xm[i] -= 1e-6;
        let fd = (f(xp) - f(xm)) / 2e-6;
        assert!((g.x[i] - fd).abs() < 1e-6, "{i}: {} vs {fd}", g.x[i]);
    }
}
