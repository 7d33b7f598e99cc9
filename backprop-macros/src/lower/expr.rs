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
use crate::lower::words::{literal_word, passive_words};
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
        if let Some(array) = self.dereferenced_array(expr) {
            return Operand::Var(array);
        }
        if let Some(read) = self.lower_field(expr, hint) {
            return read;
        }
        if let Some(vec) = self.lower_vec(expr, hint) {
            return vec;
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
        if let Expr::Repeat(repeat) = expr {
            if self.is_float_value(&repeat.expr) {
                return self.lower_fill(repeat, hint);
            }
        }
        if self.is_array_element(expr) {
            // Even a constant element is a gate, so the backward pass can read it again.
            return self.lower_index(expr, hint);
        }
        let resolve = |ident: &Ident| self.lookup(ident).map(|id| (id, self.tape.vars[id].active));
        let reads = passive::reads(expr, &resolve);
        if !reads.active && passive::plain_match(expr) {
            return self.passive(expr, hint);
        }
        if !reads.structured && !reads.active {
            if !reads.variables {
                return self.lit(expr);
            }
            return self.passive(expr, hint);
        }
        if let Expr::Unary(unary) = expr {
            if matches!(unary.op, UnOp::Not(_)) && self.is_float_value(&unary.expr) {
                return self.error(expr, "`!` does not apply to a float value; negate with `-`, or compare (`!(x > 0.0)`)");
            }
        }
        if !reads.structured && is_bool_expr(expr) {
            // A comparison of differentiated values, or logic over such comparisons: a
            // constant `bool` (no derivative), kept as written.
            return self.passive_any(expr, hint, Some(syn::parse_quote!(bool)));
        }
        match expr {
            Expr::Block(block) if block.label.is_none() => {
                self.lower_block(&block.block, hint, Level::Join)
            }
            Expr::Block(block) if block.attrs.is_empty() => {
                let errors = self.errors.count();
                match self.lower_labeled(block, hint) {
                    End::Value(value) => value,
                    _ if self.errors.count() > errors => self.lit_tokens(quote!(0.0)),
                    _ => self.error(block, "this labeled block has no value; end it, and each `break` out of it, with a value (`break 'a value;`)"),
                }
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
            Expr::Repeat(repeat) => self.lower_fill(repeat, hint),
            Expr::Call(call) => self.lower_call(call, hint),
            Expr::Cast(cast) => self.lower_cast(cast, hint, reads.structured),
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
        // `let n = x.len();`: a `usize` in the cache, where a loop's range reads it.
        let ty = is_length(expr).then(|| syn::parse_quote!(usize));
        self.passive_any(expr, hint, ty)
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

impl Lowerer<'_> {
    /// `e as T` of a differentiated value: to the function's float, the value itself;
    /// `(e as f32) as f64` in an `f64` function, a gate rounding through `f32` whose
    /// derivative is 1 (`(e as f64) as f32` in an `f32` one is exact: `e` itself); to
    /// an integer, a constant (`(x * 9.0).floor() as usize`: zero derivative, like
    /// `floor`), kept as written.
    fn lower_cast(&mut self, cast: &syn::ExprCast, hint: &str, structured: bool) -> Operand {
        let float = self.float.ident();
        if let Expr::MethodCall(call) = strip_parens(&cast.expr) {
            if call.method == "len" && call.args.is_empty() {
                // `p.w.len() as f64` of a struct's field: a constant, cast as written.
                let ty = (*cast.ty).clone();
                return self.passive_any(&Expr::Cast(cast.clone()), hint, Some(ty));
            }
        }
        if is_type(&cast.ty, &float) {
            if let Some(inner) = other_float_cast(&cast.expr, &float) {
                let a = self.lower_expr(&inner.expr, hint);
                if float == "f32" {
                    return a;
                }
                return self.gate(Op::Unary(crate::ir::ops::Unary::ViaF32, a), cast, hint);
            }
            return self.lower_expr(&cast.expr, hint);
        }
        if is_float_type(&cast.ty) {
            let other = cast.ty.to_token_stream();
            return self.error(cast, format!("`#[differentiate]` computes in one float type, `{float}` here; a differentiated value cast to `{other}` must be cast back at once: `(x as {other}) as {float}`"));
        }
        if structured {
            return self.error(cast, "cast a plain expression: bind the value with `let` first (`let v = ..; v as usize`)");
        }
        let ty = (*cast.ty).clone();
        self.passive_any(&Expr::Cast(cast.clone()), hint, Some(ty))
    }
}

/// `(e as F)` where `F` is the float type other than `float`.
fn other_float_cast<'e>(expr: &'e Expr, float: &Ident) -> Option<&'e syn::ExprCast> {
    match expr {
        Expr::Paren(inner) => other_float_cast(&inner.expr, float),
        Expr::Group(inner) => other_float_cast(&inner.expr, float),
        Expr::Cast(cast) if is_float_type(&cast.ty) && !is_type(&cast.ty, float) => Some(cast),
        _ => None,
    }
}

fn is_float_type(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && (path.path.is_ident("f32") || path.path.is_ident("f64")))
}

/// Whether `expr` is a `bool` by its form: a comparison, `&&`, `||` or `!`.
fn is_bool_expr(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(inner) => is_bool_expr(&inner.expr),
        Expr::Binary(binary) => matches!(
            binary.op,
            BinOp::Eq(_)
                | BinOp::Ne(_)
                | BinOp::Lt(_)
                | BinOp::Le(_)
                | BinOp::Gt(_)
                | BinOp::Ge(_)
                | BinOp::And(_)
                | BinOp::Or(_)
        ),
        Expr::Unary(unary) => matches!(unary.op, UnOp::Not(_)),
        _ => false,
    }
}

/// `x.len()`, or integer arithmetic on lengths (`x.len() - 1`).
fn is_length(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(call) => call.method == "len" && call.args.is_empty(),
        Expr::Paren(inner) => is_length(&inner.expr),
        Expr::Binary(binary)
            if matches!(
                binary.op,
                BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_)
            ) =>
        {
            let integer = |e: &Expr| {
                matches!(
                    e,
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(_),
                        ..
                    })
                )
            };
            (is_length(&binary.left) || integer(&binary.left))
                && (is_length(&binary.right) || integer(&binary.right))
                && (is_length(&binary.left) || is_length(&binary.right))
        }
        _ => false,
    }
}

pub(crate) fn arithmetic(op: &BinOp) -> Option<Binary> {
    match op {
        BinOp::Add(_) => Some(Binary::Add),
        BinOp::Sub(_) => Some(Binary::Sub),
        BinOp::Mul(_) => Some(Binary::Mul),
        BinOp::Div(_) => Some(Binary::Div),
        BinOp::Rem(_) => Some(Binary::Rem),
        _ => None,
    }
}

fn is_type(ty: &syn::Type, name: &Ident) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

/// `expr` without parentheses.
fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip_parens(&inner.expr),
        other => other,
    }
}
