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

fn close(a: &[f64], b: &[f64]) {
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() <= 1e-6 * 1f64.max(x.abs()).max(y.abs()),
            "{a:?} vs {b:?}"
        );
    }
}

#[differentiate]
fn piecewise(x: f64, y: f64) -> f64 {
    if x > 0.0 {
        x * y
    } else {
        x.exp() + y
    }
}

#[differentiate]
fn stmt_if(x: f64, y: f64) -> f64 {
    let mut s = x * y;
    if s > 1.0 {
        s = s.sin();
        s += x;
    }
    s * y
}

#[differentiate]
fn early(x: f64, y: f64) -> f64 {
    if x < 0.0 {
        return x * x;
    }
    let t = x * y;
    t.sin() + y
}

#[differentiate]
fn power(x: f64, n: i32) -> f64 {
    let mut acc = 1.0;
    for _ in 0..n {
        acc *= x;
    }
    acc
}

#[differentiate]
fn horner(x: f64, a: f64, b: f64, c: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..4 {
        let coef = if i == 0 {
            a
        } else if i == 1 {
            b
        } else {
            c
        };
        acc = acc * x + coef;
    }
    acc
}

#[differentiate]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut i = 0;
    while i < 20 {
        x = 0.5 * (x + a / x);
        i += 1;
    }
    x
}

#[differentiate]
fn with_break(x: f64) -> f64 {
    let mut s = 0.0;
    let mut k = 0;
    loop {
        s += x * (k as f64);
        k += 1;
        if s > 10.0 {
            break;
        }
    }
    s
}

#[differentiate]
fn with_continue(x: f64, y: f64) -> f64 {
    let mut s = y;
    for i in 0..6 {
        if i % 2 == 0 {
            continue;
        }
        s = s * x + (i as f64);
    }
    s
}

#[differentiate]
fn matcher(x: f64, n: i32) -> f64 {
    match n {
        0 => x,
        1 | 2 => x * x,
        _ => x.sin(),
    }
}

#[differentiate]
fn euler(k: f64, y0: f64) -> f64 {
    let mut y = y0;
    let dt = 0.01;
    for _ in 0..100 {
        y += dt * (-k * y);
    }
    y
}

#[test]
fn smoke() {
    for (x, y) in [(0.7, 1.3), (-0.4, 2.0), (1.9, -0.6)] {
        let (v, g) = piecewise_grad(x, y);
        assert_eq!(v, piecewise(x, y));
        close(&[g.x, g.y], &fd(|p| piecewise(p[0], p[1]), &[x, y]));
        let (v, g) = stmt_if_grad(x, y);
        assert_eq!(v, stmt_if(x, y));
        close(&[g.x, g.y], &fd(|p| stmt_if(p[0], p[1]), &[x, y]));
        let (v, g) = early_grad(x, y);
        assert_eq!(v, early(x, y));
        close(&[g.x, g.y], &fd(|p| early(p[0], p[1]), &[x, y]));
        let (v, g) = with_continue_grad(x, y);
        assert_eq!(v, with_continue(x, y));
        close(&[g.x, g.y], &fd(|p| with_continue(p[0], p[1]), &[x, y]));
        for n in 0..4 {
            let (v, g) = power_grad(x, n);
            assert_eq!(v, power(x, n));
            close(&[g.x], &fd(|p| power(p[0], n), &[x]));
            let (v, g) = matcher_grad(x, n);
            assert_eq!(v, matcher(x, n));
            close(&[g.x], &fd(|p| matcher(p[0], n), &[x]));
        }
    }
    let (v, g) = horner_grad(0.5, 1.0, 2.0, 3.0);
    assert_eq!(v, horner(0.5, 1.0, 2.0, 3.0));
    close(
        &[g.x, g.a, g.b, g.c],
        &fd(|p| horner(p[0], p[1], p[2], p[3]), &[0.5, 1.0, 2.0, 3.0]),
    );
    let (v, g) = newton_sqrt_grad(2.0);
    assert_eq!(v, newton_sqrt(2.0));
    assert!((v - 2f64.sqrt()).abs() < 1e-12);
    close(&[g.a], &[0.5 / 2f64.sqrt()]);
    let (v, g) = with_break_grad(1.3);
    assert_eq!(v, with_break(1.3));
    close(&[g.x], &fd(|p| with_break(p[0]), &[1.3]));
    let (v, g) = euler_grad(0.8, 2.0);
    assert_eq!(v, euler(0.8, 2.0));
    close(&[g.k, g.y0], &fd(|p| euler(p[0], p[1]), &[0.8, 2.0]));
}

#[differentiate]
fn return_in_loop(x: f64, n: usize) -> f64 {
    let mut s = x;
    for i in 0..n {
        s = s * x + 1.0;
        if s > 5.0 {
            return s * (i as f64 + 1.0);
        }
    }
    s.sin()
}

#[differentiate]
fn labeled(x: f64) -> f64 {
    let mut s = 0.0;
    'outer: for i in 0..5 {
        for j in 0..5 {
            if j > i {
                continue 'outer;
            }
            s += x * (j as f64) + s * 0.1;
            if s > 20.0 {
                break 'outer;
            }
        }
    }
    s
}

#[test]
fn jumps() {
    for x in [0.5, 1.2, 2.5] {
        for n in [0, 2, 6] {
            let (v, g) = return_in_loop_grad(x, n);
            assert_eq!(v, return_in_loop(x, n));
            close(&[g.x], &fd(|p| return_in_loop(p[0], n), &[x]));
        }
        let (v, g) = labeled_grad(x);
        assert_eq!(v, labeled(x));
        close(&[g.x], &fd(|p| labeled(p[0]), &[x]));
    }
}
