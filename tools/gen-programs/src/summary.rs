//! What each program uses, counted for the header of its corpus: constructs read
//! off the program's text, a few off its structure (where statements and calls
//! stand), and the methods and gates it calls.

use crate::ast::*;
use crate::ops::{ArrOp, Form, Op};
use crate::print::PROG;
use crate::program::Prog;

/// Whether a line of the program `l` (trimmed) assigns with `op` (`" = "`, `" += "`,
/// ...) into a variable (`elem` false) or an element.
fn assigns(t: &str, op: &str, elem: bool) -> bool {
    let set = |l: &str| {
        l.trim()
            .split_once(op)
            .is_some_and(|(a, b)| !a.contains(' ') && b != "1;" && a.contains('[') == elem)
    };
    t.lines().any(set)
}

type Test = fn(&str) -> bool;

/// The constructs counted, each with a test of the program's text, in the order the
/// headers list them.
const TEXT: [(&str, Test); 58] = [
    ("`f32`", |t| t.contains("-> f32")),
    ("`mut` parameters", |t| t.contains("(mut ") || t.contains(", mut ")),
    ("integer parameters", |t| t.contains(": i32") || t.contains(": usize")),
    ("tuple parameters `(a, b): (f64, f64)`", |t| t.contains("): (f")),
    ("`wrt(..)`", |t| t.contains("(wrt(")),
    ("`let x: f64`", |t| t.contains(": f64 = ") || t.contains(": f32 = ")),
    ("`let mut`", |t| t.contains("let mut ")),
    ("block expressions", |t| t.contains(" = {\n")),
    ("`x = ..`", |t| assigns(t, " = ", false)),
    ("`x += ..`", |t| assigns(t, " += ", false)),
    ("`x -= ..`", |t| assigns(t, " -= ", false)),
    ("`x *= ..`", |t| assigns(t, " *= ", false)),
    ("`x /= ..`", |t| assigns(t, " /= ", false)),
    ("constants", |t| ["GAIN", "SHIFT", "DECAY", "HALF", "consts::"].iter().any(|k| t.contains(k))),
    ("`n as f64`", |t| t.contains(" as f64") || t.contains(" as f32")),
    ("path form `f64::exp(x)`", |t| {
        t.contains(" f64::") || t.contains("(f64::") || t.contains(" f32::")
    }),
    ("`if`", |t| t.lines().any(|l| l.trim().starts_with("if "))),
    ("`else if`", |t| t.contains("} else if ")),
    ("`let v = if`", |t| t.contains(" = if ")),
    ("`&&`", |t| t.contains(" && ")),
    ("`||`", |t| t.contains(" || ")),
    ("`match`", |t| t.contains("match ")),
    ("`let v = match`", |t| t.contains(" = match ")),
    ("`|` patterns", |t| t.lines().any(|l| l.contains(" | ") && l.contains(" =>"))),
    ("range patterns", |t| t.lines().any(|l| l.contains("..=") && l.contains(" =>"))),
    ("match guards", |t| t.lines().any(|l| l.contains(" if ") && l.contains(" =>"))),
    ("`for`", |t| t.contains("for ")),
    ("`..=`", |t| t.lines().any(|l| l.contains("..=") && l.contains("for "))),
    ("`.rev()`", |t| t.contains(".rev()")),
    ("`.step_by(2)`", |t| t.contains(".step_by(")),
    ("runtime trip counts", |t| t.contains("..n") || t.contains("< n")),
    ("`while`", |t| t.contains("while ")),
    ("`loop`", |t| t.contains("loop {")),
    ("`break`", |t| t.contains("break")),
    ("`continue`", |t| t.contains("continue")),
    ("labeled `break`", |t| t.contains("break '")),
    ("labeled `continue`", |t| t.contains("continue '")),
    ("`return e;` at the end", |t| t.lines().last().is_some_and(|l| l.starts_with("return "))),
    ("`[f64; N]` parameters", |t| t.contains(": [f64; ")),
    ("`[[f64; N]; M]` parameters", |t| t.contains(": [[f64; ")),
    ("`&[f64]` parameters", |t| t.contains(": &[f64]")),
    ("`&[[f64; N]]` parameters", |t| t.contains(": &[[f64; ")),
    ("`0..xs.len()`", |t| t.contains(".len()")),
    ("`for &v in &xs` or `xs.iter()`", |t| t.contains(" in &") || t.contains(".iter() {")),
    ("`.enumerate()`", |t| t.contains(".enumerate()")),
    ("`.zip(..)`", |t| t.contains(".zip(")),
    ("`.iter().sum()`", |t| t.contains(".iter().sum")),
    ("`.iter().product()`", |t| t.contains(".iter().product")),
    ("`let v = [..]`", |t| {
        t.lines()
            .any(|l| l.trim().starts_with("let ") && l.contains(" = [") && !l.contains("let mut"))
    }),
    ("`let v = vec![..]` (a `Vec` local)", |t| t.contains(" = vec![")),
    ("`let mut a = [0.0; N]`", |t| t.contains(" = [0.0; ")),
    ("`[[0.0; N]; M]`", |t| t.contains(" = [[0.0; ")),
    ("`[v; N]`", |t| [" = [0.5; ", " = [1.0; ", " = [0.25; "].iter().any(|k| t.contains(k))),
    ("`let mut a = [x, y]`", |t| {
        t.lines().any(|l| l.contains("let mut ") && l.contains(" = [") && !l.contains(';'))
    }),
    ("`a[i] = ..`", |t| assigns(t, " = ", true)),
    ("`a[i] += ..`", |t| assigns(t, " += ", true)),
    ("`a[i] -= ..`", |t| assigns(t, " -= ", true)),
    ("`a[i] *= ..`", |t| assigns(t, " *= ", true)),
];

/// The constructs counted off the structure, after [`TEXT`].
const SHAPES: &str = "shadowing|nested loops|early `return`|`return` in a loop|\
    `if` on an element|`let mut a = w` (a copy)|`let mut a = [v; N]` (a fill with a value)|\
    `a = b;` (an array replaced whole)|`a = b;` in a loop|`a[i][j] op= ..`|stores in a loop|\
    stores in nested loops|stores in a branch|declared in a loop body|a constant array|\
    a differentiated slice|calls|calls inside a loop|inside a branch|in a condition|\
    as an argument of a call|by a module path|through `super::`|\
    a helper called twice with swapped arguments";

/// What `p` uses: some of [`TEXT`] and [`SHAPES`], and the names of the methods and
/// gates it calls (`backprop::` gates and path forms counted apart).
pub fn facts(p: &Prog) -> Vec<String> {
    let mut text = crate::write::head(p, PROG);
    PROG.body(&mut text, &p.body, 0);
    if p.ret {
        text.push_str("return ");
    }
    let mut out: Vec<&str> = TEXT.iter().filter(|(_, f)| f(&text)).map(|t| t.0).collect();
    let (diff, wrt) = (p.diff(), p.wrt());
    let konst = (0..diff.len()).any(|k| diff[k].shape() != Shape::Scalar && !wrt.contains(&k));
    let mut tag = |on: bool, t: &'static str| on.then(|| out.push(t));
    tag(konst, "a constant array");
    tag(wrt.iter().any(|&k| diff[k].slice()), "a differentiated slice");
    // `let a = f(u, v); let b = f(v, u);`
    let args = |a: &[E], sort: bool| {
        let mut t: Vec<String> = a.iter().map(|e| PROG.expr(e)).collect();
        if sort {
            t.sort();
        }
        t
    };
    let swap = p.body.windows(2).any(|w| match w {
        [C::Let { e: E::Call(f, a), .. }, C::Let { e: E::Call(g, b), .. }] => {
            f.path == g.path && args(a, false) != args(b, false) && args(a, true) == args(b, true)
        }
        _ => false,
    });
    tag(swap, "a helper called twice with swapped arguments");
    let mut seen: Vec<String> = p.params.iter().map(|p| p.name.clone()).collect();
    let shapes = std::cell::RefCell::new(Vec::new());
    walk(
        &p.body,
        Ctx::default(),
        &mut |c, ctx| {
            let tag = |on: bool, t: &'static str| on.then(|| shapes.borrow_mut().push(t));
            let looped = matches!(c, C::For { .. } | C::ForEach { .. } | C::While(..) | C::Loop(_));
            tag(looped && ctx.in_loop, "nested loops");
            match c {
                C::Let { name, .. } => {
                    tag(seen.contains(name), "shadowing");
                    seen.push(name.clone());
                }
                C::Return(_) => {
                    tag(true, if ctx.in_loop { "`return` in a loop" } else { "early `return`" });
                }
                C::Set { ix, .. } if !ix.is_empty() => {
                    tag(ix.len() == 2, "`a[i][j] op= ..`");
                    tag(ctx.in_loop, "stores in a loop");
                    tag(ctx.depth > 1, "stores in nested loops");
                    tag(ctx.in_branch, "stores in a branch");
                }
                C::LetMut { init, .. } => {
                    tag(ctx.in_loop, "declared in a loop body");
                    tag(matches!(init, Init::Copy(..)), "`let mut a = w` (a copy)");
                    tag(
                        matches!(init, Init::Splat(..)),
                        "`let mut a = [v; N]` (a fill with a value)",
                    );
                }
                C::Replace { .. } => {
                    tag(true, "`a = b;` (an array replaced whole)");
                    tag(ctx.in_loop, "`a = b;` in a loop");
                }
                _ => {}
            };
        },
        &mut |e, ctx| {
            let tag = |on: bool, t: &'static str| on.then(|| shapes.borrow_mut().push(t));
            tag(ctx.in_cond && matches!(e, E::Elem(..) | E::Arr(..)), "`if` on an element");
            if let E::Call(f, _) = e {
                tag(true, "calls");
                tag(ctx.in_loop, "calls inside a loop");
                tag(ctx.in_branch, "inside a branch");
                tag(ctx.in_cond, "in a condition");
                tag(ctx.in_call, "as an argument of a call");
                tag(f.path.contains("::"), "by a module path");
                tag(f.path.starts_with("super::"), "through `super::`");
            }
        },
    );
    out.extend(shapes.into_inner());
    let mut out: Vec<String> = out.into_iter().map(String::from).collect();
    each_e(&p.body, Some(&p.tail), &mut |e| match e {
        E::Op(Op::Gate(g), Form::Path, _) => out.push(format!("backprop::{}", g.name())),
        E::Op(op, ..) => out.push(op.name().into()),
        E::Arr(ArrOp::Dot(_), ..) => out.push("dot".into()),
        E::Arr(ArrOp::LogSumExp(_), ..) => out.push("logsumexp".into()),
        E::Arr(ArrOp::Xent(_), ..) => out.push("softmax_cross_entropy".into()),
        E::Arr(ArrOp::Chain(op), ..) => out.push(op.label().into()),
        _ => {}
    });
    out
}

/// `// label N, label N, ...` lines: how many of `progs` use each construct, then
/// each method and gate.
pub fn coverage(progs: &[&Prog]) -> String {
    let facts: Vec<Vec<String>> = progs.iter().map(|p| facts(p)).collect();
    let known: Vec<String> =
        TEXT.iter().map(|t| t.0).chain(SHAPES.split('|')).map(String::from).collect();
    let mut names: Vec<String> =
        facts.iter().flatten().filter(|t| !known.contains(t)).cloned().collect();
    names.sort_unstable();
    names.dedup();
    let count = |t: &String| facts.iter().filter(|f| f.contains(t)).count();
    let list = |tags: &[String]| {
        let items: Vec<String> =
            tags.iter().filter(|t| count(t) > 0).map(|t| format!("{t} {}", count(t))).collect();
        items.join(", ")
    };
    crate::corpus::comment(&format!("{}; methods and gates: {}.", list(&known), list(&names)))
}
