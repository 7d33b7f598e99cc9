//! Programs over arrays: one to three array parameters `[f64; N]` (N in 1..=6), maybe
//! a matrix `[[f64; N]; M]`, zero to two scalars, some constant (`wrt(..)` leaves them
//! out); with stores, maybe slices `&[f64]`, `&[[f64; N]]`. Their bodies are array
//! segments (at least one loop, nested loops over a matrix) and, with stores, store
//! segments (at least one loop storing into a local array).

use crate::ast::Shape;
use crate::gen::{Arr, G, PARAM_NAMES};
use crate::iv::Iv;
use crate::program::{Kind, Param, Prog, Seg};

/// At most this many float inputs per program (arrays flattened).
const MAX_FLOATS: usize = 16;
const VEC_NAMES: [&str; 10] =
    ["w", "xs", "ys", "ws", "coef", "vals", "kern", "feat", "bias", "data"];
const MAT_NAMES: [&str; 4] = ["m", "mat", "grid", "table"];

impl G {
    /// The parameters' shapes and whether each is a slice (`slices`: at least one).
    fn shapes(&mut self, stores: bool, slices: bool) -> Vec<(Shape, bool)> {
        loop {
            let narr = 1 + self.weighted(&[30, 45, 25]);
            let mat_at =
                (narr >= 2 && self.chance(if stores { 50 } else { 60 })).then(|| self.below(narr));
            let nsc = self.weighted(&[30, 45, 25]);
            let mut ps: Vec<(Shape, bool)> = Vec::new();
            for k in 0..narr {
                let shape = if Some(k) == mat_at {
                    let rows: &[usize] =
                        if stores { &[1, 2, 2, 3, 3] } else { &[1, 2, 2, 3, 3, 4] };
                    Shape::Matrix(self.pick(rows), self.pick(&[1, 2, 3, 3, 4]))
                } else {
                    // often as long as an earlier vector or a matrix's rows (`zip`, `m[i][j] * xs[j]`)
                    let earlier: Vec<usize> = ps
                        .iter()
                        .filter_map(|p| match p.0 {
                            Shape::Vector(n) | Shape::Matrix(_, n) => Some(n),
                            Shape::Scalar => None,
                        })
                        .collect();
                    let lens: &[usize] = if stores {
                        &[1, 2, 2, 3, 3, 3, 4, 4, 5]
                    } else {
                        &[1, 2, 2, 3, 3, 3, 4, 4, 5, 6]
                    };
                    Shape::Vector(if !earlier.is_empty() && self.chance(50) {
                        self.pick(&earlier)
                    } else {
                        self.pick(lens)
                    })
                };
                let slice = slices && self.chance(if Some(k) == mat_at { 35 } else { 55 });
                ps.push((shape, slice));
            }
            ps.extend((0..nsc).map(|_| (Shape::Scalar, false)));
            let total: usize = ps.iter().map(|p| p.0.size()).sum();
            if total <= MAX_FLOATS && ps.iter().any(|p| p.1) == slices {
                return ps;
            }
        }
    }
    /// A program over arrays (`stores`: also storing into local arrays, maybe over
    /// slices).
    pub fn array_prog(&mut self, name: String, stores: bool) -> Prog {
        self.reset();
        let slices = stores && self.chance(50);
        let mut params: Vec<Param> = Vec::new();
        for (shape, slice) in self.shapes(stores, slices) {
            let pool: &[&str] = match shape {
                Shape::Scalar => &PARAM_NAMES[..12],
                Shape::Vector(_) => &VEC_NAMES,
                Shape::Matrix(..) => &MAT_NAMES,
            };
            let name = loop {
                let n = self.pick(pool);
                if !self.taken.iter().any(|t| t == n) {
                    break n.to_string();
                }
            };
            self.taken.push(name.clone());
            let kind =
                if shape == Shape::Scalar { Kind::Float } else { Kind::Arr { shape, slice } };
            self.insert(&mut params, Param { name, kind, mutable: false });
        }
        for p in &params {
            match p.shape() {
                Shape::Scalar => self.declare(p.name.clone(), Iv::new(-1.9, 1.9), false),
                shape => self.arrays.push(Arr {
                    name: p.name.clone(),
                    shape,
                    ivs: vec![Iv::new(-1.9, 1.9); shape.size()],
                    slice: p.slice(),
                    mutable: None,
                }),
            }
        }
        let wrt = self.wrt(params.len(), 40);
        let w = wrt.clone().unwrap_or_else(|| (0..params.len()).collect());
        self.active = w.iter().map(|&k| params[k].name.clone()).collect();
        let has_mat = params.iter().any(|p| matches!(p.shape(), Shape::Matrix(..)));
        let nseg = 2 + self.below(3);
        let (mut segs, looped, add): (Vec<Seg>, &[Seg], &[Seg]) = if stores {
            let w = [4, 4, 10, 5, if slices { 24 } else { 10 }, 6, 12, 22, 14, 12, 9];
            let all: Vec<Seg> = (0..6).map(Seg::Arr).chain((0..5).map(Seg::Store)).collect();
            let l = &[Seg::Store(1), Seg::Store(2), Seg::Store(3)];
            ((0..nseg).map(|_| all[self.weighted(&w)]).collect(), l, l)
        } else {
            let w = [8, 12, 26, 10, 26, 14];
            let segs = (0..nseg).map(|_| Seg::Arr(self.weighted(&w))).collect();
            (segs, &[Seg::Arr(2), Seg::Arr(3), Seg::Arr(4)], &[Seg::Arr(2), Seg::Arr(4)])
        };
        // at least one loop (storing, with stores); nested loops over a matrix
        if !segs.iter().any(|s| looped.contains(s)) {
            let s = self.pick(add);
            self.insert_seg(&mut segs, s);
        }
        if has_mat && !segs.contains(&Seg::Arr(3)) && !segs.contains(&Seg::Store(2)) {
            self.insert_seg(&mut segs, if stores { Seg::Store(2) } else { Seg::Arr(3) });
        }
        let mut body = Vec::new();
        if self.chance(25) {
            body.extend(self.retry(&mut |g, c| {
                g.set_leaves();
                g.seg_let(c, true)
            }));
        }
        for seg in segs {
            if self.chance(if stores { 20 } else { 30 }) {
                body.extend(self.retry(&mut |g, c| g.arr_segment(0, c)));
            }
            // a store needs a local array to store into
            let vectors = seg == Seg::Store(1);
            if matches!(seg, Seg::Store(1 | 4)) && self.mutables(vectors).is_empty() {
                body.extend(self.retry(&mut |g, c| g.seg_decl(c, vectors)));
            }
            body.extend(self.retry(&mut |g, c| g.segment(seg, c)));
        }
        self.finish(name, params, wrt, body, false)
    }
}
