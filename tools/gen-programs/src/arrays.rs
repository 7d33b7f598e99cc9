//! Arrays: parameters `[f64; N]`, `[[f64; N]; M]` (and slices), read through the
//! leaves of `leaves.rs` (elements, gates over vectors, chains); arrays built from values (`let v = [a, b];`); index loops (`0..N`, `0..xs.len()`,
//! `.rev()`), nested loops over a matrix, loops over elements (`for &v in &xs`,
//! `xs.iter()`, `.enumerate()`, `.zip(..)`), `if`s comparing elements, each with
//! accumulators whose updates may branch on an element, `continue`, `break`, `return`.

use crate::ast::*;
use crate::checks::reads;
use crate::gen::{x, Arr, G, X};
use crate::iv::Iv;
use crate::loops::Carried;
use crate::ops::Bin;

/// Names of the local arrays `let v = [..];`.
const LOCAL_ARRAYS: [&str; 6] = ["arr", "pair", "tri", "buf", "logits", "pts"];
/// Names of the elements bound by a loop over an array.
const ELEM_NAMES: [&str; 8] = ["v", "e", "el", "val", "wk", "xk", "ak", "bk"];
/// Names of loop indices.
pub const INDICES: [&str; 5] = ["i", "j", "k", "ii", "jj"];

/// The body of a loop, given its index, its accumulators and where its own bindings
/// start in scope.
pub type LoopBody<'a> = &'a mut dyn FnMut(&mut G, &str, &[Carried], usize) -> Option<Vec<C>>;

impl G {
    /// `k` values in [-3, 3] of about `cost` gates each, one reading a variable.
    pub fn elements(&mut self, k: usize, cost: usize) -> Vec<X> {
        let mut elems: Vec<X> = (0..k)
            .map(|_| {
                let c = self.split(cost).0;
                let e = self.expr(c, true);
                self.bound(e, 3.0)
            })
            .collect();
        if !elems.iter().any(|e| has_var(&e.e)) {
            let e = self.operand(cost.min(1));
            elems[0] = self.bound(e, 3.0);
        }
        elems
    }
    /// `let v = [e0, e1, ..];` (then in scope as an array), or (`vec`) `let v =
    /// vec![e0, e1, ..];`, a `Vec` local, read as a slice is: only as the function's
    /// first statement, since `#[differentiate]` wants a `Vec` outside loops and
    /// branches (and the statements after an early `return` are in one).
    pub fn seg_let(&mut self, cost: usize, vec: bool) -> Option<Vec<C>> {
        let k = self.pick(&[2, 2, 3, 3, 4, 5]);
        let elems = self.elements(k, cost.min(2));
        elems.iter().for_each(|e| self.mark(&e.e));
        let name = self.fresh_int(&LOCAL_ARRAYS);
        let ivs = elems.iter().map(|e| e.iv).collect();
        self.arrays.push(Arr {
            name: name.clone(),
            shape: Shape::Vector(k),
            ivs,
            slice: vec,
            mutable: None,
        });
        Some(vec![C::LetArr { name, elems: elems.into_iter().map(|e| e.e).collect(), vec }])
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
        let a = match self.chance(30) {
            true => {
                let (b, op) = (self.expr(0, false), self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]));
                self.binary(op, a, b)
            }
            false => a,
        };
        let a = self.bound(a, 4.0);
        let (t, op) = (self.threshold(a.iv), self.pick(&CMPS));
        self.mark(&a.e);
        Cond::F(a.e, op, E::Lit(t))
    }
    /// An update of the accumulator `c`: directly, or in an `if`/`else` on an element
    /// (one of `conds`) or on an accumulator.
    fn update(
        &mut self,
        c: &Carried,
        extra: Vec<X>,
        cost: usize,
        carried: &[Carried],
        conds: &[X],
    ) -> Option<Vec<C>> {
        let direct = |g: &mut G| {
            g.try_fit(cost, 32, &mut |g, k| g.update_loop(c, extra.clone(), k)).map(|s| vec![s])
        };
        let cond = match self.weighted(&[55, if conds.is_empty() { 0 } else { 35 }, 10]) {
            0 => return direct(self),
            1 => self.elem_cond(conds),
            _ => {
                let c = self.pick(carried);
                self.carried_cmp(&c.name)
            }
        };
        let has_else = self.chance(60);
        let bodies = self.branches(1 + usize::from(has_else), !has_else, &mut |g| direct(g));
        let mut bodies: Vec<Vec<C>> = bodies.into_iter().collect::<Option<_>>()?;
        let els = if has_else { bodies.pop() } else { None };
        Some(vec![when(cond, bodies.pop()?, els)])
    }
    /// Updates of each of `carried`, the first reading `extra`.
    pub fn updates_of(&mut self, carried: &[Carried], mut extra: Vec<X>) -> Option<Vec<C>> {
        let conds = self.cond_leaves();
        let mut out = Vec::new();
        for c in carried {
            let e = std::mem::take(&mut extra);
            out.extend(self.attempt(48, &mut |g, k| g.update(c, e.clone(), k, carried, &conds))?);
        }
        Some(out)
    }
    /// The body of a loop: maybe `if <element test> { continue; }`, locals, an update
    /// of each accumulator (the first reading `extra` and the body's unread locals),
    /// then maybe a `break` on an accumulator or a `return` on an element. `from` is
    /// where the loop's own bindings start in scope.
    pub fn loop_body(&mut self, carried: &[Carried], extra: Vec<X>, from: usize) -> Option<Vec<C>> {
        self.set_leaves();
        let conds = self.cond_leaves();
        let mut body = Vec::new();
        if !conds.is_empty() && self.chance(15) {
            body.push(when(self.elem_cond(&conds), vec![C::Continue(None)], None));
        }
        body.extend(self.locals(1));
        let mut extra0 = self.read_unread(from);
        extra0.extend(extra);
        body.extend(self.updates_of(carried, extra0)?);
        match self.weighted(&[80, 12, if conds.is_empty() { 0 } else { 8 }]) {
            1 => {
                let c = self.pick(carried);
                body.push(when(self.carried_cmp(&c.name), vec![C::Break(None)], None));
            }
            2 => {
                let cond = self.elem_cond(&conds);
                let c = self.pick(carried);
                let e = self.combine(vec![self.var(self.find(&c.name))], 1);
                let e = self.cap(e);
                self.mark(&e.e);
                body.push(when(cond, vec![C::Return(e.e)], None));
            }
            _ => {}
        }
        Some(body)
    }
    /// Ends a loop: its scope goes, its accumulators hold their invariants.
    pub fn end_loop(&mut self, from: usize, carried: &[Carried]) {
        self.scope.truncate(from);
        for c in carried {
            self.set_assigned(&c.name, Some(c.inv));
        }
    }
    /// `[let mut s = ..;] for i in <0..n over xs> { body }`: accumulators if `acc`; the
    /// index named for the `level` of the loop (0: alone, maybe from 1; 1: outer; 2:
    /// inner); a bound `xs.len()` sometimes (always for a slice, whose length is only
    /// known at run time; never if `xs` is empty); maybe reversed.
    pub fn index_loop(
        &mut self,
        xs: &str,
        n: usize,
        level: usize,
        acc: bool,
        cost: usize,
        body: LoopBody,
    ) -> Option<Vec<C>> {
        let lo = usize::from(level == 0 && n >= 2 && self.chance(12));
        let slice = self.arrays.iter().any(|a| a.name == xs && a.slice);
        let len = (self.chance(45) || slice) && !xs.is_empty();
        let hi = if len { Bound::Len(xs.to_string(), n as i64) } else { Bound::C(n as i64) };
        let range =
            Range { lo: Bound::C(lo as i64), hi, incl: false, rev: self.chance(25), step: 1 };
        let mut out = Vec::new();
        let ncar = 1 + usize::from(self.chance(30));
        let carried = if acc { self.accumulators(cost, ncar, n - lo, &mut out) } else { vec![] };
        let ivar = self
            .fresh_int([&INDICES[..], &["i", "ii", "r", "row"], &["j", "jj", "col", "cc"]][level]);
        self.ints.push((ivar.clone(), Iv::new(lo as f64, (n - 1) as f64)));
        self.loops.push((ivar.clone(), n));
        let from = self.scope.len();
        let b = body(self, &ivar, &carried, from)?;
        self.ints.pop();
        self.loops.pop();
        self.end_loop(from, &carried);
        if reads(&b).1.contains(&ivar) {
            self.used.push(ivar.clone());
        }
        out.push(C::For { label: None, var: self.index_var(ivar), range, body: b });
        Some(out)
    }
    /// `let mut s = ..; for i in 0..N { .. xs[i] .. s += ..; }`
    fn seg_index_loop(&mut self, cost: usize) -> Option<Vec<C>> {
        let a = self.pick(&self.vectors());
        let Shape::Vector(n) = a.shape else { unreachable!() };
        self.index_loop(&a.name, n, 0, true, cost, &mut |g, i, carried, from| {
            let read = E::Elem(a.name.clone(), vec![Ix::V(i.into())]);
            g.loop_body(carried, vec![x(read, a.iv())], from)
        })
    }
    /// Two loops with accumulators: over a matrix's rows and columns (the columns'
    /// bound `n` or `xs.len()` of a vector that long), or over two vectors.
    fn seg_nested(&mut self, cost: usize) -> Option<Vec<C>> {
        let ((outer, r), (inner, n), mat) = self.two_loops(85);
        self.index_loop(&outer, r, 1, true, cost, &mut |g, i, carried, from| {
            g.set_leaves();
            let mut body = g.locals(1);
            let (inner, mat) = (inner.clone(), mat.clone());
            body.extend(g.index_loop(&inner, n, 2, true, cost, &mut |g, j, ic, ifrom| {
                let first = match &mat {
                    Some(m) => {
                        x(E::Elem(m.name.clone(), vec![Ix::V(i.into()), Ix::V(j.into())]), m.iv())
                    }
                    None => x(E::Elem(inner.clone(), vec![Ix::V(j.into())]), Iv::new(-1.9, 1.9)),
                };
                g.loop_body(ic, vec![first], ifrom)
            })?);
            g.set_leaves();
            let mut extra = g.read_unread(from);
            if mat.is_none() {
                extra.push(x(E::Elem(outer.clone(), vec![Ix::V(i.into())]), Iv::new(-1.9, 1.9)));
            }
            body.extend(g.updates_of(carried, extra)?);
            Some(body)
        })
    }
    /// The arrays two nested loops run over: a matrix's rows and columns (with `pct`
    /// chance if there is a matrix; the columns' array a vector that long or none), or
    /// two vectors; their lengths; the matrix.
    pub fn two_loops(&mut self, pct: u32) -> ((String, usize), (String, usize), Option<Arr>) {
        let mats: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Matrix(..)) && a.mutable.is_none())
            .cloned()
            .collect();
        let vecs = self.vectors();
        if !mats.is_empty() && self.chance(pct) {
            let m = self.pick(&mats);
            let Shape::Matrix(r, n) = m.shape else { unreachable!() };
            let cols: Vec<String> = vecs
                .iter()
                .filter(|a| a.shape == Shape::Vector(n))
                .map(|a| a.name.clone())
                .collect();
            let col = if cols.is_empty() { String::new() } else { self.pick(&cols) };
            ((m.name.clone(), r), (col, n), Some(m))
        } else {
            let (a, b) = (self.pick(&vecs), self.pick(&vecs));
            ((a.name, a.shape.size()), (b.name, b.shape.size()), None)
        }
    }
    /// `for &v in &xs`, `for v in xs.iter()`, `for (i, &v) in xs.iter().enumerate()`,
    /// `for (a, b) in xs.iter().zip(ys.iter())`, with accumulators.
    fn seg_elem_loop(&mut self, cost: usize) -> Option<Vec<C>> {
        let vecs = self.vectors();
        let a = self.pick(&vecs);
        let n = a.shape.size();
        let partners: Vec<Arr> =
            vecs.iter().filter(|b| b.shape == a.shape && b.name != a.name).cloned().collect();
        let kind = self.weighted(&[40, 25, if partners.is_empty() { 0 } else { 50 }]);
        let mut out = Vec::new();
        let ncar = 1 + usize::from(self.chance(30));
        let carried = self.accumulators(cost, ncar, n, &mut out);
        let from = self.scope.len();
        let bind = |g: &mut G, arr: &Arr| {
            let (name, by_ref) = (g.fresh_int(&ELEM_NAMES), g.chance(40));
            g.declare(name.clone(), arr.iv(), false);
            if by_ref {
                g.refs.push(name.clone());
            }
            Bind { name, by_ref }
        };
        let mut extra = Vec::new();
        let xs = a.name.clone();
        let head = match kind {
            0 => {
                let bind = bind(self, &a);
                // `for &v in &w` does not iterate a slice `w: &[f64]` (`&&[f64]`)
                Head::Elems { bind, xs, iter: self.chance(50) || a.slice }
            }
            1 => {
                let idx = self.fresh_int(&["i", "j", "k", "ii"]);
                let bind = bind(self, &a);
                self.ints.push((idx.clone(), Iv::new(0.0, (n - 1) as f64)));
                self.loops.push((idx.clone(), n));
                self.used.push(idx.clone());
                // the index is read: as a number, or to index another array
                extra.push(match !partners.is_empty() && self.chance(60) {
                    true => {
                        let b = self.pick(&partners);
                        x(E::Elem(b.name.clone(), vec![Ix::V(idx.clone())]), b.iv())
                    }
                    false => self.bound(x(E::Cast(idx.clone()), Iv::new(0.0, (n - 1) as f64)), 1.0),
                });
                Head::Enumerate { idx, bind, xs }
            }
            _ => {
                let b = self.pick(&partners);
                let (ba, bb) = (bind(self, &a), bind(self, &b));
                Head::Zip { a: ba, xs, b: bb, ys: b.name }
            }
        };
        let body = self.loop_body(&carried, extra, from)?;
        if kind == 1 {
            self.ints.pop();
            self.loops.pop();
        }
        for b in head.binds() {
            self.refs.retain(|r| *r != b.name);
        }
        self.end_loop(from, &carried);
        out.push(C::ForEach { head, len: n, body });
        Some(out)
    }
    /// An array segment: `0` straight-line statements reading arrays, `1` `let v =
    /// [..]`, `2` an index loop, `3` nested loops, `4` a loop over elements, `5` an
    /// `if` comparing elements.
    pub fn arr_segment(&mut self, seg: usize, cost: usize) -> Option<Vec<C>> {
        self.set_leaves();
        let cs = match seg {
            0 => {
                let k = 1 + self.below(2);
                let out = self.statements(k, 4);
                return (!reads(&out).0.is_empty()).then_some(out);
            }
            1 => return self.seg_let(cost, false),
            2 => return self.seg_index_loop(cost),
            3 => return self.seg_nested(cost),
            4 => return self.seg_elem_loop(cost),
            _ if self.chance(50) => self.seg_if_stmt(cost),
            _ => self.seg_if_expr(cost),
        };
        // a condition compares an element
        let elem = matches!(&cs[cs.len() - 1], C::If { chain, .. } if chain.iter().any(|(c, _)| {
            !reads(&[when(c.clone(), vec![], None)]).0.is_empty()
        }));
        elem.then_some(cs)
    }
}
