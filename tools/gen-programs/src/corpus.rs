//! The five corpora: which features each switches on, its seed and size; the text
//! of its files (a header counting what the programs use, the imports and
//! constants they read, then the programs).

use crate::ast::{each_e, E};
use crate::calls::{depth, sites};
use crate::checks::{lint_traps, types_known};
use crate::eval::{judge, run};
use crate::gen::G;
use crate::groups::{write_group, Group};
use crate::ops::{ArrOp, Form, Op, KONSTS};
use crate::program::{Kind, Prog};
use crate::summary::coverage;
use crate::write::write_prog;
use std::fmt::Write as _;

/// Sample points per program.
pub const POINTS: usize = 3;

/// A corpus: its name (of its files and test targets), seed, how many programs (for
/// `calls`: top-level functions, at least), and how many files it is split into.
pub struct Corpus {
    pub name: &'static str,
    pub seed: u64,
    pub count: usize,
    pub shards: usize,
}

pub const CORPORA: [Corpus; 5] = [
    Corpus { name: "straight_line", seed: 0x0bac_c0de_2024, count: 240, shards: 1 },
    Corpus { name: "control_flow", seed: 0x0c0f_f10e_2025, count: 220, shards: 1 },
    Corpus { name: "calls", seed: 0x0ca1_15ca_2026, count: 210, shards: 2 },
    Corpus { name: "arrays", seed: 0x0a77_a755_2026, count: 220, shards: 1 },
    Corpus { name: "arrays_mut", seed: 0x0a77_3e7a_2026, count: 220, shards: 1 },
];

/// The file of part `k` (from 1) of `c`.
pub fn file_name(c: &Corpus, k: usize) -> String {
    if c.shards == 1 {
        format!("{}.rs", c.name)
    } else {
        format!("{}_{k}.rs", c.name)
    }
}

/// What a file is made of: programs, or call graphs.
enum Unit {
    Prog(Prog),
    Group(Group),
}

impl Unit {
    fn progs(&self) -> Vec<&Prog> {
        match self {
            Unit::Prog(p) => vec![p],
            Unit::Group(g) => g.helpers.iter().map(|h| &h.prog).chain(&g.tops).collect(),
        }
    }
}

impl G {
    /// Three good sample points for `prog` (with finite differences reliable at each
    /// if `fd_all`); false if there are none or the gradient is 0 at all of them.
    pub fn points(&mut self, prog: &mut Prog, fd_all: bool) -> bool {
        let (mut fd, mut live) = (true, 0.0f64);
        let wrt = prog.wrt_flat();
        for _ in 0..300 {
            if prog.points.len() == POINTS {
                break;
            }
            let p: Vec<f64> = (0..prog.nfloats()).map(|_| self.coordinate()).collect();
            let k: Vec<i32> = prog
                .params
                .iter()
                .filter_map(|par| match par.kind {
                    Kind::Int { lo, hi, .. } => Some(self.range(lo, hi) as i32),
                    _ => None,
                })
                .collect();
            match judge(&|q: &[f64]| run(prog, q, &k), &p, &wrt, prog.f32) {
                Some((ok, size)) if ok || !fd_all => {
                    fd &= ok;
                    live = live.max(size);
                    prog.points.push((p, k));
                }
                _ => {}
            }
        }
        prog.fd = fd;
        prog.points.len() == POINTS && live >= 1e-3
    }
    /// A program from `make` of `size` gates that compiles cleanly and has good points.
    fn kept(
        &mut self,
        size: std::ops::RangeInclusive<usize>,
        fd_all: bool,
        make: &mut dyn FnMut(&mut G) -> Prog,
    ) -> Prog {
        loop {
            let mut prog = make(self);
            let ok = size.contains(&prog.gates()) && types_known(&prog) && !lint_traps(&prog);
            if ok && self.points(&mut prog, fd_all) {
                return prog;
            }
        }
    }
}

fn units(c: &Corpus) -> Vec<Unit> {
    let mut g = G::new(c.seed);
    let n = c.count;
    let progs: Vec<Prog> = match c.name {
        "straight_line" => {
            let names = (0..n - 20)
                .map(|i| (format!("p{i:03}"), false))
                .chain((0..20).map(|i| (format!("q{i:02}"), true)));
            names
                .map(|(name, f32)| g.kept(5..=40, false, &mut |g| g.straight(name.clone(), f32)))
                .collect()
        }
        "control_flow" => {
            (0..n).map(|i| g.kept(5..=60, false, &mut |g| g.flow(format!("c{i:03}")))).collect()
        }
        "calls" => {
            let (mut out, mut tops) = (Vec::new(), 0);
            while tops < n {
                let group = g.group(out.len());
                tops += group.tops.len();
                out.push(Unit::Group(group));
            }
            return out;
        }
        _ => {
            let (stores, prefix) = if c.name == "arrays" { (false, "a") } else { (true, "b") };
            (0..n)
                .map(|i| {
                    g.kept(4..=60, true, &mut |g| g.array_prog(format!("{prefix}{i:03}"), stores))
                })
                .collect()
        }
    };
    progs.into_iter().map(Unit::Prog).collect()
}

/// What the programs of `c` are, for its header.
fn describe(c: &Corpus, units: &[Unit], progs: &[&Prog]) -> String {
    let (n, n32) = (progs.len(), progs.iter().filter(|p| p.f32).count());
    let tops: Vec<usize> =
        units
            .iter()
            .flat_map(|u| {
                if let Unit::Group(g) = u {
                    g.tops.iter().map(depth).collect()
                } else {
                    vec![]
                }
            })
            .collect();
    let depth: Vec<String> =
        (2..6).map(|d| format!("{d}: {}", tops.iter().filter(|&&k| k == d).count())).collect();
    match c.name {
        "straight_line" => format!("{} random straight-line programs over f64 and {n32} over f32, 5 to 40 gates each", n - n32),
        "control_flow" => format!("{n} random programs over f64 with control flow"),
        "arrays" => format!("{n} random programs over arrays"),
        "arrays_mut" => format!("{n} random programs storing into local arrays (`a[i] op= ..`), some over slices; a slice's gradient buffer is passed zeroed, then pre-filled (the gradient is added into it)"),
        _ => format!(
            "{} random call graphs, one module each: {} helper functions (1 to 3 float parameters, some an integer one, 3 to 15 gates, some with branches and loops) and {} top-level functions calling them ({} calls in all; top-level call chains of depth {})",
            units.len(),
            n - tops.len(),
            tops.len(),
            progs.iter().map(|p| sites(&p.body, Some(&p.tail)).len()).sum::<usize>(),
            depth.join(", ")
        ),
    }
}

/// `text` as `//` comment lines of at most 90 columns, not breaking inside `` `code` ``.
pub fn comment(text: &str) -> String {
    let mut lines: Vec<String> = vec!["//".into()];
    let mut words: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if last.matches('`').count() % 2 == 1 => *last = format!("{last} {w}"),
            _ => words.push(w.to_string()),
        }
    }
    for word in words {
        if lines.last().unwrap().len() + word.len() > 89 {
            lines.push("//".into());
        }
        let last = lines.last_mut().unwrap();
        last.push(' ');
        last.push_str(&word);
    }
    lines.join("\n")
}
/// One file: the header, the imports and constants the programs read, the programs.
fn file(c: &Corpus, k: usize, units: &[Unit]) -> String {
    let progs: Vec<&Prog> = units.iter().flat_map(Unit::progs).collect();
    let total: usize = progs.iter().map(|p| p.gates()).sum();
    let fd = progs.iter().filter(|p| p.fd).count();
    let mut out = format!(
        "// @generated by tools/gen-programs (corpus `{}`, seed {:#x}, part {k} of {}): do not edit.\n\
         // Print it with `cargo run -p gen-programs -- --stdout {}`.\n//\n{}\n// Programs using:\n{}\n",
        c.name,
        c.seed,
        c.shards,
        c.name,
        comment(&format!(
            "{}, {total} gates in all, each differentiated by `#[differentiate]` and compared at {POINTS} points \
             with its twin evaluated by num-dual (forward mode), value and every gradient component; {fd} of \
             them also against central finite differences.",
            describe(c, units, &progs)
        )),
        coverage(&progs)
    );
    // the gates called by their bare name are imported, the constants defined
    let (mut bare, mut konsts) = (vec!["differentiate"], Vec::new());
    for p in &progs {
        each_e(&p.body, Some(&p.tail), &mut |e| match e {
            E::Op(Op::Gate(g), Form::Method, _) => bare.push(g.name()),
            E::Arr(ArrOp::Dot(Form::Method), ..) => bare.push("dot"),
            E::Arr(ArrOp::LogSumExp(Form::Method), ..) => bare.push("logsumexp"),
            E::Konst(i) if !KONSTS[*i].path64.contains("::") => konsts.push((*i, p.f32)),
            _ => {}
        });
    }
    bare.sort_unstable();
    bare.dedup();
    konsts.sort_unstable();
    konsts.dedup();
    let _ = writeln!(out, "\nuse backprop::{{{}}};\n", bare.join(", "));
    for (i, f32) in konsts {
        let (name, ty) = if f32 { (KONSTS[i].path32, "f32") } else { (KONSTS[i].path64, "f64") };
        let _ = writeln!(out, "const {name}: {ty} = {:?};", KONSTS[i].value);
    }
    for u in units {
        match u {
            Unit::Prog(p) => write_prog(&mut out, p, 0, false, &p.name),
            Unit::Group(g) => write_group(&mut out, g),
        }
    }
    out
}

/// The text of each file of `c`.
pub fn generate(c: &Corpus) -> Vec<String> {
    let units = units(c);
    let per = units.len().div_ceil(c.shards);
    units.chunks(per).enumerate().map(|(k, part)| file(c, k + 1, part)).collect()
}
