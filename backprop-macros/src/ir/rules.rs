//! The derivative table: for each operation `out = op(a, ..)` and upstream adjoint
//! `g = d_out`, what each input's adjoint gains. One line per operation, no `_` arm:
//! an operation added to `ops.rs` without a rule here does not compile.
//!
//! Local gradients are written local-first (`1.0 / b * g`, as in the notes'
//! `dx = (1 - σ)σ · dσ`): everything but the last multiplication depends on primal
//! values only, so in a loop it stays off the chain of adjoints carried from one
//! iteration to the next (a division there would cost its full latency each time).
//! Local gradients reuse the gate's output `out` where that is cheaper (JAX `defjvp2`,
//! tangent's `z`): `exp` -> `out`, `tanh` -> `1 - out²`, `sqrt` -> `0.5 / out`.
//! Kinks follow DESIGN.md: `abs'(0) = 0`, ties of `max`/`min` split evenly (a NaN gets
//! nothing; the gradient is routed by a choice, `max_grad(a, b, g)`, not multiplied by
//! a 0/1 share, so a running maximum's carried adjoint has no multiplication on its
//! chain), `clamp` passes the gradient on a bound, `relu'(0) = 0`, roots' vertical
//! tangents at 0 (`sqrt`, `cbrt`, `powf` below 1) give 0; floor & co. are constants. At
//! the jumps of `a % b` and `a.rem_euclid(b)` (`a` a multiple of `b`) the quotient is
//! the one `trunc`/`div_euclid` give there, so the derivative is that of the side the
//! value is on (the remainder 0).

use crate::ir::ops::{Binary::*, Op, Ternary::*, Unary::*};
use crate::ir::sym::Sym;

/// Contributions to each input's adjoint, in input order; `None` is a zero derivative
/// (nothing is emitted for it).
pub(crate) type Pullback = Vec<Option<Sym>>;

/// The local pullback of `out = op(..)` with upstream adjoint `g`.
#[rustfmt::skip] // keep the columns: one operation per line
pub(crate) fn pullback(op: &Op<Sym>, out: &Sym, g: &Sym) -> Pullback {
    match op {
        Op::Neg(_)                    => d(-g),
        Op::Binary(Add, _, _)         => d2(g.clone(), g.clone()),
        Op::Binary(Sub, _, _)         => d2(g.clone(), -g),
        Op::Binary(Mul, a, b) if a == b => vec![Some(2.0 * a * g), None],       // a square: one contribution
        Op::Binary(Mul, a, b)         => d2(b * g, a * g),                        // each input gets the other
        Op::Binary(Div, _, b)         => d2(1.0 / b * g, -out / b * g),                 // d(a/b)/db = -(a/b)/b
        Op::Binary(Rem, a, b)         => d2(g.clone(), -(a / b).trunc() * g),            // a - b·trunc(a/b)
        Op::Binary(RemEuclid, a, b)   => d2(g.clone(), -a.div_euclid(b) * g),            // a - b·div_euclid(a, b)
        Op::Binary(DivEuclid, _, _)   => vec![None, None],                       // an integer, as a float: constant
        Op::Binary(Midpoint, _, _)    => d2(0.5 * g, 0.5 * g),                    // (a + b) / 2
        Op::Binary(Copysign, a, b)    => vec![Some(Sym::helper("abs_slope", &[a])        // ±|a|: 0 at a = 0,
                                            * Sym::Num(1.0).method("copysign", vec![b.clone()]) * g), None], // sign of b
        Op::Binary(Powi, a, n)        => vec![powi_slope(a, n).map(|s| s * g), None], // integer exponent: constant
        Op::Binary(Powf, a, b)        => vec![powf_slope(a, b).map(|s| s * g),     // 0 at a = 0 for b < 1
                                              Some(Sym::helper("xlogy", &[out, a]) * g)], // d_b only if b varies; 0 at a = 0
        Op::Binary(Log, a, base)      => d2(1.0 / (a * base.ln()) * g, -out / (base * base.ln()) * g),
        Op::Binary(Atan2, y, x)       => d2(x / (x * x + y * y) * g, -(y / (x * x + y * y)) * g),
        Op::Binary(Hypot, a, b)       => d2(Sym::helper("hypot_slope", &[a, out]) * g,     // a / out, 0 at the origin
                                            Sym::helper("hypot_slope", &[b, out]) * g),
        Op::Binary(Max, a, b)         => d2(Sym::helper("max_grad", &[a, b, g]),  // g to the chosen one:
                                            Sym::helper("max_grad", &[b, a, g])), // tie: half each; NaN: none
        Op::Binary(Min, a, b)         => d2(Sym::helper("min_grad", &[a, b, g]), Sym::helper("min_grad", &[b, a, g])),
        Op::Ternary(MulAdd, a, b, _)  => d3(b * g, a * g, g.clone()),
        Op::Ternary(Clamp, x, lo, hi) => d3(Sym::helper("clamp_pass", &[x, lo, hi]) * g,
                                            Sym::helper("below", &[x, lo]) * g,
                                            Sym::helper("above", &[x, hi]) * g),
        Op::Unary(Exp, _)             => d(out * g),
        Op::Unary(Exp2, _)            => d(out * Sym::Const("LN_2") * g),
        Op::Unary(ExpM1, _)           => d((out + 1.0) * g),
        Op::Unary(Ln, a)              => d(1.0 / a * g),
        Op::Unary(Ln1p, a)            => d(1.0 / (1.0 + a) * g),
        Op::Unary(Log10, a)           => d(1.0 / (a * Sym::Const("LN_10")) * g),
        Op::Unary(Log2, a)            => d(1.0 / (a * Sym::Const("LN_2")) * g),
        Op::Unary(Sqrt, _)            => d(Sym::helper("sqrt_slope", &[out]) * g),  // 0.5 / out, 0 at 0
        Op::Unary(Cbrt, _)            => d(Sym::helper("cbrt_slope", &[out]) * g),  // 1 / (3 out²), 0 at 0
        Op::Unary(Sin, a)             => d(a.cos() * g),
        Op::Unary(Cos, a)             => d(-a.sin() * g),
        Op::Unary(Tan, _)             => d((1.0 + out * out) * g),
        Op::Unary(Asin, a)            => d(1.0 / (1.0 - a * a).sqrt() * g),
        Op::Unary(Acos, a)            => d(-1.0 / (1.0 - a * a).sqrt() * g),
        Op::Unary(Atan, a)            => d(1.0 / (1.0 + a * a) * g),
        Op::Unary(Sinh, a)            => d(a.cosh() * g),
        Op::Unary(Cosh, a)            => d(a.sinh() * g),
        Op::Unary(Tanh, _)            => d((1.0 - out * out) * g),
        Op::Unary(Asinh, a)           => d(1.0 / (a * a + 1.0).sqrt() * g),
        Op::Unary(Acosh, a)           => d(1.0 / (a * a - 1.0).sqrt() * g),
        Op::Unary(Atanh, a)           => d(1.0 / (1.0 - a * a) * g),
        Op::Unary(Abs, a)             => d(Sym::helper("abs_slope", &[a]) * g),  // 0 at 0
        Op::Unary(Recip, _)           => d(-(out * out) * g),
        Op::Unary(ToDegrees, _)       => d(g.to_degrees()),                       // linear: the map itself
        Op::Unary(ToRadians, _)       => d(g.to_radians()),
        Op::Unary(Fract, _)           => d(g.clone()),                            // x - trunc(x)
        Op::Unary(ViaF32, _)          => d(g.clone()),                            // (x as f32) as f64: x, rounding aside
        Op::Unary(Floor | Ceil | Round | RoundTiesEven | Trunc | Signum, _) => vec![None], // zero almost everywhere
        Op::Unary(Sigmoid, _)         => d((1.0 - out) * out * g),                // CS231n: (1-σ)σ
        Op::Unary(Relu, a)            => d(Sym::helper("relu_slope", &[a]) * g),  // 0 at 0
        Op::Unary(Softplus, a)        => d(Sym::helper("sigmoid", &[a]) * g),
        Op::Unary(Gelu, a)            => d(Sym::helper("gelu_slope", &[a]) * g),
        Op::Unary(Log1pExp, a)        => d(Sym::helper("sigmoid", &[a]) * g),    // softplus
        Op::Binary(LeakyRelu, a, s)   => d2(Sym::helper("leaky_relu_slope", &[a, s]) * g, // slope at 0
                                            a.clone().method("min", vec![Sym::Num(0.0)]) * g),
        Op::Binary(Elu, a, alpha)     => d2(Sym::helper("elu_slope", &[a, alpha]) * g,     // alpha at 0
                                            a.clone().method("min", vec![Sym::Num(0.0)]).method("exp_m1", vec![]) * g),
        Op::Binary(Huber, a, delta)   => d2(Sym::helper("huber_slope", &[a, delta]) * g, // a.clamp(-delta, delta), no panic
                                            (a.clone().method("abs", vec![]) - delta).method("max", vec![Sym::Num(0.0)]) * g),
        Op::Unary(LogSigmoid, a)      => d(Sym::helper("sigmoid", &[&-a]) * g),   // σ(-a) = 1 - σ(a)
    }
}

/// `d x^n / dx = n x^(n-1)` for an integer `n`, folded when `n` is a literal
/// (`None` for `n = 0`: a constant); otherwise the helper, which is `0` for `n = 0`
/// (not `0 · 0^-1 = NaN` at `x = 0`) and does not overflow forming `n - 1`.
fn powi_slope(a: &Sym, n: &Sym) -> Option<Sym> {
    Some(match n {
        Sym::Num(k) if k.fract() == 0.0 && k.abs() < 1e9 => match *k as i64 {
            0 => return None,
            1 => Sym::Num(1.0),
            2 => 2.0 * a,
            k => Sym::Num(k as f64) * a.powi(Sym::Int(k - 1)),
        },
        Sym::Num(k) if k.fract() == 0.0 => Sym::helper("powi_slope", &[a, &Sym::Int(*k as i64)]),
        n => Sym::helper("powi_slope", &[a, n]),
    })
}

/// `d x^p / dx = p x^(p-1)`, folded for a literal `p` outside `[0, 1)` (`None` for
/// `p = 0`); otherwise the helper, which is `0` at `x = 0` for `p < 1`.
fn powf_slope(a: &Sym, p: &Sym) -> Option<Sym> {
    Some(match p {
        Sym::Num(k) if *k == 0.0 => return None,
        Sym::Num(k) if *k >= 1.0 || *k < 0.0 => *k * a.powf(Sym::Num(k - 1.0)),
        p => Sym::helper("powf_slope", &[a, p]),
    })
}

fn d(a: Sym) -> Pullback {
    vec![Some(a)]
}

fn d2(a: Sym, b: Sym) -> Pullback {
    vec![Some(a), Some(b)]
}

fn d3(a: Sym, b: Sym, c: Sym) -> Pullback {
    vec![Some(a), Some(b), Some(c)]
}
