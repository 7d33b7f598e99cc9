//! Random programs assigning into local arrays and taking slices, and their
//! num-dual twins.
//!
//! [`generate`] returns the whole text of `tests/random_arrays_mut.rs`. It is the
//! array generator of the parent module (`arrays.rs`, its expressions, segments and
//! evaluator) from a fifth ChaCha8 stream, with two more things:
//!
//! - local arrays assigned by element: `let mut a = [0.0; N];` (`[[0.0; N]; M]`,
//!   `[1.0; N]`, `[x, y]` from values, `let mut a = w;` copying an array), then
//!   `a[i] = ..;`, `a[i] += ..;`, `-=`, `*=`, `a[i][j] += ..;` with constant or loop
//!   indices, at the top level, in index loops (filling an array, accumulating into
//!   one element), in nested loops (`y[i] += m[i][j] * xs[j]`, `o[j][i] = ..`), in
//!   branches, and in local arrays declared inside a loop body. The arrays are read
//!   anywhere an array is ([`Ag::set_leaves`]: `a[i]`, `dot(a, w)`, `logsumexp(a)`,
//!   `for &v in &a`, ...). The statements are [`AC::LetMut`] and [`AC::Set`].
//!   Every element stays within [`ENVELOPE`]: an `a[i] += e` that may run `t` times
//!   (the trip counts of the loops entered since `a` was declared) has
//!   `|e| <= (ENVELOPE - |a|) / t`, an `a[i] *= e` has `|e|^t * |a| <= ENVELOPE`.
//! - slice parameters `&[f64]`, `&[[f64; N]]`: read by index in loops over
//!   `0..w.len()`, by `w.iter()`, `.enumerate()`, `.zip(..)`, `.iter().sum()`; not
//!   passed to `dot`/`logsumexp` and not copied (the macro takes arrays there). The
//!   gradient of a differentiated slice is added into a buffer `d_w` passed after the
//!   other arguments: the adapters pass a zeroed buffer, then `_grad` runs again with
//!   a buffer pre-filled with a known vector and checks that it holds that vector
//!   plus the gradient.
//!
//! The twin is the same program over `[D; N]` and `&[D]`.

use super::*;

/// The seed of the checked-in `tests/random_arrays_mut.rs`.
const SEED_MUT: u64 = 0x0a77_3e7a_2026;
/// Programs (all over f64).
const NMUT: usize = 220;
/// Every element of a local array assigned by element stays within [-ENVELOPE, ENVELOPE].
const ENVELOPE: f64 = 4.0;
/// Names of the local arrays assigned by element.
const MUT_NAMES: [&str; 10] = [
    "hid", "ys2", "out", "state", "res", "z", "tmp", "cum", "lin", "row",
];
/// Names of the local arrays declared inside a loop body.
const INNER_NAMES: [&str; 4] = ["t", "tt", "cell", "pair2"];

/// The segments a program is made of: those of `arrays.rs`, and the stores.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum MSeg {
    Old(ASeg),
    /// `let mut a = ..;` and one or two stores by constant index
    Decl,
    /// `for i in 0..N { a[i] op= ..; }`, maybe branching, maybe an accumulator
    Fill,
    /// `for i in 0..M { for j in 0..N { a[i] += ..m[i][j].. } }`
    Nested,
    /// `for i in .. { let mut t = [..]; t[0] = ..; s += ..t.. }`
    Inner,
    /// `if <element test> { a[k] op= ..; } else { .. }`
    Branch,
}

impl Ag {
    /// The local arrays assigned by element in scope (vectors only if `vectors`).
    fn mutables(&self, vectors: bool) -> Vec<Arr> {
        self.arrays
            .iter()
            .filter(|a| a.mutable.is_some() && (!vectors || matches!(a.shape, Shape::Vector(_))))
            .cloned()
            .collect()
    }

    /// How many times a store into `a` here may run: the trip counts of the loops
    /// entered since its declaration.
    fn execs(&self, a: &Arr) -> f64 {
        let d = a.mutable.map_or(0, |m| m.depth);
        self.loops[d..].iter().map(|l| l.1 as f64).product()
    }

    /// The lengths arrays have here (to give a new array one of them).
    fn dims(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for a in &self.arrays {
            match a.shape {
                Shape::Vector(n) => out.push(n),
                Shape::Matrix(r, n) => out.extend([r, n]),
                Shape::Scalar => {}
            }
        }
        out
    }

    /// `name[ix] op= e;` (`op` None: `=`), with `e` such that the elements stay within
    /// [`ENVELOPE`]; None if no such store fits at `ind`.
    fn store(
        &mut self,
        name: &str,
        ix: Vec<Ix>,
        op: Option<Bin>,
        ind: usize,
        cost: usize,
    ) -> Option<C> {
        let k = self.arrays.iter().rposition(|a| a.name == name)?;
        let a = self.arrays[k].clone();
        let m = a.mutable?;
        let t = self.execs(&a);
        let target = format!(
            "{name}{}",
            ix.iter()
                .map(|i| format!("[{}]", i.text()))
                .collect::<String>()
        );
        let cx = Cx {
            twin: false,
            f32: false,
        };
        for attempt in 0..24 {
            let save = self.cf.save();
            let c = cost.saturating_sub(attempt / 6);
            let e = self.cf.g.expr(c, false);
            let e = self.cf.g.active(e);
            let (e, cur) = match op {
                None => {
                    let e = self.cf.g.bound(e, 3.0);
                    let cur = m.cur.max(e.iv.mag());
                    (e, cur)
                }
                Some(Bin::Mul) => {
                    let r = (ENVELOPE / m.cur.max(0.5)).powf(1.0 / t).clamp(1.0, 1.5);
                    let e = self.cf.g.bound(e, r);
                    let cur = m.cur * e.iv.mag().max(1.0).powf(t);
                    (e, cur)
                }
                Some(_) => {
                    let r = ((ENVELOPE - m.cur) / t).min(2.0);
                    if r < 0.05 {
                        self.cf.restore(save);
                        return None;
                    }
                    let e = self.cf.g.bound(e, r);
                    let cur = m.cur + e.iv.mag() * t;
                    (e, cur)
                }
            };
            // not `a[i] = a[i] * v` (clippy's `assign_op_pattern`), `a[i] = a[i]`,
            // nor a bare copy `a[i] = w[i]` (`manual_memcpy`)
            let names_target = |e: &E| cx.expr(e) == target;
            let clumsy = op.is_none()
                && match &e.e {
                    E::Elem(..) => true,
                    E::Bin(_, l, r) => names_target(l) || names_target(r),
                    _ => false,
                };
            let st = match op {
                None => St::Assign {
                    name: target.clone(),
                    e: e.e.clone(),
                },
                Some(op) => St::OpAssign {
                    name: target.clone(),
                    op,
                    e: e.e.clone(),
                },
            };
            if clumsy || cur > ENVELOPE + 1e-9 || !fits(&st, ind) {
                self.cf.restore(save);
                continue;
            }
            self.cf.g.mark(&e.e);
            self.arrays[k].mutable = Some(Mutable {
                cur,
                depth: m.depth,
            });
            for i in &ix {
                if let Ix::V(n) = i {
                    self.cf.used.push(n.clone());
                }
            }
            return Some(C::Arr(AC::Set {
                name: name.to_string(),
                ix,
                op,
                e: e.e,
            }));
        }
        None
    }

    /// An operator for a store: `=`, `+=`, `-=`, `*=`.
    fn store_op(&mut self) -> Option<Bin> {
        [None, Some(Bin::Add), Some(Bin::Sub), Some(Bin::Mul)]
            [self.cf.g.weighted(&[30, 35, 15, 20])]
    }

    /// A store into `name[ix]` at `ind`: directly, or in an `if` (maybe with an
    /// `else` storing differently) on one of `conds`.
    fn store_maybe_branch(
        &mut self,
        name: &str,
        ix: Vec<Ix>,
        ind: usize,
        cost: usize,
        conds: &[X],
        branch: u32,
    ) -> Option<Vec<C>> {
        if conds.is_empty() || !self.cf.g.chance(branch) {
            let op = self.store_op();
            return Some(vec![self.store(name, ix, op, ind, cost)?]);
        }
        let cond = elem_cond(&mut self.cf, conds);
        let op = self.store_op();
        let then = self.store(name, ix.clone(), op, ind + 4, cost)?;
        let els = if self.cf.g.chance(60) {
            let op = self.store_op();
            Some(vec![self.store(name, ix, op, ind + 4, cost)?])
        } else {
            None
        };
        Some(vec![C::If(vec![(cond, vec![then])], els)])
    }

    /// Element reads by constant index that a condition may compare.
    fn const_conds(&self) -> Vec<X> {
        self.cf
            .g
            .leaves
            .iter()
            .filter(|l| matches!(&l.e, E::Elem(_, ix) if ix.iter().all(|i| matches!(i, Ix::C(_)))))
            .cloned()
            .collect()
    }

    /// An index into dimension `len` of an array: the innermost loop index running
    /// over that length, or (`or_const`, or none) a constant.
    fn index_for(&mut self, len: usize, or_const: bool, not: &[Ix]) -> Ix {
        let fit: Vec<String> = self
            .loops
            .iter()
            .filter(|(i, l)| *l == len && !not.iter().any(|n| matches!(n, Ix::V(m) if m == i)))
            .map(|(i, _)| i.clone())
            .collect();
        if fit.is_empty() || (or_const && self.cf.g.chance(30)) {
            Ix::C(self.cf.g.below(len))
        } else {
            Ix::V(fit[fit.len() - 1 - self.cf.g.below(fit.len().min(2))].clone())
        }
    }

    /// A new local array assigned by element (declared at loop depth
    /// `self.loops.len()`), and its statement. `vector`: not a matrix.
    fn decl_mut(&mut self, pool: &[&str], vector: bool, cost: usize) -> (Arr, C) {
        let dims = self.dims();
        let copies: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|a| !a.slice && (!vector || matches!(a.shape, Shape::Vector(_))))
            .cloned()
            .collect();
        let g = &mut self.cf.g;
        let kind = g.weighted(&[40, 10, 22, if copies.is_empty() { 0 } else { 28 }]);
        let dim = |g: &mut Gen| {
            if !dims.is_empty() && g.chance(75) {
                g.pick(&dims)
            } else {
                g.pick(&[2, 3, 3, 4])
            }
        };
        let (init, shape, cur) = match kind {
            0 | 1 => {
                let v = if kind == 0 {
                    0.0
                } else {
                    g.pick(&[0.5, 1.0, 0.25])
                };
                let shape = if !vector && g.chance(30) {
                    Shape::Matrix(dim(g).min(4), dim(g).min(4))
                } else {
                    Shape::Vector(dim(g))
                };
                (Init::Fill(v, shape), shape, v)
            }
            2 => {
                let k = dim(g).min(4);
                let mut elems = Vec::new();
                for _ in 0..k {
                    let c = g.below(cost.min(1) + 1);
                    let e = g.expr(c, true);
                    elems.push(g.bound(e, 3.0));
                }
                if !elems.iter().any(|e| has_var(&e.e)) {
                    let e = g.expr(0, false);
                    let e = g.active(e);
                    elems[0] = g.bound(e, 3.0);
                }
                let cur = elems.iter().map(|e| e.iv.mag()).fold(0.0, f64::max);
                for e in &elems {
                    g.mark(&e.e);
                }
                let es = elems.into_iter().map(|e| e.e).collect();
                (Init::Vals(es), Shape::Vector(k), cur)
            }
            _ => {
                let w = copies[g.below(copies.len())].clone();
                let cur = w.iv().mag().min(ENVELOPE);
                (Init::Copy(w.name, w.shape), w.shape, cur)
            }
        };
        let name = self.fresh(pool);
        let arr = Arr {
            name: name.clone(),
            shape,
            ivs: vec![Iv::new(-ENVELOPE, ENVELOPE); shape.len()],
            slice: false,
            mutable: Some(Mutable {
                cur,
                depth: self.loops.len(),
            }),
        };
        (arr, C::Arr(AC::LetMut { name, init }))
    }

    /// An index list (constant or loop indices) into `a`.
    fn ix_of(&mut self, a: &Arr, or_const: bool) -> Vec<Ix> {
        match a.shape {
            Shape::Vector(n) => vec![self.index_for(n, or_const, &[])],
            Shape::Matrix(r, n) => {
                let i = self.index_for(r, or_const, &[]);
                let j = self.index_for(n, or_const, std::slice::from_ref(&i));
                vec![i, j]
            }
            Shape::Scalar => unreachable!(),
        }
    }

    // ------------------------------------------------ segments

    fn segment_mut(&mut self, seg: MSeg, ind: usize, cost: usize) -> Option<Vec<C>> {
        if let MSeg::Old(s) = seg {
            return self.segment(s, ind, cost);
        }
        // the leaves of this scope (not those of the last loop)
        self.set_leaves();
        match seg {
            MSeg::Old(_) => unreachable!(),
            MSeg::Decl => self.seg_decl(ind, cost, false),
            MSeg::Fill => self.seg_fill(ind, cost),
            MSeg::Nested => self.seg_fill_nested(ind, cost),
            MSeg::Inner => self.seg_inner(ind, cost),
            MSeg::Branch => self.seg_store_branch(ind, cost),
        }
    }

    /// `let mut a = ..;` then one or two stores by constant index.
    fn seg_decl(&mut self, ind: usize, cost: usize, vector: bool) -> Option<Vec<C>> {
        self.set_leaves();
        let (arr, decl) = self.decl_mut(&MUT_NAMES, vector, cost);
        let mut out = vec![decl];
        self.arrays.push(arr.clone());
        let k = 1 + usize::from(self.cf.g.chance(40));
        for _ in 0..k {
            self.set_leaves();
            let ix = self.ix_of(&arr, true);
            let op = self.store_op();
            out.push(self.store(&arr.name, ix, op, ind, cost)?);
        }
        Some(out)
    }

    /// `for i in 0..N { a[i] op= ..; }` over a local vector, maybe in an `if`,
    /// maybe also into a fixed element, maybe with an accumulator reading `a[i]`.
    fn seg_fill(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let ms = self.mutables(true);
        if ms.is_empty() {
            return None;
        }
        let a = ms[self.cf.g.below(ms.len())].clone();
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        // the range: over `a` or another array of its length
        let same: Vec<String> = self
            .arrays
            .iter()
            .filter(|b| b.shape == a.shape)
            .map(|b| b.name.clone())
            .collect();
        let xs = same[self.cf.g.below(same.len())].clone();
        let (range, lo) = self.range(&xs, n, true);
        let mut out = Vec::new();
        let acc = self.cf.g.chance(45);
        let (carried, inv) = if acc {
            self.accumulators(ind, cost, n - lo, &mut out)
        } else {
            (Vec::new(), Vec::new())
        };
        let ivar = self.fresh(&["i", "j", "k", "ii", "jj"]);
        self.cf
            .ints
            .push((ivar.clone(), Iv::new(lo as f64, (n - 1) as f64)));
        self.loops.push((ivar.clone(), n));
        let from = self.cf.g.scope.len();
        self.set_leaves();
        let conds = self.cond_leaves();
        let mut body = Vec::new();
        if !conds.is_empty() && self.cf.g.chance(10) {
            let cond = elem_cond(&mut self.cf, &conds);
            body.push(C::If(vec![(cond, vec![C::Continue])], None));
        }
        if acc {
            body.extend(self.cf.locals(ind + 4, 1));
        }
        let ix = vec![Ix::V(ivar.clone())];
        body.extend(self.store_maybe_branch(&a.name, ix, ind + 4, cost, &conds, 35)?);
        if self.cf.g.chance(35) {
            // a second store: into a fixed element, or the same one again
            self.set_leaves();
            let ix = if self.cf.g.chance(50) {
                vec![Ix::C(self.cf.g.below(n))]
            } else {
                vec![Ix::V(ivar.clone())]
            };
            let op = self.store_op();
            body.push(self.store(&a.name, ix, op, ind + 4, cost)?);
        }
        if acc {
            self.set_leaves();
            let mut extra = self.cf.g.read_unread(from);
            let read = E::Elem(a.name.clone(), vec![Ix::V(ivar.clone())]);
            extra.push(x(read, Iv::new(-ENVELOPE, ENVELOPE)));
            let conds = self.cond_leaves();
            for (k, c) in carried.iter().enumerate() {
                let e = if k == 0 {
                    std::mem::take(&mut extra)
                } else {
                    Vec::new()
                };
                body.extend(retry_opt(&mut self.cf, ind + 4, &mut |cf, k| {
                    update(cf, c, e.clone(), ind + 4, k, &carried, &conds)
                })?);
            }
        }
        self.cf.ints.pop();
        self.loops.pop();
        self.end_loop(from, &carried, inv);
        let var = self.index_var(ivar, &body);
        out.push(C::For { var, range, body });
        Some(out)
    }

    /// Two loops storing into a local: `y[i] += m[i][j] * xs[j]`, `o[i][j] = ..`,
    /// `o[j][i] += ..` (a local of a fitting shape is declared first if there is
    /// none), maybe a store by the outer index after the inner loop.
    fn seg_fill_nested(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let mats: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Matrix(..)) && a.mutable.is_none())
            .cloned()
            .collect();
        let vecs = self.vectors();
        let (outer, inner) = if !mats.is_empty() && self.cf.g.chance(70) {
            let m = mats[self.cf.g.below(mats.len())].clone();
            let Shape::Matrix(r, n) = m.shape else {
                unreachable!()
            };
            let cols: Vec<Arr> = vecs
                .iter()
                .filter(|a| a.shape == Shape::Vector(n))
                .cloned()
                .collect();
            let col = if cols.is_empty() {
                String::new()
            } else {
                cols[self.cf.g.below(cols.len())].name.clone()
            };
            ((m.name, r), (col, n))
        } else {
            let a = vecs[self.cf.g.below(vecs.len())].clone();
            let b = vecs[self.cf.g.below(vecs.len())].clone();
            let (Shape::Vector(p), Shape::Vector(q)) = (a.shape, b.shape) else {
                unreachable!()
            };
            ((a.name, p), (b.name, q))
        };
        let (r, n) = (outer.1, inner.1);
        let fits_shape = |a: &Arr| {
            matches!(a.shape, Shape::Vector(k) if k == r || k == n)
                || matches!(a.shape, Shape::Matrix(p, q) if (p, q) == (r, n) || (p, q) == (n, r))
        };
        let mut out = Vec::new();
        let targets: Vec<Arr> = self
            .mutables(false)
            .into_iter()
            .filter(|a| fits_shape(a))
            .collect();
        let a = if targets.is_empty() || self.cf.g.chance(25) {
            let shape = match self.cf.g.below(3) {
                0 => Shape::Vector(r),
                1 => Shape::Vector(n),
                _ => Shape::Matrix(r.min(4), n.min(4)),
            };
            let shape = match shape {
                Shape::Matrix(p, q) if (p, q) != (r, n) => Shape::Vector(r),
                s => s,
            };
            let name = self.fresh(&MUT_NAMES);
            let v = self.cf.g.pick(&[0.0, 0.0, 0.0, 0.5]);
            let arr = Arr {
                name: name.clone(),
                shape,
                ivs: vec![Iv::new(-ENVELOPE, ENVELOPE); shape.len()],
                slice: false,
                mutable: Some(Mutable {
                    cur: v,
                    depth: self.loops.len(),
                }),
            };
            self.arrays.push(arr.clone());
            out.push(C::Arr(AC::LetMut {
                name,
                init: Init::Fill(v, shape),
            }));
            arr
        } else {
            targets[self.cf.g.below(targets.len())].clone()
        };
        let (orange, _) = self.range(&outer.0, r, false);
        let (mut irange, _) = self.range(&inner.0, n, false);
        if inner.0.is_empty() {
            irange.hi = Bound::C(n as i64);
        }
        let ivar = self.fresh(&["i", "ii", "r", "row"]);
        self.cf
            .ints
            .push((ivar.clone(), Iv::new(0.0, (r - 1) as f64)));
        self.loops.push((ivar.clone(), r));
        let from = self.cf.g.scope.len();
        self.set_leaves();
        let mut body = Vec::new();
        // the outer index's element first (`y[i] = b[i]`), sometimes
        let by_i = matches!(a.shape, Shape::Vector(k) if k == r);
        if by_i && self.cf.g.chance(30) {
            let op = self.store_op();
            let ix = vec![Ix::V(ivar.clone())];
            body.push(self.store(&a.name, ix, op, ind + 4, cost)?);
        }
        let jvar = self.fresh(&["j", "jj", "col", "cc"]);
        self.cf
            .ints
            .push((jvar.clone(), Iv::new(0.0, (n - 1) as f64)));
        self.loops.push((jvar.clone(), n));
        self.set_leaves();
        let conds = self.cond_leaves();
        let ix = match a.shape {
            Shape::Matrix(p, _) if p == r && p != n => {
                vec![Ix::V(ivar.clone()), Ix::V(jvar.clone())]
            }
            Shape::Matrix(p, _) if p == n && p != r => {
                vec![Ix::V(jvar.clone()), Ix::V(ivar.clone())]
            }
            Shape::Matrix(..) => {
                if self.cf.g.chance(50) {
                    vec![Ix::V(ivar.clone()), Ix::V(jvar.clone())]
                } else {
                    vec![Ix::V(jvar.clone()), Ix::V(ivar.clone())]
                }
            }
            _ => vec![self.index_for(a.shape.len(), false, &[])],
        };
        let ibody = self.store_maybe_branch(&a.name, ix, ind + 8, cost, &conds, 20)?;
        self.cf.ints.pop();
        self.loops.pop();
        let jname = self.index_var(jvar, &ibody);
        body.push(C::For {
            var: jname,
            range: irange,
            body: ibody,
        });
        if by_i && self.cf.g.chance(40) {
            self.set_leaves();
            let op = self.cf.g.pick(&[None, Some(Bin::Mul)]);
            let ix = vec![Ix::V(ivar.clone())];
            body.push(self.store(&a.name, ix, op, ind + 4, cost)?);
        }
        self.cf.ints.pop();
        self.loops.pop();
        self.cf.g.scope.truncate(from);
        let var = self.index_var(ivar, &body);
        out.push(C::For {
            var,
            range: orange,
            body,
        });
        Some(out)
    }

    /// `for i in .. { let mut t = [..]; t[k] op= ..; s += ..t.. }`: a local array
    /// declared inside a loop body, fresh each iteration.
    fn seg_inner(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let vecs = self.vectors();
        let xs = vecs[self.cf.g.below(vecs.len())].clone();
        let Shape::Vector(n) = xs.shape else {
            unreachable!()
        };
        let (range, lo) = self.range(&xs.name, n, true);
        let mut out = Vec::new();
        let (carried, inv) = self.accumulators(ind, cost, n - lo, &mut out);
        let ivar = self.fresh(&["i", "j", "k", "ii", "jj"]);
        self.cf
            .ints
            .push((ivar.clone(), Iv::new(lo as f64, (n - 1) as f64)));
        self.loops.push((ivar.clone(), n));
        let from = self.cf.g.scope.len();
        self.set_leaves();
        let (t, decl) = self.decl_mut(&INNER_NAMES, true, cost.min(1));
        let mut body = vec![decl];
        self.arrays.push(t.clone());
        let Shape::Vector(k) = t.shape else {
            unreachable!()
        };
        let stores = 1 + self.cf.g.below(2);
        for s in 0..stores {
            self.set_leaves();
            let ix = vec![Ix::C(if s == 0 { self.cf.g.below(k) } else { k - 1 })];
            let op = if s == 0 && self.cf.g.chance(50) {
                None
            } else {
                self.store_op()
            };
            body.push(self.store(&t.name, ix, op, ind + 4, cost)?);
        }
        // the accumulator reads the local: an element, or a gate over it
        self.set_leaves();
        let mut extra = self.cf.g.read_unread(from);
        if self.cf.g.chance(50) {
            let kk = self.cf.g.below(k);
            let e = E::Elem(t.name.clone(), vec![Ix::C(kk)]);
            extra.push(x(e, Iv::new(-ENVELOPE, ENVELOPE)));
        } else {
            let l = self.gate_leaf(&t);
            extra.push(l);
        }
        let conds = self.cond_leaves();
        for (j, c) in carried.iter().enumerate() {
            let e = if j == 0 {
                std::mem::take(&mut extra)
            } else {
                Vec::new()
            };
            body.extend(retry_opt(&mut self.cf, ind + 4, &mut |cf, k| {
                update(cf, c, e.clone(), ind + 4, k, &carried, &conds)
            })?);
        }
        self.arrays.retain(|a| a.name != t.name);
        self.cf.ints.pop();
        self.loops.pop();
        self.end_loop(from, &carried, inv);
        let var = self.index_var(ivar, &body);
        out.push(C::For { var, range, body });
        Some(out)
    }

    /// `if <element test> { a[k] op= ..; } else { a[k'] op= ..; }` at the top level.
    fn seg_store_branch(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let ms = self.mutables(false);
        if ms.is_empty() {
            return None;
        }
        let a = ms[self.cf.g.below(ms.len())].clone();
        self.set_leaves();
        let conds = self.const_conds();
        if conds.is_empty() {
            return None;
        }
        let cond = elem_cond(&mut self.cf, &conds);
        let ix = self.ix_of(&a, true);
        let op = self.store_op();
        let then = self.store(&a.name, ix.clone(), op, ind + 4, cost)?;
        let els = if self.cf.g.chance(60) {
            // the `else` sometimes stores into another element
            let ix = if self.cf.g.chance(40) {
                self.ix_of(&a, true)
            } else {
                ix
            };
            let op = self.store_op();
            Some(vec![self.store(&a.name, ix, op, ind + 4, cost)?])
        } else {
            None
        };
        Some(vec![C::If(vec![(cond, vec![then])], els)])
    }

    // ------------------------------------------------ programs

    fn program_mut(&mut self, name: String) -> AProg {
        let cf = &mut self.cf;
        cf.g.f32 = false;
        cf.g.scope.clear();
        cf.g.taken.clear();
        cf.g.int = None;
        cf.g.leaves.clear();
        cf.ints.clear();
        cf.used.clear();
        cf.assigned.clear();
        cf.m = None;
        cf.n = None;
        self.arrays.clear();
        self.loops.clear();
        self.refs.clear();
        // the parameters: arrays (maybe one matrix; maybe slices) and scalars
        let mut params: Vec<AParam> = Vec::new();
        let slices = self.cf.g.chance(50);
        loop {
            params.clear();
            let g = &mut self.cf.g;
            let narr = 1 + g.weighted(&[30, 45, 25]);
            let mat_at = (narr >= 2 && g.chance(50)).then(|| g.below(narr));
            let nsc = g.weighted(&[30, 45, 25]);
            for k in 0..narr {
                let shape = if Some(k) == mat_at {
                    Shape::Matrix(g.pick(&[1, 2, 2, 3, 3]), g.pick(&[1, 2, 3, 3, 4]))
                } else {
                    let earlier: Vec<usize> = params
                        .iter()
                        .flat_map(|p| match p.shape {
                            Shape::Vector(n) => vec![n],
                            Shape::Matrix(_, n) => vec![n],
                            Shape::Scalar => vec![],
                        })
                        .collect();
                    if !earlier.is_empty() && g.chance(50) {
                        Shape::Vector(g.pick(&earlier))
                    } else {
                        Shape::Vector(g.pick(&[1, 2, 2, 3, 3, 3, 4, 4, 5]))
                    }
                };
                let slice = slices && g.chance(if Some(k) == mat_at { 35 } else { 55 });
                params.push(AParam {
                    name: String::new(),
                    shape,
                    slice,
                });
            }
            for _ in 0..nsc {
                params.push(AParam {
                    name: String::new(),
                    shape: Shape::Scalar,
                    slice: false,
                });
            }
            let total: usize = params.iter().map(|p| p.shape.len()).sum();
            let has_slice = params.iter().any(|p| p.slice);
            if total <= MAX_FLOATS && has_slice == slices {
                break;
            }
        }
        let g = &mut self.cf.g;
        for p in &mut params {
            let pool: &[&str] = match p.shape {
                Shape::Scalar => &PARAM_NAMES[..12],
                Shape::Vector(_) => &VEC_NAMES,
                Shape::Matrix(..) => &MAT_NAMES,
            };
            loop {
                let n = g.pick(pool);
                if !g.taken.iter().any(|t| t == n) {
                    g.taken.push(n.to_string());
                    p.name = n.to_string();
                    break;
                }
            }
        }
        let mut ordered: Vec<AParam> = Vec::new();
        for p in params {
            let at = g.below(ordered.len() + 1);
            ordered.insert(at, p);
        }
        let params = ordered;
        for p in &params {
            match p.shape {
                Shape::Scalar => g.scope.push(Var {
                    name: p.name.clone(),
                    iv: Iv::new(-1.9, 1.9),
                    unread: true,
                    mutable: false,
                    mutated: false,
                }),
                shape => self.arrays.push(Arr {
                    name: p.name.clone(),
                    shape,
                    ivs: vec![Iv::new(-1.9, 1.9); shape.len()],
                    slice: p.slice,
                    mutable: None,
                }),
            }
        }
        let np = params.len();
        let wrt = if np >= 2 && g.chance(40) {
            let mut w: Vec<usize> = (0..np).filter(|_| g.chance(50)).collect();
            if w.is_empty() || w.len() == np {
                w = vec![g.below(np)];
            }
            Some(w)
        } else {
            None
        };
        let has_mat = params.iter().any(|p| matches!(p.shape, Shape::Matrix(..)));
        let nseg = 2 + self.cf.g.below(3);
        let mut segs: Vec<MSeg> = (0..nseg)
            .map(|_| {
                let k = self.cf.g.weighted(&[
                    4,
                    4,
                    10,
                    5,
                    if slices { 24 } else { 10 },
                    6,
                    12,
                    22,
                    14,
                    12,
                    9,
                ]);
                [
                    MSeg::Old(ASeg::Scalar),
                    MSeg::Old(ASeg::Let),
                    MSeg::Old(ASeg::IndexLoop),
                    MSeg::Old(ASeg::Nested),
                    MSeg::Old(ASeg::ElemLoop),
                    MSeg::Old(ASeg::Branch),
                    MSeg::Decl,
                    MSeg::Fill,
                    MSeg::Nested,
                    MSeg::Inner,
                    MSeg::Branch,
                ][k]
            })
            .collect();
        // at least one loop storing into a local array
        let stores = |s: &MSeg| matches!(s, MSeg::Fill | MSeg::Nested | MSeg::Inner);
        if !segs.iter().any(stores) {
            let at = self.cf.g.below(segs.len() + 1);
            let s = self.cf.g.pick(&[MSeg::Fill, MSeg::Nested, MSeg::Inner]);
            segs.insert(at, s);
        }
        if has_mat && !segs.contains(&MSeg::Old(ASeg::Nested)) && !segs.contains(&MSeg::Nested) {
            let at = self.cf.g.below(segs.len() + 1);
            segs.insert(at, MSeg::Nested);
        }
        let mut body: Vec<C> = Vec::new();
        for seg in segs {
            if self.cf.g.chance(20) {
                let s = self.retry(4, &mut |ag, c| ag.segment(ASeg::Scalar, 4, c));
                body.extend(s);
            }
            // a store needs a local array to store into
            let vectors = seg == MSeg::Fill;
            if matches!(seg, MSeg::Fill | MSeg::Branch) && self.mutables(vectors).is_empty() {
                let s = self.retry(4, &mut |ag, c| ag.seg_decl(4, c, vectors));
                body.extend(s);
            }
            let cs = self.retry(4, &mut |ag, c| ag.segment_mut(seg, 4, c));
            body.extend(cs);
        }
        self.finish(name, params, wrt, body)
    }
}

// ---------------------------------------------------------------- the file

/// The parameter's type over `t`: `[t; N]`, `&[t]`, `&[[t; N]]`, ...
fn param_ty(p: &AParam, t: &str) -> String {
    match (p.slice, p.shape) {
        (true, Shape::Matrix(_, n)) => format!("&[[{t}; {n}]]"),
        (true, _) => format!("&[{t}]"),
        (false, s) => s.ty(t),
    }
}

/// The arguments of a call from the flat slice `s`: `arr(&s[0..])`, `&s[0..3]`,
/// `s[3]`, `mat(&s[4..])`, `&rows::<2, _>(&s[4..8])`.
fn args_mut(prog: &AProg, s: &str) -> String {
    args_bound(prog, s, false)
}

/// [`args_mut`], with a `&[[f64; N]]` argument bound beforehand (`bound`) to
/// `rows_<name>` by [`bind_rows`] (the forward pass's cache borrows it).
fn args_bound(prog: &AProg, s: &str, bound: bool) -> String {
    let mut at = 0;
    let a: Vec<String> = prog
        .params
        .iter()
        .map(|p| {
            let end = at + p.shape.len();
            let t = match (p.slice, p.shape) {
                (_, Shape::Scalar) => format!("{s}[{at}]"),
                (false, Shape::Vector(_)) => format!("arr(&{s}[{at}..])"),
                (false, Shape::Matrix(..)) => format!("mat(&{s}[{at}..])"),
                (true, Shape::Vector(_)) => format!("&{s}[{at}..{end}]"),
                (true, Shape::Matrix(..)) if bound => format!("&rows_{}", p.name),
                (true, Shape::Matrix(_, n)) => format!("&rows::<{n}, _>(&{s}[{at}..{end}])"),
            };
            at = end;
            t
        })
        .collect();
    a.join(", ")
}

/// `let rows_m = rows::<N, _>(&p[..]);` for each `&[[f64; N]]` parameter.
fn bind_rows(out: &mut String, prog: &AProg) {
    let mut at = 0;
    for p in &prog.params {
        let end = at + p.shape.len();
        if let (true, Shape::Matrix(_, n)) = (p.slice, p.shape) {
            let _ = writeln!(
                out,
                "    let rows_{} = rows::<{n}, _>(&p[{at}..{end}]);",
                p.name
            );
        }
        at = end;
    }
}

/// The differentiated slices.
fn wrt_slices(prog: &AProg) -> Vec<&AParam> {
    prog.wrt_params()
        .into_iter()
        .map(|i| &prog.params[i])
        .filter(|p| p.slice)
        .collect()
}

/// The call's argument list: the arguments, then `&mut d_w` for each
/// differentiated slice.
fn call_args(prog: &AProg, s: &str, buf: &str) -> String {
    let mut a = args_mut(prog, s);
    for p in wrt_slices(prog) {
        let _ = write!(a, ", &mut {buf}_{}", p.name);
    }
    a
}

/// `let mut d_w = vec![0.0; 3];` (`rows` for `&[[f64; N]]`) for each differentiated
/// slice, with prefix `buf` and initial value `zeros` or `pre` (pre-filled).
fn buffers(out: &mut String, prog: &AProg, buf: &str, pre: bool) {
    for p in wrt_slices(prog) {
        let v = match (pre, p.shape) {
            (false, Shape::Matrix(r, n)) => format!("vec![[0.0; {n}]; {r}]"),
            (false, s) => format!("vec![0.0; {}]", s.len()),
            (true, Shape::Matrix(r, n)) => format!("pre_rows::<{n}>({r})"),
            (true, s) => format!("pre({})", s.len()),
        };
        let _ = writeln!(out, "    let mut {buf}_{} = {v};", p.name);
    }
}

/// The gradient as `flat(scale, &[&d_w, &g.x, ..])`, in parameter order.
fn grads_mut(prog: &AProg, scale: &str) -> String {
    let g: Vec<String> = prog
        .wrt_params()
        .iter()
        .map(|&i| {
            let p = &prog.params[i];
            if p.slice {
                format!("&d_{}", p.name)
            } else {
                format!("&g.{}", p.name)
            }
        })
        .collect();
    format!("flat({scale}, &[{}])", g.join(", "))
}

fn write_mut(out: &mut String, prog: &AProg) {
    let n = &prog.name;
    let sig = |t: &str| -> String {
        let ps: Vec<String> = prog
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, param_ty(p, t)))
            .collect();
        ps.join(", ")
    };
    let body = |out: &mut String, cx: Cx| {
        print_body(cx, out, &prog.body, 4);
        if prog.ret {
            let _ = writeln!(out, "    return {};", cx.expr(&prog.tail));
        } else {
            let _ = writeln!(out, "    {}", cx.expr(&prog.tail));
        }
    };
    let slices = !wrt_slices(prog).is_empty();
    // the gradient struct is read if some differentiated parameter is not a slice
    let fields = prog.wrt_params().iter().any(|&i| !prog.params[i].slice);
    let g = if fields { "g" } else { "_" };
    let _ = writeln!(out);
    match &prog.wrt {
        None => {
            let _ = writeln!(out, "#[differentiate]");
        }
        Some(w) => {
            let names: Vec<&str> = w.iter().map(|&i| prog.params[i].name.as_str()).collect();
            let _ = writeln!(out, "#[differentiate(wrt({}))]", names.join(", "));
        }
    }
    let _ = writeln!(out, "pub fn {n}({}) -> f64 {{", sig("f64"));
    body(
        out,
        Cx {
            twin: false,
            f32: false,
        },
    );
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_nd({}) -> D {{", sig("D"));
    body(
        out,
        Cx {
            twin: true,
            f32: false,
        },
    );
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_f(p: &[f64], _: &[i32]) -> f64 {{");
    let _ = writeln!(out, "    {n}({})", args_mut(prog, "p"));
    let _ = writeln!(out, "}}");

    // `_grad` with zeroed buffers, then again with pre-filled ones (accumulation)
    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_ad(p: &[f64], _: &[i32]) -> (f64, Vec<f64>) {{");
    buffers(out, prog, "d", false);
    let _ = writeln!(
        out,
        "    let (v, {g}) = {n}_grad({});",
        call_args(prog, "p", "d")
    );
    if slices {
        buffers(out, prog, "a", true);
        let _ = writeln!(out, "    let _ = {n}_grad({});", call_args(prog, "p", "a"));
        for p in wrt_slices(prog) {
            let _ = writeln!(out, "    accumulated(&a_{0}, &d_{0});", p.name);
        }
    }
    let _ = writeln!(out, "    (v, {})", grads_mut(prog, "1.0"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_fb(p: &[f64], _: &[i32]) -> (f64, Vec<f64>) {{");
    buffers(out, prog, "d", false);
    bind_rows(out, prog);
    let _ = writeln!(
        out,
        "    let (v, cache) = {n}_forward({});",
        args_bound(prog, "p", true)
    );
    let (seed, scale) = if prog.fb_scaled {
        ("0.5", "2.0")
    } else {
        ("1.0", "1.0")
    };
    let mut bargs = format!("&cache, {seed}");
    for p in wrt_slices(prog) {
        let _ = write!(bargs, ", &mut d_{}", p.name);
    }
    let lhs = if fields { "let g" } else { "let _" };
    let _ = writeln!(out, "    {lhs} = {n}_backward({bargs});");
    let _ = writeln!(out, "    (v, {})", grads_mut(prog, scale));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_tw(d: &[D], _: &[i32]) -> D {{");
    let _ = writeln!(out, "    {n}_nd({})", args_mut(prog, "d"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "#[test]");
    let _ = writeln!(out, "fn {n}_check() {{");
    let _ = writeln!(out, "    let t = Prog {{");
    let _ = writeln!(out, "        f: {n}_f,");
    let _ = writeln!(out, "        ad: {n}_ad,");
    let _ = writeln!(out, "        fb: {n}_fb,");
    let _ = writeln!(out, "        tw: {n}_tw,");
    let w: Vec<String> = prog.wrt_flat().iter().map(|i| i.to_string()).collect();
    let _ = writeln!(out, "        wrt: &[{}],", w.join(", "));
    let _ = writeln!(out, "        fd: true,");
    let _ = writeln!(out, "    }};");
    for p in &prog.points {
        let cs = chunks(prog, p);
        let arg = format!("&[{}]", cs.join(", "));
        if arg.len() <= 63 {
            let _ = writeln!(out, "    t.check_at({arg});");
        } else {
            let _ = writeln!(out, "    t.check_at(&[");
            for c in cs {
                let _ = writeln!(out, "        {c},");
            }
            let _ = writeln!(out, "    ]);");
        }
    }
    let _ = writeln!(out, "}}");
}

/// Whether the signature, adapters and test lines stay as written under rustfmt.
fn mut_fits(prog: &AProg) -> bool {
    let mut out = String::new();
    write_mut(&mut out, prog);
    let wrt: Vec<String> = prog.wrt_flat().iter().map(|i| i.to_string()).collect();
    let short_chunks = prog.points.iter().any(|p| {
        let cs = chunks(prog, p);
        let arg = format!("&[{}]", cs.join(", "));
        arg.len() > 63 && cs.iter().all(|c| c.len() <= 12)
    });
    let grads = grads_mut(prog, "1.0");
    let flat_args = &grads["flat(".len()..grads.len() - 1];
    call_args(prog, "p", "d").len() <= 54
        && args_mut(prog, "p").len() <= 54
        && flat_args.len() <= 56
        && format!("&[{}]", wrt.join(", ")).len() <= 56
        && !short_chunks
        && out.lines().all(|l| {
            let t = l.trim_start();
            let fn_line = t.starts_with("fn ") || t.starts_with("pub fn ");
            l.len() <= 96 && (!fn_line || l.len() <= 92)
        })
}

/// Whether `e`'s type is known where it stands (`un`: the variables and arrays
/// whose type is not known yet, `{float}`).
fn typed_in(e: &E, un: &[String]) -> bool {
    let t = |a: &E| typed_in(a, un);
    match e {
        E::Lit(_) => false,
        E::Var(n) | E::Elem(n, _) => !un.contains(n),
        E::Konst(_) | E::Cast(_) | E::Block(..) | E::Call(..) => true,
        // `.iter().sum::<f64>()` names its type, `dot` is generic
        E::Arr(ArrOp::Sum | ArrOp::Product, ..) => true,
        E::Arr(_, names, _) => names.iter().any(|n| !un.contains(n)),
        E::Un(_, Form::Path, _)
        | E::Powi(Form::Path, ..)
        | E::B2(_, Form::Path, ..)
        | E::MulAdd(Form::Path, ..)
        | E::Clamp(Form::Path, ..) => true,
        E::Neg(a)
        | E::Un(_, _, a)
        | E::Powi(_, a, _)
        | E::Gate(_, _, a)
        | E::B2(_, _, a, _)
        | E::MulAdd(_, a, ..)
        | E::Clamp(_, a, ..) => t(a),
        E::Bin(_, a, b) => t(a) || t(b),
    }
}

/// Whether every method in `e` has a receiver of known type.
fn receivers_typed(e: &E, un: &[String]) -> bool {
    let mut ok = true;
    each_sub(e, &mut |e| {
        let recv = match e {
            E::Un(_, Form::Method, a)
            | E::Powi(Form::Method, a, _)
            | E::B2(_, Form::Method, a, _)
            | E::MulAdd(Form::Method, a, ..)
            | E::Clamp(Form::Method, a, ..) => a,
            _ => return,
        };
        ok &= typed_in(recv, un);
    });
    ok
}

/// Whether rustc knows the type of every method receiver: `let mut a = [0.0; 3];`
/// has elements of type `{float}` until a store `a[k] = <f64>` (in the text) fixes
/// it, so `a[0].sin()` before that does not compile (nor does a `let t = a[0];`
/// then `t.sin()`, or `for &v in &a` then `v.sin()`).
fn types_known(prog: &AProg) -> bool {
    fn walk(cs: &[C], un: &mut Vec<String>) -> bool {
        for c in cs {
            let (es, kids) = c_parts(c);
            if !es.iter().all(|(e, _)| receivers_typed(e, un)) {
                return false;
            }
            match c {
                C::Arr(AC::LetMut { name, init }) => {
                    let known = match init {
                        Init::Fill(..) => false,
                        Init::Vals(es) => es.iter().any(|e| typed_in(e, un)),
                        Init::Copy(w, _) => !un.contains(w),
                    };
                    if !known {
                        un.push(name.clone());
                    }
                }
                C::Arr(AC::Set {
                    name, op: None, e, ..
                }) if typed_in(e, un) => un.retain(|n| n != name),
                C::S(St::Let { name, annot, e, .. }) if !annot && !typed_in(e, un) => {
                    un.push(name.clone())
                }
                C::LetIf { name, chain, els } => {
                    let known =
                        chain.iter().any(|(_, v)| typed_in(&v.e, un)) || typed_in(&els.e, un);
                    if !known {
                        un.push(name.clone());
                    }
                }
                C::Arr(AC::For { head, .. }) => {
                    for (b, xs) in head.binds().into_iter().zip(head.arrays()) {
                        if un.contains(xs) {
                            un.push(b.name.clone());
                        }
                    }
                }
                _ => {}
            }
            let kids: Vec<C> = kids.into_iter().cloned().collect();
            if !walk(&kids, un) {
                return false;
            }
        }
        true
    }
    let mut un = Vec::new();
    walk(&prog.body, &mut un) && receivers_typed(&prog.tail, &un)
}

/// Whether `prog` has `x.max(a).min(b)` or `x.min(b).max(a)` of literals (clippy's
/// `manual_clamp`).
fn manual_clamp(prog: &AProg) -> bool {
    let mut hit = false;
    let mut find = |e: &E| {
        if let E::B2(outer @ (B2::Max | B2::Min), _, a, b) = e {
            if let E::B2(inner @ (B2::Max | B2::Min), _, _, c) = &**a {
                let konst = |e: &E| match e {
                    E::Lit(_) | E::Konst(_) => true,
                    E::Neg(a) => matches!(**a, E::Lit(_) | E::Konst(_)),
                    _ => false,
                };
                let lits = konst(b) && konst(c);
                hit |= inner != outer && lits;
            }
        }
    };
    each_e(&prog.body, &mut find, &mut |_| {});
    each_sub(&prog.tail, &mut find);
    hit
}

/// What `prog` uses, for the header.
fn mut_facts(prog: &AProg) -> Vec<&'static str> {
    let mut out = Vec::new();
    let slices: Vec<&str> = prog
        .params
        .iter()
        .filter(|p| p.slice)
        .map(|p| p.name.as_str())
        .collect();
    let mut locals: Vec<String> = Vec::new();
    fn walk(
        cs: &[C],
        loops: usize,
        branch: bool,
        slices: &[&str],
        locals: &mut Vec<String>,
        out: &mut Vec<&'static str>,
    ) {
        for c in cs {
            match c {
                C::Arr(AC::LetMut { name, init }) => {
                    locals.push(name.clone());
                    out.push(match init {
                        Init::Fill(v, Shape::Matrix(..)) if *v == 0.0 => "fill0m",
                        Init::Fill(v, _) if *v == 0.0 => "fill0",
                        Init::Fill(..) => "fillv",
                        Init::Vals(_) => "vals",
                        Init::Copy(_, Shape::Matrix(..)) => "copym",
                        Init::Copy(..) => "copy",
                    });
                    if loops > 0 {
                        out.push("inner");
                    }
                }
                C::Arr(AC::Set { ix, op, .. }) => {
                    out.push(match op {
                        None => "=",
                        Some(Bin::Add) => "+=",
                        Some(Bin::Sub) => "-=",
                        Some(_) => "*=",
                    });
                    if ix.len() == 2 {
                        out.push("ij");
                    }
                    if ix.iter().any(|i| matches!(i, Ix::V(_))) {
                        out.push("set_loop_ix");
                    } else {
                        out.push("set_const_ix");
                    }
                    if loops > 0 {
                        out.push("set_in_loop");
                    }
                    if loops > 1 {
                        out.push("set_nested");
                    }
                    if branch {
                        out.push("set_in_branch");
                    }
                }
                C::For { range, .. } => {
                    if let Bound::Len(a, _) = &range.hi {
                        if slices.contains(&a.as_str()) {
                            out.push("slice_len");
                        }
                    }
                }
                C::Arr(AC::For { head, .. })
                    if head.arrays().iter().any(|a| slices.contains(&a.as_str())) =>
                {
                    out.push(match head {
                        Head::Elems { .. } => "slice_iter",
                        Head::Enumerate { .. } => "slice_enum",
                        Head::Zip { .. } => "slice_zip",
                    });
                }
                _ => {}
            }
            let looped = matches!(c, C::For { .. } | C::Arr(AC::For { .. }));
            let branched = matches!(c, C::If(..) | C::LetIf { .. });
            let kids: Vec<C> = c_parts(c).1.into_iter().cloned().collect();
            walk(
                &kids,
                loops + usize::from(looped),
                branch || branched,
                slices,
                locals,
                out,
            );
        }
    }
    walk(&prog.body, 0, false, &slices, &mut locals, &mut out);
    let mut gate = |e: &E| {
        if let E::Arr(op, names, _) = e {
            let local = names.iter().any(|n| locals.contains(n));
            let slice = names.iter().any(|n| slices.contains(&n.as_str()));
            match op {
                ArrOp::Dot(_) if local => out.push("dot_local"),
                ArrOp::LogSumExp(_) if local => out.push("lse_local"),
                ArrOp::Sum if slice => out.push("slice_sum"),
                _ => {}
            }
        }
        if let E::Elem(a, _) = e {
            if locals.contains(a) {
                out.push("read_local");
            }
        }
    };
    each_e(&prog.body, &mut gate, &mut |_| {});
    each_sub(&prog.tail, &mut gate);
    for (k, p) in prog.params.iter().enumerate() {
        if p.slice {
            out.push(if matches!(p.shape, Shape::Matrix(..)) {
                "slice_m"
            } else {
                "slice"
            });
            if !prog.wrt_params().contains(&k) {
                out.push("slice_const");
            }
        }
    }
    out
}

/// The full text of `tests/random_arrays_mut.rs`.
pub fn generate() -> String {
    let mut ag = Ag {
        cf: Cf {
            g: Gen {
                rng: ChaCha8Rng::seed_from_u64(SEED_MUT),
                f32: false,
                scope: Vec::new(),
                int: None,
                taken: Vec::new(),
                calls: Calls::default(),
                leaves: Vec::new(),
            },
            ints: Vec::new(),
            used: Vec::new(),
            assigned: Vec::new(),
            m: None,
            n: None,
            last_iv: Iv::pt(0.0),
        },
        arrays: Vec::new(),
        loops: Vec::new(),
        refs: Vec::new(),
    };
    let mut progs = Vec::new();
    for i in 0..NMUT {
        let name = format!("b{i:03}");
        'retry: loop {
            let mut prog = ag.program_mut(name.clone());
            let size = prog.gates();
            if !(4..=60).contains(&size)
                || !mut_fits(&prog)
                || !types_known(&prog)
                || manual_clamp(&prog)
            {
                continue;
            }
            let mut live: f64 = 0.0;
            let wrt = prog.wrt_flat();
            for _ in 0..300 {
                if prog.points.len() == POINTS {
                    break;
                }
                let p: Vec<f64> = (0..prog.nfloats()).map(|_| ag.cf.g.coordinate()).collect();
                let run = |q: &[f64]| run_arr(&prog, q);
                if let Some((true, size)) = judge_with(&run, &p, &wrt, false) {
                    live = live.max(size);
                    prog.points.push(p);
                }
            }
            if prog.points.len() < POINTS || live < 1e-3 {
                continue 'retry;
            }
            if mut_fits(&prog) {
                progs.push(prog);
                break;
            }
        }
    }

    let mut programs = String::new();
    for p in &progs {
        write_mut(&mut programs, p);
    }
    let total: usize = progs.iter().map(AProg::gates).sum();
    let fact = |f: &str| progs.iter().filter(|p| mut_facts(p).contains(&f)).count();
    let count_if = |f: &dyn Fn(&AProg) -> bool| progs.iter().filter(|p| f(p)).count();
    let list = vec![
        format!(
            "stores into a local array {}",
            count_if(&|p| mut_facts(p)
                .iter()
                .any(|f| ["=", "+=", "-=", "*="].contains(f)))
        ),
        format!("`let mut a = [0.0; N]` {}", fact("fill0")),
        format!("`[[0.0; N]; M]` {}", fact("fill0m")),
        format!("`[v; N]` {}", fact("fillv")),
        format!("`[x, y]` {}", fact("vals")),
        format!("`let mut a = w` {}", fact("copy")),
        format!("`let mut a = m` (matrix) {}", fact("copym")),
        format!("declared in a loop body {}", fact("inner")),
        format!("`a[i] = ..` {}", fact("=")),
        format!("`a[i] += ..` {}", fact("+=")),
        format!("`a[i] -= ..` {}", fact("-=")),
        format!("`a[i] *= ..` {}", fact("*=")),
        format!("`a[i][j] op= ..` {}", fact("ij")),
        format!("stores by constant index {}", fact("set_const_ix")),
        format!("by loop index {}", fact("set_loop_ix")),
        format!("stores in a loop {}", fact("set_in_loop")),
        format!("in nested loops {}", fact("set_nested")),
        format!("in a branch {}", fact("set_in_branch")),
        format!("reads of a local's elements {}", fact("read_local")),
        format!("`dot(a, ..)` of a local {}", fact("dot_local")),
        format!("`logsumexp(a)` of a local {}", fact("lse_local")),
        format!("`&[f64]` parameters {}", fact("slice")),
        format!("`&[[f64; N]]` {}", fact("slice_m")),
        format!("a constant slice {}", fact("slice_const")),
        format!(
            "a differentiated slice {}",
            count_if(&|p| !wrt_slices(p).is_empty())
        ),
        format!("`0..w.len()` over a slice {}", fact("slice_len")),
        format!("`w.iter()` {}", fact("slice_iter")),
        format!("`.enumerate()` {}", fact("slice_enum")),
        format!("`.zip(..)` {}", fact("slice_zip")),
        format!("`w.iter().sum()` {}", fact("slice_sum")),
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by tools/gen-programs (seed {SEED_MUT:#x}); do not edit by hand.
// Regenerate with `cargo run -p gen-programs`; tests/random_programs_fresh.rs fails
// when this file differs from what the generator writes.
//
// {NMUT} random programs storing into local arrays (`a[i] op= ..`), some over slices,
// {total} gates in all, each differentiated by `#[differentiate]` and compared at
// {POINTS} points with a twin over `[D; N]` and `&[D]` evaluated by num-dual (forward
// mode), value and every gradient component, and with central finite differences; a
// slice's gradient buffer is passed zeroed, then pre-filled (the gradient is added
// into it). Programs using:
{}

// the programs exercise `return e;` and index loops on purpose; not every twin
// method is used
#![allow(clippy::needless_return, clippy::needless_range_loop, dead_code)]
",
        wrap_list(&list)
    );
    let mut bare: Vec<&str> = Vec::new();
    for p in &progs {
        let mut find = |e: &E| {
            let name = match e {
                E::Arr(ArrOp::Dot(GateForm::Bare), ..) => "dot",
                E::Arr(ArrOp::LogSumExp(GateForm::Bare), ..) => "logsumexp",
                _ => return,
            };
            if !bare.contains(&name) {
                bare.push(name);
            }
        };
        each_e(&p.body, &mut find, &mut |_| {});
        each_sub(&p.tail, &mut find);
    }
    bare.sort_unstable();
    out.push_str(INCLUDE_COMMON);
    out.push_str("include!(\"../tools/gen-programs/src/preamble_cf.rs\");\n");
    out.push_str("include!(\"../tools/gen-programs/src/preamble_arrays.rs\");\n");
    out.push_str("include!(\"../tools/gen-programs/src/preamble_arrays_mut.rs\");\n");
    if !bare.is_empty() {
        let _ = writeln!(out, "use backprop::{{{}}};", bare.join(", "));
    }
    out.push('\n');
    for k in &KONSTS {
        let name = k.path64;
        let read = [" ", "(", "-"]
            .iter()
            .any(|pre| programs.contains(&format!("{pre}{name}")));
        if !name.contains("::") && read {
            let _ = writeln!(out, "const {name}: f64 = {:?};", k.value);
        }
    }
    out.push_str(&programs);
    out
}
