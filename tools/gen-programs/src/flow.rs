//! Branches: conditions (comparisons of differentiated values, `&&`/`||`, tests of
//! integers), `if`/`else if`/`else` statements and expressions, `match` on an integer
//! (or-patterns, ranges, guards), an early `return`. Every branch is built from the
//! same state and the states are merged: intervals are joined, a value assigned in
//! some branch needs a read afterwards.

use crate::ast::*;
use crate::gen::{x, Var, G, X};
use crate::iv::{hull, Iv};
use crate::ops::Bin;

const THRESHOLDS: [f64; 12] = [-1.5, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0];
/// Largest runtime trip count `n`.
pub const NMAX: i64 = 6;
/// Largest value of the selector `m` at test time.
pub const MMAX: i64 = 7;

impl G {
    pub fn threshold(&mut self, iv: Iv) -> f64 {
        let inside: Vec<f64> = THRESHOLDS.into_iter().filter(|&t| iv.lo < t && t < iv.hi).collect();
        self.pick(if inside.is_empty() { &THRESHOLDS[..] } else { &inside })
    }
    /// A comparison of a differentiated value with a threshold or another value.
    fn fcmp(&mut self, cost: usize) -> Cond {
        let a = self.operand(cost);
        let a = self.bound(a, 4.0);
        let op = self.pick(&CMPS);
        let b = match self.scope.is_empty() || !self.chance(30) {
            false => Some(self.any_var().e).filter(|b| !self.same(&a.e, b)),
            true => None,
        };
        let b = b.unwrap_or_else(|| E::Lit(self.threshold(a.iv)));
        self.mark(&a.e);
        self.mark(&b);
        Cond::F(a.e, op, b)
    }
    /// A float condition, sometimes two comparisons joined by `&&` or `||`.
    pub fn cond(&mut self, cost: usize) -> Cond {
        let a = self.fcmp(cost);
        if !self.chance(25) {
            return a;
        }
        let b = self.fcmp(0);
        let (Cond::F(la, ..), Cond::F(lb, ..)) = (&a, &b) else { unreachable!() };
        if self.same(la, lb) {
            a
        } else if self.chance(50) {
            Cond::And(Box::new(a), Box::new(b))
        } else {
            Cond::Or(Box::new(a), Box::new(b))
        }
    }
    /// A test of the integer variable `v` in `iv`.
    pub fn int_test(&mut self, v: &str, iv: Iv) -> Cond {
        self.used.push(v.to_string());
        let (lo, hi) = (iv.lo as i64, iv.hi as i64);
        let t = match self.below(4) {
            0 if hi > lo => IntTest::Lt(Ok(self.range(lo + 1, hi))),
            1 if hi > lo => IntTest::Ge(Ok(self.range(lo + 1, hi))),
            2 => IntTest::Eq(self.range(lo, hi)),
            _ => {
                let m = self.pick(&[2, 3]);
                IntTest::Mod(m, self.range(1, m - 1))
            }
        };
        Cond::I(v.to_string(), t)
    }
    /// An index leaf `i as f64`, if an integer variable is in scope.
    pub fn idx(&mut self) -> Option<X> {
        if self.ints.is_empty() {
            return None;
        }
        let (n, iv) = self.pick(&self.ints.clone());
        self.used.push(n.clone());
        Some(x(E::Cast(n), iv))
    }

    /// Runs `make` once per branch from the same state and merges the branches:
    /// intervals are joined (with the state before, if `partial`), names assigned in
    /// some branch need a read afterwards, reads anywhere count.
    pub fn branches<T>(
        &mut self,
        n: usize,
        partial: bool,
        make: &mut dyn FnMut(&mut G) -> T,
    ) -> Vec<T> {
        let before = self.scope.clone();
        let from = self.assigned.len();
        let mut ends: Vec<Vec<Var>> = Vec::new();
        let mut read: Vec<bool> = before.iter().map(|v| !v.unread).collect();
        let out = (0..n)
            .map(|_| {
                self.scope = before.clone();
                for (v, &r) in self.scope.iter_mut().zip(&read) {
                    v.unread &= !r;
                }
                let t = make(self);
                for (r, v) in read.iter_mut().zip(&self.scope) {
                    *r |= !v.unread;
                }
                ends.push(self.scope.clone());
                t
            })
            .collect();
        if partial {
            ends.push(before.clone());
        }
        let assigned = self.assigned[from..].to_vec();
        self.scope = before;
        for (k, v) in self.scope.iter_mut().enumerate() {
            v.iv = hull(&ends.iter().map(|e| e[k].iv).collect::<Vec<_>>());
            v.unread = assigned.contains(&v.name) || !read[k];
            v.mutated |= assigned.contains(&v.name);
        }
        out
    }
    /// Zero to `most` `let`s, some reading an index.
    pub fn locals(&mut self, most: usize) -> Vec<C> {
        let k = self.below(most + 1);
        (0..k)
            .map(|_| {
                self.fit(2, &mut |g, c| {
                    let a = g.expr(c, false);
                    let a = match g.chance(30).then(|| g.idx()).flatten() {
                        Some(ix) => {
                            let op = g.pick(&[Bin::Add, Bin::Mul, Bin::Sub]);
                            let out = g.binary(op, a, ix);
                            g.cap(out)
                        }
                        None => a,
                    };
                    Some(g.let_new(a, false))
                })
            })
            .collect()
    }
    /// A branch value: an expression, or a block with a local.
    fn value(&mut self, cost: usize) -> Val {
        let from = self.scope.len();
        let stmts = if self.chance(25) { self.locals(1) } else { Vec::new() };
        let xs = self.read_unread(from);
        let e = if xs.is_empty() { self.operand(cost) } else { self.combine(xs, cost / 2) };
        let e = self.cap(e);
        self.mark(&e.e);
        self.scope.truncate(from);
        self.last_iv = e.iv;
        Val { stmts, e: Some(e.e) }
    }
    /// `n` branch values for a new `let` (its name and interval declared).
    fn values(&mut self, n: usize, cost: usize) -> (Option<String>, Vec<Val>) {
        let mut ivs = Vec::new();
        let vals = self.branches(n, false, &mut |g| {
            let v = g.value(cost);
            ivs.push(g.last_iv);
            v
        });
        let name = self.fresh_name();
        self.declare(name.clone(), hull(&ivs), false);
        (Some(name), vals)
    }
    /// A new `let mut` (or, if `reuse`, maybe a mutable already in scope) for branches
    /// to update; its `let` goes to `out`.
    fn target(&mut self, cost: usize, reuse: bool, out: &mut Vec<C>) -> String {
        let muts: Vec<String> =
            self.scope.iter().filter(|v| v.mutable).map(|v| v.name.clone()).collect();
        if reuse && !muts.is_empty() && self.chance(40) {
            return self.pick(&muts);
        }
        out.push(self.fit(cost, &mut |g, c| {
            let a = g.expr(c, false);
            Some(g.let_new(a, true))
        }));
        self.scope.last().unwrap().name.clone()
    }
    /// `n` branches, each a local or two and an update of `target`.
    fn updates(&mut self, n: usize, partial: bool, target: &str, cost: usize) -> Vec<Val> {
        self.branches(n, partial, &mut |g| {
            let from = g.scope.len();
            let mut body = g.locals(1);
            let xs = g.read_unread(from);
            body.push(g.fit(cost, &mut |g, c| g.update_once(target, xs.clone(), c)));
            g.scope.truncate(from);
            val(body)
        })
    }
    /// `let mut v = ..; if c { v op= ..; } else if .. { .. } else { .. }`
    pub fn seg_if_stmt(&mut self, cost: usize) -> Vec<C> {
        let mut out = Vec::new();
        let target = self.target(cost, true, &mut out);
        let nconds = self.weighted(&[55, 35, 10]) + 1;
        let has_else = nconds > 1 || self.chance(60);
        let conds: Vec<Cond> = (0..nconds).map(|_| self.cond(1)).collect();
        let mut bodies = self.updates(nconds + usize::from(has_else), !has_else, &target, cost);
        let els = if has_else { bodies.pop() } else { None };
        out.push(C::If { name: None, chain: conds.into_iter().zip(bodies).collect(), els });
        out
    }
    /// `let v = if c { a } else if .. { b } else { c };`
    pub fn seg_if_expr(&mut self, cost: usize) -> Vec<C> {
        let nconds = self.weighted(&[70, 30]) + 1;
        let conds: Vec<Cond> = (0..nconds)
            .map(|_| match self.ints.is_empty() || !self.chance(30) {
                true => self.cond(1),
                false => {
                    let (v, iv) = self.pick(&self.ints.clone());
                    self.int_test(&v, iv)
                }
            })
            .collect();
        let (name, mut vals) = self.values(nconds + 1, cost);
        let els = vals.pop();
        vec![C::If { name, chain: conds.into_iter().zip(vals).collect(), els }]
    }
    /// 2 to 4 disjoint patterns over `lo..=hi`.
    pub fn patterns(&mut self, lo: i64, hi: i64) -> Vec<Pat> {
        let mut used: Vec<i64> = Vec::new();
        let mut pats = Vec::new();
        let want = 2 + self.below(3);
        for _ in 0..40 {
            let free = |v: i64, used: &[i64]| (lo..=hi).contains(&v) && !used.contains(&v);
            if pats.len() == want {
                break;
            }
            let a = self.range(lo, hi);
            if !free(a, &used) {
                continue;
            }
            let (pat, all): (Pat, Vec<i64>) = match self.below(3) {
                0 => {
                    let b = a + 2 + self.range(0, 2);
                    (Pat::Or(a, b), vec![a, b])
                }
                1 => {
                    let b = a + 1 + self.range(0, 1);
                    (Pat::Range(a, b), (a..=b).collect())
                }
                _ => (Pat::Lit(a), vec![a]),
            };
            if all.iter().all(|&v| free(v, &used)) {
                used.extend(all);
                pats.push(pat);
            }
        }
        pats
    }
    /// `let v = match s { .. };` or a `match` statement updating a mutable: patterns,
    /// maybe a guard, then `_`.
    pub fn seg_match(&mut self, cost: usize, scrut: String, hi: i64) -> Vec<C> {
        self.used.push(scrut.clone());
        let mut pats = self.patterns(0, hi);
        let guard_at = self.chance(35).then(|| self.below(pats.len() + 1));
        if guard_at == Some(pats.len()) {
            pats.push(Pat::Wild);
        }
        pats.push(Pat::Wild);
        let guards: Vec<Option<Cond>> =
            (0..pats.len()).map(|k| (Some(k) == guard_at).then(|| self.cond(0))).collect();
        let mut out = Vec::new();
        let (name, bodies) = if self.chance(50) {
            self.values(pats.len(), cost)
        } else {
            let target = self.target(cost, false, &mut out);
            (None, self.updates(pats.len(), false, &target, cost))
        };
        let arms = pats.into_iter().zip(guards).zip(bodies);
        let arms = arms.map(|((pat, guard), body)| Arm { pat, guard, body }).collect();
        out.push(C::Match { name, scrut, arms });
        out
    }
    /// `if c { [let t = ..;] return ..; }` at function level.
    pub fn seg_return(&mut self, cost: usize) -> Vec<C> {
        let cond = self.cond(1);
        let unread: Vec<bool> = self.scope.iter().map(|v| v.unread).collect();
        let from = self.scope.len();
        let mut body = self.locals(1);
        let mut xs = self.read_unread(from);
        let i = self.below(from);
        xs.push(self.var(i));
        let e = self.combine(xs, cost);
        let e = self.cap(e);
        self.mark(&e.e);
        self.scope.truncate(from);
        for (v, u) in self.scope.iter_mut().zip(unread) {
            v.unread = u;
        }
        body.push(C::Return(e.e));
        vec![when(cond, body, None)]
    }
}
