//! Float expressions of about a given number of gates, each operation's argument
//! kept inside its domain.

use crate::ast::{bin, un, E};
use crate::calls::Target;
use crate::gen::{x, BIG, G, X};
use crate::iv::{fold_max, fold_min, Iv};
use crate::ops::{Bin, Gate, Op, B2, BINARY, GATES, U, UNARY};
use crate::program::Kind;
use std::rc::Rc;

impl G {
    /// A float expression of about `cost` gates.
    pub fn expr(&mut self, cost: usize, allow_lit: bool) -> X {
        if !self.calls.targets.is_empty() && self.calls.depth < 2 {
            let pct = if cost == 0 { self.calls.pct / 3 } else { self.calls.pct };
            if self.chance(pct) {
                let f = self.pick(&self.calls.targets.clone());
                let out = self.call_of(f, cost.saturating_sub(1), &[]);
                return self.cap(out);
            }
        }
        if cost == 0 {
            return self.leaf(allow_lit);
        }
        let out = match self.weighted(&[36, 30, 3, 5, 14, 3, 3, 8]) {
            0 => {
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div, Bin::Add, Bin::Mul]);
                let (ca, cb) = self.split(cost - 1);
                let a = self.expr(ca, false);
                let b = self.expr(cb, true);
                let (a, b) = if self.chance(30) { (b, a) } else { (a, b) };
                self.binary(op, a, b)
            }
            1 => {
                let u = self.pick(UNARY);
                let a = self.operand(cost - 1);
                self.unary(u, a)
            }
            2 => {
                let a = self.expr(cost - 1, false);
                match a.e {
                    E::Neg(inner) => x(*inner, a.iv.negate()),
                    e => x(E::Neg(Box::new(e)), a.iv.negate()),
                }
            }
            3 => {
                let a = self.operand(cost - 1);
                self.powi(a)
            }
            4 => {
                let op = self.pick(BINARY);
                let (ca, cb) = self.split(cost - 1);
                let a = self.operand(ca);
                let b = self.expr(cb, true);
                self.b2(op, a, b)
            }
            5 => {
                let (ca, rest) = self.split(cost - 1);
                let (cb, cc) = self.split(rest);
                let a = self.expr(ca, false);
                let a = self.bound(a, 5.0);
                let b = self.expr(cb, true);
                let b = self.bound(b, 5.0);
                let c = self.expr(cc, true);
                let iv = a.iv.times(b.iv).plus(c.iv);
                x(E::Op(Op::MulAdd, self.form(), vec![a.e, b.e, c.e]), iv)
            }
            6 => {
                let a = self.operand(cost - 1);
                self.clamp(a)
            }
            _ => {
                let g = self.pick(GATES);
                let a = self.operand(cost - 1);
                self.gate(g, a)
            }
        };
        self.cap(out)
    }
    /// An expression reading a variable, to apply a function to.
    pub fn operand(&mut self, cost: usize) -> X {
        let a = self.expr(cost, false);
        self.active(a)
    }
    /// A call of `f` with arguments of about `cost` gates in all, in the callee's
    /// domain: differentiated floats in [-1.9, 1.9] (the first one active), literals
    /// for the others, integers in range or the caller's own; `fixed` gives some
    /// float arguments (by float index).
    pub fn call_of(&mut self, f: Rc<Target>, cost: usize, fixed: &[(usize, X)]) -> X {
        let wrt = f.h.prog.wrt();
        self.calls.depth += 1;
        let mut args = Vec::new();
        let (mut left, mut fi, mut active) = (cost, 0, false);
        for p in &f.h.prog.params {
            let arg = match p.kind {
                Kind::Int { usize, hi, .. } => E::Int(self.int_arg(usize, hi)),
                _ => {
                    let given = fixed.iter().find(|(i, _)| *i == fi);
                    let a = if let Some((_, a)) = given {
                        active = true;
                        a.clone()
                    } else if wrt.contains(&fi) {
                        let c = self.rng_upto(left);
                        left -= c;
                        let a = self.expr(c, active);
                        let a = if active { a } else { self.active(a) };
                        active = true;
                        a
                    } else {
                        self.lit()
                    };
                    fi += 1;
                    self.bound(a, 1.9).e
                }
            };
            args.push(arg);
        }
        self.calls.depth -= 1;
        x(E::Call(f.clone(), args), f.h.out)
    }
    fn rng_upto(&mut self, n: usize) -> usize {
        self.split(n).0
    }
    /// An integer argument in `0..=hi`: a literal, or a caller's variable of the
    /// same type.
    fn int_arg(&mut self, usize: bool, hi: i64) -> String {
        let same: Vec<String> =
            self.calls.ints.iter().filter(|i| i.1 == usize).map(|i| i.0.clone()).collect();
        if !same.is_empty() && self.chance(50) {
            return self.pick(&same);
        }
        self.range(0, hi).to_string()
    }
    pub fn binary(&mut self, op: Bin, a: X, b: X) -> X {
        let b = if op != Bin::Mul && self.same(&a.e, &b.e) { self.lit() } else { b };
        let (a, b) = match op {
            Bin::Mul if a.iv.times(b.iv).mag() > BIG => (self.bound(a, 4.0), self.bound(b, 4.0)),
            Bin::Div => {
                let b = if matches!(b.e, E::Lit(_)) { b } else { self.nonzero(b, 0.5) };
                (self.bound(a, 8.0), b)
            }
            _ => (a, b),
        };
        let iv = match op {
            Bin::Add => a.iv.plus(b.iv),
            Bin::Sub => a.iv.minus(b.iv),
            Bin::Mul => a.iv.times(b.iv),
            Bin::Div => a.iv.over(b.iv),
        };
        x(bin(op, a.e, b.e), iv)
    }
    pub fn unary(&mut self, u: U, a: X) -> X {
        let a = match u {
            U::Exp | U::Exp2 | U::ExpM1 | U::Sinh | U::Cosh => self.bound(a, 2.5),
            U::Ln | U::Log10 | U::Log2 | U::Sqrt => self.positive(a, 0.3),
            U::Ln1p if a.iv.lo >= -0.6 => a,
            U::Ln1p => self.positive(a, 0.3),
            U::Cbrt => self.nonzero(a, 0.3),
            U::Tan => self.bound(a, 1.2),
            U::Asin | U::Acos | U::Atanh => self.bound(a, 0.9),
            U::Acosh => {
                let a = self.bound(a, 5.0);
                self.positive(a, 1.5)
            }
            U::Recip => self.nonzero(a, 0.4),
            U::ToDegrees => self.bound(a, 0.25),
            _ => a,
        };
        let iv = u.range(a.iv);
        x(un(u, self.form(), a.e), iv)
    }
    fn powi(&mut self, a: X) -> X {
        let param = match self.int.clone() {
            Some((name, _, true)) if self.chance(50) => Some(name),
            _ => None,
        };
        let (arg, n): (String, i32) = match param {
            Some(name) => (name, 3),
            None => {
                let n = self.pick(&[2, 3, -1, -2, 2, 3, 4]);
                (n.to_string(), n)
            }
        };
        // |a| >= 0.5 keeps a negative power moderate, |a| <= BIG^(1/n) a positive one
        let a =
            if n < 0 { self.nonzero(a, 0.5) } else { self.bound(a, BIG.powf(1.0 / f64::from(n))) };
        let lo = a.iv.min_abs().powi(n.abs());
        let hi = a.iv.mag().powi(n.abs());
        let iv = match (n < 0, n % 2 == 0) {
            (false, true) => Iv::new(lo, hi),
            (false, false) => Iv::new(-hi, hi),
            (true, true) => Iv::new(1.0 / hi, 1.0 / lo),
            (true, false) => Iv::new(-1.0 / lo, 1.0 / lo),
        };
        x(E::Op(Op::Powi, self.form(), vec![a.e, E::Int(arg)]), iv)
    }
    pub fn b2(&mut self, op: B2, a: X, b: X) -> X {
        let form = self.form();
        let b = if self.same(&a.e, &b.e) { self.lit() } else { b };
        let (a, b, iv) = match op {
            B2::Powf => {
                let a = self.bound(a, 3.0);
                let a = self.positive(a, 0.4);
                let b = match self.chance(55) {
                    true => {
                        let v = self.pick(&[0.5, 1.5, 2.5, 0.75, 1.25, 3.0, 0.3]);
                        signed(if self.chance(25) { -v } else { v })
                    }
                    false => self.bound(b, 2.0),
                };
                let c = [a.iv.lo, a.iv.hi].map(|s| [b.iv.lo, b.iv.hi].map(|t| s.powf(t)));
                let c = [c[0][0], c[0][1], c[1][0], c[1][1]];
                (a, b, Iv::new(fold_min(&c), fold_max(&c)))
            }
            B2::Log => {
                let a = self.positive(a, 0.3);
                let b = if self.chance(60) {
                    let v = self.pick(&[2.0, 3.0, 10.0, 0.5, 5.0]);
                    x(E::Lit(v), Iv::pt(v))
                } else {
                    let b = self.bound(b, 6.0);
                    self.positive(b, 1.5)
                };
                let iv = U::Ln.range(a.iv).over(U::Ln.range(b.iv));
                (a, b, iv)
            }
            B2::Atan2 => {
                let b = if self.chance(50) { self.positive(b, 0.3) } else { b };
                let r = if b.iv.lo > 0.0 { 1.6 } else { 3.2 };
                (a, b, Iv::new(-r, r))
            }
            B2::Max | B2::Min => {
                let f = if op == B2::Max { f64::max } else { f64::min };
                let iv = Iv::new(f(a.iv.lo, b.iv.lo), f(a.iv.hi, b.iv.hi));
                (a, b, iv)
            }
            B2::Hypot => {
                let lit = matches!(b.e, E::Lit(_));
                let b = if lit || self.chance(50) { b } else { self.nonzero(b, 0.3) };
                let iv = Iv::new(0.0, a.iv.mag().hypot(b.iv.mag()));
                (a, b, iv)
            }
        };
        x(E::Op(Op::B2(op), form, vec![a.e, b.e]), iv)
    }
    fn clamp(&mut self, a: X) -> X {
        let form = self.form();
        let (lo, hi) = if self.chance(60) {
            let (l, h) = self.pick(&[
                (-1.0, 1.0),
                (-0.5, 0.5),
                (0.0, 2.0),
                (-2.0, 0.5),
                (-1.5, 1.5),
                (0.25, 3.0),
            ]);
            (signed(l), signed(h))
        } else {
            // bounds that depend on the inputs, but always lo < hi
            let l = self.expr(1, false);
            let l = self.bound(l, 1.0);
            let h = self.expr(1, false);
            let h = self.bound(h, 1.0);
            let lo = x(bin(Bin::Sub, l.e, E::Lit(1.5)), l.iv.minus(Iv::pt(1.5)));
            let hi = x(bin(Bin::Add, h.e, E::Lit(1.5)), h.iv.plus(Iv::pt(1.5)));
            (lo, hi)
        };
        let iv = Iv::new(a.iv.lo.max(lo.iv.lo).min(hi.iv.lo), a.iv.hi.max(lo.iv.hi).min(hi.iv.hi));
        x(E::Op(Op::Clamp, form, vec![a.e, lo.e, hi.e]), iv)
    }
    fn gate(&mut self, g: Gate, a: X) -> X {
        let a = match g {
            Gate::Softplus | Gate::LogSigmoid => self.bound(a, 10.0),
            _ => a,
        };
        let iv = a.iv.map(|v| g.eval(v));
        x(E::Op(Op::Gate(g), self.gate_form(), vec![a.e]), iv)
    }
    /// An expression that reads `v` (so `v` may be shadowed or reassigned), whose
    /// top node is not a `+ - * /` with `v` itself as an operand (clippy's
    /// `assign_op_pattern`).
    pub fn reads(&mut self, v: X, cost: usize) -> X {
        let other = self.expr(cost.saturating_sub(2), true);
        let out = match self.weighted(&[50, 30, 20]) {
            0 => {
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div]);
                let inner = self.binary(op, v, other);
                let u = self.pick(&[U::Sin, U::Tanh, U::Atan, U::Cos, U::Asinh, U::Abs, U::Exp]);
                self.unary(u, inner)
            }
            1 => {
                let op = self.pick(&[B2::Max, B2::Min, B2::Hypot, B2::Atan2]);
                self.b2(op, v, other)
            }
            _ => {
                let u = self.pick(UNARY);
                let inner = self.unary(u, v);
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                self.binary(op, inner, other)
            }
        };
        self.cap(out)
    }
    /// One expression reading all of `xs` (never just a bare variable).
    pub fn combine(&mut self, xs: Vec<X>, extra: usize) -> X {
        let mut acc: Option<X> = None;
        for v in xs {
            let v = if self.chance(25) {
                let w = self.lit();
                self.binary(Bin::Mul, w, v)
            } else {
                v
            };
            acc = Some(match acc {
                None => v,
                Some(a) => {
                    let op = self.pick(&[Bin::Add, Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = self.binary(op, a, v);
                    self.cap(out)
                }
            });
        }
        let acc = match acc {
            Some(a) => a,
            None => self.expr(extra.max(1), false),
        };
        if matches!(acc.e, E::Var(_)) {
            let other = self.expr(extra, true);
            let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
            let out = self.binary(op, acc, other);
            self.cap(out)
        } else {
            acc
        }
    }
}

/// The literal `v`, as `-lit` if negative.
fn signed(v: f64) -> X {
    let e = if v < 0.0 { E::Neg(Box::new(E::Lit(-v))) } else { E::Lit(v) };
    x(e, Iv::pt(v))
}
