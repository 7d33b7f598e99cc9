//! Names in syntax, for the rewrites that move code (closure inlining, iterator
//! chains): which names a pattern binds, which names an expression mentions or reads
//! free, replacing a name by an expression, and fresh names for added variables.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::BTreeSet;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat};

/// The names `pat` binds (`(a, &b)` -> `a`, `b`).
pub(crate) fn pat_idents(pat: &Pat) -> Vec<Ident> {
    struct Names(Vec<Ident>);
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.0.push(pat.ident.clone());
            visit::visit_pat_ident(self, pat);
        }
        // A type annotation names no binding.
        fn visit_type(&mut self, _: &'ast syn::Type) {}
    }
    let mut names = Names(Vec::new());
    names.visit_pat(pat);
    names.0
}

/// Every identifier in `node`'s tokens, macros included: a superset of the names it
/// reads, for checks that must not miss one.
pub(crate) fn idents(node: &impl ToTokens) -> BTreeSet<String> {
    fn walk(tokens: TokenStream, into: &mut BTreeSet<String>) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    into.insert(crate::ir::names::plain(&ident));
                }
                TokenTree::Group(group) => walk(group.stream(), into),
                _ => {}
            }
        }
    }
    let mut names = BTreeSet::new();
    walk(node.to_token_stream(), &mut names);
    names
}

/// Whether `node` binds one of `names` anywhere inside it (a `let`, a closure
/// parameter, a `for` or `match` pattern): replacing those names in it by
/// expressions would then also replace the inner bindings' uses.
pub(crate) fn binds_any(node: &Expr, names: &BTreeSet<String>) -> bool {
    struct Binds<'a> {
        names: &'a BTreeSet<String>,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Binds<'_> {
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.found |= self.names.contains(&crate::ir::names::plain(&pat.ident));
        }
    }
    let mut binds = Binds {
        names,
        found: false,
    };
    binds.visit_expr(node);
    binds.found
}

/// The names `stmts` assign to (`x = ..`, `x += ..`, `a[i] = ..`: `a`).
pub(crate) fn assigned(stmts: &[syn::Stmt]) -> BTreeSet<String> {
    struct Assigned(BTreeSet<String>);
    impl<'ast> Visit<'ast> for Assigned {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            let target = match expr {
                Expr::Assign(assign) => Some(&*assign.left),
                Expr::Binary(binary)
                    if crate::lower::passive::is_compound_assignment(&binary.op) =>
                {
                    Some(&*binary.left)
                }
                _ => None,
            };
            let mut target = target;
            while let Some(place) = target {
                target = match place {
                    Expr::Index(index) => Some(&*index.expr),
                    Expr::Paren(inner) => Some(&*inner.expr),
                    Expr::Field(field) => Some(&*field.base),
                    Expr::Path(path) => {
                        if let Some(ident) = path.path.get_ident() {
                            self.0.insert(crate::ir::names::plain(ident));
                        }
                        None
                    }
                    _ => None,
                };
            }
            visit::visit_expr(self, expr);
        }
    }
    let mut assigned = Assigned(BTreeSet::new());
    for stmt in stmts {
        assigned.visit_stmt(stmt);
    }
    assigned.0
}

/// The first `return` in `expr`, nested closures included.
pub(crate) fn find_return(expr: &Expr) -> Option<&Expr> {
    struct Find<'ast>(Option<&'ast Expr>);
    impl<'ast> syn::visit::Visit<'ast> for Find<'ast> {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            if matches!(expr, Expr::Return(_)) {
                self.0.get_or_insert(expr);
            }
            syn::visit::visit_expr(self, expr);
        }
    }
    let mut find = Find(None);
    syn::visit::Visit::visit_expr(&mut find, expr);
    find.0
}

/// The names `closure`'s body reads that it does not bind itself: what it captures.
pub(crate) fn free_names(closure: &syn::ExprClosure) -> BTreeSet<String> {
    let mut free = Free {
        scopes: vec![closure
            .inputs
            .iter()
            .flat_map(pat_idents)
            .map(|i| crate::ir::names::plain(&i))
            .collect()],
        free: BTreeSet::new(),
    };
    free.visit_expr(&closure.body);
    free.free
}

/// Free names, tracking the scopes that patterns open.
struct Free {
    scopes: Vec<Vec<String>>,
    free: BTreeSet<String>,
}

impl Free {
    fn bound(&self, name: &str) -> bool {
        self.scopes
            .iter()
            .any(|scope| scope.iter().any(|n| n == name))
    }

    fn with_scope(&mut self, names: Vec<Ident>, f: impl FnOnce(&mut Self)) {
        self.scopes
            .push(names.iter().map(crate::ir::names::plain).collect());
        f(self);
        self.scopes.pop();
    }
}

impl<'ast> Visit<'ast> for Free {
    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(ident) = path.path.get_ident() {
            if path.qself.is_none() && !self.bound(&crate::ir::names::plain(ident)) {
                self.free.insert(crate::ir::names::plain(ident));
            }
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // A macro's tokens may read any name in them.
        for name in idents(&mac.tokens) {
            if !self.bound(&name) {
                self.free.insert(name);
            }
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.with_scope(Vec::new(), |this| {
            for stmt in &block.stmts {
                match stmt {
                    syn::Stmt::Local(local) => {
                        if let Some(init) = &local.init {
                            this.visit_expr(&init.expr);
                            if let Some((_, diverge)) = &init.diverge {
                                this.visit_expr(diverge);
                            }
                        }
                        let names = pat_idents(&local.pat);
                        if let Some(scope) = this.scopes.last_mut() {
                            scope.extend(names.iter().map(crate::ir::names::plain));
                        }
                    }
                    other => this.visit_stmt(other),
                }
            }
        });
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        let names = closure.inputs.iter().flat_map(pat_idents).collect();
        self.with_scope(names, |this| this.visit_expr(&closure.body));
    }

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        self.visit_expr(&node.expr);
        self.with_scope(pat_idents(&node.pat), |this| this.visit_block(&node.body));
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.with_scope(pat_idents(&arm.pat), |this| {
            if let Some((_, guard)) = &arm.guard {
                this.visit_expr(guard);
            }
            this.visit_expr(&arm.body);
        });
    }
}

/// Replaces each path `name` in a node by an expression (parenthesized unless it is
/// atomic), and `name.0` by the tuple element's expression.
pub(crate) struct Replace<'a> {
    pub(crate) with: &'a [(String, Replacement)],
}

/// What a name stands for.
#[derive(Clone)]
pub(crate) enum Replacement {
    /// An expression: a view `x[a..b]`, a row `m[i]`, or a value already computed.
    Expr(Expr),
    /// A tuple of them, read by field (`p.0`).
    Tuple(Vec<Replacement>),
}

impl Replace<'_> {
    fn lookup(&self, expr: &Expr) -> Option<&Replacement> {
        let Expr::Path(path) = expr else { return None };
        let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
        let name = crate::ir::names::plain(ident);
        self.with
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, with)| with)
    }
}

impl VisitMut for Replace<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Field(field) = expr {
            if let (Some(Replacement::Tuple(items)), syn::Member::Unnamed(index)) =
                (self.lookup(&field.base), &field.member)
            {
                if let Some(Replacement::Expr(item)) = items.get(index.index as usize) {
                    *expr = atom(item.clone());
                    return;
                }
            }
        }
        if let Some(Replacement::Expr(with)) = self.lookup(expr) {
            *expr = atom(with.clone());
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
        // `x[(i + 1)]`: an index needs no parentheses.
        if let Expr::Index(index) = expr {
            if let Expr::Paren(inner) = &*index.index {
                index.index = inner.expr.clone();
            }
        }
    }

    fn visit_macro_mut(&mut self, _: &mut syn::Macro) {}
}

/// `expr` in parentheses unless it binds tighter than any operator (a name, a
/// literal, a call, an index, a block).
pub(crate) fn atom(expr: Expr) -> Expr {
    match expr {
        Expr::Path(_)
        | Expr::Lit(_)
        | Expr::Paren(_)
        | Expr::MethodCall(_)
        | Expr::Call(_)
        | Expr::Index(_)
        | Expr::Field(_)
        | Expr::Block(_)
        | Expr::Tuple(_)
        | Expr::Array(_) => expr,
        other => syn::parse_quote!((#other)),
    }
}

/// Fresh names for the variables a rewrite adds: never a name of the function (as it
/// stands when the rewrite starts) nor one given out before.
pub(crate) struct Fresh {
    taken: BTreeSet<String>,
    /// The names given out, in order, so that [`Fresh::restore`] can take back the
    /// latest ones without copying the set.
    given: Vec<String>,
}

impl Fresh {
    /// Names that avoid every name in `item` (method and field names aside: a
    /// variable `sum` does not clash with `.sum()`).
    pub(crate) fn new(item: &syn::ItemFn) -> Fresh {
        struct Names(BTreeSet<String>);
        impl<'ast> Visit<'ast> for Names {
            fn visit_ident(&mut self, ident: &'ast Ident) {
                self.0.insert(crate::ir::names::plain(ident));
            }
            fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
                self.visit_expr(&call.receiver);
                if let Some(turbofish) = &call.turbofish {
                    self.visit_angle_bracketed_generic_arguments(turbofish);
                }
                for arg in &call.args {
                    self.visit_expr(arg);
                }
            }
            fn visit_member(&mut self, _: &'ast syn::Member) {}
            fn visit_macro(&mut self, mac: &'ast syn::Macro) {
                self.0.extend(idents(&mac.tokens));
                visit::visit_macro(self, mac);
            }
        }
        let mut names = Names(BTreeSet::new());
        names.visit_item_fn(item);
        Fresh {
            taken: names.0,
            given: Vec::new(),
        }
    }

    /// A mark of the names given out so far, to give back the later ones with
    /// [`Fresh::restore`] once the code using them is complete (names of sibling
    /// blocks may repeat).
    pub(crate) fn snapshot(&self) -> usize {
        self.given.len()
    }

    pub(crate) fn restore(&mut self, mark: usize) {
        let mark = mark.min(self.given.len());
        for name in self.given.drain(mark..) {
            self.taken.remove(&name);
        }
    }

    /// `base` if free, else `base_1`, `base_2`, ... (`base` made an identifier first).
    pub(crate) fn name(&mut self, base: &str) -> Ident {
        let base: String = base
            .trim_start_matches("r#")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = match base.chars().next() {
            Some(first) if !first.is_numeric() => base,
            _ => format!("v{base}"),
        };
        let mut name = base.clone();
        let mut n = 0usize;
        while self.taken.contains(&name) || syn::parse_str::<Ident>(&name).is_err() {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.insert(name.clone());
        let ident = crate::ir::names::make_ident(&name);
        self.given.push(name);
        ident
    }

    /// A loop index: `i`, then `j`, `k`, then `i_1`, ...
    pub(crate) fn index(&mut self) -> Ident {
        for base in ["i", "j", "k"] {
            if !self.taken.contains(base) {
                return self.name(base);
            }
        }
        self.name("i")
    }
}
