//! Lowering, statements: `let` bindings (a new variable named after the user's) and
//! assignments (`x = ..`, `x += ..`: a new version of the variable).

use crate::ir::names::plain;
use crate::ir::{GateOp, Operand, StoreMode, VarId};
use crate::lower::passive::is_compound_assignment;
use crate::lower::Lowerer;
use proc_macro2::Ident;
use syn::spanned::Spanned;
use syn::{Expr, ExprBinary, Local, Pat, Type};

impl Lowerer<'_> {
    pub(crate) fn lower_let(&mut self, local: &Local) {
        let Some(init) = &local.init else {
            // `let s;` assigned later (in each branch of an `if`): a name without a
            // value yet; the branches' assignments meet in a merge.
            match binding_ident(strip_type(&local.pat)) {
                Some(ident) => {
                    let name = plain(&ident);
                    let var_name = self.namer.user(&name);
                    let var = self.new_var(var_name, false, None);
                    self.bind(&name, var);
                }
                None => {
                    self.error(&local.pat, "`#[differentiate]` supports only simple bindings (`let name;` or `let name = ..;`)");
                    self.poison_bindings(&local.pat);
                }
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
                self.error(&local.pat, "`#[differentiate]` supports only simple bindings (`let name = ..;` or `let mut name = ..;`); destructure by hand: `let t = ..; let a = t[0];`, or one `let` per value");
                self.poison_bindings(&local.pat);
            }
            return;
        };
        let name = plain(&ident);
        if self.struct_copy(local, &init.expr, &name) {
            return;
        }
        let first_new = self.tape.vars.len();
        let errors_before = self.errors.count();
        let mut var = self.bind_value(&name, &init.expr, ty);
        if self.errors.count() > errors_before {
            self.poisoned.insert(var);
        }
        if self.tape.is_slice(var) && !self.tape.is_array_ref(var) && var < first_new {
            self.error(&local.pat, {
                let slice = plain(&self.tape.vars[var].name);
                format!("a slice cannot be copied into a local here; read its elements (`{slice}[i]`), or fill a fixed-size local array from them: `let mut {name} = [0.0; N]; for i in 0..N {{ {name}[i] = {slice}[i]; }}`")
            });
        } else if self.tape.vars[var].dims > 0 {
            let mutable =
                matches!(strip_type(&local.pat), Pat::Ident(pat) if pat.mutability.is_some());
            if var >= first_new && self.tape.is_vec(var) {
                // A new `Vec` (`vec![..]`, `collect()`): one variable from here on.
            } else if self.tape.is_vec(var) {
                let vec = plain(&self.tape.vars[var].name);
                self.error(&init.expr, format!("a `Vec` local is read by element (`{vec}[i]`), measured (`{vec}.len()`) and iterated (`{vec}.iter()`, `&{vec}[a..b]`), not moved or copied whole: use `{vec}` itself"));
            } else if mutable && var >= first_new && !self.tape.vars[var].in_place {
                // A new array (`[0.0; N]`, `[a, b]`): assigned in place from here, maybe
                // with differentiated values.
                self.tape.vars[var].in_place = true;
                self.tape.vars[var].active = true;
            } else if mutable || self.tape.vars[var].in_place {
                // Another array's value, copied: `let mut a = w;`, `let b = a;`.
                var = self.copy_array(var, &name, mutable);
            }
        }
        self.bind(&name, var);
    }

    /// `let s = *s0;` or `let s = s0;` of a struct parameter: `s` names the same
    /// struct (its fields are read as `s0`'s, their adjoints go to `d_s0`). Whether it
    /// was one.
    fn struct_copy(&mut self, local: &Local, init: &Expr, name: &str) -> bool {
        let source = match strip_parens(init) {
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => &*unary.expr,
            other => other,
        };
        let Some(var) = self
            .as_variable(source)
            .filter(|&var| self.tape.is_struct(var))
        else {
            return false;
        };
        if matches!(strip_type(&local.pat), Pat::Ident(pat) if pat.mutability.is_some()) {
            let struct_name = plain(&self.tape.vars[var].name);
            self.error(&local.pat, format!("a copy of the struct `{struct_name}` cannot be updated in a `#[differentiate]` function yet; copy the fields it changes into locals (`let mut x = {struct_name}.x;`) or read `{struct_name}` itself"));
        }
        self.bind(name, var);
        true
    }

    /// Binds the names of a pattern that was reported as unsupported to variables
    /// marked as reported, so their later uses are not reported again.
    fn poison_bindings(&mut self, pat: &Pat) {
        for ident in crate::lower::passive::pattern_bindings(pat) {
            let name = plain(&ident);
            let var_name = self.namer.user(&name);
            let var = self.new_var(var_name, false, None);
            self.poisoned.insert(var);
            self.bind(&name, var);
        }
    }

    /// Lowers `expr` as the new value of the user's variable `name`; returns its
    /// variable, named after the user's binding.
    /// An item declared in the body (`const K: f64 = ..;`, `use`, a helper `fn`): kept
    /// for the generated bodies. A `#[differentiate] fn` there would generate its
    /// structs inside the body, where this function's cache cannot name them.
    pub(crate) fn body_item(&mut self, item: &syn::Item) {
        if let syn::Item::Fn(inner) = item {
            let marked = inner.attrs.iter().find(|attr| {
                attr.path()
                    .segments
                    .last()
                    .is_some_and(|segment| segment.ident == "differentiate")
            });
            if let Some(attr) = marked {
                self.error(
                    attr,
                    format!(
                        "a `#[differentiate]` function cannot be nested inside another one; move `{}` out of this function, next to it",
                        inner.sig.ident
                    ),
                );
                return;
            }
        }
        self.tape.items.push(item.clone());
    }

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
        if let Some(ty) = ty {
            // A call's value typed `[f64; N]` is an array, read by element.
            let called = matches!(self.tape.gates.last(), Some(gate) if gate.out == id && matches!(gate.op, GateOp::Call(_)));
            if called {
                self.tape.vars[id].dims = crate::ir::types::array_depth(&ty);
            }
            self.tape.vars[id].ty = Some(ty);
        }
        id
    }

    /// Gives a temporary the name of the user's binding it turned out to be.
    pub(crate) fn rename_after_user(&mut self, id: VarId, name: &str) {
        let temporary = plain(&self.tape.vars[id].name);
        self.namer.release(&temporary);
        self.tape.vars[id].name = self.namer.user(name);
    }

    /// An expression statement: an assignment (anything else has no effect).
    pub(crate) fn lower_statement(&mut self, expr: &Expr) {
        if let Some((target, value, mode)) = element_assignment(expr) {
            self.lower_store(target, &value, mode);
            return;
        }
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
            Expr::MethodCall(call) if self.lower_push_call(call) => return,
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
        if let Some(var) = self
            .lookup(ident)
            .filter(|&var| self.tape.vars[var].dims > 0)
        {
            let name = plain(&self.tape.vars[var].name);
            self.error(target, format!("`#[differentiate]` reassigns a whole array when it sees its length (an array parameter, `[0.0; N]`, `[x, y]`, a `let` with its type); give `{name}` its type (`let mut {name}: [f64; N] = ..;`), or assign the elements (`{name}[i] = ..;`)"));
            return;
        }
        let name = plain(ident);
        let var = self.bind_value(&name, &value, None);
        self.rebind(&name, var);
    }
}

/// `a[i] = v`, `a[i] += v`, `a[i] -= v` as (target, value, mode); other compound
/// assignments to an element (`a[i] *= v`) as `a[i] = a[i] * v`.
fn element_assignment(expr: &Expr) -> Option<(&Expr, Expr, StoreMode)> {
    match expr {
        Expr::Assign(assign) if is_element(&assign.left) => {
            Some((&assign.left, (*assign.right).clone(), StoreMode::Set))
        }
        Expr::Binary(binary) if is_element(&binary.left) => {
            let mode = match binary.op {
                syn::BinOp::AddAssign(_) => StoreMode::Add,
                syn::BinOp::SubAssign(_) => StoreMode::Sub,
                _ => {
                    let op = plain_op(&binary.op)?;
                    let value = Expr::Binary(ExprBinary {
                        attrs: Vec::new(),
                        left: binary.left.clone(),
                        op,
                        right: binary.right.clone(),
                    });
                    return Some((&binary.left, value, StoreMode::Set));
                }
            };
            Some((&binary.left, (*binary.right).clone(), mode))
        }
        _ => None,
    }
}

fn is_element(expr: &Expr) -> bool {
    match expr {
        Expr::Index(_) => true,
        Expr::Paren(inner) => is_element(&inner.expr),
        _ => false,
    }
}

fn strip_type(pat: &Pat) -> &Pat {
    match pat {
        Pat::Type(typed) => strip_type(&typed.pat),
        other => other,
    }
}

/// The bound name of `let name` / `let mut name`.
pub(crate) fn binding_ident(pat: &Pat) -> Option<Ident> {
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

/// `expr` without parentheses and invisible groups.
fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip_parens(&inner.expr),
        Expr::Group(inner) => strip_parens(&inner.expr),
        other => other,
    }
}
