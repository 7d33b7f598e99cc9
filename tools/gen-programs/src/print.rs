//! Printing programs: the program itself (`f64`/`f32` text) or its num-dual twin
//! (`D` text: every constant wrapped in `c(..)`, paths `D::`, gates as `D::` functions,
//! comparisons on `.re()`).

use crate::ast::*;
use crate::ops::{Form, Op, KONSTS};
use std::fmt::Write as _;

#[derive(Clone, Copy)]
pub struct Cx {
    pub twin: bool,
    pub f32: bool,
}

pub const PROG: Cx = Cx { twin: false, f32: false };

impl Cx {
    pub fn ty(self) -> &'static str {
        match (self.twin, self.f32) {
            (true, _) => "D",
            (false, true) => "f32",
            (false, false) => "f64",
        }
    }
    fn prec(self, e: &E) -> u8 {
        match e {
            E::Neg(_) => 90,
            E::Cast(_) if !self.twin => 80,
            E::Bin(op, ..) => op.prec(),
            _ => 100,
        }
    }
    fn wrap(self, e: &E, paren: bool) -> String {
        let s = self.expr(e);
        if paren {
            format!("({s})")
        } else {
            s
        }
    }
    /// `e` as a method receiver.
    pub fn recv(self, e: &E) -> String {
        self.wrap(e, self.prec(e) < 100)
    }
    fn konst(self, s: String) -> String {
        if self.twin {
            format!("c({s})")
        } else {
            s
        }
    }
    pub fn expr(self, e: &E) -> String {
        let list = |es: &[E]| es.iter().map(|a| self.expr(a)).collect::<Vec<_>>().join(", ");
        match e {
            E::Var(n) | E::Int(n) => n.clone(),
            E::Lit(v) if self.twin && self.f32 => format!("c({v:?}_f32)"),
            E::Lit(v) => self.konst(format!("{v:?}")),
            E::Konst(i) => {
                let k = &KONSTS[*i];
                self.konst(if self.f32 { k.path32 } else { k.path64 }.to_string())
            }
            E::Cast(n) => self.konst(format!("{n} as {}", if self.f32 { "f32" } else { "f64" })),
            E::Neg(a) => format!("-{}", self.wrap(a, self.prec(a) <= 90)),
            E::Bin(op, a, b) => {
                let p = op.prec();
                let (a, b) = (self.wrap(a, self.prec(a) < p), self.wrap(b, self.prec(b) <= p));
                format!("{a} {} {b}", op.sym())
            }
            E::Op(Op::Gate(g), form, args) => match (self.twin, form) {
                (true, _) => format!("D::{}({})", g.name(), list(args)),
                (false, Form::Method) => format!("{}({})", g.name(), list(args)),
                (false, Form::Path) => format!("backprop::{}({})", g.name(), list(args)),
            },
            E::Op(op, Form::Method, args) => {
                format!("{}.{}({})", self.recv(&args[0]), op.name(), list(&args[1..]))
            }
            E::Op(op, Form::Path, args) => format!("{}::{}({})", self.ty(), op.name(), list(args)),
            E::Block(..) => unreachable!("blocks are printed by `stmt`"),
            E::Call(f, args) => {
                format!("{}{}({})", f.path, if self.twin { "_nd" } else { "" }, list(args))
            }
            E::Elem(a, ix) => format!("{a}{}", ix_text(ix)),
            E::Arr(op, a, _) => op.text(self.twin, a),
        }
    }
    pub fn cond(self, c: &Cond) -> String {
        let side = |e: &E| match e {
            E::Lit(v) => format!("{v:?}"),
            _ if self.twin => format!("{}.re()", self.recv(e)),
            _ => self.expr(e),
        };
        let rhs = |r: &Result<i64, String>| r.clone().map_or_else(|n| n, |k| k.to_string());
        match c {
            Cond::F(a, op, b) => format!("{} {} {}", side(a), op.sym(), side(b)),
            Cond::I(v, IntTest::Lt(r)) => format!("{v} < {}", rhs(r)),
            Cond::I(v, IntTest::Ge(r)) => format!("{v} >= {}", rhs(r)),
            Cond::I(v, IntTest::Eq(k)) => format!("{v} == {k}"),
            Cond::I(v, IntTest::Mod(m, r)) => format!("{v} % {m} == {r}"),
            Cond::And(a, b) => format!("{} && {}", self.cond(a), self.cond(b)),
            Cond::Or(a, b) => format!("{} || {}", self.cond(a), self.cond(b)),
        }
    }
    pub fn body(self, out: &mut String, cs: &[C], ind: usize) {
        let mut i = 0;
        while i < cs.len() {
            let pair = cs.get(i + 1).and_then(|next| crate::idiom::tuple_let(self, &cs[i], next));
            match pair {
                Some(line) => {
                    let _ = writeln!(out, "{}{line}", " ".repeat(ind));
                    i += 2;
                }
                None => {
                    self.stmt(out, &cs[i], ind);
                    i += 1;
                }
            }
        }
    }
    /// `head {`, the branch at `ind + 4`, and `}` (its value, if any, last).
    fn block(self, out: &mut String, head: &str, v: &Val, ind: usize) {
        let _ = writeln!(out, "{}{head} {{", " ".repeat(ind));
        self.body(out, &v.stmts, ind + 4);
        if let Some(e) = &v.e {
            let _ = writeln!(out, "{}{}", " ".repeat(ind + 4), self.expr(e));
        }
    }
    pub fn stmt(self, out: &mut String, c: &C, ind: usize) {
        let pad = " ".repeat(ind);
        let semi = |name: &Option<String>| if name.is_some() { ";" } else { "" };
        let line = match c {
            C::Let { name, mutable, annot, e } => {
                let m = if *mutable { "mut " } else { "" };
                let ty = if *annot { format!(": {}", self.ty()) } else { String::new() };
                let E::Block(body, tail) = e else {
                    let _ = writeln!(out, "{pad}let {m}{name}{ty} = {};", self.expr(e));
                    return;
                };
                self.block(out, &format!("let {m}{name}{ty} ="), &val(body.clone()), ind);
                format!("    {}\n{pad}}};", self.expr(tail))
            }
            C::Set { name, ix, op, e } => {
                format!("{name}{} {}= {};", ix_text(ix), op.map_or("", |o| o.sym()), self.expr(e))
            }
            C::Replace { name, from, .. } => format!("{name} = {from};"),
            C::IntLet(n) => format!("let mut {n} = 0;"),
            C::IntInc(n) => format!("{n} += 1;"),
            C::Break(l) | C::Continue(l) => {
                let kw = if matches!(c, C::Break(_)) { "break" } else { "continue" };
                format!("{kw}{};", l.as_ref().map_or(String::new(), |l| format!(" {l}")))
            }
            C::Return(e) => format!("return {};", self.expr(e)),
            C::LetArr { name, elems, vec } => {
                format!(
                    "let {name} = {}[{}];",
                    if *vec { "vec!" } else { "" },
                    elems.iter().map(|e| self.expr(e)).collect::<Vec<_>>().join(", ")
                )
            }
            C::LetMut { name, init } => {
                let v = match init {
                    Init::Fill(v, Shape::Matrix(r, n)) => {
                        format!("[[{}; {n}]; {r}]", self.expr(&E::Lit(*v)))
                    }
                    Init::Fill(v, s) => format!("[{}; {}]", self.expr(&E::Lit(*v)), s.size()),
                    Init::Vals(es) => format!(
                        "[{}]",
                        es.iter().map(|e| self.expr(e)).collect::<Vec<_>>().join(", ")
                    ),
                    Init::Copy(w, _) => w.clone(),
                    Init::Splat(e, n) => format!("[{}; {n}]", self.expr(e)),
                };
                format!("let mut {name} = {v};")
            }
            C::If { name, chain, els } => {
                let let_ = name.as_ref().map_or(String::new(), |n| format!("let {n} = "));
                if let ([(c, Val { stmts: s, e: Some(a) })], Some(Val { stmts: t, e: Some(b) })) =
                    (&chain[..], els)
                {
                    let one = format!(
                        "{let_}if {} {{ {} }} else {{ {} }};",
                        self.cond(c),
                        self.expr(a),
                        self.expr(b)
                    );
                    if s.is_empty() && t.is_empty() && one.len() <= 70 {
                        let _ = writeln!(out, "{pad}{one}");
                        return;
                    }
                }
                for (k, (cond, v)) in chain.iter().enumerate() {
                    let kw = if k == 0 { format!("{let_}if") } else { "} else if".into() };
                    self.block(out, &format!("{kw} {}", self.cond(cond)), v, ind);
                }
                if let Some(v) = els {
                    self.block(out, "} else", v, ind);
                }
                format!("}}{}", semi(name))
            }
            C::Match { name, scrut, arms } => {
                let let_ = name.as_ref().map_or(String::new(), |n| format!("let {n} = "));
                let _ = writeln!(out, "{pad}{let_}match {scrut} {{");
                for a in arms {
                    let pat = match &a.pat {
                        Pat::Lit(v) => v.to_string(),
                        Pat::Or(a, b) => format!("{a} | {b}"),
                        Pat::Range(a, b) => format!("{a}..={b}"),
                        Pat::Wild => "_".into(),
                    };
                    let head = match &a.guard {
                        Some(g) => format!("{pat} if {} =>", self.cond(g)),
                        None => format!("{pat} =>"),
                    };
                    match &a.body {
                        Val { stmts, e: Some(e) } if stmts.is_empty() => {
                            let _ = writeln!(out, "{pad}    {head} {},", self.expr(e));
                        }
                        v => {
                            self.block(out, &head, v, ind + 4);
                            let _ = writeln!(out, "{pad}    }}");
                        }
                    }
                }
                format!("}}{}", semi(name))
            }
            C::For { label, var, range, body } => {
                let l = label.as_ref().map_or(String::new(), |l| format!("{l}: "));
                let head = format!("{l}for {var} in {}", range_text(range));
                self.block(out, &head, &val(body.clone()), ind);
                "}".into()
            }
            C::ForEach { head, body, .. } => {
                let pat = |b: &Bind| if b.by_ref { b.name.clone() } else { format!("&{}", b.name) };
                let h = match head {
                    Head::Elems { bind, xs, iter: true } => format!("{} in {xs}.iter()", pat(bind)),
                    Head::Elems { bind, xs, .. } => format!("{} in &{xs}", pat(bind)),
                    Head::Enumerate { idx, bind, xs } => {
                        format!("({idx}, {}) in {xs}.iter().enumerate()", pat(bind))
                    }
                    Head::Zip { a, xs, b, ys } => {
                        format!("({}, {}) in {xs}.iter().zip({ys}.iter())", pat(a), pat(b))
                    }
                };
                self.block(out, &format!("for {h}"), &val(body.clone()), ind);
                "}".into()
            }
            C::While(cond, body) => {
                self.block(out, &format!("while {}", self.cond(cond)), &val(body.clone()), ind);
                "}".into()
            }
            C::Loop(body) => {
                self.block(out, "loop", &val(body.clone()), ind);
                "}".into()
            }
        };
        let _ = writeln!(out, "{pad}{line}");
    }
}

pub fn ix_text(ix: &[Ix]) -> String {
    let text = |i: &Ix| match i {
        Ix::C(k) => k.to_string(),
        Ix::V(n) => n.clone(),
    };
    ix.iter().map(|i| format!("[{}]", text(i))).collect()
}

pub fn range_text(r: &Range) -> String {
    let b = |b: &Bound| match b {
        Bound::C(k) => k.to_string(),
        Bound::N(n) => n.clone(),
        Bound::Len(a, _) => format!("{a}.len()"),
    };
    let base = format!("{}{}{}", b(&r.lo), if r.incl { "..=" } else { ".." }, b(&r.hi));
    if r.rev {
        format!("({base}).rev()")
    } else if r.step > 1 {
        format!("({base}).step_by({})", r.step)
    } else {
        base
    }
}
