//! The text of one program: the function under `#[differentiate]`, its num-dual twin,
//! adapters from a flat point to the macro's entry points (`_grad`, and `_forward` +
//! `_backward` with `d_out = 0.5` or 1), and a `#[test]` checking them at its points.

use crate::ast::Shape;
use crate::print::Cx;
use crate::program::{Kind, Param, Prog};
use std::fmt::Write as _;

/// The parameter's type over `t`: `f64`, `[t; N]`, `&[t]`, `&[[t; N]]`, `usize`, ...
fn param_ty(p: &Param, t: &str) -> String {
    match p.kind {
        Kind::Float => t.into(),
        Kind::Int { usize, .. } => if usize { "usize" } else { "i32" }.into(),
        Kind::Arr { shape: Shape::Matrix(_, n), slice: true } => format!("&[[{t}; {n}]]"),
        Kind::Arr { slice: true, .. } => format!("&[{t}]"),
        Kind::Arr { shape: Shape::Matrix(r, n), .. } => format!("[[{t}; {n}]; {r}]"),
        Kind::Arr { shape, .. } => format!("[{t}; {}]", shape.size()),
    }
}

/// The arguments of a call from the flat slice `s` and the integers `k`: `s[3]`,
/// `arr(&s[0..])`, `mat(&s[4..])`, `&s[0..3]`, `&rows::<2, _>(&s[4..8])` (or
/// `&rows_m`, bound beforehand, if `bound`), `k[0] as usize`.
fn args(prog: &Prog, s: &str, bound: bool) -> String {
    let (mut at, mut ki) = (0, 0);
    let a: Vec<String> = prog
        .params
        .iter()
        .map(|p| {
            let end = at + p.shape().size();
            let t = match p.kind {
                Kind::Int { usize, .. } => {
                    ki += 1;
                    format!("k[{}]{}", ki - 1, if usize { " as usize" } else { "" })
                }
                Kind::Float => format!("{s}[{at}]"),
                Kind::Arr { shape: Shape::Vector(_), slice: false } => format!("arr(&{s}[{at}..])"),
                Kind::Arr { slice: false, .. } => format!("mat(&{s}[{at}..])"),
                Kind::Arr { shape: Shape::Matrix(..), .. } if bound => format!("&rows_{}", p.name),
                Kind::Arr { shape: Shape::Matrix(_, n), .. } => {
                    format!("&rows::<{n}, _>(&{s}[{at}..{end}])")
                }
                Kind::Arr { .. } => format!("&{s}[{at}..{end}]"),
            };
            if !matches!(p.kind, Kind::Int { .. }) {
                at = end;
            }
            t
        })
        .collect();
    a.join(", ")
}

/// The differentiated slices.
fn wrt_slices(prog: &Prog) -> Vec<&Param> {
    let diff = prog.diff();
    prog.wrt().into_iter().map(|i| diff[i]).filter(|p| p.slice()).collect()
}

/// `let mut d_w = vec![0.0; 3];` (`rows` for `&[[f64; N]]`) for each differentiated
/// slice, with prefix `buf`, zeroed or pre-filled with a known vector (`pre`).
fn buffers(out: &mut String, prog: &Prog, buf: &str, pre: bool) {
    for p in wrt_slices(prog) {
        let v = match (pre, p.shape()) {
            (false, Shape::Matrix(r, n)) => format!("vec![[0.0; {n}]; {r}]"),
            (false, s) => format!("vec![0.0; {}]", s.size()),
            (true, Shape::Matrix(r, n)) => format!("pre_rows::<{n}>({r})"),
            (true, s) => format!("pre({})", s.size()),
        };
        let _ = writeln!(out, "    let mut {buf}_{} = {v};", p.name);
    }
}

/// The arguments, then `&mut d_w` for each differentiated slice.
fn call_args(prog: &Prog, buf: &str) -> String {
    let mut a = args(prog, "p", false);
    for p in wrt_slices(prog) {
        let _ = write!(a, ", &mut {buf}_{}", p.name);
    }
    a
}

/// The gradient as `flat(scale, &[&g.x, &d_w, ..])`, in parameter order.
fn grads(prog: &Prog, scale: &str) -> String {
    let diff = prog.diff();
    let g: Vec<String> = prog
        .wrt()
        .iter()
        .map(|&i| {
            if diff[i].slice() {
                format!("&d_{}", diff[i].name)
            } else {
                format!("&g.{}", diff[i].name)
            }
        })
        .collect();
    format!("flat({scale}, &[{}])", g.join(", "))
}

/// Writes `prog` at indentation `ind` (its twin `pub` if `pub_twin`: callers in other
/// modules use it); `label` names it in failure messages.
pub fn write_prog(out: &mut String, prog: &Prog, ind: usize, pub_twin: bool, label: &str) {
    let mut s = String::new();
    let n = &prog.name;
    let ty = if prog.f32 { "f32" } else { "f64" };
    let (cx, twin) = (Cx { twin: false, f32: prog.f32 }, Cx { twin: true, f32: prog.f32 });
    let sig = |t: &str| -> String {
        let ps: Vec<String> = prog
            .params
            .iter()
            .map(|p| {
                format!("{}{}: {}", if p.mutable { "mut " } else { "" }, p.name, param_ty(p, t))
            })
            .collect();
        ps.join(", ")
    };
    let body = |s: &mut String, cx: Cx| {
        cx.body(s, &prog.body, 4);
        let tail = cx.expr(&prog.tail);
        let _ = writeln!(
            s,
            "{}",
            if prog.ret { format!("    return {tail};") } else { format!("    {tail}") }
        );
    };
    let kp = if prog.params.len() > prog.diff().len() { "k" } else { "_" };
    // the gradient struct is read if some differentiated parameter is not a slice
    let fields = prog.wrt().len() > wrt_slices(prog).len();
    let g = if fields { "g" } else { "_" };
    match &prog.wrt {
        None => s.push_str("\n#[differentiate]\n"),
        Some(w) => {
            let diff = prog.diff();
            let names: Vec<&str> = w.iter().map(|&i| diff[i].name.as_str()).collect();
            let _ = writeln!(s, "\n#[differentiate(wrt({}))]", names.join(", "));
        }
    }
    let _ = writeln!(s, "pub fn {n}({}) -> {ty} {{", sig(ty));
    body(&mut s, cx);
    let vis = if pub_twin { "pub " } else { "" };
    let _ = writeln!(s, "}}\n\n{vis}fn {n}_nd({}) -> D {{", sig("D"));
    body(&mut s, twin);
    let _ = writeln!(
        s,
        "}}\n\nfn {n}_f(p: &[{ty}], {kp}: &[i32]) -> {ty} {{\n    {n}({})\n}}",
        args(prog, "p", false)
    );
    // `_grad` with zeroed buffers, then again with pre-filled ones (accumulation)
    let _ = writeln!(s, "\nfn {n}_ad(p: &[{ty}], {kp}: &[i32]) -> ({ty}, Vec<f64>) {{");
    buffers(&mut s, prog, "d", false);
    let _ = writeln!(s, "    let (v, {g}) = {n}_grad({});", call_args(prog, "d"));
    if !wrt_slices(prog).is_empty() {
        buffers(&mut s, prog, "a", true);
        let _ = writeln!(s, "    let _ = {n}_grad({});", call_args(prog, "a"));
        for p in wrt_slices(prog) {
            let _ = writeln!(s, "    accumulated(&a_{0}, &d_{0});", p.name);
        }
    }
    let _ = writeln!(s, "    (v, {})\n}}", grads(prog, "1.0"));
    let _ = writeln!(s, "\nfn {n}_fb(p: &[{ty}], {kp}: &[i32]) -> ({ty}, Vec<f64>) {{");
    buffers(&mut s, prog, "d", false);
    // a `&[[f64; N]]` argument is bound first: the forward pass's cache borrows it
    let mut at = 0;
    for p in prog.diff() {
        if let (true, Shape::Matrix(_, c)) = (p.slice(), p.shape()) {
            let end = at + p.shape().size();
            let _ = writeln!(s, "    let rows_{} = rows::<{c}, _>(&p[{at}..{end}]);", p.name);
        }
        at += p.shape().size();
    }
    let _ = writeln!(s, "    let (v, cache) = {n}_forward({});", args(prog, "p", true));
    let (seed, scale) = if prog.fb_scaled { ("0.5", "2.0") } else { ("1.0", "1.0") };
    let mut bargs = format!("&cache, {seed}");
    for p in wrt_slices(prog) {
        let _ = write!(bargs, ", &mut d_{}", p.name);
    }
    let _ =
        writeln!(s, "    let {g} = {n}_backward({bargs});\n    (v, {})\n}}", grads(prog, scale));
    let _ = writeln!(
        s,
        "\nfn {n}_tw(d: &[D], {kp}: &[i32]) -> D {{\n    {n}_nd({})\n}}",
        args(prog, "d", false)
    );
    let w: Vec<String> = prog.wrt_flat().iter().map(|i| i.to_string()).collect();
    let _ = writeln!(s, "\n#[test]\nfn {n}_check() {{\n    let t = Prog {{");
    let _ = writeln!(s, "        name: {label:?},\n        at: concat!(file!(), \":\", line!()),");
    let _ = writeln!(
        s,
        "        f: {n}_f,\n        ad: {n}_ad,\n        fb: {n}_fb,\n        tw: {n}_tw,"
    );
    let _ = writeln!(s, "        wrt: &[{}],\n        fd: {},\n    }};", w.join(", "), prog.fd);
    let scalars = prog.diff().iter().all(|p| p.shape() == Shape::Scalar);
    for (p, k) in &prog.points {
        let list = |v: &[f64]| v.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ");
        let ks: Vec<String> = k.iter().map(|v| v.to_string()).collect();
        if scalars {
            let _ = writeln!(s, "    t.check(&[{}], &[{}]);", list(p), ks.join(", "));
            continue;
        }
        // one chunk per parameter (a matrix's rows each)
        let (mut at, mut chunks) = (0, Vec::new());
        for par in prog.diff() {
            let row = match par.shape() {
                Shape::Matrix(_, n) => n,
                s => s.size(),
            };
            for _ in 0..par.shape().size() / row {
                chunks.push(format!("&[{}]", list(&p[at..at + row])));
                at += row;
            }
        }
        let _ = writeln!(s, "    t.check_at(&[{}], &[{}]);", chunks.join(", "), ks.join(", "));
    }
    s.push_str("}\n");
    let pad = " ".repeat(ind);
    for l in s.lines() {
        let _ = writeln!(out, "{}{l}", if l.is_empty() { "" } else { &pad });
    }
}
