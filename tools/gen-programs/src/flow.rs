//! Branches: conditions (comparisons of differentiated values, `&&`/`||`, tests of
//! integers), `if`/`else if`/`else` statements and expressions, `match` on an integer
//! (or-patterns, ranges, guards), an early `return`. Every branch is built from the
//! same state and the states are merged: intervals are joined, a value assigned in
//! some branch needs a read afterwards.

use crate::ast::{Arm, Cond, IntTest, Pat, Val, C, CMPS, E};
use crate::gen::{x, Var, G, X};
use crate::iv::{hull, Iv};
use crate::ops::Bin;

const THRESHOLDS: [f64; 12] = [
    -1.5, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0,
];
/// Largest runtime trip count `n`.
pub const NMAX: i64 = 6;
/// Largest value of the selector `m` at test time.
pub const MMAX: i64 = 7;

impl G {
    pub fn threshold(&mut self, iv: Iv) -> f64 {
        let inside: Vec<f64> = THRESHOLDS
            .into_iter()
            .filter(|&t| iv.lo < t && t < iv.hi)
            .collect();
        self.pick(if inside.is_empty() {
            &THRESHOLDS[..]
        } else {
            &inside
        })
    }
    /// A comparison of a differentiated value with a threshold or another value.
    fn fcmp(&mut self, cost: usize) -> Cond {
        let a = self.expr(cost, false);
        let a = self.active(a);
        let a = self.bound(a, 4.0);
        let op = self.pick(&CMPS);
        let b = if !self.scope.is_empty() && self.chance(30) {
            let b = self.any_var();
            if self.same(&a.e, &b.e) {
                E::Lit(self.threshold(a.iv))
            } else {
                b.e
            }
        } else {
            E::Lit(self.threshold(a.iv))
        };
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
        let (Cond::F(la, ..), Cond::F(lb, ..)) = (&a, &b) else {
            unreachable!()
        };
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
        make: &mut dyn FnMut(&mut G, usize) -> T,
    ) -> Vec<T> {
        let before = self.scope.clone();
        let from = self.assigned.len();
        let mut ends: Vec<Vec<Var>> = Vec::new();
        let mut out = Vec::new();
        let mut read: Vec<bool> = before.iter().map(|v| !v.unread).collect();
        for k in 0..n {
            let mut s = before.clone();
            for (v, &r) in s.iter_mut().zip(&read) {
                v.unread &= !r;
            }
            self.scope = s;
            out.push(make(self, k));
            for (r, v) in read.iter_mut().zip(&self.scope) {
                *r |= !v.unread;
            }
            ends.push(self.scope.clone());
        }
        if partial {
            ends.push(before.clone());
        }
        let assigned = self.assigned[from..].to_vec();
        let mut merged = before;
        for (k, v) in merged.iter_mut().enumerate() {
            let ivs: Vec<Iv> = ends.iter().map(|e| e[k].iv).collect();
            v.iv = hull(&ivs);
            if assigned.contains(&v.name) {
                v.unread = true;
                v.mutated = true;
            } else {
                v.unread = !read[k];
            }
        }
        self.scope = merged;
        out
    }
    /// Locals for a block at `ind`: zero to `most` `let`s, some reading an index.
    pub fn locals(&mut self, ind: usize, most: usize) -> Vec<C> {
        let k = self.below(most + 1);
        (0..k)
            .map(|_| {
                self.fit(ind, 2, &mut |g, c| {
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
    /// A branch value at `ind`: an expression, or a block with a local.
    pub fn val(&mut self, ind: usize, cost: usize) -> Val {
        let from = self.scope.len();
        let stmts = if self.chance(25) {
            self.locals(ind, 1)
        } else {
            Vec::new()
        };
        let xs = self.read_unread(from);
        let e = if xs.is_empty() {
            let e = self.expr(cost, true);
            self.active(e)
        } else {
            self.combine(xs, cost / 2)
        };
        let e = self.cap(e);
        self.mark(&e.e);
        self.scope.truncate(from);
        self.last_iv = e.iv;
        Val { stmts, e: e.e }
    }
    /// `n` branch values merged into a new `let` (its name and interval declared).
    fn vals(&mut self, n: usize, ind: usize, cost: usize) -> (String, Vec<Val>) {
        let mut ivs = Vec::new();
        let vals = self.branches(n, false, &mut |g, _| {
            let v = g.val(ind, cost);
            ivs.push(g.last_iv);
            v
        });
        let name = self.fresh_name();
        self.declare(name.clone(), hull(&ivs), false);
        (name, vals)
    }
    /// A new `let mut` (or, sometimes, a mutable already in scope) for branches to
    /// update; its `let` goes to `out`.
    fn target(&mut self, ind: usize, cost: usize, reuse: bool, out: &mut Vec<C>) -> String {
        let muts: Vec<String> = self
            .scope
            .iter()
            .filter(|v| v.mutable)
            .map(|v| v.name.clone())
            .collect();
        if reuse && !muts.is_empty() && self.chance(40) {
            return self.pick(&muts);
        }
        let s = self.fit(ind, cost, &mut |g, c| {
            let a = g.expr(c, false);
            Some(g.let_new(a, true))
        });
        out.push(s);
        self.scope.last().unwrap().name.clone()
    }
    /// `n` branch bodies at `ind`, each a local or two and an update of `target`.
    fn updates(
        &mut self,
        n: usize,
        partial: bool,
        target: &str,
        ind: usize,
        cost: usize,
    ) -> Vec<Vec<C>> {
        self.branches(n, partial, &mut |g, _| {
            let from = g.scope.len();
            let mut body = g.locals(ind, 1);
            let xs = g.read_unread(from);
            body.push(g.fit(ind, cost, &mut |g, c| g.update_once(target, xs.clone(), c)));
            g.scope.truncate(from);
            body
        })
    }
    /// `let mut v = ..; if c { v op= ..; } else if .. { .. } else { .. }`
    pub fn seg_if_stmt(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let mut out = Vec::new();
        let target = self.target(ind, cost, true, &mut out);
        let nconds = self.weighted(&[55, 35, 10]) + 1;
        let has_else = nconds > 1 || self.chance(60);
        let conds: Vec<Cond> = (0..nconds).map(|_| self.cond(1)).collect();
        let n = nconds + usize::from(has_else);
        let mut bodies = self.updates(n, !has_else, &target, ind + 4, cost);
        let els = if has_else { bodies.pop() } else { None };
        out.push(C::If(conds.into_iter().zip(bodies).collect(), els));
        out
    }
    /// `let v = if c { a } else if .. { b } else { c };`
    pub fn seg_if_expr(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let nconds = self.weighted(&[70, 30]) + 1;
        let conds: Vec<Cond> = (0..nconds)
            .map(|_| {
                if !self.ints.is_empty() && self.chance(30) {
                    let (v, iv) = self.pick(&self.ints.clone());
                    self.int_test(&v, iv)
                } else {
                    self.cond(1)
                }
            })
            .collect();
        let (name, mut vals) = self.vals(nconds + 1, ind + 4, cost);
        let els = vals.pop().unwrap();
        vec![C::LetIf {
            name,
            chain: conds.into_iter().zip(vals).collect(),
            els,
        }]
    }
    /// 2 to 4 disjoint patterns over `lo..=hi`.
    pub fn patterns(&mut self, lo: i64, hi: i64) -> Vec<Pat> {
        let mut used: Vec<i64> = Vec::new();
        let mut pats = Vec::new();
        let want = 2 + self.below(3);
        for _ in 0..40 {
            if pats.len() == want {
                break;
            }
            let free = |v: i64, used: &[i64]| (lo..=hi).contains(&v) && !used.contains(&v);
            let a = self.range(lo, hi);
            if !free(a, &used) {
                continue;
            }
            match self.below(3) {
                0 => {
                    let b = a + 2 + self.range(0, 2);
                    if free(b, &used) {
                        used.extend([a, b]);
                        pats.push(Pat::Or(a, b));
                    }
                }
                1 => {
                    let b = a + 1 + self.range(0, 1);
                    if (a..=b).all(|v| free(v, &used)) {
                        used.extend(a..=b);
                        pats.push(Pat::Range(a, b));
                    }
                }
                _ => {
                    used.push(a);
                    pats.push(Pat::Lit(a));
                }
            }
        }
        pats
    }
    /// `let v = match s { .. };` or a `match` statement updating a mutable: patterns,
    /// maybe a guard, then `_`.
    pub fn seg_match(&mut self, ind: usize, cost: usize, scrut: String, hi: i64) -> Vec<C> {
        self.used.push(scrut.clone());
        let mut pats = self.patterns(0, hi);
        let guard_at = self.chance(35).then(|| self.below(pats.len() + 1));
        if guard_at == Some(pats.len()) {
            pats.push(Pat::Wild);
        }
        pats.push(Pat::Wild);
        let n = pats.len();
        let heads: Vec<(Pat, Option<Cond>)> = pats
            .into_iter()
            .enumerate()
            .map(|(k, p)| (p, (Some(k) == guard_at).then(|| self.cond(0))))
            .collect();
        if self.chance(50) {
            let (name, vals) = self.vals(n, ind + 8, cost);
            return vec![C::LetMatch {
                name,
                scrut,
                arms: arms(heads, vals),
            }];
        }
        let mut out = Vec::new();
        let target = self.target(ind, cost, false, &mut out);
        let bodies = self.updates(n, false, &target, ind + 8, cost);
        out.push(C::Match {
            scrut,
            arms: arms(heads, bodies),
        });
        out
    }
    /// `if c { [let t = ..;] return ..; }` at function level.
    pub fn seg_return(&mut self, ind: usize, cost: usize) -> Vec<C> {
        let cond = self.cond(1);
        let unread: Vec<bool> = self.scope.iter().map(|v| v.unread).collect();
        let from = self.scope.len();
        let mut body = self.locals(ind + 4, 1);
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
        vec![C::If(vec![(cond, body)], None)]
    }
}

/// The arms of heads (patterns and guards) and bodies.
fn arms<T>(heads: Vec<(Pat, Option<Cond>)>, bodies: Vec<T>) -> Vec<Arm<T>> {
    heads
        .into_iter()
        .zip(bodies)
        .map(|((pat, guard), body)| Arm { pat, guard, body })
        .collect()
}
