//! The leaves array programs read: an element of each array by constant index and
//! by the indices of the loops in scope, and gates over whole vectors (`dot`,
//! `logsumexp`, `softmax_cross_entropy`, `.iter().sum()`, `.iter().product()`, and
//! the iterator chains and closures of `chains.rs`).

use crate::ast::*;
use crate::gen::{x, Arr, G, X};
use crate::iv::Iv;
use crate::ops::ArrOp;

impl G {
    pub fn vectors(&self) -> Vec<Arr> {
        self.arrays.iter().filter(|a| matches!(a.shape, Shape::Vector(_))).cloned().collect()
    }
    /// A gate over the vector `a` (another vector of its length for `dot`); `dot`,
    /// `logsumexp` and `softmax_cross_entropy` take arrays, not slices.
    pub fn gate_leaf(&mut self, a: &Arr) -> X {
        let Shape::Vector(n) = a.shape else { unreachable!() };
        let same: Vec<Arr> =
            self.arrays.iter().filter(|b| b.shape == a.shape && !b.slice).cloned().collect();
        let lse = Iv::new(
            a.ivs.iter().map(|v| v.lo).fold(f64::NEG_INFINITY, f64::max),
            a.ivs.iter().map(|v| v.hi).fold(f64::NEG_INFINITY, f64::max) + (n as f64).ln(),
        );
        let form = self.gate_form();
        let (w, m) = (u32::from(!a.slice), u32::from(n >= 2 && !a.slice));
        let (op, names, iv) =
            match self.weighted(&[30 * w, 25 * w, 20, 12 * u32::from(n <= 4), 12 * m, 60]) {
                0 => {
                    let b = self.pick(&same);
                    let iv =
                        a.ivs.iter().zip(&b.ivs).fold(Iv::pt(0.0), |s, (x, y)| s.plus(x.times(*y)));
                    (ArrOp::Dot(form), vec![a.name.clone(), b.name], iv)
                }
                1 => (ArrOp::LogSumExp(form), vec![a.name.clone()], lse),
                2 => (
                    ArrOp::Sum,
                    vec![a.name.clone()],
                    a.ivs.iter().fold(Iv::pt(0.0), |s, v| s.plus(*v)),
                ),
                3 => (
                    ArrOp::Product,
                    vec![a.name.clone()],
                    a.ivs.iter().fold(Iv::pt(1.0), |s, v| s.times(*v)),
                ),
                5 => {
                    let op = self.pick(&crate::chains::CHAIN_OPS);
                    let mut names = vec![a.name.clone()];
                    let mut other = Vec::new();
                    if op.arity() == 2 {
                        let peers: Vec<Arr> =
                            self.arrays.iter().filter(|b| b.shape == a.shape).cloned().collect();
                        let b = self.pick(&peers);
                        other = b.ivs.clone();
                        names.push(b.name);
                    }
                    (ArrOp::Chain(op), names, op.iv(&a.ivs, &other))
                }
                _ => {
                    let label = self.below(n);
                    let iv = Iv::new(0.0, (lse.hi - a.ivs[label].lo).max(0.0));
                    (ArrOp::Xent(label), vec![a.name.clone()], iv)
                }
            };
        x(E::Arr(op, names, n), iv)
    }
    /// The leaves expressions may read here: an element of each array by constant
    /// index, by the indices of the loops in scope that run over its length (twice as
    /// likely), and a gate over some of them.
    pub fn set_leaves(&mut self) {
        let mut leaves = Vec::new();
        let loops = self.loops.clone();
        for a in self.arrays.clone() {
            let el = |ix: Vec<Ix>, iv| x(E::Elem(a.name.clone(), ix), iv);
            let over =
                |len: usize| loops.iter().filter(move |l| l.1 == len).map(|l| Ix::V(l.0.clone()));
            match a.shape {
                Shape::Vector(n) => {
                    let k = self.below(n);
                    leaves.push(el(vec![Ix::C(k)], a.ivs[k]));
                    over(n)
                        .for_each(|i| leaves.extend([0, 1].map(|_| el(vec![i.clone()], a.iv()))));
                }
                Shape::Matrix(r, n) => {
                    let (kr, kn) = (self.below(r), self.below(n));
                    leaves.push(el(vec![Ix::C(kr), Ix::C(kn)], a.ivs[kr * n + kn]));
                    for i in over(r) {
                        for j in over(n).filter(|j| *j != i) {
                            leaves
                                .extend([0, 1, 2].map(|_| el(vec![i.clone(), j.clone()], a.iv())));
                        }
                        leaves.push(el(vec![i, Ix::C(self.below(n))], a.iv()));
                    }
                    for j in over(n) {
                        leaves.push(el(vec![Ix::C(self.below(r)), j], a.iv()));
                    }
                }
                Shape::Scalar => unreachable!(),
            }
        }
        for a in self.vectors() {
            if self.chance(30) {
                leaves.push(self.gate_leaf(&a));
            }
        }
        self.leaves = leaves;
    }
}
