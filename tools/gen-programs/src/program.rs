//! A program: its parameters and body, built segment by segment with the features
//! of its corpus switched on, then finished the same way for every corpus (every
//! array and value read, every `mut` mutated, a tail reading what is left).

use crate::ast::*;
use crate::checks::reads;
use crate::gen::{x, Arr, G};
use crate::iv::Iv;
use crate::loops::LoopKind;
use crate::ops::Bin;

#[derive(Clone)]
pub enum Kind {
    Float,
    /// An integer: a `match` selector (`i32`), a trip count (`usize`), or a straight-line
    /// program's exponent or factor, whose values at test time are `lo..=hi`.
    Int {
        usize: bool,
        lo: i64,
        hi: i64,
    },
    /// An array `[f64; N]`, `[[f64; N]; M]`, or a slice `&[f64]`, `&[[f64; N]]`.
    Arr {
        shape: Shape,
        slice: bool,
    },
}

#[derive(Clone)]
pub struct Param {
    pub name: String,
    pub kind: Kind,
    pub mutable: bool,
}

impl Param {
    pub fn new(name: &str, kind: Kind) -> Param {
        Param { name: name.into(), kind, mutable: false }
    }
    pub fn shape(&self) -> Shape {
        match self.kind {
            Kind::Arr { shape, .. } => shape,
            _ => Shape::Scalar,
        }
    }
    pub fn slice(&self) -> bool {
        matches!(self.kind, Kind::Arr { slice: true, .. })
    }
}

#[derive(Clone)]
pub struct Prog {
    pub name: String,
    pub f32: bool,
    pub params: Vec<Param>,
    /// Indices (among the float and array parameters) of `wrt(..)`, if given.
    pub wrt: Option<Vec<usize>>,
    pub body: Vec<C>,
    pub tail: E,
    pub ret: bool,
    /// Flat float coordinates (arrays row by row) and integer arguments.
    pub points: Vec<(Vec<f64>, Vec<i32>)>,
    /// Finite differences are reliable at every point.
    pub fd: bool,
    /// The second entry point runs `_backward` with `d_out = 0.5`.
    pub fb_scaled: bool,
    /// The first two parameters (floats) are written as one tuple parameter,
    /// `(a, b): (f64, f64)`, and passed as `(p[0], p[1])`.
    pub tuple_pair: bool,
    /// Asks for `hessian` too, and the test checks `_hvp` against the twin's second
    /// derivatives: f64 programs over floats (the straight-line and control-flow ones).
    pub hessian: bool,
}

impl Prog {
    /// The float and array parameters.
    pub fn diff(&self) -> Vec<&Param> {
        self.params.iter().filter(|p| !matches!(p.kind, Kind::Int { .. })).collect()
    }
    pub fn wrt(&self) -> Vec<usize> {
        self.wrt.clone().unwrap_or_else(|| (0..self.diff().len()).collect())
    }
    /// The differentiated coordinates of the flat point.
    pub fn wrt_flat(&self) -> Vec<usize> {
        let (w, mut at, mut out) = (self.wrt(), 0, Vec::new());
        for (k, p) in self.diff().into_iter().enumerate() {
            let n = p.shape().size();
            if w.contains(&k) {
                out.extend(at..at + n);
            }
            at += n;
        }
        out
    }
    pub fn nfloats(&self) -> usize {
        self.diff().iter().map(|p| p.shape().size()).sum()
    }
    pub fn gates(&self) -> usize {
        self.body.iter().map(c_gates).sum::<usize>() + gates(&self.tail)
    }
}

/// A segment of a body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Seg {
    IfStmt,
    IfExpr,
    Match,
    Loop(LoopKind),
    Return,
    /// One of [`G::arr_segment`].
    Arr(usize),
    /// One of [`G::store_segment`].
    Store(usize),
}

/// The control-flow segments, in the order of the weight tables.
pub const FLOW: [Seg; 8] = [
    Seg::IfStmt,
    Seg::IfExpr,
    Seg::Match,
    Seg::Loop(LoopKind::ForConst),
    Seg::Loop(LoopKind::ForN),
    Seg::Loop(LoopKind::While),
    Seg::Loop(LoopKind::Loop),
    Seg::Return,
];

impl G {
    /// The segment `seg` (`None` if it cannot be made here).
    pub fn segment(&mut self, seg: Seg, cost: usize) -> Option<Vec<C>> {
        Some(match (seg, self.m.clone(), self.n.clone()) {
            (Seg::IfStmt, ..) => self.seg_if_stmt(cost),
            (Seg::Match, Some(m), _) => self.seg_match(cost, m, crate::flow::MMAX),
            (Seg::Match, None, Some(n)) => self.seg_match(cost, n, crate::flow::NMAX),
            (Seg::IfExpr | Seg::Match, ..) => self.seg_if_expr(cost),
            (Seg::Loop(k), ..) => self.seg_loop(k, cost),
            (Seg::Return, ..) => self.seg_return(cost),
            (Seg::Arr(k), ..) => return self.arr_segment(k, cost),
            (Seg::Store(k), ..) => return self.store_segment(k, cost),
        })
    }
    /// `n` float parameters `Iv(-1.9, 1.9)` (mutable with `pct_mut`), named from the
    /// 12 short names mostly, and declared in scope.
    pub fn float_params(&mut self, n: usize, pct_mut: u32) -> Vec<Param> {
        let mut params = Vec::new();
        while params.len() < n {
            let short = self.chance(85);
            let name = if short {
                crate::gen::PARAM_NAMES[self.below(12)]
            } else {
                self.pick(&crate::gen::PARAM_NAMES)
            };
            if !self.taken.iter().any(|t| t == name) {
                self.taken.push(name.to_string());
                let mutable = self.chance(pct_mut);
                self.declare(name.to_string(), Iv::new(-1.9, 1.9), mutable);
                params.push(Param { mutable, ..Param::new(name, Kind::Float) });
            }
        }
        params
    }
    /// Inserts `p` at a random place of `params`.
    pub fn insert(&mut self, params: &mut Vec<Param>, p: Param) {
        let at = self.below(params.len() + 1);
        params.insert(at, p);
    }
    /// `wrt(..)` with `pct` chance if there are two or more parameters: a proper subset.
    pub fn wrt(&mut self, n: usize, pct: u32) -> Option<Vec<usize>> {
        if n < 2 || !self.chance(pct) {
            return None;
        }
        let mut w: Vec<usize> = (0..n).filter(|_| self.chance(50)).collect();
        if w.is_empty() || w.len() == n {
            w = vec![self.below(n)];
        }
        Some(w)
    }
    /// A straight-line program: `let`s, shadowing, `mut`, compound assignments,
    /// blocks, 5 to 40 gates, maybe an integer parameter (`powi(n)`, `n as f64`).
    pub fn straight(&mut self, name: String, f32: bool) -> Prog {
        self.reset();
        self.f32 = f32;
        let nf = self.pick(&[1, 2, 2, 3, 3, 3, 4, 4, 5]);
        let mut params = self.float_params(nf, 8);
        if self.chance(25) {
            let (name, usize, v) = if self.chance(60) {
                ("n", false, self.pick(&[1, 2, 3]))
            } else {
                ("k", true, self.pick(&[1, 2, 3, 4]))
            };
            self.taken.push(name.into());
            self.int = Some((name.into(), v as f64, !usize));
            let kind = Kind::Int { usize, lo: v, hi: v };
            self.insert(&mut params, Param::new(name, kind));
        }
        let wrt = self.wrt(nf, 12);
        let target = 5 + self.below(36);
        let (mut body, mut used) = (Vec::new(), 0);
        while used + 2 < target {
            let want = (1 + self.below(5)).min(target - used);
            let s = self.fit(want, &mut |g, c| g.statement(c));
            used += c_gates(&s);
            body.push(s);
        }
        // the integer parameter is read somewhere
        if let Some((n, _, _)) = self.int.clone() {
            if !crate::checks::reads_name(&body, None, &n) {
                body.push(self.fit(0, &mut |g, _| {
                    let v = g.any_var();
                    let a = g.binary(Bin::Mul, v, x(E::Cast(n.clone()), Iv::new(1.0, 4.0)));
                    let a = g.cap(a);
                    Some(g.let_new(a, false))
                }));
            }
        }
        let prog = self.finish(name, params, wrt, body, false);
        Prog { hessian: !prog.f32, ..prog }
    }
    /// Declares the integer parameters `m: i32` (a `match` selector) and `n: usize`
    /// (a trip count) if asked, placed anywhere in `params`.
    pub fn int_params(&mut self, params: &mut Vec<Param>, m: bool, n: bool) {
        self.m = m.then(|| "m".to_string());
        self.n = n.then(|| "n".to_string());
        for (on, name, usize, hi) in
            [(m, "m", false, crate::flow::MMAX), (n, "n", true, crate::flow::NMAX)]
        {
            if on {
                self.insert(params, Param::new(name, Kind::Int { usize, lo: 0, hi }));
                self.calls.ints.push((name.into(), usize));
            }
        }
    }
    /// Straight-line statements (0 to `most - 1` of them) then `seg`, for each of
    /// `segs`.
    pub fn segments(&mut self, segs: &[Seg], most: usize, body: &mut Vec<C>) {
        for &seg in segs {
            let k = self.below(most);
            body.extend(self.statements(k, 4));
            body.extend(self.retry(&mut |g, c| g.segment(seg, c)));
        }
    }
    /// A program with control flow: branches, `match`, loops, early `return`, over
    /// floats and maybe `m: i32` and `n: usize`.
    pub fn flow(&mut self, name: String) -> Prog {
        self.reset();
        let nf = self.pick(&[1, 2, 2, 3, 3, 4]);
        // the integer names are never locals
        self.taken.extend(["m".to_string(), "n".to_string()]);
        let mut params = self.float_params(nf, 5);
        let (m, n) = (self.chance(35), self.chance(45));
        self.int_params(&mut params, m, n);
        let wrt = self.wrt(nf, 10);
        let nseg = 2 + self.below(3);
        let w = [14, 14, if m { 10 } else { 3 }, 22, if n { 14 } else { 0 }, 10, 10, 6];
        let mut segs: Vec<Seg> = (0..nseg).map(|_| FLOW[self.weighted(&w)]).collect();
        for (on, seg) in [(m, Seg::Match), (n, FLOW[4])] {
            if on && !segs.contains(&seg) {
                self.insert_seg(&mut segs, seg);
            }
        }
        let mut body = Vec::new();
        self.segments(&segs, 3, &mut body);
        let prog = self.finish(name, params, wrt, body, false);
        Prog { hessian: !prog.f32, ..prog }
    }
    pub fn insert_seg(&mut self, segs: &mut Vec<Seg>, seg: Seg) {
        let at = self.below(segs.len() + 1);
        segs.insert(at, seg);
    }
    /// The end of a program: a read of every array not read yet (a local array also
    /// after its last store, or rustc warns of a store never read), a mutation of
    /// every `mut` binding not mutated yet, unread values folded until the tail can
    /// read them on one line, and the tail (`helper`: its value kept moderate).
    pub fn finish(
        &mut self,
        name: String,
        params: Vec<Param>,
        wrt: Option<Vec<usize>>,
        mut body: Vec<C>,
        helper: bool,
    ) -> Prog {
        self.set_leaves();
        for a in self.arrays.clone() {
            if reads(&body).0.contains(&a.name) && a.mutable.is_none() {
                continue;
            }
            body.extend(self.retry(&mut |g, _| Some(vec![g.read_array(&a)])));
        }
        // every `mut` binding is mutated at least once
        for i in 0..self.scope.len() {
            if self.scope[i].mutable && !self.scope[i].mutated {
                let name = self.scope[i].name.clone();
                body.push(self.fit(1, &mut |g, c| g.update_once(&name, Vec::new(), c)));
            }
        }
        // fold unread values until the tail can read them all on one line
        while self.unread().len() > 3 {
            let unread = self.unread();
            body.push(self.fit(0, &mut |g, _| {
                let a = g.combine(vec![g.var(unread[0]), g.var(unread[1])], 0);
                Some(g.let_new(a, false))
            }));
        }
        let ret = self.chance(10);
        let tail = self.fit(1, &mut |g, c| {
            let xs = g.read_unread(0);
            let t = g.combine(xs, c);
            let t = if helper && t.iv.mag() > 4.0 { g.bound(t, 3.0) } else { t };
            g.last_iv = t.iv;
            Some(C::Return(t.e))
        });
        let C::Return(tail) = tail else { unreachable!() };
        let (f32, fb_scaled) = (self.f32, self.chance(50));
        // Chosen by the name, not the random stream, so the other programs stay as they
        // were; never for a function that others call (calls pass floats one by one).
        let floats = params.len() >= 2 && params[..2].iter().all(|p| matches!(p.kind, Kind::Float));
        let tuple_pair = !helper && floats && name.bytes().map(usize::from).sum::<usize>() % 4 == 1;
        Prog {
            name,
            f32,
            params,
            wrt,
            body,
            tail,
            ret,
            points: vec![],
            fd: false,
            fb_scaled,
            tuple_pair,
            hessian: false,
        }
    }
    /// `let v = <an element of a, or a gate over it> op <leaf>;`
    fn read_array(&mut self, a: &Arr) -> C {
        let leaf = match a.shape {
            Shape::Vector(_) if self.chance(50) => self.gate_leaf(a),
            _ => a.elem(self.below(a.ivs.len())),
        };
        let (other, op) = (self.expr(0, false), self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]));
        let e = self.binary(op, leaf, other);
        let e = self.cap(e);
        self.let_new(e, false)
    }
}
