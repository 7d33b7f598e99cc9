//! Lowering, expressions: each operation on a differentiated value becomes a gate;
//! whatever reads no differentiated value is kept whole as a constant.
//!
//! Input:  `let sigy = sigmoid(y); let f = (x + sigy) * c.sqrt();`
//! Output: `sigy = sigmoid(y); x_plus_sigy = x + sigy; c_sqrt = c.sqrt() (constant);
//!          f = x_plus_sigy * c_sqrt`

use crate::ir::names::plain;
use crate::ir::ops::{Binary, Op};
use crate::ir::{GateOp, Operand, VarId};
use crate::lower::flow::{End, Level};
use crate::lower::passive;
use crate::lower::Lowerer;
use proc_macro2::Ident;
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{BinOp, Expr, UnOp};

/// Names longer than this fall back to `<let>_t<n>`.
pub(crate) const MAX_NAME: usize = 20;

impl Lowerer<'_> {
    /// Lowers `expr`; temporaries are named after their operation or after `hint`,
    /// the binding the expression belongs to.
    pub(crate) fn lower_expr(&mut self, expr: &Expr, hint: &str) -> Operand {
        if let Expr::Paren(syn::ExprParen { expr: inner, .. })
        | Expr::Group(syn::ExprGroup { expr: inner, .. }) = expr
        {
            return self.lower_expr(inner, hint);
        }
        if let Some(var) = self.as_variable(expr) {
            return Operand::Var(var);
        }
        if let Some(array) = self.lower_constant_array(expr, hint) {
            return array;
        }
        if let Expr::Array(array) = expr {
            if array.elems.iter().any(|elem| self.is_float_value(elem)) {
                // Floats, though constant here: an array to read and assign into.
                return self.lower_pack(array, hint);
            }
        }
        if self.is_array_element(expr) {
            // Even a constant element is a gate, so the backward pass can read it again.
            return self.lower_index(expr, hint);
        }
        let resolve = |ident: &Ident| self.lookup(ident).map(|id| (id, self.tape.vars[id].active));
        let reads = passive::reads(expr, &resolve);
        if !reads.structured && !reads.active {
            if !reads.variables {
                return self.lit(expr);
            }
            return self.passive(expr, hint);
        }
        match expr {
            Expr::Block(block) if block.label.is_none() => {
                self.lower_block(&block.block, hint, Level::Join)
            }
            Expr::If(node) => match self.lower_if(node, &[], hint, Level::Join) {
                End::Value(value) => value,
                _ => self.error(node, "this `if` has no value here; give it an `else` branch and end both branches with a value"),
            },
            Expr::Match(_) => match crate::lower::matching::desugar(self, expr) {
                Some(node) => match self.lower_if(&node, &[], hint, Level::Join) {
                    End::Value(value) => value,
                    _ => self.error(expr, "this `match` has no value here; end every arm with a value"),
                },
                None => self.lit_tokens(quote!(0.0)),
            },
            Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => {
                let a = self.lower_expr(&unary.expr, hint);
                self.gate(Op::Neg(a), expr, hint)
            }
            Expr::Binary(binary) => match arithmetic(&binary.op) {
                Some(op) => {
                    let a = self.lower_expr(&binary.left, hint);
                    let b = self.lower_expr(&binary.right, hint);
                    self.gate(Op::Binary(op, a, b), expr, hint)
                }
                None => self.error(expr, crate::parse::unsupported::message(expr)),
            },
            Expr::MethodCall(call) => self.lower_method(call, hint),
            Expr::Index(_) => self.lower_index(expr, hint),
            Expr::Array(array) => self.lower_pack(array, hint),
            Expr::Call(call) => self.lower_call(call, hint),
            Expr::Cast(cast) if is_type(&cast.ty, &self.float.ident()) => {
                self.lower_expr(&cast.expr, hint)
            }
            Expr::Cast(cast) => self.error(cast, cast_message(&cast.ty)),
            Expr::Lit(_) | Expr::Path(_) => self.lit(expr),
            _ => self.error(expr, crate::parse::unsupported::message(expr)),
        }
    }

    /// `expr` is (a parenthesized) name of a variable.
    pub(crate) fn as_variable(&self, expr: &Expr) -> Option<VarId> {
        match expr {
            Expr::Path(path) if path.qself.is_none() => self.lookup(path.path.get_ident()?),
            Expr::Paren(inner) => self.as_variable(&inner.expr),
            Expr::Group(inner) => self.as_variable(&inner.expr),
            _ => None,
        }
    }

    /// A constant expression that reads variables: one forward-only gate.
    fn passive(&mut self, expr: &Expr, hint: &str) -> Operand {
        self.passive_any(expr, hint, None)
    }

    /// `expr` kept whole as a forward-only gate of type `ty` (a literal if it reads no
    /// variable). It may read differentiated values: it has no derivative.
    pub(crate) fn passive_any(
        &mut self,
        expr: &Expr,
        hint: &str,
        ty: Option<syn::Type>,
    ) -> Operand {
        if let Some(assignment) =
            passive::local_assignment(expr, &|ident| self.lookup(ident).is_some())
        {
            return self.error(assignment, "`#[differentiate]` keeps this expression as written, without a derivative, so it cannot assign to a variable of the function; make the assignment a statement before it");
        }
        let (tokens, reads) = self.passive_tokens(expr);
        if reads.is_empty() {
            return self.lit(expr);
        }
        let name = match passive_words(expr) {
            Some(words) if words.len() <= MAX_NAME => self.namer.fresh(&words),
            _ => self.namer.numbered(&format!("{hint}_t")),
        };
        let var = self.push_gate(name, GateOp::Passive(tokens, reads), false, expr.span());
        self.tape.vars[var].ty = ty;
        Operand::Var(var)
    }

    /// `expr` with its variables renamed to their staged names, and those variables.
    pub(crate) fn passive_tokens(&mut self, expr: &Expr) -> (proc_macro2::TokenStream, Vec<VarId>) {
        let reads = std::cell::RefCell::new(Vec::new());
        let rename = |ident: &Ident| {
            let id = self.lookup(ident)?;
            reads.borrow_mut().push(id);
            Some(self.tape.vars[id].name.clone())
        };
        let renamed = passive::renamed(expr, &rename);
        (renamed.to_token_stream(), reads.into_inner())
    }

    /// Appends a gate for `op`; it is active if any input is.
    pub(crate) fn gate(&mut self, op: Op<Operand>, source: &dyn ToTokens, hint: &str) -> Operand {
        let active = op
            .inputs()
            .into_iter()
            .any(|input| self.tape.is_active(*input));
        let name = self.gate_name(&op, hint);
        Operand::Var(self.push_gate(name, GateOp::Diff(op), active, source.span()))
    }

    fn gate_name(&mut self, op: &Op<Operand>, hint: &str) -> Ident {
        let word = |lowerer: &Self, operand: &Operand| lowerer.operand_word(*operand);
        let inputs = op.inputs();
        let words: Option<Vec<String>> = inputs.iter().map(|input| word(self, input)).collect();
        let candidate = words.map(|words| match (op, words.as_slice()) {
            (Op::Binary(Binary::Div, ..), [one, b]) if one == "one" => format!("inv_{b}"),
            (Op::Neg(_), [a]) => format!("neg_{a}"),
            (Op::Unary(unary, _), [a]) if unary.is_gate() => format!("{}_{a}", unary.name()),
            (Op::Binary(binary, ..), [a, _]) if binary.is_gate() => {
                format!("{}_{a}", binary.name())
            }
            (Op::Unary(unary, _), [a]) => format!("{a}_{}", unary.name()),
            (_, [a, b]) => format!("{a}_{}_{b}", op.word()),
            (_, words) => format!(
                "{}_{}",
                words.first().map_or("t", String::as_str),
                op.word()
            ),
        });
        match candidate {
            Some(name) if name.len() <= MAX_NAME => self.namer.fresh(&name),
            _ => self.namer.numbered(&format!("{hint}_t")),
        }
    }

    /// A word for an operand in a temporary's name: a variable's name, or a small
    /// whole-number literal.
    fn operand_word(&self, operand: Operand) -> Option<String> {
        match operand {
            Operand::Var(id) => Some(plain(&self.tape.vars[id].name)),
            Operand::Lit(id) => literal_word(&self.tape.lits[id].to_string()),
        }
    }
}

fn cast_message(ty: &syn::Type) -> &'static str {
    match ty {
        syn::Type::Path(path) if path.path.is_ident("f32") || path.path.is_ident("f64") => "`#[differentiate]` functions use one float type; casting a differentiated value to the other one is not supported",
        _ => "casting a differentiated value to an integer has no derivative; use `x.floor()`, `x.round()` or `x.trunc()` (derivative 0) if you want a whole number, or compute it outside and pass it in",
    }
}

fn arithmetic(op: &BinOp) -> Option<Binary> {
    match op {
        BinOp::Add(_) => Some(Binary::Add),
        BinOp::Sub(_) => Some(Binary::Sub),
        BinOp::Mul(_) => Some(Binary::Mul),
        BinOp::Div(_) => Some(Binary::Div),
        _ => None,
    }
}

fn is_type(ty: &syn::Type, name: &Ident) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

/// `2.0` -> `two`, for the small whole numbers; other literals have no word.
fn literal_word(text: &str) -> Option<String> {
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
fn passive_words(expr: &Expr) -> Option<String> {
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
        Expr::Binary(binary) => {
            let op = match &binary.op {
                BinOp::Lt(_) => "lt",
                BinOp::Le(_) => "le",
                BinOp::Gt(_) => "gt",
                BinOp::Ge(_) => "ge",
                BinOp::Eq(_) => "eq",
                BinOp::Ne(_) => "ne",
                op => match arithmetic(op)? {
                    Binary::Add => "plus",
                    Binary::Sub => "minus",
                    Binary::Mul => "times",
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
