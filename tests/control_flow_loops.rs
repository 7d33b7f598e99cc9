//! Gradient checks of loops: `for` over `a..b`, `a..=b`, `.rev()`, `.step_by(k)` with
//! constant and runtime bounds; `while`; `loop` with `break`; `continue`; `break` and
//! `continue` inside branches; nested loops; loop-carried `let mut` variables (active
//! and integer), loop-local lets, branches and `match` inside loops, a carried variable
//! only read after the loop, zero-trip loops.
//!
//! The corpus: Horner polynomials, power by repeated multiplication and by squaring,
//! series sums, time-stepped ODEs (Euler, symplectic Euler, midpoint), Newton square
//! root and a fixed point iterated until converged, a double sum.
//!
//! Every function is checked at 2+ points against central finite differences of the
//! function itself and num-dual on a twin with the same control flow. Points keep away
//! from the places where a data-dependent trip count or branch changes.

mod common;

use backprop::differentiate;
use common::{check, check_f32, check_wrt, cst, dabs};
use num_dual::{Dual64, DualNum};

/// Degree-16 Horner with a constant trip count (`for i in 0..17`):
/// p(x) = sum_{i=0}^{16} a / (i + 1) x^(16 - i), built as acc = acc x + a / (i + 1).
#[differentiate]
fn horner16(x: f64, a: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..17 {
        acc = acc * x + a / (i as f64 + 1.0);
    }
    acc
}

fn horner16_twin(x: Dual64, a: Dual64) -> Dual64 {
    let mut acc = cst(0.0);
    for i in 0..17 {
        acc = acc * x + a / (f64::from(i) + 1.0);
    }
    acc
}

/// Horner with a runtime degree over `(0..=n).rev()`: coefficient of x^i is (i + 1) a + b,
/// p(x) = sum_{i=0}^{n} ((i + 1) a + b) x^i.
#[differentiate]
fn horner_rev(x: f64, a: f64, b: f64, n: i32) -> f64 {
    let mut acc = 0.0;
    for i in (0..=n).rev() {
        let coef = (i as f64 + 1.0) * a + b;
        acc = acc * x + coef;
    }
    acc
}

fn horner_rev_twin(x: Dual64, a: Dual64, b: Dual64, n: i32) -> Dual64 {
    let mut acc = cst(0.0);
    for i in (0..=n).rev() {
        let coef = a * (f64::from(i) + 1.0) + b;
        acc = acc * x + coef;
    }
    acc
}

#[test]
fn horner_polynomials() {
    for p in [[0.7, 1.3], [-0.9, 0.4], [1.1, -2.0]] {
        let (v, g) = horner16_grad(p[0], p[1]);
        check(
            "horner16",
            &p,
            v,
            &[g.x, g.a],
            |q| horner16(q[0], q[1]),
            |d| horner16_twin(d[0], d[1]),
        );
    }
    for n in [0, 1, 4, 9] {
        for p in [[0.7, 1.3, -0.5], [-1.2, 0.4, 2.0]] {
            let (v, g) = horner_rev_grad(p[0], p[1], p[2], n);
            check(
                &format!("horner_rev n={n}"),
                &p,
                v,
                &[g.x, g.a, g.b],
                |q| horner_rev(q[0], q[1], q[2], n),
                |d| horner_rev_twin(d[0], d[1], d[2], n),
            );
        }
    }
}

/// Power by repeated multiplication, runtime trip count: f = x^n y (n >= 0), and the
/// same with a constant trip count: g = x^5 y.
#[differentiate]
fn power_loop(x: f64, y: f64, n: i32) -> f64 {
    let mut acc = y;
    for _ in 0..n {
        acc *= x;
    }
    acc
}

/// f = x^5 y by five multiplications (`for _ in 0..5`).
#[differentiate]
fn power5(x: f64, y: f64) -> f64 {
    let mut acc = y;
    for _ in 0..5 {
        acc *= x;
    }
    acc
}

/// Power by squaring: an integer carried variable `e` drives an `if` that updates the
/// result and a carried base: f = x^n for n >= 0.
#[differentiate]
fn power_by_squaring(x: f64, n: u32) -> f64 {
    let mut result = 1.0;
    let mut base = x;
    let mut e = n;
    while e > 0 {
        if e % 2 == 1 {
            result *= base;
        }
        base = base * base;
        e /= 2;
    }
    result
}

fn power_by_squaring_twin(x: Dual64, n: u32) -> Dual64 {
    let mut result = cst(1.0);
    let mut base = x;
    let mut e = n;
    while e > 0 {
        if e % 2 == 1 {
            result *= base;
        }
        base = base * base;
        e /= 2;
    }
    result
}

#[test]
fn powers_by_loops() {
    for n in [0, 1, 3, 8] {
        for p in [[0.7, 1.3], [-1.4, 0.4]] {
            let (v, g) = power_loop_grad(p[0], p[1], n);
            check(
                &format!("power_loop n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| power_loop(q[0], q[1], n),
                |d| d[1] * d[0].powi(n),
            );
        }
    }
    for p in [[0.7, 1.3], [-1.4, 0.4]] {
        let (v, g) = power5_grad(p[0], p[1]);
        check(
            "power5",
            &p,
            v,
            &[g.x, g.y],
            |q| power5(q[0], q[1]),
            |d| d[1] * d[0].powi(5),
        );
    }
    for n in [0u32, 1, 2, 7, 13] {
        for p in [[0.9], [-1.1]] {
            let (v, g) = power_by_squaring_grad(p[0], n);
            check(
                &format!("power_by_squaring n={n}"),
                &p,
                v,
                &[g.x],
                |q| power_by_squaring(q[0], n),
                |d| power_by_squaring_twin(d[0], n),
            );
            let exact = f64::from(n) * p[0].powi(n as i32 - 1);
            common::assert_close("power_by_squaring exact", g.x, exact, 1e-12);
        }
    }
}

/// Exponential series with a runtime number of terms over `1..=n`; the term is a
/// loop-carried product: f = sum_{k=0}^{n} x^k / k!.
#[differentiate]
fn exp_series(x: f64, n: i32) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..=n {
        term *= x / (k as f64);
        sum += term;
    }
    sum
}

fn exp_series_twin(x: Dual64, n: i32) -> Dual64 {
    let mut term = cst(1.0);
    let mut sum = cst(1.0);
    for k in 1..=n {
        term *= x / f64::from(k);
        sum += term;
    }
    sum
}

/// Taylor series of sin with 10 terms (constant trip count), an alternating sign as an
/// integer-free carried float: f = sum_{k=0}^{9} (-1)^k x^(2k+1) / (2k+1)!, times y.
#[differentiate]
fn sin_series(x: f64, y: f64) -> f64 {
    let mut term = x;
    let mut sum = 0.0;
    let x2 = x * x;
    for k in 0..10 {
        sum += term;
        let kf = k as f64;
        term = -term * x2 / ((2.0 * kf + 2.0) * (2.0 * kf + 3.0));
    }
    sum * y
}

fn sin_series_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut term = x;
    let mut sum = cst(0.0);
    let x2 = x * x;
    for k in 0..10 {
        sum += term;
        let kf = f64::from(k);
        term = -term * x2 / ((2.0 * kf + 2.0) * (2.0 * kf + 3.0));
    }
    sum * y
}

#[test]
fn series_sums() {
    for n in [0, 1, 5, 20] {
        for p in [[0.7], [-1.9]] {
            let (v, g) = exp_series_grad(p[0], n);
            check(
                &format!("exp_series n={n}"),
                &p,
                v,
                &[g.x],
                |q| exp_series(q[0], n),
                |d| exp_series_twin(d[0], n),
            );
        }
    }
    let (v, g) = exp_series_grad(0.5, 30);
    common::assert_close("exp_series(30) ~ exp", v, 0.5f64.exp(), 1e-14);
    common::assert_close("exp_series(30)' ~ exp", g.x, 0.5f64.exp(), 1e-14);
    for p in [[0.7, 1.3], [-2.1, 0.4]] {
        let (v, g) = sin_series_grad(p[0], p[1]);
        check(
            "sin_series",
            &p,
            v,
            &[g.x, g.y],
            |q| sin_series(q[0], q[1]),
            |d| sin_series_twin(d[0], d[1]),
        );
        common::assert_close("sin_series' ~ cos", g.x, p[1] * p[0].cos(), 1e-9);
    }
}

/// Forward Euler for y' = -k y with a runtime number of steps:
/// y_{i+1} = y_i + dt (-k y_i), f = y_n = y0 (1 - k dt)^n.
#[differentiate]
fn euler_decay(k: f64, y0: f64, dt: f64, n: usize) -> f64 {
    let mut y = y0;
    for _ in 0..n {
        y += dt * (-k * y);
    }
    y
}

/// Symplectic Euler for the pendulum q'' = -w^2 sin q, 200 constant steps, two carried
/// variables updated in sequence (p reads the old q, q reads the new p); f = q + p / 2.
#[differentiate]
fn pendulum(q0: f64, p0: f64, w: f64) -> f64 {
    let dt = 0.01;
    let mut q = q0;
    let mut p = p0;
    for _ in 0..200 {
        p -= dt * w * w * q.sin();
        q += dt * p;
    }
    q + 0.5 * p
}

fn pendulum_twin(q0: Dual64, p0: Dual64, w: Dual64) -> Dual64 {
    let dt = 0.01;
    let mut q = q0;
    let mut p = p0;
    for _ in 0..200 {
        p -= w * w * q.sin() * dt;
        q += p * dt;
    }
    q + p * 0.5
}

/// Explicit midpoint (RK2) for y' = a y (1 - y) with loop-local lets, a runtime step
/// count, and a time variable t carried as a float that enters the right-hand side:
/// y' = a y (1 - y) + b sin t.
#[differentiate]
fn logistic_rk2(y0: f64, a: f64, b: f64, n: i32) -> f64 {
    let dt = 0.05;
    let mut y = y0;
    let mut t = 0.0;
    for _ in 0..n {
        let k1 = a * y * (1.0 - y) + b * t.sin();
        let mid = y + 0.5 * dt * k1;
        let tm = t + 0.5 * dt;
        let k2 = a * mid * (1.0 - mid) + b * tm.sin();
        y += dt * k2;
        t += dt;
    }
    y
}

fn logistic_rk2_twin(y0: Dual64, a: Dual64, b: Dual64, n: i32) -> Dual64 {
    let dt = 0.05;
    let mut y = y0;
    let mut t = 0.0f64;
    for _ in 0..n {
        let k1 = a * y * (cst(1.0) - y) + b * t.sin();
        let mid = y + k1 * (0.5 * dt);
        let tm = t + 0.5 * dt;
        let k2 = a * mid * (cst(1.0) - mid) + b * tm.sin();
        y += k2 * dt;
        t += dt;
    }
    y
}

#[test]
fn time_stepped_odes() {
    for n in [0usize, 1, 50] {
        for p in [[0.8, 2.0, 0.01], [-0.3, 1.5, 0.1]] {
            let (v, g) = euler_decay_grad(p[0], p[1], p[2], n);
            check(
                &format!("euler_decay n={n}"),
                &p,
                v,
                &[g.k, g.y0, g.dt],
                |q| euler_decay(q[0], q[1], q[2], n),
                |d| {
                    let mut y = d[1];
                    for _ in 0..n {
                        y += d[2] * (-d[0] * y);
                    }
                    y
                },
            );
        }
    }
    for p in [[0.5, 0.0, 1.0], [1.2, -0.4, 2.5]] {
        let (v, g) = pendulum_grad(p[0], p[1], p[2]);
        check(
            "pendulum",
            &p,
            v,
            &[g.q0, g.p0, g.w],
            |q| pendulum(q[0], q[1], q[2]),
            |d| pendulum_twin(d[0], d[1], d[2]),
        );
    }
    for n in [0, 3, 40] {
        for p in [[0.2, 1.5, 0.3], [0.9, -0.7, -1.0]] {
            let (v, g) = logistic_rk2_grad(p[0], p[1], p[2], n);
            check(
                &format!("logistic_rk2 n={n}"),
                &p,
                v,
                &[g.y0, g.a, g.b],
                |q| logistic_rk2(q[0], q[1], q[2], n),
                |d| logistic_rk2_twin(d[0], d[1], d[2], n),
            );
        }
    }
}

/// Newton's square root iterated until converged (`while` on a differentiated residual):
/// x <- (x + a / x) / 2 while |x^2 - a| > 1e-12 a; f = sqrt(a), f' = 1 / (2 sqrt a).
#[differentiate]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = if a > 1.0 { a } else { 1.0 };
    while (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
    }
    x
}

fn newton_sqrt_twin(a: Dual64) -> Dual64 {
    let mut x = if a.re > 1.0 { a } else { cst(1.0) };
    while dabs(x * x - a).re > 1e-12 * a.re {
        x = (x + a / x) * 0.5;
    }
    x
}

/// A fixed point iterated with `loop` until two iterates agree: y = x + cos(y) / 2,
/// dy/dx = 1 / (1 + sin(y) / 2); the iteration count is an integer carried variable
/// and a cap keeps it finite.
#[differentiate]
fn fixed_point(x: f64) -> f64 {
    let mut y = x;
    let mut iterations = 0;
    loop {
        let next = x + 0.5 * y.cos();
        let change = (next - y).abs();
        y = next;
        iterations += 1;
        if change < 1e-15 || iterations >= 200 {
            break;
        }
    }
    y
}

fn fixed_point_twin(x: Dual64) -> Dual64 {
    let mut y = x;
    let mut iterations = 0;
    loop {
        let next = x + y.cos() * 0.5;
        let change = dabs(next - y);
        y = next;
        iterations += 1;
        if change.re < 1e-15 || iterations >= 200 {
            break;
        }
    }
    y
}

#[test]
fn iterate_until_converged() {
    for p in [[2.0], [0.3], [9.0], [123.0]] {
        let (v, g) = newton_sqrt_grad(p[0]);
        check(
            "newton_sqrt",
            &p,
            v,
            &[g.a],
            |q| newton_sqrt(q[0]),
            |d| newton_sqrt_twin(d[0]),
        );
        common::assert_close("newton_sqrt value", v, p[0].sqrt(), 1e-12);
        common::assert_close("newton_sqrt'", g.a, 0.5 / p[0].sqrt(), 1e-8);
    }
    for p in [[0.5], [-1.0], [3.0]] {
        let (v, g) = fixed_point_grad(p[0]);
        check(
            "fixed_point",
            &p,
            v,
            &[g.x],
            |q| fixed_point(q[0]),
            |d| fixed_point_twin(d[0]),
        );
        common::assert_close("fixed_point'", g.x, 1.0 / (1.0 + 0.5 * v.sin()), 1e-10);
    }
}

/// `while` whose condition reads a differentiated carried value, with an integer
/// counter: s <- s y + x while s < 10; the trip count depends on (x, y).
#[differentiate]
fn grow_until(x: f64, y: f64) -> f64 {
    let mut s = x;
    let mut steps = 0;
    while s < 10.0 && steps < 50 {
        s = s * y + x;
        steps += 1;
    }
    s / (steps as f64 + 1.0)
}

fn grow_until_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    let mut steps = 0;
    while s.re < 10.0 && steps < 50 {
        s = s * y + x;
        steps += 1;
    }
    s / (f64::from(steps) + 1.0)
}

/// `loop` with `break` inside a branch, after a `let` that reads the carried value:
/// s accumulates x k for k = 0, 1, 2, ... and stops once s > 10, then f = s y.
#[differentiate]
fn accumulate_until(x: f64, y: f64) -> f64 {
    let mut s = 0.0;
    let mut k = 0;
    loop {
        let step = x * (k as f64) + y;
        s += step;
        k += 1;
        if s > 10.0 || k > 100 {
            break;
        }
    }
    s * y
}

fn accumulate_until_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = cst(0.0);
    let mut k = 0;
    loop {
        let step = x * f64::from(k) + y;
        s += step;
        k += 1;
        if s.re > 10.0 || k > 100 {
            break;
        }
    }
    s * y
}

#[test]
fn data_dependent_trip_counts() {
    for p in [[1.3, 1.7], [0.5, 2.9], [2.2, 0.5]] {
        let (v, g) = grow_until_grad(p[0], p[1]);
        check(
            "grow_until",
            &p,
            v,
            &[g.x, g.y],
            |q| grow_until(q[0], q[1]),
            |d| grow_until_twin(d[0], d[1]),
        );
    }
    for p in [[1.3, 0.7], [0.47, 1.1], [3.1, 0.2]] {
        let (v, g) = accumulate_until_grad(p[0], p[1]);
        check(
            "accumulate_until",
            &p,
            v,
            &[g.x, g.y],
            |q| accumulate_until(q[0], q[1]),
            |d| accumulate_until_twin(d[0], d[1]),
        );
    }
}

/// `break` and `continue` inside branches of a runtime `for`: odd indices are skipped,
/// an index whose weighted value is large is skipped by a condition on a differentiated
/// value, and the loop stops once the sum passes `limit`:
/// for i in 0..n { if i odd continue; w = x i; if w > 3 continue; s = s y + sin w;
/// if s > limit break }.
#[differentiate]
fn break_continue(x: f64, y: f64, limit: f64, n: i32) -> f64 {
    let mut s = 1.0;
    for i in 0..n {
        if i % 2 == 1 {
            continue;
        }
        let w = x * (i as f64);
        if w > 3.0 {
            continue;
        } else if s > limit {
            break;
        }
        s = s * y + w.sin();
    }
    s
}

fn break_continue_twin(x: Dual64, y: Dual64, limit: Dual64, n: i32) -> Dual64 {
    let mut s = cst(1.0);
    for i in 0..n {
        if i % 2 == 1 {
            continue;
        }
        let w = x * f64::from(i);
        if w.re > 3.0 {
            continue;
        } else if s.re > limit.re {
            break;
        }
        s = s * y + w.sin();
    }
    s
}

#[test]
fn break_and_continue_in_branches() {
    for n in [0, 3, 12] {
        for p in [
            [0.35, 1.4, 5.0],
            [0.8, 0.9, 2.0],
            [-0.4, 1.7, 3.3],
            [0.2, 2.5, 100.0],
        ] {
            let (v, g) = break_continue_grad(p[0], p[1], p[2], n);
            check(
                &format!("break_continue n={n}"),
                &p,
                v,
                &[g.x, g.y, g.limit],
                |q| break_continue(q[0], q[1], q[2], n),
                |d| break_continue_twin(d[0], d[1], d[2], n),
            );
        }
    }
}

/// A nested double sum with runtime bounds, the inner bound depending on the outer
/// index: f = sum_{i=0}^{n-1} sum_{j=0}^{i} x^i y^j / (i + j + 1).
#[differentiate]
fn double_sum(x: f64, y: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        for j in 0..=i {
            s += x.powi(i) * y.powi(j) / ((i + j + 1) as f64);
        }
    }
    s
}

fn double_sum_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut s = cst(0.0);
    for i in 0..n {
        for j in 0..=i {
            s += x.powi(i) * y.powi(j) / f64::from(i + j + 1);
        }
    }
    s
}

/// Nested constant loops where the inner loop carries a variable declared in the outer
/// body (a loop-local `let mut`): row_i = Horner of (y, y, y) at x, f = sum_i i row_i^2.
#[differentiate]
fn nested_rows(x: f64, y: f64) -> f64 {
    let mut total = 0.0;
    for i in 0..4 {
        let mut row = 0.0;
        for _ in 0..3 {
            row = row * x + y;
        }
        total += (i as f64) * row * row;
    }
    total
}

fn nested_rows_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut total = cst(0.0);
    for i in 0..4 {
        let mut row = cst(0.0);
        for _ in 0..3 {
            row = row * x + y;
        }
        total += row * row * f64::from(i);
    }
    total
}

#[test]
fn nested_loops() {
    for n in [0, 1, 4] {
        for p in [[0.7, 1.3], [-0.9, 0.4]] {
            let (v, g) = double_sum_grad(p[0], p[1], n);
            check(
                &format!("double_sum n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| double_sum(q[0], q[1], n),
                |d| double_sum_twin(d[0], d[1], n),
            );
        }
    }
    for p in [[0.7, 1.3], [-0.9, 0.4]] {
        let (v, g) = nested_rows_grad(p[0], p[1]);
        check(
            "nested_rows",
            &p,
            v,
            &[g.x, g.y],
            |q| nested_rows(q[0], q[1]),
            |d| nested_rows_twin(d[0], d[1]),
        );
    }
}

/// A branch inside a loop that updates a different carried variable in each branch,
/// once on the index and once on differentiated values:
/// even i: a = a x + 1, odd i: b = b + a y; then if a > b: a -= b / 10 else b -= a x / 10.
#[differentiate]
fn alternating_updates(x: f64, y: f64, n: i32) -> f64 {
    let mut a = 1.0;
    let mut b = y;
    for i in 0..n {
        if i % 2 == 0 {
            a = a * x + 1.0;
        } else {
            b += a * y;
        }
        if a > b {
            a -= 0.1 * b;
        } else {
            b -= 0.1 * a * x;
        }
    }
    a * b
}

fn alternating_updates_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut a = cst(1.0);
    let mut b = y;
    for i in 0..n {
        if i % 2 == 0 {
            a = a * x + 1.0;
        } else {
            b += a * y;
        }
        if a.re > b.re {
            a -= b * 0.1;
        } else {
            b -= a * x * 0.1;
        }
    }
    a * b
}

/// A carried variable only written in the loop and read after it (its last value),
/// next to a loop-local `let mut` mutated inside the body:
/// last = sin(x i) (1 + y)^2 for the last i; f = last y.
#[differentiate]
fn last_value(x: f64, y: f64, n: i32) -> f64 {
    let mut last = 0.0;
    for i in 0..n {
        let mut t = x * (i as f64);
        t = t.sin();
        t *= 1.0 + y;
        last = t * (1.0 + y);
    }
    last * y
}

fn last_value_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut last = cst(0.0);
    for i in 0..n {
        let mut t = x * f64::from(i);
        t = t.sin();
        t *= y + 1.0;
        last = t * (y + 1.0);
    }
    last * y
}

/// `match` on the index inside a loop, arms as bare compound assignments:
/// i % 3 == 0: s += x; == 1: s *= y; else s -= x y.
#[differentiate]
fn match_in_loop(x: f64, y: f64, n: i32) -> f64 {
    let mut s = 0.5;
    for i in 0..n {
        match i % 3 {
            0 => s += x,
            1 => s *= y,
            _ => s -= x * y,
        }
    }
    s
}

fn match_in_loop_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut s = cst(0.5);
    for i in 0..n {
        match i % 3 {
            0 => s += x,
            1 => s *= y,
            _ => s -= x * y,
        }
    }
    s
}

/// An `if` expression as an operand inside a loop body, on the index and the carried
/// value: s += (e^(-s) if s > i/4 else s^2) x.
#[differentiate]
fn if_expr_in_loop(x: f64, n: i32) -> f64 {
    let mut s = x;
    for i in 0..n {
        s += (if s > (i as f64) * 0.25 {
            (-s).exp()
        } else {
            s * s
        }) * x;
    }
    s
}

fn if_expr_in_loop_twin(x: Dual64, n: i32) -> Dual64 {
    let mut s = x;
    for i in 0..n {
        s += (if s.re > f64::from(i) * 0.25 {
            (-s).exp()
        } else {
            s * s
        }) * x;
    }
    s
}

#[test]
fn branches_inside_loops() {
    for n in [0, 1, 2, 7] {
        for p in [[0.7, 1.3], [1.3, 0.4], [-0.6, 0.9]] {
            let (v, g) = alternating_updates_grad(p[0], p[1], n);
            check(
                &format!("alternating_updates n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| alternating_updates(q[0], q[1], n),
                |d| alternating_updates_twin(d[0], d[1], n),
            );
            let (v, g) = last_value_grad(p[0], p[1], n);
            check(
                &format!("last_value n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| last_value(q[0], q[1], n),
                |d| last_value_twin(d[0], d[1], n),
            );
            let (v, g) = match_in_loop_grad(p[0], p[1], n);
            check(
                &format!("match_in_loop n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| match_in_loop(q[0], q[1], n),
                |d| match_in_loop_twin(d[0], d[1], n),
            );
            let (v, g) = if_expr_in_loop_grad(p[0], n);
            check(
                &format!("if_expr_in_loop n={n}"),
                &p[..1],
                v,
                &[g.x],
                |q| if_expr_in_loop(q[0], n),
                |d| if_expr_in_loop_twin(d[0], n),
            );
        }
    }
}

/// `.step_by(2)` over a runtime range and `.step_by(3)` over a constant `..=` range,
/// plus a runtime step: f = sum_{i even < n} x^i + y sum_{j in 1,4,7} cos(x j)
/// + sum_{k in (0..n).step_by(m)} x k.
#[differentiate]
fn stepped(x: f64, y: f64, n: i32, m: usize) -> f64 {
    let mut s = 0.0;
    for i in (0..n).step_by(2) {
        s += x.powi(i);
    }
    for j in (1..=9).step_by(3) {
        s += y * (x * (j as f64)).cos();
    }
    for k in (0..n).step_by(m) {
        s += x * (k as f64);
    }
    s
}

fn stepped_twin(x: Dual64, y: Dual64, n: i32, m: usize) -> Dual64 {
    let mut s = cst(0.0);
    for i in (0..n).step_by(2) {
        s += x.powi(i);
    }
    for j in (1..=9).step_by(3) {
        s += y * (x * f64::from(j)).cos();
    }
    for k in (0..n).step_by(m) {
        s += x * f64::from(k);
    }
    s
}

/// Runtime bounds on both ends, a reversed range, and the index read as a float:
/// for i in a..b: s = s y + x^2 / (i^2 + 1); then for i in (a..b).rev(): s -= y i x.
#[differentiate]
fn runtime_bounds(x: f64, y: f64, a: i32, b: i32) -> f64 {
    let mut s = 0.0;
    for i in a..b {
        s = s * y + x * x / ((i * i) as f64 + 1.0);
    }
    for i in (a..b).rev() {
        s -= y * (i as f64) * x;
    }
    s
}

fn runtime_bounds_twin(x: Dual64, y: Dual64, a: i32, b: i32) -> Dual64 {
    let mut s = cst(0.0);
    for i in a..b {
        s = s * y + x * x / (f64::from(i * i) + 1.0);
    }
    for i in (a..b).rev() {
        s -= y * f64::from(i) * x;
    }
    s
}

#[test]
fn range_forms() {
    for (n, m) in [(0, 1), (5, 2), (8, 3)] {
        for p in [[0.7, 1.3], [-0.9, 0.4]] {
            let (v, g) = stepped_grad(p[0], p[1], n, m);
            check(
                &format!("stepped n={n} m={m}"),
                &p,
                v,
                &[g.x, g.y],
                |q| stepped(q[0], q[1], n, m),
                |d| stepped_twin(d[0], d[1], n, m),
            );
        }
    }
    for (a, b) in [(0, 0), (2, 6), (3, 1), (-3, 4)] {
        for p in [[0.7, 1.3], [-0.9, 0.4]] {
            let (v, g) = runtime_bounds_grad(p[0], p[1], a, b);
            check(
                &format!("runtime_bounds {a}..{b}"),
                &p,
                v,
                &[g.x, g.y],
                |q| runtime_bounds(q[0], q[1], a, b),
                |d| runtime_bounds_twin(d[0], d[1], a, b),
            );
        }
    }
}

/// `while` with an integer counter and an accumulation that mixes a loop-local `let`
/// with a `sqrt` guarded by a branch (never evaluated at a negative argument, so no NaN
/// reaches the gradient): f = sum_{i<n, x - i > 0} sqrt(x - i).
#[differentiate]
fn guarded_sqrt_sum(x: f64, n: i32) -> f64 {
    let mut s = 0.0;
    let mut i = 0;
    while i < n {
        let v = x - (i as f64);
        if v > 0.0 {
            s += v.sqrt();
        }
        i += 1;
    }
    s
}

#[test]
fn branch_guarded_nan_inside_loop() {
    for n in [0, 2, 6] {
        for p in [[0.5], [2.7], [-1.0]] {
            let (v, g) = guarded_sqrt_sum_grad(p[0], n);
            assert!(g.x.is_finite(), "guarded_sqrt_sum at {p:?}: {g:?}");
            check(
                &format!("guarded_sqrt_sum n={n}"),
                &p,
                v,
                &[g.x],
                |q| guarded_sqrt_sum(q[0], n),
                |d| {
                    let mut s = cst(0.0);
                    for i in 0..n {
                        let v = d[0] - f64::from(i);
                        if v.re > 0.0 {
                            s += v.sqrt();
                        }
                    }
                    s
                },
            );
        }
    }
}

/// A carried variable assigned in the loop and then shadowed by a loop-local `let`
/// of the same name: the shadow must not be carried to the next iteration.
/// s_k = x + k; acc = sum_{k=1}^{3} x s_k; f = acc + s_3.
#[differentiate]
fn shadow_carried(x: f64) -> f64 {
    let mut s = x;
    let mut acc = 0.0;
    for _ in 0..3 {
        s += 1.0;
        let s = s * x;
        acc += s;
    }
    acc + s
}

/// A loop-local `let` shadowing an outer immutable binding: every iteration reads the
/// outer `t`, which is unchanged after the loop.
/// t = 2x; acc = sum_{i<3} (t + i) x; f = acc + t.
#[differentiate]
fn shadow_outer_let(x: f64) -> f64 {
    let t = x * 2.0;
    let mut acc = 0.0;
    for i in 0..3 {
        let t = t + (i as f64);
        acc += t * x;
    }
    acc + t
}

#[test]
fn loop_local_shadow_of_an_outer_let() {
    for p in [[0.7], [-1.6]] {
        let (v, g) = shadow_outer_let_grad(p[0]);
        check(
            "shadow_outer_let",
            &p,
            v,
            &[g.x],
            |q| shadow_outer_let(q[0]),
            |d| {
                let (x, t) = (d[0], d[0] * 2.0);
                (t * x) + (t + 1.0) * x + (t + 2.0) * x + t
            },
        );
    }
}

#[test]
fn loop_local_shadow_of_a_carried_variable() {
    for p in [[0.7], [-1.6]] {
        let (v, g) = shadow_carried_grad(p[0]);
        check(
            "shadow_carried",
            &p,
            v,
            &[g.x],
            |q| shadow_carried(q[0]),
            |d| {
                let x = d[0];
                x * (x + 1.0) + x * (x + 2.0) + x * (x + 3.0) + x + 3.0
            },
        );
    }
}

/// A loop with `wrt(x)`: y is a constant that still drives the loop-carried state.
/// f = prod_{i<n} (x + y i).
#[differentiate(wrt(x))]
fn wrt_loop(x: f64, y: f64, n: i32) -> f64 {
    let mut p = 1.0;
    for i in 0..n {
        p *= x + y * (i as f64);
    }
    p
}

/// A loop in f32: Horner with 6 constant steps, f = sum_{i<6} (i+1) x^(5-i) y.
#[differentiate]
fn horner_f32(x: f32, y: f32) -> f32 {
    let mut acc = 0.0;
    for i in 0..6 {
        acc = acc * x + (i as f32 + 1.0) * y;
    }
    acc
}

#[test]
fn wrt_subset_and_f32_loops() {
    for n in [0, 1, 5] {
        for p in [[0.7, 1.3], [-0.9, 0.4]] {
            let (v, g) = wrt_loop_grad(p[0], p[1], n);
            check_wrt(
                &format!("wrt_loop n={n}"),
                &p,
                v,
                &[(0, g.x)],
                |q| wrt_loop(q[0], q[1], n),
                |d| {
                    let mut p = cst(1.0);
                    for i in 0..n {
                        p *= d[0] + d[1] * f64::from(i);
                    }
                    p
                },
            );
        }
    }
    for p in [[0.7f32, 1.3], [-0.9, 0.4]] {
        let (v, g) = horner_f32_grad(p[0], p[1]);
        check_f32(
            "horner_f32",
            &p,
            v,
            &[g.x, g.y],
            |q| horner_f32(q[0], q[1]),
            |d| {
                let mut acc = cst(0.0);
                for i in 0..6 {
                    acc = acc * d[0] + d[1] * (f64::from(i) + 1.0);
                }
                acc
            },
        );
    }
}

/// The cache of a runtime loop is reusable: two backward passes from one forward agree
/// up to the seed, and a second forward at another point does not disturb the first.
#[test]
fn loop_cache_replays() {
    let (v1, c1) = exp_series_forward(0.7, 6);
    let (_, c2) = exp_series_forward(-1.3, 9);
    let g1 = exp_series_backward(&c1, 1.0);
    let g2 = exp_series_backward(&c1, 2.0);
    assert_eq!(2.0 * g1.x, g2.x);
    assert_eq!((v1, g1.x), {
        let (v, g) = exp_series_grad(0.7, 6);
        (v, g.x)
    });
    assert_eq!(
        exp_series_backward(&c2, 1.0).x,
        exp_series_grad(-1.3, 9).1.x
    );
}

/// A loop-carried value overwritten by a constant: nothing flows back past the
/// assignment (found by the random array programs).
#[differentiate]
fn overwritten_in_loop(a: f64) -> f64 {
    let mut r = a;
    for _j in 0..1 {
        r = 0.3;
    }
    r * a
}

#[differentiate]
fn overwritten_by_index(a: f64, n: usize) -> f64 {
    let mut r = a;
    for j in 0..n {
        r = j as f64 + (r * 0.0).floor();
    }
    r * a
}

#[test]
fn overwritten_carried_values_reset_their_adjoint() {
    let (value, g) = overwritten_in_loop_grad(0.7);
    assert_eq!(value, overwritten_in_loop(0.7));
    assert!((value - 0.21).abs() < 1e-12);
    assert!((g.a - 0.3).abs() < 1e-12, "{g:?}");
    let (value, g) = overwritten_by_index_grad(0.7, 2);
    assert_eq!(value, overwritten_by_index(0.7, 2));
    assert!((value - 0.7).abs() < 1e-12);
    assert!((g.a - 1.0).abs() < 1e-12, "{g:?}");
    let (_, g) = overwritten_by_index_grad(0.7, 0);
    assert!((g.a - 1.4).abs() < 1e-12, "{g:?}");
}
