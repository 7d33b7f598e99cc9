//! Lowering, statement macros: `assert!`, `debug_assert!`, `println!`, ... run where
//! they are written in the forward pass and never in the backward pass; `panic!`,
//! `unreachable!` and `todo!` end the path they are on. A macro's tokens are kept as
//! written (passive code: no derivative); the names it reads that the staged code
//! renamed are bound to their staged values first.
//!
//! Input:  `let mut s = x * y; s += 1.0; assert!(s > 0.0, "s = {s}");`
//! Output: `{ let s = s_1; assert!(s > 0.0, "s = {s}"); }`

use crate::ir::names::plain;
use crate::ir::{GateOp, VarId};
use crate::lower::Lowerer;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;
use syn::spanned::Spanned;

/// Checks and prints, kept in the forward pass.
const STATEMENTS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "println",
    "eprintln",
    "print",
    "eprint",
];
/// Macros that never return: the path they are on ends there.
const DIVERGING: &[&str] = &["panic", "unreachable", "todo"];

/// Whether `node` is a guard: an `if` (`else if`, `else`) whose branches hold only
/// statement and diverging macros, and whose conditions are plain expressions.
pub(crate) fn is_guard(node: &syn::ExprIf) -> bool {
    let known = |mac: &syn::Macro| {
        name(mac).is_some_and(|name| {
            STATEMENTS.contains(&name.as_str()) || DIVERGING.contains(&name.as_str())
        })
    };
    let plain = |expr: &syn::Expr| !matches!(expr, syn::Expr::Let(_) | syn::Expr::Block(_));
    let macros_only = node.then_branch.stmts.iter().all(|stmt| match stmt {
        syn::Stmt::Macro(stmt) => known(&stmt.mac),
        syn::Stmt::Expr(syn::Expr::Macro(expr), _) => known(&expr.mac),
        _ => false,
    });
    let els = match &node.else_branch {
        None => true,
        Some((_, els)) => match &**els {
            syn::Expr::If(inner) => is_guard(inner),
            syn::Expr::Block(block) => is_guard(&syn::ExprIf {
                attrs: Vec::new(),
                if_token: Default::default(),
                cond: Box::new(syn::parse_quote!(true)),
                then_branch: block.block.clone(),
                else_branch: None,
            }),
            _ => false,
        },
    };
    !node.then_branch.stmts.is_empty() && macros_only && plain(&node.cond) && els
}

/// Whether `mac` is `panic!`, `unreachable!` or `todo!` (also as `std::panic!`).
pub(crate) fn diverges(mac: &syn::Macro) -> bool {
    name(mac).is_some_and(|name| DIVERGING.contains(&name.as_str()))
}

fn name(mac: &syn::Macro) -> Option<String> {
    mac.path.segments.last().map(|last| last.ident.to_string())
}

impl Lowerer<'_> {
    /// `assert!(..);`, `println!(..);`, `panic!(..);` as a statement: a gate kept in
    /// the forward pass. Returns whether the macro diverges.
    pub(crate) fn lower_macro(&mut self, mac: &syn::Macro) -> bool {
        let name = name(mac).unwrap_or_default();
        let diverging = DIVERGING.contains(&name.as_str());
        if !diverging && !STATEMENTS.contains(&name.as_str()) {
            let mut known: Vec<String> =
                STATEMENTS.iter().map(|name| format!("`{name}!`")).collect();
            known.extend(DIVERGING.iter().map(|name| format!("`{name}!`")));
            self.error(
                mac,
                format!(
                    "`{name}!` is not supported in a `#[differentiate]` body; the statement macros it keeps in the forward pass are {}; compute the value outside the function and pass it in",
                    known.join(", ")
                ),
            );
            return false;
        }
        self.tape.diverges |= diverging;
        self.lower_effect(quote!(#mac;), &name, mac.span());
        diverging
    }

    /// `if x <= 0.0 { panic!(..) }`, `if verbose { println!(..) }`: an `if` whose
    /// branches hold only the macros above, kept whole where it is written (a guard
    /// does not split the rest of the function into a branch).
    pub(crate) fn lower_guard(&mut self, node: &syn::ExprIf) {
        self.lower_effect(quote!(#node), "guard", node.span());
    }

    /// Keeps `statement` in the forward pass, after binding the names it reads that
    /// the staged code renamed.
    fn lower_effect(&mut self, statement: TokenStream, name: &str, span: proc_macro2::Span) {
        let mut names: Vec<Ident> = Vec::new();
        self.read_names(statement.clone(), &mut names);
        let mut reads: Vec<VarId> = Vec::new();
        let mut bindings = TokenStream::new();
        for ident in names {
            let Some(var) = self.lookup(&ident) else {
                continue;
            };
            if reads.contains(&var) {
                continue;
            }
            reads.push(var);
            let staged = &self.tape.vars[var].name;
            if plain(staged) == plain(&ident) {
                continue;
            }
            // An array is read through a reference: a `Vec` is not copied.
            let borrow = (self.tape.vars[var].dims > 0).then(|| quote!(&));
            bindings.extend(quote!(#[allow(unused_variables)] let #ident = #borrow #staged;));
        }
        let statement = if bindings.is_empty() {
            statement
        } else {
            quote!({ #bindings #statement })
        };
        let out = self.namer.numbered(&format!("{name}_macro"));
        self.push_gate_here(out, GateOp::Effect(statement, reads), span);
    }

    /// The names a macro's tokens may read: identifiers not after a `.` (a method or
    /// a field) and not before a `!` or `::`, and the `{name}` captures of its format
    /// strings.
    fn read_names(&self, tokens: TokenStream, into: &mut Vec<Ident>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (index, tree) in trees.iter().enumerate() {
            let punct_at = |at: usize| match trees.get(at) {
                Some(TokenTree::Punct(punct)) => Some(punct.as_char()),
                _ => None,
            };
            match tree {
                TokenTree::Ident(ident) => {
                    let after_dot = index > 0 && punct_at(index - 1) == Some('.');
                    let before = punct_at(index + 1);
                    if !after_dot && before != Some('!') && before != Some(':') {
                        into.push(ident.clone());
                    }
                }
                TokenTree::Group(group) => {
                    self.read_names(group.stream(), into);
                }
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    if text.starts_with('"') || text.starts_with('r') {
                        captures(&text, literal.span(), into);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The names in `{name}`, `{name:?}`, `{name:.3}` of a format string (not `{{`).
fn captures(text: &str, span: proc_macro2::Span, into: &mut Vec<Ident>) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut word = String::new();
        while let Some(&next) = chars.peek() {
            if next.is_alphanumeric() || next == '_' {
                word.push(next);
                chars.next();
            } else {
                break;
            }
        }
        let starts_name = word
            .chars()
            .next()
            .is_some_and(|first| !first.is_ascii_digit());
        if starts_name && word != "_" {
            if let Ok(ident) = syn::parse_str::<Ident>(&word) {
                into.push(Ident::new(&ident.to_string(), span));
            }
        }
    }
}
