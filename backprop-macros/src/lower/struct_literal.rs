//! Lowering, the struct literal a struct-returning function ends with: each field's
//! value is one of the function's values, in the order of the first literal (a later
//! one, in another branch, names the same fields, in any order). The backward pass's
//! seed `d_out: &State` gives each value its adjoint, the field of the same name.
//!
//! Input:  `State { x: s.x + dt * s.v, v: s.v - dt * k * s.x }`
//! Output: values `[x_next, v_next]`, fields `[x, v]`; forward `State { x: .., v: .. }`

use crate::lower::flow::End;
use crate::lower::Lowerer;
use syn::ExprStruct;

impl Lowerer<'_> {
    /// The function's values from the fields of `literal`.
    pub(crate) fn lower_struct_literal(&mut self, literal: &ExprStruct, hint: &str) -> End {
        if let Some(rest) = &literal.rest {
            self.error(rest, "a `#[differentiate]` function returning a struct names every field of the literal it ends with; write the remaining fields out (`mass: s.mass`) instead of `..`");
        }
        let mut named = Vec::new();
        for field in &literal.fields {
            match &field.member {
                syn::Member::Named(name) => named.push((name.clone(), &field.expr)),
                syn::Member::Unnamed(_) => {
                    self.error(field, "a `#[differentiate]` function returns a struct with named fields (`State { x: .., v: .. }`)");
                    return End::Tuple(Vec::new());
                }
            }
        }
        if self.tape.output_fields.is_empty() {
            self.tape.output_fields = named.iter().map(|(name, _)| name.clone()).collect();
        }
        let order = self.tape.output_fields.clone();
        let same_fields = named.len() == order.len()
            && order
                .iter()
                .all(|name| named.iter().any(|(other, _)| other == name));
        if !same_fields {
            let fields: Vec<String> = order.iter().map(ToString::to_string).collect();
            self.error(
                literal,
                format!(
                    "every struct literal this function returns names the same fields: {}",
                    fields.join(", ")
                ),
            );
            return End::Tuple(Vec::new());
        }
        // Values in source order (as they run), then placed in the first literal's order.
        let mut values: Vec<(proc_macro2::Ident, crate::ir::Operand)> = Vec::new();
        for (name, expr) in named {
            let hint = format!("{hint}_{name}");
            values.push((name, self.lower_expr(expr, &hint)));
        }
        End::Tuple(
            order
                .iter()
                .filter_map(|name| values.iter().find(|(other, _)| other == name))
                .map(|(_, value)| *value)
                .collect(),
        )
    }
}
