//! Gradient checks of control flow that numeric code writes and `#[differentiate]`
//! once rejected (issue 11, section 4): a `loop` left only through `return` as the
//! function's tail, block statements, `return` inside a block (or `if`, `match`) that
//! computes a `let`'s value, labeled blocks with `break 'label value`, and `break` with
//! a value out of a `loop`.
//!
//! Each function is checked at several points (on each side of its jumps, away from
//! the points where the path changes) against central finite differences and against
//! num-dual on a twin with the same control flow (see `common`).

mod common;

use backprop::differentiate;
use common::{check, check_wrt, cst};
use num_dual::{Dual64, DualNum};

// ------------------------------------------------- a `loop` left only by `return`

/// Fixed-point iteration `s <- y cos(s) + x` (a contraction for |y| < 1), returning the
/// iterate once two agree to 1e-13 or after 200 steps: the solver's loop is the
/// function's last statement and has no `break`.
#[differentiate]
fn kepler_like(x: f64, y: f64) -> f64 {
    let mut s = x;
    let mut steps = 0;
    loop {
        let next = y * s.cos() + x;
        steps += 1;
        if (next - s).abs() < 1e-13 || steps == 200 {
            return next;
        }
        s = next;
    }
}

fn kepler_like_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    let mut steps = 0;
    loop {
        let next = y * s.cos() + x;
        steps += 1;
        if (next.re - s.re).abs() < 1e-13 || steps == 200 {
            return next;
        }
        s = next;
    }
}

/// Exponential growth with two exits, both `return`s: over a threshold (scaled by x),
/// or below a floor (unscaled). f depends on which exit is taken.
#[differentiate]
fn grow_until(x: f64, rate: f64) -> f64 {
    let mut v = x;
    let mut n = 0;
    loop {
        n += 1;
        v = v * rate + 0.25;
        if v.abs() > 2.0 || n >= 20 {
            return v * x;
        }
        if v < -1.0 {
            return v;
        }
    }
}

fn grow_until_twin(x: Dual64, rate: Dual64) -> Dual64 {
    let mut v = x;
    let mut n = 0;
    loop {
        n += 1;
        v = v * rate + 0.25;
        if v.re.abs() > 2.0 || n >= 20 {
            return v * x;
        }
        if v.re < -1.0 {
            return v;
        }
    }
}

#[test]
fn loop_left_only_by_return() {
    for p in [[0.3, 0.5], [1.2, -0.7], [-0.8, 0.9], [2.5, 0.2]] {
        let (v, g) = kepler_like_grad(p[0], p[1]);
        check(
            "kepler_like",
            &p,
            v,
            &[g.x, g.y],
            |q| kepler_like(q[0], q[1]),
            |d| kepler_like_twin(d[0], d[1]),
        );
    }
    for p in [[0.5, 0.7], [1.5, 1.3], [0.6, 1.9], [0.2, -0.4], [3.0, 0.3]] {
        let (v, g) = grow_until_grad(p[0], p[1]);
        check(
            "grow_until",
            &p,
            v,
            &[g.x, g.rate],
            |q| grow_until(q[0], q[1]),
            |d| grow_until_twin(d[0], d[1]),
        );
    }
}

// ------------------------------------------------------------ block statements

/// A rotation by theta then a scaling, each in a block statement of its own that
/// scopes its temporaries; the second block's `t` shadows the outer `t`, which the
/// last line reads. f = u^2 + t v with (u, v) the rotated and scaled point, t = x y.
#[differentiate]
fn rotate_scale(x: f64, y: f64, theta: f64) -> f64 {
    let mut u = x;
    let mut v = y;
    let t = x * y;
    {
        let c = theta.cos();
        let s = theta.sin();
        let rotated = c * u - s * v;
        v = s * u + c * v;
        u = rotated;
    }
    {
        let t = 1.5 + theta * theta;
        u *= t;
    };
    u * u + t * v
}

fn rotate_scale_twin(x: Dual64, y: Dual64, theta: Dual64) -> Dual64 {
    let (c, s) = (theta.cos(), theta.sin());
    let u = (c * x - s * y) * (theta * theta + 1.5);
    let v = s * x + c * y;
    u * u + x * y * v
}

#[test]
fn block_statements() {
    for p in [[0.3, -1.2, 0.5], [1.1, 0.7, -2.0], [-2.0, 0.4, 1.5]] {
        let (v, g) = rotate_scale_grad(p[0], p[1], p[2]);
        check(
            "rotate_scale",
            &p,
            v,
            &[g.x, g.y, g.theta],
            |q| rotate_scale(q[0], q[1], q[2]),
            |d| rotate_scale_twin(d[0], d[1], d[2]),
        );
    }
}

// ------------------------------------------- `return` inside a `let`'s block

/// The first coordinate of a normalized vector, 0 for a (near) zero vector: the block
/// computing the inverse norm returns early.
#[differentiate]
fn normalized_x(x: f64, y: f64) -> f64 {
    let inv_norm = {
        let n2 = x * x + y * y;
        if n2 < 1e-12 {
            return 0.0;
        }
        1.0 / n2.sqrt()
    };
    x * inv_norm
}

/// `return` from an `if` and from a `match` that compute values, and from the block
/// of an assignment: a clipped, piecewise response.
#[differentiate]
fn piecewise(x: f64, y: f64) -> f64 {
    let s = if x * y > 2.0 {
        return (x * y).ln();
    } else {
        x * 0.5 + y
    };
    let m = match (x > 0.0, y > 0.0) {
        (true, true) => return s + x,
        (false, _) => s * s,
        _ => s - y,
    };
    let mut acc = m;
    acc = {
        if acc > 10.0 {
            return acc.sqrt();
        }
        acc * 2.0 + x
    };
    acc
}

fn piecewise_twin(x: Dual64, y: Dual64) -> Dual64 {
    if (x * y).re > 2.0 {
        return (x * y).ln();
    }
    let s = x * 0.5 + y;
    let m = match (x.re > 0.0, y.re > 0.0) {
        (true, true) => return s + x,
        (false, _) => s * s,
        _ => s - y,
    };
    if m.re > 10.0 {
        return m.sqrt();
    }
    m * 2.0 + x
}

#[test]
fn return_inside_a_value_block() {
    // The early exit, at the zero vector (finite differences would leave it).
    assert_eq!(
        normalized_x_grad(0.0, 0.0),
        (0.0, NormalizedXGrad { x: 0.0, y: 0.0 })
    );
    for p in [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4]] {
        let (v, g) = normalized_x_grad(p[0], p[1]);
        check(
            "normalized_x",
            &p,
            v,
            &[g.x, g.y],
            |q| normalized_x(q[0], q[1]),
            |d| {
                let n2 = d[0] * d[0] + d[1] * d[1];
                if n2.re < 1e-12 {
                    cst(0.0)
                } else {
                    d[0] / n2.sqrt()
                }
            },
        );
    }
    // Each exit: ln(xy), s + x, sqrt(m) (m > 10), and the tail.
    for p in [
        [2.0, 1.5],
        [0.5, 0.7],
        [-30.0, 1.5],
        [-4.0, 1.5],
        [-0.5, 0.3],
        [0.8, -0.3],
    ] {
        let (v, g) = piecewise_grad(p[0], p[1]);
        check(
            "piecewise",
            &p,
            v,
            &[g.x, g.y],
            |q| piecewise(q[0], q[1]),
            |d| piecewise_twin(d[0], d[1]),
        );
    }
}

// ------------------------------------------------------------- labeled blocks

/// Hermite smoothstep with the clamping written as early exits of a labeled block:
/// t = 0 below edge0, 1 above edge1, else (x - edge0) / (edge1 - edge0);
/// f = t^2 (3 - 2 t).
#[differentiate]
fn smoothstep(x: f64, edge0: f64, edge1: f64) -> f64 {
    let t = 'clamped: {
        if x <= edge0 {
            break 'clamped 0.0;
        }
        if x >= edge1 {
            break 'clamped 1.0;
        }
        (x - edge0) / (edge1 - edge0)
    };
    t * t * (3.0 - 2.0 * t)
}

fn smoothstep_twin(x: Dual64, edge0: Dual64, edge1: Dual64) -> Dual64 {
    let t = if x.re <= edge0.re {
        cst(0.0)
    } else if x.re >= edge1.re {
        cst(1.0)
    } else {
        (x - edge0) / (edge1 - edge0)
    };
    t * t * (cst(3.0) - t * 2.0)
}

/// A labeled block as a statement: scale `c` unless it is already large
/// (`break 'scale;` leaves the block without a value).
#[differentiate]
fn scale_unless_large(x: f64, y: f64) -> f64 {
    let mut c = x * x;
    'scale: {
        if c > 3.0 {
            break 'scale;
        }
        let factor = y.exp();
        c *= factor;
    }
    c + y
}

#[test]
fn labeled_blocks() {
    for p in [
        [0.3, 0.0, 1.0],
        [-0.5, 0.0, 1.0],
        [1.7, 0.0, 1.0],
        [0.8, 0.5, 1.5],
    ] {
        let (v, g) = smoothstep_grad(p[0], p[1], p[2]);
        check(
            "smoothstep",
            &p,
            v,
            &[g.x, g.edge0, g.edge1],
            |q| smoothstep(q[0], q[1], q[2]),
            |d| smoothstep_twin(d[0], d[1], d[2]),
        );
    }
    for p in [[0.5, 0.3], [2.0, -0.4], [-1.1, 1.2]] {
        let (v, g) = scale_unless_large_grad(p[0], p[1]);
        check(
            "scale_unless_large",
            &p,
            v,
            &[g.x, g.y],
            |q| scale_unless_large(q[0], q[1]),
            |d| {
                let c = d[0] * d[0];
                let c = if c.re > 3.0 { c } else { c * d[1].exp() };
                c + d[1]
            },
        );
    }
}

// ---------------------------------------------------- `break` with a value

/// Damped iteration until it settles below 1 or passes 100, returning a different
/// formula for each exit; then the index of the first power of 2 past the result (an
/// integer `break` value, a constant), and a labeled `break 'outer` with a value from
/// an inner `for`.
#[differentiate]
fn settle(x: f64, y: f64) -> f64 {
    let mut s = x;
    let mut m = 0;
    let r = loop {
        m += 1;
        s = s * 0.5 + y;
        if s < 1.0 {
            break s * 3.0;
        }
        if s > 100.0 || m > 30 {
            break s.ln();
        }
    };
    let mut i = 0;
    let k: usize = loop {
        i += 1;
        if (1 << i) as f64 > r {
            break i;
        }
    };
    let mut t = r;
    t += 'outer: loop {
        for _ in 0..3 {
            t *= y;
            if t > 5.0 {
                break 'outer t;
            }
        }
        if t < 0.5 {
            break t * 2.0;
        }
    };
    r * k as f64 + t
}

fn settle_twin(x: Dual64, y: Dual64) -> Dual64 {
    let mut s = x;
    let mut m = 0;
    let r = loop {
        m += 1;
        s = s * 0.5 + y;
        if s.re < 1.0 {
            break s * 3.0;
        }
        if s.re > 100.0 || m > 30 {
            break s.ln();
        }
    };
    let mut i = 0;
    let k: usize = loop {
        i += 1;
        if (1 << i) as f64 > r.re {
            break i;
        }
    };
    let mut t = r;
    let extra = 'outer: loop {
        for _ in 0..3 {
            t *= y;
            if t.re > 5.0 {
                break 'outer t;
            }
        }
        if t.re < 0.5 {
            break t * 2.0;
        }
    };
    r * k as f64 + t + extra
}

/// A `loop` as the function's value.
#[differentiate]
fn decay_below_one(x: f64) -> f64 {
    let mut s = x;
    loop {
        s *= 0.9;
        if s < 1.0 {
            break s * x;
        }
    }
}

#[test]
fn break_with_a_value() {
    for p in [[0.5, 0.7], [1.5, 1.3], [0.6, 1.9], [0.2, -0.4], [3.0, 0.3]] {
        let (v, g) = settle_grad(p[0], p[1]);
        check(
            "settle",
            &p,
            v,
            &[g.x, g.y],
            |q| settle(q[0], q[1]),
            |d| settle_twin(d[0], d[1]),
        );
    }
    for x in [2.5, 3.3, 5.0] {
        let (v, g) = decay_below_one_grad(x);
        check_wrt(
            "decay_below_one",
            &[x],
            v,
            &[(0, g.x)],
            |q| decay_below_one(q[0]),
            |d| {
                let mut s = d[0];
                loop {
                    s *= 0.9;
                    if s.re < 1.0 {
                        return s * d[0];
                    }
                }
            },
        );
    }
}
