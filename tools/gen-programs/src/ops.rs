//! The operations programs are made of: their text, their value, their kinks, and an
//! interval of their result.

use crate::iv::Iv;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bin {
    Add,
    Sub,
    Mul,
    Div,
}

impl Bin {
    pub fn sym(self) -> &'static str {
        ["+", "-", "*", "/"][self as usize]
    }
    pub fn prec(self) -> u8 {
        [60, 60, 70, 70][self as usize]
    }
    pub fn eval(self, a: f64, b: f64) -> f64 {
        match self {
            Bin::Add => a + b,
            Bin::Sub => a - b,
            Bin::Mul => a * b,
            Bin::Div => a / b,
        }
    }
}

/// Method form `x.exp()` or path form `f64::exp(x)`; for a gate, `sigmoid(x)` (after
/// `use backprop::sigmoid`) or `backprop::sigmoid(x)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    Method,
    Path,
}

macro_rules! table {
    (@f64 $x:ident) => { f64 };
    ($ty:ident $list:ident ($($arg:ident),*) { $($v:ident $name:literal $f:expr,)* }) => {
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $ty { $($v),* }
        pub const $list: &[$ty] = &[$($ty::$v),*];
        impl $ty {
            pub fn name(self) -> &'static str {
                match self { $($ty::$v => $name),* }
            }
            pub fn eval(self, $($arg: f64),*) -> f64 {
                let f: fn($(table!(@f64 $arg)),*) -> f64 = match self { $($ty::$v => $f),* };
                f($($arg),*)
            }
        }
    };
}

table!(U UNARY (x) {
    Exp "exp" f64::exp, Exp2 "exp2" f64::exp2, ExpM1 "exp_m1" f64::exp_m1,
    Ln "ln" f64::ln, Ln1p "ln_1p" f64::ln_1p, Log10 "log10" f64::log10,
    Log2 "log2" f64::log2, Sqrt "sqrt" f64::sqrt, Cbrt "cbrt" f64::cbrt,
    Sin "sin" f64::sin, Cos "cos" f64::cos, Tan "tan" f64::tan,
    Asin "asin" f64::asin, Acos "acos" f64::acos, Atan "atan" f64::atan,
    Sinh "sinh" f64::sinh, Cosh "cosh" f64::cosh, Tanh "tanh" f64::tanh,
    Asinh "asinh" f64::asinh, Acosh "acosh" f64::acosh, Atanh "atanh" f64::atanh,
    Abs "abs" f64::abs, Recip "recip" f64::recip, ToDegrees "to_degrees" f64::to_degrees,
    ToRadians "to_radians" f64::to_radians, Floor "floor" f64::floor, Ceil "ceil" f64::ceil,
    Round "round" f64::round, Trunc "trunc" f64::trunc, Signum "signum" f64::signum,
    Fract "fract" f64::fract,
});

impl U {
    /// Distance (relative) of `x` to this function's kink or jump, if it has one.
    pub fn kink(self, x: f64) -> f64 {
        let s = x.abs().max(1.0);
        match self {
            U::Abs | U::Signum => x.abs() / s,
            U::Floor | U::Ceil | U::Trunc | U::Fract => (x - x.round()).abs() / s,
            U::Round => (x - x.floor() - 0.5).abs() / s,
            _ => f64::INFINITY,
        }
    }
    /// An interval of the result, for an argument inside the function's domain
    /// (every other function is monotone there).
    pub fn range(self, a: Iv) -> Iv {
        match self {
            U::Sin | U::Cos | U::Signum => Iv::new(-1.0, 1.0),
            U::Fract => Iv::new(if a.lo >= 0.0 { 0.0 } else { -1.0 }, 1.0),
            U::Abs => Iv::new(a.min_abs(), a.mag()),
            U::Cosh => Iv::new(a.min_abs().cosh(), a.mag().cosh()),
            _ => a.map(|x| self.eval(x)),
        }
    }
}

table!(B2 BINARY (a, b) {
    Powf "powf" f64::powf, Log "log" f64::log, Atan2 "atan2" f64::atan2,
    Max "max" f64::max, Min "min" f64::min, Hypot "hypot" f64::hypot,
});

impl B2 {
    pub fn kink(self, a: f64, b: f64) -> f64 {
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

table!(Gate GATES (x) {
    Sigmoid "sigmoid" |x: f64| 1.0 / (1.0 + (-x).exp()),
    Relu "relu" |x: f64| x.max(0.0),
    Softplus "softplus" |x: f64| x.exp().ln_1p(),
    LogSigmoid "log_sigmoid" |x: f64| -(-x).exp().ln_1p(),
});

/// A float method or gate, its receiver (or first argument) and arguments given as
/// [`crate::ast::E::Op`]'s operands (`powi`'s exponent as an integer operand).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    Un(U),
    Powi,
    B2(B2),
    MulAdd,
    Clamp,
    Gate(Gate),
}

impl Op {
    /// The value at `a` (the receiver first), and the distance (relative) to a kink.
    pub fn eval(self, a: &[f64]) -> (f64, f64) {
        let (s, none) = (a[0].abs().max(1.0), f64::INFINITY);
        match self {
            Op::Un(u) => (u.eval(a[0]), u.kink(a[0])),
            Op::Powi => (a[0].powi(a[1] as i32), none),
            Op::B2(b) => (b.eval(a[0], a[1]), b.kink(a[0], a[1])),
            Op::MulAdd => (a[0].mul_add(a[1], a[2]), none),
            Op::Clamp if a[1] < a[2] => {
                (a[0].clamp(a[1], a[2]), (a[0] - a[1]).abs().min((a[0] - a[2]).abs()) / s)
            }
            Op::Clamp => (f64::NAN, 0.0),
            Op::Gate(Gate::Relu) => (a[0].max(0.0), a[0].abs() / s),
            Op::Gate(g) => (g.eval(a[0]), none),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Op::Un(u) => u.name(),
            Op::Powi => "powi",
            Op::B2(b) => b.name(),
            Op::MulAdd => "mul_add",
            Op::Clamp => "clamp",
            Op::Gate(g) => g.name(),
        }
    }
}

/// Named constants: `std::fxx::consts::*` and the file's own `const` items.
pub struct Konst {
    pub path64: &'static str,
    pub path32: &'static str,
    pub value: f64,
}

const fn k(path64: &'static str, path32: &'static str, value: f64) -> Konst {
    Konst { path64, path32, value }
}

pub const KONSTS: [Konst; 9] = [
    k("std::f64::consts::PI", "std::f32::consts::PI", std::f64::consts::PI),
    k("std::f64::consts::E", "std::f32::consts::E", std::f64::consts::E),
    k("std::f64::consts::LN_2", "std::f32::consts::LN_2", std::f64::consts::LN_2),
    k("std::f64::consts::FRAC_PI_4", "std::f32::consts::FRAC_PI_4", std::f64::consts::FRAC_PI_4),
    k("std::f64::consts::SQRT_2", "std::f32::consts::SQRT_2", std::f64::consts::SQRT_2),
    k("GAIN", "GAIN32", 1.25),
    k("SHIFT", "SHIFT32", -0.375),
    k("DECAY", "DECAY32", 0.9),
    k("HALF", "HALF32", 0.5),
];

/// Gates over whole arrays.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ArrOp {
    /// `dot(a, b)` (bare or `backprop::dot`)
    Dot(Form),
    /// `logsumexp(a)`
    LogSumExp(Form),
    /// `backprop::softmax_cross_entropy(a, label)`
    Xent(usize),
    /// `a.iter().sum::<f64>()`
    Sum,
    /// `a.iter().product::<f64>()`
    Product,
    /// An iterator chain or a local closure (`chains.rs`).
    Chain(crate::chains::ChainOp),
}

impl ArrOp {
    /// The text over arrays `a` (`twin`: over `[D; N]`, gates as `D::` functions).
    pub fn text(self, twin: bool, a: &[String]) -> String {
        let ty = if twin { "D" } else { "f64" };
        let gate = |form: Form, name: &str, args: String| match (twin, form) {
            (true, _) => format!("D::{name}({args})"),
            (false, Form::Method) => format!("{name}({args})"),
            (false, Form::Path) => format!("backprop::{name}({args})"),
        };
        match self {
            ArrOp::Dot(f) => gate(f, "dot", a.join(", ")),
            ArrOp::LogSumExp(f) => gate(f, "logsumexp", a[0].clone()),
            ArrOp::Xent(label) => {
                gate(Form::Path, "softmax_cross_entropy", format!("{}, {label}", a[0]))
            }
            ArrOp::Sum => format!("{}.iter().sum::<{ty}>()", a[0]),
            ArrOp::Product => format!("{}.iter().product::<{ty}>()", a[0]),
            ArrOp::Chain(op) => op.text(twin, a),
        }
    }
    /// The value over the arrays' elements `v`.
    pub fn eval(self, v: &[Vec<f64>]) -> f64 {
        let lse = |a: &[f64]| a.iter().map(|x| x.exp()).sum::<f64>().ln();
        match self {
            ArrOp::Dot(_) => v[0].iter().zip(&v[1]).map(|(a, b)| a * b).sum(),
            ArrOp::LogSumExp(_) => lse(&v[0]),
            ArrOp::Xent(label) => lse(&v[0]) - v[0][label],
            ArrOp::Sum => v[0].iter().sum(),
            ArrOp::Product => v[0].iter().product(),
            ArrOp::Chain(op) => op.eval(v),
        }
    }
}
