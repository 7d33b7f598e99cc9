//! The text of one program: the function under `#[differentiate]`, its num-dual twin,
//! adapters from a flat point to the macro's entry points (`_grad`, and `_forward` +
//! `_backward` with `d_out = 0.5` or 1), and a `#[test]` checking them at its points.

use crate::ast::Shape;
use crate::print::Cx;
use crate::program::{Kind, Param, Prog};
use std::fmt::Write as _;

/// The parameter's type over `t`: `f64`, `[t; N]`, `&[t]`, `&[[t; N]]`, `usize`, ...
fn param_ty(p: &Param, t: &str) -> String {
    if let Some(ty) = crate::idiom::ref_ty(p, t) {
        return ty;
    }
    match p.kind {
        Kind::Int { usize, .. } => if usize { "usize" } else { "i32" }.into(),
        Kind::Float => t.into(),
        Kind::Arr { shape: Shape::Matrix(_, n), slice: true } => format!("&[[{t}; {n}]]"),
        Kind::Arr { shape: Shape::Matrix(r, n), .. } => format!("[[{t}; {n}]; {r}]"),
        Kind::Arr { slice: true, .. } => format!("&[{t}]"),
        Kind::Arr { shape, .. } => format!("[{t}; {}]", shape.size()),
    }
}

/// `#[differentiate(..)]` and `pub fn name(..) -> f64 {` (for the twin, `fn name_nd(..)
/// -> D {`).
pub fn head(prog: &Prog, cx: Cx) -> String {
    let ps: Vec<String> = prog
        .params
        .iter()
        .map(|p| {
            format!("{}{}: {}", if p.mutable { "mut " } else { "" }, p.name, param_ty(p, cx.ty()))
        })
        .collect();
    let ps = pair_up(prog, ps, |a, b| {
        let (a, b) = (a.split(": ").next().unwrap_or(a), b.split(": ").next().unwrap_or(b));
        format!("({a}, {b}): ({t}, {t})", t = cx.ty())
    });
    let (n, ps) = (&prog.name, ps.join(", "));
    if cx.twin {
        return format!("fn {n}_nd({ps}) -> D {{\n");
    }
    let diff = prog.diff();
    let wrt = prog
        .wrt
        .as_ref()
        .map(|w| w.iter().map(|&i| diff[i].name.as_str()).collect::<Vec<_>>().join(", "));
    let options = if prog.hessian { "jvp, hessian" } else { "jvp" };
    let attr = wrt.map_or(format!("#[differentiate({options})]"), |w| {
        format!("#[differentiate(wrt({w}), {options})]")
    });
    format!("{attr}\npub fn {n}({ps}) -> {} {{\n", cx.ty())
}

/// The arguments of a call from the flat slice `s` and the integers `k`: `s[3]`,
/// `arr(&s[0..])`, `mat(&s[4..])`, `&s[0..3]`, `&rows::<2, _>(&s[4..8])` (or
/// `&rows_m`, bound beforehand, if `bound`), `k[0] as usize`; then `&mut {buf}_w`
/// for each differentiated slice, if `buf` is given.
fn args(prog: &Prog, s: &str, bound: bool, buf: Option<&str>) -> String {
    let (mut at, mut ki) = (0, 0);
    let a: Vec<String> = prog
        .params
        .iter()
        .map(|p| {
            let end = at + p.shape().size();
            let t = match p.kind {
                _ if crate::idiom::array_ref(p) => {
                    crate::idiom::ref_arg(p, s, at, bound).unwrap_or_default()
                }
                Kind::Int { usize, .. } => {
                    ki += 1;
                    return format!("k[{}]{}", ki - 1, if usize { " as usize" } else { "" });
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
            at = end;
            t
        })
        .collect();
    let mut a = pair_up(prog, a, |a, b| format!("({a}, {b})"));
    a.extend(
        buf.iter().flat_map(|b| {
            wrt_slices(prog).into_iter().map(move |p| format!("&mut {b}_{}", p.name))
        }),
    );
    a.join(", ")
}

/// `items`, one per parameter, with the first two joined by `join` if the program
/// writes them as one tuple parameter.
fn pair_up(
    prog: &Prog,
    mut items: Vec<String>,
    join: impl Fn(&str, &str) -> String,
) -> Vec<String> {
    if prog.tuple_pair && items.len() >= 2 {
        let pair = join(&items[0], &items[1]);
        items.splice(0..2, [pair]);
    }
    items
}

/// The tangent arguments of `_jvp` from the flat slice `t` (laid out as the point):
/// one per differentiated parameter, of its type.
fn tangent_args(prog: &Prog) -> String {
    let (wrt, mut at) = (prog.wrt(), 0);
    let mut out = Vec::new();
    for (k, p) in prog.diff().into_iter().enumerate() {
        let end = at + p.shape().size();
        if wrt.contains(&k) {
            out.push(match p.kind {
                _ if crate::idiom::array_ref(p) => {
                    crate::idiom::ref_arg(p, "t", at, false).unwrap_or_default()
                }
                Kind::Arr { shape: Shape::Vector(_), slice: false } => format!("arr(&t[{at}..])"),
                Kind::Arr { slice: false, .. } => format!("mat(&t[{at}..])"),
                Kind::Arr { shape: Shape::Matrix(_, n), .. } => {
                    format!("&rows::<{n}, _>(&t[{at}..{end}])")
                }
                Kind::Arr { .. } => format!("&t[{at}..{end}]"),
                _ => format!("t[{at}]"),
            });
        }
        at = end;
    }
    out.join(", ")
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
            _ if crate::idiom::array_ref(p) => crate::idiom::ref_buffer(p, pre).unwrap_or_default(),
            (false, Shape::Matrix(r, n)) => format!("vec![[0.0; {n}]; {r}]"),
            (false, s) => format!("vec![0.0; {}]", s.size()),
            (true, Shape::Matrix(r, n)) => format!("pre_rows::<{n}>({r})"),
            (true, s) => format!("pre({})", s.size()),
        };
        let _ = writeln!(out, "    let mut {buf}_{} = {v};", p.name);
    }
}

/// Writes `prog` at indentation `ind` (its twin `pub` if `pub_twin`: callers in other
/// modules use it); `label` names it in failure messages.
pub fn write_prog(out: &mut String, prog: &Prog, ind: usize, pub_twin: bool, label: &str) {
    let (n, ty) = (&prog.name, if prog.f32 { "f32" } else { "f64" });
    let slices = wrt_slices(prog);
    // the gradient as `flat(scale, &[&g.x, &d_w, ..])`, in parameter order
    let diff = prog.diff();
    let fields: Vec<String> = prog
        .wrt()
        .iter()
        .map(|&i| (diff[i].slice(), &diff[i].name))
        .map(|(s, n)| if s { format!("&d_{n}") } else { format!("&g.{n}") })
        .collect();
    let grads = |scale: &str| format!("flat({scale}, &[{}])", fields.join(", "));
    let mut s = "\n".to_string();
    for twin in [false, true] {
        let cx = Cx { twin, f32: prog.f32 };
        let vis = if twin && pub_twin { "pub " } else { "" };
        let _ = write!(s, "{vis}{}", head(prog, cx));
        cx.body(&mut s, &prog.body, 4);
        let tail = cx.expr(&prog.tail);
        let _ = writeln!(
            s,
            "    {}{tail}{}\n}}\n",
            if prog.ret { "return " } else { "" },
            if prog.ret { ";" } else { "" }
        );
    }
    let kp = if diff.len() < prog.params.len() { "k" } else { "_" };
    let g = if prog.wrt().len() > slices.len() { "g" } else { "_" };
    let sig = |f: &str, ret: &str| format!("fn {n}_{f}(p: &[{ty}], {kp}: &[i32]) -> {ret} {{");
    let _ = writeln!(s, "{}\n    {n}({})\n}}\n", sig("f", ty), args(prog, "p", false, None));
    // `_grad` with zeroed buffers, then again with pre-filled ones (accumulation)
    let _ = writeln!(s, "{}", sig("ad", &format!("({ty}, Vec<f64>)")));
    buffers(&mut s, prog, "d", false);
    let _ = writeln!(s, "    let (v, {g}) = {n}_grad({});", args(prog, "p", false, Some("d")));
    if !slices.is_empty() {
        buffers(&mut s, prog, "a", true);
        let _ = writeln!(s, "    let _ = {n}_grad({});", args(prog, "p", false, Some("a")));
        for p in &slices {
            let _ = writeln!(s, "    accumulated(&a_{0}, &d_{0});", p.name);
        }
    }
    let _ =
        writeln!(s, "    (v, {})\n}}\n\n{}", grads("1.0"), sig("fb", &format!("({ty}, Vec<f64>)")));
    buffers(&mut s, prog, "d", false);
    // a `&[[f64; N]]` argument is bound first: the forward pass's cache borrows it
    let mut at = 0;
    for p in &diff {
        if let Some(binding) = crate::idiom::ref_binding(p, at) {
            let _ = writeln!(s, "    {binding}");
        }
        if let (true, false, Shape::Matrix(_, c)) =
            (p.slice(), crate::idiom::array_ref(p), p.shape())
        {
            let _ = writeln!(
                s,
                "    let rows_{} = rows::<{c}, _>(&p[{at}..{}]);",
                p.name,
                at + p.shape().size()
            );
        }
        at += p.shape().size();
    }
    let _ = writeln!(s, "    let (v, cache) = {n}_forward({});", args(prog, "p", true, None));
    let (seed, scale) = if prog.fb_scaled { ("0.5", "2.0") } else { ("1.0", "1.0") };
    let bufs: String = slices.iter().map(|p| format!(", &mut d_{}", p.name)).collect();
    let _ = writeln!(
        s,
        "    let {g} = {n}_backward(&cache, {seed}{bufs});\n    (v, {})\n}}\n",
        grads(scale)
    );
    let _ = writeln!(
        s,
        "fn {n}_jv(p: &[{ty}], t: &[{ty}], {kp}: &[i32]) -> ({ty}, {ty}) {{\n    {n}_jvp({}, {})\n}}\n",
        args(prog, "p", false, None),
        tangent_args(prog)
    );
    let _ = writeln!(
        s,
        "fn {n}_tw(d: &[D], {kp}: &[i32]) -> D {{\n    {n}_nd({})\n}}\n",
        args(prog, "d", false, None)
    );
    let w: Vec<String> = prog.wrt_flat().iter().map(|i| i.to_string()).collect();
    if prog.hessian {
        // `v` and `H v` over the differentiated coordinates, in parameter order
        let _ = writeln!(
            s,
            "fn {n}_hv(p: &[f64], t: &[f64], {kp}: &[i32]) -> (f64, Vec<f64>) {{\n    let v = [{}];\n    let mut hv = [0.0; {}];\n    let (value, _) = {n}_hvp({}, &v, &mut hv);\n    (value, hv.to_vec())\n}}\n",
            w.iter().map(|i| format!("t[{i}]")).collect::<Vec<_>>().join(", "),
            w.len(),
            args(prog, "p", false, None)
        );
    }
    let _ = writeln!(s, "#[test]\nfn {n}_check() {{\n    let t = Prog {{");
    let _ = writeln!(s, "        name: {label:?},\n        at: concat!(file!(), \":\", line!()),");
    let _ = writeln!(
        s,
        "        f: {n}_f,\n        ad: {n}_ad,\n        fb: {n}_fb,\n        jv: {n}_jv,\n        tw: {n}_tw,"
    );
    let hv = if prog.hessian { format!("Some({n}_hv)") } else { "None".into() };
    let _ = writeln!(s, "        hv: {hv},");
    let _ = writeln!(s, "        wrt: &[{}],\n        fd: {},\n    }};", w.join(", "), prog.fd);
    let scalars = diff.iter().all(|p| p.shape() == Shape::Scalar);
    for (p, k) in &prog.points {
        let list = |v: &[f64]| v.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ");
        let ks: Vec<String> = k.iter().map(|v| v.to_string()).collect();
        let point = match scalars {
            true => format!("check(&[{}]", list(p)),
            // one chunk per parameter (a matrix's rows each)
            false => {
                let rows = diff.iter().flat_map(|par| match par.shape() {
                    Shape::Matrix(r, n) => vec![n; r],
                    s => vec![s.size()],
                });
                let mut at = 0;
                let chunks: Vec<String> = rows
                    .map(|n| {
                        at += n;
                        format!("&[{}]", list(&p[at - n..at]))
                    })
                    .collect();
                format!("check_at(&[{}]", chunks.join(", "))
            }
        };
        let _ = writeln!(s, "    t.{point}, &[{}]);", ks.join(", "));
    }
    s.push_str("}\n");
    let pad = " ".repeat(ind);
    for l in s.lines() {
        let _ = writeln!(out, "{}{l}", if l.is_empty() { "" } else { &pad });
    }
}
