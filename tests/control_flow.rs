//! Gradient checks of branches: `if`/`else if`/`else` as statements and as expressions
//! (also in the middle of an expression), nested; conditions built from comparisons,
//! `&&`, `||`, `!` over differentiated values, intermediates and constants; `match` on
//! integer and bool constants (literals, or-patterns, ranges, guards); early `return`
//! from branches at function level; the "where trap" (a NaN or inf in the branch not
//! taken never reaches the gradient).
//!
//! Every function is checked at 2+ points away from its branch boundaries against
//! central finite differences of the function itself and against num-dual on a twin
//! with the same control flow (branching on `.re`). Loops are in `control_flow_loops.rs`,
//! `return` inside loops and labeled jumps in `control_flow_jumps.rs`, the taken-branch
//! rule at the boundaries in `kinks_control_flow.rs`.

mod common;

use backprop::differentiate;
use common::{check, check_f32, check_wrt, cst, dabs};
use num_dual::{Dual64, DualNum};

/// Three pieces, `else if` chain as the tail expression:
/// f = x^2 y (x < -1), sin(x) y (-1 <= x < 1), x + ln y (x >= 1).
#[differentiate]
fn three_pieces(x: f64, y: f64) -> f64 {
    if x < -1.0 {
        x * x * y
    } else if x < 1.0 {
        x.sin() * y
    } else {
        x + y.ln()
    }
}

fn three_pieces_twin(x: Dual64, y: Dual64) -> Dual64 {
    if x.re < -1.0 {
        x * x * y
    } else if x.re < 1.0 {
        x.sin() * y
    } else {
        x + y.ln()
    }
}

#[test]
fn else_if_chain() {
    for p in [
        [-2.0, 0.7],
        [-1.5, 2.0],
        [0.3, 1.5],
        [-0.6, 0.4],
        [2.0, 3.0],
        [1.4, 0.2],
    ] {
        let (v, g) = three_pieces_grad(p[0], p[1]);
        check(
            "three_pieces",
            &p,
            v,
            &[g.x, g.y],
            |a| three_pieces(a[0], a[1]),
            |d| three_pieces_twin(d[0], d[1]),
        );
    }
}

/// `let s = if c { a } else { b };` with a condition on an intermediate:
/// s = ln(xy) if xy > 1 else x - y;  f = s^2 + x.
#[differentiate]
fn if_in_let(x: f64, y: f64) -> f64 {
    let s = if x * y > 1.0 { (x * y).ln() } else { x - y };
    s * s + x
}

fn if_in_let_twin(x: Dual64, y: Dual64) -> Dual64 {
    let s = if (x * y).re > 1.0 {
        (x * y).ln()
    } else {
        x - y
    };
    s * s + x
}

#[test]
fn if_expression_in_let() {
    for p in [[2.0, 1.5], [3.0, 0.9], [0.5, 0.4], [-1.0, 2.0]] {
        let (v, g) = if_in_let_grad(p[0], p[1]);
        check(
            "if_in_let",
            &p,
            v,
            &[g.x, g.y],
            |a| if_in_let(a[0], a[1]),
            |d| if_in_let_twin(d[0], d[1]),
        );
    }
}

/// `if` expressions as operands in the middle of an arithmetic expression:
/// f = x * (e^y if y > 0 else 1 - y) + sin(x if x < y else y).
#[differentiate]
fn if_in_middle(x: f64, y: f64) -> f64 {
    x * (if y > 0.0 { y.exp() } else { 1.0 - y }) + (if x < y { x } else { y }).sin()
}

fn if_in_middle_twin(x: Dual64, y: Dual64) -> Dual64 {
    x * (if y.re > 0.0 { y.exp() } else { cst(1.0) - y }) + (if x.re < y.re { x } else { y }).sin()
}

#[test]
fn if_expression_as_operand() {
    for p in [[0.3, 1.2], [1.5, 0.4], [-0.7, -0.2], [0.5, -1.3]] {
        let (v, g) = if_in_middle_grad(p[0], p[1]);
        check(
            "if_in_middle",
            &p,
            v,
            &[g.x, g.y],
            |a| if_in_middle(a[0], a[1]),
            |d| if_in_middle_twin(d[0], d[1]),
        );
    }
}

/// Nested `if`s, as expressions and as statements, with lets inside branches:
/// quadrant-dependent formulas; the inner statement `if` rescales `r` in place.
#[differentiate]
fn nested_ifs(x: f64, y: f64) -> f64 {
    let mut r = x * y;
    if x > 0.0 {
        if y > 0.0 {
            let t = x + y;
            r *= t;
        } else {
            r += y.exp();
        }
        if r > 1.0 {
            r = r.sqrt();
        }
    } else {
        r -= x * x;
    }
    let q = if r > 0.0 {
        if x > y {
            r * x
        } else {
            r.cos()
        }
    } else if y > 0.5 {
        r / y
    } else {
        -r
    };
    q + r
}

fn nested_ifs_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut r = x * y;
    if x.re > 0.0 {
        if y.re > 0.0 {
            let t = x + y;
            r *= t;
        } else {
            r += y.exp();
        }
        if r.re > 1.0 {
            r = r.sqrt();
        }
    } else {
        r -= x * x;
    }
    let q = if r.re > 0.0 {
        if x.re > y.re {
            r * x
        } else {
            r.cos()
        }
    } else if y.re > 0.5 {
        r / y
    } else {
        -r
    };
    q + r
}

#[test]
fn nested_if_statements_and_expressions() {
    for p in [
        [1.5, 2.0],
        [0.4, 0.3],
        [0.8, -0.5],
        [2.0, -0.1],
        [-0.5, 1.5],
        [-0.5, -0.3],
        [-1.2, 0.2],
    ] {
        let (v, g) = nested_ifs_grad(p[0], p[1]);
        check(
            "nested_ifs",
            &p,
            v,
            &[g.x, g.y],
            |a| nested_ifs(a[0], a[1]),
            |d| nested_ifs_twin(d[0], d[1]),
        );
    }
}

/// Statement `if`s without `else` mutating a variable, one after the other:
/// s = x; if y > 0.5 { s *= y; s += cos x }; if x < 0 { s = -s }; f = s y.
#[differentiate]
fn if_without_else(x: f64, y: f64) -> f64 {
    let mut s = x;
    if y > 0.5 {
        s *= y;
        s += x.cos();
    }
    if x < 0.0 {
        s = -s;
    }
    s * y
}

fn if_without_else_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    if y.re > 0.5 {
        s *= y;
        s += x.cos();
    }
    if x.re < 0.0 {
        s = -s;
    }
    s * y
}

#[test]
fn statement_if_without_else() {
    for p in [[0.7, 1.3], [-0.7, 1.3], [0.7, 0.2], [-1.1, -0.4]] {
        let (v, g) = if_without_else_grad(p[0], p[1]);
        check(
            "if_without_else",
            &p,
            v,
            &[g.x, g.y],
            |a| if_without_else(a[0], a[1]),
            |d| if_without_else_twin(d[0], d[1]),
        );
    }
}

/// Conditions with `&&`, `||`, `!` over parameters:
/// f = x y z if (x > 0 && y < 2) || !(z > 1 || y > 2.5), else x + y^2 + z^3.
#[differentiate]
fn logic_conditions(x: f64, y: f64, z: f64) -> f64 {
    if (x > 0.0 && y < 2.0) || !(z > 1.0 || y > 2.5) {
        x * y * z
    } else {
        x + y * y + z * z * z
    }
}

fn logic_conditions_twin(x: Dual64, y: Dual64, z: Dual64) -> Dual64 {
    if (x.re > 0.0 && y.re < 2.0) || (z.re <= 1.0 && y.re <= 2.5) {
        x * y * z
    } else {
        x + y * y + z * z * z
    }
}

#[test]
fn and_or_not_conditions() {
    for p in [
        [0.5, 1.0, 3.0],  // && true
        [-0.5, 1.0, 0.5], // && false, !(z > 1) true
        [-0.5, 1.0, 2.0], // both false
        [0.5, 3.0, 1.5],  // y fails the &&, z > 1
        [-0.5, 3.0, 0.5], // && false, z <= 1 but y > 2.5
        [0.5, 2.2, 0.5],  // && false on y, the negated || true
    ] {
        let (v, g) = logic_conditions_grad(p[0], p[1], p[2]);
        check(
            "logic_conditions",
            &p,
            v,
            &[g.x, g.y, g.z],
            |a| logic_conditions(a[0], a[1], a[2]),
            |d| logic_conditions_twin(d[0], d[1], d[2]),
        );
    }
}

/// Conditions reading differentiated intermediates (not just parameters):
/// r = sqrt(x^2 + y^2); inside the disc of radius 1.5 with sin x > -1/2 the value is
/// r^2 sin(x) unless x y > 1, otherwise it is x y / r.
#[differentiate]
fn cond_on_intermediates(x: f64, y: f64) -> f64 {
    let r = (x * x + y * y).sqrt();
    let s = x.sin();
    if r < 1.5 && !(s < -0.5 || x * y > 1.0) {
        r * r * s
    } else {
        x * y / r
    }
}

fn cond_on_intermediates_twin(x: Dual64, y: Dual64) -> Dual64 {
    let r = (x * x + y * y).sqrt();
    let s = x.sin();
    if r.re < 1.5 && s.re >= -0.5 && (x * y).re <= 1.0 {
        r * r * s
    } else {
        x * y / r
    }
}

#[test]
fn conditions_on_intermediates() {
    for p in [
        [0.3, 0.4],
        [-0.3, 0.8],
        [-0.9, 0.2],
        [2.0, 1.0],
        [1.0, -1.4],
        [1.05, 1.0],
    ] {
        let (v, g) = cond_on_intermediates_grad(p[0], p[1]);
        check(
            "cond_on_intermediates",
            &p,
            v,
            &[g.x, g.y],
            |a| cond_on_intermediates(a[0], a[1]),
            |d| cond_on_intermediates_twin(d[0], d[1]),
        );
    }
}

/// Conditions mixing a bool parameter, an integer parameter and differentiated values:
/// f = x^2 y if flip && x > 0; x - y if !flip && n > 2; else exp(x y) / n.
#[differentiate]
fn flags(x: f64, y: f64, flip: bool, n: i32) -> f64 {
    if flip && x > 0.0 {
        x * x * y
    } else if !flip && n > 2 {
        x - y
    } else {
        (x * y).exp() / (n as f64)
    }
}

fn flags_twin(x: Dual64, y: Dual64, flip: bool, n: i32) -> Dual64 {
    if flip && x.re > 0.0 {
        x * x * y
    } else if !flip && n > 2 {
        x - y
    } else {
        (x * y).exp() / f64::from(n)
    }
}

#[test]
fn bool_and_integer_conditions() {
    for flip in [true, false] {
        for n in [1, 3] {
            for p in [[0.6, 1.1], [-0.4, 0.9]] {
                let (v, g) = flags_grad(p[0], p[1], flip, n);
                check(
                    "flags",
                    &p,
                    v,
                    &[g.x, g.y],
                    |a| flags(a[0], a[1], flip, n),
                    |d| flags_twin(d[0], d[1], flip, n),
                );
            }
        }
    }
}

/// Clamp written as an `if` chain (gradient goes to whichever input is the result):
/// c = lo if x < lo, hi if x > hi, x otherwise;  f = c^2 + x.
#[differentiate]
fn clamp_chain(x: f64, lo: f64, hi: f64) -> f64 {
    let c = if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    };
    c * c + x
}

fn clamp_chain_twin(x: Dual64, lo: Dual64, hi: Dual64) -> Dual64 {
    let c = if x.re < lo.re {
        lo
    } else if x.re > hi.re {
        hi
    } else {
        x
    };
    c * c + x
}

/// A chain of clamps as successive statement `if`s, then a soft step on the result:
/// a = max(x, lo); b = min(a, hi); f = b^3 - 2 b x (written with `if`, not max/min).
#[differentiate]
fn clamp_stages(x: f64, lo: f64, hi: f64) -> f64 {
    let mut b = x;
    if b < lo {
        b = lo;
    }
    if b > hi {
        b = hi;
    }
    b * b * b - 2.0 * b * x
}

fn clamp_stages_twin(x: Dual64, lo: Dual64, hi: Dual64) -> Dual64 {
    let mut b = x;
    if b.re < lo.re {
        b = lo;
    }
    if b.re > hi.re {
        b = hi;
    }
    b * b * b - b * x * 2.0
}

#[test]
fn clamp_chains() {
    for p in [
        [-2.0, -1.0, 1.0],
        [0.3, -1.0, 1.0],
        [1.7, -1.0, 1.0],
        [0.5, 0.6, 0.9],
    ] {
        let (v, g) = clamp_chain_grad(p[0], p[1], p[2]);
        check(
            "clamp_chain",
            &p,
            v,
            &[g.x, g.lo, g.hi],
            |a| clamp_chain(a[0], a[1], a[2]),
            |d| clamp_chain_twin(d[0], d[1], d[2]),
        );
        let (v, g) = clamp_stages_grad(p[0], p[1], p[2]);
        check(
            "clamp_stages",
            &p,
            v,
            &[g.x, g.lo, g.hi],
            |a| clamp_stages(a[0], a[1], a[2]),
            |d| clamp_stages_twin(d[0], d[1], d[2]),
        );
    }
}

/// The JAX `where` trap: `sqrt` in the branch not taken. For x <= 0 the value is 0 and
/// the gradient must be exactly 0 (JAX's `where(x > 0, sqrt(x), 0)` gives NaN there).
#[differentiate]
fn guarded_sqrt(x: f64) -> f64 {
    if x > 0.0 {
        x.sqrt()
    } else {
        0.0
    }
}

/// Same trap with `ln` and a linear fallback: f = ln x if x > 1e-3 else x.
#[differentiate]
fn guarded_ln(x: f64) -> f64 {
    if x > 1e-3 {
        x.ln()
    } else {
        x
    }
}

/// Same trap with a division and a product with another input:
/// f = y / x * sin(x) if |x| > 0.5 else y (1 - x^2 / 6).
#[differentiate]
fn guarded_div(x: f64, y: f64) -> f64 {
    if x.abs() > 0.5 {
        y / x * x.sin()
    } else {
        y * (1.0 - x * x / 6.0)
    }
}

#[test]
fn branch_not_taken_never_poisons_the_gradient() {
    for x in [-2.0, -0.3] {
        let (v, g) = guarded_sqrt_grad(x);
        assert_eq!((v, g.x), (0.0, 0.0), "guarded_sqrt at {x}");
        let (v, g) = guarded_ln_grad(x);
        assert_eq!((v, g.x), (x, 1.0), "guarded_ln at {x}");
    }
    for x in [0.2, 4.0] {
        let p = [x];
        let (v, g) = guarded_sqrt_grad(x);
        check(
            "guarded_sqrt",
            &p,
            v,
            &[g.x],
            |a| guarded_sqrt(a[0]),
            |d| if d[0].re > 0.0 { d[0].sqrt() } else { cst(0.0) },
        );
        let (v, g) = guarded_ln_grad(x);
        check(
            "guarded_ln",
            &p,
            v,
            &[g.x],
            |a| guarded_ln(a[0]),
            |d| if d[0].re > 1e-3 { d[0].ln() } else { d[0] },
        );
    }
    // x = 0 exactly: the then-branch would give 0 * inf = NaN for both inputs.
    for p in [[0.0, 2.0], [0.1, -1.0], [1.5, 0.7], [-3.0, 1.0]] {
        let (v, g) = guarded_div_grad(p[0], p[1]);
        check(
            "guarded_div",
            &p,
            v,
            &[g.x, g.y],
            |a| guarded_div(a[0], a[1]),
            |d| {
                if dabs(d[0]).re > 0.5 {
                    d[1] / d[0] * d[0].sin()
                } else {
                    d[1] * (cst(1.0) - d[0] * d[0] / 6.0)
                }
            },
        );
    }
}

/// `match` on an integer parameter: literal, or-pattern, inclusive and exclusive ranges,
/// a guard on the integer, a guard reading a differentiated value, and a wildcard.
#[differentiate]
fn match_int(x: f64, y: f64, n: i32) -> f64 {
    match n {
        0 => x,
        1 | 2 => x * y,
        3..=5 => x.sin() * (n as f64),
        6..8 if x > 0.0 => x.ln() + y,
        6..8 => y.exp() - x,
        _ if n < 0 => -x * y * y,
        _ => x / y,
    }
}

fn match_int_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    match n {
        0 => x,
        1 | 2 => x * y,
        3..=5 => x.sin() * f64::from(n),
        6..8 if x.re > 0.0 => x.ln() + y,
        6..8 => y.exp() - x,
        _ if n < 0 => -x * y * y,
        _ => x / y,
    }
}

#[test]
fn match_on_integer() {
    for n in [-3, 0, 1, 2, 3, 5, 6, 7, 8, 20] {
        for p in [[0.7, 1.3], [-0.4, 2.1], [1.9, -0.6]] {
            let (v, g) = match_int_grad(p[0], p[1], n);
            check(
                &format!("match_int n={n}"),
                &p,
                v,
                &[g.x, g.y],
                |a| match_int(a[0], a[1], n),
                |d| match_int_twin(d[0], d[1], n),
            );
        }
    }
}

/// `match` on a bool parameter and on a comparison, as the value of a `let`:
/// a = x^2 if flag else -y;  b = sin(a) if a > 0 (via `match a > 0.0`) else a y;
/// f = a + b.
#[differentiate]
fn match_bool(x: f64, y: f64, flag: bool) -> f64 {
    let a = match flag {
        true => x * x,
        false => -y,
    };
    let b = match a > 0.0 {
        true => a.sin(),
        false => a * y,
    };
    a + b
}

fn match_bool_twin(x: Dual64, y: Dual64, flag: bool) -> Dual64 {
    let a = if flag { x * x } else { -y };
    let b = if a.re > 0.0 { a.sin() } else { a * y };
    a + b
}

#[test]
fn match_on_bool() {
    for flag in [true, false] {
        for p in [[0.7, 1.3], [-0.4, -2.1], [1.9, 0.6]] {
            let (v, g) = match_bool_grad(p[0], p[1], flag);
            check(
                "match_bool",
                &p,
                v,
                &[g.x, g.y],
                |a| match_bool(a[0], a[1], flag),
                |d| match_bool_twin(d[0], d[1], flag),
            );
        }
    }
}

/// `match` as a statement whose arms are blocks with lets, mutation and nested `if`s,
/// on an integer expression (`n % 3`):
/// s = x; n%3 == 0: s = s^2 + y; == 1: t = s y, s = t if t > 0 else -t; else s *= e^y.
#[differentiate]
fn match_blocks(x: f64, y: f64, n: i32) -> f64 {
    let mut s = x;
    match n % 3 {
        0 => {
            let t = s * s;
            s = t + y;
        }
        1 => {
            let t = s * y;
            s = if t > 0.0 { t } else { -t };
        }
        _ => s *= y.exp(),
    }
    s * x
}

fn match_blocks_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    let mut s = x;
    match n % 3 {
        0 => {
            let t = s * s;
            s = t + y;
        }
        1 => {
            let t = s * y;
            s = if t.re > 0.0 { t } else { -t };
        }
        _ => s *= y.exp(),
    }
    s * x
}

#[test]
fn match_statement_with_block_arms() {
    for n in [0, 1, 2, 4] {
        for p in [[0.7, 1.3], [-0.4, 2.1], [1.9, -0.6]] {
            let (v, g) = match_blocks_grad(p[0], p[1], n);
            check(
                "match_blocks",
                &p,
                v,
                &[g.x, g.y],
                |a| match_blocks(a[0], a[1], n),
                |d| match_blocks_twin(d[0], d[1], n),
            );
        }
    }
}

/// Early `return`s from branches at function level, including one nested two `if`s deep
/// and one inside a `match` arm:
/// x < -1: -x y;  t = x y;  t > 2: ln t;  x > 1 and y < 0: t^2 / 2;  n == 7: t;
/// n == 8: -t;  else t^2.
#[differentiate]
fn early_returns(x: f64, y: f64, n: i32) -> f64 {
    if x < -1.0 {
        return -x * y;
    }
    let t = x * y;
    if t > 2.0 {
        return t.ln();
    } else if x > 1.0 {
        let half_square = t * t / 2.0;
        if y < 0.0 {
            return half_square;
        }
    }
    match n {
        7 => return t,
        8 => return -t,
        _ => {}
    }
    t * t
}

fn early_returns_twin(x: Dual64, y: Dual64, n: i32) -> Dual64 {
    if x.re < -1.0 {
        return -x * y;
    }
    let t = x * y;
    if t.re > 2.0 {
        return t.ln();
    } else if x.re > 1.0 && y.re < 0.0 {
        return t * t / 2.0;
    }
    if n == 7 {
        return t;
    }
    if n == 8 {
        return -t;
    }
    t * t
}

#[test]
fn early_return_from_branches() {
    for n in [0, 7, 8] {
        for p in [
            [-2.0, 0.5],
            [2.0, 1.5],
            [1.5, -0.5],
            [0.5, 0.5],
            [-0.5, 3.0],
        ] {
            let (v, g) = early_returns_grad(p[0], p[1], n);
            check(
                "early_returns",
                &p,
                v,
                &[g.x, g.y],
                |a| early_returns(a[0], a[1], n),
                |d| early_returns_twin(d[0], d[1], n),
            );
        }
    }
}

/// An early `return` inside an `else` whose `then` branch falls through, followed by a
/// mutation: s = x^2; if s > 1 { s = s - y } else { return s y }; f = s e^y.
#[differentiate]
fn early_return_in_else(x: f64, y: f64) -> f64 {
    let mut s = x * x;
    if s > 1.0 {
        s -= y;
    } else {
        return s * y;
    }
    s * y.exp()
}

fn early_return_in_else_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x * x;
    if s.re > 1.0 {
        s -= y;
    } else {
        return s * y;
    }
    s * y.exp()
}

#[test]
fn early_return_in_else_branch() {
    for p in [[1.5, 0.3], [-2.0, 1.1], [0.5, 0.3], [-0.8, -1.2]] {
        let (v, g) = early_return_in_else_grad(p[0], p[1]);
        check(
            "early_return_in_else",
            &p,
            v,
            &[g.x, g.y],
            |a| early_return_in_else(a[0], a[1]),
            |d| early_return_in_else_twin(d[0], d[1]),
        );
    }
}

/// Shadowing inside a branch does not leak out of it: the outer `t` is used after the
/// `if` expression. t = 2x; s = { let t = t^2; t + y } if x > 0 else t - y; f = s t.
#[differentiate]
fn shadow_in_branch(x: f64, y: f64) -> f64 {
    let t = 2.0 * x;
    let s = if x > 0.0 {
        let t = t * t;
        t + y
    } else {
        t - y
    };
    s * t
}

fn shadow_in_branch_twin(x: Dual64, y: Dual64) -> Dual64 {
    let t = x * 2.0;
    let s = if x.re > 0.0 {
        let t = t * t;
        t + y
    } else {
        t - y
    };
    s * t
}

#[test]
fn shadowing_inside_a_branch() {
    for p in [[0.7, 1.3], [-0.4, 2.1], [1.9, -0.6]] {
        let (v, g) = shadow_in_branch_grad(p[0], p[1]);
        check(
            "shadow_in_branch",
            &p,
            v,
            &[g.x, g.y],
            |a| shadow_in_branch(a[0], a[1]),
            |d| shadow_in_branch_twin(d[0], d[1]),
        );
    }
}

/// A branch whose condition is on a constant input and whose branches use the
/// differentiated one differently, with `wrt(x)` only (y is a constant):
/// f = x y^2 if y > 0 else sin(x) / (1 + y^2).
#[differentiate(wrt(x))]
fn wrt_branch(x: f64, y: f64) -> f64 {
    if y > 0.0 {
        x * y * y
    } else {
        x.sin() / (1.0 + y * y)
    }
}

#[test]
fn branch_with_wrt_subset() {
    for p in [[0.7, 1.3], [-0.4, -2.1]] {
        let (v, g) = wrt_branch_grad(p[0], p[1]);
        check_wrt(
            "wrt_branch",
            &p,
            v,
            &[(0, g.x)],
            |a| wrt_branch(a[0], a[1]),
            |d| {
                if d[1].re > 0.0 {
                    d[0] * d[1] * d[1]
                } else {
                    d[0].sin() / (d[1] * d[1] + 1.0)
                }
            },
        );
    }
}

/// Branches in f32: f = x^2 y if x > y else (x - y) e^x.
#[differentiate]
fn branch_f32(x: f32, y: f32) -> f32 {
    let d = x - y;
    if d > 0.0 {
        x * x * y
    } else {
        d * x.exp()
    }
}

#[test]
fn branch_in_f32() {
    for p in [[0.7f32, 0.3], [-0.4, 0.5], [1.5, -1.0]] {
        let (v, g) = branch_f32_grad(p[0], p[1]);
        check_f32(
            "branch_f32",
            &p,
            v,
            &[g.x, g.y],
            |a| branch_f32(a[0], a[1]),
            |d| {
                let dd = d[0] - d[1];
                if dd.re > 0.0 {
                    d[0] * d[0] * d[1]
                } else {
                    dd * d[0].exp()
                }
            },
        );
    }
}

/// The cache keeps the branch decisions: one forward, several backward passes with
/// different seeds give seed-scaled gradients of the branch that was taken.
#[test]
fn backward_replays_the_recorded_branch() {
    let (v, cache) = three_pieces_forward(0.3, 1.5);
    assert_eq!(v, three_pieces(0.3, 1.5));
    let g1 = three_pieces_backward(&cache, 1.0);
    let g3 = three_pieces_backward(&cache, -3.0);
    assert_eq!((g3.x, g3.y), (-3.0 * g1.x, -3.0 * g1.y));
    assert_eq!((g1.x, g1.y), (0.3f64.cos() * 1.5, 0.3f64.sin()));
}
