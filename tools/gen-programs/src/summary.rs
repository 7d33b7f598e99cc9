//! What each program uses, counted for the header of its corpus.

use crate::ast::*;
use crate::ops::{ArrOp, Bin, Form, Op};
use crate::program::{Kind, Prog};

/// The constructs counted, in the order the headers list them.
const TAGS: [&str; 84] = [
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
    "early `return`",
    "`return` in a loop",
    "`return e;` at the end",
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
    "a slice in a loop head or `.iter().sum()`",
];

fn reads_array(e: &E) -> bool {
    let mut hit = false;
    each_sub(e, Ctx::default(), &mut |e, _| {
        hit |= matches!(e, E::Elem(..) | E::Arr(..))
    });
    hit
}

struct Walk<'a> {
    out: Vec<&'static str>,
    seen: Vec<String>,
    locals: Vec<String>,
    slices: &'a [String],
}

impl Walk<'_> {
    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::And(a, b) | Cond::Or(a, b) => {
                self.out.push(if matches!(c, Cond::And(..)) {
                    "`&&`"
                } else {
                    "`||`"
                });
                self.cond(a);
                self.cond(b);
            }
            Cond::F(a, _, b) if reads_array(a) || reads_array(b) => {
                self.out.push("`if` on an element")
            }
            _ => {}
        }
    }
    fn arms<T>(&mut self, arms: &[Arm<T>]) {
        for a in arms {
            match a.pat {
                Pat::Or(..) => self.out.push("`|` patterns"),
                Pat::Range(..) => self.out.push("range patterns"),
                _ => {}
            }
            if let Some(g) = &a.guard {
                self.out.push("match guards");
                self.cond(g);
            }
        }
    }
    fn stmts(&mut self, cs: &[C], loops: usize, branch: bool) {
        for c in cs {
            self.stmt(c, loops, branch);
            let looped = matches!(
                c,
                C::For { .. } | C::ForEach { .. } | C::While(..) | C::Loop(_)
            );
            let branched = matches!(
                c,
                C::If(..) | C::LetIf { .. } | C::Match { .. } | C::LetMatch { .. }
            );
            let kids: Vec<C> = c
                .parts(Ctx::default())
                .1
                .into_iter()
                .map(|k| k.0.clone())
                .collect();
            self.stmts(&kids, loops + usize::from(looped), branch || branched);
        }
    }
    fn stmt(&mut self, c: &C, loops: usize, branch: bool) {
        let o = &mut self.out;
        match c {
            C::Let {
                name,
                mutable,
                annot,
                e,
            } => {
                o.push("`let`");
                if *annot {
                    o.push("`let x: f64`");
                }
                if *mutable {
                    o.push("`let mut`");
                }
                if self.seen.contains(name) {
                    o.push("shadowing");
                }
                if matches!(e, E::Block(..)) {
                    o.push("block expressions");
                }
                self.seen.push(name.clone());
            }
            C::Set { ix, op, .. } if ix.is_empty() => o.push(match op {
                None => "`x = ..`",
                Some(op) => ["`x += ..`", "`x -= ..`", "`x *= ..`", "`x /= ..`"][*op as usize],
            }),
            C::Set { ix, op, .. } => {
                o.push(match op {
                    None => "`a[i] = ..`",
                    Some(Bin::Add) => "`a[i] += ..`",
                    Some(Bin::Sub) => "`a[i] -= ..`",
                    Some(_) => "`a[i] *= ..`",
                });
                if ix.len() == 2 {
                    o.push("`a[i][j] op= ..`");
                }
                if ix.iter().any(|i| matches!(i, Ix::V(_))) {
                    o.push("stores by loop index");
                }
                let tags = [
                    (loops > 0, "stores in a loop"),
                    (loops > 1, "stores in nested loops"),
                    (branch, "stores in a branch"),
                ];
                o.extend(tags.into_iter().filter(|t| t.0).map(|t| t.1));
            }
            C::If(chain, els) => {
                o.extend(
                    ["`if`"]
                        .into_iter()
                        .chain((chain.len() > 1).then_some("`else if`"))
                        .chain(els.as_ref().map(|_| "`else`")),
                );
                if loops == 0
                    && chain
                        .iter()
                        .any(|(_, b)| b.iter().any(|c| matches!(c, C::Return(_))))
                {
                    o.push("early `return`");
                }
                chain.iter().for_each(|(c, _)| self.cond(c));
            }
            C::LetIf { chain, .. } => {
                o.extend(
                    ["`let v = if`"]
                        .into_iter()
                        .chain((chain.len() > 1).then_some("`else if`")),
                );
                chain.iter().for_each(|(c, _)| self.cond(c));
            }
            C::Match { arms, .. } => {
                o.push("`match`");
                self.arms(arms);
            }
            C::LetMatch { arms, .. } => {
                o.extend(["`match`", "`let v = match`"]);
                self.arms(arms);
            }
            C::For { range, .. } => {
                let tags = [
                    (true, "`for`"),
                    (range.incl, "`..=`"),
                    (range.rev, "`.rev()`"),
                    (range.step > 1, "`.step_by(2)`"),
                    (matches!(range.hi, Bound::N(_)), "runtime trip counts"),
                    (matches!(range.hi, Bound::Len(..)), "`0..xs.len()`"),
                    (
                        matches!(&range.hi, Bound::Len(a, _) if self.slices.contains(a)),
                        "a slice in a loop head or `.iter().sum()`",
                    ),
                    (loops > 0, "nested loops"),
                ];
                o.extend(tags.into_iter().filter(|t| t.0).map(|t| t.1));
            }
            C::ForEach { head, .. } => {
                o.push(match head {
                    Head::Elems { .. } => "`for &v in &xs` or `xs.iter()`",
                    Head::Enumerate { .. } => "`.enumerate()`",
                    Head::Zip { .. } => "`.zip(..)`",
                });
                if head.binds().iter().any(|b| b.by_ref) {
                    o.push("elements bound by reference");
                }
                if head.arrays().iter().any(|a| self.slices.contains(a)) {
                    o.push("a slice in a loop head or `.iter().sum()`");
                }
                if loops > 0 {
                    o.push("nested loops");
                }
            }
            C::While(c, _) => {
                o.push("`while`");
                self.cond(c);
            }
            C::Loop(_) => o.push("`loop`"),
            C::Break => o.push("`break`"),
            C::Continue => o.push("`continue`"),
            C::Return(_) if loops > 0 => o.push("`return` in a loop"),
            C::LetArr { .. } => o.push("`let v = [..]`"),
            C::LetMut { name, init } => {
                o.push(match init {
                    Init::Fill(v, Shape::Matrix(..)) if *v == 0.0 => "`[[0.0; N]; M]`",
                    Init::Fill(v, _) if *v == 0.0 => "`let mut a = [0.0; N]`",
                    Init::Fill(..) => "`[v; N]`",
                    Init::Vals(_) => "`let mut a = [x, y]`",
                    Init::Copy(_, Shape::Matrix(..)) => "`let mut a = m` (matrix)",
                    Init::Copy(..) => "`let mut a = w`",
                });
                if loops > 0 {
                    o.push("declared in a loop body");
                }
                self.locals.push(name.clone());
            }
            _ => {}
        }
    }
    fn expr(&mut self, e: &E) {
        let o = &mut self.out;
        match e {
            E::Konst(_) => o.push("constants"),
            E::Cast(_) => o.push("`n as f64`"),
            E::Op(Op::Powi, _, a) if !matches!(&a[1], E::Int(n) if n.parse::<i32>().is_ok()) => {
                o.push("`powi(n)`")
            }
            E::Op(Op::Gate(_), f, _) => o.push(if *f == Form::Method {
                "gates called bare"
            } else {
                "`backprop::` gates"
            }),
            E::Op(_, Form::Path, _) => o.push("path form `f64::exp(x)`"),
            E::Elem(a, ix) => {
                let vars = ix.iter().filter(|i| matches!(i, Ix::V(_))).count();
                o.push(["reads by constant index", "by loop index", "`m[i][j]`"][vars]);
                if self.locals.contains(a) {
                    o.push("reads of a local array");
                }
            }
            E::Arr(op, names, _) => {
                o.push(match op {
                    ArrOp::Dot(_) => "`dot`",
                    ArrOp::LogSumExp(_) => "`logsumexp`",
                    ArrOp::Xent(_) => "`softmax_cross_entropy`",
                    ArrOp::Sum => "`.iter().sum()`",
                    ArrOp::Product => "`.iter().product()`",
                });
                if names.iter().any(|n| self.locals.contains(n)) {
                    o.push("a gate over a local array");
                }
                if names.iter().any(|n| self.slices.contains(n)) {
                    o.push("a slice in a loop head or `.iter().sum()`");
                }
            }
            _ => {}
        }
        if let E::Op(op, ..) = e {
            o.push(op.name());
        }
    }
}

/// What `p` uses: some of [`TAGS`], and the names of the methods and gates it calls.
pub fn facts(p: &Prog) -> Vec<&'static str> {
    let slices: Vec<String> = p
        .params
        .iter()
        .filter(|p| p.slice())
        .map(|p| p.name.clone())
        .collect();
    let mut w = Walk {
        out: Vec::new(),
        seen: Vec::new(),
        locals: Vec::new(),
        slices: &slices,
    };
    w.stmts(&p.body, 0, false);
    each_e(&p.body, Some(&p.tail), &mut |e| w.expr(e));
    let (diff, wrt) = (p.diff(), p.wrt());
    let tags = [
        (p.f32, "`f32`"),
        (p.ret, "`return e;` at the end"),
        (p.wrt.is_some(), "`wrt(..)`"),
        (p.params.iter().any(|p| p.mutable), "`mut` parameters"),
        (
            p.params.iter().any(|p| matches!(p.kind, Kind::Int { .. })),
            "integer parameters",
        ),
        (
            diff.iter()
                .any(|p| matches!(p.shape(), Shape::Vector(_)) && !p.slice()),
            "`[f64; N]` parameters",
        ),
        (
            diff.iter()
                .any(|p| matches!(p.shape(), Shape::Matrix(..)) && !p.slice()),
            "`[[f64; N]; M]` parameters",
        ),
        (
            diff.iter()
                .any(|p| matches!(p.shape(), Shape::Vector(_)) && p.slice()),
            "`&[f64]` parameters",
        ),
        (
            diff.iter()
                .any(|p| matches!(p.shape(), Shape::Matrix(..)) && p.slice()),
            "`&[[f64; N]]` parameters",
        ),
        (
            (0..diff.len()).any(|k| diff[k].shape() != Shape::Scalar && !wrt.contains(&k)),
            "a constant array",
        ),
        (
            wrt.iter().any(|&k| diff[k].slice()),
            "a differentiated slice",
        ),
    ];
    w.out.extend(tags.into_iter().filter(|t| t.0).map(|t| t.1));
    w.out
}

/// `// label N, label N, ...` lines of at most 90 columns: how many of `progs` use
/// each construct, then each method and gate.
pub fn coverage(progs: &[&Prog]) -> String {
    let facts: Vec<Vec<&str>> = progs.iter().map(|p| facts(p)).collect();
    let mut names: Vec<&str> = facts
        .iter()
        .flatten()
        .copied()
        .filter(|t| !TAGS.contains(t))
        .collect();
    names.sort_unstable();
    names.dedup();
    let count = |t: &str| facts.iter().filter(|f| f.contains(&t)).count();
    let mut items: Vec<String> = TAGS
        .iter()
        .filter(|t| count(t) > 0)
        .map(|t| format!("{t} {}", count(t)))
        .collect();
    items.push(format!(
        "methods and gates: {}",
        names
            .iter()
            .map(|t| format!("{t} {}", count(t)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut lines: Vec<String> = vec!["//".into()];
    for (k, item) in items.iter().enumerate() {
        let sep = if k + 1 == items.len() { "." } else { "," };
        for word in format!("{item}{sep}").split(' ') {
            if lines.last().unwrap().len() + word.len() > 89 {
                lines.push("//".into());
            }
            lines.last_mut().unwrap().push(' ');
            lines.last_mut().unwrap().push_str(word);
        }
    }
    lines.join("\n")
}
