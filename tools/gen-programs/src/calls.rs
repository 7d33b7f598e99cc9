//! Random call graphs of `#[differentiate]` functions, and their num-dual twins.
//!
//! [`generate`] returns the whole text of `tests/random_calls.rs`. It reuses the
//! expression and control-flow machinery of the parent modules (intervals,
//! statements, branches, loops, the evaluator) from a third ChaCha8 stream. The
//! file is made of groups, one module each: two to four helpers (small
//! control-flow programs of one to three float parameters, some with an integer
//! parameter), then one or two top-level functions calling them. A helper may
//! call the helpers defined before it, so chains are up to four calls deep; some
//! helpers live in a nested `mod` and are called by path (`layers::blend(..)`,
//! and `super::dense(..)` from inside it). The top-level functions call helpers
//! twice with swapped arguments, inside loops and branches, and feed one call's
//! result into another. The twin of every function is the same program over `D`
//! calling the twins of its callees (`blend_nd`). A call is evaluated here by
//! running its callee, so sample points keep every kink and comparison inside
//! the callees away from its boundary too.

use super::*;
use std::fmt;

/// The seed of the checked-in `tests/random_calls.rs`.
const SEED_CALLS: u64 = 0x0ca1_15ca_2026;
/// At least this many top-level functions.
const NTOP: usize = 210;
/// Helper names (never a local or parameter name of the generators).
const HELPER_NAMES: [&str; 16] = [
    "dense", "blend", "warp", "bump", "ramp", "lift", "tilt", "twist", "pulse", "kernel", "smooth",
    "mix", "fold", "shape", "cell", "unit",
];
/// Names of the nested module.
const MOD_NAMES: [&str; 4] = ["layers", "ops", "cells", "parts"];
/// Names of the top-level functions.
const TOP_NAMES: [&str; 2] = ["model", "loss"];

/// A generated helper, and where it is defined.
struct Helper {
    prog: CfProg,
    /// The nested module it is defined in, if not the group's module.
    module: Option<String>,
    out: Iv,
    /// Calls on the longest chain starting here (1: calls nothing).
    depth: usize,
}

/// A helper as seen from a calling function: its path from there.
struct Target {
    h: Rc<Helper>,
    path: String,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({})", self.path)
    }
}

impl Callee for Target {
    fn text(&self, twin: bool, args: &[String]) -> String {
        let nd = if twin { "_nd" } else { "" };
        format!("{}{nd}({})", self.path, args.join(", "))
    }
    fn params(&self) -> Vec<Kind> {
        self.h.prog.params.iter().map(|p| p.kind.clone()).collect()
    }
    fn wrt(&self) -> Vec<bool> {
        let w = self.h.prog.wrt();
        (0..self.h.prog.nfloats()).map(|i| w.contains(&i)).collect()
    }
    fn out(&self) -> Iv {
        self.h.out
    }
    fn eval(&self, p: &[f64], k: &[i32]) -> (f64, f64) {
        run_cf(&self.h.prog, p, k)
    }
}

/// `h` called from a function in module `from` (`None`: the group's module).
fn target(h: &Rc<Helper>, from: &Option<String>) -> Rc<dyn Callee> {
    let name = &h.prog.name;
    let path = match (&h.module, from) {
        (Some(m), None) => format!("{m}::{name}"),
        (None, Some(_)) => format!("super::{name}"),
        _ => name.clone(),
    };
    Rc::new(Target { h: h.clone(), path })
}

/// A piece of a function's body.
#[derive(Clone)]
enum Piece {
    /// A control-flow segment (calls only by chance).
    Flow(Seg),
    /// `let v = [..] f(..) [..];`
    Let(Rc<dyn Callee>),
    /// `let a = f(u, v, ..); let b = f(v, u, ..);`
    Swap(Rc<dyn Callee>),
    /// `let r = g(f(..), ..);` or `let a = f(..); let r = g(a, ..);`
    Feed(Rc<dyn Callee>, Rc<dyn Callee>),
    /// A loop calling `f`.
    InLoop(Rc<dyn Callee>),
    /// A branch calling `f`.
    InBranch(Rc<dyn Callee>),
}

/// What a function's body is made of.
struct Spec {
    name: String,
    /// Indentation of the body.
    ind: usize,
    nf: usize,
    m: bool,
    n: bool,
    wrt_subset: bool,
    pieces: Vec<Piece>,
    /// Everything the function may call by chance, and how often.
    targets: Vec<Rc<dyn Callee>>,
    pct: u32,
    /// Names no local may take (the group's functions and module).
    reserved: Vec<String>,
    /// A helper: its value is kept moderate.
    helper: bool,
}

/// Where a call is: inside a loop, inside a branch (a body or value), in a
/// condition, as an argument of another call.
#[derive(Clone, Copy, Default)]
struct Ctx {
    in_loop: bool,
    in_branch: bool,
    in_cond: bool,
    in_call: bool,
}

/// A call found in a body: the callee's path and where the call is.
struct Site {
    path: String,
    ctx: Ctx,
}

fn sites_e(e: &E, ctx: Ctx, out: &mut Vec<Site>) {
    match e {
        E::Var(_) | E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => {}
        E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => sites_e(a, ctx, out),
        E::Bin(_, a, b) | E::B2(_, _, a, b) => {
            sites_e(a, ctx, out);
            sites_e(b, ctx, out);
        }
        E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => {
            sites_e(a, ctx, out);
            sites_e(b, ctx, out);
            sites_e(c, ctx, out);
        }
        E::Block(s, t) => {
            for s in s {
                sites_st(s, ctx, out);
            }
            sites_e(t, ctx, out);
        }
        E::Call(f, args) => {
            let text = f.text(false, &[]);
            out.push(Site {
                path: text.trim_end_matches("()").to_string(),
                ctx,
            });
            let inner = Ctx {
                in_call: true,
                ..ctx
            };
            for a in args.iter().filter_map(CallArg::float) {
                sites_e(a, inner, out);
            }
        }
    }
}

fn sites_st(s: &St, ctx: Ctx, out: &mut Vec<Site>) {
    match s {
        St::Let { e, .. } | St::Assign { e, .. } | St::OpAssign { e, .. } => sites_e(e, ctx, out),
    }
}

fn sites_cond(c: &Cond, ctx: Ctx, out: &mut Vec<Site>) {
    let ctx = Ctx {
        in_cond: true,
        ..ctx
    };
    match c {
        Cond::F(a, _, b) => {
            sites_e(a, ctx, out);
            sites_e(b, ctx, out);
        }
        Cond::I(..) => {}
        Cond::And(a, b) | Cond::Or(a, b) => {
            sites_cond(a, ctx, out);
            sites_cond(b, ctx, out);
        }
    }
}

fn sites(cs: &[C], ctx: Ctx, out: &mut Vec<Site>) {
    let branch = Ctx {
        in_branch: true,
        ..ctx
    };
    let looped = Ctx {
        in_loop: true,
        ..ctx
    };
    let val = |v: &Val, out: &mut Vec<Site>| {
        sites(&v.stmts, branch, out);
        sites_e(&v.e, branch, out);
    };
    for c in cs {
        match c {
            C::S(s) => sites_st(s, ctx, out),
            C::IntLet(_) | C::IntInc(_) | C::Break | C::Continue => {}
            C::If(chain, els) => {
                for (cond, body) in chain {
                    sites_cond(cond, ctx, out);
                    sites(body, branch, out);
                }
                if let Some(body) = els {
                    sites(body, branch, out);
                }
            }
            C::LetIf { chain, els, .. } => {
                for (cond, v) in chain {
                    sites_cond(cond, ctx, out);
                    val(v, out);
                }
                val(els, out);
            }
            C::Match { arms, .. } => {
                for a in arms {
                    if let Some(g) = &a.guard {
                        sites_cond(g, ctx, out);
                    }
                    sites(&a.body, branch, out);
                }
            }
            C::LetMatch { arms, .. } => {
                for a in arms {
                    if let Some(g) = &a.guard {
                        sites_cond(g, ctx, out);
                    }
                    val(&a.body, out);
                }
            }
            C::For { body, .. } | C::Loop(body) => sites(body, looped, out),
            C::While(cond, body) => {
                sites_cond(cond, looped, out);
                sites(body, looped, out);
            }
            C::Return(e) => sites_e(e, ctx, out),
            C::Arr(a) => {
                let (es, kids) = a.parts();
                for e in es {
                    sites_e(e, looped, out);
                }
                let kids: Vec<C> = kids.into_iter().cloned().collect();
                sites(&kids, looped, out);
            }
        }
    }
}

/// Every call in `prog`.
fn prog_sites(prog: &CfProg) -> Vec<Site> {
    let mut out = Vec::new();
    sites(&prog.body, Ctx::default(), &mut out);
    sites_e(&prog.tail, Ctx::default(), &mut out);
    out
}

fn path_of(f: &Rc<dyn Callee>) -> String {
    f.text(false, &[]).trim_end_matches("()").to_string()
}

impl Cf {
    /// Like [`Cf::retry`], but gives up (`None`) instead of panicking.
    fn attempt(
        &mut self,
        ind: usize,
        tries: usize,
        make: &mut dyn FnMut(&mut Cf, usize) -> Option<Vec<C>>,
    ) -> Option<Vec<C>> {
        for attempt in 0..tries {
            let save = self.save();
            let depth = self.g.calls.depth;
            let cost = 3usize.saturating_sub(attempt / 6);
            if let Some(cs) = make(self, cost) {
                let lines_fit = cs.iter().all(|c| match c {
                    C::S(s) => fits(s, ind),
                    _ => true,
                });
                if lines_fit && cs_fit(&cs, ind) {
                    return Some(cs);
                }
            }
            self.restore(save);
            self.g.calls.depth = depth;
        }
        None
    }

    /// A float argument for a call: an active expression in [-1.9, 1.9].
    fn call_arg(&mut self, cost: usize) -> X {
        let a = self.g.expr(cost, false);
        let a = self.g.active(a);
        self.g.bound(a, 1.9)
    }

    /// Runs `make` with the random calls restricted to `f`, made often.
    fn calling(
        &mut self,
        f: &Rc<dyn Callee>,
        make: &mut dyn FnMut(&mut Cf) -> Vec<C>,
    ) -> Option<Vec<C>> {
        let (targets, pct) = (self.g.calls.targets.clone(), self.g.calls.pct);
        self.g.calls.targets = vec![f.clone()];
        self.g.calls.pct = 35;
        let cs = make(self);
        self.g.calls.targets = targets;
        self.g.calls.pct = pct;
        Some(cs)
    }

    fn piece(&mut self, piece: &Piece, ind: usize) -> Option<Vec<C>> {
        let m = self.m.clone();
        let n = self.n.clone();
        match piece {
            Piece::Flow(seg) => {
                let seg = *seg;
                self.attempt(ind, 400, &mut |cf, cost| {
                    Some(match seg {
                        Seg::IfStmt => cf.seg_if_stmt(ind, cost),
                        Seg::IfExpr => cf.seg_if_expr(ind, cost),
                        Seg::Match => match (&m, &n) {
                            (Some(m), _) => cf.seg_match(ind, cost, m.clone(), 0, MMAX),
                            (None, Some(n)) => cf.seg_match(ind, cost, n.clone(), 0, NMAX),
                            (None, None) => cf.seg_if_expr(ind, cost),
                        },
                        Seg::Return => cf.seg_return(ind, cost),
                        _ => cf.seg_loop(seg, ind, cost),
                    })
                })
            }
            Piece::Let(f) => self.attempt(ind, 200, &mut |cf, cost| {
                let call = cf.g.call_of(f.clone(), cost, &[]);
                let e = if cf.g.chance(40) {
                    let other = cf.g.expr(cost / 2, true);
                    let op = cf.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = cf.g.binary(op, call, other);
                    cf.g.cap(out)
                } else {
                    call
                };
                let name = cf.g.fresh_name();
                Some(vec![C::S(cf.g.let_stmt(name, e, false))])
            }),
            Piece::Swap(f) => self.attempt(ind, 200, &mut |cf, cost| {
                let w: Vec<usize> = f
                    .wrt()
                    .iter()
                    .enumerate()
                    .filter(|(_, &w)| w)
                    .map(|(i, _)| i)
                    .collect();
                let (i, j) = (w[0], w[1]);
                let a = cf.call_arg(cost / 2);
                let b = cf.call_arg(cost / 2);
                if cf.g.same(&a.e, &b.e) {
                    return None;
                }
                let first =
                    cf.g.call_of(f.clone(), 0, &[(i, a.clone()), (j, b.clone())]);
                // the same arguments, `i` and `j` swapped
                let E::Call(_, args) = &first.e else {
                    unreachable!()
                };
                let mut swapped = args.clone();
                let pos: Vec<usize> = args
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.float().is_some())
                    .map(|(k, _)| k)
                    .collect();
                swapped.swap(pos[i], pos[j]);
                let second = x(E::Call(f.clone(), swapped), first.iv);
                let n1 = cf.g.fresh_name();
                let s1 = cf.g.let_stmt(n1, first, false);
                let n2 = cf.g.fresh_name();
                let s2 = cf.g.let_stmt(n2, second, false);
                Some(vec![C::S(s1), C::S(s2)])
            }),
            Piece::Feed(inner, outer) => self.attempt(ind, 200, &mut |cf, cost| {
                let first = cf.g.call_of(inner.clone(), cost / 2, &[]);
                let w = outer.wrt().iter().position(|&w| w).unwrap();
                if cf.g.chance(50) {
                    let call = cf.g.call_of(outer.clone(), cost / 2, &[(w, first)]);
                    let name = cf.g.fresh_name();
                    Some(vec![C::S(cf.g.let_stmt(name, call, false))])
                } else {
                    let n1 = cf.g.fresh_name();
                    let s1 = cf.g.let_stmt(n1.clone(), first, false);
                    let i = cf.find(&n1);
                    let v = cf.g.var(i);
                    let call = cf.g.call_of(outer.clone(), cost / 2, &[(w, v)]);
                    let n2 = cf.g.fresh_name();
                    let s2 = cf.g.let_stmt(n2, call, false);
                    Some(vec![C::S(s1), C::S(s2)])
                }
            }),
            Piece::InLoop(f) => {
                let mut kinds = vec![Seg::ForConst, Seg::ForConst, Seg::While, Seg::Loop];
                if n.is_some() {
                    kinds.push(Seg::ForN);
                }
                let kind = self.g.pick(&kinds);
                let path = path_of(f);
                self.attempt(ind, 200, &mut |cf, cost| {
                    let cs = cf.calling(f, &mut |cf| cf.seg_loop(kind, ind, cost))?;
                    let mut found = Vec::new();
                    sites(&cs, Ctx::default(), &mut found);
                    found
                        .iter()
                        .any(|s| s.path == path && s.ctx.in_loop)
                        .then_some(cs)
                })
            }
            Piece::InBranch(f) => {
                let path = path_of(f);
                let k = self.g.below(3);
                self.attempt(ind, 200, &mut |cf, cost| {
                    let cs = cf.calling(f, &mut |cf| match (k, &m, &n) {
                        (0, _, _) => cf.seg_if_stmt(ind, cost),
                        (2, Some(m), _) => cf.seg_match(ind, cost, m.clone(), 0, MMAX),
                        (2, None, Some(n)) => cf.seg_match(ind, cost, n.clone(), 0, NMAX),
                        _ => cf.seg_if_expr(ind, cost),
                    })?;
                    let mut found = Vec::new();
                    sites(&cs, Ctx::default(), &mut found);
                    found
                        .iter()
                        .any(|s| s.path == path && s.ctx.in_branch)
                        .then_some(cs)
                })
            }
        }
    }

    /// A function built from `spec`, and an interval of its value; `None` if a
    /// piece could not be made.
    fn function(&mut self, spec: &Spec) -> Option<(CfProg, Iv)> {
        let ind = spec.ind;
        let g = &mut self.g;
        g.f32 = false;
        g.scope.clear();
        g.taken.clear();
        g.int = None;
        self.ints.clear();
        self.used.clear();
        self.assigned.clear();
        self.g.taken.extend(["m".to_string(), "n".to_string()]);
        self.g.taken.extend(spec.reserved.iter().cloned());
        let mut params = Vec::new();
        while params.len() < spec.nf {
            let n = if self.g.chance(85) {
                PARAM_NAMES[self.g.below(12)]
            } else {
                self.g.pick(&PARAM_NAMES)
            };
            if !self.g.taken.iter().any(|t| t == n) {
                self.g.taken.push(n.to_string());
                let mutable = self.g.chance(5);
                params.push(Param {
                    name: n.to_string(),
                    kind: Kind::Float,
                    mutable,
                });
            }
        }
        for p in &params {
            self.g.scope.push(Var {
                name: p.name.clone(),
                iv: Iv::new(-1.9, 1.9),
                unread: true,
                mutable: p.mutable,
                mutated: false,
            });
        }
        self.m = spec.m.then(|| "m".to_string());
        self.n = spec.n.then(|| "n".to_string());
        let mut ints = Vec::new();
        for (on, name, kind) in [
            (spec.m, "m", Kind::I32(MMAX as i32)),
            (spec.n, "n", Kind::Usize(NMAX as u32)),
        ] {
            if on {
                let at = self.g.below(params.len() + 1);
                params.insert(
                    at,
                    Param {
                        name: name.to_string(),
                        kind: kind.clone(),
                        mutable: false,
                    },
                );
                ints.push((name.to_string(), kind));
            }
        }
        let nf = spec.nf;
        let wrt = if spec.wrt_subset && nf >= 2 {
            let mut w: Vec<usize> = (0..nf).filter(|_| self.g.chance(50)).collect();
            if w.is_empty() || w.len() == nf {
                w = vec![self.g.below(nf)];
            }
            Some(w)
        } else {
            None
        };
        self.g.calls = Calls {
            targets: spec.targets.clone(),
            pct: spec.pct,
            ints,
            depth: 0,
        };
        let mut body: Vec<C> = Vec::new();
        for piece in &spec.pieces {
            for _ in 0..self.g.below(2) {
                let want = 1 + self.g.below(3);
                let s = self.fit(ind, want, &mut |cf, c| cf.g.statement(c));
                body.push(C::S(s));
            }
            body.extend(self.piece(piece, ind)?);
        }
        if spec.pieces.is_empty() {
            for _ in 0..1 + self.g.below(3) {
                let want = 1 + self.g.below(3);
                let s = self.fit(ind, want, &mut |cf, c| cf.g.statement(c));
                body.push(C::S(s));
            }
        }
        // every `mut` binding is mutated at least once
        for i in 0..self.g.scope.len() {
            if self.g.scope[i].mutable && !self.g.scope[i].mutated {
                let name = self.g.scope[i].name.clone();
                let s = self.fit(ind, 1, &mut |cf, c| cf.update_once(&name, Vec::new(), c));
                body.push(C::S(s));
            }
        }
        // fold unread values until the tail can read them all on one line
        loop {
            let unread: Vec<usize> = (0..self.g.scope.len())
                .filter(|&i| self.g.scope[i].unread)
                .collect();
            if unread.len() <= 3 {
                break;
            }
            let s = self.fit(ind, 0, &mut |cf, _| {
                let xs = vec![cf.g.var(unread[0]), cf.g.var(unread[1])];
                let a = cf.g.combine(xs, 0);
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, false))
            });
            body.push(C::S(s));
        }
        let ret = self.g.chance(10);
        let mut out = Iv::pt(0.0);
        let helper = spec.helper;
        let tail = self.fit(ind, 1, &mut |cf, c| {
            let xs = cf.g.read_unread(0);
            let t = cf.g.combine(xs, c);
            let t = if helper && t.iv.mag() > 4.0 {
                cf.g.bound(t, 3.0)
            } else {
                t
            };
            out = t.iv;
            Some(St::Assign {
                name: if ret { "return".into() } else { "tail".into() },
                e: t.e,
            })
        });
        let St::Assign { e: tail, .. } = tail else {
            unreachable!()
        };
        self.g.calls = Calls::default();
        let prog = CfProg {
            name: spec.name.clone(),
            params,
            wrt,
            body,
            tail,
            ret,
            points: Vec::new(),
            fd: false,
            fb_scaled: self.g.chance(50),
        };
        Some((prog, out))
    }

    /// Three good sample points for `prog` (and whether finite differences are
    /// reliable at all of them); `None` if there are none or the gradient is 0.
    fn points(&mut self, prog: &mut CfProg) -> bool {
        let mut fd = true;
        let mut live: f64 = 0.0;
        for _ in 0..300 {
            if prog.points.len() == POINTS {
                break;
            }
            let p: Vec<f64> = (0..prog.nfloats()).map(|_| self.g.coordinate()).collect();
            let k: Vec<i32> = prog
                .params
                .iter()
                .filter_map(|par| match par.kind {
                    Kind::Float => None,
                    Kind::I32(_) => Some(self.g.rng.gen_range(0..=MMAX as i32)),
                    _ => Some(self.g.pick(&[0, 1, 2, 3, 3, 4, 4, 5, 6])),
                })
                .collect();
            let run = |q: &[f64]| run_cf(prog, q, &k);
            if let Some((ok, size)) = judge_with(&run, &p, &prog.wrt(), false) {
                fd &= ok;
                live = live.max(size);
                prog.points.push((p, k));
            }
        }
        prog.fd = fd;
        prog.points.len() == POINTS && live >= 1e-3
    }
}

/// One group: its helpers (in order of definition) and top-level functions.
struct Group {
    name: String,
    module: Option<String>,
    helpers: Vec<Rc<Helper>>,
    tops: Vec<(CfProg, usize)>,
}

/// The depth of a function calling `callees` (paths from it) among `helpers`.
fn depth(helpers: &[Rc<Helper>], found: &[Site]) -> usize {
    1 + found
        .iter()
        .filter_map(|s| {
            let name = s.path.rsplit("::").next().unwrap();
            helpers
                .iter()
                .find(|h| h.prog.name == name)
                .map(|h| h.depth)
        })
        .max()
        .unwrap_or(0)
}

fn helper_segments(cf: &mut Cf, m: bool, n: bool) -> Vec<Piece> {
    let nseg = cf.g.weighted(&[35, 50, 15]);
    let mut segs: Vec<Piece> = (0..nseg)
        .map(|_| {
            let k =
                cf.g.weighted(&[14, 14, if m { 10 } else { 0 }, 20, 0, 8, 8, 6]);
            Piece::Flow(
                [
                    Seg::IfStmt,
                    Seg::IfExpr,
                    Seg::Match,
                    Seg::ForConst,
                    Seg::ForN,
                    Seg::While,
                    Seg::Loop,
                    Seg::Return,
                ][k],
            )
        })
        .collect();
    if m && !segs.iter().any(|s| matches!(s, Piece::Flow(Seg::Match))) {
        segs.push(Piece::Flow(Seg::Match));
    }
    if n {
        let at = cf.g.below(segs.len() + 1);
        segs.insert(at, Piece::Flow(Seg::ForN));
    }
    segs
}

fn make_group(cf: &mut Cf, index: usize) -> Group {
    let name = format!("g{index:03}");
    let nh = 2 + cf.g.weighted(&[40, 40, 20]);
    let module = cf.g.chance(45).then(|| cf.g.pick(&MOD_NAMES).to_string());
    let mut names: Vec<&str> = Vec::new();
    while names.len() < nh {
        let n = cf.g.pick(&HELPER_NAMES);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let mut reserved: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    reserved.extend(TOP_NAMES.iter().map(|n| n.to_string()));
    reserved.extend(module.iter().cloned());
    // which helpers are in the nested module (at least one if there is one)
    let mut inside: Vec<bool> = (0..nh)
        .map(|_| module.is_some() && cf.g.chance(50))
        .collect();
    if module.is_some() && !inside.contains(&true) {
        let k = cf.g.below(nh);
        inside[k] = true;
    }
    let mut helpers: Vec<Rc<Helper>> = Vec::new();
    for (j, hname) in names.iter().enumerate() {
        let hmod = if inside[j] { module.clone() } else { None };
        // a chain: most helpers call the one before
        let chain = j > 0 && cf.g.chance(70);
        let h = loop {
            let nf = [1, 2, 2, 3, 3][cf.g.below(5)];
            let m = cf.g.chance(12);
            let n = cf.g.chance(20);
            let mut pieces = helper_segments(cf, m, n);
            let targets: Vec<Rc<dyn Callee>> = helpers.iter().map(|h| target(h, &hmod)).collect();
            if chain {
                let prev = targets[j - 1].clone();
                let p = match cf.g.weighted(&[60, 20, 20]) {
                    0 => Piece::Let(prev),
                    1 => Piece::InBranch(prev),
                    _ => Piece::InLoop(prev),
                };
                let at = cf.g.below(pieces.len() + 1);
                pieces.insert(at, p);
            }
            let spec = Spec {
                name: hname.to_string(),
                ind: if hmod.is_some() { 12 } else { 8 },
                nf,
                m,
                n,
                wrt_subset: cf.g.chance(12),
                pieces,
                targets,
                pct: 5,
                reserved: reserved.clone(),
                helper: true,
            };
            let Some((mut prog, out)) = cf.function(&spec) else {
                continue;
            };
            let size = prog.gates();
            if !(3..=15).contains(&size) || !fits_at(&prog, spec.ind - 4) || !ints_read(&prog) {
                continue;
            }
            if !cf.points(&mut prog) || !fits_at(&prog, spec.ind - 4) {
                continue;
            }
            let found = prog_sites(&prog);
            let d = depth(&helpers, &found);
            break Helper {
                prog,
                module: hmod.clone(),
                out,
                depth: d,
            };
        };
        helpers.push(Rc::new(h));
    }
    // the helpers no other helper calls
    let mut called: Vec<String> = Vec::new();
    for h in &helpers {
        for s in prog_sites(&h.prog) {
            called.push(s.path.rsplit("::").next().unwrap().to_string());
        }
    }
    let roots: Vec<usize> = (0..nh)
        .filter(|&k| !called.contains(&helpers[k].prog.name))
        .collect();
    let ntop = 1 + usize::from(cf.g.chance(70));
    let mut tops = Vec::new();
    for (t, top_name) in TOP_NAMES.iter().enumerate().take(ntop) {
        let top = loop {
            let targets: Vec<Rc<dyn Callee>> = helpers.iter().map(|h| target(h, &None)).collect();
            let mut pieces: Vec<Piece> = Vec::new();
            // the first top-level function calls every root
            if t == 0 {
                for &r in &roots {
                    let f = targets[r].clone();
                    pieces.push(match cf.g.weighted(&[40, 30, 30]) {
                        0 => Piece::Let(f),
                        1 => Piece::InLoop(f),
                        _ => Piece::InBranch(f),
                    });
                }
            }
            let two: Vec<usize> = (0..nh)
                .filter(|&k| helpers[k].prog.wrt().len() >= 2)
                .collect();
            let want = 1 + cf.g.below(2);
            for _ in 0..want {
                let f = targets[cf.g.below(nh)].clone();
                let g2 = targets[cf.g.below(nh)].clone();
                let k =
                    cf.g.weighted(&[if two.is_empty() { 0 } else { 25 }, 25, 20, 20, 10]);
                pieces.push(match k {
                    0 => Piece::Swap(targets[cf.g.pick(&two)].clone()),
                    1 => Piece::Feed(f, g2),
                    2 => Piece::InLoop(f),
                    3 => Piece::InBranch(f),
                    _ => Piece::Let(f),
                });
            }
            if cf.g.chance(30) {
                let k = cf.g.weighted(&[14, 14, 8, 20, 10, 10, 6]);
                let seg = [
                    Seg::IfStmt,
                    Seg::IfExpr,
                    Seg::Match,
                    Seg::ForConst,
                    Seg::While,
                    Seg::Loop,
                    Seg::Return,
                ][k];
                pieces.push(Piece::Flow(seg));
            }
            // the integer parameters are read
            let (m, n) = (cf.g.chance(15), cf.g.chance(35));
            if m {
                pieces.push(Piece::Flow(Seg::Match));
            }
            if n {
                pieces.push(Piece::Flow(Seg::ForN));
            }
            // the order of the pieces
            for i in (1..pieces.len()).rev() {
                let j = cf.g.below(i + 1);
                pieces.swap(i, j);
            }
            let spec = Spec {
                name: top_name.to_string(),
                ind: 8,
                nf: [1, 2, 2, 3, 3][cf.g.below(5)],
                m,
                n,
                wrt_subset: cf.g.chance(8),
                pieces,
                targets,
                pct: 6,
                reserved: reserved.clone(),
                helper: false,
            };
            let Some((mut prog, _)) = cf.function(&spec) else {
                continue;
            };
            if !(4..=70).contains(&prog.gates()) || !fits_at(&prog, 4) || !ints_read(&prog) {
                continue;
            }
            if !cf.points(&mut prog) || !fits_at(&prog, 4) {
                continue;
            }
            let d = depth(&helpers, &prog_sites(&prog));
            break (prog, d);
        };
        tops.push(top);
    }
    Group {
        name,
        module,
        helpers,
        tops,
    }
}

/// Whether the body of `prog` reads each of its integer parameters.
fn ints_read(prog: &CfProg) -> bool {
    let cx = Cx {
        twin: false,
        f32: false,
    };
    let mut text = String::new();
    print_body(cx, &mut text, &prog.body, 4);
    text.push_str(&cx.expr(&prog.tail));
    let words: Vec<&str> = text
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .collect();
    prog.params
        .iter()
        .filter(|p| !matches!(p.kind, Kind::Float))
        .all(|p| words.contains(&p.name.as_str()))
}

/// `write_cf`'s text for `prog`, indented by `shift`, the twin public (callers
/// in other modules use it).
fn fun_text(prog: &CfProg, shift: usize) -> String {
    let mut text = String::new();
    write_cf(&mut text, prog);
    let n = &prog.name;
    let text = text.replacen(&format!("\nfn {n}_nd("), &format!("\npub fn {n}_nd("), 1);
    let pad = " ".repeat(shift);
    let mut out = String::new();
    for l in text.lines() {
        if l.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{l}");
        }
    }
    out
}

/// Whether the signature, adapters and test lines stay on one line under rustfmt
/// (as [`cf_fits`], at indentation `shift`).
fn fits_at(prog: &CfProg, shift: usize) -> bool {
    fun_text(prog, shift).lines().all(|l| {
        let t = l.trim_start();
        let call_like = t.starts_with("(v, vec![") || t.starts_with("t.check(");
        let fn_line = t.contains("fn ") && t.contains("(p: &[f64]");
        let sig = t.starts_with("pub fn ");
        l.len() <= 96
            && (!call_like || t.len() <= 58)
            && (!fn_line || l.len() <= 92)
            && (!sig || l.len() <= 92)
    })
}

fn write_group(out: &mut String, g: &Group) {
    let _ = writeln!(out);
    let _ = writeln!(out, "mod {} {{", g.name);
    let _ = writeln!(out, "    use super::*;");
    for h in g.helpers.iter().filter(|h| h.module.is_none()) {
        out.push_str(&fun_text(&h.prog, 4));
    }
    if let Some(m) = &g.module {
        let _ = writeln!(out);
        let _ = writeln!(out, "    mod {m} {{");
        let _ = writeln!(out, "        use super::*;");
        for h in g.helpers.iter().filter(|h| h.module.is_some()) {
            out.push_str(&fun_text(&h.prog, 8));
        }
        let _ = writeln!(out, "    }}");
    }
    for (t, _) in &g.tops {
        out.push_str(&fun_text(t, 4));
    }
    let _ = writeln!(out, "}}");
}

/// The full text of `tests/random_calls.rs`.
pub fn generate() -> String {
    let mut cf = Cf {
        g: Gen {
            rng: ChaCha8Rng::seed_from_u64(SEED_CALLS),
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
    };
    let mut groups = Vec::new();
    let mut ntops = 0;
    while ntops < NTOP {
        let g = make_group(&mut cf, groups.len());
        ntops += g.tops.len();
        groups.push(g);
    }

    let mut programs = String::new();
    for g in &groups {
        write_group(&mut programs, g);
    }
    // statistics for the header
    let helpers: Vec<&Helper> = groups
        .iter()
        .flat_map(|g| g.helpers.iter().map(|h| &**h))
        .collect();
    let tops: Vec<&(CfProg, usize)> = groups.iter().flat_map(|g| &g.tops).collect();
    let all: Vec<&CfProg> = helpers
        .iter()
        .map(|h| &h.prog)
        .chain(tops.iter().map(|(t, _)| t))
        .collect();
    let total: usize = all.iter().map(|p| p.gates()).sum();
    let fd = all.iter().filter(|p| p.fd).count();
    let all_sites: Vec<Vec<Site>> = all.iter().map(|p| prog_sites(p)).collect();
    let count = |f: &dyn Fn(&Site) -> bool| all_sites.iter().filter(|s| s.iter().any(f)).count();
    let depth_of = |d: usize| tops.iter().filter(|(_, k)| *k == d).count();
    let swaps = groups
        .iter()
        .flat_map(|g| &g.tops)
        .filter(|(t, _)| has_swap(t))
        .count();
    let ncalls: usize = all_sites.iter().map(Vec::len).sum();
    let list = [
        format!("calls inside a loop {}", count(&|s| s.ctx.in_loop)),
        format!("inside a branch {}", count(&|s| s.ctx.in_branch)),
        format!("in a condition {}", count(&|s| s.ctx.in_cond)),
        format!("as an argument of a call {}", count(&|s| s.ctx.in_call)),
        format!("by a module path {}", count(&|s| s.path.contains("::"))),
        format!(
            "through `super::` {}",
            count(&|s| s.path.starts_with("super::"))
        ),
        format!("a helper called twice with swapped arguments {swaps}"),
        format!(
            "top-level call chains of depth 2: {}, 3: {}, 4: {}, 5: {}",
            depth_of(2),
            depth_of(3),
            depth_of(4),
            depth_of(5)
        ),
    ];
    let nhelpers = helpers.len();
    let ntops = tops.len();
    let ngroups = groups.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by tools/gen-programs (seed {SEED_CALLS:#x}); do not edit by hand.
// Regenerate with `cargo run -p gen-programs`; tests/random_programs_fresh.rs fails
// when this file differs from what the generator writes.
//
// {ngroups} random call graphs, one module each: {nhelpers} helper functions (1 to 3 float
// parameters, some an integer one, 3 to 15 gates, some with branches and loops) and
// {ntops} top-level functions calling them ({ncalls} calls in all, {total} gates), every one
// differentiated by `#[differentiate]` and compared at {POINTS} points with a twin evaluated
// by num-dual (forward mode) calling the callees' twins, value and every gradient
// component; {fd} of them also against central finite differences. Functions with:
{}

// the programs exercise the `return e;` form on purpose; not every twin method is used
#![allow(clippy::needless_return, dead_code)]
",
        wrap_list(&list)
    );
    out.push_str(INCLUDE_COMMON);
    out.push_str("include!(\"../tools/gen-programs/src/preamble_cf.rs\");\n");
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

/// Whether `prog` has `let a = f(.., u, .., v, ..); let b = f(.., v, .., u, ..);`.
fn has_swap(prog: &CfProg) -> bool {
    prog.body.windows(2).any(|w| match (&w[0], &w[1]) {
        (
            C::S(St::Let {
                e: E::Call(f, a), ..
            }),
            C::S(St::Let {
                e: E::Call(g, b), ..
            }),
        ) => {
            let cx = Cx {
                twin: false,
                f32: false,
            };
            let ta = cx.expr(&E::Call(f.clone(), a.clone()));
            let tb = cx.expr(&E::Call(g.clone(), b.clone()));
            path_of(f) == path_of(g) && ta != tb && {
                let fa: Vec<String> = a
                    .iter()
                    .filter_map(CallArg::float)
                    .map(|e| cx.expr(e))
                    .collect();
                let fb: Vec<String> = b
                    .iter()
                    .filter_map(CallArg::float)
                    .map(|e| cx.expr(e))
                    .collect();
                let mut sa = fa.clone();
                let mut sb = fb.clone();
                sa.sort();
                sb.sort();
                sa == sb
            }
        }
        _ => false,
    })
}
