//! Lowering, statements: the function body becomes a tape of gates in A-normal form
//! (tangent's `anf.py`). Scopes map the user's names to the current version of each
//! variable, so `let mut`, reassignment and shadowing become single assignments.
//!
//! Input:  `let mut s = x * y; s += x.exp(); s`
//! Output: `s = x * y; x_exp = x.exp(); s_1 = s + x_exp; return s_1`

use crate::error::Errors;
use crate::input::{Float, Role, Signature};
use crate::ir::{Gate, GateOp, Operand, Tape, Var, VarId};
use crate::names::{plain, Namer};
use crate::passive::is_compound_assignment;
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::{Block, Expr, ExprBinary, Local, Pat, Stmt, Type};

/// The lowering state: the tape being built and the names in scope.
pub(crate) struct Lowerer<'a> {
    pub(crate) tape: Tape,
    /// Innermost scope last; each maps a user name to its current variable.
    scopes: Vec<BTreeMap<String, VarId>>,
    pub(crate) namer: Namer,
    pub(crate) errors: &'a mut Errors,
    pub(crate) float: Float,
}

/// Lowers the body of `item` to a tape.
pub(crate) fn lower(
    item: &syn::ItemFn,
    sig: &Signature,
    namer: Namer,
    errors: &mut Errors,
) -> (Tape, Namer) {
    let mut lowerer = Lowerer {
        tape: Tape {
            vars: Vec::new(),
            lits: Vec::new(),
            gates: Vec::new(),
            params: Vec::new(),
            ret: Operand::Lit(0),
            items: Vec::new(),
        },
        scopes: vec![BTreeMap::new()],
        namer,
        errors,
        float: sig.float,
    };
    for param in &sig.params {
        let name = plain(&param.name);
        let var_name = lowerer.namer.user(&name);
        let id = lowerer.push_var(Var {
            name: var_name,
            active: param.role == Role::Differentiated,
            ty: Some(param.ty.clone()),
            user_named: true,
        });
        lowerer.tape.params.push(id);
        lowerer.bind(&name, id);
    }
    let first_new = lowerer.tape.vars.len();
    let ret = lowerer.lower_block(&item.block, "out", true);
    // The value's own stage is `out`, whose adjoint is the seed `d_out`.
    if let Operand::Var(id) = ret {
        if id >= first_new && !lowerer.tape.vars[id].user_named {
            let temporary = plain(&lowerer.tape.vars[id].name);
            lowerer.namer.release(&temporary);
            lowerer.tape.vars[id].name = lowerer.namer.fresh("out");
        }
    }
    lowerer.tape.ret = ret;
    (lowerer.tape, lowerer.namer)
}

impl Lowerer<'_> {
    /// The variable a user name currently refers to.
    pub(crate) fn lookup(&self, ident: &Ident) -> Option<VarId> {
        let name = plain(ident);
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(&name).copied())
    }

    fn bind(&mut self, name: &str, var: VarId) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_owned(), var);
        }
    }

    fn rebind(&mut self, name: &str, var: VarId) {
        if let Some(slot) = self
            .scopes
            .iter_mut()
            .rev()
            .find_map(|scope| scope.get_mut(name))
        {
            *slot = var;
        }
    }

    pub(crate) fn push_var(&mut self, var: Var) -> VarId {
        self.tape.vars.push(var);
        self.tape.vars.len() - 1
    }

    /// Appends a gate computing a new variable named `name`.
    pub(crate) fn push_gate(&mut self, name: Ident, op: GateOp, active: bool, span: Span) -> VarId {
        let out = self.push_var(Var {
            name,
            active,
            ty: None,
            user_named: false,
        });
        self.tape.gates.push(Gate { out, op, span });
        out
    }

    /// A constant operand with the tokens of `expr` (parenthesized unless atomic).
    pub(crate) fn lit(&mut self, expr: &Expr) -> Operand {
        let tokens = match expr {
            Expr::Lit(_) | Expr::Path(_) | Expr::Paren(_) => expr.to_token_stream(),
            _ => quote::quote!((#expr)),
        };
        self.lit_tokens(tokens)
    }

    pub(crate) fn lit_tokens(&mut self, tokens: TokenStream) -> Operand {
        self.tape.lits.push(tokens);
        Operand::Lit(self.tape.lits.len() - 1)
    }

    /// Records an error and returns a placeholder so lowering can go on.
    pub(crate) fn error(
        &mut self,
        node: impl ToTokens,
        message: impl std::fmt::Display,
    ) -> Operand {
        self.errors.push(node, message);
        self.lit_tokens(quote::quote!(0.0))
    }

    /// Lowers a block's statements in a new scope; returns its value.
    pub(crate) fn lower_block(&mut self, block: &Block, hint: &str, is_body: bool) -> Operand {
        self.scopes.push(BTreeMap::new());
        let mut value = None;
        let count = block.stmts.len();
        for (index, stmt) in block.stmts.iter().enumerate() {
            let last = index + 1 == count;
            match stmt {
                Stmt::Local(local) => self.lower_let(local),
                Stmt::Item(item) => self.tape.items.push(item.clone()),
                Stmt::Macro(mac) => {
                    self.error(mac, crate::unsupported::MACRO);
                }
                Stmt::Expr(Expr::Return(ret), _) if is_body && last => {
                    value = Some(match &ret.expr {
                        Some(expr) => self.lower_expr(expr, hint),
                        None => self.error(ret, "`return` needs a value here: `return value;`"),
                    });
                }
                Stmt::Expr(expr, None) if last => value = Some(self.lower_expr(expr, hint)),
                Stmt::Expr(expr, _) => self.lower_statement(expr),
            }
        }
        self.scopes.pop();
        value.unwrap_or_else(|| {
            if let Some(Stmt::Expr(last, Some(_))) = block.stmts.last() {
                if !matches!(last, Expr::Assign(_) | Expr::Binary(_) | Expr::Return(_)) {
                    // Already reported as an unused value: the fix is to drop the `;`.
                    return self.lit_tokens(quote::quote!(0.0));
                }
            }
            let brace = block.brace_token.span.close();
            self.errors.add(syn::Error::new(brace, "this block has no value; end it with the value it computes (an expression without `;`)"));
            self.lit_tokens(quote::quote!(0.0))
        })
    }

    fn lower_let(&mut self, local: &Local) {
        let Some(init) = &local.init else {
            self.error(
                local,
                "`let` without a value is not supported; write `let name = value;`",
            );
            // Bind the name anyway, so that a later `name = ..` reports nothing more.
            if let Some(ident) = binding_ident(strip_type(&local.pat)) {
                let name = plain(&ident);
                let var_name = self.namer.user(&name);
                let placeholder = GateOp::Passive(quote::quote!(0.0), Vec::new());
                let var = self.push_gate(var_name, placeholder, false, local.span());
                self.bind(&name, var);
            }
            return;
        };
        if let Some((_, diverge)) = &init.diverge {
            self.error(
                diverge,
                "`let ... else` is not supported by `#[differentiate]`; bind the value with a plain `let`",
            );
        }
        let (ident, ty) = match &local.pat {
            Pat::Type(typed) => (binding_ident(&typed.pat), Some((*typed.ty).clone())),
            pat => (binding_ident(pat), None),
        };
        let Some(ident) = ident else {
            if matches!(strip_type(&local.pat), Pat::Wild(_)) {
                self.lower_expr(&init.expr, "unused");
            } else {
                self.error(&local.pat, "`#[differentiate]` supports only simple bindings (`let name = ..;` or `let mut name = ..;`); destructure by hand");
            }
            return;
        };
        let name = plain(&ident);
        let var = self.bind_value(&name, &init.expr, ty);
        self.bind(&name, var);
    }

    /// Lowers `expr` as the new value of the user's variable `name`; returns its
    /// variable, named after the user's binding.
    fn bind_value(&mut self, name: &str, expr: &Expr, ty: Option<Type>) -> VarId {
        let first_new = self.tape.vars.len();
        let value = self.lower_expr(expr, name);
        let id = match value {
            Operand::Var(id) if id >= first_new && !self.tape.vars[id].user_named => {
                self.rename_after_user(id, name);
                id
            }
            Operand::Var(id) => return id,
            Operand::Lit(lit) => {
                let tokens = self.tape.lits[lit].clone();
                let name = self.namer.user(name);
                self.push_gate(
                    name,
                    GateOp::Passive(tokens, Vec::new()),
                    false,
                    expr.span(),
                )
            }
        };
        self.tape.vars[id].user_named = true;
        if ty.is_some() {
            self.tape.vars[id].ty = ty;
        }
        id
    }

    /// Gives a temporary the name of the user's binding it turned out to be.
    fn rename_after_user(&mut self, id: VarId, name: &str) {
        let temporary = plain(&self.tape.vars[id].name);
        self.namer.release(&temporary);
        self.tape.vars[id].name = self.namer.user(name);
    }

    /// A statement that is not a `let` or the final value: an assignment.
    fn lower_statement(&mut self, expr: &Expr) {
        let (target, value) = match expr {
            Expr::Assign(assign) => (&*assign.left, (*assign.right).clone()),
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                let Some(op) = plain_op(&binary.op) else {
                    return;
                };
                let value = Expr::Binary(ExprBinary {
                    attrs: Vec::new(),
                    left: binary.left.clone(),
                    op,
                    right: binary.right.clone(),
                });
                (&*binary.left, value)
            }
            Expr::Return(ret) => {
                self.error(ret, crate::unsupported::EARLY_RETURN);
                return;
            }
            other => {
                let errors_before = self.errors.is_empty();
                self.lower_expr(other, "unused");
                if errors_before && self.errors.is_empty() {
                    self.error(other, "this statement's value is unused; a `#[differentiate]` body computes one value: bind it with `let` or remove it");
                }
                return;
            }
        };
        let target_var = match target {
            Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|ident| Some((ident, self.lookup(ident)?))),
            _ => None,
        };
        let Some((ident, _)) = target_var else {
            let message = match target {
                Expr::Path(path) if path.path.get_ident().is_some() => format!(
                    "`{}` is not a local variable here; declare it first: `let mut {} = ..;`",
                    quote::quote!(#path),
                    quote::quote!(#path)
                ),
                _ => "`#[differentiate]` supports assignment to local variables only (`x = ..;`, `x += ..;`)".to_owned(),
            };
            self.error(target, message);
            return;
        };
        let name = plain(ident);
        let var = self.bind_value(&name, &value, None);
        self.rebind(&name, var);
    }
}

fn strip_type(pat: &Pat) -> &Pat {
    match pat {
        Pat::Type(typed) => strip_type(&typed.pat),
        other => other,
    }
}

/// The bound name of `let name` / `let mut name`.
fn binding_ident(pat: &Pat) -> Option<Ident> {
    match pat {
        Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => Some(pat.ident.clone()),
        _ => None,
    }
}

/// `+=` -> `+`, and so on.
fn plain_op(op: &syn::BinOp) -> Option<syn::BinOp> {
    use syn::BinOp::*;
    Some(match *op {
        AddAssign(t) => Add(syn::Token![+](t.spans[0])),
        SubAssign(t) => Sub(syn::Token![-](t.spans[0])),
        MulAssign(t) => Mul(syn::Token![*](t.spans[0])),
        DivAssign(t) => Div(syn::Token![/](t.spans[0])),
        RemAssign(t) => Rem(syn::Token![%](t.spans[0])),
        BitXorAssign(t) => BitXor(syn::Token![^](t.spans[0])),
        BitAndAssign(t) => BitAnd(syn::Token![&](t.spans[0])),
        BitOrAssign(t) => BitOr(syn::Token![|](t.spans[0])),
        ShlAssign(t) => Shl(syn::Token![<<](t.spans[0])),
        ShrAssign(t) => Shr(syn::Token![>>](t.spans[0])),
        _ => return None,
    })
}
