//! Arrays: parameters `[f64; N]`, `[[f64; N]; M]` (and slices), read by constant
//! index (`w[2]`, `m[1][0]`), by loop index (`w[i]`, `m[i][j]`), by the array gates
//! `dot`, `logsumexp`, `softmax_cross_entropy`, `.iter().sum()`, `.iter().product()`;
//! arrays built from values (`let v = [a, b];`); index loops (`0..N`, `0..xs.len()`,
//! `.rev()`), nested loops over a matrix, loops over elements (`for &v in &xs`,
//! `xs.iter()`, `.enumerate()`, `.zip(..)`), `if`s comparing elements, each with
//! accumulators whose updates may branch on an element, `continue`, `break`, `return`.

use crate::ast::*;
use crate::checks::reads;
use crate::gen::{x, Arr, G, X};
use crate::iv::Iv;
use crate::loops::Carried;
use crate::ops::{ArrOp, Bin};

/// Names of the local arrays `let v = [..];`.
const LOCAL_ARRAYS: [&str; 6] = ["arr", "pair", "tri", "buf", "logits", "pts"];
/// Names of the elements bound by a loop over an array.
const ELEM_NAMES: [&str; 8] = ["v", "e", "el", "val", "wk", "xk", "ak", "bk"];

impl G {
    pub fn vectors(&self) -> Vec<Arr> {
        self.arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Vector(_)))
            .cloned()
            .collect()
    }
    /// A gate over the vector `a` (another vector of its length for `dot`); `dot`,
    /// `logsumexp` and `softmax_cross_entropy` take arrays, not slices.
    pub fn gate_leaf(&mut self, a: &Arr) -> X {
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let same: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|b| b.shape == a.shape && !b.slice)
            .cloned()
            .collect();
        let whole = !a.slice;
        let lse = Iv::new(
            a.ivs.iter().map(|v| v.lo).fold(f64::NEG_INFINITY, f64::max),
            a.ivs.iter().map(|v| v.hi).fold(f64::NEG_INFINITY, f64::max) + (n as f64).ln(),
        );
        let form = self.gate_form();
        let w = |on: bool, w: u32| if on { w } else { 0 };
        let arr = |op, names: Vec<String>, iv| x(E::Arr(op, names, n), iv);
        match self.weighted(&[
            w(whole, 30),
            w(whole, 25),
            20,
            w(n <= 4, 12),
            w(n >= 2 && whole, 12),
        ]) {
            0 => {
                let b = self.pick(&same);
                let iv = a
                    .ivs
                    .iter()
                    .zip(&b.ivs)
                    .fold(Iv::pt(0.0), |s, (x, y)| s.plus(x.times(*y)));
                arr(ArrOp::Dot(form), vec![a.name.clone(), b.name], iv)
            }
            1 => arr(ArrOp::LogSumExp(form), vec![a.name.clone()], lse),
            2 => arr(
                ArrOp::Sum,
                vec![a.name.clone()],
                a.ivs.iter().fold(Iv::pt(0.0), |s, v| s.plus(*v)),
            ),
            3 => arr(
                ArrOp::Product,
                vec![a.name.clone()],
                a.ivs.iter().fold(Iv::pt(1.0), |s, v| s.times(*v)),
            ),
            _ => {
                let label = self.below(n);
                let iv = Iv::new(0.0, (lse.hi - a.ivs[label].lo).max(0.0));
                arr(ArrOp::Xent(label), vec![a.name.clone()], iv)
            }
        }
    }
    /// The leaves expressions may read here: an element of each array by constant
    /// index, by the indices of the loops in scope that run over its length, and a
    /// gate over some of them.
    pub fn set_leaves(&mut self) {
        let mut leaves = Vec::new();
        let loops = self.loops.clone();
        for a in self.arrays.clone() {
            let el = |ix: Vec<Ix>, iv| x(E::Elem(a.name.clone(), ix), iv);
            match a.shape {
                Shape::Vector(n) => {
                    let k = self.below(n);
                    leaves.push(el(vec![Ix::C(k)], a.ivs[k]));
                    for (i, _) in loops.iter().filter(|l| l.1 == n) {
                        leaves.extend([0, 1].map(|_| el(vec![Ix::V(i.clone())], a.iv())));
                    }
                }
                Shape::Matrix(r, n) => {
                    let (kr, kn) = (self.below(r), self.below(n));
                    leaves.push(el(vec![Ix::C(kr), Ix::C(kn)], a.ivs[kr * n + kn]));
                    for (i, li) in &loops {
                        for (j, lj) in &loops {
                            if i != j && *li == r && *lj == n {
                                let ix = vec![Ix::V(i.clone()), Ix::V(j.clone())];
                                leaves.extend([0, 1, 2].map(|_| el(ix.clone(), a.iv())));
                            }
                        }
                        if *li == r {
                            leaves.push(el(vec![Ix::V(i.clone()), Ix::C(self.below(n))], a.iv()));
                        }
                        if *li == n {
                            leaves.push(el(vec![Ix::C(self.below(r)), Ix::V(i.clone())], a.iv()));
                        }
                    }
                }
                Shape::Scalar => unreachable!(),
            }
        }
        for a in self.vectors() {
            if self.chance(30) {
                leaves.push(self.gate_leaf(&a));
            }
        }
        self.leaves = leaves;
    }

    /// `let v = [e0, e1, ..];` (then in scope as an array).
    fn seg_let(&mut self, cost: usize) -> Option<Vec<C>> {
        let k = self.pick(&[2, 2, 3, 3, 4, 5]);
        let mut elems: Vec<X> = (0..k)
            .map(|_| {
                let c = self.below(cost.min(2) + 1);
                let e = self.expr(c, true);
                self.bound(e, 3.0)
            })
            .collect();
        if !elems.iter().any(|e| has_var(&e.e)) {
            let e = self.expr(1, false);
            let e = self.active(e);
            elems[0] = self.bound(e, 3.0);
        }
        elems.iter().for_each(|e| self.mark(&e.e));
        let name = self.fresh_int(&LOCAL_ARRAYS);
        self.arrays.push(Arr {
            name: name.clone(),
            shape: Shape::Vector(k),
            ivs: elems.iter().map(|e| e.iv).collect(),
            slice: false,
            mutable: None,
        });
        let elems = elems.into_iter().map(|e| e.e).collect();
        Some(vec![C::LetArr { name, elems }])
    }
    /// Accumulators for a loop of `trips` iterations (their `let`s pushed to `out`).
    pub fn arr_accumulators(
        &mut self,
        ind: usize,
        cost: usize,
        trips: usize,
        out: &mut Vec<C>,
    ) -> (Vec<Carried>, Vec<Iv>) {
        let ncar = 1 + usize::from(self.chance(30));
        self.accumulators(ind, cost, ncar, trips, out)
    }
    /// Conditions a loop body may branch on: elements it reads (a reference `v`
    /// as `v * 1.5`: `v > t` would not compile).
    pub fn cond_leaves(&self) -> Vec<X> {
        let looped =
            |l: &&X| matches!(&l.e, E::Elem(_, ix) if ix.iter().any(|i| matches!(i, Ix::V(_))));
        let mut out: Vec<X> = self.leaves.iter().filter(looped).cloned().collect();
        for v in self.scope.iter().filter(|v| self.refs.contains(&v.name)) {
            out.push(x(
                bin(Bin::Mul, E::Var(v.name.clone()), E::Lit(1.5)),
                v.iv.times(Iv::pt(1.5)),
            ));
        }
        out
    }
    /// A comparison of one of `conds` (maybe combined with another value) with a
    /// threshold inside its range.
    pub fn elem_cond(&mut self, conds: &[X]) -> Cond {
        let a = self.pick(conds);
        let a = if self.chance(30) {
            let b = self.expr(0, false);
            let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
            self.binary(op, a, b)
        } else {
            a
        };
        let a = self.bound(a, 4.0);
        let t = self.threshold(a.iv);
        let op = self.pick(&CMPS);
        self.mark(&a.e);
        Cond::F(a.e, op, E::Lit(t))
    }
    /// An update of the accumulator `c` at `ind`: directly, or in an `if`/`else` on
    /// an element (one of `conds`) or on an accumulator.
    pub fn update(
        &mut self,
        c: &Carried,
        extra: Vec<X>,
        ind: usize,
        cost: usize,
        carried: &[Carried],
        conds: &[X],
    ) -> Option<Vec<C>> {
        let direct = |g: &mut G, ind: usize| {
            g.try_fit(ind, cost, 32, &mut |g, k| {
                g.update_loop(c, extra.clone(), k)
            })
            .map(|s| vec![s])
        };
        let k = self.weighted(&[55, if conds.is_empty() { 0 } else { 35 }, 10]);
        if k == 0 {
            return direct(self, ind);
        }
        let cond = if k == 1 {
            self.elem_cond(conds)
        } else {
            let c = self.pick(carried);
            self.carried_cmp(&c.name)
        };
        let has_else = self.chance(60);
        let bodies = self.branches(1 + usize::from(has_else), !has_else, &mut |g, _| {
            direct(g, ind + 4)
        });
        let mut bodies: Vec<Vec<C>> = bodies.into_iter().collect::<Option<_>>()?;
        let els = if has_else { bodies.pop() } else { None };
        Some(vec![C::If(vec![(cond, bodies.pop()?)], els)])
    }
    /// Updates of each of `carried` at `ind`, the first reading `extra`.
    pub fn updates_of(
        &mut self,
        carried: &[Carried],
        mut extra: Vec<X>,
        ind: usize,
    ) -> Option<Vec<C>> {
        let conds = self.cond_leaves();
        let mut out = Vec::new();
        for c in carried {
            let e = std::mem::take(&mut extra);
            out.extend(self.attempt(ind, 48, &mut |g, k| {
                g.update(c, e.clone(), ind, k, carried, &conds)
            })?);
        }
        Some(out)
    }
    /// The body of a loop at `ind`: maybe `if <element test> { continue; }`, locals,
    /// an update of each accumulator (the first reading `extra` and the body's
    /// unread locals), then maybe a `break` on an accumulator or a `return` on an
    /// element. `from` is where the loop's own bindings start in scope.
    pub fn loop_body(
        &mut self,
        ind: usize,
        carried: &[Carried],
        extra: Vec<X>,
        from: usize,
    ) -> Option<Vec<C>> {
        self.set_leaves();
        let conds = self.cond_leaves();
        let mut body = Vec::new();
        if !conds.is_empty() && self.chance(15) {
            let cond = self.elem_cond(&conds);
            body.push(C::If(vec![(cond, vec![C::Continue])], None));
        }
        body.extend(self.locals(ind, 1));
        let mut extra0 = self.read_unread(from);
        extra0.extend(extra);
        body.extend(self.updates_of(carried, extra0, ind)?);
        match self.weighted(&[80, 12, if conds.is_empty() { 0 } else { 8 }]) {
            1 => {
                let c = self.pick(carried);
                let cond = self.carried_cmp(&c.name);
                body.push(C::If(vec![(cond, vec![C::Break])], None));
            }
            2 => {
                let cond = self.elem_cond(&conds);
                let c = self.pick(carried);
                let v = self.var(self.find(&c.name));
                let e = self.combine(vec![v], 1);
                let e = self.cap(e);
                self.mark(&e.e);
                body.push(C::If(vec![(cond, vec![C::Return(e.e)])], None));
            }
            _ => {}
        }
        Some(body)
    }
    /// Ends a loop: its scope goes, its accumulators hold their invariants.
    pub fn end_loop(&mut self, from: usize, carried: &[Carried], inv: Vec<Iv>) {
        self.scope.truncate(from);
        for (c, j) in carried.iter().zip(inv) {
            self.set_assigned(&c.name, Some(j));
        }
    }
    /// Enters a loop over `0..n` with index `ivar` starting at `lo`.
    pub fn enter(&mut self, ivar: &str, lo: usize, n: usize) {
        self.ints
            .push((ivar.to_string(), Iv::new(lo as f64, (n - 1) as f64)));
        self.loops.push((ivar.to_string(), n));
    }
    pub fn leave(&mut self) {
        self.ints.pop();
        self.loops.pop();
    }
    /// A range over `0..n` (or `1..n`), its bound a literal or `xs.len()` (always for
    /// a slice, whose length is only known at run time), maybe reversed; its start.
    pub fn arr_range(&mut self, xs: &str, n: usize, may_skip: bool) -> (Range, usize) {
        let lo = usize::from(may_skip && n >= 2 && self.chance(12));
        let slice = self.arrays.iter().any(|a| a.name == xs && a.slice);
        let hi = if self.chance(45) || slice {
            Bound::Len(xs.to_string(), n as i64)
        } else {
            Bound::C(n as i64)
        };
        let rev = self.chance(25);
        (
            Range {
                lo: Bound::C(lo as i64),
                hi,
                incl: false,
                rev,
                step: 1,
            },
            lo,
        )
    }
    /// The index variable as printed: `_` if nothing reads it.
    pub fn arr_index(&mut self, ivar: String, body: &[C]) -> String {
        if reads(body).1.contains(&ivar) {
            self.used.push(ivar.clone());
        }
        self.index_var(ivar)
    }
    /// `let mut s = ..; for i in 0..N { .. xs[i] .. s += ..; }`
    fn seg_index_loop(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let a = self.pick(&self.vectors());
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let (range, lo) = self.arr_range(&a.name, n, true);
        let mut out = Vec::new();
        let (carried, inv) = self.arr_accumulators(ind, cost, n - lo, &mut out);
        let ivar = self.fresh_int(&["i", "j", "k", "ii", "jj"]);
        self.enter(&ivar, lo, n);
        let from = self.scope.len();
        let read = E::Elem(a.name.clone(), vec![Ix::V(ivar.clone())]);
        let body = self.loop_body(ind + 4, &carried, vec![x(read, a.iv())], from)?;
        self.leave();
        self.end_loop(from, &carried, inv);
        out.push(C::For {
            var: self.arr_index(ivar, &body),
            range,
            body,
        });
        Some(out)
    }
    /// Two loops, the inner one with its own accumulator: over a matrix's rows and
    /// columns (the columns' bound `n` or `xs.len()` of a vector that long), or over
    /// two vectors.
    fn seg_nested(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let mats: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Matrix(..)))
            .cloned()
            .collect();
        let vecs = self.vectors();
        let (outer, inner, mat) = if !mats.is_empty() && self.chance(85) {
            let m = self.pick(&mats);
            let Shape::Matrix(r, n) = m.shape else {
                unreachable!()
            };
            let cols: Vec<String> = vecs
                .iter()
                .filter(|a| a.shape == Shape::Vector(n))
                .map(|a| a.name.clone())
                .collect();
            let col = if cols.is_empty() {
                String::new()
            } else {
                self.pick(&cols)
            };
            ((m.name.clone(), r), (col, n), Some(m))
        } else {
            let (a, b) = (self.pick(&vecs), self.pick(&vecs));
            let (Shape::Vector(p), Shape::Vector(q)) = (a.shape, b.shape) else {
                unreachable!()
            };
            ((a.name, p), (b.name, q), None)
        };
        let (orange, _) = self.arr_range(&outer.0, outer.1, false);
        let (mut irange, _) = self.arr_range(&inner.0, inner.1, false);
        if inner.0.is_empty() {
            irange.hi = Bound::C(inner.1 as i64);
        }
        let mut out = Vec::new();
        let (carried, inv) = self.arr_accumulators(ind, cost, outer.1, &mut out);
        let ivar = self.fresh_int(&["i", "ii", "r", "row"]);
        self.enter(&ivar, 0, outer.1);
        let from = self.scope.len();
        // the outer body: locals, the inner accumulator and loop, the updates
        self.set_leaves();
        let mut body = self.locals(ind + 4, 1);
        let (icarried, iinv) = self.arr_accumulators(ind + 4, cost, inner.1, &mut body);
        let jvar = self.fresh_int(&["j", "jj", "col", "cc"]);
        self.enter(&jvar, 0, inner.1);
        let ifrom = self.scope.len();
        let first = match &mat {
            Some(m) => x(
                E::Elem(
                    m.name.clone(),
                    vec![Ix::V(ivar.clone()), Ix::V(jvar.clone())],
                ),
                m.iv(),
            ),
            None => x(
                E::Elem(inner.0.clone(), vec![Ix::V(jvar.clone())]),
                Iv::new(-1.9, 1.9),
            ),
        };
        let ibody = self.loop_body(ind + 8, &icarried, vec![first], ifrom)?;
        self.leave();
        self.end_loop(ifrom, &icarried, iinv);
        body.push(C::For {
            var: self.arr_index(jvar, &ibody),
            range: irange,
            body: ibody,
        });
        self.set_leaves();
        let mut extra = self.read_unread(from);
        if mat.is_none() {
            extra.push(x(
                E::Elem(outer.0.clone(), vec![Ix::V(ivar.clone())]),
                Iv::new(-1.9, 1.9),
            ));
        }
        body.extend(self.updates_of(&carried, extra, ind + 4)?);
        self.leave();
        self.end_loop(from, &carried, inv);
        out.push(C::For {
            var: self.arr_index(ivar, &body),
            range: orange,
            body,
        });
        Some(out)
    }
    /// `for &v in &xs`, `for v in xs.iter()`, `for (i, &v) in xs.iter().enumerate()`,
    /// `for (a, b) in xs.iter().zip(ys.iter())`, with accumulators.
    fn seg_elem_loop(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let vecs = self.vectors();
        let a = self.pick(&vecs);
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let partners: Vec<Arr> = vecs
            .iter()
            .filter(|b| b.shape == a.shape && b.name != a.name)
            .cloned()
            .collect();
        let kind = self.weighted(&[40, 25, if partners.is_empty() { 0 } else { 50 }]);
        let mut out = Vec::new();
        let (carried, inv) = self.arr_accumulators(ind, cost, n, &mut out);
        let from = self.scope.len();
        let bind = |g: &mut G, arr: &Arr| {
            let name = g.fresh_int(&ELEM_NAMES);
            let by_ref = g.chance(40);
            g.declare(name.clone(), arr.iv(), false);
            if by_ref {
                g.refs.push(name.clone());
            }
            Bind { name, by_ref }
        };
        let mut extra = Vec::new();
        let head = match kind {
            0 => {
                let bind = bind(self, &a);
                // `for &v in &w` does not iterate a slice `w: &[f64]` (`&&[f64]`)
                let iter = self.chance(50) || a.slice;
                Head::Elems {
                    bind,
                    xs: a.name.clone(),
                    iter,
                }
            }
            1 => {
                let idx = self.fresh_int(&["i", "j", "k", "ii"]);
                let bind = bind(self, &a);
                self.enter(&idx, 0, n);
                self.used.push(idx.clone());
                // the index is read: as a number, or to index another array
                extra.push(if !partners.is_empty() && self.chance(60) {
                    let b = self.pick(&partners);
                    x(E::Elem(b.name.clone(), vec![Ix::V(idx.clone())]), b.iv())
                } else {
                    let cast = x(E::Cast(idx.clone()), Iv::new(0.0, (n - 1) as f64));
                    self.bound(cast, 1.0)
                });
                Head::Enumerate {
                    idx,
                    bind,
                    xs: a.name.clone(),
                }
            }
            _ => {
                let b = self.pick(&partners);
                let (ba, bb) = (bind(self, &a), bind(self, &b));
                Head::Zip {
                    a: ba,
                    xs: a.name.clone(),
                    b: bb,
                    ys: b.name,
                }
            }
        };
        let body = self.loop_body(ind + 4, &carried, extra, from)?;
        if kind == 1 {
            self.leave();
        }
        for b in head.binds() {
            self.refs.retain(|r| *r != b.name);
        }
        self.end_loop(from, &carried, inv);
        out.push(C::ForEach { head, len: n, body });
        Some(out)
    }
    /// An array segment: `0` straight-line statements reading arrays, `1` `let v =
    /// [..]`, `2` an index loop, `3` nested loops, `4` a loop over elements, `5` an
    /// `if` comparing elements.
    pub fn arr_segment(&mut self, seg: usize, ind: usize, cost: usize) -> Option<Vec<C>> {
        self.set_leaves();
        match seg {
            0 => {
                let k = 1 + self.below(2);
                let out: Vec<C> = (0..k)
                    .map(|_| {
                        let want = 1 + self.below(4);
                        self.fit(ind, want, &mut |g, c| g.statement(c))
                    })
                    .collect();
                (!reads(&out).0.is_empty()).then_some(out)
            }
            1 => self.seg_let(cost),
            2 => self.seg_index_loop(ind, cost),
            3 => self.seg_nested(ind, cost),
            4 => self.seg_elem_loop(ind, cost),
            _ => {
                let cs = if self.chance(50) {
                    self.seg_if_stmt(ind, cost)
                } else {
                    self.seg_if_expr(ind, cost)
                };
                let cond_reads = |c: &Cond| {
                    !reads(&[C::If(vec![(c.clone(), vec![])], None)])
                        .0
                        .is_empty()
                };
                let elem = cs.iter().any(|c| match c {
                    C::If(chain, _) => chain.iter().any(|(c, _)| cond_reads(c)),
                    C::LetIf { chain, .. } => chain.iter().any(|(c, _)| cond_reads(c)),
                    _ => false,
                });
                elem.then_some(cs)
            }
        }
    }
}
