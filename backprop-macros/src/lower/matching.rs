//! `match` on constants, desugared into an `if` chain whose conditions are the arms'
//! patterns (`match n { 0 | 1 => a, _ => b }` -> `if matches(n, 0 | 1) { a } else { b }`).

use crate::lower::Lowerer;
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprIf, Pat, Stmt};

/// The `if` chain equivalent to the `match` in `expr`, or `None` after an error.
pub(crate) fn desugar(lowerer: &mut Lowerer, expr: &Expr) -> Option<ExprIf> {
    let Expr::Match(node) = expr else { return None };
    let mut ok = true;
    for arm in &node.arms {
        let mut bindings = Bindings(Vec::new());
        bindings.visit_pat(&arm.pat);
        for binding in bindings.0 {
            lowerer.error(&binding, "`#[differentiate]` supports `match` on constants with patterns that bind nothing (`0 | 1 => ..`, `2..=5 => ..`, `_ if c => ..`); use the matched value itself instead of a binding");
            ok = false;
        }
    }
    let (last, rest) = node.arms.split_last()?;
    if !ok {
        return None;
    }
    let scrutinee = &node.expr;
    let mut chain = ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(syn::parse_quote!(true)),
        then_branch: arm_block(&last.body),
        else_branch: None,
    };
    if rest.is_empty() {
        chain.else_branch = Some((
            Default::default(),
            Box::new(Expr::Block(syn::ExprBlock {
                attrs: Vec::new(),
                label: None,
                block: arm_block(&last.body),
            })),
        ));
        return Some(chain);
    }
    let mut otherwise = Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: arm_block(&last.body),
    });
    for arm in rest.iter().rev() {
        let pat = &arm.pat;
        let guard = arm
            .guard
            .as_ref()
            .map(|(if_token, guard)| quote::quote!(#if_token #guard));
        let cond: Expr = syn::parse_quote!(match #scrutinee { #pat #guard => true, _ => false });
        otherwise = Expr::If(ExprIf {
            attrs: Vec::new(),
            if_token: Default::default(),
            cond: Box::new(cond),
            then_branch: arm_block(&arm.body),
            else_branch: Some((Default::default(), Box::new(otherwise))),
        });
    }
    match otherwise {
        Expr::If(chain) => Some(chain),
        _ => None,
    }
}

fn arm_block(body: &Expr) -> Block {
    match body {
        Expr::Block(block) if block.label.is_none() => block.block.clone(),
        other => Block {
            brace_token: Default::default(),
            stmts: vec![Stmt::Expr(other.clone(), None)],
        },
    }
}

/// Names a pattern binds (a lowercase identifier; uppercase ones are constants).
struct Bindings(Vec<syn::Ident>);

impl<'ast> Visit<'ast> for Bindings {
    fn visit_pat(&mut self, pat: &'ast Pat) {
        if let Pat::Ident(ident) = pat {
            let name = ident.ident.to_string();
            if name.starts_with(|c: char| c.is_lowercase() || c == '_') {
                self.0.push(ident.ident.clone());
            }
        }
        visit::visit_pat(self, pat);
    }
}
