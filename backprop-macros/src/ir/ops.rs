//! The operations a gate can perform, and how source code names them.
//!
//! Every differentiable operation is listed once here; `rules.rs` gives each its
//! derivative, and the compiler checks that no operation is left without one.

/// Declares an enum of operations together with the name they go by in source code.
macro_rules! named_ops {
    ($(#[$doc:meta])* $name:ident { $($op:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(crate) enum $name { $($op,)* }

        impl $name {
            /// The operation's name in source code.
            pub(crate) fn name(self) -> &'static str {
                match self { $($name::$op => $text,)* }
            }

            /// The operation source code names `text`, if any.
            pub(crate) fn from_name(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$op),)* _ => None }
            }
        }
    };
}

named_ops! {
    /// One-input float methods (`x.exp()`), grouped gates (`sigmoid(x)`), and the
    /// round trip through `f32` of an `f64` value (`(x as f32) as f64`).
    Unary {
        Exp => "exp", Exp2 => "exp2", ExpM1 => "exp_m1", Ln => "ln", Ln1p => "ln_1p",
        Log10 => "log10", Log2 => "log2", Sqrt => "sqrt", Cbrt => "cbrt",
        Sin => "sin", Cos => "cos", Tan => "tan", Asin => "asin", Acos => "acos", Atan => "atan",
        Sinh => "sinh", Cosh => "cosh", Tanh => "tanh",
        Asinh => "asinh", Acosh => "acosh", Atanh => "atanh",
        Abs => "abs", Recip => "recip", ToDegrees => "to_degrees", ToRadians => "to_radians",
        Floor => "floor", Ceil => "ceil", Round => "round", Trunc => "trunc",
        Signum => "signum", Fract => "fract", RoundTiesEven => "round_ties_even",
        Sigmoid => "sigmoid", Relu => "relu", Softplus => "softplus", LogSigmoid => "log_sigmoid",
        Gelu => "gelu", Log1pExp => "log1p_exp",
        ViaF32 => "as_f32",
    }
}

named_ops! {
    /// Two-input operations: arithmetic and two-argument float methods (`x.powf(y)`).
    Binary {
        Add => "+", Sub => "-", Mul => "*", Div => "/", Rem => "%",
        Powi => "powi", Powf => "powf", Log => "log", Atan2 => "atan2", Hypot => "hypot",
        Max => "max", Min => "min", RemEuclid => "rem_euclid", Copysign => "copysign",
        DivEuclid => "div_euclid", Midpoint => "midpoint",
        LeakyRelu => "leaky_relu", Elu => "elu", Huber => "huber",
    }
}

impl Unary {
    /// Whether this is a grouped gate from `backprop` (called as `sigmoid(x)`) rather
    /// than a float method.
    pub(crate) fn is_gate(self) -> bool {
        matches!(
            self,
            Unary::Sigmoid
                | Unary::Relu
                | Unary::Softplus
                | Unary::LogSigmoid
                | Unary::Gelu
                | Unary::Log1pExp
        )
    }

    /// Whether this is a cast, written `(a as f32) as f64`, not a method.
    pub(crate) fn is_cast(self) -> bool {
        self == Unary::ViaF32
    }

    /// The float method named `text` (not a gate).
    pub(crate) fn method(text: &str) -> Option<Self> {
        Unary::from_name(text).filter(|op| !op.is_gate() && !op.is_cast())
    }

    /// The grouped gate named `text`.
    pub(crate) fn gate(text: &str) -> Option<Self> {
        Unary::from_name(text).filter(|op| op.is_gate())
    }
}

impl Binary {
    /// Whether this is written as an infix operator (`a + b`) rather than a method.
    pub(crate) fn is_infix(self) -> bool {
        matches!(
            self,
            Binary::Add | Binary::Sub | Binary::Mul | Binary::Div | Binary::Rem
        )
    }

    /// Whether this is a two-argument grouped gate from `backprop` (`huber(x, delta)`).
    pub(crate) fn is_gate(self) -> bool {
        matches!(self, Binary::LeakyRelu | Binary::Elu | Binary::Huber)
    }

    /// The two-argument float method named `text`.
    pub(crate) fn method(text: &str) -> Option<Self> {
        Binary::from_name(text).filter(|op| !op.is_infix() && !op.is_gate())
    }

    /// The two-argument grouped gate named `text`.
    pub(crate) fn gate(text: &str) -> Option<Self> {
        Binary::from_name(text).filter(|op| op.is_gate())
    }
}

/// Three-input float methods.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Ternary {
    /// `a.mul_add(b, c) = a * b + c`
    MulAdd,
    /// `x.clamp(lo, hi)`
    Clamp,
}

impl Ternary {
    /// The operation's method name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ternary::MulAdd => "mul_add",
            Ternary::Clamp => "clamp",
        }
    }

    /// The three-argument float method named `text`.
    pub(crate) fn method(text: &str) -> Option<Self> {
        match text {
            "mul_add" => Some(Ternary::MulAdd),
            "clamp" => Some(Ternary::Clamp),
            _ => None,
        }
    }
}

/// A differentiable operation over inputs of type `T` (operands in the IR, symbolic
/// expressions in the rule table).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op<T> {
    /// `-a`
    Neg(T),
    /// `a.method()` or `gate(a)`
    Unary(Unary, T),
    /// `a + b`, `a.powf(b)`, ...
    Binary(Binary, T, T),
    /// `a.mul_add(b, c)`, `a.clamp(b, c)`
    Ternary(Ternary, T, T, T),
}

impl<T> Op<T> {
    /// The inputs, in source order.
    pub(crate) fn inputs(&self) -> Vec<&T> {
        match self {
            Op::Neg(a) | Op::Unary(_, a) => vec![a],
            Op::Binary(_, a, b) => vec![a, b],
            Op::Ternary(_, a, b, c) => vec![a, b, c],
        }
    }

    /// The same operation over transformed inputs.
    pub(crate) fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Op<U> {
        match self {
            Op::Neg(a) => Op::Neg(f(a)),
            Op::Unary(op, a) => Op::Unary(*op, f(a)),
            Op::Binary(op, a, b) => Op::Binary(*op, f(a), f(b)),
            Op::Ternary(op, a, b, c) => Op::Ternary(*op, f(a), f(b), f(c)),
        }
    }

    /// A short word for naming the gate's output (`x_plus_y`, `y_exp`).
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Op::Neg(_) => "neg",
            Op::Unary(op, _) => op.name(),
            Op::Binary(Binary::Add, ..) => "plus",
            Op::Binary(Binary::Sub, ..) => "minus",
            Op::Binary(Binary::Mul, ..) => "times",
            Op::Binary(Binary::Div, ..) => "over",
            Op::Binary(Binary::Rem, ..) => "rem",
            Op::Binary(op, ..) => op.name(),
            Op::Ternary(op, ..) => op.name(),
        }
    }
}

/// Grouped gates over arrays, from `backprop`: one gate each, whose pullback adds an
/// array's worth of gradient through a helper.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ArrayGate {
    /// `dot(a, b)`
    Dot,
    /// `logsumexp(x)`
    LogSumExp,
    /// `softmax_cross_entropy(logits, label)`
    SoftmaxCrossEntropy,
}

impl ArrayGate {
    /// The gate's name in `backprop`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ArrayGate::Dot => "dot",
            ArrayGate::LogSumExp => "logsumexp",
            ArrayGate::SoftmaxCrossEntropy => "softmax_cross_entropy",
        }
    }

    /// The gate named `text`, and how many arguments it takes.
    pub(crate) fn from_name(text: &str) -> Option<(ArrayGate, usize)> {
        match text {
            "dot" => Some((ArrayGate::Dot, 2)),
            "logsumexp" => Some((ArrayGate::LogSumExp, 1)),
            "softmax_cross_entropy" => Some((ArrayGate::SoftmaxCrossEntropy, 2)),
            _ => None,
        }
    }
}
