//! Words for the names of temporaries: `2.0` -> `two`, `n as f64` -> `n_f64`,
//! `a * b` -> `a_times_b` (`expr.rs` names gates and constants with them).

use crate::ir::names::plain;
use crate::ir::ops::Binary;
use quote::ToTokens;
use syn::{BinOp, Expr, Pat};

/// `2.0` -> `two`, for the small whole numbers; other literals have no word.
pub(crate) fn literal_word(text: &str) -> Option<String> {
    let digits = text.trim_end_matches(".0").trim_end_matches('.');
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| words.get(n))
        .map(|word| (*word).to_owned())
}

/// A name for a constant expression: `n as f64` -> `n_f64`, `a * b` -> `a_times_b`.
pub(crate) fn passive_words(expr: &Expr) -> Option<String> {
    let word = |expr: &Expr| -> Option<String> {
        match expr {
            Expr::Path(path) => path.path.get_ident().map(plain),
            Expr::Lit(lit) => literal_word(&lit.to_token_stream().to_string()),
            _ => None,
        }
    };
    match expr {
        Expr::Paren(inner) => passive_words(&inner.expr),
        Expr::Cast(cast) => Some(format!(
            "{}_{}",
            word(&cast.expr)?,
            cast.ty.to_token_stream().to_string().replace(' ', "")
        )),
        Expr::MethodCall(call) if call.args.is_empty() => {
            Some(format!("{}_{}", word(&call.receiver)?, call.method))
        }
        // An arm's condition (`lower/matching.rs`): `match kind { 1 => true, _ => false }`.
        Expr::Match(node) => match node.arms.first() {
            Some(arm) if arm.guard.is_none() && node.arms.len() == 2 => {
                let pattern = match &arm.pat {
                    Pat::Lit(lit) => lit.to_token_stream().to_string(),
                    Pat::Path(path) => plain(&path.path.segments.last()?.ident).to_lowercase(),
                    Pat::Ident(ident) if ident.subpat.is_none() => ident.ident.to_string(),
                    _ => return None,
                };
                Some(format!("{}_is_{pattern}", word(&node.expr)?))
            }
            _ => None,
        },
        Expr::Binary(binary) => {
            let op = match &binary.op {
                BinOp::Lt(_) => "lt",
                BinOp::Le(_) => "le",
                BinOp::Gt(_) => "gt",
                BinOp::Ge(_) => "ge",
                BinOp::Eq(_) => "eq",
                BinOp::Ne(_) => "ne",
                op => match crate::lower::expr::arithmetic(op)? {
                    Binary::Add => "plus",
                    Binary::Sub => "minus",
                    Binary::Mul => "times",
                    Binary::Rem => "rem",
                    _ => "over",
                },
            };
            Some(format!(
                "{}_{op}_{}",
                word(&binary.left)?,
                word(&binary.right)?
            ))
        }
        _ => None,
    }
    .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}
