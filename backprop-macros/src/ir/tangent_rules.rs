//! Second derivatives from the one rule table: the tangent (directional derivative) of
//! a local gradient `rules::pullback` writes, for forward-over-reverse (`f_hvp`). Each
//! method and helper a local gradient is built from gets one line here, so the tangent
//! of any pullback follows from `rules.rs` without a second table per operation.
//!
//! Kinks follow the first-derivative conventions: a local gradient that is constant on
//! each side of a kink (`abs_slope`, `relu_slope`, `clamp_pass`, ...) has
//! tangent 0, also at the kink; a slope helper that is 0 at a vertical tangent
//! (`sqrt_slope`, `cbrt_slope`, `powf_slope`) has a tangent that is 0 there too.

use crate::ir::sym::{Arith, Sym};

/// `d sym` along the tangent direction, given `leaf`: the tangent of a variable's value
/// or adjoint (`Sym::Var`, `Sym::Adj`). `Err` names a method or helper whose second
/// derivative is not written yet.
pub(crate) fn tangent(sym: &Sym, leaf: &dyn Fn(&Sym) -> Sym) -> Result<Sym, &'static str> {
    let t = |sym: &Sym| tangent(sym, leaf);
    Ok(match sym {
        Sym::Num(_) | Sym::Int(_) | Sym::Lit(_) | Sym::Const(_) => Sym::Num(0.0),
        Sym::Var(_) | Sym::Adj(_) => leaf(sym),
        Sym::Neg(a) => -t(a)?,
        Sym::Bin(Arith::Add, a, b) => t(a)? + t(b)?,
        Sym::Bin(Arith::Sub, a, b) => t(a)? - t(b)?,
        Sym::Bin(Arith::Mul, a, b) if a == b => times(t(a)?, &(2.0 * &**a)),
        Sym::Bin(Arith::Mul, a, b) => after(t(a)?, b) + times(t(b)?, a), // da · b + a · db
        // d(a/b) = da / b - a db / b²
        Sym::Bin(Arith::Div, a, b) => over(t(a)?, b) - over(over(times(t(b)?, a), b), b),
        Sym::Method(name, receiver, args) => method(name, receiver, args, t(receiver)?)?,
        Sym::Helper(name, args) => {
            let tangents = args.iter().map(t).collect::<Result<Vec<_>, _>>()?;
            helper(name, args, &tangents, sym)?
        }
        Sym::Part(..)
        | Sym::SeedPart(_)
        | Sym::Element(..)
        | Sym::ElementAt(..)
        | Sym::Shared(_) => return Err("a call's or an array's adjoint"),
    })
}

/// `t_r · d r.name(args) / d r`, one line per method the rule table uses.
#[rustfmt::skip] // keep the columns: one method per line
fn method(name: &'static str, r: &Sym, args: &[Sym], t_r: Sym) -> Result<Sym, &'static str> {
    let slope = match (name, args) {
        ("ln", _)                       => 1.0 / r,                   // 1/r
        ("sqrt", _)                     => 0.5 / r.sqrt(),            // 1/(2√r)
        ("exp", _)                      => r.clone().method("exp", vec![]),
        ("sin", _)                      => r.cos(),
        ("cos", _)                      => -r.sin(),
        ("sinh", _)                     => r.cosh(),
        ("cosh", _)                     => r.sinh(),
        ("powi", [Sym::Int(n)])         => *n as f64 * r.powi(Sym::Int(n - 1)), // n r^(n-1)
        ("powf", [Sym::Num(p)])         => *p * r.powf(Sym::Num(p - 1.0)),      // p r^(p-1)
        ("to_degrees" | "to_radians", _) => return Ok(t_r.method(name, vec![])), // linear
        ("exp_m1", _)                   => r.clone().method("exp", vec![]),
        ("abs", _)                      => Sym::helper("abs_slope", &[r]),        // 0 at 0
        // `r.max(0.0)`, `r.min(0.0)` (the rule table's only uses): a constant bound.
        ("max", [Sym::Num(_)])          => return Ok(Sym::helper("max_grad", &[r, &args[0], &t_r])),
        ("min", [Sym::Num(_)])          => return Ok(Sym::helper("min_grad", &[r, &args[0], &t_r])),
        ("trunc" | "div_euclid" | "copysign", _) => return Ok(Sym::Num(0.0)), // constant a.e.
        _ => return Err(name),
    };
    Ok(times(t_r, &slope))
}

/// The tangent of `helper(args)` (itself `sym`) given the tangents of its arguments.
#[rustfmt::skip] // keep the columns: one helper per line
fn helper(name: &'static str, args: &[Sym], t: &[Sym], sym: &Sym) -> Result<Sym, &'static str> {
    Ok(match (name, args) {
        // Constant on each side of a kink: 0 (the first derivative's convention).
        ("abs_slope" | "clamp_pass" | "below" | "above" | "relu_slope", _) => Sym::Num(0.0),
        // Linear in the gradient, the choice constant on each side of the kink.
        ("max_grad" | "min_grad", [a, b, _]) => Sym::helper(name, &[a, b, &t[2]]),
        ("sqrt_slope", _)                  => times(t[0].clone(), &(-2.0 * sym * sym)),  // d(1/(2s)) = -2 (1/(2s))² ds
        ("cbrt_slope", [c])                => times(t[0].clone(), &(-6.0 * c * sym * sym)), // d(1/(3c²)) = -2/(3c³) dc
        ("powi_slope", [x, Sym::Int(n)])   => times(t[0].clone(),                           // n (n-1) x^(n-2)
                                                 &(*n as f64 * Sym::helper("powi_slope", &[x, &Sym::Int(n - 1)]))),
        ("powi_slope", [x, n])             => times(t[0].clone(), &Sym::helper("powi_curvature", &[x, n])), // n not a literal
        ("powf_slope", [x, p])             => times(t[0].clone(), &(p * Sym::helper("powf_slope", &[x, &(p - 1.0)])))
                                              + times(t[1].clone(),                         // x^(p-1) (1 + p ln x)
                                                 &(x.powf(p - 1.0) + Sym::helper("xlogy", &[sym, x]))),
        ("xlogy", [y, x])                  => Sym::helper("xlogy", &[&t[0], x]) + times(t[1].clone(), &(y / x)),
        ("hypot_slope", [_, h])            => over(t[0].clone() - times(t[1].clone(), sym), h), // d(a/h)
        ("sigmoid", _)                     => times(t[0].clone(), &((1.0 - sym) * sym)),  // σ(1-σ)
        ("gelu_slope", [x])                => times(t[0].clone(), &Sym::helper("gelu_curvature", &[x])),
        // 1 for x > 0, else the slope (a parameter too): only its tangent passes.
        ("leaky_relu_slope", [x, _])       => times(t[1].clone(), &(1.0 - Sym::helper("relu_slope", &[x]))),
        // 1 for x > 0, else α e^x: d = α e^x dx + e^x dα there (e^min(x, 0): no overflow).
        ("elu_slope", [x, _])              => {
            let below = 1.0 - Sym::helper("relu_slope", &[x]);
            let exp = x.clone().method("min", vec![Sym::Num(0.0)]).method("exp", vec![]);
            times(times(t[0].clone(), sym) + times(t[1].clone(), &exp), &below)
        }
        // x inside [-δ, δ] (its tangent passes), else δ·sign(x) (δ's tangent, signed).
        ("huber_slope", [x, delta])        => {
            let inside = Sym::helper("clamp_pass", &[x, &-delta, delta]);
            times(t[0].clone(), &inside)
                + times(t[1].clone(), &((1.0 - &inside) * Sym::helper("abs_slope", &[x])))
        }
        _ => return Err(name),
    })
}

/// `x · t`, the local factor first as in the rule table (`t / den` for `x = 1 / den`), 0
/// when the tangent is (no `0.0 * x` in generated code).
fn times(t: Sym, x: &Sym) -> Sym {
    match (t, x) {
        (Sym::Num(0.0), _) => Sym::Num(0.0),
        (t, Sym::Bin(Arith::Div, one, den)) if **one == Sym::Num(1.0) => t / &**den,
        (t, x) => x * t,
    }
}

/// `t · x`, in the order of `d(a · b) = da · b + ..`, 0 when the tangent is.
fn after(t: Sym, x: &Sym) -> Sym {
    match t {
        Sym::Num(0.0) => Sym::Num(0.0),
        t => match x {
            Sym::Bin(Arith::Div, one, den) if **one == Sym::Num(1.0) => t / &**den,
            x => t * x,
        },
    }
}

/// `t / x`, 0 when the tangent is.
fn over(t: Sym, x: &Sym) -> Sym {
    match t {
        Sym::Num(0.0) => Sym::Num(0.0),
        t => t / x,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tangent of `(1 - out²) · g` (tanh's local gradient) is
    /// `-2 out t_out · g + (1 - out²) · t_g`.
    #[test]
    fn product_rule_over_the_rule_table() {
        let (out, g) = (Sym::Var(0), Sym::Adj(1));
        let local = (1.0 - &out * &out) * &g;
        let leaf = |sym: &Sym| match sym {
            Sym::Var(0) => Sym::Adj(10),
            Sym::Adj(1) => Sym::Adj(11),
            _ => Sym::Num(0.0),
        };
        let expected = -(2.0 * &out * Sym::Adj(10)) * &g + (1.0 - &out * &out) * Sym::Adj(11);
        assert_eq!(tangent(&local, &leaf), Ok(expected));
    }

    #[test]
    fn unknown_helpers_are_named() {
        let unknown = Sym::helper("swish_slope", &[&Sym::Var(0)]) * Sym::Adj(1);
        assert_eq!(tangent(&unknown, &|_| Sym::Num(1.0)), Err("swish_slope"));
    }

    /// `gelu`'s slope has a tangent: its curvature times the argument's tangent.
    #[test]
    fn gelu_slope_has_a_tangent() {
        let slope = Sym::helper("gelu_slope", &[&Sym::Var(0)]);
        let expected = Sym::helper("gelu_curvature", &[&Sym::Var(0)]) * Sym::Adj(5);
        assert_eq!(tangent(&slope, &|_| Sym::Adj(5)), Ok(expected));
    }
}
