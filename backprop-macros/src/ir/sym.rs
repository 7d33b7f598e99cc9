//! `Sym`: the small symbolic expressions local gradients are written in, so the rule
//! table reads like math (`out * g`, `g / (1.0 + a * a)`). The constructors tidy as
//! they build (no `1.0 * e`, `e + 0.0`, `-(-e)`), and rendering adds only the
//! parentheses precedence needs.

use crate::ir::{LitId, Operand, Tape, VarId};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// A symbolic expression over the primal values and adjoints of a tape.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sym {
    /// A float constant.
    Num(f64),
    /// An integer constant (a `powi` exponent).
    Int(i64),
    /// A constant expression of the user's ([`Tape::lits`]).
    Lit(LitId),
    /// The primal value of a variable: reading it puts the variable in the cache.
    Var(VarId),
    /// The adjoint of a variable (`d_<var>`).
    Adj(VarId),
    Neg(Box<Sym>),
    Bin(Arith, Box<Sym>, Box<Sym>),
    /// `receiver.method(args)`
    Method(&'static str, Box<Sym>, Vec<Sym>),
    /// `::backprop::__private::helper(args)`: a local gradient at a kink.
    Helper(&'static str, Vec<Sym>),
    /// `::core::f64::consts::NAME`
    Const(&'static str),
    /// Part `index` of the tuple a called function's pullback returns for the call
    /// computing the variable: that argument's share of the adjoint.
    Part(VarId, usize),
    /// Part `index` of the seed `d_out` of a function returning a tuple.
    SeedPart(usize),
    /// Element `index` of an array variable's adjoint (`d_v[index]`).
    Element(VarId, usize),
    /// An element of an array variable's adjoint at indices read from variables or
    /// constants (`d_a[i][j]`).
    ElementAt(VarId, Vec<crate::ir::Operand>),
    /// A local-gradient subexpression computed once into a named `let` (`cse.rs`);
    /// what it reads is in its definition (`plan::cse::Shared::value`).
    Shared(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

impl Sym {
    pub(crate) fn method(self, name: &'static str, args: Vec<Sym>) -> Sym {
        Sym::Method(name, Box::new(self), args)
    }
    pub(crate) fn helper(name: &'static str, args: &[&Sym]) -> Sym {
        Sym::Helper(name, args.iter().map(|&arg| arg.clone()).collect())
    }
    pub(crate) fn ln(&self) -> Sym {
        self.clone().method("ln", vec![])
    }
    pub(crate) fn sqrt(&self) -> Sym {
        self.clone().method("sqrt", vec![])
    }
    pub(crate) fn sin(&self) -> Sym {
        self.clone().method("sin", vec![])
    }
    pub(crate) fn cos(&self) -> Sym {
        self.clone().method("cos", vec![])
    }
    pub(crate) fn sinh(&self) -> Sym {
        self.clone().method("sinh", vec![])
    }
    pub(crate) fn cosh(&self) -> Sym {
        self.clone().method("cosh", vec![])
    }
    pub(crate) fn trunc(&self) -> Sym {
        self.clone().method("trunc", vec![])
    }
    pub(crate) fn div_euclid(&self, rhs: &Sym) -> Sym {
        self.clone().method("div_euclid", vec![rhs.clone()])
    }
    pub(crate) fn to_degrees(&self) -> Sym {
        self.clone().method("to_degrees", vec![])
    }
    pub(crate) fn to_radians(&self) -> Sym {
        self.clone().method("to_radians", vec![])
    }

    /// `self.powf(p)`, with `x.powf(1.0)` tidied to `x`.
    pub(crate) fn powf(&self, p: Sym) -> Sym {
        match p {
            Sym::Num(1.0) => self.clone(),
            p => self.clone().method("powf", vec![p]),
        }
    }

    /// `self.powi(n)`, with `x.powi(1)` tidied to `x`.
    pub(crate) fn powi(&self, n: Sym) -> Sym {
        match n {
            Sym::Int(1) => self.clone(),
            n => self.clone().method("powi", vec![n]),
        }
    }

    /// The variables whose primal values this expression reads.
    pub(crate) fn reads(&self, into: &mut Vec<VarId>) {
        match self {
            Sym::Var(id) => into.push(*id),
            Sym::Num(_)
            | Sym::Int(_)
            | Sym::Lit(_)
            | Sym::Adj(_)
            | Sym::Const(_)
            | Sym::Part(..)
            | Sym::SeedPart(_)
            | Sym::Element(..)
            | Sym::Shared(_) => {}
            Sym::ElementAt(_, indices) => {
                into.extend(indices.iter().filter_map(|index| index.var()))
            }
            Sym::Neg(a) => a.reads(into),
            Sym::Bin(_, a, b) => {
                a.reads(into);
                b.reads(into);
            }
            Sym::Method(_, receiver, args) => {
                receiver.reads(into);
                args.iter().for_each(|arg| arg.reads(into));
            }
            Sym::Helper(_, args) => args.iter().for_each(|arg| arg.reads(into)),
        }
    }

    /// Calls `f` on `sym` and every subexpression, outermost first.
    pub(crate) fn visit(&self, f: &mut impl FnMut(&Sym)) {
        f(self);
        match self {
            Sym::Neg(a) => a.visit(f),
            Sym::Bin(_, a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Sym::Method(_, receiver, args) => {
                receiver.visit(f);
                args.iter().for_each(|arg| arg.visit(f));
            }
            Sym::Helper(_, args) => args.iter().for_each(|arg| arg.visit(f)),
            _ => {}
        }
    }

    /// `sym` with `f` applied to each direct subexpression.
    pub(crate) fn map_children(&self, mut f: impl FnMut(&Sym) -> Sym) -> Sym {
        match self {
            Sym::Neg(a) => Sym::Neg(Box::new(f(a))),
            Sym::Bin(op, a, b) => Sym::Bin(*op, Box::new(f(a)), Box::new(f(b))),
            Sym::Method(name, receiver, args) => {
                Sym::Method(name, Box::new(f(receiver)), args.iter().map(f).collect())
            }
            Sym::Helper(name, args) => Sym::Helper(name, args.iter().map(f).collect()),
            other => other.clone(),
        }
    }

    /// Whether the expression reads a variable (so a method call on it has a known
    /// float type; a bare literal receiver needs the path form `f64::ln(2.0)`).
    pub(crate) fn has_variable(&self) -> bool {
        match self {
            Sym::Var(_)
            | Sym::Adj(_)
            | Sym::Part(..)
            | Sym::SeedPart(_)
            | Sym::Element(..)
            | Sym::ElementAt(..)
            | Sym::Shared(_) => true,
            Sym::Num(_) | Sym::Int(_) | Sym::Lit(_) | Sym::Const(_) => false,
            Sym::Neg(a) => a.has_variable(),
            Sym::Bin(_, a, b) => a.has_variable() || b.has_variable(),
            Sym::Method(_, receiver, args) => {
                receiver.has_variable() || args.iter().any(Sym::has_variable)
            }
            Sym::Helper(_, args) => args.iter().any(Sym::has_variable),
        }
    }
}

fn add(a: Sym, b: Sym) -> Sym {
    match (a, b) {
        (Sym::Num(x), Sym::Num(y)) => Sym::Num(x + y),
        (Sym::Num(0.0), e) | (e, Sym::Num(0.0)) => e,
        (a, Sym::Neg(b)) => sub(a, *b),
        (a, b) => Sym::Bin(Arith::Add, Box::new(a), Box::new(b)),
    }
}

fn sub(a: Sym, b: Sym) -> Sym {
    match (a, b) {
        (Sym::Num(x), Sym::Num(y)) => Sym::Num(x - y),
        (e, Sym::Num(0.0)) => e,
        (Sym::Num(0.0), e) => neg(e),
        (a, Sym::Neg(b)) => add(a, *b),
        (a, b) => Sym::Bin(Arith::Sub, Box::new(a), Box::new(b)),
    }
}

fn mul(a: Sym, b: Sym) -> Sym {
    match (a, b) {
        (Sym::Num(x), Sym::Num(y)) => Sym::Num(x * y),
        (Sym::Num(1.0), e) | (e, Sym::Num(1.0)) => e,
        (Sym::Num(-1.0), e) | (e, Sym::Num(-1.0)) => neg(e),
        (a, b) => Sym::Bin(Arith::Mul, Box::new(a), Box::new(b)),
    }
}

fn div(a: Sym, b: Sym) -> Sym {
    match (a, b) {
        (e, Sym::Num(1.0)) => e,
        (a, b) => Sym::Bin(Arith::Div, Box::new(a), Box::new(b)),
    }
}

fn neg(a: Sym) -> Sym {
    match a {
        Sym::Num(x) => Sym::Num(-x),
        Sym::Neg(inner) => *inner,
        a => Sym::Neg(Box::new(a)),
    }
}

/// Implements an operator for every mix of `Sym`, `&Sym` and `f64` operands.
macro_rules! operator {
    ($Trait:ident, $method:ident, $build:ident) => {
        impl $Trait<Sym> for Sym {
            type Output = Sym;
            fn $method(self, rhs: Sym) -> Sym {
                $build(self, rhs)
            }
        }
        impl $Trait<&Sym> for Sym {
            type Output = Sym;
            fn $method(self, rhs: &Sym) -> Sym {
                $build(self, rhs.clone())
            }
        }
        impl $Trait<Sym> for &Sym {
            type Output = Sym;
            fn $method(self, rhs: Sym) -> Sym {
                $build(self.clone(), rhs)
            }
        }
        impl $Trait<&Sym> for &Sym {
            type Output = Sym;
            fn $method(self, rhs: &Sym) -> Sym {
                $build(self.clone(), rhs.clone())
            }
        }
        impl $Trait<f64> for Sym {
            type Output = Sym;
            fn $method(self, rhs: f64) -> Sym {
                $build(self, Sym::Num(rhs))
            }
        }
        impl $Trait<f64> for &Sym {
            type Output = Sym;
            fn $method(self, rhs: f64) -> Sym {
                $build(self.clone(), Sym::Num(rhs))
            }
        }
        impl $Trait<Sym> for f64 {
            type Output = Sym;
            fn $method(self, rhs: Sym) -> Sym {
                $build(Sym::Num(self), rhs)
            }
        }
        impl $Trait<&Sym> for f64 {
            type Output = Sym;
            fn $method(self, rhs: &Sym) -> Sym {
                $build(Sym::Num(self), rhs.clone())
            }
        }
    };
}

operator!(Add, add, add);
operator!(Sub, sub, sub);
operator!(Mul, mul, mul);
operator!(Div, div, div);

impl Neg for Sym {
    type Output = Sym;
    fn neg(self) -> Sym {
        neg(self)
    }
}

impl Neg for &Sym {
    type Output = Sym;
    fn neg(self) -> Sym {
        neg(self.clone())
    }
}

/// A gate's input as a symbol: plain numeric literals become numbers, so rules can
/// fold them (`x.powf(2.0)` -> `2.0 * x`).
pub(crate) fn operand_sym(tape: &Tape, operand: Operand) -> Sym {
    match operand {
        Operand::Var(id) => Sym::Var(id),
        Operand::Lit(id) => tape.numbers[id].map_or(Sym::Lit(id), Sym::Num),
    }
}

/// The value of a constant that is a plain number literal (`2.0`, `3`), if it is one
/// small enough to fold exactly: read once, when the constant joins the tape.
pub(crate) fn literal_number(tokens: &proc_macro2::TokenStream) -> Option<f64> {
    match syn::parse2::<syn::Lit>(tokens.clone()) {
        Ok(syn::Lit::Float(lit)) => lit.base10_parse::<f64>().ok(),
        Ok(syn::Lit::Int(lit)) => lit.base10_parse::<i64>().ok().map(|n| n as f64),
        _ => None,
    }
    .filter(|value| value.is_finite() && value.abs() < 1e15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_tidy() {
        let g = Sym::Adj(0);
        let x = Sym::Var(1);
        assert_eq!(1.0 * &g, g);
        assert_eq!(&g * 1.0, g);
        assert_eq!(&x + 0.0, x);
        assert_eq!(-(-&x), x);
        assert_eq!(&g * -1.0, -&g);
        assert_eq!(Sym::Num(2.0) - 1.0, Sym::Num(1.0));
        assert_eq!(x.powf(Sym::Num(1.0)), x);
    }
}
