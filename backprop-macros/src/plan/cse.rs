//! Common local-gradient subexpressions, computed once as an expert writes them by
//! hand (after `reuse.rs` has pointed them at forward stages where it can). In one
//! block of the backward pass, a subexpression over primal values that several
//! contributions use (`x.cos()` for two sines of `x`, `1.0 / (1.0 - a * a).sqrt()` for
//! two arcsines) is computed once into a named `let` just before its first use in
//! reverse stage order; the largest first, so `x * x + y * y` is named, not `x * x`.
//! Divisions by a value whose reciprocal is needed anyway multiply by it instead.
//!
//! Input: `let d_x = 1.0 / y * d_q; let d_y = -q / y * d_q;`
//! Output: `let inv_y = 1.0 / y; let d_x = inv_y * d_q; let d_y = -q * inv_y * d_q;`

use crate::ir::names::plain;
use crate::ir::sym::{Arith, Sym};
use crate::ir::{GateOp, Tape};
use crate::plan::liveness::Pullbacks;
use crate::plan::reuse::{key, Tree};
use std::collections::HashMap;

/// The contributions, with common subexpressions named, and the names' definitions.
pub(crate) struct Sharing {
    /// Each live gate's contributions, reading [`Sym::Shared`] values.
    pub(crate) pullbacks: Pullbacks,
    /// The shared values, by [`Sym::Shared`] index.
    pub(crate) shared: Vec<Shared>,
}

/// A subexpression of local gradients computed once: `let <hint> = <value>;`.
pub(crate) struct Shared {
    /// Over primal values and other shared values only.
    pub(crate) value: Sym,
    /// The readable name it asks for (`cos_x`, `inv_y`).
    pub(crate) hint: String,
    /// The gate before whose contributions it is declared.
    pub(crate) gate: usize,
}

/// Names the subexpressions several contributions of one block share, and returns
/// their definitions.
pub(crate) fn share(tape: &Tape, mut pullbacks: Pullbacks) -> Sharing {
    let tree = Tree::new(tape);
    let mut shared = Vec::new();
    for gates in &tree.gates {
        // Reverse stage order: the order the backward pass emits them in.
        let order: Vec<usize> = gates
            .iter()
            .rev()
            .copied()
            .filter(|id| matches!(tape.gates[*id].op, GateOp::Diff(_)))
            .filter(|id| pullbacks.get(id).is_some_and(|steps| !steps.is_empty()))
            .collect();
        if order.is_empty() {
            continue;
        }
        let first = shared.len();
        let mut block = BlockSharing {
            tape,
            pullbacks: &mut pullbacks,
            order: &order,
            shared: &mut shared,
            first,
        };
        block.reciprocals();
        block.common();
        block.place();
    }
    Sharing { pullbacks, shared }
}

/// Sharing within one block.
struct BlockSharing<'a> {
    tape: &'a Tape,
    pullbacks: &'a mut Pullbacks,
    /// The block's gates with contributions, in emission order.
    order: &'a [usize],
    shared: &'a mut Vec<Shared>,
    /// The first of `shared` that belongs to this block.
    first: usize,
}

/// Where an expression of the block is: a contribution (gate, position), or a
/// shared definition.
#[derive(Clone, Copy, PartialEq)]
enum Loc {
    Step(usize, usize),
    Def(usize),
}

/// A subexpression: its value, how often it occurs, and where.
type Occurrence = (Sym, usize, Vec<Loc>);

impl BlockSharing<'_> {
    /// Every expression of the block: contributions in emission order, then shared
    /// definitions.
    fn locs(&self) -> Vec<Loc> {
        let mut locs = Vec::new();
        for &id in self.order {
            let steps = self.pullbacks.get(&id).map_or(0, Vec::len);
            locs.extend((0..steps).map(|step| Loc::Step(id, step)));
        }
        locs.extend((self.first..self.shared.len()).map(Loc::Def));
        locs
    }

    fn get(&self, loc: Loc) -> Option<&Sym> {
        match loc {
            Loc::Step(id, step) => self.pullbacks.get(&id)?.get(step).map(|(_, value)| value),
            Loc::Def(index) => self.shared.get(index).map(|shared| &shared.value),
        }
    }

    /// Rewrites the expressions at `locs`.
    fn rewrite(&mut self, locs: &[Loc], rewrite: impl Fn(&Sym) -> Sym) {
        for &loc in locs {
            let value = match loc {
                Loc::Step(id, step) => self
                    .pullbacks
                    .get_mut(&id)
                    .and_then(|steps| steps.get_mut(step))
                    .map(|(_, value)| value),
                Loc::Def(index) => self.shared.get_mut(index).map(|shared| &mut shared.value),
            };
            if let Some(value) = value {
                *value = rewrite(value);
            }
        }
    }

    /// The subexpressions `pick` selects (or derives) at `locs`, counted, in first-use
    /// order; found by text, as a linear search would make sharing quadratic in the
    /// size of a block.
    fn occurrences(&self, locs: &[Loc], pick: impl Fn(&Sym) -> Option<Sym>) -> Vec<Occurrence> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut found: Vec<Occurrence> = Vec::new();
        for &loc in locs {
            let Some(value) = self.get(loc) else { continue };
            value.visit(&mut |sym| {
                let Some(picked) = pick(sym) else { return };
                let position = *index.entry(key(&picked)).or_insert_with(|| {
                    found.push((picked, 0, Vec::new()));
                    found.len() - 1
                });
                let entry = &mut found[position];
                entry.1 += 1;
                if entry.2.last() != Some(&loc) {
                    entry.2.push(loc);
                }
            });
        }
        found
    }

    fn add(&mut self, value: Sym) {
        // Too long or no simple name: named after its first user, in `place`.
        let hint = hint(self.tape, &value, self.shared)
            .filter(|hint| hint.len() <= 20)
            .unwrap_or_default();
        self.shared.push(Shared {
            value,
            hint,
            gate: usize::MAX,
        });
    }

    /// `1.0 / b` that is needed anyway, named once, and other divisions by `b`
    /// multiplying by it.
    fn reciprocals(&mut self) {
        let divisions = self.occurrences(&self.locs(), |sym| match sym {
            Sym::Bin(Arith::Div, _, b) if primal(sym) && b.has_variable() => Some((**b).clone()),
            _ => None,
        });
        for (divisor, count, locs) in divisions {
            let unit = Sym::Num(1.0) / &divisor;
            let needed = locs.iter().any(|&loc| {
                let mut found = false;
                if let Some(value) = self.get(loc) {
                    value.visit(&mut |sym| found |= *sym == unit);
                }
                found
            });
            if count < 2 || !needed {
                continue;
            }
            let inverse = Sym::Shared(self.shared.len());
            self.rewrite(&locs, |sym| over(sym, &divisor, &inverse));
            self.add(unit);
        }
    }

    /// The largest subexpressions used more than once, named one at a time.
    fn common(&mut self) {
        let candidate =
            |sym: &Sym| (primal(sym) && sym.has_variable() && cost(sym) > 1).then(|| sym.clone());
        let mut found = self.occurrences(&self.locs(), candidate);
        found.retain(|(_, count, _)| *count > 1);
        // Stable: among equal sizes, the first in emission order goes first.
        found.sort_by_key(|(sym, ..)| std::cmp::Reverse(size(sym)));
        let index: HashMap<String, usize> = found
            .iter()
            .enumerate()
            .map(|(position, (sym, ..))| (key(sym), position))
            .collect();
        for position in 0..found.len() {
            let (sym, _, locs) = found[position].clone();
            let mut count = 0;
            for &loc in &locs {
                if let Some(value) = self.get(loc) {
                    value.visit(&mut |inner| count += usize::from(*inner == sym));
                }
            }
            if count < 2 {
                continue;
            }
            let name = Sym::Shared(self.shared.len());
            self.rewrite(&locs, |value| replace(value, &sym, &name));
            // Smaller candidates inside it now also occur in its definition.
            let definition = Loc::Def(self.shared.len());
            sym.visit(&mut |inner| {
                if let Some(&later) = index.get(&key(inner)) {
                    let locs = &mut found[later].2;
                    if later > position && locs.last() != Some(&definition) {
                        locs.push(definition);
                    }
                }
            });
            self.add(sym);
        }
    }

    /// Declares each shared value before the first contribution (or shared value
    /// declared there) that reads it; one nothing reads is never declared.
    fn place(&mut self) {
        let mut placed = vec![false; self.shared.len()];
        for &id in self.order {
            let mut uses = Vec::new();
            for (_, value) in self.pullbacks.get(&id).into_iter().flatten() {
                shared_reads(value, &mut uses);
            }
            while let Some(index) = uses.pop() {
                if index >= self.first && index < placed.len() && !placed[index] {
                    placed[index] = true;
                    let shared = &mut self.shared[index];
                    shared.gate = id;
                    if shared.hint.is_empty() {
                        let out = &self.tape.vars[self.tape.gates[id].out].name;
                        shared.hint = format!("local_{}", plain(out));
                    }
                    shared_reads(&self.shared[index].value, &mut uses);
                }
            }
        }
    }
}

/// The readable name of a value: `cos_x`, `inv_y`, `x_sq`, `one_minus_s`.
fn hint(tape: &Tape, sym: &Sym, shared: &[Shared]) -> Option<String> {
    let name = |sym: &Sym| hint(tape, sym, shared);
    Some(match sym {
        Sym::Var(var) => plain(&tape.vars.get(*var)?.name),
        Sym::Shared(index) => {
            Some(shared.get(*index)?.hint.clone()).filter(|hint| !hint.is_empty())?
        }
        Sym::Num(value) if *value == 1.0 => "one".to_owned(),
        Sym::Num(value) if *value == 2.0 => "two".to_owned(),
        Sym::Method("powi", receiver, args) => match args.as_slice() {
            [Sym::Int(2)] => format!("{}_sq", name(receiver)?),
            [Sym::Int(3)] => format!("{}_cube", name(receiver)?),
            [Sym::Int(n)] if *n > 0 => format!("{}_pow{n}", name(receiver)?),
            _ => return None,
        },
        Sym::Method(method, receiver, args) if args.is_empty() => {
            format!("{method}_{}", name(receiver)?)
        }
        Sym::Helper(helper, args) if args.len() == 1 => format!("{helper}_{}", name(&args[0])?),
        Sym::Bin(Arith::Div, a, b) if **a == Sym::Num(1.0) => format!("inv_{}", name(b)?),
        Sym::Bin(Arith::Mul, a, b) if a == b => format!("{}_sq", name(a)?),
        Sym::Bin(op, a, b) => {
            let word = match op {
                Arith::Add => "plus",
                Arith::Sub => "minus",
                Arith::Mul => "times",
                Arith::Div => "over",
            };
            format!("{}_{word}_{}", name(a)?, name(b)?)
        }
        Sym::Neg(a) => format!("neg_{}", name(a)?),
        _ => return None,
    })
}

/// How costly a value is to compute: a call 8, a division 4, other arithmetic 1
/// (4 and more: worth a cache field).
pub(crate) fn cost(sym: &Sym) -> usize {
    let mut total = 0;
    sym.visit(&mut |sym| {
        total += match sym {
            Sym::Method(..) | Sym::Helper(..) => 8,
            Sym::Bin(Arith::Div, ..) => 4,
            Sym::Bin(..) => 1,
            _ => 0,
        }
    });
    total
}

fn size(sym: &Sym) -> usize {
    let mut total = 0;
    sym.visit(&mut |_| total += 1);
    total
}

/// Whether `sym` reads primal values only (no adjoint): the same all through a block.
fn primal(sym: &Sym) -> bool {
    let mut primal = true;
    sym.visit(&mut |sym| {
        primal &= !matches!(
            sym,
            Sym::Adj(_) | Sym::Part(..) | Sym::SeedPart(_) | Sym::Element(..)
        );
    });
    primal
}

/// The shared values `sym` reads.
pub(crate) fn shared_reads(sym: &Sym, into: &mut Vec<usize>) {
    sym.visit(&mut |sym| {
        if let Sym::Shared(index) = sym {
            into.push(*index);
        }
    });
}

/// `sym` with every `from` replaced by `to`.
fn replace(sym: &Sym, from: &Sym, to: &Sym) -> Sym {
    if sym == from {
        return to.clone();
    }
    sym.map_children(|child| replace(child, from, to))
}

/// `sym` with every division by `divisor` a product with `inverse`.
fn over(sym: &Sym, divisor: &Sym, inverse: &Sym) -> Sym {
    match sym {
        Sym::Bin(Arith::Div, a, b) if **b == *divisor && primal(sym) => {
            over(a, divisor, inverse) * inverse
        }
        _ => sym.map_children(|child| over(child, divisor, inverse)),
    }
}
