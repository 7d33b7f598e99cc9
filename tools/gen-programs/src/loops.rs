//! Loops: `for` over constant and runtime ranges (`..=`, `.rev()`, `.step_by(2)`),
//! nested loops, `while` and `loop` with counters, `break`, `continue`. Loop-carried
//! variables are updated by shapes whose values stay bounded whatever the trip
//! count: squashed recurrences, bounded sums, products of factors near 1, decaying
//! averages.

use crate::ast::{bin, val, when, Arm, Bound, Cond, IntTest, Pat, Range, C, CMPS, E};
use crate::flow::NMAX;
use crate::gen::{G, X};
use crate::iv::Iv;
use crate::ops::Bin;
use crate::stmt::set;

/// How a loop-carried variable is updated: shapes that stay bounded.
#[derive(Clone, Copy, PartialEq)]
pub enum Upd {
    /// `v = squash(f(v, ..))`
    Recur,
    /// `v += t` with |t| <= 1
    Sum,
    /// `v *= 1.0 + t` with |t| <= 0.2
    Prod,
    /// `v = v * a + t` with |t| <= 1
    Decay(f64),
}

/// A loop-carried variable, how it is updated, and the interval it stays in.
#[derive(Clone)]
pub struct Carried {
    pub name: String,
    pub upd: Upd,
    pub inv: Iv,
}

/// The loop segments.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LoopKind {
    ForConst,
    ForN,
    While,
    Loop,
}

impl G {
    /// `ncar` loop-carried accumulators for a loop of at most `total` iterations:
    /// new `let mut` bindings (pushed to `out`) or existing mutables, each with an
    /// update shape, its interval set to what it stays in whatever the trip count.
    pub fn accumulators(
        &mut self,
        cost: usize,
        ncar: usize,
        total: usize,
        out: &mut Vec<C>,
    ) -> Vec<Carried> {
        let mut carried: Vec<Carried> = Vec::new();
        for _ in 0..ncar {
            let muts: Vec<String> = self
                .scope
                .iter()
                .filter(|v| v.mutable && !carried.iter().any(|c| c.name == v.name))
                .map(|v| v.name.clone())
                .collect();
            let name = if !muts.is_empty() && self.chance(30) {
                self.pick(&muts)
            } else {
                let s = self.fit(cost, &mut |g, c| {
                    let a = if g.chance(30) { g.lit() } else { g.expr(c, false) };
                    let a = g.bound(a, 2.0);
                    Some(g.let_new(a, true))
                });
                out.push(s);
                self.scope.last().unwrap().name.clone()
            };
            let upd = match self.weighted(&[35, 25, 15, 25]) {
                0 => Upd::Recur,
                1 => Upd::Sum,
                2 => Upd::Prod,
                _ => Upd::Decay(self.pick(&[0.5, 0.8, 0.9])),
            };
            let i = self.find(&name);
            let init = self.scope[i].iv;
            let t = total.max(1) as f64;
            let j = match upd {
                Upd::Recur => Iv::new(init.lo.min(-1.0), init.hi.max(1.0)),
                Upd::Sum => init.plus(Iv::new(-t, t)),
                Upd::Prod => {
                    let m = init.mag() * 1.2f64.powf(t);
                    Iv::new(-m, m)
                }
                Upd::Decay(a) => {
                    let m = init.mag().max(1.0 / (1.0 - a));
                    Iv::new(-m, m)
                }
            };
            self.scope[i].iv = j;
            carried.push(Carried { name, upd, inv: j });
        }
        carried
    }
    /// A loop update of the carried `c`: its interval stays the invariant.
    pub fn update_loop(&mut self, c: &Carried, extra: Vec<X>, cost: usize) -> Option<C> {
        let name = c.name.as_str();
        // a term in [-1, 1] reading `extra` (or something active), sometimes an index
        let term = |g: &mut G, r: f64| -> X {
            let t = if extra.is_empty() { g.operand(cost) } else { g.combine(extra.clone(), 0) };
            let t = match g.chance(25).then(|| g.idx()).flatten() {
                Some(ix) => {
                    let ix = g.bound(ix, 1.0);
                    let t = g.bound(t, 2.0);
                    g.binary(Bin::Mul, t, ix)
                }
                None => t,
            };
            g.bound(t, r)
        };
        let st = match c.upd {
            Upd::Recur => {
                let v = self.var(self.find(name));
                let mut a = self.reads(v, cost);
                if !extra.is_empty() || self.chance(20) {
                    let t = term(self, 1.0);
                    let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = self.binary(op, a, t);
                    a = self.cap(out);
                }
                let s = self.squash(a);
                let s = if s.iv.mag() > 1.0 { self.bound(s, 1.0) } else { s };
                set(name, None, s.e)
            }
            Upd::Sum => {
                let t = term(self, 1.0);
                let op = self.pick(&[Bin::Add, Bin::Sub]);
                set(name, Some(op), t.e)
            }
            Upd::Prod => {
                let t = term(self, 0.2);
                set(name, Some(Bin::Mul), bin(Bin::Add, E::Lit(1.0), t.e))
            }
            Upd::Decay(a) => {
                let t = term(self, 1.0);
                let v = bin(Bin::Mul, E::Var(name.to_string()), E::Lit(a));
                let e = if self.chance(50) { bin(Bin::Add, v, t.e) } else { bin(Bin::Add, t.e, v) };
                set(name, None, e)
            }
        };
        let C::Set { op, e, .. } = &st else { unreachable!() };
        if op.is_some() && !self.clean_rhs(name, e) {
            return None;
        }
        self.mark(e);
        self.set_assigned(name, None);
        Some(st)
    }
    /// A float test of the carried `name` against a threshold inside its interval.
    pub fn carried_cmp(&mut self, name: &str) -> Cond {
        let v = self.var(self.find(name));
        let t = self.threshold(v.iv);
        let op = self.pick(&CMPS);
        self.mark(&v.e);
        Cond::F(v.e, op, E::Lit(t))
    }
    /// A condition inside a loop: on the index/counter, or on a float value.
    fn loop_cond(&mut self, ivar: &str, idx_iv: Iv, carried: &[Carried]) -> Cond {
        match self.below(3) {
            0 => self.int_test(ivar, idx_iv),
            1 => {
                let c = self.pick(carried);
                self.carried_cmp(&c.name)
            }
            _ => self.cond(1),
        }
    }
    /// An update of `c`: directly, in an `if`/`else`, or in a `match` on the index.
    fn loop_update(
        &mut self,
        c: &Carried,
        extra: Vec<X>,
        cost: usize,
        (ivar, iv): (&str, Iv),
        carried: &[Carried],
    ) -> Vec<C> {
        let direct =
            |g: &mut G| val(vec![g.fit(cost, &mut |g, k| g.update_loop(c, extra.clone(), k))]);
        match self.weighted(&[60, 25, 15]) {
            0 => direct(self).stmts,
            1 => {
                let cond = self.loop_cond(ivar, iv, carried);
                let has_else = self.chance(65);
                let mut bodies =
                    self.branches(1 + usize::from(has_else), !has_else, &mut |g| direct(g));
                let els = if has_else { bodies.pop() } else { None };
                vec![C::If { name: None, chain: vec![(cond, bodies.pop().unwrap())], els }]
            }
            _ => {
                self.used.push(ivar.to_string());
                let mut pats = self.patterns(iv.lo as i64, iv.hi as i64);
                pats.push(Pat::Wild);
                let bodies = self.branches(pats.len(), false, &mut |g| direct(g));
                let arms =
                    pats.into_iter().zip(bodies).map(|(pat, body)| Arm { pat, guard: None, body });
                vec![C::Match { name: None, scrut: ivar.to_string(), arms: arms.collect() }]
            }
        }
    }
    /// The index variable as printed: `_` if nothing reads it.
    pub fn index_var(&mut self, ivar: String) -> String {
        if self.used.contains(&ivar) {
            ivar
        } else {
            "_".into()
        }
    }
    /// A loop of `kind` with its accumulators: maybe `continue` on a condition, locals,
    /// a `let v = if`, the updates, maybe a nested `for` (which may `break`/`continue`
    /// the outer loop by its label), maybe a `break`.
    pub fn seg_loop(&mut self, kind: LoopKind, cost: usize) -> Vec<C> {
        let mut out = Vec::new();
        let is_for = matches!(kind, LoopKind::ForConst | LoopKind::ForN);
        // the head: a range (for), or a counter and its bound (while, loop)
        let (range, trips, ivar, idx_iv, bound) = if is_for {
            let form = self.weighted(&[40, 20, 20, 20]);
            let (lo, hi_c) = match kind {
                LoopKind::ForN => (i64::from(form == 1), NMAX),
                _ => {
                    let lo = self.pick(&[0, 0, 1, 2]);
                    (lo, lo + 2 + self.range(0, 10))
                }
            };
            let hi = match &self.n {
                Some(n) if kind == LoopKind::ForN => Bound::N(n.clone()),
                _ => Bound::C(hi_c),
            };
            let step = if form == 3 { 2 } else { 1 };
            let r = Range { lo: Bound::C(lo), hi, incl: form == 1, rev: form == 2, step };
            let last = if form == 1 { hi_c } else { hi_c - 1 };
            let count = (last - lo + 1).max(0);
            let ivar = self.fresh_int(&["i", "j", "ii", "jj"]);
            let iv = Iv::new(lo as f64, last.max(lo) as f64);
            (Some(r), (count + step - 1) / step, ivar, iv, Ok(0))
        } else {
            let (bound, b) = match self.n.clone() {
                Some(n) if self.chance(40) => (Err(n), NMAX),
                _ => {
                    let b = 2 + self.range(0, 8);
                    (Ok(b), b)
                }
            };
            let counter = self.fresh_int(&["k", "it", "cnt", "steps"]);
            out.push(C::IntLet(counter.clone()));
            (None, b, counter, Iv::new(0.0, b as f64), bound)
        };
        let inner = (is_for && trips <= 6 && self.chance(25)).then(|| 2 + self.range(0, 2));
        let total = (trips.max(1) * (1 + inner.unwrap_or(0))) as usize;
        let ncar = 1 + usize::from(self.chance(35));
        let carried = self.accumulators(cost, ncar, total, &mut out);
        let head_cond = (kind == LoopKind::While).then(|| {
            let c = Cond::I(ivar.clone(), IntTest::Lt(bound.clone()));
            match self.chance(30) {
                true => Cond::And(Box::new(c), Box::new(self.carried_cmp(&carried[0].name))),
                false => c,
            }
        });
        self.ints.push((ivar.clone(), idx_iv));
        let scope_from = self.scope.len();
        let mut body = Vec::new();
        let counter_top = kind == LoopKind::While && self.chance(40);
        if counter_top {
            body.push(C::IntInc(ivar.clone()));
        }
        if (is_for || counter_top) && self.chance(30) {
            let c = self.loop_cond(&ivar, idx_iv, &carried);
            body.push(when(c, vec![C::Continue(None)], None));
        }
        body.extend(self.locals(2));
        if self.chance(15) {
            body.extend(self.retry(&mut |g, c| Some(g.seg_if_expr(c))));
        }
        let mut extra = self.read_unread(scope_from);
        for c in &carried {
            let e = std::mem::take(&mut extra);
            let iv = (ivar.as_str(), idx_iv);
            body.extend(self.retry(&mut |g, k| Some(g.loop_update(c, e.clone(), k, iv, &carried))));
        }
        let mut label = None;
        if let Some(t2) = inner {
            let jvar = self.fresh_int(&["j", "jj", "l"]);
            self.ints.push((jvar.clone(), Iv::new(0.0, (t2 - 1) as f64)));
            let c = self.pick(&carried);
            let mut ib = Vec::new();
            if self.chance(30) {
                self.used.push(jvar.clone());
                let m = self.pick(&[2, 3]);
                let t = IntTest::Mod(m, self.range(1, m - 1));
                ib.push(when(Cond::I(jvar.clone(), t), vec![C::Continue(None)], None));
            }
            ib.push(self.fit(cost, &mut |g, k| g.update_loop(&c, Vec::new(), k)));
            // a jump out of the nested loop, to the next iteration or the end of this one
            if self.chance(35) {
                label = Some("'outer".to_string());
                let jump = if self.chance(50) {
                    C::Break(label.clone())
                } else {
                    C::Continue(label.clone())
                };
                let cond = self.carried_cmp(&c.name);
                ib.push(when(cond, vec![jump], None));
            }
            self.ints.pop();
            let range =
                Range { lo: Bound::C(0), hi: Bound::C(t2), incl: false, rev: false, step: 1 };
            body.push(C::For { label: None, var: self.index_var(jvar), range, body: ib });
        }
        if kind != LoopKind::While && self.chance(25) {
            let c = self.pick(&carried);
            let cond = self.carried_cmp(&c.name);
            body.push(when(cond, vec![C::Break(None)], None));
        }
        if kind == LoopKind::While && !counter_top {
            body.push(C::IntInc(ivar.clone()));
        }
        if kind == LoopKind::Loop {
            body.push(C::IntInc(ivar.clone()));
            let c = Cond::I(ivar.clone(), IntTest::Ge(bound));
            let c = match self.chance(30) {
                true => Cond::Or(Box::new(c), Box::new(self.carried_cmp(&carried[0].name))),
                false => c,
            };
            body.push(when(c, vec![C::Break(None)], None));
        }
        self.ints.pop();
        self.end_loop(scope_from, &carried);
        out.push(match (range, head_cond) {
            (Some(range), _) => C::For { label, var: self.index_var(ivar), range, body },
            (None, Some(c)) => C::While(c, body),
            (None, None) => C::Loop(body),
        });
        out
    }
}
