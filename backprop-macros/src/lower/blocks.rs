//! Lowering, blocks among statements: a block statement, and a block, `if` or `match`
//! that jumps out (`return`, `break`, `continue`) while computing a `let`'s value, are
//! flattened into the statement list, so their jumps end paths of the list like any
//! other (the statements after a diverging `if` move into its other branch). A `let`
//! inside the block whose name the statements after it read is renamed.
//!
//! Input:  `let s = { let n = x.abs(); if n == 0.0 { return 0.0; } 1.0 / n }; s * y`
//! Output: `let n = x.abs(); if n == 0.0 { return 0.0; } let s = 1.0 / n; s * y`
//!
//! Labeled blocks (`'a: { .. break 'a v; .. }`) are lowered at their own level: a
//! `break 'a v` ends a path with the block's value, which the branches join.

use crate::lower::flow::{may_jump, End, Level};
use crate::lower::passive::pattern_bindings;
use crate::lower::Lowerer;
use proc_macro2::{Ident, TokenStream, TokenTree};
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Local, Pat, Stmt};

impl Lowerer<'_> {
    /// The statements replacing `stmt` in its list when it is flattened (`rest` are the
    /// statements after it), or `None` to lower it as it is.
    pub(crate) fn flatten(
        &mut self,
        stmt: &Stmt,
        rest: &[Stmt],
        last: bool,
        level: Level,
    ) -> Option<Vec<Stmt>> {
        let jumps = |expr: &Expr| level != Level::Join && may_jump(expr);
        match stmt {
            Stmt::Expr(Expr::Block(block), semi) if plain_block(block) => {
                let tail = last && semi.is_none();
                if tail && !jumps(&Expr::Block(block.clone())) {
                    return None; // a value, lowered as one
                }
                let mut stmts = self.renamed(&block.block, rest);
                if !tail {
                    end_with_semicolon(&mut stmts);
                }
                Some(stmts)
            }
            Stmt::Local(local)
                if local
                    .init
                    .as_ref()
                    .is_some_and(|init| init.diverge.is_none()) =>
            {
                let init = &*local.init.as_ref()?.expr;
                if !jumps(init) {
                    return None;
                }
                match init {
                    Expr::Block(block) if plain_block(block) => {
                        let mut stmts = self.renamed(&block.block, rest);
                        if let Some(Stmt::Expr(tail, None)) = stmts.last() {
                            let tail = tail.clone();
                            stmts.pop();
                            stmts.push(Stmt::Local(bind(local, tail)));
                        }
                        Some(stmts)
                    }
                    Expr::If(node) => Some(vec![Stmt::Expr(Expr::If(bind_if(node, local)), None)]),
                    Expr::Match(_) => {
                        // As its `if` chain (with the arms' bindings); after an error, nothing.
                        let chain = crate::lower::matching::desugar(self, init);
                        let stmt =
                            chain.map(|chain| Stmt::Expr(Expr::If(bind_if(&chain, local)), None));
                        Some(stmt.into_iter().collect())
                    }
                    _ => None,
                }
            }
            // `x = { .. return .. };`: `let value = { .. }; x = value;`
            Stmt::Expr(Expr::Assign(_) | Expr::Binary(_), semi) => {
                let (value, rebuilt) = split_assignment(stmt)?;
                if !matches!(value, Expr::Block(_) | Expr::If(_) | Expr::Match(_)) || !jumps(value)
                {
                    return None;
                }
                let name = self.namer.claim("value");
                let value = value.clone();
                let assign = rebuilt(syn::parse_quote!(#name));
                Some(vec![
                    syn::parse_quote!(let #name = #value;),
                    Stmt::Expr(assign, *semi),
                ])
            }
            _ => None,
        }
    }

    /// The statements of `block`, each `let` whose name `rest` reads renamed, from it
    /// on (`let t = ..; t * 2.0` -> `let t_1 = ..; t_1 * 2.0`).
    fn renamed(&mut self, block: &Block, rest: &[Stmt]) -> Vec<Stmt> {
        let mut later = BTreeSet::new();
        for stmt in rest {
            idents(quote::ToTokens::to_token_stream(stmt), &mut later);
        }
        let mut renames = Renames(Vec::new());
        let mut stmts = Vec::new();
        for stmt in &block.stmts {
            let mut stmt = stmt.clone();
            match &mut stmt {
                Stmt::Local(local) => {
                    if let Some(init) = &mut local.init {
                        renames.visit_local_init_mut(init);
                    }
                    for name in pattern_bindings(&local.pat) {
                        let text = name.to_string();
                        if later.contains(&text) {
                            let new = self.namer.claim(&text);
                            renames.0.retain(|(old, _)| *old != text);
                            renames.0.push((text, new));
                        }
                    }
                    renames.visit_pat_mut(&mut local.pat);
                }
                stmt => renames.visit_stmt_mut(stmt),
            }
            stmts.push(stmt);
        }
        stmts
    }

    /// Whether `brk` leaves the labeled block being lowered (`break 'a`).
    pub(crate) fn breaks_labeled(&self, brk: &syn::ExprBreak) -> bool {
        match (&brk.label, self.labeled.last()) {
            (Some(label), Some(innermost)) => label.ident == innermost,
            _ => false,
        }
    }

    /// `'a: { .. }` as a value: its paths end with a value (at its end or a `break 'a`).
    pub(crate) fn lower_labeled(&mut self, block: &syn::ExprBlock, hint: &str) -> End {
        let label = block
            .label
            .as_ref()
            .map(|label| label.name.ident.to_string())
            .unwrap_or_default();
        self.labeled.push(label);
        self.scopes.push(Default::default());
        let end = self.lower_stmts(&block.block.stmts, hint, Level::Labeled);
        self.scopes.pop();
        self.labeled.pop();
        end
    }
}

/// A block without a label or attributes (`{ .. }`, not `unsafe` or `const`).
fn plain_block(block: &syn::ExprBlock) -> bool {
    block.label.is_none() && block.attrs.is_empty()
}

/// `let <local's pattern> = value;`
fn bind(local: &Local, value: Expr) -> Local {
    Local {
        attrs: local.attrs.clone(),
        let_token: local.let_token,
        pat: local.pat.clone(),
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(value),
            diverge: None,
        }),
        semi_token: local.semi_token,
    }
}

/// `if c { a } else { b }` as the value of `local`: `if c { let v = a; } else { let v = b; }`
/// (a branch ending with a jump is kept as it is).
fn bind_if(node: &syn::ExprIf, local: &Local) -> syn::ExprIf {
    let mut node = node.clone();
    bind_tail(&mut node.then_branch, local);
    if let Some((_, els)) = &mut node.else_branch {
        let mut block = match &**els {
            Expr::Block(block) => block.block.clone(),
            other => Block {
                brace_token: Default::default(),
                stmts: vec![Stmt::Expr(other.clone(), None)],
            },
        };
        bind_tail(&mut block, local);
        **els = Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block,
        });
    }
    node
}

fn bind_tail(block: &mut Block, local: &Local) {
    if let Some(Stmt::Expr(tail, None)) = block.stmts.last() {
        if !is_jump(tail) {
            let tail = tail.clone();
            block.stmts.pop();
            block.stmts.push(Stmt::Local(bind(local, tail)));
        }
    }
}

fn is_jump(expr: &Expr) -> bool {
    match expr {
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Macro(node) => crate::lower::macros::diverges(&node.mac),
        _ => false,
    }
}

/// The last statement with a `;`: a block statement's value is not the list's.
fn end_with_semicolon(stmts: &mut [Stmt]) {
    if let Some(Stmt::Expr(expr, semi @ None)) = stmts.last_mut() {
        if !matches!(
            expr,
            Expr::If(_)
                | Expr::Match(_)
                | Expr::ForLoop(_)
                | Expr::While(_)
                | Expr::Loop(_)
                | Expr::Block(_)
        ) {
            *semi = Some(Default::default());
        }
    }
}

/// An assignment's value, and a way to rebuild it around another value.
type Rebuild = Box<dyn Fn(Expr) -> Expr>;

fn split_assignment(stmt: &Stmt) -> Option<(&Expr, Rebuild)> {
    match stmt {
        Stmt::Expr(Expr::Assign(assign), _) => {
            let template = assign.clone();
            Some((
                &assign.right,
                Box::new(move |value| {
                    let mut assign = template.clone();
                    *assign.right = value;
                    Expr::Assign(assign)
                }),
            ))
        }
        Stmt::Expr(Expr::Binary(binary), _)
            if crate::lower::passive::is_compound_assignment(&binary.op) =>
        {
            let template = binary.clone();
            Some((
                &binary.right,
                Box::new(move |value| {
                    let mut binary = template.clone();
                    *binary.right = value;
                    Expr::Binary(binary)
                }),
            ))
        }
        _ => None,
    }
}

/// Renames names (in paths and patterns): old -> new.
struct Renames(Vec<(String, Ident)>);

impl Renames {
    fn get(&self, ident: &Ident) -> Option<Ident> {
        let text = ident.to_string();
        self.0
            .iter()
            .find(|(old, _)| *old == text)
            .map(|(_, new)| new.clone())
    }
}

impl VisitMut for Renames {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Path(path) = expr {
            if path.qself.is_none() {
                if let Some(new) = path.path.get_ident().and_then(|ident| self.get(ident)) {
                    if let Some(segment) = path.path.segments.first_mut() {
                        segment.ident = new;
                    }
                }
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Pat::Ident(ident) = pat {
            if let Some(new) = self.get(&ident.ident) {
                ident.ident = new;
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }
}

fn idents(tokens: TokenStream, into: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                into.insert(ident.to_string());
            }
            TokenTree::Group(group) => idents(group.stream(), into),
            _ => {}
        }
    }
}
