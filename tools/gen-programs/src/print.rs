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

pub const PROG: Cx = Cx {
    twin: false,
    f32: false,
};

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
        let list = |es: &[E]| {
            es.iter()
                .map(|a| self.expr(a))
                .collect::<Vec<_>>()
                .join(", ")
        };
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
                let (a, b) = (
                    self.wrap(a, self.prec(a) < p),
                    self.wrap(b, self.prec(b) <= p),
                );
                format!("{a} {} {b}", op.sym())
            }
            E::Op(Op::Gate(g), form, args) => match (self.twin, form) {
                (true, _) => format!("D::{}({})", g.name(), list(args)),
                (false, Form::Method) => format!("{}({})", g.name(), list(args)),
                (false, Form::Path) => format!("backprop::{}({})", g.name(), list(args)),
            },
            E::Op(op, Form::Method, args) => {
                format!(
                    "{}.{}({})",
                    self.recv(&args[0]),
                    op.name(),
                    list(&args[1..])
                )
            }
            E::Op(op, Form::Path, args) => format!("{}::{}({})", self.ty(), op.name(), list(args)),
            E::Block(..) => unreachable!("blocks are printed by `stmt`"),
            E::Call(f, args) => {
                let nd = if self.twin { "_nd" } else { "" };
                format!("{}{nd}({})", f.path, list(args))
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
        let rhs = |r: &Result<i64, String>| match r {
            Ok(k) => k.to_string(),
            Err(n) => n.clone(),
        };
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
    fn arm<T>(self, a: &Arm<T>) -> String {
        let pat = match &a.pat {
            Pat::Lit(v) => v.to_string(),
            Pat::Or(a, b) => format!("{a} | {b}"),
            Pat::Range(a, b) => format!("{a}..={b}"),
            Pat::Wild => "_".into(),
        };
        match &a.guard {
            Some(g) => format!("{pat} if {}", self.cond(g)),
            None => pat,
        }
    }
    pub fn body(self, out: &mut String, cs: &[C], ind: usize) {
        for c in cs {
            self.stmt(out, c, ind);
        }
    }
    fn val(self, out: &mut String, v: &Val, ind: usize) {
        self.body(out, &v.stmts, ind);
        let _ = writeln!(out, "{}{}", " ".repeat(ind), self.expr(&v.e));
    }
    /// `kw {` head, the body at `ind + 4`, and `}` (`end`: what follows it).
    fn block(self, out: &mut String, head: &str, cs: &[C], ind: usize, end: &str) {
        let pad = " ".repeat(ind);
        let _ = writeln!(out, "{pad}{head} {{");
        self.body(out, cs, ind + 4);
        let _ = writeln!(out, "{pad}}}{end}");
    }
    pub fn stmt(self, out: &mut String, c: &C, ind: usize) {
        let pad = " ".repeat(ind);
        let mut line = |s: String| {
            let _ = writeln!(out, "{pad}{s}");
        };
        match c {
            C::Let {
                name,
                mutable,
                annot,
                e,
            } => {
                let m = if *mutable { "mut " } else { "" };
                let ty = if *annot {
                    format!(": {}", self.ty())
                } else {
                    String::new()
                };
                match e {
                    E::Block(body, tail) => {
                        line(format!("let {m}{name}{ty} = {{"));
                        self.body(out, body, ind + 4);
                        let _ = writeln!(out, "{pad}    {}", self.expr(tail));
                        let _ = writeln!(out, "{pad}}};");
                    }
                    _ => line(format!("let {m}{name}{ty} = {};", self.expr(e))),
                }
            }
            C::Set { name, ix, op, e } => {
                let op = op.map_or("", |o| o.sym());
                line(format!("{name}{} {op}= {};", ix_text(ix), self.expr(e)))
            }
            C::IntLet(n) => line(format!("let mut {n} = 0;")),
            C::IntInc(n) => line(format!("{n} += 1;")),
            C::Break => line("break;".into()),
            C::Continue => line("continue;".into()),
            C::Return(e) => line(format!("return {};", self.expr(e))),
            C::LetArr { name, elems } => {
                let es: Vec<String> = elems.iter().map(|e| self.expr(e)).collect();
                line(format!("let {name} = [{}];", es.join(", ")))
            }
            C::LetMut { name, init } => {
                let v = match init {
                    Init::Fill(v, Shape::Matrix(r, n)) => {
                        format!("[[{}; {n}]; {r}]", self.expr(&E::Lit(*v)))
                    }
                    Init::Fill(v, s) => format!("[{}; {}]", self.expr(&E::Lit(*v)), s.size()),
                    Init::Vals(es) => {
                        let es: Vec<String> = es.iter().map(|e| self.expr(e)).collect();
                        format!("[{}]", es.join(", "))
                    }
                    Init::Copy(w, _) => w.clone(),
                };
                line(format!("let mut {name} = {v};"))
            }
            C::If(chain, els) => {
                for (k, (cond, body)) in chain.iter().enumerate() {
                    let kw = if k == 0 { "if" } else { "} else if" };
                    let _ = writeln!(out, "{pad}{kw} {} {{", self.cond(cond));
                    self.body(out, body, ind + 4);
                }
                if let Some(body) = els {
                    let _ = writeln!(out, "{pad}}} else {{");
                    self.body(out, body, ind + 4);
                }
                let _ = writeln!(out, "{pad}}}");
            }
            C::LetIf { name, chain, els } => {
                let simple =
                    chain.len() == 1 && chain[0].1.stmts.is_empty() && els.stmts.is_empty();
                let one = format!(
                    "let {name} = if {} {{ {} }} else {{ {} }};",
                    self.cond(&chain[0].0),
                    self.expr(&chain[0].1.e),
                    self.expr(&els.e)
                );
                if simple && one.len() <= 70 {
                    return line(one);
                }
                for (k, (cond, v)) in chain.iter().enumerate() {
                    let kw = if k == 0 {
                        format!("let {name} = if")
                    } else {
                        "} else if".into()
                    };
                    let _ = writeln!(out, "{pad}{kw} {} {{", self.cond(cond));
                    self.val(out, v, ind + 4);
                }
                let _ = writeln!(out, "{pad}}} else {{");
                self.val(out, els, ind + 4);
                let _ = writeln!(out, "{pad}}};");
            }
            C::Match { scrut, arms } => {
                let _ = writeln!(out, "{pad}match {scrut} {{");
                for a in arms {
                    self.block(
                        out,
                        &format!("    {} =>", self.arm(a)),
                        &a.body,
                        ind + 4,
                        "",
                    );
                }
                let _ = writeln!(out, "{pad}}}");
            }
            C::LetMatch { name, scrut, arms } => {
                let _ = writeln!(out, "{pad}let {name} = match {scrut} {{");
                for a in arms {
                    if a.body.stmts.is_empty() {
                        let e = self.expr(&a.body.e);
                        let _ = writeln!(out, "{pad}    {} => {e},", self.arm(a));
                    } else {
                        let _ = writeln!(out, "{pad}    {} => {{", self.arm(a));
                        self.val(out, &a.body, ind + 8);
                        let _ = writeln!(out, "{pad}    }}");
                    }
                }
                let _ = writeln!(out, "{pad}}};");
            }
            C::For { var, range, body } => self.block(
                out,
                &format!("for {var} in {}", range_text(range)),
                body,
                ind,
                "",
            ),
            C::ForEach { head, body, .. } => {
                self.block(out, &format!("for {}", head_text(head)), body, ind, "")
            }
            C::While(cond, body) => {
                self.block(out, &format!("while {}", self.cond(cond)), body, ind, "")
            }
            C::Loop(body) => self.block(out, "loop", body, ind, ""),
        }
    }
}

pub fn ix_text(ix: &[Ix]) -> String {
    ix.iter().map(|i| format!("[{}]", i.text())).collect()
}

pub fn range_text(r: &Range) -> String {
    let b = |b: &Bound| match b {
        Bound::C(k) => k.to_string(),
        Bound::N(n) => n.clone(),
        Bound::Len(a, _) => format!("{a}.len()"),
    };
    let dots = if r.incl { "..=" } else { ".." };
    let base = format!("{}{dots}{}", b(&r.lo), b(&r.hi));
    if r.rev {
        format!("({base}).rev()")
    } else if r.step > 1 {
        format!("({base}).step_by({})", r.step)
    } else {
        base
    }
}

fn head_text(h: &Head) -> String {
    let pat = |b: &Bind| {
        if b.by_ref {
            b.name.clone()
        } else {
            format!("&{}", b.name)
        }
    };
    match h {
        Head::Elems {
            bind,
            xs,
            iter: true,
        } => format!("{} in {xs}.iter()", pat(bind)),
        Head::Elems { bind, xs, .. } => format!("{} in &{xs}", pat(bind)),
        Head::Enumerate { idx, bind, xs } => {
            format!("({idx}, {}) in {xs}.iter().enumerate()", pat(bind))
        }
        Head::Zip { a, xs, b, ys } => {
            format!("({}, {}) in {xs}.iter().zip({ys}.iter())", pat(a), pat(b))
        }
    }
}
