//! What a run of generated statements reads and changes, by name, for the loop fusion
//! of `fuse.rs`. Only free names count: a name bound inside belongs to the inside. An
//! array is one name (`d_x[i] += ..` adds into `d_x`).

use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeSet;
use syn::visit::{self, Visit};
use syn::{Expr, Pat, Stmt};

/// Methods that change their receiver, as generated code calls them.
const MUTATING: [&str; 12] = [
    "push",
    "pop",
    "clear",
    "truncate",
    "extend",
    "insert",
    "remove",
    "fill",
    "swap",
    "copy_from_slice",
    "iter_mut",
    "as_mut",
];

/// The names statements use.
#[derive(Default, Clone)]
pub(crate) struct Uses {
    /// Free names read as values.
    pub(crate) reads: BTreeSet<String>,
    /// Names bound at the top level (seen by what follows).
    pub(crate) defs: BTreeSet<String>,
    /// Names bound anywhere, nested ones included.
    pub(crate) all_defs: BTreeSet<String>,
    /// Free names changed other than by adding into them: `=`, `*=`, `&mut`, a method
    /// that changes its receiver.
    pub(crate) assigned: BTreeSet<String>,
    /// Free names only added into: `d_w += ..`, `d_x[i] -= ..`.
    pub(crate) accumulated: BTreeSet<String>,
    /// Whether a `break`, `continue` or `return` is inside.
    pub(crate) jumps: bool,
    /// Whether a macro other than the generated `::core::assert!` runs (printing keeps its order).
    pub(crate) prints: bool,
}

impl Uses {
    pub(crate) fn of_stmts(stmts: &[Stmt]) -> Uses {
        let mut walk = Walk {
            scopes: vec![BTreeSet::new()],
            uses: Uses::default(),
        };
        for stmt in stmts {
            walk.visit_stmt(stmt);
        }
        walk.uses.defs = walk.scopes.swap_remove(0);
        walk.uses
    }

    /// The names a pattern binds.
    pub(crate) fn pattern(pat: &Pat) -> BTreeSet<String> {
        struct Names(BTreeSet<String>);
        impl<'ast> Visit<'ast> for Names {
            fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
                self.0.insert(pat.ident.to_string());
                visit::visit_pat_ident(self, pat);
            }
        }
        let mut names = Names(BTreeSet::new());
        names.visit_pat(pat);
        names.0
    }

    /// What the statements change: what they bind, assign or add into.
    pub(crate) fn changes(&self) -> BTreeSet<String> {
        let mut changes = self.defs.clone();
        changes.extend(self.assigned.iter().cloned());
        changes.extend(self.accumulated.iter().cloned());
        changes
    }

    /// Whether the statements use `name` at all.
    pub(crate) fn touches(&self, name: &String) -> bool {
        self.reads.contains(name)
            || self.defs.contains(name)
            || self.assigned.contains(name)
            || self.accumulated.contains(name)
    }

    /// Whether running `self` and `other` in either order can differ: one reads or binds
    /// what the other changes or uses. Additions into the same name commute.
    pub(crate) fn conflicts(&self, other: &Uses) -> bool {
        let meets = |a: &BTreeSet<String>, b: &Uses| a.iter().any(|name| b.touches(name));
        self.reads.iter().any(|name| other.changes().contains(name))
            || other.reads.iter().any(|name| self.changes().contains(name))
            || meets(&self.defs, other)
            || meets(&other.defs, self)
            || meets(&self.assigned, other)
            || meets(&other.assigned, self)
    }
}

struct Walk {
    /// Names bound, innermost scope last.
    scopes: Vec<BTreeSet<String>>,
    uses: Uses,
}

#[derive(Clone, Copy)]
enum Change {
    Assign,
    Accumulate,
}

impl Walk {
    fn bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|scope| scope.contains(name))
    }

    fn bind(&mut self, pat: &Pat) {
        let names = Uses::pattern(pat);
        self.uses.all_defs.extend(names.iter().cloned());
        if let Some(scope) = self.scopes.last_mut() {
            scope.extend(names);
        }
    }

    fn read(&mut self, name: String) {
        if !self.bound(&name) {
            self.uses.reads.insert(name);
        }
    }

    /// The place `expr` changed: its root as `change`, its indices read.
    fn place(&mut self, expr: &Expr, change: Change) {
        match expr {
            Expr::Path(path) => match path.path.get_ident() {
                Some(ident) if !self.bound(&ident.to_string()) => {
                    let set = match change {
                        Change::Assign => &mut self.uses.assigned,
                        Change::Accumulate => &mut self.uses.accumulated,
                    };
                    set.insert(ident.to_string());
                }
                Some(_) => {}
                None => self.visit_expr(expr),
            },
            Expr::Index(index) => {
                self.place(&index.expr, change);
                self.visit_expr(&index.index);
            }
            Expr::Field(field) => self.place(&field.base, change),
            Expr::Paren(inner) => self.place(&inner.expr, change),
            Expr::Group(inner) => self.place(&inner.expr, change),
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => {
                self.place(&unary.expr, change)
            }
            other => self.visit_expr(other),
        }
    }

    fn scoped(&mut self, inside: impl FnOnce(&mut Walk)) {
        self.scopes.push(BTreeSet::new());
        inside(self);
        self.scopes.pop();
    }
}

impl<'ast> Visit<'ast> for Walk {
    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.scoped(|walk| visit::visit_block(walk, block));
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.bind(&local.pat);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        self.visit_expr(&node.expr);
        self.scoped(|walk| {
            walk.bind(&node.pat);
            walk.visit_block(&node.body);
        });
    }

    fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
        self.scoped(|walk| {
            for input in &node.inputs {
                walk.bind(input);
            }
            walk.visit_expr(&node.body);
        });
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(ident) = path.path.get_ident() {
            self.read(ident.to_string());
        }
    }

    fn visit_expr_assign(&mut self, node: &'ast syn::ExprAssign) {
        self.place(&node.left, Change::Assign);
        self.visit_expr(&node.right);
    }

    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        match node.op {
            AddAssign(_) | SubAssign(_) => self.place(&node.left, Change::Accumulate),
            MulAssign(_) | DivAssign(_) | RemAssign(_) | BitXorAssign(_) | BitAndAssign(_)
            | BitOrAssign(_) | ShlAssign(_) | ShrAssign(_) => {
                self.visit_expr(&node.left);
                self.place(&node.left, Change::Assign);
            }
            _ => self.visit_expr(&node.left),
        }
        self.visit_expr(&node.right);
    }

    fn visit_expr_reference(&mut self, node: &'ast syn::ExprReference) {
        self.visit_expr(&node.expr);
        if node.mutability.is_some() {
            self.place(&node.expr, Change::Assign);
        }
    }

    fn visit_expr_method_call(&mut self, node: &'ast syn::ExprMethodCall) {
        visit::visit_expr_method_call(self, node);
        if MUTATING.contains(&node.method.to_string().as_str()) {
            self.place(&node.receiver, Change::Assign);
        }
    }

    fn visit_expr_break(&mut self, node: &'ast syn::ExprBreak) {
        self.uses.jumps = true;
        visit::visit_expr_break(self, node);
    }

    fn visit_expr_continue(&mut self, _: &'ast syn::ExprContinue) {
        self.uses.jumps = true;
    }

    fn visit_expr_return(&mut self, node: &'ast syn::ExprReturn) {
        self.uses.jumps = true;
        visit::visit_expr_return(self, node);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let generated_assert = mac.path.leading_colon.is_some()
            && mac
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "assert");
        if !generated_assert {
            self.uses.prints = true;
        }
        for name in idents(&mac.tokens) {
            self.read(name);
        }
    }
}

/// Every identifier in `tokens`.
pub(crate) fn idents(tokens: &TokenStream) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            TokenTree::Group(group) => out.extend(idents(&group.stream())),
            _ => {}
        }
    }
    out
}

/// Removes the top-level declarations of `stacks` and every store into them
/// (`s[i] = v;`, `s.push(v);`).
pub(crate) fn drop_stores(stmts: &mut Vec<Stmt>, stacks: &BTreeSet<String>) {
    stmts.retain(|stmt| match stmt {
        Stmt::Local(local) => !Uses::pattern(&local.pat)
            .iter()
            .any(|name| stacks.contains(name)),
        stmt => !is_store(stmt, stacks),
    });
    for stmt in stmts.iter_mut() {
        if let Stmt::Expr(expr, _) = stmt {
            DropStores { stacks }.visit_expr_mut(expr);
        }
    }
}

fn is_store(stmt: &Stmt, stacks: &BTreeSet<String>) -> bool {
    let root = |expr: &Expr| match expr {
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| stacks.contains(&ident.to_string())),
        _ => false,
    };
    match stmt {
        Stmt::Expr(Expr::Assign(assign), Some(_)) => match &*assign.left {
            Expr::Index(index) => root(&index.expr),
            _ => false,
        },
        Stmt::Expr(Expr::MethodCall(call), Some(_)) => {
            call.method == "push" && root(&call.receiver)
        }
        _ => false,
    }
}

/// The `stacks` named anywhere in `stmts` other than by their declarations and the
/// stores into them.
pub(crate) fn read_stacks(stmts: &[Stmt], stacks: &BTreeSet<String>) -> BTreeSet<String> {
    struct Reads<'a> {
        stacks: &'a BTreeSet<String>,
        read: BTreeSet<String>,
    }
    impl<'ast> Visit<'ast> for Reads<'_> {
        fn visit_stmt(&mut self, stmt: &'ast Stmt) {
            let declares = matches!(stmt, Stmt::Local(local)
                if Uses::pattern(&local.pat).iter().any(|name| self.stacks.contains(name)));
            if !declares && !is_store(stmt, self.stacks) {
                visit::visit_stmt(self, stmt);
            }
        }
        fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
            let name = ident.to_string();
            if self.stacks.contains(&name) {
                self.read.insert(name);
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            let named = idents(&mac.tokens);
            self.read.extend(named.intersection(self.stacks).cloned());
        }
    }
    let mut reads = Reads {
        stacks,
        read: BTreeSet::new(),
    };
    for stmt in stmts {
        reads.visit_stmt(stmt);
    }
    reads.read
}

struct DropStores<'a> {
    stacks: &'a BTreeSet<String>,
}

impl syn::visit_mut::VisitMut for DropStores<'_> {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|stmt| !is_store(stmt, self.stacks));
        syn::visit_mut::visit_block_mut(self, block);
    }
}

use syn::visit_mut::VisitMut;
