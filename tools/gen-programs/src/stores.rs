//! Local arrays assigned by element: `let mut a = [0.0; N];` (`[[0.0; N]; M]`,
//! `[1.0; N]`, `[x, y]` from values, `let mut a = w;` copying an array), then `a[i]
//! = ..;`, `a[i] += ..;`, `-=`, `*=`, `a[i][j] += ..;` with constant or loop indices,
//! at the top level, in index loops (filling an array, accumulating into one
//! element), in nested loops (`y[i] += m[i][j] * xs[j]`, `o[j][i] = ..`), in branches,
//! and in local arrays declared inside a loop body. Every element stays within
//! [`ENVELOPE`]: an `a[i] += e` that may run `t` times (the trip counts of the loops
//! entered since `a` was declared) has `|e| <= (ENVELOPE - |a|) / t`, an `a[i] *= e`
//! has `|e|^t * |a| <= ENVELOPE`.

use crate::ast::*;
use crate::gen::{x, Arr, G, X};
use crate::iv::Iv;
use crate::ops::Bin;
use crate::print::{ix_text, PROG};

/// Every element of a local array assigned by element stays within [-ENVELOPE, ENVELOPE].
const ENVELOPE: f64 = 4.0;
/// Names of the local arrays assigned by element.
const MUT_NAMES: [&str; 10] =
    ["hid", "ys2", "out", "state", "res", "z", "tmp", "cum", "lin", "row"];
/// Names of the local arrays declared inside a loop body.
const INNER_NAMES: [&str; 4] = ["t", "tt", "cell", "pair2"];

impl G {
    /// The local arrays assigned by element in scope (vectors only if `vectors`).
    pub fn mutables(&self, vectors: bool) -> Vec<Arr> {
        let ok =
            |a: &&Arr| a.mutable.is_some() && (!vectors || matches!(a.shape, Shape::Vector(_)));
        self.arrays.iter().filter(ok).cloned().collect()
    }
    /// `name[ix] op= e;` (`op`: the operator, `Some(None)` for `=`, or `None` for a
    /// random one), with `e` such that the elements stay within [`ENVELOPE`]; None if there is no such store.
    fn store(
        &mut self,
        name: &str,
        ix: Vec<Ix>,
        op: Option<Option<Bin>>,
        cost: usize,
    ) -> Option<C> {
        let op = op.unwrap_or_else(|| {
            [None, Some(Bin::Add), Some(Bin::Sub), Some(Bin::Mul)][self.weighted(&[30, 35, 15, 20])]
        });
        let k = self.arrays.iter().rposition(|a| a.name == name)?;
        let (cur, depth) = self.arrays[k].mutable?;
        // how many times the store may run: the trip counts of the loops entered since
        // the declaration
        let t: f64 = self.loops[depth..].iter().map(|l| l.1 as f64).product();
        let target = format!("{name}{}", ix_text(&ix));
        for attempt in 0..24 {
            let save = self.clone();
            let e = self.expr(cost.saturating_sub(attempt / 6), false);
            let e = self.active(e);
            let (e, now) = match op {
                None => {
                    let e = self.bound(e, 3.0);
                    let now = cur.max(e.iv.mag());
                    (e, now)
                }
                Some(Bin::Mul) => {
                    let e = self.bound(e, (ENVELOPE / cur.max(0.5)).powf(1.0 / t).clamp(1.0, 1.5));
                    let now = cur * e.iv.mag().max(1.0).powf(t);
                    (e, now)
                }
                Some(_) if (ENVELOPE - cur) / t < 0.05 => {
                    self.restore(save);
                    return None;
                }
                Some(_) => {
                    let e = self.bound(e, ((ENVELOPE - cur) / t).min(2.0));
                    let now = cur + e.iv.mag() * t;
                    (e, now)
                }
            };
            // not `a[i] = a[i] * v` (clippy's `assign_op_pattern`), `a[i] = a[i]`,
            // nor a bare copy `a[i] = w[i]` (`manual_memcpy`)
            let names_target = |e: &E| PROG.expr(e) == target;
            let clumsy = op.is_none()
                && match &e.e {
                    E::Elem(..) => true,
                    E::Bin(_, l, r) => names_target(l) || names_target(r),
                    _ => false,
                };
            let st = C::Set { name: name.to_string(), ix: ix.clone(), op, e: e.e.clone() };
            if clumsy || now > ENVELOPE + 1e-9 || !self.valid(std::slice::from_ref(&st)) {
                self.restore(save);
                continue;
            }
            self.mark(&e.e);
            self.arrays[k].mutable = Some((now, depth));
            self.used.extend(ix.iter().filter_map(|i| {
                if let Ix::V(n) = i {
                    Some(n.clone())
                } else {
                    None
                }
            }));
            return Some(st);
        }
        None
    }
    /// A store into `name[ix]`: directly, or (with `pct` chance) in an `if` on one of
    /// `conds`, maybe with an `else` storing differently.
    fn store_maybe_branch(
        &mut self,
        a: &str,
        ix: Vec<Ix>,
        cost: usize,
        conds: &[X],
        pct: u32,
    ) -> Option<Vec<C>> {
        if conds.is_empty() || !self.chance(pct) {
            return Some(vec![self.store(a, ix, None, cost)?]);
        }
        let cond = self.elem_cond(conds);
        let then = self.store(a, ix.clone(), None, cost)?;
        let els = if self.chance(60) { Some(vec![self.store(a, ix, None, cost)?]) } else { None };
        Some(vec![when(cond, vec![then], els)])
    }
    /// An index into dimension `len` of an array: the innermost loop index running
    /// over that length (one of the two innermost), or (`or_const`, or none) a constant.
    fn index_for(&mut self, len: usize, or_const: bool, not: &[Ix]) -> Ix {
        let over = self.loops.iter().filter(|l| l.1 == len).map(|l| Ix::V(l.0.clone()));
        let fit: Vec<Ix> = over.filter(|i| !not.contains(i)).collect();
        if fit.is_empty() || (or_const && self.chance(30)) {
            return Ix::C(self.below(len));
        }
        let k = self.below(fit.len().min(2));
        fit[fit.len() - 1 - k].clone()
    }
    /// An index list (constant or loop indices) into `a`.
    fn ix_of(&mut self, a: &Arr, or_const: bool) -> Vec<Ix> {
        let (r, n) = if let Shape::Matrix(r, n) = a.shape { (r, n) } else { (a.shape.size(), 0) };
        let i = self.index_for(r, or_const, &[]);
        let j = (n > 0).then(|| self.index_for(n, or_const, std::slice::from_ref(&i)));
        [i].into_iter().chain(j).collect()
    }
    /// A local array of `shape` assigned by element (declared at this loop depth), its
    /// elements up to `cur`.
    fn mut_arr(&self, name: &str, shape: Shape, cur: f64) -> Arr {
        let ivs = vec![Iv::new(-ENVELOPE, ENVELOPE); shape.size()];
        Arr { name: name.into(), shape, ivs, slice: false, mutable: Some((cur, self.loops.len())) }
    }
    /// A new local array assigned by element, in scope, and its statement. `vector`:
    /// not a matrix.
    fn decl_mut(&mut self, pool: &[&str], vector: bool, cost: usize) -> (Arr, C) {
        let dims: Vec<usize> = self
            .arrays
            .iter()
            .flat_map(|a| match a.shape {
                Shape::Matrix(r, n) => vec![r, n],
                s => vec![s.size()],
            })
            .collect();
        let copyable = |a: &&Arr| !a.slice && (!vector || matches!(a.shape, Shape::Vector(_)));
        let copies: Vec<Arr> = self.arrays.iter().filter(copyable).cloned().collect();
        let dim = |g: &mut G| {
            if !dims.is_empty() && g.chance(75) {
                g.pick(&dims)
            } else {
                g.pick(&[2, 3, 3, 4])
            }
        };
        let (init, shape, cur) =
            match self.weighted(&[40, 10, 22, 28 * u32::from(!copies.is_empty()), 12]) {
                kind @ (0 | 1) => {
                    let v = if kind == 0 { 0.0 } else { self.pick(&[0.5, 1.0, 0.25]) };
                    let shape = match !vector && self.chance(30) {
                        true => Shape::Matrix(dim(self).min(4), dim(self).min(4)),
                        false => Shape::Vector(dim(self)),
                    };
                    (Init::Fill(v, shape), shape, v)
                }
                2 => {
                    let k = dim(self).min(4);
                    let elems = self.elements(k, cost.min(1));
                    let cur = elems.iter().map(|e| e.iv.mag()).fold(0.0, f64::max);
                    elems.iter().for_each(|e| self.mark(&e.e));
                    (Init::Vals(elems.into_iter().map(|e| e.e).collect()), Shape::Vector(k), cur)
                }
                3 => {
                    let w = self.pick(&copies);
                    (Init::Copy(w.name.clone(), w.shape), w.shape, w.iv().mag().min(ENVELOPE))
                }
                _ => {
                    let k = dim(self).min(4);
                    let fill = self.elements(1, cost.min(1)).remove(0);
                    self.mark(&fill.e);
                    (Init::Splat(fill.e, k), Shape::Vector(k), fill.iv.mag())
                }
            };
        let name = self.fresh_int(pool);
        (self.mut_arr(&name, shape, cur), C::LetMut { name, init })
    }
    /// `let mut a = ..;` then one or two stores by constant index.
    pub fn seg_decl(&mut self, cost: usize, vector: bool) -> Option<Vec<C>> {
        self.set_leaves();
        let (arr, decl) = self.decl_mut(&MUT_NAMES, vector, cost);
        let mut out = vec![decl];
        self.arrays.push(arr.clone());
        for _ in 0..1 + usize::from(self.chance(40)) {
            self.set_leaves();
            let ix = self.ix_of(&arr, true);
            out.push(self.store(&arr.name, ix, None, cost)?);
        }
        Some(out)
    }
    /// `for i in 0..N { a[i] op= ..; }` over a local vector, maybe in an `if`, maybe
    /// also into a fixed element, maybe with an accumulator reading `a[i]`.
    fn seg_fill(&mut self, cost: usize) -> Option<Vec<C>> {
        let a = self.pick_some(&self.mutables(true))?;
        let n = a.shape.size();
        // the range: over `a` or another array of its length
        let same: Vec<String> =
            self.arrays.iter().filter(|b| b.shape == a.shape).map(|b| b.name.clone()).collect();
        let (xs, acc) = (self.pick(&same), self.chance(45));
        self.index_loop(&xs, n, 0, acc, cost, &mut |g, i, carried, from| {
            g.set_leaves();
            let conds = g.cond_leaves();
            let mut body = Vec::new();
            if !conds.is_empty() && g.chance(10) {
                body.push(when(g.elem_cond(&conds), vec![C::Continue(None)], None));
            }
            if acc {
                body.extend(g.locals(1));
            }
            body.extend(g.store_maybe_branch(&a.name, vec![Ix::V(i.into())], cost, &conds, 35)?);
            if g.chance(35) {
                // a second store: into a fixed element, or the same one again
                g.set_leaves();
                let ix = if g.chance(50) { Ix::C(g.below(n)) } else { Ix::V(i.into()) };
                body.push(g.store(&a.name, vec![ix], None, cost)?);
            }
            if acc {
                g.set_leaves();
                let mut extra = g.read_unread(from);
                extra.push(x(
                    E::Elem(a.name.clone(), vec![Ix::V(i.into())]),
                    Iv::new(-ENVELOPE, ENVELOPE),
                ));
                body.extend(g.updates_of(carried, extra)?);
            }
            Some(body)
        })
    }
    /// Two loops storing into a local: `y[i] += m[i][j] * xs[j]`, `o[i][j] = ..`,
    /// `o[j][i] += ..` (a local of a fitting shape is declared first if there is
    /// none), maybe a store by the outer index before or after the inner loop.
    fn seg_fill_nested(&mut self, cost: usize) -> Option<Vec<C>> {
        let ((outer, r), (inner, n), _) = self.two_loops(70);
        let fits = |a: &Arr| match a.shape {
            Shape::Vector(k) => k == r || k == n,
            Shape::Matrix(p, q) => (p, q) == (r, n) || (p, q) == (n, r),
            Shape::Scalar => false,
        };
        let mut out = Vec::new();
        let targets: Vec<Arr> = self.mutables(false).into_iter().filter(fits).collect();
        let a = if targets.is_empty() || self.chance(25) {
            let shape = match self.below(3) {
                0 => Shape::Vector(r),
                1 => Shape::Vector(n),
                _ if r <= 4 && n <= 4 => Shape::Matrix(r, n),
                _ => Shape::Vector(r),
            };
            let (name, v) = (self.fresh_int(&MUT_NAMES), self.pick(&[0.0, 0.0, 0.0, 0.5]));
            out.push(C::LetMut { name: name.clone(), init: Init::Fill(v, shape) });
            self.arrays.push(self.mut_arr(&name, shape, v));
            self.arrays.last().unwrap().clone()
        } else {
            self.pick(&targets)
        };
        let by_i = a.shape == Shape::Vector(r);
        out.extend(self.index_loop(&outer, r, 1, false, cost, &mut |g, i, _, _| {
            g.set_leaves();
            let mut body = Vec::new();
            // the outer index's element first (`y[i] = b[i]`), sometimes
            if by_i && g.chance(30) {
                body.push(g.store(&a.name, vec![Ix::V(i.into())], None, cost)?);
            }
            let a = a.clone();
            body.extend(g.index_loop(&inner, n, 2, false, cost, &mut |g, j, _, _| {
                g.set_leaves();
                let conds = g.cond_leaves();
                let (vi, vj) = (Ix::V(i.into()), Ix::V(j.into()));
                let ix = match a.shape {
                    Shape::Matrix(p, _) if p == r && p != n => vec![vi, vj],
                    Shape::Matrix(p, _) if p == n && p != r => vec![vj, vi],
                    Shape::Matrix(..) if g.chance(50) => vec![vi, vj],
                    Shape::Matrix(..) => vec![vj, vi],
                    _ => vec![g.index_for(a.shape.size(), false, &[])],
                };
                g.store_maybe_branch(&a.name, ix, cost, &conds, 20)
            })?);
            if by_i && g.chance(40) {
                g.set_leaves();
                let op = g.pick(&[None, Some(Bin::Mul)]);
                body.push(g.store(&a.name, vec![Ix::V(i.into())], Some(op), cost)?);
            }
            Some(body)
        })?);
        Some(out)
    }
    /// `for i in .. { let mut t = [..]; t[k] op= ..; s += ..t.. }`: a local array
    /// declared inside a loop body, fresh each iteration.
    fn seg_inner(&mut self, cost: usize) -> Option<Vec<C>> {
        let xs = self.pick(&self.vectors());
        self.index_loop(&xs.name, xs.shape.size(), 0, true, cost, &mut |g, _, carried, from| {
            g.set_leaves();
            let (t, decl) = g.decl_mut(&INNER_NAMES, true, cost.min(1));
            let mut body = vec![decl];
            g.arrays.push(t.clone());
            let k = t.shape.size();
            for s in 0..1 + g.below(2) {
                g.set_leaves();
                let ix = vec![Ix::C(if s == 0 { g.below(k) } else { k - 1 })];
                let op = if s == 0 && g.chance(50) { Some(None) } else { None };
                body.push(g.store(&t.name, ix, op, cost)?);
            }
            // the accumulator reads the local: an element, or a gate over it
            g.set_leaves();
            let mut extra = g.read_unread(from);
            let el =
                x(E::Elem(t.name.clone(), vec![Ix::C(g.below(k))]), Iv::new(-ENVELOPE, ENVELOPE));
            extra.push(if g.chance(50) { el } else { g.gate_leaf(&t) });
            // maybe the next state replaces an outer array (`state = next;`), which the
            // accumulator then reads first, so no value it held goes unread
            let outer = g.mutables(true);
            let outer: Vec<&Arr> =
                outer.iter().filter(|a| a.name != t.name && a.shape == t.shape).collect();
            let replaced = match !outer.is_empty() && g.chance(90) {
                true => Some(g.pick(&outer).name.clone()),
                false => None,
            };
            if let Some(o) = &replaced {
                let at = vec![Ix::C(g.below(k))];
                extra.push(x(E::Elem(o.clone(), at), Iv::new(-ENVELOPE, ENVELOPE)));
            }
            body.extend(g.updates_of(carried, extra)?);
            if let Some(o) = replaced {
                let k = g.arrays.iter().rposition(|a| a.name == o)?;
                let depth = g.arrays[k].mutable?.1;
                g.arrays[k].mutable = Some((ENVELOPE, depth));
                body.push(C::Replace { name: o, from: t.name.clone(), shape: t.shape });
            }
            g.arrays.retain(|a| a.name != t.name);
            Some(body)
        })
    }
    /// `if <element test> { a[k] op= ..; } else { a[k'] op= ..; }` at the top level.
    fn seg_store_branch(&mut self, cost: usize) -> Option<Vec<C>> {
        let ms = self.mutables(false);
        let a = self.pick_some(&ms)?;
        self.set_leaves();
        let konst =
            |l: &&X| matches!(&l.e, E::Elem(_, ix) if ix.iter().all(|i| matches!(i, Ix::C(_))));
        let conds: Vec<X> = self.leaves.iter().filter(konst).cloned().collect();
        if conds.is_empty() {
            return None;
        }
        let cond = self.elem_cond(&conds);
        let ix = self.ix_of(&a, true);
        let then = self.store(&a.name, ix.clone(), None, cost)?;
        // the `else` sometimes stores into another element
        let els = match self.chance(60) {
            true if self.chance(40) => Some(self.ix_of(&a, true)),
            true => Some(ix),
            false => None,
        };
        let els = match els {
            Some(ix) => Some(vec![self.store(&a.name, ix, None, cost)?]),
            None => None,
        };
        Some(vec![when(cond, vec![then], els)])
    }
    /// A store segment: `0` a declaration and stores by constant index, `1` a loop
    /// filling a local, `2` nested loops storing into one, `3` a local declared in a
    /// loop body, `4` stores in an `if` on an element.
    pub fn store_segment(&mut self, seg: usize, cost: usize) -> Option<Vec<C>> {
        self.set_leaves();
        match seg {
            0 => self.seg_decl(cost, false),
            1 => self.seg_fill(cost),
            2 => self.seg_fill_nested(cost),
            3 => self.seg_inner(cost),
            _ => self.seg_store_branch(cost),
        }
    }
}
