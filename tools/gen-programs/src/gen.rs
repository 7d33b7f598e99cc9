//! The generator's state: the random stream, the variables and arrays in scope with
//! an interval each, and what the program built so far reads and assigns.

use crate::ast::{Ix, Shape, E};
use crate::calls::Target;
use crate::iv::Iv;
use crate::ops::{Form, KONSTS};
use crate::print::PROG;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::rc::Rc;

pub const PARAM_NAMES: [&str; 16] =
    ["x", "y", "z", "w", "u", "v", "a", "b", "p", "q", "t", "s", "alpha", "beta", "theta", "rho"];
const LOCAL_NAMES: [&str; 40] = [
    "g", "h", "k", "m", "r", "acc", "num", "den", "mid", "tmp", "lhs", "rhs", "gain", "bias",
    "act", "prod", "sum", "diff", "ratio", "wave", "damp", "scale", "norm", "head", "left",
    "right", "inner", "outer", "z1", "z2", "h1", "h2", "e1", "e2", "out", "pre", "post", "amp",
    "phase", "step",
];
/// Names a naive expansion could collide with (adjoints, the cache, ...).
const TRICKY_NAMES: [&str; 5] = ["d_x", "d_out", "cache", "grad", "d_y"];
pub const LITS: [f64; 16] =
    [0.25, 0.5, 0.75, 1.5, 2.0, 3.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.25, 2.5, 0.125, 1.75];
/// Values beyond this magnitude are squashed before they feed further gates.
pub const BIG: f64 = 20.0;

#[derive(Clone)]
pub struct Var {
    pub name: String,
    pub iv: Iv,
    /// The current value has not been read yet.
    pub unread: bool,
    pub mutable: bool,
    pub mutated: bool,
}

/// An expression with an interval holding all its values.
#[derive(Clone)]
pub struct X {
    pub e: E,
    pub iv: Iv,
}

pub fn x(e: E, iv: Iv) -> X {
    X { e, iv }
}

/// An array in scope (a parameter or a local), an interval per element (row-major).
#[derive(Clone)]
pub struct Arr {
    pub name: String,
    pub shape: Shape,
    pub ivs: Vec<Iv>,
    /// A slice parameter (`&[f64]`, `&[[f64; N]]`).
    pub slice: bool,
    /// A local array assigned by element: the largest magnitude its elements may have
    /// reached so far, and how many loops enclosed its declaration.
    pub mutable: Option<(f64, usize)>,
}

impl Arr {
    pub fn iv(&self) -> Iv {
        crate::iv::hull(&self.ivs)
    }
    /// Element `k` (row by row) by constant index.
    pub fn elem(&self, k: usize) -> X {
        let ix = match self.shape {
            Shape::Matrix(_, n) => vec![Ix::C(k / n), Ix::C(k % n)],
            _ => vec![Ix::C(k)],
        };
        x(E::Elem(self.name.clone(), ix), self.ivs[k])
    }
}

/// What expressions may call, and how often.
#[derive(Clone, Default)]
pub struct Calls {
    pub targets: Vec<Rc<Target>>,
    /// Percent of expressions that are calls.
    pub pct: u32,
    /// Integer variables of the caller that may be passed on (name, is `usize`).
    pub ints: Vec<(String, bool)>,
    /// Calls being built around the current expression.
    pub depth: usize,
}

#[derive(Clone, Default)]
pub struct G {
    pub rng: Rand,
    pub f32: bool,
    pub scope: Vec<Var>,
    pub taken: Vec<String>,
    /// A straight-line program's integer parameter, its value and whether it is an `i32`.
    pub int: Option<(String, f64, bool)>,
    pub calls: Calls,
    /// More leaves an expression may read (array elements and gates over arrays).
    pub leaves: Vec<X>,
    /// Integer variables a float expression may cast: loop indices and counters.
    pub ints: Vec<(String, Iv)>,
    /// Integer variables read somewhere (an unread loop index is printed `_`).
    pub used: Vec<String>,
    /// Names assigned so far (to merge branches).
    pub assigned: Vec<String>,
    /// The `match` selector `m: i32` and the trip count `n: usize`, if present.
    pub m: Option<String>,
    pub n: Option<String>,
    /// The interval of the last branch value.
    pub last_iv: Iv,
    pub arrays: Vec<Arr>,
    /// Loop indices in scope, with the length of the range they index.
    pub loops: Vec<(String, usize)>,
    /// Elements bound by reference in scope.
    pub refs: Vec<String>,
    /// The differentiated parameters of an array program.
    pub active: Vec<String>,
}

/// The random stream (a fixed ChaCha8 seed, integer-only sampling).
#[derive(Clone)]
pub struct Rand(pub ChaCha8Rng);

impl Default for Rand {
    fn default() -> Rand {
        Rand(ChaCha8Rng::seed_from_u64(0))
    }
}

impl G {
    pub fn new(seed: u64) -> G {
        G { rng: Rand(ChaCha8Rng::seed_from_u64(seed)), ..G::default() }
    }
    /// Forgets the last program (keeps the random stream).
    pub fn reset(&mut self) {
        *self = G { rng: self.rng.clone(), ..G::default() };
    }
    /// Goes back to the state `s` (a clone), keeping the random stream where it is.
    pub fn restore(&mut self, mut s: G) {
        std::mem::swap(&mut s.rng, &mut self.rng);
        *self = s;
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.rng.0.gen_range(0..n as u32) as usize
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.0.gen_range(lo..=hi)
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        self.rng.0.gen_range(0..100u32) < percent
    }
    pub fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    pub fn pick_some<T: Clone>(&mut self, xs: &[T]) -> Option<T> {
        (!xs.is_empty()).then(|| self.pick(xs))
    }
    /// Index by weight.
    pub fn weighted(&mut self, w: &[u32]) -> usize {
        let mut r = self.rng.0.gen_range(0..w.iter().sum::<u32>());
        for (i, &wi) in w.iter().enumerate() {
            if r < wi {
                return i;
            }
            r -= wi;
        }
        unreachable!()
    }
    pub fn split(&mut self, n: usize) -> (usize, usize) {
        let a = self.rng.0.gen_range(0..=n as u32) as usize;
        (a, n - a)
    }
    pub fn form(&mut self) -> Form {
        if self.chance(70) {
            Form::Method
        } else {
            Form::Path
        }
    }
    pub fn gate_form(&mut self) -> Form {
        if self.chance(50) {
            Form::Method
        } else {
            Form::Path
        }
    }
    pub fn lit(&mut self) -> X {
        let v = self.pick(&LITS);
        x(E::Lit(v), Iv::pt(v))
    }
    pub fn same(&self, a: &E, b: &E) -> bool {
        PROG.expr(a) == PROG.expr(b)
    }

    pub fn fresh_name(&mut self) -> String {
        let name = if !self.f32 && self.chance(3) {
            self.pick(&TRICKY_NAMES)
        } else {
            self.pick(&LOCAL_NAMES)
        };
        if self.taken.iter().any(|t| t == name) {
            return self.fresh_int(&["v"]);
        }
        self.taken.push(name.to_string());
        name.to_string()
    }
    /// The first free name of `pool`, else `pool[0]` numbered.
    pub fn fresh_int(&mut self, pool: &[&str]) -> String {
        let free = |n: &String| !self.taken.contains(n);
        let name = pool.iter().map(|n| n.to_string()).find(free);
        let name =
            name.unwrap_or_else(|| (1..).map(|i| format!("{}{i}", pool[0])).find(free).unwrap());
        self.taken.push(name.clone());
        name
    }
    pub fn var(&self, i: usize) -> X {
        let v = &self.scope[i];
        x(E::Var(v.name.clone()), v.iv)
    }
    pub fn any_var(&mut self) -> X {
        let i = self.below(self.scope.len());
        self.var(i)
    }
    pub fn find(&self, name: &str) -> usize {
        self.scope.iter().rposition(|v| v.name == name).unwrap()
    }
    pub fn declare(&mut self, name: String, iv: Iv, mutable: bool) {
        self.scope.push(Var { name, iv, unread: true, mutable, mutated: false });
    }
    /// Marks the variables `e` reads (as resolved now) as read. Called when a
    /// statement is final, so that reads dropped while building it do not count.
    pub fn mark(&mut self, e: &E) {
        match e {
            E::Var(n) => {
                if let Some(v) = self.scope.iter_mut().rev().find(|v| &v.name == n) {
                    v.unread = false;
                }
            }
            E::Block(..) => {}
            _ => e.kids().into_iter().for_each(|k| self.mark(k)),
        }
    }
    /// Reads every unread variable declared at scope index `from` or later.
    pub fn read_unread(&mut self, from: usize) -> Vec<X> {
        (from..self.scope.len()).filter(|&i| self.scope[i].unread).map(|i| self.var(i)).collect()
    }
    pub fn unread(&self) -> Vec<usize> {
        (0..self.scope.len()).filter(|&i| self.scope[i].unread).collect()
    }
    pub fn leaf(&mut self, allow_lit: bool) -> X {
        let r = self.below(100);
        if allow_lit && r < 22 {
            return self.lit();
        }
        if (22..26).contains(&r) {
            let i = self.below(KONSTS.len());
            return x(E::Konst(i), Iv::pt(KONSTS[i].value));
        }
        if (26..32).contains(&r) {
            if let Some((name, v, _)) = self.int.clone() {
                return x(E::Cast(name), Iv::pt(v));
            }
        }
        if !self.leaves.is_empty() && (self.scope.is_empty() || self.chance(40)) {
            return self.pick(&self.leaves.clone());
        }
        let unread = self.unread();
        let i = if !unread.is_empty() && self.chance(65) {
            self.pick(&unread)
        } else {
            self.below(self.scope.len())
        };
        self.var(i)
    }
    /// A sample coordinate in [-1.9, 1.9] with 3 decimals that clippy will not
    /// mistake for a named constant (`approx_constant`).
    pub fn coordinate(&mut self) -> f64 {
        use std::f64::consts as k;
        const NEAR: [f64; 18] = [
            k::E,
            k::FRAC_1_PI,
            k::FRAC_1_SQRT_2,
            k::FRAC_2_PI,
            k::FRAC_2_SQRT_PI,
            k::FRAC_PI_2,
            k::FRAC_PI_3,
            k::FRAC_PI_4,
            k::FRAC_PI_6,
            k::FRAC_PI_8,
            k::LN_10,
            k::LN_2,
            k::LOG10_E,
            k::LOG2_E,
            k::LOG2_10,
            k::LOG10_2,
            k::PI,
            k::SQRT_2,
        ];
        loop {
            let v = f64::from(self.rng.0.gen_range(-1900..=1900i32)) / 1000.0;
            if !NEAR.iter().any(|k| (v.abs() - k).abs() < 2e-3) {
                return v;
            }
        }
    }
}
