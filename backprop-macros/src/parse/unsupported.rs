//! Messages for code `#[differentiate]` does not support: what is unsupported and
//! what to write instead. One place, so they stay consistent.

use syn::{BinOp, Expr, UnOp};

pub(crate) const MACRO: &str = "macros are not supported in a `#[differentiate]` body; compute the value outside and pass it in as a parameter";
pub(crate) const EARLY_RETURN: &str = "`return` inside this expression is not supported yet by `#[differentiate]`; return from a statement (`if c { return v; }`), or give the block, `if` or `match` that returns a `let` of its own (`let v = { .. };`)";
const LOOP: &str = "a loop is a value only as a `let`'s value, an assignment's or a block's last expression (`let v = loop { .. break value; };`); bind it with `let` first";

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
            _ => "negate a plain expression: bind a block's or a branch's value with `let` first, then apply `!` to it".to_owned(),
        },
        Expr::Repeat(_) => "`[v; N]` needs a constant fill (`[0.0; N]`); fill the array in a loop instead: `let mut a = [0.0; N]; for i in 0..N { a[i] = v; }`".to_owned(),
        Expr::Index(_) | Expr::Array(_) => "`#[differentiate]` supports arrays of floats filled with a constant (`[0.0; N]`) or built from values (`[a, b]`), indexed by every dimension".to_owned(),
        Expr::Tuple(_) => "tuples are not supported here by `#[differentiate]`; use separate `f64` variables".to_owned(),
        Expr::Struct(_) => "a struct literal is supported as the value a function returning the struct ends with (`-> State`, last expression `State { x: .., v: .. }`); elsewhere use separate `f64` variables".to_owned(),
        Expr::Field(_) => "fields are read from struct parameters (`s.x`, `p.l1.w[i]`, `s: &State` or `s: State`) and copies of them (`let s = *s0;`); a struct returned by a differentiated function is read by hand-written code through `f_forward` / `f_backward` (`d_out: &State`), not in another differentiated function yet; use separate `f64` variables".to_owned(),
        Expr::Return(_) => EARLY_RETURN.to_owned(),
        Expr::Unsafe(_) => "`unsafe` blocks are not supported by `#[differentiate]`; move the unsafe code into a helper and pass its result in as a parameter".to_owned(),
        Expr::Async(_) | Expr::Await(_) => "async code is not supported by `#[differentiate]`; await the value outside and pass it in as a parameter".to_owned(),
        Expr::Try(_) => "`?` is not supported by `#[differentiate]`; the function returns a plain float".to_owned(),
        Expr::Assign(_) => "assignment inside an expression is not supported; write it as a statement of its own (`x = ..;`)".to_owned(),
        Expr::Binary(binary) => binary_message(&binary.op),
        Expr::Block(block) if !block.attrs.is_empty() => "attributes on a block are not supported by `#[differentiate]`; remove them".to_owned(),
        _ => "this expression is not supported by `#[differentiate]`, which handles arithmetic, float methods, `let` and blocks over `f64`/`f32` values".to_owned(),
    }
}

fn binary_message(op: &BinOp) -> String {
    match op {
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_) => {
            "compare plain expressions: bind a block's or a branch's value with `let` first, then compare it".to_owned()
        }
        _ => "this operator does not apply to a differentiated float value".to_owned(),
    }
}

pub(crate) const RETURN_IN_LOOP: &str = "`return` inside a loop is not supported yet by `#[differentiate]`; `break` out of the loop and return after it";
