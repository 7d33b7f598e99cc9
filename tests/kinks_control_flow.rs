//! The taken-branch rule at branch boundaries (DESIGN.md, "Derivative conventions"):
//! a branch differentiates the branch actually taken, so at the boundary itself the
//! gradient is the one-sided derivative of whichever side the comparison picks, and a
//! NaN or inf in the branch not taken never reaches the value or the gradient.
//!
//! Each test evaluates exactly on the boundary and compares exact expected values
//! (these are the points the gradient-check corpus avoids).

use backprop::differentiate;

/// f = x^2 for x > 0, -x otherwise. At 0 the `else` branch is taken: f'(0) = -1.
#[differentiate]
fn square_or_neg(x: f64) -> f64 {
    if x > 0.0 {
        x * x
    } else {
        -x
    }
}

/// f = 2x for x >= 0, -3x otherwise. At 0 the `then` branch is taken: f'(0) = 2.
#[differentiate]
fn ge_boundary(x: f64) -> f64 {
    if x >= 0.0 {
        2.0 * x
    } else {
        -3.0 * x
    }
}

/// f = 2x for x < 1, 3x^2 otherwise (a jump). At 1 the `else` branch: f'(1) = 6.
#[differentiate]
fn jump_at_one(x: f64) -> f64 {
    if x < 1.0 {
        2.0 * x
    } else {
        3.0 * x * x
    }
}

#[test]
fn one_sided_derivative_of_the_taken_branch() {
    assert_eq!(square_or_neg_grad(0.0), (0.0, SquareOrNegGrad { x: -1.0 }));
    assert_eq!(square_or_neg_grad(-0.0).1.x, -1.0);
    assert_eq!(ge_boundary_grad(0.0), (0.0, GeBoundaryGrad { x: 2.0 }));
    assert_eq!(jump_at_one_grad(1.0), (3.0, JumpAtOneGrad { x: 6.0 }));
    // Either side of the boundary, for contrast.
    assert_eq!(square_or_neg_grad(1e-9).1.x, 2e-9);
    assert_eq!(jump_at_one_grad(1.0 - 1e-12).1.x, 2.0);
}

/// f = y ln x for x > 0, y otherwise. At x = 0 the `then` branch would give
/// ln 0 = -inf (and 0 * inf = NaN in a select-both-branches scheme); the taken `else`
/// branch gives f = y, df/dx = 0, df/dy = 1.
#[differentiate]
fn ln_or_const(x: f64, y: f64) -> f64 {
    if x > 0.0 {
        x.ln() * y
    } else {
        y
    }
}

/// sinc: sin(x) / x for x != 0, 1 at 0: f(0) = 1, f'(0) = 0 (not 0/0).
#[differentiate]
fn sinc(x: f64) -> f64 {
    if x != 0.0 {
        x.sin() / x
    } else {
        1.0
    }
}

/// sqrt guarded at 0: f(0) = 0 and f'(0) = 0, where sqrt' would be +inf.
#[differentiate]
fn sqrt_or_zero(x: f64) -> f64 {
    if x > 0.0 {
        x.sqrt()
    } else {
        0.0
    }
}

/// A condition that is itself -inf or NaN: ln(0) = -inf and ln(-1) = NaN both compare
/// false, so f = 2x there and f' = 2 (the `then` branch's ln is never differentiated).
#[differentiate]
fn ln_condition(x: f64) -> f64 {
    if x.ln() > 0.0 {
        x.ln()
    } else {
        2.0 * x
    }
}

#[test]
fn branch_not_taken_is_never_evaluated_in_the_gradient() {
    assert_eq!(
        ln_or_const_grad(0.0, 3.0),
        (3.0, LnOrConstGrad { x: 0.0, y: 1.0 })
    );
    assert_eq!(
        ln_or_const_grad(-2.0, 3.0).1,
        LnOrConstGrad { x: 0.0, y: 1.0 }
    );
    assert_eq!(sinc_grad(0.0), (1.0, SincGrad { x: 0.0 }));
    assert_eq!(sqrt_or_zero_grad(0.0), (0.0, SqrtOrZeroGrad { x: 0.0 }));
    assert_eq!(ln_condition_grad(0.0), (0.0, LnConditionGrad { x: 2.0 }));
    assert_eq!(ln_condition_grad(-1.0), (-2.0, LnConditionGrad { x: 2.0 }));
    let (v, g) = ln_condition_grad(std::f64::consts::E * std::f64::consts::E);
    assert_eq!((v, g.x), (2.0, (-2.0f64).exp()));
}

/// max written as a branch: at a tie `x > y` is false, so the whole gradient goes to
/// `y` (unlike `x.max(y)`, which splits a tie 0.5 / 0.5).
#[differentiate]
fn branch_max(x: f64, y: f64) -> f64 {
    if x > y {
        x
    } else {
        y
    }
}

/// Clamp as an `if` chain: on a bound the value is `x` itself (neither `x < lo` nor
/// `x > hi`), so the gradient goes to `x` and the bound gets none.
#[differentiate]
fn branch_clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

/// relu as a branch and then a product: at 0 the `else` branch gives r = 0 with
/// dr/dx = 0, so f = r y has a zero gradient in both inputs.
#[differentiate]
fn branch_relu_times(x: f64, y: f64) -> f64 {
    let r = if x > 0.0 { x } else { 0.0 };
    r * y
}

#[test]
fn ties_and_bounds_follow_the_comparison() {
    assert_eq!(
        branch_max_grad(1.5, 1.5).1,
        BranchMaxGrad { x: 0.0, y: 1.0 }
    );
    let on_lo = branch_clamp_grad(-1.0, -1.0, 1.0).1;
    assert_eq!(
        on_lo,
        BranchClampGrad {
            x: 1.0,
            lo: 0.0,
            hi: 0.0
        }
    );
    let on_hi = branch_clamp_grad(1.0, -1.0, 1.0).1;
    assert_eq!(
        on_hi,
        BranchClampGrad {
            x: 1.0,
            lo: 0.0,
            hi: 0.0
        }
    );
    let below = branch_clamp_grad(-1.5, -1.0, 1.0).1;
    assert_eq!(
        below,
        BranchClampGrad {
            x: 0.0,
            lo: 1.0,
            hi: 0.0
        }
    );
    assert_eq!(
        branch_relu_times_grad(0.0, 4.0),
        (0.0, BranchReluTimesGrad { x: 0.0, y: 0.0 })
    );
}

/// A `match` guard on a differentiated value at its boundary: at x = 1 the guard
/// `x > 1.0` fails and the wildcard arm (f = 5x) is taken: f'(1) = 5.
#[differentiate]
fn guard_boundary(x: f64, n: i32) -> f64 {
    match n {
        0 if x > 1.0 => x * x,
        0 => 5.0 * x,
        _ => x,
    }
}

/// An early return at its boundary: x <= 0 returns y, so at x = 0 the gradient is
/// (0, 1), not the (4, 1) of the fall-through path f = x^3 + 4x + y.
#[differentiate]
fn return_boundary(x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return y;
    }
    x * x * x + 4.0 * x + y
}

#[test]
fn guards_and_early_returns_at_the_boundary() {
    assert_eq!(
        guard_boundary_grad(1.0, 0),
        (5.0, GuardBoundaryGrad { x: 5.0 })
    );
    assert_eq!(guard_boundary_grad(1.5, 0).1.x, 3.0);
    assert_eq!(
        return_boundary_grad(0.0, 2.0),
        (2.0, ReturnBoundaryGrad { x: 0.0, y: 1.0 })
    );
    assert_eq!(return_boundary_grad(1e-300, 2.0).1.x, 4.0);
}

/// A `while` whose exit lands exactly on its boundary: s = x y^k while s < 10. At
/// (2.5, 2) the iterates are 2.5, 5, 10 and `10 < 10` is false, so exactly two steps
/// run: f = x y^2, df/dx = y^2 = 4, df/dy = 2 x y = 10.
#[differentiate]
fn while_boundary(x: f64, y: f64) -> f64 {
    let mut s = x;
    while s < 10.0 {
        s *= y;
    }
    s
}

/// A `break` at its boundary: s accumulates x per step and stops when s >= limit; at
/// x = 0.5, limit = 2 it stops after exactly 4 steps with s = 4x: df/dx = 4, and the
/// limit (a condition only) gets 0.
#[differentiate]
fn break_boundary(x: f64, limit: f64) -> f64 {
    let mut s = 0.0;
    for _ in 0..100 {
        s += x;
        if s >= limit {
            break;
        }
    }
    s
}

/// A guarded sqrt inside a loop, at a point where one term sits exactly on the guard:
/// sum_{i<3, x > i} sqrt(x - i) at x = 1: only i = 0 contributes, f'(1) = 1/2.
#[differentiate]
fn sqrt_terms(x: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..3 {
        let v = x - (i as f64);
        if v > 0.0 {
            s += v.sqrt();
        }
    }
    s
}

#[test]
fn loop_exits_at_the_boundary() {
    assert_eq!(
        while_boundary_grad(2.5, 2.0),
        (10.0, WhileBoundaryGrad { x: 4.0, y: 10.0 })
    );
    assert_eq!(
        break_boundary_grad(0.5, 2.0),
        (2.0, BreakBoundaryGrad { x: 4.0, limit: 0.0 })
    );
    assert_eq!(sqrt_terms_grad(1.0), (1.0, SqrtTermsGrad { x: 0.5 }));
    // At x = 2 the i = 2 term sits on the guard: 1/(2 sqrt 2) + 1/2, no inf.
    let g = sqrt_terms_grad(2.0).1.x;
    assert!((g - (0.5 / 2f64.sqrt() + 0.5)).abs() < 1e-15, "{g}");
}

/// The staged forward pass takes the same branch as the original function at every
/// boundary point above: same value, bit for bit.
#[test]
fn forward_values_match_the_functions_on_the_boundaries() {
    assert_eq!(square_or_neg_grad(0.0).0, square_or_neg(0.0));
    assert_eq!(ge_boundary_grad(0.0).0, ge_boundary(0.0));
    assert_eq!(jump_at_one_grad(1.0).0, jump_at_one(1.0));
    assert_eq!(ln_or_const_grad(0.0, 3.0).0, ln_or_const(0.0, 3.0));
    assert_eq!(sinc_grad(0.0).0, sinc(0.0));
    assert_eq!(sqrt_or_zero_grad(0.0).0, sqrt_or_zero(0.0));
    assert_eq!(ln_condition_grad(-1.0).0, ln_condition(-1.0));
    assert_eq!(branch_max_grad(1.5, 1.5).0, branch_max(1.5, 1.5));
    assert_eq!(
        branch_clamp_grad(1.0, -1.0, 1.0).0,
        branch_clamp(1.0, -1.0, 1.0)
    );
    assert_eq!(
        branch_relu_times_grad(0.0, 4.0).0,
        branch_relu_times(0.0, 4.0)
    );
    assert_eq!(guard_boundary_grad(1.0, 0).0, guard_boundary(1.0, 0));
    assert_eq!(return_boundary_grad(0.0, 2.0).0, return_boundary(0.0, 2.0));
    assert_eq!(while_boundary_grad(2.5, 2.0).0, while_boundary(2.5, 2.0));
    assert_eq!(break_boundary_grad(0.5, 2.0).0, break_boundary(0.5, 2.0));
    assert_eq!(sqrt_terms_grad(2.0).0, sqrt_terms(2.0));
}
