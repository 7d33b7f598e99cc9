//! `break` with a value out of a `loop`, rewritten before lowering (and before
//! `jumps.rs`) into an assignment to a variable declared before the loop and a plain
//! `break`, as one writes it without the value:
//!
//! Input:  `let r = loop { s *= 0.5; if s < 0.1 { break s * 3.0; } };`
//! Output: `let mut r_value = 0.0; loop { s *= 0.5; if s < 0.1 { r_value = s * 3.0; break; } }
//!          let r = r_value;`
//!
//! The loop is a `let`'s value, an assignment's, or the tail of a block. The variable
//! starts at `0.0` when a break value is a float by its form (`s * 3.0`), else at
//! `Default::default()` (an index found by the loop), with the `let`'s type if it has one.

use crate::ir::names::Namer;
use proc_macro2::Ident;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprLoop, Pat, Stmt};

/// Rewrites the loops in `body` that `break` with a value.
pub(crate) fn rewrite(body: &mut Block, namer: &mut Namer) {
    Values { namer }.visit_block_mut(body);
}

struct Values<'a> {
    namer: &'a mut Namer,
}

impl VisitMut for Values<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let count = block.stmts.len();
        let mut stmts = Vec::with_capacity(count);
        for (index, stmt) in std::mem::take(&mut block.stmts).into_iter().enumerate() {
            let tail = index + 1 == count;
            match self.split(&stmt, tail) {
                Some(replacement) => stmts.extend(replacement),
                None => stmts.push(stmt),
            }
        }
        for stmt in &mut stmts {
            self.visit_stmt_mut(stmt);
        }
        block.stmts = stmts;
    }
}

impl Values<'_> {
    /// The statements replacing `stmt` if it takes a value out of a loop.
    fn split(&mut self, stmt: &Stmt, tail: bool) -> Option<Vec<Stmt>> {
        match stmt {
            Stmt::Local(local) => {
                let Some(Expr::Loop(node)) = local.init.as_ref().map(|init| &*init.expr) else {
                    return None;
                };
                if local
                    .init
                    .as_ref()
                    .is_some_and(|init| init.diverge.is_some())
                {
                    return None;
                }
                let (pat, ty) = match &local.pat {
                    Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
                    pat => (pat, None),
                };
                let base = match pat {
                    Pat::Ident(ident) => format!("{}_value", ident.ident),
                    _ => "loop_value".to_owned(),
                };
                let (name, mut stmts) = self.take_value(node, &base, ty)?;
                let mut local = local.clone();
                if let Some(init) = &mut local.init {
                    *init.expr = syn::parse_quote!(#name);
                }
                stmts.push(Stmt::Local(local));
                Some(stmts)
            }
            Stmt::Expr(Expr::Assign(assign), semi) => {
                let Expr::Loop(node) = &*assign.right else {
                    return None;
                };
                let (name, mut stmts) = self.take_value(node, "loop_value", None)?;
                let mut assign = assign.clone();
                *assign.right = syn::parse_quote!(#name);
                stmts.push(Stmt::Expr(Expr::Assign(assign), *semi));
                Some(stmts)
            }
            Stmt::Expr(Expr::Binary(binary), semi)
                if crate::lower::passive::is_compound_assignment(&binary.op) =>
            {
                let Expr::Loop(node) = &*binary.right else {
                    return None;
                };
                let (name, mut stmts) = self.take_value(node, "loop_value", None)?;
                let mut binary = binary.clone();
                *binary.right = syn::parse_quote!(#name);
                stmts.push(Stmt::Expr(Expr::Binary(binary), *semi));
                Some(stmts)
            }
            Stmt::Expr(Expr::Loop(node), None) if tail => {
                let (name, mut stmts) = self.take_value(node, "loop_value", None)?;
                stmts.push(Stmt::Expr(syn::parse_quote!(#name), None));
                Some(stmts)
            }
            _ => None,
        }
    }

    /// For a loop that breaks with a value: the variable receiving it, and the
    /// statements declaring it and running the loop; `None` for another loop.
    fn take_value(
        &mut self,
        node: &ExprLoop,
        base: &str,
        ty: Option<&syn::Type>,
    ) -> Option<(Ident, Vec<Stmt>)> {
        let mut values = Vec::new();
        let label = node
            .label
            .as_ref()
            .map(|label| label.name.ident.to_string());
        let mut found = Breaks {
            label: label.clone(),
            depth: 0,
            values: &mut values,
            replace: None,
        };
        let mut body = node.body.clone();
        found.visit_block_mut(&mut body);
        if values.is_empty() {
            return None;
        }
        let name = self.namer.claim(base);
        let float = ty.is_some_and(is_float_type) || values.iter().any(is_float);
        let init: Expr = if float {
            syn::parse_quote!(0.0)
        } else {
            syn::parse_quote!(::core::default::Default::default())
        };
        let declare: Stmt = match ty {
            Some(ty) => syn::parse_quote!(let mut #name: #ty = #init;),
            None => syn::parse_quote!(let mut #name = #init;),
        };
        let mut node = node.clone();
        Breaks {
            label,
            depth: 0,
            values: &mut Vec::new(),
            replace: Some(&name),
        }
        .visit_block_mut(&mut node.body);
        Some((
            name,
            vec![
                declare,
                Stmt::Expr(Expr::Loop(node), Some(Default::default())),
            ],
        ))
    }
}

/// Finds the values of the `break`s leaving one loop (`values`), or replaces each with
/// `{ name = value; break; }` (`replace`).
struct Breaks<'a> {
    label: Option<String>,
    /// How many loops inside the loop we are in: an unlabeled `break` there is theirs.
    depth: usize,
    values: &'a mut Vec<Expr>,
    replace: Option<&'a Ident>,
}

impl VisitMut for Breaks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Break(node) if node.expr.is_some() => {
                let ours = match &node.label {
                    Some(label) => self.label.as_deref() == Some(&label.ident.to_string()),
                    None => self.depth == 0,
                };
                if !ours {
                    visit_mut::visit_expr_mut(self, expr);
                    return;
                }
                let Some(value) = node.expr.take() else {
                    return;
                };
                match self.replace {
                    Some(name) => {
                        let label = &node.label;
                        *expr = syn::parse_quote!({ #name = #value; break #label; });
                    }
                    None => {
                        self.values.push((*value).clone());
                        node.expr = Some(value);
                    }
                }
            }
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
                self.depth += 1;
                visit_mut::visit_expr_mut(self, expr);
                self.depth -= 1;
            }
            Expr::Closure(_) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

fn is_float_type(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.is_ident("f64") || path.path.is_ident("f32"))
}

/// Whether `expr` is a float by its form: a float literal, arithmetic on one, a float
/// method (`x.sqrt()`), a cast to a float.
fn is_float(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(lit) => matches!(lit.lit, syn::Lit::Float(_)),
        Expr::Paren(inner) => is_float(&inner.expr),
        Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Neg(_)) && is_float(&unary.expr),
        Expr::Binary(binary) => {
            matches!(
                binary.op,
                syn::BinOp::Add(_) | syn::BinOp::Sub(_) | syn::BinOp::Mul(_) | syn::BinOp::Div(_)
            ) && (is_float(&binary.left) || is_float(&binary.right))
        }
        Expr::MethodCall(call) => {
            let name = call.method.to_string();
            crate::ir::ops::Unary::method(&name).is_some()
                || crate::ir::ops::Binary::method(&name).is_some()
                || crate::ir::ops::Ternary::method(&name).is_some()
        }
        Expr::Cast(cast) => is_float_type(&cast.ty),
        _ => false,
    }
}
