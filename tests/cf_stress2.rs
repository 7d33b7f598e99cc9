//! More control-flow shapes: returns from match arms, merges of constants, mutable
//! parameters carried by loops.
use backprop::differentiate;

fn fd(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6 * x.abs().max(1.0);
    (f(x + h) - f(x - h)) / (2.0 * h)
}

#[differentiate]
fn match_return(x: f64, n: i32) -> f64 {
    match n {
        0 => return x.sin(),
        1..=3 => {}
        _ => return x * x,
    }
    let k = if n > 2 { 3 } else { 2 };
    let c = if n == 1 { 0.5 } else { 1.5 };
    x.powi(k) * c
}

#[differentiate]
fn mut_param(mut x: f64, n: usize) -> f64 {
    for _ in 0..n {
        x = x.sin() + 0.5 * x;
    }
    let mut y = x;
    if y < 0.5 {
        y = y * y;
    }
    y + x
}

#[test]
fn shapes() {
    for x in [0.2, 0.8, 1.9] {
        for n in 0..6 {
            let (v, g) = match_return_grad(x, n);
            assert_eq!(v, match_return(x, n));
            let numeric = fd(|x| match_return(x, n), x);
            assert!(
                (g.x - numeric).abs() < 1e-6,
                "match_return({x}, {n}): {} vs {numeric}",
                g.x
            );
            let n = n as usize;
            let (v, g) = mut_param_grad(x, n);
            assert_eq!(v, mut_param(x, n));
            let numeric = fd(|x| mut_param(x, n), x);
            assert!(
                (g.x - numeric).abs() < 1e-6,
                "mut_param({x}, {n}): {} vs {numeric}",
                g.x
            );
        }
    }
}
