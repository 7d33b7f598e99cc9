//! What each program uses, counted for the header of its corpus.

use crate::ast::*;
use crate::ops::{ArrOp, Form, Op};
use crate::print::PROG;
use crate::program::Prog;

/// The constructs counted, in the order the headers list them.
const TAGS: [&str; 95] = [
    "`f32`",
    "`mut` parameters",
    "integer parameters",
    "`wrt(..)`",
    "`let`",
    "`let x: f64`",
    "`let mut`",
    "shadowing",
    "block expressions",
    "`x = ..`",
    "`x += ..`",
    "`x -= ..`",
    "`x *= ..`",
    "`x /= ..`",
    "constants",
    "`n as f64`",
    "`powi(n)`",
    "path form `f64::exp(x)`",
    "gates called bare",
    "`backprop::` gates",
    "`if`",
    "`else if`",
    "`else`",
    "`let v = if`",
    "`&&`",
    "`||`",
    "`match`",
    "`let v = match`",
    "`|` patterns",
    "range patterns",
    "match guards",
    "`for`",
    "`..=`",
    "`.rev()`",
    "`.step_by(2)`",
    "runtime trip counts",
    "`while`",
    "`loop`",
    "nested loops",
    "`break`",
    "`continue`",
    "labeled `break`",
    "labeled `continue`",
    "early `return`",
    "`return` in a loop",
    "`return e;` at the end",
    "calls",
    "calls inside a loop",
    "inside a branch",
    "in a condition",
    "as an argument of a call",
    "by a module path",
    "through `super::`",
    "`[f64; N]` parameters",
    "`[[f64; N]; M]` parameters",
    "a constant array",
    "reads by constant index",
    "by loop index",
    "`m[i][j]`",
    "`0..xs.len()`",
    "`for &v in &xs` or `xs.iter()`",
    "elements bound by reference",
    "`.enumerate()`",
    "`.zip(..)`",
    "`.iter().sum()`",
    "`.iter().product()`",
    "`dot`",
    "`logsumexp`",
    "`softmax_cross_entropy`",
    "`let v = [..]`",
    "`if` on an element",
    "`let mut a = [0.0; N]`",
    "`[[0.0; N]; M]`",
    "`[v; N]`",
    "`let mut a = [x, y]`",
    "`let mut a = w`",
    "`let mut a = m` (matrix)",
    "declared in a loop body",
    "`a[i] = ..`",
    "`a[i] += ..`",
    "`a[i] -= ..`",
    "`a[i] *= ..`",
    "`a[i] /= ..`",
    "`a[i][j] op= ..`",
    "stores by loop index",
    "stores in a loop",
    "stores in nested loops",
    "stores in a branch",
    "reads of a local array",
    "a gate over a local array",
    "`&[f64]` parameters",
    "`&[[f64; N]]` parameters",
    "a differentiated slice",
    "a constant slice",
    "a slice in a loop head or `.iter().sum()`",
];

/// What `p` uses: some of [`TAGS`], and the names of the methods and gates it calls.
pub fn facts(p: &Prog) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let (diff, wrt) = (p.diff(), p.wrt());
    let slices: Vec<&String> = diff.iter().filter(|p| p.slice()).map(|p| &p.name).collect();
    let seen = std::cell::RefCell::new(Vec::new());
    let mut locals = Vec::new();
    walk(
        &p.body,
        Ctx::default(),
        &mut |c, _| {
            if let C::LetMut { name, .. } = c {
                locals.push(name.clone())
            }
        },
        &mut |_, _| {},
    );
    let shape = |p: &&crate::program::Param, m: bool, s: bool| {
        p.slice() == s && matches!(p.shape(), Shape::Matrix(..)) == m && p.shape() != Shape::Scalar
    };
    let konst = |k: &usize| diff[*k].shape() != Shape::Scalar && !wrt.contains(k);
    let params = [
        (p.f32, "`f32`"),
        (p.ret, "`return e;` at the end"),
        (p.wrt.is_some(), "`wrt(..)`"),
        (p.params.iter().any(|p| p.mutable), "`mut` parameters"),
        (diff.len() < p.params.len(), "integer parameters"),
        (diff.iter().any(|p| shape(p, false, false)), "`[f64; N]` parameters"),
        (diff.iter().any(|p| shape(p, true, false)), "`[[f64; N]; M]` parameters"),
        (diff.iter().any(|p| shape(p, false, true)), "`&[f64]` parameters"),
        (diff.iter().any(|p| shape(p, true, true)), "`&[[f64; N]]` parameters"),
        ((0..diff.len()).any(|k| konst(&k) && !diff[k].slice()), "a constant array"),
        ((0..diff.len()).any(|k| konst(&k) && diff[k].slice()), "a constant slice"),
        (wrt.iter().any(|&k| diff[k].slice()), "a differentiated slice"),
    ];
    out.extend(params.into_iter().filter(|t| t.0).map(|t| t.1));
    let mut text = String::new();
    PROG.body(&mut text, &p.body, 0);
    for (pat, t) in [(" && ", "`&&`"), (" || ", "`||`"), ("break '", "labeled `break`")] {
        if text.contains(pat) {
            out.push(t);
        }
    }
    if text.contains("continue '") {
        out.push("labeled `continue`");
    }
    let stmt = |c: &C, ctx: Ctx, out: &mut Vec<&'static str>| {
        let mut t = |on: bool, tag: &'static str| {
            if on {
                out.push(tag);
            }
        };
        let nested = ctx.in_loop;
        match c {
            C::Let { name, mutable, annot, e } => {
                t(true, "`let`");
                t(*annot, "`let x: f64`");
                t(*mutable, "`let mut`");
                t(seen.borrow().contains(name), "shadowing");
                seen.borrow_mut().push(name.clone());
                t(matches!(e, E::Block(..)), "block expressions");
            }
            C::Set { ix, op, .. } => {
                let k = op.map_or(0, |o| o as usize + 1);
                if ix.is_empty() {
                    t(true, ["`x = ..`", "`x += ..`", "`x -= ..`", "`x *= ..`", "`x /= ..`"][k]);
                    return;
                }
                t(
                    true,
                    ["`a[i] = ..`", "`a[i] += ..`", "`a[i] -= ..`", "`a[i] *= ..`", "`a[i] /= ..`"]
                        [k],
                );
                t(ix.len() == 2, "`a[i][j] op= ..`");
                t(ix.iter().any(|i| matches!(i, Ix::V(_))), "stores by loop index");
                t(ctx.in_loop, "stores in a loop");
                t(ctx.depth > 1, "stores in nested loops");
                t(ctx.in_branch, "stores in a branch");
            }
            C::If { name, chain, els } => {
                t(true, if name.is_some() { "`let v = if`" } else { "`if`" });
                t(chain.len() > 1, "`else if`");
                t(els.is_some() && name.is_none(), "`else`");
            }
            C::Match { name, arms, .. } => {
                t(true, "`match`");
                t(name.is_some(), "`let v = match`");
                for a in arms {
                    t(matches!(a.pat, Pat::Or(..)), "`|` patterns");
                    t(matches!(a.pat, Pat::Range(..)), "range patterns");
                    t(a.guard.is_some(), "match guards");
                }
            }
            C::For { range: r, .. } => {
                t(true, "`for`");
                t(r.incl, "`..=`");
                t(r.rev, "`.rev()`");
                t(r.step > 1, "`.step_by(2)`");
                t(matches!(r.hi, Bound::N(_)), "runtime trip counts");
                t(matches!(r.hi, Bound::Len(..)), "`0..xs.len()`");
                let slice = matches!(&r.hi, Bound::Len(a, _) if slices.contains(&a));
                t(slice, "a slice in a loop head or `.iter().sum()`");
                t(nested, "nested loops");
            }
            C::ForEach { head, .. } => {
                t(matches!(head, Head::Elems { .. }), "`for &v in &xs` or `xs.iter()`");
                t(matches!(head, Head::Enumerate { .. }), "`.enumerate()`");
                t(matches!(head, Head::Zip { .. }), "`.zip(..)`");
                t(head.binds().iter().any(|b| b.by_ref), "elements bound by reference");
                let slice = head.arrays().iter().any(|a| slices.contains(a));
                t(slice, "a slice in a loop head or `.iter().sum()`");
                t(nested, "nested loops");
            }
            C::While(..) | C::Loop(_) => {
                t(true, if matches!(c, C::Loop(_)) { "`loop`" } else { "`while`" });
                t(nested, "nested loops");
            }
            C::Break(_) => t(true, "`break`"),
            C::Continue(_) => t(true, "`continue`"),
            C::Return(_) if ctx.in_loop => t(true, "`return` in a loop"),
            C::Return(_) => t(ctx.in_branch, "early `return`"),
            C::LetArr { .. } => t(true, "`let v = [..]`"),
            C::LetMut { init, .. } => {
                t(
                    true,
                    match init {
                        Init::Fill(v, Shape::Matrix(..)) if *v == 0.0 => "`[[0.0; N]; M]`",
                        Init::Fill(v, _) if *v == 0.0 => "`let mut a = [0.0; N]`",
                        Init::Fill(..) => "`[v; N]`",
                        Init::Vals(_) => "`let mut a = [x, y]`",
                        Init::Copy(_, Shape::Matrix(..)) => "`let mut a = m` (matrix)",
                        Init::Copy(..) => "`let mut a = w`",
                    },
                );
                t(ctx.in_loop, "declared in a loop body");
            }
            _ => {}
        }
    };
    let expr = |e: &E, ctx: Ctx, out: &mut Vec<&'static str>| {
        let tag = match e {
            E::Konst(_) => "constants",
            E::Cast(_) => "`n as f64`",
            E::Op(Op::Powi, _, a) if matches!(&a[1], E::Int(n) if n.parse::<i32>().is_err()) => {
                "`powi(n)`"
            }
            E::Op(Op::Gate(_), Form::Method, _) => "gates called bare",
            E::Op(Op::Gate(_), Form::Path, _) => "`backprop::` gates",
            E::Op(_, Form::Path, _) => "path form `f64::exp(x)`",
            E::Elem(a, ix) => {
                if ctx.in_cond {
                    out.push("`if` on an element");
                }
                if locals.contains(a) {
                    out.push("reads of a local array");
                }
                let vars = ix.iter().filter(|i| matches!(i, Ix::V(_))).count();
                ["reads by constant index", "by loop index", "`m[i][j]`"][vars]
            }
            E::Arr(op, names, _) => {
                if names.iter().any(|n| locals.contains(n)) {
                    out.push("a gate over a local array");
                }
                if names.iter().any(|n| slices.contains(&n)) {
                    out.push("a slice in a loop head or `.iter().sum()`");
                }
                match op {
                    ArrOp::Dot(_) => "`dot`",
                    ArrOp::LogSumExp(_) => "`logsumexp`",
                    ArrOp::Xent(_) => "`softmax_cross_entropy`",
                    ArrOp::Sum => "`.iter().sum()`",
                    ArrOp::Product => "`.iter().product()`",
                }
            }
            E::Call(f, _) => {
                let tags = [
                    (ctx.in_loop, "calls inside a loop"),
                    (ctx.in_branch, "inside a branch"),
                    (ctx.in_cond, "in a condition"),
                    (ctx.in_call, "as an argument of a call"),
                    (f.path.contains("::"), "by a module path"),
                    (f.path.starts_with("super::"), "through `super::`"),
                ];
                out.extend(tags.into_iter().filter(|t| t.0).map(|t| t.1));
                "calls"
            }
            _ => return,
        };
        out.push(tag);
        if let E::Op(op, ..) = e {
            out.push(op.name());
        }
    };
    let mut tags = Vec::new();
    walk(&p.body, Ctx::default(), &mut |c, ctx| stmt(c, ctx, &mut out), &mut |e, ctx| {
        expr(e, ctx, &mut tags)
    });
    each_sub(&p.tail, Ctx::default(), &mut |e, ctx| expr(e, ctx, &mut tags));
    out.extend(tags);
    out
}

/// `// label N, label N, ...` lines: how many of `progs` use each construct, then
/// each method and gate.
pub fn coverage(progs: &[&Prog]) -> String {
    let facts: Vec<Vec<&str>> = progs.iter().map(|p| facts(p)).collect();
    let mut names: Vec<&str> =
        facts.iter().flatten().copied().filter(|t| !TAGS.contains(t)).collect();
    names.sort_unstable();
    names.dedup();
    let count = |t: &&str| facts.iter().filter(|f| f.contains(t)).count();
    let list = |tags: &[&str]| -> String {
        let items: Vec<String> =
            tags.iter().filter(|t| count(t) > 0).map(|t| format!("{t} {}", count(t))).collect();
        items.join(", ")
    };
    crate::corpus::comment(&format!("{}; methods and gates: {}.", list(&TAGS), list(&names)))
}
