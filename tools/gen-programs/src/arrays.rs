//! Random programs over arrays, and their num-dual twins.
//!
//! [`generate`] returns the whole text of `tests/random_arrays.rs`. It reuses the
//! machinery of the parent modules (expressions with intervals, statements,
//! branches, loop-carried accumulators, the evaluator) from a fourth ChaCha8
//! stream. Every program has one to three array parameters `[f64; N]` (N in
//! 1..=6), sometimes a matrix `[[f64; N]; M]`, and zero to two scalars; some
//! parameters are constants (`wrt(..)` leaves them out). Expressions read elements
//! by constant index (`w[2]`, `m[1][0]`), by loop index (`w[i]`, `m[i][j]`), and
//! the array gates `dot`, `logsumexp`, `softmax_cross_entropy`, `.iter().sum()`,
//! `.iter().product()` (the leaves of [`Gen`], set by [`Ag::set_leaves`]).
//! Statements are those of `control.rs` plus the kinds of [`AC`]: small arrays
//! built from values (`let v = [a, b];`, then read by index, iterated, passed to a
//! gate) and loops over array elements (`for &v in &xs`, `for v in xs.iter()`,
//! `.enumerate()`, `.zip(..)`). Segments are index loops (`0..N`, `0..xs.len()`,
//! `.rev()`), nested loops over a matrix, element loops, `if`s comparing element
//! values, each with accumulators (`let mut s = 0.0; s += ..`) whose updates may
//! branch on an element. The twin is the same program over `[D; N]`.
//!
//! Adding a statement kind (say `a[i] = ..;`): a variant of [`AC`] with its arms in
//! [`AC::parts`], [`AC::print`] and [`run`], and a segment making it in
//! [`Ag::segment`]. An expression kind: a variant of `E` (as `E::Elem`), or, if
//! it is a leaf, one more entry of [`Ag::set_leaves`].

use super::*;

#[path = "arrays_mut.rs"]
mod arrays_mut;
pub use arrays_mut::generate as generate_arrays_mut;

/// The seed of the checked-in `tests/random_arrays.rs`.
const SEED_ARR: u64 = 0x0a77_a755_2026;
/// Programs (all over f64).
const NARR: usize = 220;
/// At most this many float inputs per program (arrays flattened).
const MAX_FLOATS: usize = 16;

const VEC_NAMES: [&str; 10] = [
    "w", "xs", "ys", "ws", "coef", "vals", "kern", "feat", "bias", "data",
];
const MAT_NAMES: [&str; 4] = ["m", "mat", "grid", "table"];
/// Names of the local arrays `let v = [..];`.
const LOCAL_ARRAYS: [&str; 6] = ["arr", "pair", "tri", "buf", "logits", "pts"];
/// Names of the elements bound by a loop over an array.
const ELEM_NAMES: [&str; 8] = ["v", "e", "el", "val", "wk", "xk", "ak", "bk"];

// ---------------------------------------------------------------- syntax

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shape {
    Scalar,
    Vector(usize),
    /// `[[f64; cols]; rows]`
    Matrix(usize, usize),
}

impl Shape {
    fn len(self) -> usize {
        match self {
            Shape::Scalar => 1,
            Shape::Vector(n) => n,
            Shape::Matrix(r, n) => r * n,
        }
    }
    fn ty(self, t: &str) -> String {
        match self {
            Shape::Scalar => t.to_string(),
            Shape::Vector(n) => format!("[{t}; {n}]"),
            Shape::Matrix(r, n) => format!("[[{t}; {n}]; {r}]"),
        }
    }
}

/// An array in scope (a parameter or a local), an interval per element (row-major).
#[derive(Clone, Debug)]
struct Arr {
    name: String,
    shape: Shape,
    ivs: Vec<Iv>,
    /// A slice parameter (`&[f64]`, `&[[f64; N]]`; `arrays_mut.rs`).
    slice: bool,
    /// A local array assigned by element (`arrays_mut.rs`).
    mutable: Option<Mutable>,
}

/// What [`arrays_mut`] tracks of a local array assigned by element: the largest
/// magnitude its elements may have reached so far, and how many loops enclosed its
/// declaration (the loops entered since repeat its assignments).
#[derive(Clone, Copy, Debug)]
struct Mutable {
    cur: f64,
    depth: usize,
}

impl Arr {
    fn iv(&self) -> Iv {
        self.ivs
            .iter()
            .fold(self.ivs[0], |a, b| Iv::new(a.lo.min(b.lo), a.hi.max(b.hi)))
    }
}

/// An element bound by a loop: `&v` (the value) or `v` (a reference to it).
#[derive(Clone, Debug)]
pub(super) struct Bind {
    name: String,
    by_ref: bool,
}

impl Bind {
    fn pat(&self) -> String {
        if self.by_ref {
            self.name.clone()
        } else {
            format!("&{}", self.name)
        }
    }
}

/// What a loop over array elements iterates.
#[derive(Clone, Debug)]
pub(super) enum Head {
    /// `for v in xs.iter()` (`iter`) or `for v in &xs`
    Elems { bind: Bind, xs: String, iter: bool },
    /// `for (i, v) in xs.iter().enumerate()`
    Enumerate { idx: String, bind: Bind, xs: String },
    /// `for (a, b) in xs.iter().zip(ys.iter())`
    Zip {
        a: Bind,
        xs: String,
        b: Bind,
        ys: String,
    },
}

impl Head {
    fn text(&self) -> String {
        match self {
            Head::Elems { bind, xs, iter } => {
                let src = if *iter {
                    format!("{xs}.iter()")
                } else {
                    format!("&{xs}")
                };
                format!("{} in {src}", bind.pat())
            }
            Head::Enumerate { idx, bind, xs } => {
                format!("({idx}, {}) in {xs}.iter().enumerate()", bind.pat())
            }
            Head::Zip { a, xs, b, ys } => {
                format!("({}, {}) in {xs}.iter().zip({ys}.iter())", a.pat(), b.pat())
            }
        }
    }
    fn binds(&self) -> Vec<&Bind> {
        match self {
            Head::Elems { bind, .. } | Head::Enumerate { bind, .. } => vec![bind],
            Head::Zip { a, b, .. } => vec![a, b],
        }
    }
    fn arrays(&self) -> Vec<&String> {
        match self {
            Head::Elems { xs, .. } | Head::Enumerate { xs, .. } => vec![xs],
            Head::Zip { xs, ys, .. } => vec![xs, ys],
        }
    }
}

/// The statements over arrays, one kind of `control.rs`'s `C`.
#[derive(Clone, Debug)]
pub(super) enum AC {
    /// `let name = [e0, e1, ..];`
    Let { name: String, elems: Vec<E> },
    /// `for <head> { body }`, `len` iterations
    For {
        head: Head,
        len: usize,
        body: Vec<C>,
    },
    /// `let mut name = <init>;`, a local array assigned by element (`arrays_mut.rs`)
    LetMut { name: String, init: Init },
    /// `name[ix] = e;` or `name[ix] op= e;` (`arrays_mut.rs`)
    Set {
        name: String,
        ix: Vec<Ix>,
        op: Option<Bin>,
        e: E,
    },
}

/// The initial value of a local array assigned by element.
#[derive(Clone, Debug)]
pub(super) enum Init {
    /// `[v; N]`, `[[v; N]; M]`
    Fill(f64, Shape),
    /// `[e0, e1, ..]`
    Vals(Vec<E>),
    /// `w`, a copy of an array parameter of that shape
    Copy(String, Shape),
}

/// `[k]`, `[i][j]` of indices `ix` (loop indices as run now).
fn ix_key(run: &Run, ix: &[Ix]) -> String {
    ix.iter()
        .map(|i| match i {
            Ix::C(k) => format!("[{k}]"),
            Ix::V(n) => format!("[{}]", run.int(n)),
        })
        .collect()
}

/// The keys (`[1]`, `[0][2]`) of every element of an array of `shape`.
fn shape_keys(shape: Shape) -> Vec<String> {
    match shape {
        Shape::Scalar => Vec::new(),
        Shape::Vector(n) => (0..n).map(|k| format!("[{k}]")).collect(),
        Shape::Matrix(r, n) => (0..r)
            .flat_map(|i| (0..n).map(move |j| format!("[{i}][{j}]")))
            .collect(),
    }
}

impl AC {
    /// The expressions directly in the statement, and its child statements.
    pub(super) fn parts(&self) -> (Vec<&E>, Vec<&C>) {
        match self {
            AC::Let { elems, .. } => (elems.iter().collect(), Vec::new()),
            AC::For { body, .. } => (Vec::new(), body.iter().collect()),
            AC::LetMut {
                init: Init::Vals(elems),
                ..
            } => (elems.iter().collect(), Vec::new()),
            AC::LetMut { .. } => (Vec::new(), Vec::new()),
            AC::Set { e, .. } => (vec![e], Vec::new()),
        }
    }
    pub(super) fn print(&self, cx: Cx, out: &mut String, ind: usize) {
        let pad = " ".repeat(ind);
        match self {
            AC::Let { name, elems } => {
                let es: Vec<String> = elems.iter().map(|e| cx.expr(e)).collect();
                let _ = writeln!(out, "{pad}let {name} = [{}];", es.join(", "));
            }
            AC::For { head, body, .. } => {
                let _ = writeln!(out, "{pad}for {} {{", head.text());
                print_body(cx, out, body, ind + 4);
                let _ = writeln!(out, "{pad}}}");
            }
            AC::LetMut { name, init } => {
                let v = match init {
                    Init::Fill(v, Shape::Matrix(r, n)) => {
                        format!("[[{}; {n}]; {r}]", cx.expr(&E::Lit(*v)))
                    }
                    Init::Fill(v, shape) => format!("[{}; {}]", cx.expr(&E::Lit(*v)), shape.len()),
                    Init::Vals(elems) => {
                        let es: Vec<String> = elems.iter().map(|e| cx.expr(e)).collect();
                        format!("[{}]", es.join(", "))
                    }
                    Init::Copy(w, _) => w.clone(),
                };
                let _ = writeln!(out, "{pad}let mut {name} = {v};");
            }
            AC::Set { name, ix, op, e } => {
                let ix: String = ix.iter().map(|i| format!("[{}]", i.text())).collect();
                let op = op.map_or("", Bin::sym);
                let _ = writeln!(out, "{pad}{name}{ix} {op}= {};", cx.expr(e));
            }
        }
    }
}

/// Runs `a` (arrays live in `run.env` element by element, as `w[1]`).
pub(super) fn run(run: &mut Run, a: &AC) -> Flow {
    let get = |run: &Run, key: String| run.env.iter().rev().find(|(m, _)| *m == key).unwrap().1;
    match a {
        AC::Let { name, elems } => {
            for (k, e) in elems.iter().enumerate() {
                let v = run.e(e);
                run.env.push((format!("{name}[{k}]"), v));
            }
        }
        AC::For { head, len, body } => {
            for k in 0..*len {
                run.tick();
                let (n, ni) = (run.env.len(), run.ints.len());
                let elems = head.arrays();
                for (b, xs) in head.binds().into_iter().zip(elems) {
                    let v = get(run, format!("{xs}[{k}]"));
                    run.env.push((b.name.clone(), v));
                }
                if let Head::Enumerate { idx, .. } = head {
                    run.ints.push((idx.clone(), k as f64));
                }
                let f = run.block(body);
                run.env.truncate(n);
                run.ints.truncate(ni);
                match f {
                    Flow::Break => break,
                    Flow::Return(v) => return Flow::Return(v),
                    Flow::Next | Flow::Continue => {}
                }
                if !run.ok {
                    break;
                }
            }
        }
        AC::LetMut { name, init } => match init {
            Init::Fill(v, shape) => {
                for k in shape_keys(*shape) {
                    run.env.push((format!("{name}{k}"), *v));
                }
            }
            Init::Vals(elems) => {
                for (k, e) in elems.iter().enumerate() {
                    let v = run.e(e);
                    run.env.push((format!("{name}[{k}]"), v));
                }
            }
            Init::Copy(w, shape) => {
                for k in shape_keys(*shape) {
                    let v = get(run, format!("{w}{k}"));
                    run.env.push((format!("{name}{k}"), v));
                }
            }
        },
        AC::Set { name, ix, op, e } => {
            let r = run.e(e);
            let key = format!("{name}{}", ix_key(run, ix));
            let v = match op {
                Some(op) => op.eval(get(run, key.clone()), r),
                None => r,
            };
            if !v.is_finite() || v.abs() > 1e6 {
                run.ok = false;
            }
            run.env.iter_mut().rev().find(|(m, _)| *m == key).unwrap().1 = v;
        }
    }
    Flow::Next
}

// ---------------------------------------------------------------- walking

/// The expressions directly in `c`, each with whether a reference (an element
/// bound by `for v in xs.iter()`) may stand there bare, and its child statements.
fn c_parts(c: &C) -> (Vec<(&E, bool)>, Vec<&C>) {
    fn cond<'a>(c: &'a Cond, es: &mut Vec<(&'a E, bool)>) {
        match c {
            Cond::F(a, _, b) => es.extend([(a, false), (b, false)]),
            Cond::I(..) => {}
            Cond::And(a, b) | Cond::Or(a, b) => {
                cond(a, es);
                cond(b, es);
            }
        }
    }
    let mut es: Vec<(&E, bool)> = Vec::new();
    let mut kids: Vec<&C> = Vec::new();
    match c {
        // `s += v` is fine for a reference `v`, `let t = v;` is not the same type
        C::S(St::OpAssign { e, .. }) => es.push((e, true)),
        C::S(St::Let { e, .. } | St::Assign { e, .. }) => es.push((e, false)),
        C::IntLet(_) | C::IntInc(_) | C::Break | C::Continue => {}
        C::If(chain, els) => {
            for (c, b) in chain {
                cond(c, &mut es);
                kids.extend(b);
            }
            kids.extend(els.iter().flatten());
        }
        C::LetIf { chain, els, .. } => {
            for (c, v) in chain {
                cond(c, &mut es);
                es.push((&v.e, false));
                kids.extend(&v.stmts);
            }
            es.push((&els.e, false));
            kids.extend(&els.stmts);
        }
        C::Match { arms, .. } => {
            for a in arms {
                if let Some(g) = &a.guard {
                    cond(g, &mut es);
                }
                kids.extend(&a.body);
            }
        }
        C::LetMatch { arms, .. } => {
            for a in arms {
                if let Some(g) = &a.guard {
                    cond(g, &mut es);
                }
                es.push((&a.body.e, false));
                kids.extend(&a.body.stmts);
            }
        }
        C::For { body, .. } | C::Loop(body) => kids.extend(body),
        C::While(c, body) => {
            cond(c, &mut es);
            kids.extend(body);
        }
        C::Return(e) => es.push((e, false)),
        C::Arr(a) => {
            let (e, k) = a.parts();
            es.extend(e.into_iter().map(|e| (e, false)));
            kids.extend(k);
        }
    }
    (es, kids)
}

/// Calls `f` on `e` and every expression inside it.
fn each_sub(e: &E, f: &mut dyn FnMut(&E)) {
    f(e);
    match e {
        E::Var(_) | E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => {}
        E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => each_sub(a, f),
        E::Bin(_, a, b) | E::B2(_, _, a, b) => {
            each_sub(a, f);
            each_sub(b, f);
        }
        E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => {
            each_sub(a, f);
            each_sub(b, f);
            each_sub(c, f);
        }
        E::Block(s, t) => {
            for s in s {
                let (St::Let { e, .. } | St::Assign { e, .. } | St::OpAssign { e, .. }) = s;
                each_sub(e, f);
            }
            each_sub(t, f);
        }
        E::Call(_, args) => {
            for a in args.iter().filter_map(CallArg::float) {
                each_sub(a, f);
            }
        }
    }
}

/// Calls `f` on every expression in `cs` (and below), and `arrays` on every array a
/// loop head or bound reads.
fn each_e(cs: &[C], f: &mut dyn FnMut(&E), arrays: &mut dyn FnMut(&str)) {
    for c in cs {
        match c {
            C::For { range, .. } => {
                for b in [&range.lo, &range.hi] {
                    if let Bound::Len(a, _) = b {
                        arrays(a);
                    }
                }
            }
            C::Arr(AC::For { head, .. }) => {
                for a in head.arrays() {
                    arrays(a);
                }
            }
            _ => {}
        }
        let (es, kids) = c_parts(c);
        for (e, _) in es {
            each_sub(e, f);
        }
        let kids: Vec<C> = kids.into_iter().cloned().collect();
        each_e(&kids, f, arrays);
    }
}

/// The arrays `cs` reads, and the integer variables its element reads index by.
fn reads(cs: &[C]) -> (Vec<String>, Vec<String>) {
    let mut arrays = Vec::new();
    let mut ints = Vec::new();
    let mut arrays2 = Vec::new();
    each_e(
        cs,
        &mut |e| match e {
            E::Elem(a, ix) => {
                arrays.push(a.clone());
                for i in ix {
                    if let Ix::V(n) = i {
                        ints.push(n.clone());
                    }
                }
            }
            E::Arr(_, names, _) => arrays.extend(names.iter().cloned()),
            _ => {}
        },
        &mut |a| arrays2.push(a.to_string()),
    );
    arrays.extend(arrays2);
    (arrays, ints)
}

/// Whether the condition reads an array.
fn cond_reads(c: &Cond) -> bool {
    let probe = C::If(vec![(c.clone(), Vec::new())], None);
    !reads(&[probe]).0.is_empty()
}

/// Whether every element bound by reference (`for v in xs.iter()`: `v: &f64`) is
/// used where `&f64` works as well as `f64`: an operand of `+ - * /` or unary `-`,
/// the receiver of a method, the right side of `+=`. (Not in a comparison, a
/// function's argument, a `let`'s whole value: `v > 0.5` does not compile, and the
/// macro, which binds `v = xs[i]`, would reject `*v` and `v > &0.5` alike.)
fn refs_ok(cs: &[C], refs: &[String]) -> bool {
    fn bare(e: &E, refs: &[String]) -> bool {
        matches!(e, E::Var(n) if refs.contains(n))
    }
    fn ok(e: &E, refs: &[String]) -> bool {
        let strict = |a: &E| !bare(a, refs) && ok(a, refs);
        match e {
            E::Var(_) | E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => true,
            E::Bin(_, a, b) => ok(a, refs) && ok(b, refs),
            E::Neg(a) => ok(a, refs),
            E::Un(_, Form::Method, a) | E::Powi(Form::Method, a, _) => ok(a, refs),
            E::Un(_, Form::Path, a) | E::Powi(Form::Path, a, _) | E::Gate(_, _, a) => strict(a),
            E::B2(_, Form::Method, a, b) => ok(a, refs) && strict(b),
            E::B2(_, Form::Path, a, b) => strict(a) && strict(b),
            E::MulAdd(Form::Method, a, b, c) | E::Clamp(Form::Method, a, b, c) => {
                ok(a, refs) && strict(b) && strict(c)
            }
            E::MulAdd(Form::Path, a, b, c) | E::Clamp(Form::Path, a, b, c) => {
                strict(a) && strict(b) && strict(c)
            }
            E::Block(..) | E::Call(..) => false,
        }
    }
    cs.iter().all(|c| {
        let (es, kids) = c_parts(c);
        let mut inner = refs.to_vec();
        if let C::Arr(AC::For { head, .. }) = c {
            inner.extend(
                head.binds()
                    .into_iter()
                    .filter(|b| b.by_ref)
                    .map(|b| b.name.clone()),
            );
        }
        let kids: Vec<C> = kids.into_iter().cloned().collect();
        es.into_iter()
            .all(|(e, bare_ok)| (bare_ok || !bare(e, refs)) && ok(e, refs))
            && refs_ok(&kids, &inner)
    })
}

/// `e` with the operands of `+` and `*` in a fixed order.
fn canon(e: &E) -> E {
    let c = |a: &E| bx(canon(a));
    match e {
        E::Bin(op @ (Bin::Add | Bin::Mul), a, b) => {
            let (a, b) = (canon(a), canon(b));
            let cx = Cx {
                twin: false,
                f32: false,
            };
            if cx.expr(&a) <= cx.expr(&b) {
                E::Bin(*op, bx(a), bx(b))
            } else {
                E::Bin(*op, bx(b), bx(a))
            }
        }
        E::Bin(op, a, b) => E::Bin(*op, c(a), c(b)),
        E::Neg(a) => E::Neg(c(a)),
        E::Un(u, f, a) => E::Un(*u, *f, c(a)),
        E::Powi(f, a, n) => E::Powi(*f, c(a), n.clone()),
        E::B2(op, f, a, b) => E::B2(*op, *f, c(a), c(b)),
        E::MulAdd(f, a, b, d) => E::MulAdd(*f, c(a), c(b), c(d)),
        E::Clamp(f, a, b, d) => E::Clamp(*f, c(a), c(b), c(d)),
        E::Gate(g, f, a) => E::Gate(*g, *f, c(a)),
        _ => e.clone(),
    }
}

/// Whether some `if` in `cs` has two identical branches (clippy's
/// `if_same_then_else`).
fn same_branches(cs: &[C]) -> bool {
    let cx = Cx {
        twin: false,
        f32: false,
    };
    // clippy compares `a + b` and `b + a` as equal
    let text = |b: &[C]| {
        let b: Vec<C> = b
            .iter()
            .map(|c| match c {
                C::S(St::Assign { name, e }) => C::S(St::Assign {
                    name: name.clone(),
                    e: canon(e),
                }),
                C::S(St::OpAssign { name, op, e }) => C::S(St::OpAssign {
                    name: name.clone(),
                    op: *op,
                    e: canon(e),
                }),
                c => c.clone(),
            })
            .collect();
        let mut out = String::new();
        print_body(cx, &mut out, &b, 0);
        out
    };
    cs.iter().any(|c| {
        let arms: Vec<String> = match c {
            C::If(chain, els) => chain
                .iter()
                .map(|(_, b)| text(b))
                .chain(els.iter().map(|b| text(b)))
                .collect(),
            C::LetIf { chain, els, .. } => chain
                .iter()
                .map(|(_, v)| v)
                .chain([els])
                .map(|v| format!("{}{}", text(&v.stmts), cx.expr(&canon(&v.e))))
                .collect(),
            _ => Vec::new(),
        };
        let dup = (0..arms.len()).any(|i| arms[i + 1..].contains(&arms[i]));
        let kids: Vec<C> = c_parts(c).1.into_iter().cloned().collect();
        dup || same_branches(&kids)
    })
}

/// Whether every `let v = [..];` in `cs` stays on one line under rustfmt (an array
/// literal wider than 60 columns is broken one element per line).
fn lets_fit(cs: &[C], ind: usize) -> bool {
    cs.iter().all(|c| {
        if let C::Arr(
            AC::Let { elems, .. }
            | AC::LetMut {
                init: Init::Vals(elems),
                ..
            },
        ) = c
        {
            let wide = [false, true].iter().any(|&twin| {
                let cx = Cx { twin, f32: false };
                let es: Vec<String> = elems.iter().map(|e| cx.expr(e)).collect();
                let text = format!("[{}]", es.join(", "));
                text.len() > 56
                    || ind + text.len() > 80
                    || elems.iter().any(|e| cx.widest_call(e) > 40)
            });
            if wide {
                return false;
            }
        }
        let kids: Vec<C> = c_parts(c).1.into_iter().cloned().collect();
        lets_fit(&kids, ind + 4)
    })
}

// ---------------------------------------------------------------- programs

struct AParam {
    name: String,
    shape: Shape,
    /// `&[f64]` / `&[[f64; N]]` (`arrays_mut.rs`)
    slice: bool,
}

struct AProg {
    name: String,
    params: Vec<AParam>,
    /// Indices (among the params) of `#[differentiate(wrt(..))]`, if given.
    wrt: Option<Vec<usize>>,
    body: Vec<C>,
    tail: E,
    ret: bool,
    points: Vec<Vec<f64>>,
    fb_scaled: bool,
}

impl AProg {
    fn nfloats(&self) -> usize {
        self.params.iter().map(|p| p.shape.len()).sum()
    }
    fn wrt_params(&self) -> Vec<usize> {
        match &self.wrt {
            Some(w) => w.clone(),
            None => (0..self.params.len()).collect(),
        }
    }
    /// The differentiated coordinates of the flat point.
    fn wrt_flat(&self) -> Vec<usize> {
        let w = self.wrt_params();
        let mut at = 0;
        let mut out = Vec::new();
        for (k, p) in self.params.iter().enumerate() {
            if w.contains(&k) {
                out.extend(at..at + p.shape.len());
            }
            at += p.shape.len();
        }
        out
    }
    fn gates(&self) -> usize {
        self.body.iter().map(c_gates).sum::<usize>() + gates(&self.tail)
    }
}

/// The segments a program is made of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ASeg {
    /// straight-line statements reading elements and array gates
    Scalar,
    /// `let v = [a, b, ..];`
    Let,
    /// `for i in 0..N` / `0..xs.len()` / `.rev()` with accumulators
    IndexLoop,
    /// `for i in 0..M { for j in 0..N { .. m[i][j] .. } }`
    Nested,
    /// `for &v in &xs`, `.iter()`, `.enumerate()`, `.zip(..)`
    ElemLoop,
    /// `if` / `let v = if` comparing element values
    Branch,
}

/// The array generator: the control-flow generator and the arrays in scope.
struct Ag {
    cf: Cf,
    arrays: Vec<Arr>,
    /// Loop indices in scope, with the length of the range they index.
    loops: Vec<(String, usize)>,
    /// Elements bound by reference in scope.
    refs: Vec<String>,
}

impl Ag {
    /// Tries `make` until what it builds fits rustfmt's layout at `ind` (and uses
    /// references only where they compile); the cost shrinks with the attempts.
    fn retry(
        &mut self,
        ind: usize,
        make: &mut dyn FnMut(&mut Ag, usize) -> Option<Vec<C>>,
    ) -> Vec<C> {
        for attempt in 0..400 {
            let save = (
                self.cf.save(),
                self.arrays.clone(),
                self.loops.clone(),
                self.refs.clone(),
            );
            let cost = 3usize.saturating_sub(attempt / 6);
            if let Some(cs) = make(self, cost) {
                if cs_fit(&cs, ind)
                    && lets_fit(&cs, ind)
                    && refs_ok(&cs, &self.refs)
                    && !same_branches(&cs)
                {
                    return cs;
                }
            }
            let (cf, arrays, loops, refs) = save;
            self.cf.restore(cf);
            (self.arrays, self.loops, self.refs) = (arrays, loops, refs);
        }
        panic!("nothing fits at indent {ind}")
    }

    fn vectors(&self) -> Vec<Arr> {
        self.arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Vector(_)))
            .cloned()
            .collect()
    }

    /// A gate over the vector `a` (another vector of its length for `dot`).
    fn gate_leaf(&mut self, a: &Arr) -> X {
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let g = &mut self.cf.g;
        // `dot`/`logsumexp`/`softmax_cross_entropy` take arrays, not slices
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
        let form = if g.chance(50) {
            GateForm::Bare
        } else {
            GateForm::Qualified
        };
        let k = g.weighted(&[
            if whole { 30 } else { 0 },
            if whole { 25 } else { 0 },
            20,
            if n <= 4 { 12 } else { 0 },
            if n >= 2 && whole { 12 } else { 0 },
        ]);
        match k {
            0 => {
                let b = same[g.below(same.len())].clone();
                let iv = a
                    .ivs
                    .iter()
                    .zip(&b.ivs)
                    .fold(Iv::pt(0.0), |s, (x, y)| s.add(x.mul(*y)));
                x(
                    E::Arr(ArrOp::Dot(form), vec![a.name.clone(), b.name], n),
                    iv,
                )
            }
            1 => x(E::Arr(ArrOp::LogSumExp(form), vec![a.name.clone()], n), lse),
            2 => {
                let iv = a.ivs.iter().fold(Iv::pt(0.0), |s, v| s.add(*v));
                x(E::Arr(ArrOp::Sum, vec![a.name.clone()], n), iv)
            }
            3 => {
                let iv = a.ivs.iter().fold(Iv::pt(1.0), |s, v| s.mul(*v));
                x(E::Arr(ArrOp::Product, vec![a.name.clone()], n), iv)
            }
            _ => {
                let label = g.below(n);
                let iv = Iv::new(0.0, (lse.hi - a.ivs[label].lo).max(0.0));
                x(E::Arr(ArrOp::Xent(label), vec![a.name.clone()], n), iv)
            }
        }
    }

    /// The leaves expressions may read here: an element of each array by constant
    /// index, by the indices of the loops in scope that run over its length, and a
    /// gate over some of them.
    fn set_leaves(&mut self) {
        let mut leaves = Vec::new();
        for a in self.arrays.clone() {
            let g = &mut self.cf.g;
            match a.shape {
                Shape::Scalar => unreachable!(),
                Shape::Vector(n) => {
                    let k = g.below(n);
                    leaves.push(x(E::Elem(a.name.clone(), vec![Ix::C(k)]), a.ivs[k]));
                    for (i, len) in &self.loops {
                        if *len == n {
                            let e = E::Elem(a.name.clone(), vec![Ix::V(i.clone())]);
                            leaves.push(x(e.clone(), a.iv()));
                            leaves.push(x(e, a.iv()));
                        }
                    }
                }
                Shape::Matrix(r, n) => {
                    let (kr, kn) = (g.below(r), g.below(n));
                    let e = E::Elem(a.name.clone(), vec![Ix::C(kr), Ix::C(kn)]);
                    leaves.push(x(e, a.ivs[kr * n + kn]));
                    for (i, li) in &self.loops {
                        for (j, lj) in &self.loops {
                            if i != j && *li == r && *lj == n {
                                let ix = vec![Ix::V(i.clone()), Ix::V(j.clone())];
                                let e = E::Elem(a.name.clone(), ix);
                                leaves.push(x(e.clone(), a.iv()));
                                leaves.push(x(e.clone(), a.iv()));
                                leaves.push(x(e, a.iv()));
                            }
                        }
                        if *li == r {
                            let ix = vec![Ix::V(i.clone()), Ix::C(g.below(n))];
                            leaves.push(x(E::Elem(a.name.clone(), ix), a.iv()));
                        }
                        if *li == n {
                            let ix = vec![Ix::C(g.below(r)), Ix::V(i.clone())];
                            leaves.push(x(E::Elem(a.name.clone(), ix), a.iv()));
                        }
                    }
                }
            }
        }
        for a in self.vectors() {
            if self.cf.g.chance(30) {
                let l = self.gate_leaf(&a);
                leaves.push(l);
            }
        }
        self.cf.g.leaves = leaves;
    }

    fn fresh(&mut self, pool: &[&str]) -> String {
        self.cf.fresh_int(pool)
    }

    // ------------------------------------------------ segments

    fn segment(&mut self, seg: ASeg, ind: usize, cost: usize) -> Option<Vec<C>> {
        self.set_leaves();
        match seg {
            ASeg::Scalar => {
                let k = 1 + self.cf.g.below(2);
                let mut out = Vec::new();
                for _ in 0..k {
                    let want = 1 + self.cf.g.below(4);
                    let s = self.cf.fit(ind, want, &mut |cf, c| cf.g.statement(c));
                    out.push(C::S(s));
                }
                // at least one reads an array
                (!reads(&out).0.is_empty()).then_some(out)
            }
            ASeg::Let => self.seg_let(cost),
            ASeg::IndexLoop => self.seg_index_loop(ind, cost),
            ASeg::Nested => self.seg_nested(ind, cost),
            ASeg::ElemLoop => self.seg_elem_loop(ind, cost),
            ASeg::Branch => {
                let cs = if self.cf.g.chance(50) {
                    self.cf.seg_if_stmt(ind, cost)
                } else {
                    self.cf.seg_if_expr(ind, cost)
                };
                // a condition compares an element
                let elem = cs.iter().any(|c| match c {
                    C::If(chain, _) => chain.iter().any(|(c, _)| cond_reads(c)),
                    C::LetIf { chain, .. } => chain.iter().any(|(c, _)| cond_reads(c)),
                    _ => false,
                });
                elem.then_some(cs)
            }
        }
    }

    /// `let v = [e0, e1, ..];` (then in scope as an array).
    fn seg_let(&mut self, cost: usize) -> Option<Vec<C>> {
        let k = self.cf.g.pick(&[2, 2, 3, 3, 4, 5]);
        let mut elems = Vec::new();
        let mut ivs = Vec::new();
        for _ in 0..k {
            let c = self.cf.g.below(cost.min(2) + 1);
            let e = self.cf.g.expr(c, true);
            let e = self.cf.g.bound(e, 3.0);
            elems.push(e);
        }
        if !elems.iter().any(|e| has_var(&e.e)) {
            let e = self.cf.g.expr(1, false);
            let e = self.cf.g.active(e);
            elems[0] = self.cf.g.bound(e, 3.0);
        }
        for e in &elems {
            self.cf.g.mark(&e.e);
            ivs.push(e.iv);
        }
        let name = self.fresh(&LOCAL_ARRAYS);
        self.arrays.push(Arr {
            name: name.clone(),
            shape: Shape::Vector(k),
            ivs,
            slice: false,
            mutable: None,
        });
        let elems = elems.into_iter().map(|e| e.e).collect();
        Some(vec![C::Arr(AC::Let { name, elems })])
    }

    /// Accumulators for a loop of `trips` iterations (their `let`s pushed to `out`).
    fn accumulators(
        &mut self,
        ind: usize,
        cost: usize,
        trips: usize,
        out: &mut Vec<C>,
    ) -> (Vec<Carried>, Vec<Iv>) {
        let ncar = 1 + usize::from(self.cf.g.chance(30));
        self.cf
            .accumulators(ind, cost, ncar, trips.max(1) as i32, out)
    }

    /// Conditions a loop body may branch on: elements it reads (a reference `v`
    /// as `v * 1.5`: `v > t` would not compile).
    fn cond_leaves(&self) -> Vec<X> {
        let mut out: Vec<X> = self
            .cf
            .g
            .leaves
            .iter()
            .filter(|l| matches!(&l.e, E::Elem(_, ix) if ix.iter().any(|i| matches!(i, Ix::V(_)))))
            .cloned()
            .collect();
        for v in &self.cf.g.scope {
            if self.refs.contains(&v.name) {
                let e = E::Bin(Bin::Mul, bx(E::Var(v.name.clone())), bx(E::Lit(1.5)));
                out.push(x(e, v.iv.mul(Iv::pt(1.5))));
            }
        }
        out
    }

    /// The body of a loop at `ind`: maybe `if <element test> { continue; }`, locals,
    /// an update of each accumulator (the first reading `extra` and the body's
    /// unread locals), maybe branching on an element, then maybe a `break` on an
    /// accumulator or a `return` on an element. `from` is where the loop's own
    /// bindings start in scope.
    fn loop_body(
        &mut self,
        ind: usize,
        carried: &[Carried],
        extra: Vec<X>,
        from: usize,
    ) -> Option<Vec<C>> {
        self.set_leaves();
        let conds = self.cond_leaves();
        let mut body = Vec::new();
        if !conds.is_empty() && self.cf.g.chance(15) {
            let cond = elem_cond(&mut self.cf, &conds);
            body.push(C::If(vec![(cond, vec![C::Continue])], None));
        }
        body.extend(self.cf.locals(ind, 1));
        let mut extra0 = self.cf.g.read_unread(from);
        extra0.extend(extra);
        for (k, c) in carried.iter().enumerate() {
            let e = if k == 0 {
                std::mem::take(&mut extra0)
            } else {
                Vec::new()
            };
            body.extend(retry_opt(&mut self.cf, ind, &mut |cf, k| {
                update(cf, c, e.clone(), ind, k, carried, &conds)
            })?);
        }
        let jump = self
            .cf
            .g
            .weighted(&[80, 12, if conds.is_empty() { 0 } else { 8 }]);
        if jump == 1 {
            let i = self.cf.g.below(carried.len());
            let cond = self.cf.carried_cmp(&carried[i].name);
            body.push(C::If(vec![(cond, vec![C::Break])], None));
        } else if jump == 2 {
            let cond = elem_cond(&mut self.cf, &conds);
            let i = self.cf.g.below(carried.len());
            let v = self.cf.g.var(self.cf.find(&carried[i].name));
            let e = self.cf.g.combine(vec![v], 1);
            let e = self.cf.g.cap(e);
            self.cf.g.mark(&e.e);
            body.push(C::If(vec![(cond, vec![C::Return(e.e)])], None));
        }
        Some(body)
    }

    /// Ends a loop: its scope and indices go, its accumulators hold their invariants.
    fn end_loop(&mut self, from: usize, carried: &[Carried], inv: Vec<Iv>) {
        self.cf.g.scope.truncate(from);
        for (c, j) in carried.iter().zip(inv) {
            self.cf.set_assigned(&c.name, Some(j));
        }
    }

    /// A range over `0..n` (or `1..n`), its bound a literal or `xs.len()`, maybe
    /// reversed; its first index.
    fn range(&mut self, xs: &str, n: usize, may_skip: bool) -> (Range, usize) {
        let g = &mut self.cf.g;
        let lo = if may_skip && n >= 2 && g.chance(12) {
            1
        } else {
            0
        };
        // a slice's length is only known at run time
        let slice = self.arrays.iter().any(|a| a.name == xs && a.slice);
        let hi = if g.chance(45) || slice {
            Bound::Len(xs.to_string(), n as i64)
        } else {
            Bound::C(n as i64)
        };
        let r = Range {
            lo: Bound::C(lo as i64),
            hi,
            incl: false,
            rev: g.chance(25),
            step: 1,
        };
        (r, lo)
    }

    /// `let mut s = ..; for i in 0..N { .. xs[i] .. s += ..; }`
    fn seg_index_loop(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let vecs = self.vectors();
        let a = vecs[self.cf.g.below(vecs.len())].clone();
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let (range, lo) = self.range(&a.name, n, true);
        let mut out = Vec::new();
        let (carried, inv) = self.accumulators(ind, cost, n - lo, &mut out);
        let ivar = self.fresh(&["i", "j", "k", "ii", "jj"]);
        self.cf
            .ints
            .push((ivar.clone(), Iv::new(lo as f64, (n - 1) as f64)));
        self.loops.push((ivar.clone(), n));
        let from = self.cf.g.scope.len();
        let read = E::Elem(a.name.clone(), vec![Ix::V(ivar.clone())]);
        let body = self.loop_body(ind + 4, &carried, vec![x(read, a.iv())], from)?;
        self.cf.ints.pop();
        self.loops.pop();
        self.end_loop(from, &carried, inv);
        let var = self.index_var(ivar, &body);
        out.push(C::For { var, range, body });
        Some(out)
    }

    /// The index variable as printed: `_` if the body does not read it.
    fn index_var(&mut self, ivar: String, body: &[C]) -> String {
        if reads(body).1.contains(&ivar) || self.cf.used.contains(&ivar) {
            self.cf.used.push(ivar.clone());
            ivar
        } else {
            "_".into()
        }
    }

    /// Two loops, the inner one with its own accumulator: over a matrix's rows and
    /// columns, or over two vectors.
    fn seg_nested(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let mats: Vec<Arr> = self
            .arrays
            .iter()
            .filter(|a| matches!(a.shape, Shape::Matrix(..)))
            .cloned()
            .collect();
        let vecs = self.vectors();
        let (outer, inner, read) = if !mats.is_empty() && self.cf.g.chance(85) {
            let m = mats[self.cf.g.below(mats.len())].clone();
            let Shape::Matrix(r, n) = m.shape else {
                unreachable!()
            };
            // the columns' bound: `n`, or `xs.len()` of a vector that long
            let cols: Vec<Arr> = vecs
                .iter()
                .filter(|a| a.shape == Shape::Vector(n))
                .cloned()
                .collect();
            let col_name = if cols.is_empty() {
                String::new()
            } else {
                cols[self.cf.g.below(cols.len())].name.clone()
            };
            ((m.name.clone(), r), (col_name, n), Some(m))
        } else {
            let a = vecs[self.cf.g.below(vecs.len())].clone();
            let b = vecs[self.cf.g.below(vecs.len())].clone();
            let (Shape::Vector(p), Shape::Vector(q)) = (a.shape, b.shape) else {
                unreachable!()
            };
            ((a.name, p), (b.name, q), None)
        };
        let (orange, _) = self.range(&outer.0, outer.1, false);
        let (mut irange, _) = self.range(&inner.0, inner.1, false);
        if inner.0.is_empty() {
            irange.hi = Bound::C(inner.1 as i64);
        }
        let mut out = Vec::new();
        let (carried, inv) = self.accumulators(ind, cost, outer.1, &mut out);
        let ivar = self.fresh(&["i", "ii", "r", "row"]);
        self.cf
            .ints
            .push((ivar.clone(), Iv::new(0.0, (outer.1 - 1) as f64)));
        self.loops.push((ivar.clone(), outer.1));
        let from = self.cf.g.scope.len();
        // the outer body: locals, the inner accumulator and loop, the updates
        self.set_leaves();
        let mut body = self.cf.locals(ind + 4, 1);
        let (icarried, iinv) = self.accumulators(ind + 4, cost, inner.1, &mut body);
        let jvar = self.fresh(&["j", "jj", "col", "cc"]);
        self.cf
            .ints
            .push((jvar.clone(), Iv::new(0.0, (inner.1 - 1) as f64)));
        self.loops.push((jvar.clone(), inner.1));
        let ifrom = self.cf.g.scope.len();
        let first = match &read {
            Some(m) => E::Elem(
                m.name.clone(),
                vec![Ix::V(ivar.clone()), Ix::V(jvar.clone())],
            ),
            None => E::Elem(inner.0.clone(), vec![Ix::V(jvar.clone())]),
        };
        let iv = read.as_ref().map_or(Iv::new(-1.9, 1.9), Arr::iv);
        let ibody = self.loop_body(ind + 8, &icarried, vec![x(first, iv)], ifrom)?;
        self.cf.ints.pop();
        self.loops.pop();
        self.end_loop(ifrom, &icarried, iinv);
        let jname = self.index_var(jvar, &ibody);
        body.push(C::For {
            var: jname,
            range: irange,
            body: ibody,
        });
        self.set_leaves();
        let mut extra = self.cf.g.read_unread(from);
        if read.is_none() {
            extra.push(x(
                E::Elem(outer.0.clone(), vec![Ix::V(ivar.clone())]),
                Iv::new(-1.9, 1.9),
            ));
        }
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
        self.cf.ints.pop();
        self.loops.pop();
        self.end_loop(from, &carried, inv);
        let var = self.index_var(ivar, &body);
        out.push(C::For {
            var,
            range: orange,
            body,
        });
        Some(out)
    }

    /// `for &v in &xs`, `for v in xs.iter()`, `for (i, &v) in xs.iter().enumerate()`,
    /// `for (a, b) in xs.iter().zip(ys.iter())`, with accumulators.
    fn seg_elem_loop(&mut self, ind: usize, cost: usize) -> Option<Vec<C>> {
        let vecs = self.vectors();
        let a = vecs[self.cf.g.below(vecs.len())].clone();
        let Shape::Vector(n) = a.shape else {
            unreachable!()
        };
        let partners: Vec<Arr> = vecs
            .iter()
            .filter(|b| b.shape == a.shape && b.name != a.name)
            .cloned()
            .collect();
        let kind = self
            .cf
            .g
            .weighted(&[40, 25, if partners.is_empty() { 0 } else { 50 }]);
        let mut out = Vec::new();
        let (carried, inv) = self.accumulators(ind, cost, n, &mut out);
        let from = self.cf.g.scope.len();
        let bind = |ag: &mut Ag, arr: &Arr| {
            let name = ag.fresh(&ELEM_NAMES);
            let by_ref = ag.cf.g.chance(40);
            ag.cf.g.declare(name.clone(), arr.iv(), false);
            if by_ref {
                ag.refs.push(name.clone());
            }
            Bind { name, by_ref }
        };
        let mut extra = Vec::new();
        let mut idx_name = None;
        let head = match kind {
            0 => {
                let bind = bind(self, &a);
                // `for &v in &w` does not iterate a slice `w: &[f64]` (`&&[f64]`)
                let iter = self.cf.g.chance(50) || a.slice;
                Head::Elems {
                    bind,
                    xs: a.name.clone(),
                    iter,
                }
            }
            1 => {
                let idx = self.fresh(&["i", "j", "k", "ii"]);
                let bind = bind(self, &a);
                self.cf
                    .ints
                    .push((idx.clone(), Iv::new(0.0, (n - 1) as f64)));
                self.loops.push((idx.clone(), n));
                self.cf.used.push(idx.clone());
                idx_name = Some(idx.clone());
                // the index is read: as a number, or to index another array
                let e = if !partners.is_empty() && self.cf.g.chance(60) {
                    let b = &partners[self.cf.g.below(partners.len())];
                    x(E::Elem(b.name.clone(), vec![Ix::V(idx.clone())]), b.iv())
                } else {
                    let cast = x(E::Cast(idx.clone()), Iv::new(0.0, (n - 1) as f64));
                    self.cf.g.bound(cast, 1.0)
                };
                extra.push(e);
                Head::Enumerate {
                    idx,
                    bind,
                    xs: a.name.clone(),
                }
            }
            _ => {
                let b = partners[self.cf.g.below(partners.len())].clone();
                let ba = bind(self, &a);
                let bb = bind(self, &b);
                Head::Zip {
                    a: ba,
                    xs: a.name.clone(),
                    b: bb,
                    ys: b.name,
                }
            }
        };
        let body = self.loop_body(ind + 4, &carried, extra, from)?;
        if idx_name.is_some() {
            self.cf.ints.pop();
            self.loops.pop();
        }
        for b in head.binds() {
            self.refs.retain(|r| *r != b.name);
        }
        self.end_loop(from, &carried, inv);
        out.push(C::Arr(AC::For { head, len: n, body }));
        Some(out)
    }

    // ------------------------------------------------ programs

    fn program(&mut self, name: String) -> AProg {
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
        // the parameters: arrays (maybe one matrix) and scalars, in any order
        let mut params: Vec<AParam> = Vec::new();
        loop {
            params.clear();
            let g = &mut self.cf.g;
            let narr = 1 + g.weighted(&[30, 45, 25]);
            let mat_at = (narr >= 2 && g.chance(60)).then(|| g.below(narr));
            let nsc = g.weighted(&[30, 45, 25]);
            for k in 0..narr {
                let shape = if Some(k) == mat_at {
                    Shape::Matrix(g.pick(&[1, 2, 2, 3, 3, 4]), g.pick(&[1, 2, 3, 3, 4]))
                } else {
                    // often as long as an earlier vector or a matrix's rows (`zip`, `m[i][j] * xs[j]`)
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
                        Shape::Vector(g.pick(&[1, 2, 2, 3, 3, 3, 4, 4, 5, 6]))
                    }
                };
                params.push(AParam {
                    name: String::new(),
                    shape,
                    slice: false,
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
            if total <= MAX_FLOATS {
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
        // shuffle
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
                    slice: false,
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
        // the segments: at least one loop, a nested one over a matrix
        let has_mat = params.iter().any(|p| matches!(p.shape, Shape::Matrix(..)));
        let nseg = 2 + self.cf.g.below(3);
        let mut segs: Vec<ASeg> = (0..nseg)
            .map(|_| {
                let k = self.cf.g.weighted(&[8, 12, 26, 10, 26, 14]);
                [
                    ASeg::Scalar,
                    ASeg::Let,
                    ASeg::IndexLoop,
                    ASeg::Nested,
                    ASeg::ElemLoop,
                    ASeg::Branch,
                ][k]
            })
            .collect();
        let looped = |s: &ASeg| matches!(s, ASeg::IndexLoop | ASeg::Nested | ASeg::ElemLoop);
        if !segs.iter().any(looped) {
            let at = self.cf.g.below(segs.len() + 1);
            let s = if self.cf.g.chance(50) {
                ASeg::IndexLoop
            } else {
                ASeg::ElemLoop
            };
            segs.insert(at, s);
        }
        if has_mat && !segs.contains(&ASeg::Nested) {
            let at = self.cf.g.below(segs.len() + 1);
            segs.insert(at, ASeg::Nested);
        }
        let mut body: Vec<C> = Vec::new();
        for seg in segs {
            if self.cf.g.chance(30) {
                let s = self.retry(4, &mut |ag, c| ag.segment(ASeg::Scalar, 4, c));
                body.extend(s);
            }
            let cs = self.retry(4, &mut |ag, c| ag.segment(seg, 4, c));
            body.extend(cs);
        }
        self.finish(name, params, wrt, body)
    }

    /// The end of a program: a read of every array not read yet (a local array also
    /// after its last store, or rustc warns of a store never read), a mutation of
    /// every `mut` binding not mutated yet, unread values folded until the tail can
    /// read them on one line, and the tail.
    fn finish(
        &mut self,
        name: String,
        params: Vec<AParam>,
        wrt: Option<Vec<usize>>,
        mut body: Vec<C>,
    ) -> AProg {
        self.set_leaves();
        for a in self.arrays.clone() {
            if reads(&body).0.contains(&a.name) && a.mutable.is_none() {
                continue;
            }
            let s = self.retry(4, &mut |ag, _| {
                let leaf = match a.shape {
                    Shape::Vector(n) if ag.cf.g.chance(50) => {
                        let k = ag.cf.g.below(n);
                        x(E::Elem(a.name.clone(), vec![Ix::C(k)]), a.ivs[k])
                    }
                    Shape::Vector(_) => ag.gate_leaf(&a),
                    _ => {
                        let k = ag.cf.g.below(a.ivs.len());
                        let Shape::Matrix(_, n) = a.shape else {
                            unreachable!()
                        };
                        let ix = vec![Ix::C(k / n), Ix::C(k % n)];
                        x(E::Elem(a.name.clone(), ix), a.ivs[k])
                    }
                };
                let other = ag.cf.g.expr(0, false);
                let op = ag.cf.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                let e = ag.cf.g.binary(op, leaf, other);
                let e = ag.cf.g.cap(e);
                let name = ag.cf.g.fresh_name();
                let st = ag.cf.g.let_stmt(name, e, false);
                fits(&st, 4).then(|| vec![C::S(st)])
            });
            body.extend(s);
        }
        // every `mut` binding is mutated at least once
        for i in 0..self.cf.g.scope.len() {
            if self.cf.g.scope[i].mutable && !self.cf.g.scope[i].mutated {
                let name = self.cf.g.scope[i].name.clone();
                let s = self
                    .cf
                    .fit(4, 1, &mut |cf, c| cf.update_once(&name, Vec::new(), c));
                body.push(C::S(s));
            }
        }
        // fold unread values until the tail can read them all on one line
        loop {
            let unread: Vec<usize> = (0..self.cf.g.scope.len())
                .filter(|&i| self.cf.g.scope[i].unread)
                .collect();
            if unread.len() <= 3 {
                break;
            }
            let s = self.cf.fit(4, 0, &mut |cf, _| {
                let xs = vec![cf.g.var(unread[0]), cf.g.var(unread[1])];
                let a = cf.g.combine(xs, 0);
                let name = cf.g.fresh_name();
                Some(cf.g.let_stmt(name, a, false))
            });
            body.push(C::S(s));
        }
        let ret = self.cf.g.chance(10);
        let tail = self.cf.fit(4, 1, &mut |cf, c| {
            let xs = cf.g.read_unread(0);
            let t = cf.g.combine(xs, c);
            Some(St::Assign {
                name: if ret { "return".into() } else { "tail".into() },
                e: t.e,
            })
        });
        let St::Assign { e: tail, .. } = tail else {
            unreachable!()
        };
        AProg {
            name,
            params,
            wrt,
            body,
            tail,
            ret,
            points: Vec::new(),
            fb_scaled: self.cf.g.chance(50),
        }
    }
}

/// An update of the accumulator `c` at `ind`: directly, or in an `if`/`else` on an
/// element (one of `conds`) or on an accumulator.
fn update(
    cf: &mut Cf,
    c: &Carried,
    extra: Vec<X>,
    ind: usize,
    cost: usize,
    carried: &[Carried],
    conds: &[X],
) -> Option<Vec<C>> {
    let direct = |cf: &mut Cf, ind: usize| -> Option<Vec<C>> {
        let extra = extra.clone();
        let s = fit_opt(cf, ind, cost, &mut |cf, k| {
            cf.update_loop(c, extra.clone(), k)
        })?;
        Some(vec![C::S(s)])
    };
    let k =
        cf.g.weighted(&[55, if conds.is_empty() { 0 } else { 35 }, 10]);
    if k == 0 {
        return direct(cf, ind);
    }
    let cond = if k == 1 {
        elem_cond(cf, conds)
    } else {
        let i = cf.g.below(carried.len());
        cf.carried_cmp(&carried[i].name)
    };
    let has_else = cf.g.chance(60);
    let n = 1 + usize::from(has_else);
    let bodies = cf.branches(n, !has_else, &mut |cf, _| direct(cf, ind + 4));
    let mut bodies: Vec<Vec<C>> = bodies.into_iter().collect::<Option<_>>()?;
    let els = if has_else { bodies.pop() } else { None };
    Some(vec![C::If(vec![(cond, bodies.pop()?)], els)])
}

/// A comparison of one of `conds` (an element, maybe combined with another value)
/// with a threshold inside its range.
fn elem_cond(cf: &mut Cf, conds: &[X]) -> Cond {
    let a = conds[cf.g.below(conds.len())].clone();
    let a = if cf.g.chance(30) {
        let b = cf.g.expr(0, false);
        let op = cf.g.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
        cf.g.binary(op, a, b)
    } else {
        a
    };
    let a = cf.g.bound(a, 4.0);
    let t = cf.threshold(a.iv);
    let op = cf.g.pick(&[Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge]);
    cf.g.mark(&a.e);
    Cond::F(a.e, op, E::Lit(t))
}

/// [`Cf::fit`] giving up after a few attempts (a statement that must read wide
/// values may fit at no cost).
fn fit_opt(
    cf: &mut Cf,
    ind: usize,
    cost: usize,
    make: &mut dyn FnMut(&mut Cf, usize) -> Option<St>,
) -> Option<St> {
    let mut cost = cost;
    for attempt in 0..32 {
        let save = cf.save();
        if let Some(s) = make(cf, cost) {
            if fits(&s, ind) {
                return Some(s);
            }
        }
        cf.restore(save);
        if attempt % 4 == 3 && cost > 0 {
            cost -= 1;
        }
    }
    None
}

/// [`Cf::retry`] giving up after a few attempts.
fn retry_opt(
    cf: &mut Cf,
    ind: usize,
    make: &mut dyn FnMut(&mut Cf, usize) -> Option<Vec<C>>,
) -> Option<Vec<C>> {
    for attempt in 0..48 {
        let save = cf.save();
        let cost = 3usize.saturating_sub(attempt / 6);
        if let Some(cs) = make(cf, cost) {
            if cs_fit(&cs, ind) && !same_branches(&cs) {
                return Some(cs);
            }
        }
        cf.restore(save);
    }
    None
}

// ---------------------------------------------------------------- evaluation

/// The program's value and margin at the flat point `p`; NaN if any intermediate
/// is not finite or huge.
fn run_arr(prog: &AProg, p: &[f64]) -> (f64, f64) {
    let mut run = Run {
        env: Vec::new(),
        ints: Vec::new(),
        margin: f64::INFINITY,
        ok: true,
        steps: 0,
    };
    let mut at = 0;
    for par in &prog.params {
        match par.shape {
            Shape::Scalar => run.env.push((par.name.clone(), p[at])),
            Shape::Vector(n) => {
                for k in 0..n {
                    run.env.push((format!("{}[{k}]", par.name), p[at + k]));
                }
            }
            Shape::Matrix(r, n) => {
                for i in 0..r {
                    for j in 0..n {
                        let key = format!("{}[{i}][{j}]", par.name);
                        run.env.push((key, p[at + i * n + j]));
                    }
                }
            }
        }
        at += par.shape.len();
    }
    let v = match run.block_keep(&prog.body) {
        Flow::Return(v) => v,
        _ => run.e(&prog.tail),
    };
    if run.ok && v.is_finite() && v.abs() <= 1e4 {
        (v, run.margin)
    } else {
        (f64::NAN, 0.0)
    }
}

// ---------------------------------------------------------------- the file

/// The arguments of a call from the flat slice `s`: `arr(&s[0..])`, `s[3]`,
/// `mat(&s[4..])`.
fn args(prog: &AProg, s: &str) -> String {
    let mut at = 0;
    let a: Vec<String> = prog
        .params
        .iter()
        .map(|p| {
            let t = match p.shape {
                Shape::Scalar => format!("{s}[{at}]"),
                Shape::Vector(_) => format!("arr(&{s}[{at}..])"),
                Shape::Matrix(..) => format!("mat(&{s}[{at}..])"),
            };
            at += p.shape.len();
            t
        })
        .collect();
    a.join(", ")
}

/// The point as `&[..]` chunks: a parameter's values, or a matrix's row.
fn chunks(prog: &AProg, p: &[f64]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    let list = |vs: &[f64]| {
        let v: Vec<String> = vs.iter().map(|v| format!("{v:?}")).collect();
        format!("&[{}]", v.join(", "))
    };
    for par in &prog.params {
        match par.shape {
            Shape::Matrix(r, n) => {
                for i in 0..r {
                    out.push(list(&p[at + i * n..at + (i + 1) * n]));
                }
            }
            s => out.push(list(&p[at..at + s.len()])),
        }
        at += par.shape.len();
    }
    out
}

fn write_arr(out: &mut String, prog: &AProg) {
    let n = &prog.name;
    let wrt = prog.wrt_params();
    let sig = |t: &str| -> String {
        let ps: Vec<String> = prog
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.shape.ty(t)))
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
    let grads = |scale: &str| -> String {
        let g: Vec<String> = wrt
            .iter()
            .map(|&i| format!("&g.{}", prog.params[i].name))
            .collect();
        format!("flat({scale}, &[{}])", g.join(", "))
    };
    let prog_cx = Cx {
        twin: false,
        f32: false,
    };
    let twin_cx = Cx {
        twin: true,
        f32: false,
    };
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
    body(out, prog_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_nd({}) -> D {{", sig("D"));
    body(out, twin_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_f(p: &[f64], _: &[i32]) -> f64 {{");
    let _ = writeln!(out, "    {n}({})", args(prog, "p"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_ad(p: &[f64], _: &[i32]) -> (f64, Vec<f64>) {{");
    let _ = writeln!(out, "    let (v, g) = {n}_grad({});", args(prog, "p"));
    let _ = writeln!(out, "    (v, {})", grads("1.0"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_fb(p: &[f64], _: &[i32]) -> (f64, Vec<f64>) {{");
    let _ = writeln!(
        out,
        "    let (v, cache) = {n}_forward({});",
        args(prog, "p")
    );
    if prog.fb_scaled {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 0.5);");
        let _ = writeln!(out, "    (v, {})", grads("2.0"));
    } else {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 1.0);");
        let _ = writeln!(out, "    (v, {})", grads("1.0"));
    }
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_tw(d: &[D], _: &[i32]) -> D {{");
    let _ = writeln!(out, "    {n}_nd({})", args(prog, "d"));
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
        // rustfmt keeps the argument on one line up to 63 columns
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
fn arr_fits(prog: &AProg) -> bool {
    let mut out = String::new();
    write_arr(&mut out, prog);
    let wrt: Vec<String> = prog.wrt_flat().iter().map(|i| i.to_string()).collect();
    let short_chunks = prog.points.iter().any(|p| {
        let cs = chunks(prog, p);
        let arg = format!("&[{}]", cs.join(", "));
        arg.len() > 63 && cs.iter().all(|c| c.len() <= 12)
    });
    args(prog, "p").len() <= 54
        && format!("&[{}]", wrt.join(", ")).len() <= 56
        && !short_chunks
        && out.lines().all(|l| {
            let t = l.trim_start();
            let fn_line = t.starts_with("fn ") || t.starts_with("pub fn ");
            l.len() <= 96 && (!fn_line || l.len() <= 92)
        })
}

/// What `prog` uses, for the header: `const`, `index`, `ij` (element reads by
/// constant index, by a loop index, `m[i][j]`), `range`, `nested`, `elems`, `ref`
/// (loops), `branch` (an `if` comparing an element), `break`, `continue`, `return`.
fn facts(prog: &AProg) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut elem = |e: &E| {
        if let E::Elem(_, ix) = e {
            let vars = ix.iter().filter(|i| matches!(i, Ix::V(_))).count();
            out.push(["const", "index", "ij"][vars]);
            if vars > 0 {
                out.push("index");
            }
        }
    };
    each_e(&prog.body, &mut elem, &mut |_| {});
    each_sub(&prog.tail, &mut elem);
    fn walk(cs: &[C], depth: usize, out: &mut Vec<&'static str>) {
        for c in cs {
            match c {
                C::For { range, .. } if matches!(range.hi, Bound::C(_)) => out.push("range"),
                C::Arr(AC::For { head, .. }) => {
                    if matches!(head, Head::Elems { .. }) {
                        out.push("elems");
                    }
                    if head.binds().iter().any(|b| b.by_ref) {
                        out.push("ref");
                    }
                }
                C::If(chain, _) if chain.iter().any(|(c, _)| cond_reads(c)) => out.push("branch"),
                C::Break => out.push("break"),
                C::Continue => out.push("continue"),
                C::Return(_) => out.push("return"),
                C::LetIf { chain, .. } if chain.iter().any(|(c, _)| cond_reads(c)) => {
                    out.push("branch")
                }
                _ => {}
            }
            let looped = matches!(c, C::For { .. } | C::Arr(AC::For { .. }));
            if looped && depth > 0 {
                out.push("nested");
            }
            let kids: Vec<C> = c_parts(c).1.into_iter().cloned().collect();
            walk(&kids, depth + usize::from(looped), out);
        }
    }
    walk(&prog.body, 0, &mut out);
    out
}

/// The full text of `tests/random_arrays.rs`.
pub fn generate() -> String {
    let mut ag = Ag {
        cf: Cf {
            g: Gen {
                rng: ChaCha8Rng::seed_from_u64(SEED_ARR),
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
    for i in 0..NARR {
        let name = format!("a{i:03}");
        'retry: loop {
            let mut prog = ag.program(name.clone());
            let size = prog.gates();
            if !(4..=60).contains(&size) || !arr_fits(&prog) {
                continue;
            }
            // every point is also good for finite differences
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
            if arr_fits(&prog) {
                progs.push(prog);
                break;
            }
        }
    }

    let mut programs = String::new();
    let mut texts = Vec::new();
    for p in &progs {
        let mut s = String::new();
        write_arr(&mut s, p);
        programs.push_str(&s);
        // the program itself, without its twin and test
        let end = s.find("\nfn ").unwrap_or(s.len());
        texts.push(s[..end].to_string());
    }
    let total: usize = progs.iter().map(AProg::gates).sum();
    let count = |pat: &str| texts.iter().filter(|t| t.contains(pat)).count();
    let count_if = |f: &dyn Fn(&AProg) -> bool| progs.iter().filter(|p| f(p)).count();
    let const_param = |p: &AProg| {
        let w = p.wrt_params();
        p.params
            .iter()
            .enumerate()
            .any(|(k, a)| a.shape != Shape::Scalar && !w.contains(&k))
    };
    let shape = |f: fn(Shape) -> bool| count_if(&|p| p.params.iter().any(|a| f(a.shape)));
    let fact = |f: &str| progs.iter().filter(|p| facts(p).contains(&f)).count();
    let list = vec![
        format!(
            "`[f64; N]` parameters {}",
            shape(|s| matches!(s, Shape::Vector(_)))
        ),
        format!(
            "`[[f64; N]; M]` {}",
            shape(|s| matches!(s, Shape::Matrix(..)))
        ),
        format!("scalars too {}", shape(|s| s == Shape::Scalar)),
        format!("`wrt(..)` {}", count_if(&|p| p.wrt.is_some())),
        format!("a constant array {}", count_if(&const_param)),
        format!("reads by constant index {}", fact("const")),
        format!("by loop index {}", fact("index")),
        format!("`m[i][j]` {}", fact("ij")),
        format!("`for i in 0..N` {}", fact("range")),
        format!("`0..xs.len()` {}", count(".len()")),
        format!("`.rev()` {}", count(".rev()")),
        format!("nested loops {}", fact("nested")),
        format!("`for &v in &xs` or `xs.iter()` {}", fact("elems")),
        format!("elements bound by reference {}", fact("ref")),
        format!("`.enumerate()` {}", count(".enumerate()")),
        format!("`.zip(..)` {}", count(".zip(")),
        format!("`.iter().sum()` {}", count(".iter().sum")),
        format!("`.iter().product()` {}", count(".iter().product")),
        format!("`dot` {}", count("dot(")),
        format!("`logsumexp` {}", count("logsumexp(")),
        format!(
            "`softmax_cross_entropy` {}",
            count("softmax_cross_entropy(")
        ),
        format!("`let v = [..]` {}", count(" = [")),
        format!("`s += ..` {}", count(" += ")),
        format!("`if` on an element {}", fact("branch")),
        format!("`continue` {}", fact("continue")),
        format!("`break` {}", fact("break")),
        format!("`return` in a loop {}", fact("return")),
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by tools/gen-programs (seed {SEED_ARR:#x}); do not edit by hand.
// Regenerate with `cargo run -p gen-programs`; tests/random_programs_fresh.rs fails
// when this file differs from what the generator writes.
//
// {NARR} random programs over arrays, {total} gates in all, each differentiated by
// `#[differentiate]` and compared at {POINTS} points with a twin over `[D; N]` evaluated
// by num-dual (forward mode), value and every gradient component, and with central
// finite differences. Programs using:
{}

// the programs exercise `return e;` and index loops on purpose; not every twin
// method is used
#![allow(clippy::needless_return, clippy::needless_range_loop, dead_code)]
",
        wrap_list(&list)
    );
    // the gates called by their bare name are imported
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
