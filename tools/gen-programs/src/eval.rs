//! Evaluates a program in f64, tracking the smallest distance to a kink (abs, max,
//! clamp, floor, ...) or to the boundary of an evaluated comparison; and judges the
//! sample points by it: finite, away from kinks, derivatives moderate, central
//! differences at several steps in agreement.

use crate::ast::*;
use crate::ops::KONSTS;
use crate::program::{Kind, Prog};

enum Flow {
    Next,
    /// `break`, `continue` (of the loop with that label, or the innermost)
    Break(Option<String>),
    Continue(Option<String>),
    Return(f64),
}

/// Arrays live in `env` element by element, as `w[1]`, `m[0][2]`.
struct Run {
    env: Vec<(String, f64)>,
    ints: Vec<(String, i64)>,
    margin: f64,
    ok: bool,
    steps: usize,
}

impl Run {
    fn get(&self, key: &str) -> f64 {
        self.env.iter().rev().find(|(m, _)| m == key).unwrap().1
    }
    fn set(&mut self, key: &str, v: f64) {
        self.env.iter_mut().rev().find(|(m, _)| m == key).unwrap().1 = self.check(v);
    }
    fn int(&self, n: &str) -> i64 {
        n.parse().unwrap_or_else(|_| self.ints.iter().rev().find(|(m, _)| m == n).unwrap().1)
    }
    fn check(&mut self, v: f64) -> f64 {
        if !v.is_finite() || v.abs() > 1e6 {
            self.ok = false;
        }
        v
    }
    fn key(&self, a: &str, ix: &[Ix]) -> String {
        let ix: String = ix
            .iter()
            .map(|i| match i {
                Ix::C(k) => format!("[{k}]"),
                Ix::V(n) => format!("[{}]", self.int(n)),
            })
            .collect();
        format!("{a}{ix}")
    }
    fn e(&mut self, e: &E) -> f64 {
        let v = match e {
            E::Var(n) => self.get(n),
            E::Lit(v) => *v,
            E::Konst(i) => KONSTS[*i].value,
            E::Cast(n) | E::Int(n) => self.int(n) as f64,
            E::Neg(a) => -self.e(a),
            E::Bin(op, a, b) => {
                let (a, b) = (self.e(a), self.e(b));
                op.eval(a, b)
            }
            E::Op(op, _, args) => {
                let (v, kink) = op.eval(&args.iter().map(|a| self.e(a)).collect::<Vec<_>>());
                self.margin = self.margin.min(kink);
                v
            }
            E::Block(body, tail) => {
                let n = self.env.len();
                self.seq(body);
                let v = self.e(tail);
                self.env.truncate(n);
                v
            }
            E::Call(f, args) => {
                let ints = args.iter().filter_map(|a| {
                    if let E::Int(n) = a {
                        Some(self.int(n) as i32)
                    } else {
                        None
                    }
                });
                let k: Vec<i32> = ints.collect();
                let p: Vec<f64> =
                    args.iter().filter(|a| !matches!(a, E::Int(_))).map(|a| self.e(a)).collect();
                let (v, margin) = run(&f.h.prog, &p, &k);
                self.margin = self.margin.min(margin);
                v
            }
            E::Elem(a, ix) => self.get(&self.key(a, ix)),
            E::Arr(op, arrays, len) => {
                let elems =
                    |a: &String| (0..*len).map(|k| self.get(&format!("{a}[{k}]"))).collect();
                op.eval(&arrays.iter().map(elems).collect::<Vec<_>>())
            }
        };
        self.check(v)
    }
    fn cond(&mut self, c: &Cond) -> bool {
        let rhs = |r: &Result<i64, String>, run: &Run| match r {
            Ok(k) => *k,
            Err(n) => run.int(n),
        };
        match c {
            Cond::F(a, op, b) => {
                let (a, b) = (self.e(a), self.e(b));
                self.margin = self.margin.min((a - b).abs() / a.abs().max(b.abs()).max(1.0));
                op.eval(a, b)
            }
            Cond::I(v, t) => {
                let v = self.int(v);
                match t {
                    IntTest::Lt(r) => v < rhs(r, self),
                    IntTest::Ge(r) => v >= rhs(r, self),
                    IntTest::Eq(k) => v == *k,
                    IntTest::Mod(m, r) => v % m == *r,
                }
            }
            Cond::And(a, b) => self.cond(a) && self.cond(b),
            Cond::Or(a, b) => self.cond(a) || self.cond(b),
        }
    }
    fn matches(&mut self, scrut: &str, a: &Arm) -> bool {
        let v = self.int(scrut);
        let hit = match a.pat {
            Pat::Lit(a) => v == a,
            Pat::Or(a, b) => v == a || v == b,
            Pat::Range(a, b) => (a..=b).contains(&v),
            Pat::Wild => true,
        };
        match &a.guard {
            Some(g) if hit => self.cond(g),
            _ => hit,
        }
    }
    /// Runs the branch `v` (if any) in its own scope; its value is bound to `name`.
    fn branch(&mut self, name: &Option<String>, v: Option<&Val>) -> Flow {
        v.map_or(Flow::Next, |v| self.scoped(name, &v.stmts, v.e.as_ref()))
    }
    /// Runs `stmts` then `e` in their own scope; the value is bound to `name`.
    fn scoped(&mut self, name: &Option<String>, stmts: &[C], e: Option<&E>) -> Flow {
        let (n, ni) = (self.env.len(), self.ints.len());
        let flow = self.seq(stmts);
        let r = match (&flow, e) {
            (Flow::Next, Some(e)) => self.e(e),
            _ => 0.0,
        };
        self.env.truncate(n);
        self.ints.truncate(ni);
        if let Some(name) = name {
            self.env.push((name.clone(), r));
        }
        flow
    }
    /// Runs `body` without dropping its bindings (the caller does).
    fn seq(&mut self, body: &[C]) -> Flow {
        for c in body {
            let f = self.c(c);
            if !matches!(f, Flow::Next) || !self.ok {
                return f;
            }
        }
        Flow::Next
    }
    /// The loop labeled `label` over `iters`, each the floats and integers it binds.
    #[allow(clippy::type_complexity)]
    fn looping(
        &mut self,
        label: &Option<String>,
        iters: Vec<(Vec<(String, f64)>, Vec<(String, i64)>)>,
        body: &[C],
    ) -> Flow {
        for (env, ints) in iters {
            let (n, ni) = (self.env.len(), self.ints.len());
            self.env.extend(env);
            self.ints.extend(ints);
            let f = self.iteration(label, body);
            self.env.truncate(n);
            self.ints.truncate(ni);
            if let Some(f) = f {
                return f;
            }
        }
        Flow::Next
    }
    /// One iteration of the loop labeled `label`: whether to stop it, and how.
    fn iteration(&mut self, label: &Option<String>, body: &[C]) -> Option<Flow> {
        self.steps += 1;
        self.ok &= self.steps <= 100_000;
        match self.scoped(&None, body, None) {
            Flow::Break(l) if l.is_none() || l == *label => Some(Flow::Next),
            Flow::Continue(l) if l.is_none() || l == *label => None,
            _ if !self.ok => Some(Flow::Next),
            Flow::Next => None,
            f => Some(f),
        }
    }
    fn range(&self, r: &Range) -> Vec<i64> {
        let b = |b: &Bound| match b {
            Bound::C(k) | Bound::Len(_, k) => *k,
            Bound::N(n) => self.int(n),
        };
        let (lo, hi) = (b(&r.lo), b(&r.hi) + i64::from(r.incl));
        let mut v: Vec<i64> = (lo..hi).collect();
        if r.rev {
            v.reverse();
        }
        v.into_iter().step_by(r.step as usize).collect()
    }
    fn c(&mut self, c: &C) -> Flow {
        match c {
            C::Let { name, e, .. } => {
                let v = self.e(e);
                self.env.push((name.clone(), v));
            }
            C::Set { name, ix, op, e } => {
                let r = self.e(e);
                let key = self.key(name, ix);
                let v = op.map_or(r, |op| op.eval(self.get(&key), r));
                self.set(&key, v);
            }
            C::IntLet(n) => self.ints.push((n.clone(), 0)),
            C::IntInc(n) => self.ints.iter_mut().rev().find(|(m, _)| m == n).unwrap().1 += 1,
            C::If { name, chain, els } => {
                let hit = chain.iter().find(|(c, _)| self.cond(c)).map(|(_, v)| v);
                return self.branch(name, hit.or(els.as_ref()));
            }
            C::Match { name, scrut, arms } => {
                let hit = arms.iter().find(|a| self.matches(scrut, a)).map(|a| &a.body);
                return self.branch(name, hit);
            }
            C::For { label, var, range, body } => {
                let iters = self.range(range).into_iter().map(|i| (vec![], vec![(var.clone(), i)]));
                return self.looping(label, iters.collect(), body);
            }
            C::ForEach { head, len, body } => {
                let iters = (0..*len).map(|k| {
                    let binds = head.binds().into_iter().zip(head.arrays());
                    let env =
                        binds.map(|(b, xs)| (b.name.clone(), self.get(&format!("{xs}[{k}]"))));
                    let idx = if let Head::Enumerate { idx, .. } = head {
                        vec![(idx.clone(), k as i64)]
                    } else {
                        vec![]
                    };
                    (env.collect(), idx)
                });
                return self.looping(&None, iters.collect(), body);
            }
            C::While(cond, body) => {
                while self.ok && self.cond(cond) {
                    if let Some(f) = self.iteration(&None, body) {
                        return f;
                    }
                }
            }
            C::Loop(body) => {
                while self.ok {
                    if let Some(f) = self.iteration(&None, body) {
                        return f;
                    }
                }
            }
            C::Break(l) => return Flow::Break(l.clone()),
            C::Continue(l) => return Flow::Continue(l.clone()),
            C::Return(e) => return Flow::Return(self.e(e)),
            C::LetArr { name, elems, .. } | C::LetMut { name, init: Init::Vals(elems) } => {
                for (k, e) in elems.iter().enumerate() {
                    let v = self.e(e);
                    self.env.push((format!("{name}[{k}]"), v));
                }
            }
            C::LetMut { name, init: Init::Fill(v, shape) } => {
                shape.keys().into_iter().for_each(|k| self.env.push((format!("{name}{k}"), *v)))
            }
            C::LetMut { name, init: Init::Splat(e, n) } => {
                let v = self.e(e);
                (0..*n).for_each(|k| self.env.push((format!("{name}[{k}]"), v)))
            }
            C::Replace { name, from, shape } => {
                for k in shape.keys() {
                    let v = self.get(&format!("{from}{k}"));
                    self.set(&format!("{name}{k}"), v);
                }
            }
            C::LetMut { name, init: Init::Copy(w, shape) } => {
                for k in shape.keys() {
                    let v = self.get(&format!("{w}{k}"));
                    self.env.push((format!("{name}{k}"), v));
                }
            }
        }
        Flow::Next
    }
}

/// The program's value and the kink margin at the flat point `p` and integers `k`;
/// NaN if an intermediate is not finite or huge.
pub fn run(prog: &Prog, p: &[f64], k: &[i32]) -> (f64, f64) {
    let mut run =
        Run { env: Vec::new(), ints: Vec::new(), margin: f64::INFINITY, ok: true, steps: 0 };
    let (mut at, mut ki) = (0, 0);
    for par in &prog.params {
        match par.kind {
            Kind::Int { .. } => {
                run.ints.push((par.name.clone(), i64::from(k[ki])));
                ki += 1;
            }
            _ => {
                for (j, key) in par.shape().keys().into_iter().enumerate() {
                    run.env.push((format!("{}{key}", par.name), p[at + j]));
                }
                at += par.shape().size();
            }
        }
    }
    let v = match run.seq(&prog.body) {
        Flow::Return(v) => v,
        _ if run.ok => run.e(&prog.tail),
        _ => f64::NAN,
    };
    if run.ok && v.is_finite() && v.abs() <= 1e4 {
        (v, run.margin)
    } else {
        (f64::NAN, 0.0)
    }
}

/// Central difference of `run` in direction `i` with step `h * max(1, |p_i|)`.
fn central(run: &dyn Fn(&[f64]) -> (f64, f64), p: &[f64], i: usize, h: f64) -> f64 {
    let h = h * p[i].abs().max(1.0);
    let (mut hi, mut lo) = (p.to_vec(), p.to_vec());
    hi[i] += h;
    lo[i] -= h;
    (run(&hi).0 - run(&lo).0) / (hi[i] - lo[i])
}

/// Whether `p` is a good sample point: finite, away from kinks, derivatives
/// moderate. `Some((fd, size))`: whether test-time finite differences are
/// reliable there, and the largest differentiated gradient component.
pub fn judge(
    run: &dyn Fn(&[f64]) -> (f64, f64),
    p: &[f64],
    wrt: &[usize],
    f32: bool,
) -> Option<(bool, f64)> {
    let (v, margin) = run(p);
    if !v.is_finite() || margin < if f32 { 2e-2 } else { 1e-3 } {
        return None;
    }
    let mut fd_ok = !f32;
    let mut size: f64 = 0.0;
    for i in 0..p.len() {
        let [d1, d2, d3] = [1e-3, 1e-4, 1e-6].map(|h| central(run, p, i, h));
        let s = d2.abs().max(1.0);
        if !(d1.is_finite() && d2.is_finite() && d3.is_finite())
            || d2.abs() > 1e4
            || (d1 - d2).abs() > 1e-3 * s
        {
            return None;
        }
        if (d1 - d2).abs() > 1e-5 * s || (d3 - d2).abs() > 1e-7 * s {
            fd_ok = false;
        }
        if wrt.contains(&i) {
            size = size.max(d2.abs());
        }
    }
    Some((fd_ok, size))
}
