//! Random straight-line programs for `backprop`, and their num-dual twins.
//!
//! [`generate`] returns the whole text of `tests/random_programs.rs`. It is
//! deterministic (a fixed ChaCha8 seed, integer-only sampling, no hash maps), so
//! `tests/random_programs_fresh.rs` can include this file and compare.
//!
//! Every program is built over an expression tree that knows an interval for each
//! value: an operation whose argument could leave its domain (ln, sqrt, asin,
//! acosh, a divisor near 0, ...) or grow too big (exp, sinh, powi, ...) first gets
//! its argument wrapped (`x * x + 1.0`, `x.tanh() * 0.9`, ...). The sample points
//! are then checked by evaluating the program here: kinks (abs, max, clamp, floor,
//! ...) must be far from the point, and central differences at several steps must
//! agree (those programs also get a finite-difference check at test time).
//!
//! The text is emitted in rustfmt's layout: lines and calls are kept short enough
//! that rustfmt leaves every statement on one line.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::rc::Rc;

/// The seed of the checked-in `tests/random_programs.rs`.
const SEED: u64 = 0x0bac_c0de_2024;
/// Programs over f64 and over f32.
const N64: usize = 220;
const N32: usize = 20;
/// Sample points per program.
const POINTS: usize = 3;
/// Values beyond this magnitude are squashed before they feed further gates.
const BIG: f64 = 20.0;

/// The checking code the generated files share, included from here rather than
/// copied into each (`include!` resolves from the generated file in `tests/`).
pub(crate) const INCLUDE_COMMON: &str =
    "include!(\"../tools/gen-programs/src/preamble_common.rs\");\n";

#[path = "control.rs"]
mod control;
pub use control::generate as generate_control_flow;
pub use control::{generate_arrays, generate_arrays_mut, generate_calls};

// ---------------------------------------------------------------- intervals

#[derive(Clone, Copy, Debug)]
struct Iv {
    lo: f64,
    hi: f64,
}

impl Iv {
    fn new(a: f64, b: f64) -> Iv {
        Iv {
            lo: a.min(b),
            hi: a.max(b),
        }
    }
    fn pt(v: f64) -> Iv {
        Iv { lo: v, hi: v }
    }
    fn mag(self) -> f64 {
        self.lo.abs().max(self.hi.abs())
    }
    fn min_abs(self) -> f64 {
        if self.lo <= 0.0 && self.hi >= 0.0 {
            0.0
        } else {
            self.lo.abs().min(self.hi.abs())
        }
    }
    fn map(self, f: fn(f64) -> f64) -> Iv {
        Iv::new(f(self.lo), f(self.hi))
    }
    fn add(self, o: Iv) -> Iv {
        Iv::new(self.lo + o.lo, self.hi + o.hi)
    }
    fn sub(self, o: Iv) -> Iv {
        Iv::new(self.lo - o.hi, self.hi - o.lo)
    }
    fn mul(self, o: Iv) -> Iv {
        let p = [
            self.lo * o.lo,
            self.lo * o.hi,
            self.hi * o.lo,
            self.hi * o.hi,
        ];
        Iv::new(
            p.iter().copied().fold(f64::INFINITY, f64::min),
            p.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    }
    /// `o` must not contain 0.
    fn div(self, o: Iv) -> Iv {
        self.mul(Iv::new(1.0 / o.lo, 1.0 / o.hi))
    }
    fn neg(self) -> Iv {
        Iv::new(-self.hi, -self.lo)
    }
    fn away_from_zero(self, m: f64) -> bool {
        self.lo >= m || self.hi <= -m
    }
}

// ---------------------------------------------------------------- syntax

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Bin {
    Add,
    Sub,
    Mul,
    Div,
}

impl Bin {
    fn sym(self) -> &'static str {
        match self {
            Bin::Add => "+",
            Bin::Sub => "-",
            Bin::Mul => "*",
            Bin::Div => "/",
        }
    }
    fn prec(self) -> u8 {
        match self {
            Bin::Add | Bin::Sub => 60,
            Bin::Mul | Bin::Div => 70,
        }
    }
    fn eval(self, a: f64, b: f64) -> f64 {
        match self {
            Bin::Add => a + b,
            Bin::Sub => a - b,
            Bin::Mul => a * b,
            Bin::Div => a / b,
        }
    }
}

/// Method form `x.exp()` or path form `f64::exp(x)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Method,
    Path,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum U {
    Exp,
    Exp2,
    ExpM1,
    Ln,
    Ln1p,
    Log10,
    Log2,
    Sqrt,
    Cbrt,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Abs,
    Recip,
    ToDegrees,
    ToRadians,
    Floor,
    Ceil,
    Round,
    Trunc,
    Signum,
    Fract,
}

const UNARY: [U; 31] = [
    U::Exp,
    U::Exp2,
    U::ExpM1,
    U::Ln,
    U::Ln1p,
    U::Log10,
    U::Log2,
    U::Sqrt,
    U::Cbrt,
    U::Sin,
    U::Cos,
    U::Tan,
    U::Asin,
    U::Acos,
    U::Atan,
    U::Sinh,
    U::Cosh,
    U::Tanh,
    U::Asinh,
    U::Acosh,
    U::Atanh,
    U::Abs,
    U::Recip,
    U::ToDegrees,
    U::ToRadians,
    U::Floor,
    U::Ceil,
    U::Round,
    U::Trunc,
    U::Signum,
    U::Fract,
];

impl U {
    fn name(self) -> &'static str {
        match self {
            U::Exp => "exp",
            U::Exp2 => "exp2",
            U::ExpM1 => "exp_m1",
            U::Ln => "ln",
            U::Ln1p => "ln_1p",
            U::Log10 => "log10",
            U::Log2 => "log2",
            U::Sqrt => "sqrt",
            U::Cbrt => "cbrt",
            U::Sin => "sin",
            U::Cos => "cos",
            U::Tan => "tan",
            U::Asin => "asin",
            U::Acos => "acos",
            U::Atan => "atan",
            U::Sinh => "sinh",
            U::Cosh => "cosh",
            U::Tanh => "tanh",
            U::Asinh => "asinh",
            U::Acosh => "acosh",
            U::Atanh => "atanh",
            U::Abs => "abs",
            U::Recip => "recip",
            U::ToDegrees => "to_degrees",
            U::ToRadians => "to_radians",
            U::Floor => "floor",
            U::Ceil => "ceil",
            U::Round => "round",
            U::Trunc => "trunc",
            U::Signum => "signum",
            U::Fract => "fract",
        }
    }
    fn eval(self, x: f64) -> f64 {
        match self {
            U::Exp => x.exp(),
            U::Exp2 => x.exp2(),
            U::ExpM1 => x.exp_m1(),
            U::Ln => x.ln(),
            U::Ln1p => x.ln_1p(),
            U::Log10 => x.log10(),
            U::Log2 => x.log2(),
            U::Sqrt => x.sqrt(),
            U::Cbrt => x.cbrt(),
            U::Sin => x.sin(),
            U::Cos => x.cos(),
            U::Tan => x.tan(),
            U::Asin => x.asin(),
            U::Acos => x.acos(),
            U::Atan => x.atan(),
            U::Sinh => x.sinh(),
            U::Cosh => x.cosh(),
            U::Tanh => x.tanh(),
            U::Asinh => x.asinh(),
            U::Acosh => x.acosh(),
            U::Atanh => x.atanh(),
            U::Abs => x.abs(),
            U::Recip => x.recip(),
            U::ToDegrees => x.to_degrees(),
            U::ToRadians => x.to_radians(),
            U::Floor => x.floor(),
            U::Ceil => x.ceil(),
            U::Round => x.round(),
            U::Trunc => x.trunc(),
            U::Signum => x.signum(),
            U::Fract => x.fract(),
        }
    }
    /// Distance (relative) of `x` to this function's kink or jump, if it has one.
    fn kink(self, x: f64) -> f64 {
        let s = x.abs().max(1.0);
        match self {
            U::Abs | U::Signum => x.abs() / s,
            U::Floor | U::Ceil | U::Trunc | U::Fract => (x - x.round()).abs() / s,
            U::Round => (x - x.floor() - 0.5).abs() / s,
            _ => f64::INFINITY,
        }
    }
    /// An interval of the result, for an argument inside the function's domain.
    fn range(self, a: Iv) -> Iv {
        match self {
            U::Sin | U::Cos | U::Signum => Iv::new(-1.0, 1.0),
            U::Fract => Iv::new(if a.lo >= 0.0 { 0.0 } else { -1.0 }, 1.0),
            U::Abs => Iv::new(a.min_abs(), a.mag()),
            U::Cosh => Iv::new(a.min_abs().cosh(), a.mag().cosh()),
            _ => a.map(match self {
                U::Exp => f64::exp,
                U::Exp2 => f64::exp2,
                U::ExpM1 => f64::exp_m1,
                U::Ln => f64::ln,
                U::Ln1p => f64::ln_1p,
                U::Log10 => f64::log10,
                U::Log2 => f64::log2,
                U::Sqrt => f64::sqrt,
                U::Cbrt => f64::cbrt,
                U::Tan => f64::tan,
                U::Asin => f64::asin,
                U::Acos => f64::acos,
                U::Atan => f64::atan,
                U::Sinh => f64::sinh,
                U::Tanh => f64::tanh,
                U::Asinh => f64::asinh,
                U::Acosh => f64::acosh,
                U::Atanh => f64::atanh,
                U::Recip => f64::recip,
                U::ToDegrees => f64::to_degrees,
                U::ToRadians => f64::to_radians,
                U::Floor => f64::floor,
                U::Ceil => f64::ceil,
                U::Round => f64::round,
                _ => f64::trunc,
            }),
        }
    }
}

/// Float methods with a second float argument.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum B2 {
    Powf,
    Log,
    Atan2,
    Max,
    Min,
    Hypot,
}

impl B2 {
    fn name(self) -> &'static str {
        match self {
            B2::Powf => "powf",
            B2::Log => "log",
            B2::Atan2 => "atan2",
            B2::Max => "max",
            B2::Min => "min",
            B2::Hypot => "hypot",
        }
    }
    fn eval(self, a: f64, b: f64) -> f64 {
        match self {
            B2::Powf => a.powf(b),
            B2::Log => a.log(b),
            B2::Atan2 => a.atan2(b),
            B2::Max => a.max(b),
            B2::Min => a.min(b),
            B2::Hypot => a.hypot(b),
        }
    }
    fn kink(self, a: f64, b: f64) -> f64 {
        let s = a.abs().max(b.abs()).max(1.0);
        match self {
            B2::Max | B2::Min => (a - b).abs() / s,
            B2::Hypot => a.hypot(b),
            // the origin, and the branch cut on the negative x axis
            B2::Atan2 if b < 0.0 => a.abs().min(a.hypot(b)),
            B2::Atan2 => a.hypot(b),
            _ => f64::INFINITY,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gate {
    Sigmoid,
    Relu,
    Softplus,
    LogSigmoid,
}

impl Gate {
    fn name(self) -> &'static str {
        match self {
            Gate::Sigmoid => "sigmoid",
            Gate::Relu => "relu",
            Gate::Softplus => "softplus",
            Gate::LogSigmoid => "log_sigmoid",
        }
    }
    fn eval(self, x: f64) -> f64 {
        match self {
            Gate::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Gate::Relu => x.max(0.0),
            Gate::Softplus => x.exp().ln_1p(),
            Gate::LogSigmoid => -(-x).exp().ln_1p(),
        }
    }
    fn range(self, a: Iv) -> Iv {
        match self {
            Gate::Sigmoid => a.map(|x| 1.0 / (1.0 + (-x).exp())),
            Gate::Relu => Iv::new(a.lo.max(0.0), a.hi.max(0.0)),
            Gate::Softplus => a.map(|x| x.exp().ln_1p()),
            Gate::LogSigmoid => a.map(|x| -(-x).exp().ln_1p()),
        }
    }
}

/// `sigmoid(x)` after `use backprop::sigmoid`, or `backprop::sigmoid(x)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GateForm {
    Bare,
    Qualified,
}

#[derive(Clone, Debug)]
enum PowiArg {
    Lit(i32),
    Param(String),
}

/// Named constants: `std::fxx::consts::*` and the file's own `const` items.
struct Konst {
    path64: &'static str,
    path32: &'static str,
    value: f64,
}

const KONSTS: [Konst; 9] = [
    Konst {
        path64: "std::f64::consts::PI",
        path32: "std::f32::consts::PI",
        value: std::f64::consts::PI,
    },
    Konst {
        path64: "std::f64::consts::E",
        path32: "std::f32::consts::E",
        value: std::f64::consts::E,
    },
    Konst {
        path64: "std::f64::consts::LN_2",
        path32: "std::f32::consts::LN_2",
        value: std::f64::consts::LN_2,
    },
    Konst {
        path64: "std::f64::consts::FRAC_PI_4",
        path32: "std::f32::consts::FRAC_PI_4",
        value: std::f64::consts::FRAC_PI_4,
    },
    Konst {
        path64: "std::f64::consts::SQRT_2",
        path32: "std::f32::consts::SQRT_2",
        value: std::f64::consts::SQRT_2,
    },
    Konst {
        path64: "GAIN",
        path32: "GAIN32",
        value: 1.25,
    },
    Konst {
        path64: "SHIFT",
        path32: "SHIFT32",
        value: -0.375,
    },
    Konst {
        path64: "DECAY",
        path32: "DECAY32",
        value: 0.9,
    },
    Konst {
        path64: "HALF",
        path32: "HALF32",
        value: 0.5,
    },
];

#[derive(Clone, Debug)]
enum E {
    Var(String),
    /// Non-negative literal.
    Lit(f64),
    Konst(usize),
    /// `n as f64` for an integer parameter.
    Cast(String),
    Neg(Box<E>),
    Bin(Bin, Box<E>, Box<E>),
    Un(U, Form, Box<E>),
    Powi(Form, Box<E>, PowiArg),
    B2(B2, Form, Box<E>, Box<E>),
    MulAdd(Form, Box<E>, Box<E>, Box<E>),
    Clamp(Form, Box<E>, Box<E>, Box<E>),
    Gate(Gate, GateForm, Box<E>),
    /// `{ stmts; tail }`, only as the right side of a `let`.
    Block(Vec<St>, Box<E>),
    /// A call of another generated `#[differentiate]` function (`calls.rs`).
    Call(Rc<dyn Callee>, Vec<CallArg>),
    /// An element of an array: `w[2]`, `w[i]`, `m[i][j]` (`arrays.rs`).
    Elem(String, Vec<Ix>),
    /// A gate over whole arrays of length `.2`: `dot(a, b)`, `a.iter().sum::<f64>()`, ...
    Arr(ArrOp, Vec<String>, usize),
}

/// An array index: a constant or an integer (loop) variable.
#[derive(Clone, Debug)]
enum Ix {
    C(usize),
    V(String),
}

impl Ix {
    fn text(&self) -> String {
        match self {
            Ix::C(k) => k.to_string(),
            Ix::V(n) => n.clone(),
        }
    }
}

/// Gates over whole arrays (`arrays.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ArrOp {
    /// `dot(a, b)` (bare or `backprop::dot`)
    Dot(GateForm),
    /// `logsumexp(a)`
    LogSumExp(GateForm),
    /// `softmax_cross_entropy(a, label)`
    Xent(usize),
    /// `a.iter().sum::<f64>()`
    Sum,
    /// `a.iter().product::<f64>()`
    Product,
}

impl ArrOp {
    /// The text over arrays `a` (`twin`: over `[D; N]`, gates as `D::` functions).
    fn text(self, twin: bool, a: &[String]) -> String {
        let ty = if twin { "D" } else { "f64" };
        let gate = |form: GateForm, name: &str, args: String| match (twin, form) {
            (true, _) => format!("D::{name}({args})"),
            (false, GateForm::Bare) => format!("{name}({args})"),
            (false, GateForm::Qualified) => format!("backprop::{name}({args})"),
        };
        match self {
            ArrOp::Dot(f) => gate(f, "dot", a.join(", ")),
            ArrOp::LogSumExp(f) => gate(f, "logsumexp", a[0].clone()),
            ArrOp::Xent(label) => gate(
                GateForm::Qualified,
                "softmax_cross_entropy",
                format!("{}, {label}", a[0]),
            ),
            ArrOp::Sum => format!("{}.iter().sum::<{ty}>()", a[0]),
            ArrOp::Product => format!("{}.iter().product::<{ty}>()", a[0]),
        }
    }
    /// The value over the arrays' elements `v`.
    fn eval(self, v: &[Vec<f64>]) -> f64 {
        let lse = |a: &[f64]| a.iter().map(|x| x.exp()).sum::<f64>().ln();
        match self {
            ArrOp::Dot(_) => v[0].iter().zip(&v[1]).map(|(a, b)| a * b).sum(),
            ArrOp::LogSumExp(_) => lse(&v[0]),
            ArrOp::Xent(label) => lse(&v[0]) - v[0][label],
            ArrOp::Sum => v[0].iter().sum(),
            ArrOp::Product => v[0].iter().product(),
        }
    }
}

/// A function the generated programs may call: one of the call-graph generator's
/// helpers (`calls.rs`), as seen from the calling function (its path there).
trait Callee: std::fmt::Debug {
    /// `path(args)` in the program, `path_nd(args)` in its twin.
    fn text(&self, twin: bool, args: &[String]) -> String;
    /// The parameters in order (an integer's payload is its largest value).
    fn params(&self) -> Vec<Kind>;
    /// Whether each float parameter is differentiated (`wrt`).
    fn wrt(&self) -> Vec<bool>;
    /// An interval holding the value for float arguments in [-1.9, 1.9].
    fn out(&self) -> Iv;
    /// The value and the kink margin at float arguments `p`, integers `k`.
    fn eval(&self, p: &[f64], k: &[i32]) -> (f64, f64);
}

/// An argument of [`E::Call`]: a float expression, or an integer (a literal or an
/// integer variable of the caller, as text).
#[derive(Clone, Debug)]
enum CallArg {
    F(E),
    I(String),
}

impl CallArg {
    fn float(&self) -> Option<&E> {
        match self {
            CallArg::F(e) => Some(e),
            CallArg::I(_) => None,
        }
    }
}

/// What [`Gen::expr`] may call, and how often (nothing for the straight-line and
/// control-flow generators).
#[derive(Default)]
struct Calls {
    targets: Vec<Rc<dyn Callee>>,
    /// Percent of expressions that are calls.
    pct: u32,
    /// Integer variables of the caller that may be passed on (name, kind).
    ints: Vec<(String, Kind)>,
    /// Calls being built around the current expression.
    depth: usize,
}

#[derive(Clone, Debug)]
enum St {
    Let {
        name: String,
        mutable: bool,
        annot: bool,
        e: E,
    },
    Assign {
        name: String,
        e: E,
    },
    OpAssign {
        name: String,
        op: Bin,
        e: E,
    },
}

fn bx(e: E) -> Box<E> {
    Box::new(e)
}

fn gates(e: &E) -> usize {
    match e {
        E::Var(_) | E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) => 0,
        E::Arr(..) => 1,
        E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => 1 + gates(a),
        E::Bin(_, a, b) | E::B2(_, _, a, b) => 1 + gates(a) + gates(b),
        E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => 1 + gates(a) + gates(b) + gates(c),
        E::Block(s, t) => s.iter().map(stmt_gates).sum::<usize>() + gates(t),
        E::Call(_, args) => {
            1 + args
                .iter()
                .filter_map(CallArg::float)
                .map(gates)
                .sum::<usize>()
        }
    }
}

fn stmt_gates(s: &St) -> usize {
    match s {
        St::Let { e, .. } | St::Assign { e, .. } => gates(e),
        St::OpAssign { e, .. } => 1 + gates(e),
    }
}

/// Whether `e` reads a variable.
fn has_var(e: &E) -> bool {
    match e {
        E::Var(_) | E::Elem(..) | E::Arr(..) => true,
        E::Lit(_) | E::Konst(_) | E::Cast(_) => false,
        E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => has_var(a),
        E::Bin(_, a, b) | E::B2(_, _, a, b) => has_var(a) || has_var(b),
        E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => has_var(a) || has_var(b) || has_var(c),
        E::Block(..) => true,
        E::Call(_, args) => args.iter().filter_map(CallArg::float).any(has_var),
    }
}

/// Whether `e` has a leaf other than a literal (so its type is known and it can
/// be a method receiver).
fn typed(e: &E) -> bool {
    match e {
        E::Lit(_) => false,
        E::Var(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => true,
        E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => typed(a),
        E::Bin(_, a, b) | E::B2(_, _, a, b) => typed(a) || typed(b),
        E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => typed(a) || typed(b) || typed(c),
        E::Block(..) | E::Call(..) => true,
    }
}

// ---------------------------------------------------------------- printing

/// Printing context: the program itself (`f64`/`f32` text) or its num-dual twin
/// (`D` text: every constant wrapped in `c(..)`, paths `D::`, gates as methods).
#[derive(Clone, Copy)]
struct Cx {
    twin: bool,
    f32: bool,
}

impl Cx {
    fn ty(self) -> &'static str {
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
    fn recv(self, e: &E) -> String {
        self.wrap(e, self.prec(e) < 100)
    }
    fn konst(self, s: String) -> String {
        if self.twin {
            format!("c({s})")
        } else {
            s
        }
    }
    /// `recv.name(args)` or `Ty::name(recv, args)`.
    fn call(self, form: Form, name: &str, recv: &E, args: &[&E]) -> String {
        let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
        match form {
            Form::Method => format!("{}.{name}({})", self.recv(recv), args.join(", ")),
            Form::Path => {
                let mut all = vec![self.expr(recv)];
                all.extend(args);
                format!("{}::{name}({})", self.ty(), all.join(", "))
            }
        }
    }
    fn expr(self, e: &E) -> String {
        match e {
            E::Var(n) => n.clone(),
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
                format!(
                    "{} {} {}",
                    self.wrap(a, self.prec(a) < p),
                    op.sym(),
                    self.wrap(b, self.prec(b) <= p)
                )
            }
            E::Un(u, form, a) => self.call(*form, u.name(), a, &[]),
            E::Powi(form, a, n) => {
                let n = match n {
                    PowiArg::Lit(k) => E::Var(k.to_string()),
                    PowiArg::Param(p) => E::Var(p.clone()),
                };
                self.call(*form, "powi", a, &[&n])
            }
            E::B2(op, form, a, b) => self.call(*form, op.name(), a, &[b]),
            E::MulAdd(form, a, b, c) => self.call(*form, "mul_add", a, &[b, c]),
            E::Clamp(form, a, b, c) => self.call(*form, "clamp", a, &[b, c]),
            E::Gate(g, form, a) => match (self.twin, form) {
                (true, _) => format!("D::{}({})", g.name(), self.expr(a)),
                (false, GateForm::Bare) => format!("{}({})", g.name(), self.expr(a)),
                (false, GateForm::Qualified) => {
                    format!("backprop::{}({})", g.name(), self.expr(a))
                }
            },
            E::Block(..) => unreachable!("blocks are printed by `stmt`"),
            E::Call(f, args) => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| match a {
                        CallArg::F(e) => self.expr(e),
                        CallArg::I(n) => n.clone(),
                    })
                    .collect();
                f.text(self.twin, &args)
            }
            E::Elem(a, ix) => {
                let ix: String = ix.iter().map(|i| format!("[{}]", i.text())).collect();
                format!("{a}{ix}")
            }
            E::Arr(op, a, _) => op.text(self.twin, a),
        }
    }
    /// Widest call (its whole text, or its argument list) inside `e`: rustfmt
    /// breaks chains and argument lists wider than 60 columns.
    fn widest_call(self, e: &E) -> usize {
        let own = match e {
            E::Un(..)
            | E::Powi(..)
            | E::B2(..)
            | E::MulAdd(..)
            | E::Clamp(..)
            | E::Gate(..)
            | E::Call(..)
            | E::Arr(..) => self.expr(e).len(),
            E::Lit(_) | E::Konst(_) | E::Cast(_) if self.twin => self.expr(e).len(),
            _ => 0,
        };
        let kids = match e {
            E::Var(_) | E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Elem(..) | E::Arr(..) => 0,
            E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => self.widest_call(a),
            E::Bin(_, a, b) | E::B2(_, _, a, b) => self.widest_call(a).max(self.widest_call(b)),
            E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => self
                .widest_call(a)
                .max(self.widest_call(b))
                .max(self.widest_call(c)),
            E::Block(s, t) => s
                .iter()
                .map(|s| match s {
                    St::Let { e, .. } | St::Assign { e, .. } | St::OpAssign { e, .. } => {
                        self.widest_call(e)
                    }
                })
                .max()
                .unwrap_or(0)
                .max(self.widest_call(t)),
            E::Call(_, args) => args
                .iter()
                .filter_map(CallArg::float)
                .map(|a| self.widest_call(a))
                .max()
                .unwrap_or(0),
        };
        own.max(kids)
    }
    fn stmt(self, out: &mut String, s: &St, indent: usize) {
        let pad = " ".repeat(indent);
        match s {
            St::Let {
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
                if let E::Block(body, tail) = e {
                    let _ = writeln!(out, "{pad}let {m}{name}{ty} = {{");
                    for s in body {
                        self.stmt(out, s, indent + 4);
                    }
                    let _ = writeln!(out, "{pad}    {}", self.expr(tail));
                    let _ = writeln!(out, "{pad}}};");
                } else {
                    let _ = writeln!(out, "{pad}let {m}{name}{ty} = {};", self.expr(e));
                }
            }
            St::Assign { name, e } => {
                let _ = writeln!(out, "{pad}{name} = {};", self.expr(e));
            }
            St::OpAssign { name, op, e } => {
                let _ = writeln!(out, "{pad}{name} {}= {};", op.sym(), self.expr(e));
            }
        }
    }
}

/// Whether rustfmt keeps every line of `s` (printed at `indent`) as it is.
fn fits(s: &St, indent: usize) -> bool {
    [false, true].iter().all(|&twin| {
        [false, true].iter().all(|&f32| {
            let cx = Cx { twin, f32 };
            let mut out = String::new();
            cx.stmt(&mut out, s, indent);
            let e = match s {
                St::Let { e, .. } | St::Assign { e, .. } | St::OpAssign { e, .. } => e,
            };
            out.lines().all(|l| l.len() <= 92) && cx.widest_call(e) <= 50
        })
    })
}

// ---------------------------------------------------------------- programs

#[derive(Clone, Debug)]
enum Kind {
    Float,
    I32(i32),
    Usize(u32),
}

#[derive(Clone, Debug)]
struct Param {
    name: String,
    kind: Kind,
    mutable: bool,
}

struct Prog {
    name: String,
    f32: bool,
    params: Vec<Param>,
    /// Indices (among the float params) of `#[differentiate(wrt(..))]`, if given.
    wrt: Option<Vec<usize>>,
    body: Vec<St>,
    tail: E,
    ret: bool,
    points: Vec<Vec<f64>>,
    fd: bool,
    /// Use `_forward` + `_backward` with `d_out = 0.5` as the second entry point.
    fb_scaled: bool,
}

impl Prog {
    fn floats(&self) -> Vec<&Param> {
        self.params
            .iter()
            .filter(|p| matches!(p.kind, Kind::Float))
            .collect()
    }
    fn wrt(&self) -> Vec<usize> {
        match &self.wrt {
            Some(w) => w.clone(),
            None => (0..self.floats().len()).collect(),
        }
    }
}

#[derive(Clone, Debug)]
struct Var {
    name: String,
    iv: Iv,
    /// The current value has not been read yet.
    unread: bool,
    mutable: bool,
    mutated: bool,
}

/// An expression with an interval holding all its values.
#[derive(Clone, Debug)]
struct X {
    e: E,
    iv: Iv,
}

fn x(e: E, iv: Iv) -> X {
    X { e, iv }
}

const PARAM_NAMES: [&str; 16] = [
    "x", "y", "z", "w", "u", "v", "a", "b", "p", "q", "t", "s", "alpha", "beta", "theta", "rho",
];
const LOCAL_NAMES: [&str; 40] = [
    "g", "h", "k", "m", "r", "acc", "num", "den", "mid", "tmp", "lhs", "rhs", "gain", "bias",
    "act", "prod", "sum", "diff", "ratio", "wave", "damp", "scale", "norm", "head", "left",
    "right", "inner", "outer", "z1", "z2", "h1", "h2", "e1", "e2", "out", "pre", "post", "amp",
    "phase", "step",
];
/// Names a naive expansion could collide with (adjoints, the cache, ...).
const TRICKY_NAMES: [&str; 5] = ["d_x", "d_out", "cache", "grad", "d_y"];
const LITS: [f64; 16] = [
    0.25, 0.5, 0.75, 1.5, 2.0, 3.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.25, 2.5, 0.125, 1.75,
];

struct Gen {
    rng: ChaCha8Rng,
    f32: bool,
    scope: Vec<Var>,
    int: Option<Param>,
    taken: Vec<String>,
    calls: Calls,
    /// More leaves an expression may read (array elements and gates over arrays,
    /// `arrays.rs`), each with its interval; none for the other generators.
    leaves: Vec<X>,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.rng.gen_range(0..n as u32) as usize
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.rng.gen_range(0..100u32) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Index by weight.
    fn weighted(&mut self, w: &[u32]) -> usize {
        let mut r = self.rng.gen_range(0..w.iter().sum::<u32>());
        for (i, &wi) in w.iter().enumerate() {
            if r < wi {
                return i;
            }
            r -= wi;
        }
        unreachable!()
    }
    fn lit(&mut self) -> X {
        let v = self.pick(&LITS);
        x(E::Lit(v), Iv::pt(v))
    }
    fn fresh_name(&mut self) -> String {
        let name = if !self.f32 && self.chance(3) {
            self.pick(&TRICKY_NAMES).to_string()
        } else {
            self.pick(&LOCAL_NAMES).to_string()
        };
        if self.taken.contains(&name) {
            for i in 1.. {
                let n = format!("v{i}");
                if !self.taken.contains(&n) {
                    self.taken.push(n.clone());
                    return n;
                }
            }
        }
        self.taken.push(name.clone());
        name
    }
    fn var(&mut self, i: usize) -> X {
        let v = &self.scope[i];
        x(E::Var(v.name.clone()), v.iv)
    }
    /// Marks the variables `e` reads (as resolved now) as read. Called when a
    /// statement is final, so that reads dropped while building it do not count.
    fn mark(&mut self, e: &E) {
        match e {
            E::Var(n) => {
                if let Some(v) = self.scope.iter_mut().rev().find(|v| &v.name == n) {
                    v.unread = false;
                }
            }
            E::Lit(_) | E::Konst(_) | E::Cast(_) | E::Block(..) | E::Elem(..) | E::Arr(..) => {}
            E::Neg(a) | E::Un(_, _, a) | E::Powi(_, a, _) | E::Gate(_, _, a) => self.mark(a),
            E::Bin(_, a, b) | E::B2(_, _, a, b) => {
                self.mark(a);
                self.mark(b);
            }
            E::MulAdd(_, a, b, c) | E::Clamp(_, a, b, c) => {
                self.mark(a);
                self.mark(b);
                self.mark(c);
            }
            E::Call(_, args) => {
                for a in args.iter().filter_map(CallArg::float) {
                    self.mark(a);
                }
            }
        }
    }
    /// Reads every unread variable declared at scope index `from` or later.
    fn read_unread(&mut self, from: usize) -> Vec<X> {
        let unread: Vec<usize> = (from..self.scope.len())
            .filter(|&i| self.scope[i].unread)
            .collect();
        unread.into_iter().map(|i| self.var(i)).collect()
    }
    fn leaf(&mut self, allow_lit: bool) -> X {
        let r = self.below(100);
        if allow_lit && r < 22 {
            return self.lit();
        }
        if (22..26).contains(&r) {
            let i = self.below(KONSTS.len());
            return x(E::Konst(i), Iv::pt(KONSTS[i].value));
        }
        if (26..32).contains(&r) {
            if let Some(p) = self.int.clone() {
                let v = match p.kind {
                    Kind::I32(v) => f64::from(v),
                    Kind::Usize(v) => f64::from(v),
                    Kind::Float => unreachable!(),
                };
                return x(E::Cast(p.name), Iv::pt(v));
            }
        }
        if !self.leaves.is_empty() && (self.scope.is_empty() || self.chance(40)) {
            let k = self.below(self.leaves.len());
            return self.leaves[k].clone();
        }
        let unread: Vec<usize> = (0..self.scope.len())
            .filter(|&i| self.scope[i].unread)
            .collect();
        let i = if !unread.is_empty() && self.chance(65) {
            self.pick(&unread)
        } else {
            self.below(self.scope.len())
        };
        self.var(i)
    }

    // ------------------------------------------------ domain fixers

    /// Something with the value of `a` squeezed into [-1, 1] (or [0, 1]).
    fn squash(&mut self, a: X) -> X {
        if !typed(&a.e) {
            return x(E::Lit(0.5), Iv::pt(0.5));
        }
        let is_var = matches!(a.e, E::Var(_));
        let k = self.weighted(&[30, 20, 12, 12, 8, if is_var { 10 } else { 0 }]);
        let form = self.form();
        match k {
            0 => x(E::Un(U::Tanh, form, bx(a.e)), U::Tanh.range(a.iv)),
            1 => x(E::Un(U::Sin, form, bx(a.e)), Iv::new(-1.0, 1.0)),
            2 => {
                let t = E::Un(U::Atan, form, bx(a.e));
                x(E::Bin(Bin::Mul, bx(t), bx(E::Lit(0.5))), Iv::new(-0.8, 0.8))
            }
            3 => {
                let g = self.gate_form();
                x(
                    E::Gate(Gate::Sigmoid, g, bx(a.e)),
                    Gate::Sigmoid.range(a.iv),
                )
            }
            4 => x(E::Un(U::Cos, form, bx(a.e)), Iv::new(-1.0, 1.0)),
            _ => {
                // softsign: a / (1 + |a|)
                let abs = E::Un(U::Abs, form, bx(a.e.clone()));
                let den = E::Bin(Bin::Add, bx(E::Lit(1.0)), bx(abs));
                x(E::Bin(Bin::Div, bx(a.e), bx(den)), Iv::new(-1.0, 1.0))
            }
        }
    }
    /// `a` with |a| <= r.
    fn bound(&mut self, a: X, r: f64) -> X {
        if a.iv.mag() <= r {
            return a;
        }
        if !typed(&a.e) {
            let v = r.min(0.5);
            return x(E::Lit(v), Iv::pt(v));
        }
        let s = self.squash(a);
        if s.iv.mag() <= r {
            return s;
        }
        let f = [2.0, 1.5, 0.9, 0.8, 0.5, 0.25, 0.1]
            .into_iter()
            .find(|f| f * s.iv.mag() <= r)
            .unwrap_or(0.1);
        x(
            E::Bin(Bin::Mul, bx(s.e), bx(E::Lit(f))),
            s.iv.mul(Iv::pt(f)),
        )
    }
    /// `a` with a >= m (m in (0, 1.5]).
    fn positive(&mut self, a: X, m: f64) -> X {
        if a.iv.lo >= m {
            return a;
        }
        let k = *[0.5, 1.0, 1.5, 2.0]
            .iter()
            .find(|&&k| k >= m)
            .unwrap_or(&2.0);
        let kx = x(E::Lit(k), Iv::pt(k));
        if !typed(&a.e) {
            let k = if m <= 0.5 { 0.5 } else { 2.0 };
            return x(E::Lit(k), Iv::pt(k));
        }
        let form = self.form();
        let is_var = matches!(a.e, E::Var(_));
        let small = a.iv.mag() <= 3.0;
        let choice = self.weighted(&[
            if is_var { 30 } else { 0 },
            15,
            12,
            if small { 10 } else { 0 },
            10,
            8,
            if small && m <= 1.0 { 6 } else { 0 },
            6,
        ]);
        let plus = |p: X| x(E::Bin(Bin::Add, bx(p.e), bx(kx.e.clone())), p.iv.add(kx.iv));
        match choice {
            0 => {
                let sq = E::Bin(Bin::Mul, bx(a.e.clone()), bx(a.e));
                let iv = Iv::new(a.iv.min_abs().powi(2), a.iv.mag().powi(2));
                plus(x(sq, iv))
            }
            1 => {
                let iv = Iv::new(a.iv.min_abs().powi(2), a.iv.mag().powi(2));
                plus(x(E::Powi(form, bx(a.e), PowiArg::Lit(2)), iv))
            }
            2 => {
                let iv = U::Abs.range(a.iv);
                plus(x(E::Un(U::Abs, form, bx(a.e)), iv))
            }
            3 => {
                let e = x(E::Un(U::Exp, form, bx(a.e)), U::Exp.range(a.iv));
                if e.iv.lo >= m {
                    e
                } else {
                    plus(e)
                }
            }
            4 => {
                let iv = Iv::new(k, a.iv.mag().hypot(k));
                x(E::B2(B2::Hypot, form, bx(a.e), bx(E::Lit(k))), iv)
            }
            5 => {
                let g = self.gate_form();
                plus(x(E::Gate(Gate::Sigmoid, g, bx(a.e)), Iv::new(0.0, 1.0)))
            }
            6 => x(E::Un(U::Cosh, form, bx(a.e)), U::Cosh.range(a.iv)),
            _ => {
                let a = self.bound(a, 10.0);
                let g = self.gate_form();
                plus(x(
                    E::Gate(Gate::Softplus, g, bx(a.e)),
                    Gate::Softplus.range(a.iv),
                ))
            }
        }
    }
    /// `a` with |a| >= m.
    fn nonzero(&mut self, a: X, m: f64) -> X {
        if a.iv.away_from_zero(m) {
            return a;
        }
        let p = self.positive(a, m);
        if self.chance(25) {
            let iv = p.iv.neg();
            x(E::Neg(bx(p.e)), iv)
        } else {
            p
        }
    }
    /// Keeps values moderate so that chains of gates stay well conditioned.
    fn cap(&mut self, a: X) -> X {
        if a.iv.mag() > BIG {
            self.squash(a)
        } else {
            a
        }
    }

    // ------------------------------------------------ expressions

    fn form(&mut self) -> Form {
        if self.chance(70) {
            Form::Method
        } else {
            Form::Path
        }
    }
    fn gate_form(&mut self) -> GateForm {
        if self.chance(50) {
            GateForm::Bare
        } else {
            GateForm::Qualified
        }
    }
    fn split(&mut self, n: usize) -> (usize, usize) {
        let a = self.rng.gen_range(0..=n as u32) as usize;
        (a, n - a)
    }
    fn same(&self, a: &E, b: &E) -> bool {
        let cx = Cx {
            twin: false,
            f32: self.f32,
        };
        cx.expr(a) == cx.expr(b)
    }

    /// A variable leaf if `a` does not depend on any variable: a gate on a
    /// constant alone is legal but tests little.
    fn active(&mut self, a: X) -> X {
        if has_var(&a.e) {
            a
        } else if self.scope.is_empty() {
            let k = self.below(self.leaves.len());
            self.leaves[k].clone()
        } else {
            let i = self.below(self.scope.len());
            self.var(i)
        }
    }

    /// A float expression of about `cost` gates.
    fn expr(&mut self, cost: usize, allow_lit: bool) -> X {
        if !self.calls.targets.is_empty() && self.calls.depth < 2 {
            let pct = if cost == 0 {
                self.calls.pct / 3
            } else {
                self.calls.pct
            };
            if self.chance(pct) {
                let out = self.call(cost.saturating_sub(1));
                return self.cap(out);
            }
        }
        if cost == 0 {
            return self.leaf(allow_lit);
        }
        let k = self.weighted(&[36, 30, 3, 5, 14, 3, 3, 8]);
        let out = match k {
            0 => {
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div, Bin::Add, Bin::Mul]);
                let (ca, cb) = self.split(cost - 1);
                let a = self.expr(ca, false);
                let b = self.expr(cb, true);
                let (a, b) = if self.chance(30) { (b, a) } else { (a, b) };
                self.binary(op, a, b)
            }
            1 => {
                let u = self.pick(&UNARY);
                let a = self.expr(cost - 1, false);
                let a = self.active(a);
                self.unary(u, a)
            }
            2 => {
                let a = self.expr(cost - 1, false);
                match a.e {
                    E::Neg(inner) => x(*inner, a.iv.neg()),
                    e => x(E::Neg(bx(e)), a.iv.neg()),
                }
            }
            3 => {
                let a = self.expr(cost - 1, false);
                let a = self.active(a);
                self.powi(a)
            }
            4 => {
                let op = self.pick(&[B2::Powf, B2::Log, B2::Atan2, B2::Max, B2::Min, B2::Hypot]);
                let (ca, cb) = self.split(cost - 1);
                let a = self.expr(ca, false);
                let a = self.active(a);
                let b = self.expr(cb, true);
                self.b2(op, a, b)
            }
            5 => {
                let (ca, rest) = self.split(cost - 1);
                let (cb, cc) = self.split(rest);
                let a = self.expr(ca, false);
                let a = self.bound(a, 5.0);
                let b = self.expr(cb, true);
                let b = self.bound(b, 5.0);
                let c = self.expr(cc, true);
                let iv = a.iv.mul(b.iv).add(c.iv);
                x(E::MulAdd(self.form(), bx(a.e), bx(b.e), bx(c.e)), iv)
            }
            6 => {
                let a = self.expr(cost - 1, false);
                let a = self.active(a);
                self.clamp(a)
            }
            _ => {
                let g = self.pick(&[Gate::Sigmoid, Gate::Relu, Gate::Softplus, Gate::LogSigmoid]);
                let a = self.expr(cost - 1, false);
                let a = self.active(a);
                self.gate(g, a)
            }
        };
        self.cap(out)
    }
    /// A call of one of `self.calls.targets`, its arguments in the callee's
    /// domain: differentiated floats in [-1.9, 1.9] (the first one active),
    /// literals for the others, integers in range or the caller's own.
    fn call(&mut self, cost: usize) -> X {
        let f = self.pick_target();
        self.call_of(f, cost, &[])
    }
    fn pick_target(&mut self) -> Rc<dyn Callee> {
        let i = self.below(self.calls.targets.len());
        self.calls.targets[i].clone()
    }
    /// A call of `f` with arguments of about `cost` gates in all; `fixed` gives
    /// some float arguments (by float index).
    fn call_of(&mut self, f: Rc<dyn Callee>, cost: usize, fixed: &[(usize, X)]) -> X {
        let wrt = f.wrt();
        self.calls.depth += 1;
        let mut args = Vec::new();
        let mut left = cost;
        let mut fi = 0;
        let mut active = false;
        for k in f.params() {
            let arg = match k {
                Kind::Float => {
                    let given = fixed.iter().find(|(i, _)| *i == fi);
                    let a = if let Some((_, a)) = given {
                        active = true;
                        self.bound(a.clone(), 1.9)
                    } else if wrt[fi] {
                        let c = self.rng.gen_range(0..=left as u32) as usize;
                        left -= c;
                        let a = self.expr(c, active);
                        let a = if active { a } else { self.active(a) };
                        active = true;
                        self.bound(a, 1.9)
                    } else {
                        let a = self.lit();
                        self.bound(a, 1.9)
                    };
                    fi += 1;
                    CallArg::F(a.e)
                }
                Kind::I32(hi) => CallArg::I(self.int_arg(&k, i64::from(hi))),
                Kind::Usize(hi) => CallArg::I(self.int_arg(&k, i64::from(hi))),
            };
            args.push(arg);
        }
        self.calls.depth -= 1;
        let out = f.out();
        x(E::Call(f, args), out)
    }
    /// An integer argument of kind `k` in `0..=hi`: a literal, or a caller's
    /// variable of the same kind.
    fn int_arg(&mut self, k: &Kind, hi: i64) -> String {
        let same: Vec<String> = self
            .calls
            .ints
            .iter()
            .filter(|(_, kind)| std::mem::discriminant(kind) == std::mem::discriminant(k))
            .map(|(n, _)| n.clone())
            .collect();
        if !same.is_empty() && self.chance(50) {
            let i = self.below(same.len());
            return same[i].clone();
        }
        self.rng.gen_range(0..=hi).to_string()
    }
    fn binary(&mut self, op: Bin, a: X, b: X) -> X {
        let b = if op != Bin::Mul && self.same(&a.e, &b.e) {
            self.lit()
        } else {
            b
        };
        match op {
            Bin::Add => x(E::Bin(op, bx(a.e), bx(b.e)), a.iv.add(b.iv)),
            Bin::Sub => x(E::Bin(op, bx(a.e), bx(b.e)), a.iv.sub(b.iv)),
            Bin::Mul => {
                let (a, b) = if a.iv.mul(b.iv).mag() > BIG {
                    (self.bound(a, 4.0), self.bound(b, 4.0))
                } else {
                    (a, b)
                };
                x(E::Bin(op, bx(a.e), bx(b.e)), a.iv.mul(b.iv))
            }
            Bin::Div => {
                let b = if matches!(b.e, E::Lit(_)) {
                    b
                } else {
                    self.nonzero(b, 0.5)
                };
                let a = self.bound(a, 8.0);
                x(E::Bin(op, bx(a.e), bx(b.e)), a.iv.div(b.iv))
            }
        }
    }
    fn unary(&mut self, u: U, a: X) -> X {
        let a = match u {
            U::Exp | U::Exp2 | U::ExpM1 | U::Sinh | U::Cosh => self.bound(a, 2.5),
            U::Ln | U::Log10 | U::Log2 | U::Sqrt => self.positive(a, 0.3),
            U::Ln1p if a.iv.lo >= -0.6 => a,
            U::Ln1p => self.positive(a, 0.3),
            U::Cbrt => self.nonzero(a, 0.3),
            U::Tan => self.bound(a, 1.2),
            U::Asin | U::Acos | U::Atanh => self.bound(a, 0.9),
            U::Acosh => {
                let a = self.bound(a, 5.0);
                self.positive(a, 1.5)
            }
            U::Recip => self.nonzero(a, 0.4),
            U::ToDegrees => self.bound(a, 0.25),
            _ => a,
        };
        let iv = u.range(a.iv);
        x(E::Un(u, self.form(), bx(a.e)), iv)
    }
    fn powi(&mut self, a: X) -> X {
        let int_param = match self.int.clone() {
            Some(Param {
                name,
                kind: Kind::I32(_),
                ..
            }) if self.chance(50) => Some(name),
            _ => None,
        };
        let (arg, n) = match int_param {
            Some(name) => (PowiArg::Param(name), 3),
            None => {
                let n = self.pick(&[2, 3, -1, -2, 2, 3, 4]);
                (PowiArg::Lit(n), n)
            }
        };
        let a = if n < 0 { self.nonzero(a, 0.5) } else { a };
        let a = self.bound(a, BIG.powf(1.0 / f64::from(n.abs())));
        let lo = a.iv.min_abs().powi(n.abs());
        let hi = a.iv.mag().powi(n.abs());
        let iv = match (n < 0, n % 2 == 0) {
            (false, true) => Iv::new(lo, hi),
            (false, false) => Iv::new(-hi, hi),
            (true, true) => Iv::new(1.0 / hi, 1.0 / lo),
            (true, false) => Iv::new(-1.0 / lo, 1.0 / lo),
        };
        x(E::Powi(self.form(), bx(a.e), arg), iv)
    }
    fn b2(&mut self, op: B2, a: X, b: X) -> X {
        let form = self.form();
        let b = if self.same(&a.e, &b.e) { self.lit() } else { b };
        match op {
            B2::Powf => {
                let a = self.bound(a, 3.0);
                let a = self.positive(a, 0.4);
                let b = if self.chance(55) {
                    let v = self.pick(&[0.5, 1.5, 2.5, 0.75, 1.25, 3.0, 0.3]);
                    let neg = self.chance(25);
                    let e = if neg {
                        E::Neg(bx(E::Lit(v)))
                    } else {
                        E::Lit(v)
                    };
                    x(e, Iv::pt(if neg { -v } else { v }))
                } else {
                    self.bound(b, 2.0)
                };
                let corners = [
                    a.iv.lo.powf(b.iv.lo),
                    a.iv.lo.powf(b.iv.hi),
                    a.iv.hi.powf(b.iv.lo),
                    a.iv.hi.powf(b.iv.hi),
                ];
                let iv = Iv::new(
                    corners.iter().copied().fold(f64::INFINITY, f64::min),
                    corners.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                );
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
            B2::Log => {
                let a = self.positive(a, 0.3);
                let b = if self.chance(60) {
                    let v = self.pick(&[2.0, 3.0, 10.0, 0.5, 5.0]);
                    x(E::Lit(v), Iv::pt(v))
                } else {
                    let b = self.bound(b, 6.0);
                    self.positive(b, 1.5)
                };
                let iv = U::Ln.range(a.iv).div(U::Ln.range(b.iv));
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
            B2::Atan2 => {
                let b = if self.chance(50) {
                    self.positive(b, 0.3)
                } else {
                    b
                };
                let iv = if b.iv.lo > 0.0 {
                    Iv::new(-1.6, 1.6)
                } else {
                    Iv::new(-3.2, 3.2)
                };
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
            B2::Max => {
                let iv = Iv::new(a.iv.lo.max(b.iv.lo), a.iv.hi.max(b.iv.hi));
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
            B2::Min => {
                let iv = Iv::new(a.iv.lo.min(b.iv.lo), a.iv.hi.min(b.iv.hi));
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
            B2::Hypot => {
                let b = if matches!(b.e, E::Lit(_)) || self.chance(50) {
                    b
                } else {
                    self.nonzero(b, 0.3)
                };
                let iv = Iv::new(0.0, a.iv.mag().hypot(b.iv.mag()));
                x(E::B2(op, form, bx(a.e), bx(b.e)), iv)
            }
        }
    }
    fn clamp(&mut self, a: X) -> X {
        let form = self.form();
        let (lo, hi) = if self.chance(60) {
            let (l, h) = self.pick(&[
                (-1.0, 1.0),
                (-0.5, 0.5),
                (0.0, 2.0),
                (-2.0, 0.5),
                (-1.5, 1.5),
                (0.25, 3.0),
            ]);
            let le = if l < 0.0 {
                E::Neg(bx(E::Lit(-l)))
            } else {
                E::Lit(l)
            };
            (x(le, Iv::pt(l)), x(E::Lit(h), Iv::pt(h)))
        } else {
            // bounds that depend on the inputs, but always lo < hi
            let l = self.expr(1, false);
            let l = self.bound(l, 1.0);
            let h = self.expr(1, false);
            let h = self.bound(h, 1.0);
            let lo = x(
                E::Bin(Bin::Sub, bx(l.e), bx(E::Lit(1.5))),
                l.iv.sub(Iv::pt(1.5)),
            );
            let hi = x(
                E::Bin(Bin::Add, bx(h.e), bx(E::Lit(1.5))),
                h.iv.add(Iv::pt(1.5)),
            );
            (lo, hi)
        };
        let iv = Iv::new(
            a.iv.lo.max(lo.iv.lo).min(hi.iv.lo),
            a.iv.hi.max(lo.iv.hi).min(hi.iv.hi),
        );
        x(E::Clamp(form, bx(a.e), bx(lo.e), bx(hi.e)), iv)
    }
    fn gate(&mut self, g: Gate, a: X) -> X {
        let a = match g {
            Gate::Softplus | Gate::LogSigmoid => self.bound(a, 10.0),
            _ => a,
        };
        let iv = g.range(a.iv);
        x(E::Gate(g, self.gate_form(), bx(a.e)), iv)
    }
    /// An expression that reads `v` (so `v` may be shadowed or reassigned), whose
    /// top node is not a `+ - * /` with `v` itself as an operand (clippy's
    /// `assign_op_pattern`).
    fn reads(&mut self, v: X, cost: usize) -> X {
        let other = self.expr(cost.saturating_sub(2), true);
        let k = self.weighted(&[50, 30, 20]);
        match k {
            0 => {
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div]);
                let inner = self.binary(op, v, other);
                let u = self.pick(&[U::Sin, U::Tanh, U::Atan, U::Cos, U::Asinh, U::Abs, U::Exp]);
                let out = self.unary(u, inner);
                self.cap(out)
            }
            1 => {
                let op = self.pick(&[B2::Max, B2::Min, B2::Hypot, B2::Atan2]);
                let out = self.b2(op, v, other);
                self.cap(out)
            }
            _ => {
                let u = self.pick(&UNARY);
                let inner = self.unary(u, v);
                let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
                let out = self.binary(op, inner, other);
                self.cap(out)
            }
        }
    }

    // ------------------------------------------------ statements

    fn declare(&mut self, name: String, iv: Iv, mutable: bool) {
        self.scope.push(Var {
            name,
            iv,
            unread: true,
            mutable,
            mutated: false,
        });
    }
    fn let_stmt(&mut self, name: String, a: X, mutable: bool) -> St {
        self.mark(&a.e);
        let annot = !typed(&a.e) || self.chance(15);
        self.declare(name.clone(), a.iv, mutable);
        St::Let {
            name,
            mutable,
            annot,
            e: a.e,
        }
    }
    /// `v op= rhs` for the mutable variable at `i`.
    fn op_assign(&mut self, i: usize, cost: usize) -> Option<St> {
        let name = self.scope[i].name.clone();
        let cur = self.scope[i].iv;
        let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul, Bin::Div, Bin::Add]);
        let rhs = self.expr(cost, true);
        let target = E::Var(name.clone());
        if self.same(&rhs.e, &target) {
            return None;
        }
        if let E::Bin(_, a, b) = &rhs.e {
            if self.same(a, &target) || self.same(b, &target) {
                return None;
            }
        }
        // a big accumulator only shrinks
        let op = if cur.mag() > BIG { Bin::Mul } else { op };
        let (rhs, iv) = match op {
            Bin::Add => (rhs.clone(), cur.add(rhs.iv)),
            Bin::Sub => (rhs.clone(), cur.sub(rhs.iv)),
            Bin::Mul => {
                let r = self.bound(rhs, if cur.mag() > BIG { 0.9 } else { 1.5 });
                let iv = cur.mul(r.iv);
                (r, iv)
            }
            Bin::Div => {
                let r = self.bound(rhs, 4.0);
                let r = self.positive(r, 0.8);
                let iv = cur.div(r.iv);
                (r, iv)
            }
        };
        if iv.mag() > BIG * 2.0 {
            return None;
        }
        self.mark(&rhs.e);
        let v = &mut self.scope[i];
        v.iv = iv;
        v.unread = true;
        v.mutated = true;
        Some(St::OpAssign { name, op, e: rhs.e })
    }
    fn statement(&mut self, cost: usize) -> Option<St> {
        let mutables: Vec<usize> = (0..self.scope.len())
            .filter(|&i| self.scope[i].mutable)
            .collect();
        let k = self.weighted(&[
            42,
            10,
            10,
            if mutables.is_empty() { 0 } else { 16 },
            if mutables.is_empty() { 0 } else { 5 },
            9,
            3,
        ]);
        match k {
            0 | 2 => {
                let a = self.expr(cost, false);
                let name = self.fresh_name();
                Some(self.let_stmt(name, a, k == 2))
            }
            1 => {
                // shadowing: `let v = f(v, ..);` (never hiding an unmutated `mut`)
                let ok: Vec<usize> = (0..self.scope.len())
                    .filter(|&i| !self.scope[i].mutable || self.scope[i].mutated)
                    .collect();
                if ok.is_empty() {
                    return None;
                }
                let i = self.pick(&ok);
                let name = self.scope[i].name.clone();
                let v = self.var(i);
                let a = self.reads(v, cost);
                self.mark(&a.e);
                self.scope.remove(i);
                Some(self.let_stmt(name, a, false))
            }
            3 => {
                let i = self.pick(&mutables);
                self.op_assign(i, cost.saturating_sub(1))
            }
            4 => {
                let i = self.pick(&mutables);
                let name = self.scope[i].name.clone();
                let v = self.var(i);
                let a = self.reads(v, cost);
                self.mark(&a.e);
                let var = &mut self.scope[i];
                var.iv = a.iv;
                var.unread = true;
                var.mutated = true;
                Some(St::Assign { name, e: a.e })
            }
            5 => Some(self.block(cost)),
            _ => {
                let v = self.pick(&LITS);
                let name = self.fresh_name();
                Some(self.let_stmt(name, x(E::Lit(v), Iv::pt(v)), false))
            }
        }
    }
    /// `let name = { let t = ..; [let mut u = ..; u op= ..;] tail };`
    fn block(&mut self, cost: usize) -> St {
        let outer = self.scope.len();
        let mut body = Vec::new();
        let a = self.expr(cost / 3, false);
        let name = self.fresh_name();
        body.push(self.let_stmt(name, a, false));
        if self.chance(50) {
            let a = self.expr(cost / 4, false);
            let name = self.fresh_name();
            body.push(self.let_stmt(name, a, true));
            let i = self.scope.len() - 1;
            let mut tries = 0;
            loop {
                let save = self.scope.clone();
                if let Some(s) = self.op_assign(i, cost / 4) {
                    body.push(s);
                    break;
                }
                self.scope = save;
                tries += 1;
                if tries > 20 {
                    let rhs = self.lit();
                    self.scope[i].mutated = true;
                    self.scope[i].unread = true;
                    body.push(St::OpAssign {
                        name: self.scope[i].name.clone(),
                        op: Bin::Add,
                        e: rhs.e,
                    });
                    break;
                }
            }
        }
        let inner = self.read_unread(outer);
        let tail = self.combine(inner, cost / 4);
        self.mark(&tail.e);
        self.scope.truncate(outer);
        let name = self.fresh_name();
        self.let_stmt(name, x(E::Block(body, bx(tail.e)), tail.iv), false)
    }
    /// One expression reading all of `xs` (never just a bare variable).
    fn combine(&mut self, xs: Vec<X>, extra: usize) -> X {
        let mut acc: Option<X> = None;
        for v in xs {
            let v = if self.chance(25) {
                let w = self.lit();
                self.binary(Bin::Mul, w, v)
            } else {
                v
            };
            acc = Some(match acc {
                None => v,
                Some(a) => {
                    let op = self.pick(&[Bin::Add, Bin::Add, Bin::Sub, Bin::Mul]);
                    let out = self.binary(op, a, v);
                    self.cap(out)
                }
            });
        }
        let acc = match acc {
            Some(a) => a,
            None => self.expr(extra.max(1), false),
        };
        if matches!(acc.e, E::Var(_)) {
            let other = self.expr(extra, true);
            let op = self.pick(&[Bin::Add, Bin::Sub, Bin::Mul]);
            let out = self.binary(op, acc, other);
            self.cap(out)
        } else {
            acc
        }
    }
    /// Tries `make` until the statement fits rustfmt's one-line layout.
    fn fitting(&mut self, cost: usize, make: &mut dyn FnMut(&mut Gen, usize) -> Option<St>) -> St {
        let mut cost = cost;
        for attempt in 0.. {
            let save = (self.scope.clone(), self.taken.clone());
            if let Some(s) = make(self, cost) {
                let indent = 4;
                if fits(&s, indent) {
                    return s;
                }
            }
            (self.scope, self.taken) = save;
            if attempt % 4 == 3 && cost > 0 {
                cost -= 1;
            }
        }
        unreachable!()
    }

    fn program(&mut self, name: String, f32: bool) -> Prog {
        self.f32 = f32;
        self.scope.clear();
        self.taken.clear();
        self.int = None;
        let nf = [1, 2, 2, 3, 3, 3, 4, 4, 5][self.below(9)];
        let mut params = Vec::new();
        while params.len() < nf {
            let short = self.chance(85);
            let n = if short {
                PARAM_NAMES[self.below(12)]
            } else {
                self.pick(&PARAM_NAMES)
            };
            if !self.taken.iter().any(|t| t == n) {
                self.taken.push(n.to_string());
                let mutable = self.chance(8);
                params.push(Param {
                    name: n.to_string(),
                    kind: Kind::Float,
                    mutable,
                });
            }
        }
        if self.chance(25) {
            let (name, kind) = if self.chance(60) {
                ("n", Kind::I32(self.pick(&[1, 2, 3])))
            } else {
                ("k", Kind::Usize(self.pick(&[1, 2, 3, 4])))
            };
            let p = Param {
                name: name.to_string(),
                kind,
                mutable: false,
            };
            self.taken.push(name.to_string());
            self.int = Some(p.clone());
            let at = self.below(params.len() + 1);
            params.insert(at, p);
        }
        for p in params.iter().filter(|p| matches!(p.kind, Kind::Float)) {
            self.scope.push(Var {
                name: p.name.clone(),
                iv: Iv::new(-1.9, 1.9),
                unread: true,
                mutable: p.mutable,
                mutated: false,
            });
        }
        let wrt = if nf >= 2 && self.chance(12) {
            let mut w: Vec<usize> = (0..nf).filter(|_| self.chance(50)).collect();
            if w.is_empty() || w.len() == nf {
                w = vec![self.below(nf)];
            }
            Some(w)
        } else {
            None
        };
        let target = 5 + self.below(36);
        let mut body = Vec::new();
        let mut used = 0;
        while used + 2 < target {
            let want = (1 + self.below(5)).min(target - used);
            let s = self.fitting(want, &mut |g, c| g.statement(c));
            used += stmt_gates(&s);
            body.push(s);
        }
        // the integer parameter is read somewhere
        if let Some(p) = self.int.clone() {
            let cx = Cx {
                twin: false,
                f32: self.f32,
            };
            let mut text = String::new();
            for s in &body {
                cx.stmt(&mut text, s, 4);
            }
            let n = &p.name;
            let read = [format!("{n} as "), format!("({n})"), format!(", {n})")];
            if !read.iter().any(|r| text.contains(r.as_str())) {
                let s = self.fitting(0, &mut |g, _| {
                    let i = g.below(g.scope.len());
                    let v = g.var(i);
                    let cast = x(E::Cast(n.clone()), Iv::new(1.0, 4.0));
                    let a = g.binary(Bin::Mul, v, cast);
                    let a = g.cap(a);
                    let name = g.fresh_name();
                    Some(g.let_stmt(name, a, false))
                });
                body.push(s);
            }
        }
        // every `mut` binding is mutated at least once
        for i in 0..self.scope.len() {
            if self.scope[i].mutable && !self.scope[i].mutated {
                let s = self.fitting(1, &mut |g, c| g.op_assign(i, c));
                body.push(s);
            }
        }
        // fold unread values until the tail can read them all on one line
        loop {
            let unread: Vec<usize> = (0..self.scope.len())
                .filter(|&i| self.scope[i].unread)
                .collect();
            if unread.len() <= 3 {
                break;
            }
            let s = self.fitting(0, &mut |g, _| {
                let xs = vec![g.var(unread[0]), g.var(unread[1])];
                let a = g.combine(xs, 0);
                let name = g.fresh_name();
                Some(g.let_stmt(name, a, false))
            });
            body.push(s);
        }
        let ret = self.chance(10);
        let tail = self.fitting(1, &mut |g, c| {
            let xs = g.read_unread(0);
            let t = g.combine(xs, c);
            Some(St::Assign {
                name: if ret { "return".into() } else { "tail".into() },
                e: t.e,
            })
        });
        let St::Assign { e: tail, .. } = tail else {
            unreachable!()
        };
        Prog {
            name,
            f32,
            params,
            wrt,
            body,
            tail,
            ret,
            points: Vec::new(),
            fd: false,
            fb_scaled: self.chance(50),
        }
    }

    /// A sample coordinate in [-1.9, 1.9] with 3 decimals that clippy will not
    /// mistake for a named constant.
    fn coordinate(&mut self) -> f64 {
        loop {
            let v = f64::from(self.rng.gen_range(-1900..=1900i32)) / 1000.0;
            let near_const = APPROX_CONSTS.iter().any(|k| (v.abs() - k).abs() < 2e-3);
            if !near_const {
                return v;
            }
        }
    }
}

/// Constants clippy's `approx_constant` looks for.
const APPROX_CONSTS: [f64; 18] = [
    std::f64::consts::E,
    std::f64::consts::FRAC_1_PI,
    std::f64::consts::FRAC_1_SQRT_2,
    std::f64::consts::FRAC_2_PI,
    std::f64::consts::FRAC_2_SQRT_PI,
    std::f64::consts::FRAC_PI_2,
    std::f64::consts::FRAC_PI_3,
    std::f64::consts::FRAC_PI_4,
    std::f64::consts::FRAC_PI_6,
    std::f64::consts::FRAC_PI_8,
    std::f64::consts::LN_10,
    std::f64::consts::LN_2,
    std::f64::consts::LOG10_E,
    std::f64::consts::LOG2_E,
    std::f64::consts::LOG2_10,
    std::f64::consts::LOG10_2,
    std::f64::consts::PI,
    std::f64::consts::SQRT_2,
];

// ---------------------------------------------------------------- evaluation

/// Evaluates a program in f64, tracking the smallest distance to a kink.
struct Eval<'a> {
    env: Vec<(String, f64)>,
    ints: &'a [(String, f64)],
    margin: f64,
    ok: bool,
}

impl Eval<'_> {
    fn get(&self, n: &str) -> f64 {
        self.env.iter().rev().find(|(m, _)| m == n).unwrap().1
    }
    fn int(&self, n: &str) -> f64 {
        self.ints.iter().find(|(m, _)| m == n).unwrap().1
    }
    fn kink(&mut self, d: f64) {
        self.margin = self.margin.min(d);
    }
    fn e(&mut self, e: &E) -> f64 {
        let v = match e {
            E::Var(n) => self.get(n),
            E::Lit(v) => *v,
            E::Konst(i) => KONSTS[*i].value,
            E::Cast(n) => self.int(n),
            E::Neg(a) => -self.e(a),
            E::Bin(op, a, b) => {
                let (a, b) = (self.e(a), self.e(b));
                op.eval(a, b)
            }
            E::Un(u, _, a) => {
                let a = self.e(a);
                self.kink(u.kink(a));
                u.eval(a)
            }
            E::Powi(_, a, n) => {
                let a = self.e(a);
                let n = match n {
                    PowiArg::Lit(k) => *k,
                    PowiArg::Param(p) => self.int(p) as i32,
                };
                a.powi(n)
            }
            E::B2(op, _, a, b) => {
                let (a, b) = (self.e(a), self.e(b));
                self.kink(op.kink(a, b));
                op.eval(a, b)
            }
            E::MulAdd(_, a, b, c) => {
                let (a, b, c) = (self.e(a), self.e(b), self.e(c));
                a.mul_add(b, c)
            }
            E::Clamp(_, a, lo, hi) => {
                let (a, lo, hi) = (self.e(a), self.e(lo), self.e(hi));
                let s = a.abs().max(1.0);
                self.kink((a - lo).abs().min((a - hi).abs()) / s);
                if lo < hi {
                    a.clamp(lo, hi)
                } else {
                    f64::NAN
                }
            }
            E::Gate(g, _, a) => {
                let a = self.e(a);
                if *g == Gate::Relu {
                    self.kink(a.abs() / a.abs().max(1.0));
                }
                g.eval(a)
            }
            E::Block(body, tail) => {
                let n = self.env.len();
                for s in body {
                    self.s(s);
                }
                let v = self.e(tail);
                self.env.truncate(n);
                v
            }
            E::Call(f, args) => {
                let (mut p, mut k) = (Vec::new(), Vec::new());
                for a in args {
                    match a {
                        CallArg::F(e) => p.push(self.e(e)),
                        CallArg::I(n) => k.push(n.parse().unwrap_or_else(|_| self.int(n) as i32)),
                    }
                }
                let (v, margin) = f.eval(&p, &k);
                self.kink(margin);
                v
            }
            // arrays live in `env` element by element, as `w[1]`, `m[0][2]`
            E::Elem(a, ix) => {
                let key: String = ix
                    .iter()
                    .map(|i| match i {
                        Ix::C(k) => format!("[{k}]"),
                        Ix::V(n) => format!("[{}]", self.int(n) as i64),
                    })
                    .collect();
                self.get(&format!("{a}{key}"))
            }
            E::Arr(op, arrays, len) => {
                let v: Vec<Vec<f64>> = arrays
                    .iter()
                    .map(|a| (0..*len).map(|k| self.get(&format!("{a}[{k}]"))).collect())
                    .collect();
                op.eval(&v)
            }
        };
        if !v.is_finite() || v.abs() > 1e6 {
            self.ok = false;
        }
        v
    }
    fn s(&mut self, s: &St) {
        match s {
            St::Let { name, e, .. } => {
                let v = self.e(e);
                self.env.push((name.clone(), v));
            }
            St::Assign { name, e } => {
                let v = self.e(e);
                self.env
                    .iter_mut()
                    .rev()
                    .find(|(m, _)| m == name)
                    .unwrap()
                    .1 = v;
            }
            St::OpAssign { name, op, e } => {
                let r = self.e(e);
                let cur = self.get(name);
                let v = op.eval(cur, r);
                if !v.is_finite() || v.abs() > 1e6 {
                    self.ok = false;
                }
                self.env
                    .iter_mut()
                    .rev()
                    .find(|(m, _)| m == name)
                    .unwrap()
                    .1 = v;
            }
        }
    }
}

/// The program's value at `p` (float params) and the kink margin; NaN if any
/// intermediate is not finite or huge.
fn run(prog: &Prog, p: &[f64]) -> (f64, f64) {
    let mut env = Vec::new();
    let mut ints = Vec::new();
    let mut fi = 0;
    for par in &prog.params {
        match par.kind {
            Kind::Float => {
                env.push((par.name.clone(), p[fi]));
                fi += 1;
            }
            Kind::I32(v) => ints.push((par.name.clone(), f64::from(v))),
            Kind::Usize(v) => ints.push((par.name.clone(), f64::from(v))),
        }
    }
    let mut ev = Eval {
        env,
        ints: &ints,
        margin: f64::INFINITY,
        ok: true,
    };
    for s in &prog.body {
        ev.s(s);
    }
    let v = ev.e(&prog.tail);
    if ev.ok && v.abs() <= 1e4 {
        (v, ev.margin)
    } else {
        (f64::NAN, 0.0)
    }
}

/// Central difference of `run` in direction `i` with step `h * max(1, |p_i|)`.
fn central(run: &dyn Fn(&[f64]) -> (f64, f64), p: &[f64], i: usize, h: f64) -> f64 {
    let h = h * p[i].abs().max(1.0);
    let (mut hi, mut lo) = (p.to_vec(), p.to_vec());
    hi[i] += h;
    lo[i] -= h;
    (run(&hi).0 - run(&lo).0) / (hi[i] - lo[i])
}

/// Whether `p` is a good sample point: finite, away from kinks, derivatives
/// moderate. `Some((fd, size))`: whether test-time finite differences are
/// reliable there, and the largest differentiated gradient component.
fn judge(prog: &Prog, p: &[f64]) -> Option<(bool, f64)> {
    judge_with(&|q: &[f64]| run(prog, q), p, &prog.wrt(), prog.f32)
}

/// [`judge`] for any program, given as `run` (value and kink margin at a point)
/// and its differentiated parameters `wrt`.
fn judge_with(
    run: &dyn Fn(&[f64]) -> (f64, f64),
    p: &[f64],
    wrt: &[usize],
    f32: bool,
) -> Option<(bool, f64)> {
    let (v, margin) = run(p);
    let need = if f32 { 2e-2 } else { 1e-3 };
    if !v.is_finite() || margin < need {
        return None;
    }
    let mut fd_ok = !f32;
    let mut size: f64 = 0.0;
    for i in 0..p.len() {
        let d1 = central(run, p, i, 1e-3);
        let d2 = central(run, p, i, 1e-4);
        let d3 = central(run, p, i, 1e-6);
        let s = d2.abs().max(1.0);
        if !(d1.is_finite() && d2.is_finite() && d3.is_finite()) || d2.abs() > 1e4 {
            return None;
        }
        if (d1 - d2).abs() > 1e-3 * s {
            return None;
        }
        if (d1 - d2).abs() > 1e-5 * s || (d3 - d2).abs() > 1e-7 * s {
            fd_ok = false;
        }
        if wrt.contains(&i) {
            size = size.max(d2.abs());
        }
    }
    Some((fd_ok, size))
}

// ---------------------------------------------------------------- the file

fn write_program(out: &mut String, prog: &Prog) {
    let n = &prog.name;
    let fty = if prog.f32 { "f32" } else { "f64" };
    let floats = prog.floats();
    let wrt = prog.wrt();
    let sig = |cx: Cx| -> String {
        let ps: Vec<String> = prog
            .params
            .iter()
            .map(|p| {
                let m = if p.mutable { "mut " } else { "" };
                let ty = match p.kind {
                    Kind::Float => cx.ty(),
                    Kind::I32(_) => "i32",
                    Kind::Usize(_) => "usize",
                };
                format!("{m}{}: {ty}", p.name)
            })
            .collect();
        ps.join(", ")
    };
    let body = |out: &mut String, cx: Cx| {
        for s in &prog.body {
            cx.stmt(out, s, 4);
        }
        if prog.ret {
            let _ = writeln!(out, "    return {};", cx.expr(&prog.tail));
        } else {
            let _ = writeln!(out, "    {}", cx.expr(&prog.tail));
        }
    };
    // call arguments, floats from `p[..]` / `d[..]`, integers as literals
    let args = |slice: &str| -> String {
        let mut fi = 0;
        let a: Vec<String> = prog
            .params
            .iter()
            .map(|p| match p.kind {
                Kind::Float => {
                    fi += 1;
                    format!("{slice}[{}]", fi - 1)
                }
                Kind::I32(v) => v.to_string(),
                Kind::Usize(v) => v.to_string(),
            })
            .collect();
        a.join(", ")
    };
    let grads = |scale: &str| -> String {
        let g: Vec<String> = wrt
            .iter()
            .map(|&i| format!("{scale}g.{}", floats[i].name))
            .collect();
        g.join(", ")
    };
    let prog_cx = Cx {
        twin: false,
        f32: prog.f32,
    };
    let twin_cx = Cx {
        twin: true,
        f32: prog.f32,
    };

    let _ = writeln!(out);
    match &prog.wrt {
        None => {
            let _ = writeln!(out, "#[differentiate]");
        }
        Some(w) => {
            let names: Vec<&str> = w.iter().map(|&i| floats[i].name.as_str()).collect();
            let _ = writeln!(out, "#[differentiate(wrt({}))]", names.join(", "));
        }
    }
    let _ = writeln!(out, "pub fn {n}({}) -> {fty} {{", sig(prog_cx));
    body(out, prog_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_nd({}) -> D {{", sig(twin_cx));
    body(out, twin_cx);
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_f(p: &[{fty}]) -> {fty} {{");
    let _ = writeln!(out, "    {n}({})", args("p"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_ad(p: &[{fty}]) -> ({fty}, Vec<{fty}>) {{");
    let _ = writeln!(out, "    let (v, g) = {n}_grad({});", args("p"));
    let _ = writeln!(out, "    (v, vec![{}])", grads(""));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_fb(p: &[{fty}]) -> ({fty}, Vec<{fty}>) {{");
    let _ = writeln!(out, "    let (v, cache) = {n}_forward({});", args("p"));
    if prog.fb_scaled {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 0.5);");
        let _ = writeln!(out, "    (v, vec![{}])", grads("2.0 * "));
    } else {
        let _ = writeln!(out, "    let g = {n}_backward(&cache, 1.0);");
        let _ = writeln!(out, "    (v, vec![{}])", grads(""));
    }
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "fn {n}_tw(d: &[D]) -> D {{");
    let _ = writeln!(out, "    {n}_nd({})", args("d"));
    let _ = writeln!(out, "}}");

    let _ = writeln!(out);
    let _ = writeln!(out, "#[test]");
    let _ = writeln!(out, "fn {n}_check() {{");
    let _ = writeln!(out, "    let t = Prog{} {{", if prog.f32 { 32 } else { 64 });
    let _ = writeln!(out, "        f: {n}_f,");
    let _ = writeln!(out, "        ad: {n}_ad,");
    let _ = writeln!(out, "        fb: {n}_fb,");
    let _ = writeln!(out, "        tw: {n}_tw,");
    let w: Vec<String> = wrt.iter().map(|i| i.to_string()).collect();
    let _ = writeln!(out, "        wrt: &[{}],", w.join(", "));
    if !prog.f32 {
        let _ = writeln!(out, "        fd: {},", prog.fd);
    }
    let _ = writeln!(out, "    }};");
    for p in &prog.points {
        let cs: Vec<String> = p.iter().map(|v| format!("{v:?}")).collect();
        let _ = writeln!(out, "    t.check(&[{}]);", cs.join(", "));
    }
    let _ = writeln!(out, "}}");
}

/// Whether the signature, adapters and test lines of `prog` stay on one line
/// under rustfmt.
fn prog_fits(prog: &Prog) -> bool {
    let mut out = String::new();
    write_program(&mut out, prog);
    out.lines().all(|l| {
        let t = l.trim_start();
        let call_like = t.starts_with("(v, vec![") || t.starts_with("t.check(");
        l.len() <= 96 && (!call_like || t.len() <= 58)
    })
}

/// The full text of `tests/random_programs.rs`.
pub fn generate() -> String {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(SEED),
        f32: false,
        scope: Vec::new(),
        int: None,
        taken: Vec::new(),
        calls: Calls::default(),
        leaves: Vec::new(),
    };
    let mut progs = Vec::new();
    let names = (0..N64)
        .map(|i| (format!("p{i:03}"), false))
        .chain((0..N32).map(|i| (format!("q{i:02}"), true)));
    for (name, f32) in names {
        'retry: loop {
            let mut prog = g.program(name.clone(), f32);
            let size = prog.body.iter().map(stmt_gates).sum::<usize>() + gates(&prog.tail);
            if !(5..=40).contains(&size) || !prog_fits(&prog) {
                continue;
            }
            // three good points; FD-checked if all three allow it
            let mut fd = true;
            let mut live: f64 = 0.0;
            for _ in 0..200 {
                if prog.points.len() == POINTS {
                    break;
                }
                let nf = prog.floats().len();
                let p: Vec<f64> = (0..nf).map(|_| g.coordinate()).collect();
                if let Some((ok, size)) = judge(&prog, &p) {
                    fd &= ok;
                    live = live.max(size);
                    prog.points.push(p);
                }
            }
            // a gradient that is zero everywhere tests little
            if prog.points.len() < POINTS || live < 1e-3 {
                continue 'retry;
            }
            prog.fd = fd;
            if prog_fits(&prog) {
                progs.push(prog);
                break;
            }
        }
    }

    let mut out = String::new();
    let total: usize = progs
        .iter()
        .map(|p| p.body.iter().map(stmt_gates).sum::<usize>() + gates(&p.tail))
        .sum();
    let fd = progs.iter().filter(|p| p.fd).count();
    let _ = writeln!(
        out,
        "// @generated by tools/gen-programs (seed {SEED:#x}); do not edit by hand.
// Regenerate with `cargo run -p gen-programs`; tests/random_programs_fresh.rs fails
// when this file differs from what the generator writes.
//
// {N64} random straight-line programs over f64 and {N32} over f32, 5 to 40 gates each
// ({total} in all), each differentiated by `#[differentiate]` and compared at {POINTS} points with
// a twin evaluated by num-dual (forward mode), value and every gradient component;
// {fd} of them also against central finite differences.

// the programs exercise the `return e;` form on purpose
#![allow(clippy::needless_return)]
"
    );
    out.push_str(INCLUDE_COMMON);
    out.push_str("include!(\"../tools/gen-programs/src/preamble.rs\");\n");
    let mut programs = String::new();
    for p in &progs {
        write_program(&mut programs, p);
    }
    // the `const` items the programs read (std constants are paths)
    out.push('\n');
    for f32 in [false, true] {
        for k in &KONSTS {
            let (name, ty) = if f32 {
                (k.path32, "f32")
            } else {
                (k.path64, "f64")
            };
            let read = [" ", "(", "-"]
                .iter()
                .any(|pre| programs.contains(&format!("{pre}{name}")));
            if !name.contains("::") && read {
                let _ = writeln!(out, "const {name}: {ty} = {:?};", k.value);
            }
        }
    }
    out.push_str(&programs);
    out
}
