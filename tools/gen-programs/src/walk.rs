//! Walks over the syntax of the generated programs: where each expression and
//! statement stands ([`Ctx`]), visits of every statement and expression, and
//! measures (how many operations, whether a variable is read).

use crate::ast::*;

/// Where an expression or statement stands.
#[derive(Clone, Copy, Default)]
pub struct Ctx {
    pub in_loop: bool,
    /// How many loops enclose it.
    pub depth: u8,
    pub in_branch: bool,
    pub in_cond: bool,
    pub in_call: bool,
    /// A reference (an element bound by `for v in xs.iter()`) may stand there bare.
    pub bare_ok: bool,
}

impl Ctx {
    fn with(self, f: impl FnOnce(&mut Ctx)) -> Ctx {
        let mut c = Ctx { bare_ok: false, ..self };
        f(&mut c);
        c
    }
}

pub type Parts<'a> = (Vec<(&'a E, Ctx)>, Vec<(&'a C, Ctx)>);

fn cond_es<'a>(c: &'a Cond, ctx: Ctx, out: &mut Vec<(&'a E, Ctx)>) {
    match c {
        Cond::F(a, _, b) => out.extend([(a, ctx), (b, ctx)]),
        Cond::I(..) => {}
        Cond::And(a, b) | Cond::Or(a, b) => {
            cond_es(a, ctx, out);
            cond_es(b, ctx, out);
        }
    }
}

fn arm<'a>(v: &'a Val, ctx: Ctx, es: &mut Vec<(&'a E, Ctx)>, kids: &mut Vec<(&'a C, Ctx)>) {
    es.extend(v.e.iter().map(|e| (e, ctx)));
    kids.extend(v.stmts.iter().map(|c| (c, ctx)));
}

impl C {
    /// The expressions directly in the statement and its child statements, each
    /// with where it stands (`ctx`: where the statement stands).
    pub fn parts(&self, ctx: Ctx) -> Parts<'_> {
        let (mut es, mut kids) = (Vec::new(), Vec::new());
        let cond = ctx.with(|c| c.in_cond = true);
        let branch = ctx.with(|c| c.in_branch = true);
        let looped = ctx.with(|c| {
            c.in_loop = true;
            c.depth += 1;
        });
        match self {
            C::Let { e, .. } | C::Return(e) => es.push((e, ctx.with(|_| {}))),
            C::Set { ix, op, e, .. } => {
                es.push((e, ctx.with(|c| c.bare_ok = ix.is_empty() && op.is_some())))
            }
            C::If { chain, els, .. } => {
                for (c, v) in chain {
                    cond_es(c, cond, &mut es);
                    arm(v, branch, &mut es, &mut kids);
                }
                els.iter().for_each(|v| arm(v, branch, &mut es, &mut kids));
            }
            C::Match { arms, .. } => {
                for a in arms {
                    a.guard.iter().for_each(|g| cond_es(g, cond, &mut es));
                    arm(&a.body, branch, &mut es, &mut kids);
                }
            }
            C::For { body, .. } | C::ForEach { body, .. } | C::Loop(body) => {
                kids.extend(body.iter().map(|c| (c, looped)))
            }
            C::While(c, body) => {
                cond_es(c, looped.with(|c| c.in_cond = true), &mut es);
                kids.extend(body.iter().map(|c| (c, looped)));
            }
            C::LetArr { elems, .. } | C::LetMut { init: Init::Vals(elems), .. } => {
                es.extend(elems.iter().map(|e| (e, ctx.with(|_| {}))))
            }
            C::LetMut { init: Init::Splat(e, _), .. } => es.push((e, ctx.with(|_| {}))),
            _ => {}
        }
        (es, kids)
    }
}

impl E {
    /// The operands (for a block, the expressions of its statements and its tail).
    pub fn kids(&self) -> Vec<&E> {
        match self {
            E::Neg(a) => vec![a],
            E::Bin(_, a, b) => vec![a, b],
            E::Op(_, _, args) | E::Call(_, args) => args.iter().collect(),
            E::Block(s, t) => {
                let es = s.iter().flat_map(|c| c.parts(Ctx::default()).0).map(|p| p.0);
                es.chain([&**t]).collect()
            }
            _ => vec![],
        }
    }
}

/// Calls `f` on `e` and every expression inside it (`ctx`: where `e` stands).
pub fn each_sub(e: &E, ctx: Ctx, f: &mut dyn FnMut(&E, Ctx)) {
    f(e, ctx);
    let inner = ctx.with(|c| c.in_call |= matches!(e, E::Call(..)));
    for k in e.kids() {
        each_sub(k, inner, f);
    }
}

/// Calls `f` on every statement in `cs` (and below) with where it stands, and `g`
/// on every expression (and below).
pub fn walk(cs: &[C], ctx: Ctx, f: &mut dyn FnMut(&C, Ctx), g: &mut dyn FnMut(&E, Ctx)) {
    for c in cs {
        f(c, ctx);
        let (es, kids) = c.parts(ctx);
        for (e, ctx) in es {
            each_sub(e, ctx, g);
        }
        for (k, ctx) in kids {
            walk(std::slice::from_ref(k), ctx, f, g);
        }
    }
}

/// Every expression in `cs` and `tail` (and below).
pub fn each_e(cs: &[C], tail: Option<&E>, g: &mut dyn FnMut(&E)) {
    walk(cs, Ctx::default(), &mut |_, _| {}, &mut |e, _| g(e));
    if let Some(t) = tail {
        each_sub(t, Ctx::default(), &mut |e, _| g(e));
    }
}

/// The direct child statements of `c`.
pub fn kids(c: &C) -> Vec<C> {
    c.parts(Ctx::default()).1.into_iter().map(|k| k.0.clone()).collect()
}

/// How many operations `e` has.
pub fn gates(e: &E) -> usize {
    let own = match e {
        E::Arr(..) | E::Neg(_) | E::Bin(..) | E::Op(..) | E::Call(..) => 1,
        E::Block(s, t) => return s.iter().map(c_gates).sum::<usize>() + gates(t),
        _ => 0,
    };
    own + e.kids().into_iter().map(gates).sum::<usize>()
}

pub fn c_gates(c: &C) -> usize {
    let (es, kids) = c.parts(Ctx::default());
    let op = matches!(c, C::Set { op: Some(_), .. });
    usize::from(op)
        + es.into_iter().map(|(e, _)| gates(e)).sum::<usize>()
        + kids.into_iter().map(|(c, _)| c_gates(c)).sum::<usize>()
}

/// Whether `e` reads a variable.
pub fn has_var(e: &E) -> bool {
    match e {
        E::Var(_) | E::Elem(..) | E::Arr(..) | E::Block(..) => true,
        _ => e.kids().into_iter().any(has_var),
    }
}

/// Whether `e` has a leaf other than a literal (so its type is known and it can
/// be a method receiver).
pub fn typed(e: &E) -> bool {
    match e {
        E::Lit(_) | E::Int(_) => false,
        E::Var(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => true,
        E::Block(..) | E::Call(..) => true,
        _ => e.kids().into_iter().any(typed),
    }
}
