//! Messages for code `#[differentiate]` does not support: what is unsupported and
//! what to write instead. One place, so they stay consistent.

use syn::{BinOp, Expr, UnOp};

pub(crate) const MACRO: &str = "macros are not supported in a `#[differentiate]` body; compute the value outside and pass it in as a parameter";
pub(crate) const EARLY_RETURN: &str = "early `return` is not supported yet by `#[differentiate]`; make the returned value the last expression of the function";
const LOOP: &str = "a loop is not a value here; write it as a statement, assigning to a variable declared before it (`break` with a value is not supported)";

/// Why `expr` cannot be differentiated, and what to write instead.
pub(crate) fn message(expr: &Expr) -> String {
    match expr {
        Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => LOOP.to_owned(),
        Expr::Let(_) => "`if let` and `while let` are not supported by `#[differentiate]`; test a plain `bool` condition".to_owned(),
        Expr::Closure(_) => "closures are not supported by `#[differentiate]`; write the expression inline".to_owned(),
        Expr::Macro(_) => MACRO.to_owned(),
        Expr::Reference(_) => "references are not supported by `#[differentiate]`; use the value itself".to_owned(),
        Expr::Unary(unary) => match unary.op {
            UnOp::Deref(_) => "dereferencing is not supported by `#[differentiate]`; use the value itself".to_owned(),
            _ => "`!` does not apply to a differentiated float value".to_owned(),
        },
        Expr::Repeat(_) => "`[v; N]` needs a constant fill (`[0.0; N]`); fill the array in a loop instead: `let mut a = [0.0; N]; for i in 0..N { a[i] = v; }`".to_owned(),
        Expr::Index(_) | Expr::Array(_) => "`#[differentiate]` supports arrays of floats filled with a constant (`[0.0; N]`) or built from values (`[a, b]`), indexed by every dimension".to_owned(),
        Expr::Tuple(_) | Expr::Field(_) | Expr::Struct(_) => "tuples and structs are not supported yet by `#[differentiate]`; use separate `f64` variables".to_owned(),
        Expr::Return(_) => EARLY_RETURN.to_owned(),
        Expr::Unsafe(_) => "`unsafe` blocks are not supported by `#[differentiate]`; move the unsafe code into a helper and pass its result in as a parameter".to_owned(),
        Expr::Async(_) | Expr::Await(_) => "async code is not supported by `#[differentiate]`; await the value outside and pass it in as a parameter".to_owned(),
        Expr::Try(_) => "`?` is not supported by `#[differentiate]`; the function returns a plain float".to_owned(),
        Expr::Assign(_) => "assignment inside an expression is not supported; write it as a statement of its own (`x = ..;`)".to_owned(),
        Expr::Binary(binary) => binary_message(&binary.op),
        Expr::Block(block) if block.label.is_some() => "labeled blocks are not supported by `#[differentiate]`; use `if`/`else` to choose the value".to_owned(),
        _ => "this expression is not supported by `#[differentiate]`, which handles arithmetic, float methods, `let` and blocks over `f64`/`f32` values".to_owned(),
    }
}

fn binary_message(op: &BinOp) -> String {
    match op {
        BinOp::Rem(_) => {
            "`%` of a differentiated value is not supported; write `a - b * (a / b).trunc()`"
                .to_owned()
        }
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_) => {
            "a comparison is a `bool`, not a differentiable value; use it as the condition of an `if` or `while`".to_owned()
        }
        _ => "this operator does not apply to a differentiated float value".to_owned(),
    }
}

pub(crate) const RETURN_IN_LOOP: &str = "`return` inside a loop is not supported yet by `#[differentiate]`; `break` out of the loop and return after it";
