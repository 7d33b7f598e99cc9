//! Expressions over constants only ("passive": no differentiated value flows in).
//! They are kept as the user wrote them, whatever Rust they use, with variables
//! renamed to their staged names; they get no derivative.

use crate::ir::VarId;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Ident};

/// What an expression reads, found by one walk over it.
#[derive(Default)]
pub(crate) struct Reads {
    /// It reads some local variable or parameter.
    pub(crate) variables: bool,
    /// It reads a variable that depends on a differentiated parameter.
    pub(crate) active: bool,
    /// It contains syntax that must go through the full lowering (blocks, control
    /// flow, macros, ...), which supports it or reports it.
    pub(crate) structured: bool,
}

/// Walks `expr`; `resolve` maps a name to its variable and whether it is active.
pub(crate) fn reads(expr: &Expr, resolve: &dyn Fn(&Ident) -> Option<(VarId, bool)>) -> Reads {
    let mut walker = ReadsWalker {
        resolve,
        reads: Reads::default(),
        bound: Vec::new(),
    };
    walker.visit_expr(expr);
    walker.reads
}

struct ReadsWalker<'a> {
    resolve: &'a dyn Fn(&Ident) -> Option<(VarId, bool)>,
    reads: Reads,
    /// Names bound by the patterns of the `match` arms we are in.
    bound: Vec<String>,
}

impl<'ast> Visit<'ast> for ReadsWalker<'_> {
    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        let before = self.bound.len();
        self.bound
            .extend(pattern_bindings(&arm.pat).iter().map(Ident::to_string));
        visit::visit_arm(self, arm);
        self.bound.truncate(before);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Path(path) => {
                let variable = path
                    .path
                    .get_ident()
                    .filter(|ident| !self.bound.contains(&ident.to_string()))
                    .and_then(self.resolve);
                if let Some((_, active)) = variable {
                    self.reads.variables = true;
                    self.reads.active |= active;
                }
            }
            Expr::Block(_)
            | Expr::If(_)
            | Expr::Match(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Loop(_)
            | Expr::Closure(_)
            | Expr::Macro(_)
            | Expr::Assign(_)
            | Expr::Return(_)
            | Expr::Unsafe(_)
            | Expr::Async(_)
            | Expr::Let(_)
            | Expr::Break(_)
            | Expr::Continue(_)
            | Expr::Yield(_)
            | Expr::Try(_)
            | Expr::TryBlock(_)
            | Expr::Await(_)
            | Expr::Const(_)
            | Expr::Struct(_)
            | Expr::Verbatim(_) => {
                self.reads.structured = true;
                visit::visit_expr(self, expr);
            }
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => {
                self.reads.structured = true;
                visit::visit_expr(self, expr);
            }
            // The length of an array or slice is a constant, even of a differentiated one.
            Expr::MethodCall(call) if call.method == "len" && call.args.is_empty() => {
                match &*call.receiver {
                    Expr::Path(path) => {
                        if path.path.get_ident().and_then(self.resolve).is_some() {
                            self.reads.variables = true;
                        }
                    }
                    _ => visit::visit_expr(self, expr),
                }
            }
            _ => visit::visit_expr(self, expr),
        }
    }
}

/// Whether `op` is `+=`, `-=`, ... (an assignment, not a value).
pub(crate) fn is_compound_assignment(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

/// The first assignment in `expr` to a variable `is_local` knows (`s = s * y` in
/// `{ s = s * y; s > 0.0 }`): kept as written, it would assign to a staged value.
pub(crate) fn local_assignment<'a>(
    expr: &'a Expr,
    is_local: &dyn Fn(&Ident) -> bool,
) -> Option<&'a Expr> {
    let mut finder = AssignmentFinder {
        is_local,
        found: None,
    };
    finder.visit_expr(expr);
    finder.found
}

struct AssignmentFinder<'a, 'ast> {
    is_local: &'a dyn Fn(&Ident) -> bool,
    found: Option<&'ast Expr>,
}

impl<'ast> Visit<'ast> for AssignmentFinder<'_, 'ast> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.found.is_some() {
            return;
        }
        let target = match expr {
            Expr::Assign(assign) => Some(&*assign.left),
            Expr::Binary(binary) if is_compound_assignment(&binary.op) => Some(&*binary.left),
            _ => None,
        };
        if let Some(mut target) = target {
            // `a[i] = ..`, `p.x = ..`: the variable is the root.
            loop {
                target = match target {
                    Expr::Index(index) => &index.expr,
                    Expr::Field(field) => &field.base,
                    Expr::Paren(paren) => &paren.expr,
                    _ => break,
                };
            }
            if let Expr::Path(path) = target {
                if path.path.get_ident().is_some_and(self.is_local) {
                    self.found = Some(expr);
                    return;
                }
            }
        }
        visit::visit_expr(self, expr);
    }
}

/// `expr` with every variable renamed to its staged name (`acc` -> `acc_2`).
pub(crate) fn renamed(expr: &Expr, rename: &dyn Fn(&Ident) -> Option<Ident>) -> Expr {
    let mut expr = expr.clone();
    Renamer {
        rename,
        bound: Vec::new(),
    }
    .visit_expr_mut(&mut expr);
    expr
}

struct Renamer<'a> {
    rename: &'a dyn Fn(&Ident) -> Option<Ident>,
    /// Names bound by the patterns of the `match` arms we are in: they are not the
    /// function's variables there.
    bound: Vec<String>,
}

impl VisitMut for Renamer<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Path(path) = expr {
            let bound = path
                .path
                .get_ident()
                .is_some_and(|ident| self.bound.contains(&ident.to_string()));
            if let Some(new) = path
                .path
                .get_ident()
                .filter(|_| !bound)
                .and_then(self.rename)
            {
                if let Some(segment) = path.path.segments.first_mut() {
                    segment.ident = new;
                }
            }
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let before = self.bound.len();
        self.bound
            .extend(pattern_bindings(&arm.pat).iter().map(Ident::to_string));
        visit_mut::visit_arm_mut(self, arm);
        self.bound.truncate(before);
    }
}

/// The names a pattern binds: lowercase identifiers (`n`, `v @ 1..=3`, the `s` of
/// `Kind::B(s)`); an uppercase one is a constant or a unit variant (`None`, `MAX`).
pub(crate) fn pattern_bindings(pat: &syn::Pat) -> Vec<Ident> {
    struct Bindings(Vec<Ident>);
    impl<'ast> Visit<'ast> for Bindings {
        fn visit_pat(&mut self, pat: &'ast syn::Pat) {
            if let syn::Pat::Ident(ident) = pat {
                let name = ident.ident.to_string();
                if name.starts_with(|c: char| c.is_lowercase() || c == '_') {
                    self.0.push(ident.ident.clone());
                }
            }
            visit::visit_pat(self, pat);
        }
    }
    let mut bindings = Bindings(Vec::new());
    bindings.visit_pat(pat);
    bindings.0
}

/// Whether `expr` is a `match` of plain expressions: a scrutinee, guards and arms with
/// no blocks, control flow or assignments (an arm may be a macro, `unreachable!()`).
/// One that reads no differentiated value is kept as written, like any constant code
/// (`match kind { Kind::B(s) => s, _ => 0.0 }`).
pub(crate) fn plain_match(expr: &Expr) -> bool {
    let Expr::Match(node) = expr else {
        return false;
    };
    let plain = |expr: &Expr| !reads(expr, &|_| None).structured;
    plain(&node.expr)
        && node.arms.iter().all(|arm| {
            arm.guard.as_ref().is_none_or(|(_, guard)| plain(guard))
                && (matches!(&*arm.body, Expr::Macro(_)) || plain(&arm.body))
        })
}
