//! How a gate is labelled in the picture of the circuit: its operation as the notes
//! draw it (`+`, `*`, `max`, `σ`, `exp`, `1/x`, `^2`), with the constant a literal
//! operand contributes (`*2`, `+1`): constants are not wires.

use crate::ir::ops::{Binary, Op, Unary};
use crate::ir::{Operand, Tape};

/// The label of the gate computing `op`.
pub(crate) fn label(tape: &Tape, op: &Op<Operand>) -> String {
    let number = |operand: &Operand| match operand {
        Operand::Lit(id) => tape.numbers[*id].map(text),
        Operand::Var(_) => None,
    };
    match op {
        Op::Neg(_) => String::from("*-1"),
        Op::Unary(unary, _) => unary_label(*unary).to_owned(),
        Op::Binary(Binary::Div, a, _) if number(a) == Some(String::from("1")) => {
            String::from("1/x")
        }
        Op::Binary(binary @ (Binary::Powi | Binary::Powf), _, b) => match number(b) {
            Some(power) => format!("^{power}"),
            None => binary.name().to_owned(),
        },
        Op::Binary(binary, a, b) if binary.is_infix() => match (number(a), number(b)) {
            // Commutative: written as the notes write it, `*2`, `+1`.
            (Some(a), None) if matches!(binary, Binary::Add | Binary::Mul) => {
                format!("{}{a}", binary.name())
            }
            (Some(a), None) => format!("{a}{}", binary.name()),
            (None, Some(b)) => format!("{}{b}", binary.name()),
            _ => binary.name().to_owned(),
        },
        Op::Binary(binary, ..) => binary.name().to_owned(),
        Op::Ternary(ternary, ..) => ternary.name().to_owned(),
    }
}

fn unary_label(unary: Unary) -> &'static str {
    match unary {
        Unary::Sigmoid => "σ",
        Unary::Sqrt => "√",
        Unary::Recip => "1/x",
        Unary::ViaF32 => "f32",
        other => other.name(),
    }
}

/// A constant as a label writes it: `2`, `0.5`.
fn text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e9 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
