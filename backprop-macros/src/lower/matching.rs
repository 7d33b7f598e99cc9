//! `match` desugared into an `if` chain whose conditions are the arms' patterns
//! (`match n { 0 | 1 => a, _ => b }` -> `if matches(n, 0 | 1) { a } else { b }`).
//!
//! An arm binding names starts its branch by binding them: a name for the whole
//! value (`n`, `n @ 1..=3`) is the scrutinee itself, so it may be differentiated; a
//! name inside a pattern (the `s` of `Kind::B(s)`) is constant data, read by a `match`
//! kept as written.
//!
//! Input:  `match k { 0 => x, n @ 1..=3 if n > 1 => n as f64 * x, Kind::B(s) => s * x }`
//! Output: `if match k { 0 => true, _ => false } { x }
//!          else if match k { n @ 1..=3 if n > 1 => true, _ => false } { let n = k; n as f64 * x }
//!          else { let s = match k { Kind::B(s) => s, _ => unreachable!() }; s * x }`

use crate::lower::passive::pattern_bindings;
use crate::lower::Lowerer;
use proc_macro2::Ident;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprIf, Pat, Stmt};

/// The literals of a pattern that is a literal or an alternative of them (`0 | 1`).
fn literals(pat: &Pat) -> Option<Vec<&Pat>> {
    match pat {
        Pat::Lit(lit) if matches!(lit.lit, syn::Lit::Int(_) | syn::Lit::Char(_)) => Some(vec![pat]),
        Pat::Or(or) if or.leading_vert.is_none() => {
            or.cases
                .iter()
                .map(literals)
                .try_fold(Vec::new(), |mut all, part| {
                    all.extend(part?);
                    Some(all)
                })
        }
        _ => None,
    }
}

/// The `if` chain equivalent to the `match` in `expr`, or `None` after an error.
pub(crate) fn desugar(lowerer: &mut Lowerer, expr: &Expr) -> Option<ExprIf> {
    let Expr::Match(node) = expr else { return None };
    let scrutinee = &node.expr;
    let resolve = |ident: &Ident| {
        lowerer
            .lookup(ident)
            .map(|id| (id, lowerer.tape.vars[id].active))
    };
    let active = crate::lower::passive::reads(scrutinee, &resolve).active;
    let mut ok = true;
    let mut bodies = Vec::new();
    for arm in &node.arms {
        let mut stmts = Vec::new();
        for binding in outer_bindings(&arm.pat) {
            match binding {
                Binding::Whole(pat) => stmts.push(Stmt::Local(syn::Local {
                    attrs: Vec::new(),
                    let_token: Default::default(),
                    pat,
                    init: Some(syn::LocalInit {
                        eq_token: Default::default(),
                        expr: scrutinee.clone(),
                        diverge: None,
                    }),
                    semi_token: Default::default(),
                })),
                Binding::Part(name) if active => {
                    lowerer.error(&name, "a name bound inside a pattern must be constant data; this `match` is on a differentiated value: bind the whole value (`v => ..`) or match on constants");
                    ok = false;
                }
                Binding::Part(name) => {
                    let pat = keep_only(&arm.pat, &[name.to_string()]);
                    let tokens = quote::quote!(
                        let #name = match #scrutinee {
                            #pat => #name,
                            #[allow(unreachable_patterns, clippy::match_wildcard_for_single_variants)]
                            _ => ::core::unreachable!(),
                        };
                    );
                    match syn::parse2::<syn::Block>(quote::quote!({ #tokens })) {
                        Ok(block) => stmts.extend(block.stmts),
                        Err(_) => {
                            lowerer.error(&arm.pat, "`#[differentiate]` cannot read the names of this pattern; match on the value and read its parts in the arm");
                            ok = false;
                        }
                    }
                }
                Binding::Ref(pat) => {
                    lowerer.error(&pat, "`ref` bindings are not supported by `#[differentiate]`; bind the value (`n => ..`)");
                    ok = false;
                }
            }
        }
        stmts.extend(arm_block(&arm.body).stmts);
        bodies.push(Block {
            brace_token: Default::default(),
            stmts,
        });
    }
    if !ok {
        return None;
    }
    let (last, rest) = bodies.split_last()?;
    let block = |block: &Block| {
        Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: block.clone(),
        })
    };
    if rest.is_empty() {
        return Some(ExprIf {
            attrs: Vec::new(),
            if_token: Default::default(),
            cond: Box::new(syn::parse_quote!(true)),
            then_branch: last.clone(),
            else_branch: Some((Default::default(), Box::new(block(last)))),
        });
    }
    let mut otherwise = block(last);
    for (arm, body) in node.arms.iter().zip(rest).rev() {
        let guard = arm.guard.as_ref().map(|(if_token, guard)| {
            let guard = &**guard;
            quote::quote!(#if_token #guard)
        });
        let used = arm
            .guard
            .as_ref()
            .map(|(_, guard)| idents_in(guard))
            .unwrap_or_default();
        let pat = keep_only(&arm.pat, &used);
        let cond = syn::parse2::<Expr>(match literals(&pat) {
            // `k == 0 || k == 1`, not `match k { 0 | 1 => true, _ => false }`.
            Some(literals) if guard.is_none() => {
                let scrutinee = match &**scrutinee {
                    plain @ (Expr::Path(_)
                    | Expr::Field(_)
                    | Expr::MethodCall(_)
                    | Expr::Index(_)) => {
                        quote::quote!(#plain)
                    }
                    other => quote::quote!((#other)),
                };
                let tests = literals
                    .iter()
                    .map(|literal| quote::quote!(#scrutinee == #literal));
                quote::quote!(#(#tests)||*)
            }
            _ => quote::quote!(match #scrutinee { #pat #guard => true, _ => false }),
        });
        let Ok(cond) = cond else {
            lowerer.error(
                &arm.pat,
                "`#[differentiate]` cannot read this pattern; match on plain values",
            );
            return None;
        };
        otherwise = Expr::If(ExprIf {
            attrs: Vec::new(),
            if_token: Default::default(),
            cond: Box::new(cond),
            then_branch: body.clone(),
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

/// A name an arm's pattern binds, and how its branch binds it.
enum Binding {
    /// The whole value, `n` or `n @ ..`: `let n = scrutinee;` (with the user's `mut`).
    Whole(Pat),
    /// A part of the value: read with a `match` kept as written.
    Part(Ident),
    /// `ref n`: not supported.
    Ref(Pat),
}

/// The bindings of an arm's pattern, in order, each once (`A(n) | B(n)` binds one `n`).
fn outer_bindings(pat: &Pat) -> Vec<Binding> {
    let mut bindings = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let cases: Vec<&Pat> = match pat {
        Pat::Or(or) => or.cases.iter().collect(),
        pat => vec![pat],
    };
    for case in cases {
        let Pat::Ident(ident) = case else { continue };
        let name = ident.ident.to_string();
        if pattern_bindings(case).first() != Some(&ident.ident) || seen.contains(&name) {
            continue;
        }
        seen.push(name);
        bindings.push(if ident.by_ref.is_some() {
            Binding::Ref(case.clone())
        } else {
            let mut whole = ident.clone();
            whole.subpat = None;
            Binding::Whole(Pat::Ident(whole))
        });
    }
    for name in pattern_bindings(pat) {
        if !seen.contains(&name.to_string()) {
            seen.push(name.to_string());
            bindings.push(Binding::Part(name));
        }
    }
    bindings
}

/// `pat` binding only the names in `keep` (every other binding becomes `_`, or its
/// sub-pattern: `n @ 1..=3` -> `1..=3`), without `mut`.
fn keep_only(pat: &Pat, keep: &[String]) -> Pat {
    let mut pat = pat.clone();
    Strip { keep }.visit_pat_mut(&mut pat);
    pat
}

struct Strip<'a> {
    keep: &'a [String],
}

impl VisitMut for Strip<'_> {
    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Pat::Ident(ident) = pat {
            let bound = pattern_bindings(&Pat::Ident(ident.clone())).first() == Some(&ident.ident);
            if bound && !self.keep.contains(&ident.ident.to_string()) {
                *pat = match ident.subpat.take() {
                    Some((_, sub)) => *sub,
                    None => Pat::Wild(syn::PatWild {
                        attrs: Vec::new(),
                        underscore_token: Default::default(),
                    }),
                };
                self.visit_pat_mut(pat);
                return;
            }
            if bound {
                ident.mutability = None;
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_field_pat_mut(&mut self, field: &mut syn::FieldPat) {
        visit_mut::visit_field_pat_mut(self, field);
        // `C { power }` whose binding became `_`: `C { power: _ }`.
        let shorthand = matches!(&*field.pat, Pat::Ident(ident) if matches!(&field.member, syn::Member::Named(name) if *name == ident.ident));
        if !shorthand {
            field.colon_token = Some(Default::default());
        }
    }
}

/// The single-segment names an expression reads.
fn idents_in(expr: &Expr) -> Vec<String> {
    struct Idents(Vec<String>);
    impl<'ast> Visit<'ast> for Idents {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if let Some(ident) = path.path.get_ident() {
                self.0.push(ident.to_string());
            }
            visit::visit_expr_path(self, path);
        }
    }
    let mut idents = Idents(Vec::new());
    idents.visit_expr(expr);
    idents.0
}
