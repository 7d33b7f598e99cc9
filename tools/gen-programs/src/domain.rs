//! Domain fixers: an operation whose argument could leave its domain (ln, sqrt, asin,
//! acosh, a divisor near 0, ...) or grow too big (exp, sinh, powi, ...) first gets
//! its argument wrapped (`x * x + 1.0`, `x.tanh() * 0.9`, ...).

use crate::ast::{bin, has_var, typed, un, E};
use crate::gen::{x, BIG, G, X};
use crate::iv::Iv;
use crate::ops::{Bin, Gate, Op, B2, U};

impl G {
    /// Something with the value of `a` squeezed into [-1, 1] (or [0, 1]).
    pub fn squash(&mut self, a: X) -> X {
        if !typed(&a.e) {
            return x(E::Lit(0.5), Iv::pt(0.5));
        }
        let is_var = matches!(a.e, E::Var(_));
        let k = self.weighted(&[30, 20, 12, 12, 8, if is_var { 10 } else { 0 }]);
        let form = self.form();
        match k {
            0 => x(un(U::Tanh, form, a.e), U::Tanh.range(a.iv)),
            1 => x(un(U::Sin, form, a.e), Iv::new(-1.0, 1.0)),
            2 => {
                let t = un(U::Atan, form, a.e);
                x(bin(Bin::Mul, t, E::Lit(0.5)), Iv::new(-0.8, 0.8))
            }
            3 => {
                let g = self.gate_form();
                let iv = a.iv.map(|v| Gate::Sigmoid.eval(v));
                x(E::Op(Op::Gate(Gate::Sigmoid), g, vec![a.e]), iv)
            }
            4 => x(un(U::Cos, form, a.e), Iv::new(-1.0, 1.0)),
            _ => {
                // softsign: a / (1 + |a|)
                let den = bin(Bin::Add, E::Lit(1.0), un(U::Abs, form, a.e.clone()));
                x(bin(Bin::Div, a.e, den), Iv::new(-1.0, 1.0))
            }
        }
    }
    /// `a` with |a| <= r.
    pub fn bound(&mut self, a: X, r: f64) -> X {
        if a.iv.mag() <= r {
            return a;
        }
        if !typed(&a.e) {
            let v = r.min(0.5);
            return x(E::Lit(v), Iv::pt(v));
        }
        let s = self.squash(a);
        if s.iv.mag() <= r {
            return s;
        }
        let f = [2.0, 1.5, 0.9, 0.8, 0.5, 0.25, 0.1]
            .into_iter()
            .find(|f| f * s.iv.mag() <= r)
            .unwrap_or(0.1);
        x(bin(Bin::Mul, s.e, E::Lit(f)), s.iv.times(Iv::pt(f)))
    }
    /// `a` with a >= m (m in (0, 1.5]).
    pub fn positive(&mut self, a: X, m: f64) -> X {
        if a.iv.lo >= m {
            return a;
        }
        let k = [0.5, 1.0, 1.5, 2.0].into_iter().find(|&k| k >= m).unwrap_or(2.0);
        if !typed(&a.e) {
            let k = if m <= 0.5 { 0.5 } else { 2.0 };
            return x(E::Lit(k), Iv::pt(k));
        }
        let form = self.form();
        let is_var = matches!(a.e, E::Var(_));
        let small = a.iv.mag() <= 3.0;
        let choice = self.weighted(&[
            if is_var { 30 } else { 0 },
            15,
            12,
            if small { 10 } else { 0 },
            10,
            8,
            if small && m <= 1.0 { 6 } else { 0 },
            6,
        ]);
        let plus = |p: X| x(bin(Bin::Add, p.e, E::Lit(k)), p.iv.plus(Iv::pt(k)));
        let sq = Iv::new(a.iv.min_abs().powi(2), a.iv.mag().powi(2));
        match choice {
            0 => plus(x(bin(Bin::Mul, a.e.clone(), a.e), sq)),
            1 => plus(x(E::Op(Op::Powi, form, vec![a.e, E::Int("2".into())]), sq)),
            2 => plus(x(un(U::Abs, form, a.e), U::Abs.range(a.iv))),
            3 => {
                let e = x(un(U::Exp, form, a.e), U::Exp.range(a.iv));
                if e.iv.lo >= m {
                    e
                } else {
                    plus(e)
                }
            }
            4 => {
                let iv = Iv::new(k, a.iv.mag().hypot(k));
                x(E::Op(Op::B2(B2::Hypot), form, vec![a.e, E::Lit(k)]), iv)
            }
            5 => {
                let g = self.gate_form();
                plus(x(E::Op(Op::Gate(Gate::Sigmoid), g, vec![a.e]), Iv::new(0.0, 1.0)))
            }
            6 => x(un(U::Cosh, form, a.e), U::Cosh.range(a.iv)),
            _ => {
                let a = self.bound(a, 10.0);
                let g = self.gate_form();
                let iv = a.iv.map(|v| Gate::Softplus.eval(v));
                plus(x(E::Op(Op::Gate(Gate::Softplus), g, vec![a.e]), iv))
            }
        }
    }
    /// `a` with |a| >= m.
    pub fn nonzero(&mut self, a: X, m: f64) -> X {
        if a.iv.away_from_zero(m) {
            return a;
        }
        let p = self.positive(a, m);
        if self.chance(25) {
            x(E::Neg(Box::new(p.e)), p.iv.negate())
        } else {
            p
        }
    }
    /// Keeps values moderate so that chains of gates stay well conditioned.
    pub fn cap(&mut self, a: X) -> X {
        if a.iv.mag() > BIG {
            self.squash(a)
        } else {
            a
        }
    }
    /// A variable leaf if `a` does not depend on any variable: a gate on a
    /// constant alone is legal but tests little.
    pub fn active(&mut self, a: X) -> X {
        if has_var(&a.e) {
            a
        } else if self.scope.is_empty() {
            self.pick(&self.leaves.clone())
        } else {
            let i = self.below(self.scope.len());
            self.var(i)
        }
    }
}
