//! The syntax of the generated programs, and walks over it.

use crate::calls::Target;
use crate::ops::{ArrOp, Bin, Form, Op, U};
use std::rc::Rc;

#[derive(Clone)]
pub enum E {
    Var(String),
    /// A non-negative float literal.
    Lit(f64),
    /// One of [`crate::ops::KONSTS`].
    Konst(usize),
    /// `n as f64` of an integer variable.
    Cast(String),
    /// An integer operand (`powi`'s exponent, a call's integer argument): a literal or
    /// an integer variable.
    Int(String),
    Neg(Box<E>),
    Bin(Bin, Box<E>, Box<E>),
    /// A float method or gate, the receiver first.
    Op(Op, Form, Vec<E>),
    /// `{ stmts; tail }`, only as the right side of a `let`.
    Block(Vec<C>, Box<E>),
    /// A call of another generated function, by its path from the caller.
    Call(Rc<Target>, Vec<E>),
    /// An element of an array: `w[2]`, `w[i]`, `m[i][j]`.
    Elem(String, Vec<Ix>),
    /// A gate over whole arrays of length `.2`: `dot(a, b)`, `a.iter().sum::<f64>()`, ...
    Arr(ArrOp, Vec<String>, usize),
}

pub fn bin(op: Bin, a: E, b: E) -> E {
    E::Bin(op, Box::new(a), Box::new(b))
}

pub fn un(u: U, form: Form, a: E) -> E {
    E::Op(Op::Un(u), form, vec![a])
}

/// An array index: a constant or an integer (loop) variable.
#[derive(Clone, PartialEq)]
pub enum Ix {
    C(usize),
    V(String),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    Scalar,
    Vector(usize),
    /// `[[f64; cols]; rows]`
    Matrix(usize, usize),
}

impl Shape {
    pub fn size(self) -> usize {
        match self {
            Shape::Scalar => 1,
            Shape::Vector(n) => n,
            Shape::Matrix(r, n) => r * n,
        }
    }
    /// The keys (`[1]`, `[0][2]`) of every element.
    pub fn keys(self) -> Vec<String> {
        match self {
            Shape::Scalar => vec![String::new()],
            Shape::Vector(n) => (0..n).map(|k| format!("[{k}]")).collect(),
            Shape::Matrix(r, n) => {
                (0..r).flat_map(|i| (0..n).map(move |j| format!("[{i}][{j}]"))).collect()
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

pub const CMPS: [Cmp; 4] = [Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge];

impl Cmp {
    pub fn sym(self) -> &'static str {
        ["<", "<=", ">", ">="][self as usize]
    }
    pub fn eval(self, a: f64, b: f64) -> bool {
        [a < b, a <= b, a > b, a >= b][self as usize]
    }
}

/// A test of an integer variable; a right side `Err(n)` is the trip-count parameter.
#[derive(Clone)]
pub enum IntTest {
    Lt(Result<i64, String>),
    Ge(Result<i64, String>),
    Eq(i64),
    /// `v % m == r` (r > 0: clippy prefers `is_multiple_of` for `== 0`).
    Mod(i64, i64),
}

#[derive(Clone)]
pub enum Cond {
    /// A float comparison; a literal side is an `E::Lit` (maybe negative).
    F(E, Cmp, E),
    I(String, IntTest),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone)]
pub enum Pat {
    Lit(i64),
    Or(i64, i64),
    Range(i64, i64),
    Wild,
}

/// A branch: statements, then (in a `let v = if ..` or `match`) its value.
#[derive(Clone)]
pub struct Val {
    pub stmts: Vec<C>,
    pub e: Option<E>,
}

pub fn val(stmts: Vec<C>) -> Val {
    Val { stmts, e: None }
}

#[derive(Clone)]
pub struct Arm {
    pub pat: Pat,
    pub guard: Option<Cond>,
    pub body: Val,
}

#[derive(Clone)]
pub enum Bound {
    C(i64),
    /// The trip-count parameter.
    N(String),
    /// `a.len()` of an array of that length.
    Len(String, i64),
}

#[derive(Clone)]
pub struct Range {
    pub lo: Bound,
    pub hi: Bound,
    pub incl: bool,
    pub rev: bool,
    pub step: i64,
}

/// An element bound by a loop: `&v` (the value) or `v` (a reference to it).
#[derive(Clone)]
pub struct Bind {
    pub name: String,
    pub by_ref: bool,
}

/// What a loop over array elements iterates.
#[derive(Clone)]
pub enum Head {
    /// `for v in xs.iter()` (`iter`) or `for v in &xs`
    Elems { bind: Bind, xs: String, iter: bool },
    /// `for (i, v) in xs.iter().enumerate()`
    Enumerate { idx: String, bind: Bind, xs: String },
    /// `for (a, b) in xs.iter().zip(ys.iter())`
    Zip { a: Bind, xs: String, b: Bind, ys: String },
}

impl Head {
    pub fn binds(&self) -> Vec<&Bind> {
        match self {
            Head::Elems { bind, .. } | Head::Enumerate { bind, .. } => vec![bind],
            Head::Zip { a, b, .. } => vec![a, b],
        }
    }
    pub fn arrays(&self) -> Vec<&String> {
        match self {
            Head::Elems { xs, .. } | Head::Enumerate { xs, .. } => vec![xs],
            Head::Zip { xs, ys, .. } => vec![xs, ys],
        }
    }
}

/// The initial value of a local array assigned by element.
#[derive(Clone)]
pub enum Init {
    /// `[v; N]`, `[[v; N]; M]`
    Fill(f64, Shape),
    /// `[e0, e1, ..]`
    Vals(Vec<E>),
    /// `w`, a copy of an array parameter of that shape
    Copy(String, Shape),
}

/// A statement.
#[derive(Clone)]
pub enum C {
    Let {
        name: String,
        mutable: bool,
        annot: bool,
        e: E,
    },
    /// `name[ix] op= e;` (`op` None: `=`; no `ix`: a variable)
    Set {
        name: String,
        ix: Vec<Ix>,
        op: Option<Bin>,
        e: E,
    },
    /// `let mut k = 0;` (an integer counter)
    IntLet(String),
    /// `k += 1;`
    IntInc(String),
    /// `if c { .. } else if .. { .. } else { .. }`, or with a `name`, `let name = if ..;`
    If {
        name: Option<String>,
        chain: Vec<(Cond, Val)>,
        els: Option<Val>,
    },
    /// `match scrut { .. }`, or with a `name`, `let name = match scrut { .. };`
    Match {
        name: Option<String>,
        scrut: String,
        arms: Vec<Arm>,
    },
    /// `[label:] for var in range { body }`
    For {
        label: Option<String>,
        var: String,
        range: Range,
        body: Vec<C>,
    },
    /// `for <head> { body }`, `len` iterations
    ForEach {
        head: Head,
        len: usize,
        body: Vec<C>,
    },
    While(Cond, Vec<C>),
    Loop(Vec<C>),
    /// `break [label];`
    Break(Option<String>),
    /// `continue [label];`
    Continue(Option<String>),
    Return(E),
    /// `let name = [e0, e1, ..];`
    LetArr {
        name: String,
        elems: Vec<E>,
    },
    /// `let mut name = <init>;`, a local array assigned by element
    LetMut {
        name: String,
        init: Init,
    },
}

/// `if cond { then } [else { els }]`
pub fn when(cond: Cond, then: Vec<C>, els: Option<Vec<C>>) -> C {
    C::If { name: None, chain: vec![(cond, val(then))], els: els.map(val) }
}

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
