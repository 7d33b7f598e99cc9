//! Local closures, inlined at each call before lowering: a closure is differentiated
//! as if its body were written where it is called. A closure passed by name to an
//! iterator adapter (`.map(sq)`) becomes the closure itself there, for `chain.rs`.
//!
//! Input:  `let sq = |v: f64| v * v; sq(a) + sq(b)`
//! Output: `{ let v: f64 = a; v * v } + { let v: f64 = b; v * v }`
//!
//! The body reads the names it captures where the closure is defined; inlined, it
//! reads them where it is called. A captured name bound again in between is reported.

use crate::error::Errors;
use crate::lower::chain_bind::{self, Elem};
use crate::lower::scope::{self, Fresh, Replace, Replacement};
use proc_macro2::{Ident, Span};
use std::collections::BTreeMap;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Block, Expr, ExprClosure, Stmt};

/// Iterator methods that take a closure: a closure passed to one by name is inlined.
pub(crate) const TAKES_CLOSURE: &[&str] = &[
    "map",
    "filter",
    "fold",
    "for_each",
    "max_by",
    "min_by",
    "reduce",
    "all",
    "any",
    "find",
    "position",
    "filter_map",
    "flat_map",
    "take_while",
    "skip_while",
    "map_while",
    "scan",
    "inspect",
    "max_by_key",
    "min_by_key",
    "try_fold",
    "try_for_each",
];

/// Inlines the local closures in `body`; `params` are the function's parameters.
pub(crate) fn rewrite(body: &mut Block, params: &[Ident], fresh: &mut Fresh, errors: &mut Errors) {
    let mut inliner = Inliner {
        scopes: vec![Vec::new()],
        next: 0,
        closures: BTreeMap::new(),
        fresh,
        errors,
        verbatim: 0,
        assigned: scope::assigned(&body.stmts),
    };
    for param in params {
        inliner.bind(&crate::ir::names::plain(param));
    }
    inliner.visit_block_mut(body);
}

/// A closure bound by `let`, its body already inlined where it calls earlier ones.
pub(crate) struct Def {
    pub(crate) name: Ident,
    pub(crate) closure: ExprClosure,
    /// Each captured name and the binding it reads at the definition.
    pub(crate) captured: Vec<(String, Option<usize>)>,
    /// Already reported: its calls are not reported again.
    pub(crate) poisoned: bool,
}

pub(crate) struct Inliner<'a> {
    /// Bindings in scope, innermost last: name and binding number.
    pub(crate) scopes: Vec<Vec<(String, usize)>>,
    pub(crate) next: usize,
    pub(crate) closures: BTreeMap<usize, Def>,
    pub(crate) fresh: &'a mut Fresh,
    pub(crate) errors: &'a mut Errors,
    /// Inside code the lowering keeps as written (conditions, ranges, indices).
    pub(crate) verbatim: usize,
    /// Every name the body assigns (a `move` closure copies those it captures).
    pub(crate) assigned: std::collections::BTreeSet<String>,
}

impl Inliner<'_> {
    pub(crate) fn bind(&mut self, name: &str) -> usize {
        self.next += 1;
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_owned(), self.next));
        }
        self.next
    }

    pub(crate) fn resolve(&self, name: &str) -> Option<usize> {
        self.scopes.iter().rev().find_map(|scope| {
            scope
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
        })
    }

    /// The closure a path names, if it names one.
    pub(crate) fn closure_of(&self, expr: &Expr) -> Option<usize> {
        let Expr::Path(path) = expr else { return None };
        let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
        self.resolve(&crate::ir::names::plain(ident))
            .filter(|id| self.closures.contains_key(id))
    }

    pub(crate) fn with_scope(&mut self, names: Vec<Ident>, f: impl FnOnce(&mut Self)) {
        self.scopes.push(Vec::new());
        for name in names {
            self.bind(&crate::ir::names::plain(&name));
        }
        f(self);
        self.scopes.pop();
    }

    /// Records `let name = closure;`: its body inlined where it calls earlier closures.
    /// A `move` closure copies what it captures where it is defined: the copies of the
    /// names assigned later are the statements returned, which replace the definition.
    pub(crate) fn define(&mut self, name: Ident, mut closure: ExprClosure) -> Vec<Stmt> {
        let mut poisoned = false;
        let mut copies = Vec::new();
        if closure.capture.is_some() {
            let mut with = Vec::new();
            let own = scope::assigned(&[Stmt::Expr((*closure.body).clone(), None)]);
            for captured in scope::free_names(&closure).intersection(&self.assigned) {
                let copy = self.fresh.name(&format!("{captured}_captured"));
                let original = crate::ir::names::make_ident(captured);
                // The closure's own copy, which its calls may update.
                copies.push(if own.contains(captured) {
                    syn::parse_quote!(let mut #copy = #original;)
                } else {
                    syn::parse_quote!(let #copy = #original;)
                });
                with.push((
                    captured.clone(),
                    Replacement::Expr(syn::parse_quote!(#copy)),
                ));
            }
            let names = with.iter().map(|(name, _)| name.clone()).collect();
            if !scope::binds_any(&closure.body, &names) {
                Replace { with: &with }.visit_expr_mut(&mut closure.body);
            }
        }
        if let Some(ret) = scope::find_return(&closure.body) {
            self.errors.push(ret, format!("`return` inside the closure `{name}`: `#[differentiate]` inlines closures, where `return` would leave the function; make the returned value the closure's last expression"));
            poisoned = true;
        }
        let params = closure.inputs.iter().flat_map(scope::pat_idents).collect();
        self.with_scope(params, |this| this.visit_expr_mut(&mut closure.body));
        let captured: Vec<(String, Option<usize>)> = scope::free_names(&closure)
            .into_iter()
            .map(|captured| {
                let id = self.resolve(&captured);
                (captured, id)
            })
            .collect();
        if let Some(call) = find_call(&closure.body, &name)
            .filter(|_| self.resolve(&crate::ir::names::plain(&name)).is_none())
        {
            self.errors.push(call, format!("the closure `{name}` calls itself: a closure cannot recurse; write the recursion as a loop"));
            poisoned = true;
        }
        let id = self.bind(&crate::ir::names::plain(&name));
        self.closures.insert(
            id,
            Def {
                name,
                closure,
                captured,
                poisoned,
            },
        );
        copies
    }

    /// The closure's body where it is called with `args`, as an expression (a block)
    /// or as a statement. `None` after reporting why not.
    fn inline(&mut self, id: usize, args: &[&Expr], span: Span, statement: bool) -> Option<Expr> {
        let def = self.closures.get(&id)?;
        if def.poisoned {
            return None;
        }
        let name = def.name.clone();
        if let Some(error) = self.moved_capture(id, span) {
            self.errors.add(error);
            return None;
        }
        let def = self.closures.get(&id)?;
        if def.closure.inputs.len() != args.len() {
            let message = format!("`{name}` takes {} argument(s)", def.closure.inputs.len());
            self.errors.add(syn::Error::new(span, message));
            return None;
        }
        let pats: Vec<&syn::Pat> = def.closure.inputs.iter().collect();
        let elems: Vec<Elem> = args.iter().map(|arg| Elem::of_expr(arg)).collect();
        let body = (*def.closure.body).clone();
        let hygienic = self.verbatim > 0;
        let result = chain_bind::bind(&pats, &elems, self.fresh, hygienic).and_then(|bound| {
            Ok((
                crate::lower::chain_body::rewrite_body(&body, &bound)?,
                bound.lets,
            ))
        });
        let (body, lets) = match result {
            Ok(done) => done,
            Err(error) => {
                self.errors.add(error);
                return None;
            }
        };
        Some(block_of(lets, body, statement, span))
    }

    /// The error for a call at `span` where a name the closure captures means
    /// another binding than where the closure was defined.
    pub(crate) fn moved_capture(&self, id: usize, span: Span) -> Option<syn::Error> {
        let def = self.closures.get(&id)?;
        let (name, _) = def
            .captured
            .iter()
            .find(|(captured, at_definition)| self.resolve(captured) != *at_definition)?;
        let message = format!("`{}` reads `{name}`, which is bound again between the closure and this call; `#[differentiate]` inlines the closure here, where `{name}` means the new binding: rename one of them", def.name);
        Some(syn::Error::new(span, message))
    }

    /// A call `f(args)` of a local closure (or of a closure written in place), inlined.
    pub(crate) fn call(&mut self, expr: &mut Expr, statement: bool) -> bool {
        let Expr::Call(call) = expr else { return false };
        let id = match &*call.func {
            Expr::Paren(paren) => match &*paren.expr {
                Expr::Closure(closure) => {
                    let name = Ident::new("closure", closure.span());
                    // Called where it is defined: nothing can change in between.
                    let _ = self.define(name, closure.clone());
                    self.next
                }
                _ => return false,
            },
            func => match self.closure_of(func) {
                Some(id) => id,
                None => return false,
            },
        };
        for arg in &mut call.args {
            self.visit_expr_mut(arg);
        }
        let args: Vec<&Expr> = call.args.iter().collect();
        let span = call.span();
        *expr = self
            .inline(id, &args, span, statement)
            .unwrap_or_else(|| syn::parse_quote!(0.0));
        true
    }
}

/// `{ lets; body }`, the body's own block spliced in; as a statement, `body;`.
fn block_of(lets: Vec<Stmt>, body: Expr, statement: bool, span: Span) -> Expr {
    let mut stmts = lets;
    match body {
        Expr::Block(block) if block.label.is_none() && block.attrs.is_empty() => {
            stmts.extend(block.block.stmts);
            if statement {
                if let Some(Stmt::Expr(_, semi @ None)) = stmts.last_mut() {
                    *semi = Some(syn::Token![;](span));
                }
            }
        }
        body if statement => stmts.push(Stmt::Expr(body, Some(syn::Token![;](span)))),
        body => stmts.push(Stmt::Expr(body, None)),
    }
    syn::parse_quote_spanned!(span=> { #(#stmts)* })
}

fn find_call<'a>(expr: &'a Expr, name: &Ident) -> Option<&'a Expr> {
    struct Find<'ast, 'n>(Option<&'ast Expr>, &'n Ident);
    impl<'ast> syn::visit::Visit<'ast> for Find<'ast, '_> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            if let Expr::Call(call) = expr {
                if matches!(&*call.func, Expr::Path(p) if p.path.is_ident(self.1)) {
                    self.0.get_or_insert(expr);
                }
            }
            syn::visit::visit_expr(self, expr);
        }
    }
    let mut find = Find(None, name);
    syn::visit::Visit::visit_expr(&mut find, expr);
    find.0
}
