//! Iterator chains and local closures over a vector, as crates write them: one
//! expression each, over an array parameter, a slice or a local, read anywhere a gate
//! over arrays may be (`arrays.rs`). The twin writes the same chain over `[D; N]`.
//!
//! - `a.iter().map(|&t| t * t).sum::<f64>()`
//! - `a.iter().zip(b.iter()).map(|(&p, &q)| p * q).sum::<f64>()`
//! - `a.iter().enumerate().fold(0.0, |acc, (i, &t)| acc + t * (i + 1) as f64)`
//! - `{ let g = |t: f64| t.sin() * t; a.iter().copied().map(g).sum::<f64>() }` (a
//!   local closure, passed by name)
//! - `a.iter().rev().skip(1).map(|&t| t * 0.5).fold(0.0, |acc, t| acc * 0.5 + t)`

use crate::iv::Iv;

/// A chain over one vector (two for `ZipMul`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChainOp {
    MapSq,
    ZipMul,
    EnumFold,
    Closure,
    RevFold,
}

pub const CHAIN_OPS: [ChainOp; 5] =
    [ChainOp::MapSq, ChainOp::ZipMul, ChainOp::EnumFold, ChainOp::Closure, ChainOp::RevFold];

impl ChainOp {
    /// How many vectors of one length it reads.
    pub fn arity(self) -> usize {
        if self == ChainOp::ZipMul {
            2
        } else {
            1
        }
    }
    /// What the summary counts it as.
    pub fn label(self) -> &'static str {
        match self {
            ChainOp::MapSq => "chain `map` + `sum`",
            ChainOp::ZipMul => "chain `zip`",
            ChainOp::EnumFold => "chain `enumerate` + `fold`",
            ChainOp::Closure => "local closure in a chain",
            ChainOp::RevFold => "chain `rev` + `skip` + `fold`",
        }
    }
    /// The text over arrays `a` (`twin`: over `[D; N]`, constants as `c(..)`).
    pub fn text(self, twin: bool, a: &[String]) -> String {
        let konst = |v: &str| if twin { format!("c({v})") } else { v.to_string() };
        let (ty, k) = (if twin { "D" } else { "f64" }, konst);
        let (zero, half) = (k("0.0"), k("0.5"));
        match self {
            ChainOp::MapSq => format!("{}.iter().map(|&t| t * t).sum::<{ty}>()", a[0]),
            ChainOp::ZipMul => {
                format!("{}.iter().zip({}.iter()).map(|(&p, &q)| p * q).sum::<{ty}>()", a[0], a[1])
            }
            ChainOp::EnumFold => format!(
                "{}.iter().enumerate().fold({zero}, |acc, (i, &t)| acc + t * {})",
                a[0],
                k("(i + 1) as f64")
            ),
            ChainOp::Closure => {
                format!("{{ let g = |t: {ty}| t.sin() * t; {}.iter().copied().map(g).sum::<{ty}>() }}", a[0])
            }
            ChainOp::RevFold => format!(
                "{}.iter().rev().skip(1).map(|&t| t * {half}).fold({zero}, |acc, t| acc * {half} + t)",
                a[0]
            ),
        }
    }
    /// The value over the arrays' elements `v`.
    pub fn eval(self, v: &[Vec<f64>]) -> f64 {
        match self {
            ChainOp::MapSq => v[0].iter().map(|t| t * t).sum(),
            ChainOp::ZipMul => v[0].iter().zip(&v[1]).map(|(p, q)| p * q).sum(),
            ChainOp::EnumFold => {
                v[0].iter().enumerate().fold(0.0, |acc, (i, t)| acc + t * (i + 1) as f64)
            }
            ChainOp::Closure => v[0].iter().map(|t| t.sin() * t).sum(),
            ChainOp::RevFold => {
                v[0].iter().rev().skip(1).map(|t| t * 0.5).fold(0.0, |acc, t| acc * 0.5 + t)
            }
        }
    }
    /// Its interval over elements in `ivs` (`other`: the second vector's).
    pub fn iv(self, ivs: &[Iv], other: &[Iv]) -> Iv {
        let zero = Iv::pt(0.0);
        match self {
            ChainOp::MapSq => ivs.iter().fold(zero, |s, v| s.plus(v.times(*v))),
            ChainOp::ZipMul => ivs.iter().zip(other).fold(zero, |s, (p, q)| s.plus(p.times(*q))),
            ChainOp::EnumFold => ivs
                .iter()
                .enumerate()
                .fold(zero, |s, (i, v)| s.plus(v.times(Iv::pt((i + 1) as f64)))),
            // |t sin t| <= t^2
            ChainOp::Closure => ivs.iter().fold(zero, |s, v| {
                let m = v.mag() * v.mag();
                s.plus(Iv::new(-m, m))
            }),
            ChainOp::RevFold => ivs
                .iter()
                .rev()
                .skip(1)
                .fold(zero, |s, v| s.times(Iv::pt(0.5)).plus(v.times(Iv::pt(0.5)))),
        }
    }
}
