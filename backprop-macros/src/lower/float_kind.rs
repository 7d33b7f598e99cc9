//! Which expressions and variables are certainly floats: what makes an array literal
//! a local array of floats to assign into, rather than constant data of another type.

use crate::ir::{GateOp, VarId};
use crate::lower::Lowerer;
use syn::Expr;

impl Lowerer<'_> {
    /// Whether `expr` is certainly a float: a float literal, a float variable, or an
    /// element of a float array (an array literal holding one holds only floats).
    pub(crate) fn is_float_value(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Float(_),
                ..
            }) => true,
            Expr::Unary(syn::ExprUnary { expr: inner, .. })
            | Expr::Paren(syn::ExprParen { expr: inner, .. }) => self.is_float_value(inner),
            Expr::Index(_) => self.is_array_element(expr),
            Expr::MethodCall(call) => {
                let name = call.method.to_string();
                let float_method = crate::ir::ops::Unary::method(&name).is_some()
                    || crate::ir::ops::Binary::method(&name).is_some()
                    || crate::ir::ops::Ternary::method(&name).is_some();
                float_method && self.is_float_value(&call.receiver)
            }
            Expr::Call(call) => {
                matches!(&*call.func, Expr::Path(path) if path.path.segments.first().is_some_and(|first| first.ident == self.float.ident()) || self.names_gate(&path.path))
            }
            Expr::Binary(binary) => {
                matches!(
                    binary.op,
                    syn::BinOp::Add(_)
                        | syn::BinOp::Sub(_)
                        | syn::BinOp::Mul(_)
                        | syn::BinOp::Div(_)
                ) && (self.is_float_value(&binary.left) || self.is_float_value(&binary.right))
            }
            _ => self
                .as_variable(expr)
                .is_some_and(|var| self.is_float_var(var)),
        }
    }

    /// Whether `var` is certainly a float: declared so, computed by a gate, a float
    /// literal, or a copy of a loop-carried slot that starts as one.
    pub(crate) fn is_float_var(&self, var: VarId) -> bool {
        let float = self.float.ident();
        let info = &self.tape.vars[var];
        let declared =
            matches!(&info.ty, Some(syn::Type::Path(path)) if path.path.is_ident(&float));
        let computed = self
            .tape
            .defining_gate(var)
            .is_some_and(|gate| match &gate.op {
                GateOp::Diff(_) | GateOp::Index { .. } | GateOp::Call(_) => true,
                GateOp::Passive(tokens, reads) if reads.is_empty() => {
                    syn::parse2::<Expr>(tokens.clone())
                        .is_ok_and(|literal| self.is_float_constant(&literal))
                }
                // Constant code over floats (`let left = a + 0.5;` of a parameter `a`
                // not differentiated), not a cast, which may make an integer
                // (`(x * 9.0).floor() as usize`); reads come first, so this ends.
                GateOp::Passive(tokens, reads) => {
                    info.ty.is_none()
                        && !tokens.to_string().contains(" as ")
                        && reads
                            .iter()
                            .any(|&read| read < var && self.is_float_var(read))
                }
                GateOp::Copy(slot) => self
                    .slot_inits
                    .get(slot)
                    .is_some_and(|&init| self.is_float_var(init)),
                _ => false,
            });
        info.dims == 0 && (declared || computed)
    }

    /// A literal like `0.0` / `1.5f64` / `-2.0`, or a path to a constant.
    pub(crate) fn is_float_constant(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Float(_),
                ..
            }) => true,
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            })
            | Expr::Paren(syn::ExprParen { expr, .. }) => self.is_float_constant(expr),
            Expr::Path(path) => path
                .path
                .get_ident()
                .is_none_or(|ident| self.lookup(ident).is_none()),
            _ => false,
        }
    }
}
