//! Gradient checks of jumps out of loops: `return` from inside `for`, `while` and `loop`
//! bodies (also nested two loops deep and inside a `match`), and labeled
//! `break 'outer` / `continue 'outer` from an inner loop, plus a labeled jump to the
//! innermost loop itself.
//!
//! Each function is checked at 2+ points (on both sides of every jump) against central
//! finite differences and num-dual on a twin with the same control flow.

mod common;

use backprop::differentiate;
use common::{check, cst};
use num_dual::{Dual64, DualNum};

/// `return` from inside a runtime `for`: s = s x + 1 each step; as soon as s > 4 the
/// function returns ln(s) y; otherwise f = s y after the loop.
#[differentiate]
fn return_in_for(x: f64, y: f64, n: i32) -> f64 {
    let mut s = 1.0;
    for _ in 0..n {
        s = s * x + 1.0;
        if s > 4.0 {
            return s.ln() * y;
        }
    }
    s * y
}

fn return_in_for_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut s = cst(1.0);
    for _ in 0..n {
        s = s * x + 1.0;
        if s.re > 4.0 {
            return s.ln() * y;
        }
    }
    s * y
}

#[test]
fn return_from_a_for_loop() {
    for n in [0, 2, 10] {
        for p in [[1.7, 0.8], [0.5, 1.3], [-0.6, 2.0], [2.9, -1.1]] {
            let (v, g) = return_in_for_grad(p[0], p[1], n);
            check(
                &format!("return_in_for n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| return_in_for(q[0], q[1], n),
                |d| return_in_for_twin(d[0], d[1], n),
            );
        }
    }
}

/// `return` from a `while` whose exit is data-dependent, in a branch that also mutates
/// a carried variable first: Newton steps for x^2 = a, returning early (with a
/// different formula) once the step is tiny; the `while` cap is only reached for tiny
/// iteration budgets. f = sqrt(a) + b once converged, else x b.
#[differentiate]
fn return_in_while(a: f64, b: f64, budget: i32) -> f64 {
    let mut x = a + 1.0;
    let mut k = 0;
    while k < budget {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-12 {
            x = next;
            return x + b;
        }
        x = next;
        k += 1;
    }
    x * b
}

fn return_in_while_twin(a: Dual64, b: Dual64, budget: i32) -> Dual64 {
    let mut x = a + 1.0;
    let mut k = 0;
    while k < budget {
        let next = (x + a / x) * 0.5;
        if (next - x).re.abs() < 1e-12 {
            x = next;
            return x + b;
        }
        x = next;
        k += 1;
    }
    x * b
}

#[test]
fn return_from_a_while_loop() {
    for budget in [0, 2, 100] {
        for p in [[2.0, 0.5], [7.3, -1.2]] {
            let (v, g) = return_in_while_grad(p[0], p[1], budget);
            check(
                &format!("return_in_while budget={budget}"),
                &p,
                v,
                &[g.a, g.b],
                |q| return_in_while(q[0], q[1], budget),
                |d| return_in_while_twin(d[0], d[1], budget),
            );
        }
    }
}

/// `return` from a `loop` inside an outer `if` (the loop is on one branch only):
/// for x > 0, s doubles with x mixed in until it passes 5, then returns s / y;
/// for x <= 0 the value is x y.
#[differentiate]
fn return_in_loop(x: f64, y: f64) -> f64 {
    if x > 0.0 {
        let mut s = x;
        loop {
            s = 2.0 * s + x * x;
            if s > 5.0 {
                return s / y;
            }
        }
    }
    x * y
}

fn return_in_loop_twin(x: Dual64, y: Dual64) -> Dual64 {
    if x.re > 0.0 {
        let mut s = x;
        loop {
            s = s * 2.0 + x * x;
            if s.re > 5.0 {
                return s / y;
            }
        }
    }
    x * y
}

#[test]
fn return_from_a_bare_loop() {
    for p in [[0.3, 1.4], [1.1, -0.7], [-0.5, 2.0]] {
        let (v, g) = return_in_loop_grad(p[0], p[1]);
        check(
            "return_in_loop",
            &p,
            v,
            &[g.x, g.y],
            |q| return_in_loop(q[0], q[1]),
            |d| return_in_loop_twin(d[0], d[1]),
        );
    }
}

/// `return` from two loops deep, through a `match` arm: search the grid i, j < n for
/// the first cell where w = x i + y j exceeds 2; return w^2 there (or w x for i == 1),
/// else the accumulated sum of sin w.
#[differentiate]
fn return_nested(x: f64, y: f64, n: i32) -> f64 {
    let mut s = 0.0;
    for i in 0..n {
        for j in 0..n {
            let w = x * (i as f64) + y * (j as f64);
            if w > 2.0 {
                match i {
                    1 => return w * x,
                    _ => return w * w,
                }
            }
            s += w.sin();
        }
    }
    s
}

fn return_nested_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut s = cst(0.0);
    for i in 0..n {
        for j in 0..n {
            let w = x * f64::from(i) + y * f64::from(j);
            if w.re > 2.0 {
                return if i == 1 { w * x } else { w * w };
            }
            s += w.sin();
        }
    }
    s
}

#[test]
fn return_from_nested_loops() {
    for n in [0, 2, 5] {
        for p in [[0.3, 0.45], [1.3, 0.2], [0.1, 0.15], [-0.5, 0.7]] {
            let (v, g) = return_nested_grad(p[0], p[1], n);
            check(
                &format!("return_nested n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| return_nested(q[0], q[1], n),
                |d| return_nested_twin(d[0], d[1], n),
            );
        }
    }
}

/// `break 'outer` from an inner loop: accumulate x i + y j over the grid and leave both
/// loops as soon as the sum passes `limit`; then f = s^2 + (number of cells seen).
#[differentiate]
fn break_outer(x: f64, y: f64, limit: f64, n: i32) -> f64 {
    let mut s = 0.0;
    let mut seen = 0;
    'outer: for i in 0..n {
        for j in 0..n {
            s += x * (i as f64) + y * (j as f64) + 0.1;
            seen += 1;
            if s > limit {
                break 'outer;
            }
        }
        s *= 0.9;
    }
    s * s + (seen as f64)
}

fn break_outer_twin(x: Dual64, y: Dual64, limit: Dual64, n: i32) -> Dual64 {
    let mut s = cst(0.0);
    let mut seen = 0;
    'outer: for i in 0..n {
        for j in 0..n {
            s += x * f64::from(i) + y * f64::from(j) + 0.1;
            seen += 1;
            if s.re > limit.re {
                break 'outer;
            }
        }
        s *= 0.9;
    }
    s * s + f64::from(seen)
}

#[test]
fn labeled_break_out_of_nested_loops() {
    for n in [0, 3, 6] {
        for p in [[0.33, 0.21, 2.05], [0.5, -0.25, 100.0], [1.1, 0.7, 3.03]] {
            let (v, g) = break_outer_grad(p[0], p[1], p[2], n);
            check(
                &format!("break_outer n={n}"),
                &p,
                v,
                &[g.x, g.y, g.limit],
                |q| break_outer(q[0], q[1], q[2], n),
                |d| break_outer_twin(d[0], d[1], d[2], n),
            );
        }
    }
}

/// `continue 'outer` from an inner loop: each row is a product of factors (x + y j),
/// cut short (and its tail update skipped) as soon as a factor is negative;
/// f = sum over the rows of their partial products.
#[differentiate]
fn continue_outer(x: f64, y: f64, n: i32) -> f64 {
    let mut total = 0.0;
    'rows: for i in 0..n {
        let mut row = 1.0 + (i as f64) * x;
        for j in 0..n {
            let factor = x + y * (j as f64);
            if factor < 0.0 {
                total += row;
                continue 'rows;
            }
            row *= factor;
        }
        total += 2.0 * row;
    }
    total
}

fn continue_outer_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut total = cst(0.0);
    'rows: for i in 0..n {
        let mut row = x * f64::from(i) + 1.0;
        for j in 0..n {
            let factor = x + y * f64::from(j);
            if factor.re < 0.0 {
                total += row;
                continue 'rows;
            }
            row *= factor;
        }
        total += row * 2.0;
    }
    total
}

#[test]
fn labeled_continue_of_an_outer_loop() {
    for n in [0, 2, 5] {
        for p in [[0.8, -0.3], [0.6, 0.25], [-0.4, 0.9]] {
            let (v, g) = continue_outer_grad(p[0], p[1], n);
            check(
                &format!("continue_outer n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |q| continue_outer(q[0], q[1], n),
                |d| continue_outer_twin(d[0], d[1], n),
            );
        }
    }
}

/// A labeled `break` and `continue` naming the innermost loop itself (`'inner`), inside
/// an unlabeled outer loop: skip factors above 1.5, stop a row at the first negative.
#[differentiate]
fn labeled_innermost(x: f64, y: f64) -> f64 {
    let mut total = 0.0;
    for i in 0..4 {
        let mut row = x;
        'inner: for j in 0..5 {
            let factor = y - 0.3 * (j as f64) + 0.1 * (i as f64);
            if factor > 1.5 {
                continue 'inner;
            }
            if factor < 0.0 {
                break 'inner;
            }
            row *= factor;
        }
        total += row;
    }
    total
}

fn labeled_innermost_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut total = cst(0.0);
    for i in 0..4 {
        let mut row = x;
        'inner: for j in 0..5 {
            let factor = y - 0.3 * f64::from(j) + 0.1 * f64::from(i);
            if factor.re > 1.5 {
                continue 'inner;
            }
            if factor.re < 0.0 {
                break 'inner;
            }
            row *= factor;
        }
        total += row;
    }
    total
}

#[test]
fn labeled_jumps_to_the_innermost_loop() {
    for p in [[0.7, 1.33], [-1.2, 0.85], [2.0, 1.72]] {
        let (v, g) = labeled_innermost_grad(p[0], p[1]);
        check(
            "labeled_innermost",
            &p,
            v,
            &[g.x, g.y],
            |q| labeled_innermost(q[0], q[1]),
            |d| labeled_innermost_twin(d[0], d[1]),
        );
    }
}

/// `break 'all` out of a `while` nested in a labeled `loop`, and `return` from the same
/// inner `while`: iterate s <- s^2 - c in rows of 3 steps, at most 4 rows; leave both
/// loops once |s| > 10, return s c as soon as s lands in (0.49, 0.51);
/// otherwise f = s + rows. The test points take each of the three exits.
#[differentiate]
fn mixed_jumps(s0: f64, c: f64) -> f64 {
    let mut s = s0;
    let mut rows = 0;
    'all: loop {
        let mut k = 0;
        while k < 3 {
            s = s * s - c;
            if s.abs() > 10.0 {
                break 'all;
            }
            if s > 0.49 && s < 0.51 {
                return s * c;
            }
            k += 1;
        }
        rows += 1;
        if rows >= 4 {
            break;
        }
    }
    s + (rows as f64)
}

fn mixed_jumps_twin(s0: Dual64, c: Dual64) -> Dual64 {
    let mut s = s0;
    let mut rows = 0;
    'all: loop {
        let mut k = 0;
        while k < 3 {
            s = s * s - c;
            if s.re.abs() > 10.0 {
                break 'all;
            }
            if s.re > 0.49 && s.re < 0.51 {
                return s * c;
            }
            k += 1;
        }
        rows += 1;
        if rows >= 4 {
            break;
        }
    }
    s + f64::from(rows)
}

#[test]
fn labeled_break_and_return_from_a_while_in_a_loop() {
    for p in [[0.3, 0.8], [1.9, 0.4], [0.2, 1.2], [1.0, 0.5], [0.75, 0.06]] {
        let (v, g) = mixed_jumps_grad(p[0], p[1]);
        check(
            "mixed_jumps",
            &p,
            v,
            &[g.s0, g.c],
            |q| mixed_jumps(q[0], q[1]),
            |d| mixed_jumps_twin(d[0], d[1]),
        );
    }
}
