//! Calls between generated functions: a helper seen from a caller (its path there),
//! the pieces of a calling function's body (a call in a `let`, the same helper called
//! twice with swapped arguments, one call's result fed into another, calls in loops
//! and branches), and the function built from them.

use crate::ast::{each_sub, walk, Ctx, C, E};
use crate::gen::{x, G, X};
use crate::iv::Iv;
use crate::loops::LoopKind;
use crate::ops::Bin;
use crate::program::{Prog, Seg};
use std::rc::Rc;

/// A generated helper, the nested module it is defined in (if not the group's), and
/// an interval of its value for float arguments in [-1.9, 1.9].
pub struct Helper {
    pub prog: Prog,
    pub module: Option<String>,
    pub out: Iv,
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

/// Every call in `cs` (and `tail`): the callee and where the call stands.
pub fn sites(cs: &[C], tail: Option<&E>) -> Vec<(Rc<Target>, Ctx)> {
    let mut out = Vec::new();
    let mut f = |e: &E, ctx: Ctx| {
        if let E::Call(t, _) = e {
            out.push((t.clone(), ctx));
        }
    };
    walk(cs, Ctx::default(), &mut |_, _| {}, &mut f);
    tail.iter().for_each(|t| each_sub(t, Ctx::default(), &mut f));
    out
}

/// Calls on the longest chain starting at `p` (1: it calls nothing).
pub fn depth(p: &Prog) -> usize {
    1 + sites(&p.body, Some(&p.tail)).iter().map(|(t, _)| depth(&t.h.prog)).max().unwrap_or(0)
}

impl G {
    /// `make` with the random calls restricted to `f`, made often; kept if some call
    /// of `f` stands where `want` says.
    fn calling(
        &mut self,
        f: &Rc<Target>,
        want: fn(Ctx) -> bool,
        make: &mut dyn FnMut(&mut G) -> Vec<C>,
    ) -> Option<Vec<C>> {
        let saved = std::mem::replace(&mut self.calls.targets, vec![f.clone()]);
        let pct = std::mem::replace(&mut self.calls.pct, 35);
        let cs = make(self);
        (self.calls.targets, self.calls.pct) = (saved, pct);
        sites(&cs, None).iter().any(|(t, ctx)| t.path == f.path && want(*ctx)).then_some(cs)
    }
    fn piece(&mut self, piece: &Piece) -> Option<Vec<C>> {
        match piece {
            Piece::Flow(seg) => self.attempt(400, &mut |g, cost| g.segment(*seg, cost)),
            Piece::Let(f) => self.attempt(200, &mut |g, cost| {
                let mut e = g.call_of(f.clone(), cost, &[]);
                if g.chance(40) {
                    let (other, op) =
                        (g.expr(cost / 2, true), g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]));
                    e = g.binary(op, e, other);
                    e = g.cap(e);
                }
                Some(vec![g.let_new(e, false)])
            }),
            Piece::Swap(f) => self.attempt(200, &mut |g, cost| {
                let w = f.h.prog.wrt();
                let [a, b]: [X; 2] = [0, 1].map(|_| {
                    let a = g.operand(cost / 2);
                    g.bound(a, 1.9)
                });
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
                let second = x(E::Call(f.clone(), swapped), first.iv);
                Some(vec![g.let_new(first, false), g.let_new(second, false)])
            }),
            Piece::Feed(inner, outer) => self.attempt(200, &mut |g, cost| {
                let first = g.call_of(inner.clone(), cost / 2, &[]);
                let w = outer.h.prog.wrt()[0];
                if g.chance(50) {
                    let call = g.call_of(outer.clone(), cost / 2, &[(w, first)]);
                    return Some(vec![g.let_new(call, false)]);
                }
                let s1 = g.let_new(first, false);
                let call = g.call_of(outer.clone(), cost / 2, &[(w, g.var(g.scope.len() - 1))]);
                Some(vec![s1, g.let_new(call, false)])
            }),
            Piece::InLoop(f) => {
                let mut kinds =
                    vec![LoopKind::ForConst, LoopKind::ForConst, LoopKind::While, LoopKind::Loop];
                kinds.extend(self.n.is_some().then_some(LoopKind::ForN));
                let kind = self.pick(&kinds);
                self.attempt(200, &mut |g, cost| {
                    g.calling(f, |c| c.in_loop, &mut |g| g.seg_loop(kind, cost))
                })
            }
            Piece::InBranch(f) => {
                let seg = match (self.below(3), self.m.is_some() || self.n.is_some()) {
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
    /// A function `name` made of `pieces` (with statements between them), which may
    /// call `targets` by chance, has integer parameters `m` and `n` if asked, and no
    /// local named as one of `reserved`; with an interval of its value (kept moderate
    /// for a `helper`); `None` if a piece could not be made, or its size is not in
    /// `size`, or it has no good points.
    pub fn function(
        &mut self,
        name: &str,
        (m, n): (bool, bool),
        pieces: &[Piece],
        targets: Vec<Rc<Target>>,
        reserved: &[String],
        helper: bool,
    ) -> Option<(Prog, Iv)> {
        self.reset();
        self.taken.extend(reserved.iter().cloned().chain(["m".into(), "n".into()]));
        let nf = self.pick(&[1, 2, 2, 3, 3]);
        let mut params = self.float_params(nf, 5);
        self.int_params(&mut params, m, n);
        let wrt = if self.chance(if helper { 12 } else { 8 }) { self.wrt(nf, 100) } else { None };
        (self.calls.targets, self.calls.pct) = (targets, if helper { 5 } else { 6 });
        let mut body: Vec<C> = Vec::new();
        for piece in pieces {
            let k = self.below(2);
            body.extend(self.statements(k, 3));
            body.extend(self.piece(piece)?);
        }
        if pieces.is_empty() {
            let k = 1 + self.below(3);
            body.extend(self.statements(k, 3));
        }
        let mut prog = self.finish(name.into(), params, wrt, body, helper);
        let out = self.last_iv;
        self.calls = Default::default();
        let size = if helper { 3..=15 } else { 4..=70 };
        let ok = size.contains(&prog.gates())
            && crate::checks::ints_read(&prog)
            && !crate::checks::lint_traps(&prog);
        (ok && self.points(&mut prog, false)).then_some((prog, out))
    }
}
