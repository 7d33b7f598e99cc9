//! Calls between generated functions: a helper seen from a caller (its path there),
//! the pieces of a calling function's body (a call in a `let`, the same helper called
//! twice with swapped arguments, one call's result fed into another, calls in loops
//! and branches), and the function built from them.

use crate::ast::{walk, Ctx, C, E};
use crate::gen::{G, X};
use crate::iv::Iv;
use crate::loops::LoopKind;
use crate::ops::Bin;
use crate::program::{Prog, Seg};
use std::rc::Rc;

/// A generated helper, and the nested module it is defined in (if not the group's).
pub struct Helper {
    pub prog: Prog,
    pub module: Option<String>,
    /// An interval of its value for float arguments in [-1.9, 1.9].
    pub out: Iv,
    /// Calls on the longest chain starting here (1: calls nothing).
    pub depth: usize,
}

/// A helper as seen from a calling function: its path from there.
pub struct Target {
    pub h: Rc<Helper>,
    pub path: String,
}

/// `h` called from a function in module `from` (`None`: the group's module).
pub fn target(h: &Rc<Helper>, from: &Option<String>) -> Rc<Target> {
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
pub enum Piece {
    /// A segment (calls only by chance).
    Flow(Seg),
    /// `let v = [..] f(..) [..];`
    Let(Rc<Target>),
    /// `let a = f(u, v, ..); let b = f(v, u, ..);`
    Swap(Rc<Target>),
    /// `let r = g(f(..), ..);` or `let a = f(..); let r = g(a, ..);`
    Feed(Rc<Target>, Rc<Target>),
    /// A loop calling `f`.
    InLoop(Rc<Target>),
    /// A branch calling `f`.
    InBranch(Rc<Target>),
}

/// What a function's body is made of.
pub struct Spec {
    pub name: String,
    pub nf: usize,
    pub m: bool,
    pub n: bool,
    pub wrt_subset: bool,
    pub pieces: Vec<Piece>,
    /// Everything the function may call by chance, and how often.
    pub targets: Vec<Rc<Target>>,
    pub pct: u32,
    /// Names no local may take (the group's functions and module).
    pub reserved: Vec<String>,
    /// A helper: its value is kept moderate.
    pub helper: bool,
}

/// Every call in `cs` (and `tail`): the callee's path and where the call stands.
pub fn sites(cs: &[C], tail: Option<&E>) -> Vec<(String, Ctx)> {
    let mut out = Vec::new();
    let mut f = |e: &E, ctx: Ctx| {
        if let E::Call(t, _) = e {
            out.push((t.path.clone(), ctx));
        }
    };
    walk(cs, Ctx::default(), &mut |_, _| {}, &mut f);
    if let Some(t) = tail {
        crate::ast::each_sub(t, Ctx::default(), &mut f);
    }
    out
}

impl G {
    /// A float argument for a call: an active expression in [-1.9, 1.9].
    fn call_arg(&mut self, cost: usize) -> X {
        let a = self.expr(cost, false);
        let a = self.active(a);
        self.bound(a, 1.9)
    }
    /// `make` with the random calls restricted to `f`, made often; kept if some call
    /// of `f` stands where `want` says.
    fn calling(
        &mut self,
        f: &Rc<Target>,
        want: fn(Ctx) -> bool,
        make: &mut dyn FnMut(&mut G) -> Vec<C>,
    ) -> Option<Vec<C>> {
        let (targets, pct) = (self.calls.targets.clone(), self.calls.pct);
        self.calls.targets = vec![f.clone()];
        self.calls.pct = 35;
        let cs = make(self);
        self.calls.targets = targets;
        self.calls.pct = pct;
        sites(&cs, None).iter().any(|(p, ctx)| *p == f.path && want(*ctx)).then_some(cs)
    }
    fn piece(&mut self, piece: &Piece) -> Option<Vec<C>> {
        match piece {
            Piece::Flow(seg) => self.attempt(400, &mut |g, cost| g.segment(*seg, cost)),
            Piece::Let(f) => self.attempt(200, &mut |g, cost| {
                let call = g.call_of(f.clone(), cost, &[]);
                let e = if g.chance(40) {
                    let other = g.expr(cost / 2, true);
                    let op = g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = g.binary(op, call, other);
                    g.cap(out)
                } else {
                    call
                };
                Some(vec![g.let_new(e, false)])
            }),
            Piece::Swap(f) => self.attempt(200, &mut |g, cost| {
                let w = f.h.prog.wrt();
                let (a, b) = (g.call_arg(cost / 2), g.call_arg(cost / 2));
                if g.same(&a.e, &b.e) {
                    return None;
                }
                let first = g.call_of(f.clone(), 0, &[(w[0], a), (w[1], b)]);
                // the same arguments, the two swapped
                let E::Call(_, args) = &first.e else { unreachable!() };
                let pos: Vec<usize> =
                    (0..args.len()).filter(|&k| !matches!(args[k], E::Int(_))).collect();
                let mut swapped = args.clone();
                swapped.swap(pos[w[0]], pos[w[1]]);
                let second = crate::gen::x(E::Call(f.clone(), swapped), first.iv);
                Some(vec![g.let_new(first, false), g.let_new(second, false)])
            }),
            Piece::Feed(inner, outer) => self.attempt(200, &mut |g, cost| {
                let first = g.call_of(inner.clone(), cost / 2, &[]);
                let w = outer.h.prog.wrt()[0];
                if g.chance(50) {
                    let call = g.call_of(outer.clone(), cost / 2, &[(w, first)]);
                    Some(vec![g.let_new(call, false)])
                } else {
                    let s1 = g.let_new(first, false);
                    let v = g.var(g.scope.len() - 1);
                    let call = g.call_of(outer.clone(), cost / 2, &[(w, v)]);
                    Some(vec![s1, g.let_new(call, false)])
                }
            }),
            Piece::InLoop(f) => {
                let mut kinds =
                    vec![LoopKind::ForConst, LoopKind::ForConst, LoopKind::While, LoopKind::Loop];
                if self.n.is_some() {
                    kinds.push(LoopKind::ForN);
                }
                let kind = self.pick(&kinds);
                self.attempt(200, &mut |g, cost| {
                    g.calling(f, |c| c.in_loop, &mut |g| g.seg_loop(kind, cost))
                })
            }
            Piece::InBranch(f) => {
                let k = self.below(3);
                let seg = match (k, self.m.is_some() || self.n.is_some()) {
                    (0, _) => Seg::IfStmt,
                    (2, true) => Seg::Match,
                    _ => Seg::IfExpr,
                };
                self.attempt(200, &mut |g, cost| {
                    g.calling(f, |c| c.in_branch, &mut |g| g.segment(seg, cost).unwrap())
                })
            }
        }
    }
    /// A function built from `spec`, and an interval of its value; `None` if a piece
    /// could not be made.
    pub fn function(&mut self, spec: &Spec) -> Option<(Prog, Iv)> {
        self.reset();
        self.taken.extend(["m".to_string(), "n".to_string()]);
        self.taken.extend(spec.reserved.iter().cloned());
        let mut params = self.float_params(spec.nf, 5);
        self.int_params(&mut params, spec.m, spec.n);
        let wrt = if spec.wrt_subset { self.wrt(spec.nf, 100) } else { None };
        self.calls.targets = spec.targets.clone();
        self.calls.pct = spec.pct;
        let mut body: Vec<C> = Vec::new();
        for piece in &spec.pieces {
            for _ in 0..self.below(2) {
                let want = 1 + self.below(3);
                body.push(self.fit(want, &mut |g, c| g.statement(c)));
            }
            body.extend(self.piece(piece)?);
        }
        if spec.pieces.is_empty() {
            for _ in 0..1 + self.below(3) {
                let want = 1 + self.below(3);
                body.push(self.fit(want, &mut |g, c| g.statement(c)));
            }
        }
        let prog = self.finish(spec.name.clone(), params, wrt, body, spec.helper);
        let out = self.last_iv;
        self.calls = Default::default();
        Some((prog, out))
    }
}
