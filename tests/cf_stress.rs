//! Tricky control-flow shapes, each checked against central differences.
use backprop::differentiate;

fn fd(f: impl Fn(&[f64]) -> f64, at: &[f64]) -> Vec<f64> {
    let mut p = at.to_vec();
    (0..at.len())
        .map(|i| {
            let h = 1e-6 * at[i].abs().max(1.0);
            p[i] = at[i] + h;
            let a = f(&p);
            p[i] = at[i] - h;
            let b = f(&p);
            p[i] = at[i];
            (a - b) / (2.0 * h)
        })
        .collect()
}

#[track_caller]
fn close(name: &str, a: &[f64], b: &[f64]) {
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() <= 1e-5 * 1f64.max(x.abs()).max(y.abs()),
            "{name}: {a:?} vs {b:?}"
        );
    }
}

#[differentiate]
fn nested_loops(x: f64, y: f64) -> f64 {
    let mut s = 0.0;
    let mut p = y;
    for i in 0..4 {
        let mut inner = x;
        for j in 0..=i {
            inner = inner * 0.5 + p * (j as f64);
            if inner > 3.0 {
                inner = inner.sqrt();
            }
        }
        s += inner;
        p = p.sin() + x;
    }
    s * p
}

#[differentiate]
fn while_complex(x: f64) -> f64 {
    let mut v = x;
    let mut n = 0;
    while v.abs() < 100.0 && n < 50 {
        v = v * 1.7 + 0.3;
        n += 1;
        if n % 3 == 0 {
            continue;
        }
        v -= 0.1 * x;
    }
    v
}

#[differentiate]
fn if_expr_blocks(x: f64, y: f64, flag: bool) -> f64 {
    let y2 = if flag && x > 0.5 {
        let t = x * 2.0;
        t + y
    } else if y < 0.0 {
        -y * x
    } else {
        x.exp()
    };
    let mut z = y2;
    z = if z > 1.0 { z.ln() } else { z * z };
    z + y2
}

#[differentiate]
fn return_deep(x: f64, n: usize) -> f64 {
    let mut s = x;
    if x > -10.0 {
        for i in 0..n {
            for _ in 0..2 {
                s = s * 1.1 + x;
                if s > 4.0 && i > 0 {
                    match i {
                        1 => return s * 2.0,
                        _ => return s.sqrt(),
                    }
                }
            }
        }
    }
    s - x
}

#[differentiate]
fn break_only_assign(x: f64) -> f64 {
    let mut hit = x;
    let mut t = x;
    loop {
        t = t * 1.3 + 0.2;
        if t > 5.0 {
            hit = hit * 0.5 + t * x;
            break;
        }
    }
    hit + t
}

#[differentiate]
fn step_rev(x: f64, n: usize) -> f64 {
    let mut acc = 1.0;
    for i in (0..n).rev().step_by(2) {
        acc = acc * x + i as f64;
    }
    for k in (1..=n).step_by(3) {
        acc += x.powi(k as i32) * 0.1;
    }
    acc
}

#[differentiate]
fn shadow_in_loop(x: f64) -> f64 {
    let mut s = 0.0;
    let acc = x;
    for _ in 0..3 {
        let acc = acc * 2.0;
        s += acc * s + 1.0;
    }
    s + acc
}

#[differentiate]
fn nan_trap(x: f64) -> f64 {
    if x > 0.0 {
        x.sqrt() * x.ln()
    } else {
        x * 0.0 + 1.0
    }
}

#[test]
fn stress() {
    for x in [0.3, 0.9, 1.7] {
        for y in [-0.7, 0.4] {
            let (v, g) = nested_loops_grad(x, y);
            assert_eq!(v, nested_loops(x, y));
            close(
                "nested",
                &[g.x, g.y],
                &fd(|p| nested_loops(p[0], p[1]), &[x, y]),
            );
            for flag in [true, false] {
                let (v, g) = if_expr_blocks_grad(x, y, flag);
                assert_eq!(v, if_expr_blocks(x, y, flag));
                close(
                    "ifexpr",
                    &[g.x, g.y],
                    &fd(|p| if_expr_blocks(p[0], p[1], flag), &[x, y]),
                );
            }
        }
        let (v, g) = while_complex_grad(x);
        assert_eq!(v, while_complex(x));
        close("while", &[g.x], &fd(|p| while_complex(p[0]), &[x]));
        for n in [0, 1, 3, 6] {
            let (v, g) = return_deep_grad(x, n);
            assert_eq!(v, return_deep(x, n));
            close("return", &[g.x], &fd(|p| return_deep(p[0], n), &[x]));
            let (v, g) = step_rev_grad(x, n);
            assert_eq!(v, step_rev(x, n));
            close("steprev", &[g.x], &fd(|p| step_rev(p[0], n), &[x]));
        }
        let (v, g) = break_only_assign_grad(x);
        assert_eq!(v, break_only_assign(x));
        close("break", &[g.x], &fd(|p| break_only_assign(p[0]), &[x]));
        let (v, g) = shadow_in_loop_grad(x);
        assert_eq!(v, shadow_in_loop(x));
        close("shadow", &[g.x], &fd(|p| shadow_in_loop(p[0]), &[x]));
    }
    let (v, g) = nan_trap_grad(-2.0);
    assert_eq!(v, nan_trap(-2.0));
    assert_eq!(v, 1.0);
    assert_eq!(g.x, 0.0);
}
