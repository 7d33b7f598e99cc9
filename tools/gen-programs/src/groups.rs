//! Call graphs, one module each: two to four helpers (small control-flow programs of
//! one to three float parameters, some with an integer parameter), then one or two
//! top-level functions calling them. A helper may call the helpers defined before
//! it, so chains are up to four calls deep; some helpers live in a nested `mod` and
//! are called by path (`layers::blend(..)`, and `super::dense(..)` from inside it).
//! The top-level functions call helpers twice with swapped arguments, inside loops
//! and branches, and feed one call's result into another. The twin of every function
//! calls the twins of its callees (`blend_nd`).

use crate::calls::{sites, target, Helper, Piece, Target};
use crate::gen::G;
use crate::program::{Prog, Seg, FLOW};
use crate::write::write_prog;
use std::fmt::Write as _;
use std::rc::Rc;

/// Helper names (never a local or parameter name).
const HELPER_NAMES: [&str; 16] = [
    "dense", "blend", "warp", "bump", "ramp", "lift", "tilt", "twist", "pulse", "kernel", "smooth",
    "mix", "fold", "shape", "cell", "unit",
];
/// Names of the nested module.
const MOD_NAMES: [&str; 4] = ["layers", "ops", "cells", "parts"];
/// Names of the top-level functions.
const TOP_NAMES: [&str; 2] = ["model", "loss"];

/// One group: its helpers (in order of definition) and top-level functions.
pub struct Group {
    pub name: String,
    pub module: Option<String>,
    pub helpers: Vec<Rc<Helper>>,
    pub tops: Vec<Prog>,
}

impl G {
    pub fn group(&mut self, index: usize) -> Group {
        let name = format!("g{index:03}");
        let nh = 2 + self.weighted(&[40, 40, 20]);
        let module = self.chance(45).then(|| self.pick(&MOD_NAMES).to_string());
        let mut names: Vec<&str> = Vec::new();
        while names.len() < nh {
            let n = self.pick(&HELPER_NAMES);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let mut reserved: Vec<String> =
            names.iter().chain(&TOP_NAMES).map(|n| n.to_string()).collect();
        reserved.extend(module.iter().cloned());
        // which helpers are in the nested module (at least one if there is one)
        let mut inside: Vec<bool> = (0..nh).map(|_| module.is_some() && self.chance(50)).collect();
        if module.is_some() && !inside.contains(&true) {
            inside[self.below(nh)] = true;
        }
        let mut helpers: Vec<Rc<Helper>> = Vec::new();
        for (j, hname) in names.iter().enumerate() {
            let hmod = if inside[j] { module.clone() } else { None };
            // a chain: most helpers call the one before
            let chain = j > 0 && self.chance(70);
            let h = loop {
                let (m, n) = (self.chance(12), self.chance(20));
                let w = [14, 14, if m { 10 } else { 0 }, 20, 0, 8, 8, 6];
                let nseg = self.weighted(&[35, 50, 15]);
                let mut pieces: Vec<Piece> =
                    (0..nseg).map(|_| Piece::Flow(FLOW[self.weighted(&w)])).collect();
                if m && !pieces.iter().any(|p| matches!(p, Piece::Flow(Seg::Match))) {
                    pieces.push(Piece::Flow(Seg::Match));
                }
                if n {
                    let at = self.below(pieces.len() + 1);
                    pieces.insert(at, Piece::Flow(FLOW[4]));
                }
                let targets: Vec<Rc<Target>> = helpers.iter().map(|h| target(h, &hmod)).collect();
                if chain {
                    let prev = targets[j - 1].clone();
                    let p = [
                        Piece::Let(prev.clone()),
                        Piece::InBranch(prev.clone()),
                        Piece::InLoop(prev),
                    ];
                    let (p, at) =
                        (p[self.weighted(&[60, 20, 20])].clone(), self.below(pieces.len() + 1));
                    pieces.insert(at, p);
                }
                if let Some((prog, out)) =
                    self.function(hname, (m, n), &pieces, targets, &reserved, true)
                {
                    break Helper { prog, module: hmod.clone(), out };
                }
            };
            helpers.push(Rc::new(h));
        }
        // the helpers no other helper calls
        let called: Vec<String> = helpers
            .iter()
            .flat_map(|h| sites(&h.prog.body, Some(&h.prog.tail)))
            .map(|(t, _)| t.h.prog.name.clone())
            .collect();
        let roots: Vec<usize> =
            (0..nh).filter(|&k| !called.contains(&helpers[k].prog.name)).collect();
        let two: Vec<usize> = (0..nh).filter(|&k| helpers[k].prog.wrt().len() >= 2).collect();
        let mut tops = Vec::new();
        for (t, top_name) in TOP_NAMES.iter().enumerate().take(1 + usize::from(self.chance(70))) {
            let top = loop {
                let targets: Vec<Rc<Target>> = helpers.iter().map(|h| target(h, &None)).collect();
                let mut pieces: Vec<Piece> = Vec::new();
                // the first top-level function calls every root
                for &r in roots.iter().filter(|_| t == 0) {
                    let f = targets[r].clone();
                    let p = [Piece::Let(f.clone()), Piece::InLoop(f.clone()), Piece::InBranch(f)];
                    pieces.push(p[self.weighted(&[40, 30, 30])].clone());
                }
                for _ in 0..1 + self.below(2) {
                    let (f, g2) =
                        (targets[self.below(nh)].clone(), targets[self.below(nh)].clone());
                    pieces.push(
                        match self.weighted(&[if two.is_empty() { 0 } else { 25 }, 25, 20, 20, 10])
                        {
                            0 => Piece::Swap(targets[self.pick(&two)].clone()),
                            1 => Piece::Feed(f, g2),
                            2 => Piece::InLoop(f),
                            3 => Piece::InBranch(f),
                            _ => Piece::Let(f),
                        },
                    );
                }
                if self.chance(30) {
                    pieces.push(Piece::Flow(FLOW[self.weighted(&[14, 14, 8, 20, 0, 10, 10, 6])]));
                }
                // the integer parameters are read
                let (m, n) = (self.chance(15), self.chance(35));
                pieces.extend(m.then_some(Piece::Flow(Seg::Match)));
                pieces.extend(n.then_some(Piece::Flow(FLOW[4])));
                for i in (1..pieces.len()).rev() {
                    let j = self.below(i + 1);
                    pieces.swap(i, j);
                }
                if let Some((prog, _)) =
                    self.function(top_name, (m, n), &pieces, targets, &reserved, false)
                {
                    break prog;
                }
            };
            tops.push(top);
        }
        Group { name, module, helpers, tops }
    }
}

pub fn write_group(out: &mut String, g: &Group) {
    let _ = writeln!(out, "\nmod {} {{\n    use super::*;", g.name);
    let label = |p: &Prog, m: &Option<String>| match m {
        Some(m) => format!("{}::{m}::{}", g.name, p.name),
        None => format!("{}::{}", g.name, p.name),
    };
    for h in g.helpers.iter().filter(|h| h.module.is_none()) {
        write_prog(out, &h.prog, 4, true, &label(&h.prog, &None));
    }
    if let Some(m) = &g.module {
        let _ = writeln!(out, "\n    mod {m} {{\n        use super::*;");
        for h in g.helpers.iter().filter(|h| h.module.is_some()) {
            write_prog(out, &h.prog, 8, true, &label(&h.prog, &h.module));
        }
        let _ = writeln!(out, "    }}");
    }
    for t in &g.tops {
        write_prog(out, t, 4, true, &label(t, &None));
    }
    let _ = writeln!(out, "}}");
}
