//! Lowering, `Vec` locals: `vec![0.0; n]`, `vec![a, b]`, `Vec::with_capacity(n)`,
//! `Vec::new()` (and a chain's `collect()`, which `chain_loop.rs` turns into pushes)
//! make one variable updated in place, like a local array: elements are read
//! (`v[i]`), assigned (`v[i] = ..`, `+=`, `-=`) and pushed (`v.push(..)`), measured
//! (`v.len()`) and iterated. Its adjoint is one `Vec` as long as the `Vec` the
//! forward pass leaves, allocated once; the backward pass of `v.push(x)` pops its
//! element's adjoint off the end: `let d_v_push = d_v.pop().unwrap_or_default();
//! d_x += d_v_push;`.

use crate::ir::names::plain;
use crate::ir::{GateOp, Operand, StoreMode};
use crate::lower::Lowerer;
use quote::quote;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprMethodCall};

/// `vec![a, b, c]` as `::std::vec::Vec::from([a, b, c])` before the other rewrites,
/// so the chains and closures in its elements are desugared like any others.
pub(crate) fn rewrite(block: &mut syn::Block) {
    struct Literals;
    impl VisitMut for Literals {
        fn visit_expr_mut(&mut self, expr: &mut Expr) {
            visit_mut::visit_expr_mut(self, expr);
            let Expr::Macro(node) = expr else {
                return;
            };
            if node
                .mac
                .path
                .segments
                .last()
                .is_none_or(|last| last.ident != "vec")
            {
                return;
            }
            let inside = node.mac.tokens.clone();
            if let Ok(Expr::Array(array)) = syn::parse2::<Expr>(quote!([#inside])) {
                let span = node.mac.path.span();
                *expr = syn::parse_quote_spanned!(span=> ::std::vec::Vec::from(#array));
            }
        }
    }
    Literals.visit_block_mut(block);
}

impl Lowerer<'_> {
    /// A new `Vec` local, if `expr` makes one: `vec![c; n]` with a constant `c`,
    /// `vec![a, b, ..]`, `Vec::with_capacity(n)`, `Vec::new()`.
    pub(crate) fn lower_vec(&mut self, expr: &Expr, hint: &str) -> Option<Operand> {
        let float = self.float.ident();
        let (make, items): (proc_macro2::TokenStream, Vec<Expr>) = match expr {
            Expr::Macro(node) if node.mac.path.segments.last()?.ident == "vec" => {
                let inside = node.mac.tokens.clone();
                match syn::parse2::<Expr>(quote!([#inside])).ok()? {
                    Expr::Repeat(repeat) => {
                        if !self.is_float_constant(&repeat.expr) {
                            self.error(expr, "`vec![v; n]` needs a constant fill (`vec![0.0; n]`); push the values instead: `let mut v = Vec::with_capacity(n); for _ in 0..n { v.push(value); }`");
                            return Some(self.lit_tokens(quote!(0.0)));
                        }
                        let (len, _) = self.passive_tokens(&repeat.len);
                        let fill = &repeat.expr;
                        (quote!(::std::vec![#fill; #len]), Vec::new())
                    }
                    _ => return None,
                }
            }
            Expr::Call(call) => {
                let Expr::Path(path) = &*call.func else {
                    return None;
                };
                let names: Vec<String> = path
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                let vec_at = names.len().checked_sub(2)?;
                if names[vec_at] != "Vec" {
                    return None;
                }
                match (names[vec_at + 1].as_str(), call.args.len()) {
                    ("new", 0) => (quote!(::std::vec::Vec::new()), Vec::new()),
                    // `vec![a, b]`, as `rewrite` leaves it.
                    ("from", 1) => {
                        let Expr::Array(array) = &call.args[0] else {
                            return None;
                        };
                        let len = proc_macro2::Literal::usize_unsuffixed(array.elems.len());
                        let items = array.elems.iter().cloned().collect();
                        (quote!(::std::vec::Vec::with_capacity(#len)), items)
                    }
                    ("with_capacity", 1) => {
                        let (len, _) = self.passive_tokens(&call.args[0]);
                        (quote!(::std::vec::Vec::with_capacity(#len)), Vec::new())
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        if self.current_block() != 0 {
            // Reported, and still made: its pushes and reads are not reported again.
            self.error(expr, "a `Vec` local is declared in the function body, outside loops and branches (its adjoint is allocated once): declare it before the loop, and push or assign its elements inside");
        }
        let reads = self.passive_tokens(expr).1;
        let name = self.namer.numbered(&format!("{hint}_vec"));
        let var = self.push_gate_here(name, GateOp::Passive(make, reads), expr.span());
        let made = &mut self.tape.vars[var];
        made.ty = Some(syn::parse_quote!(::std::vec::Vec<#float>));
        made.dims = 1;
        made.in_place = true;
        for item in &items {
            self.lower_push(var, item);
        }
        Some(Operand::Var(var))
    }

    /// `v.push(value);` of a `Vec` local, if `call` is one.
    pub(crate) fn lower_push_call(&mut self, call: &ExprMethodCall) -> bool {
        let Some(var) = self.as_variable(&call.receiver) else {
            return false;
        };
        if call.method != "push" || call.args.len() != 1 || !self.tape.is_vec(var) {
            return false;
        }
        self.lower_push(var, &call.args[0]);
        true
    }

    fn lower_push(&mut self, vec: crate::ir::VarId, item: &Expr) {
        let span = item.span();
        let vec_name = plain(&self.tape.vars[vec].name);
        let value = self.lower_expr(item, &format!("{vec_name}_item"));
        if matches!(value, Operand::Var(id) if self.tape.vars[id].dims > 0) {
            self.errors
                .push(item, "a `Vec` local holds floats; push one value at a time");
            return;
        }
        self.element_reads.retain(|(array, _), _| *array != vec);
        let name = self.namer.fresh(&format!("{vec_name}_push"));
        let op = GateOp::Store {
            array: vec,
            indices: Vec::new(),
            value,
            mode: StoreMode::Push,
        };
        self.push_gate_here(name, op, span);
    }
}
