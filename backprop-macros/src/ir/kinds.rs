//! What kind of value a variable is: a `Vec` local, a slice or array reference, a
//! struct parameter by reference or by value, a carried slot. Each kind decides where
//! its adjoint lives (a local, the caller's buffer `d_x`, a carried accumulator).

use crate::ir::flow::Slot;
use crate::ir::{Tape, VarId};

impl Tape {
    /// Whether `var` is a `Vec` local (`Vec<f64>`): its adjoint is a `Vec` as long.
    pub(crate) fn is_vec(&self, var: VarId) -> bool {
        crate::ir::types::is_vec_type(self.vars[var].ty.as_ref())
    }

    /// Whether `var` is a slice parameter (`&[f64]`), or another whose gradient goes
    /// into a buffer (a struct by reference or by value).
    pub(crate) fn is_slice(&self, var: VarId) -> bool {
        matches!(self.vars[var].ty, Some(syn::Type::Reference(_))) && self.params.contains(&var)
            || self.owned.contains(&var)
    }

    /// Whether `var` is a struct parameter by value (`s: State`).
    pub(crate) fn is_owned(&self, var: VarId) -> bool {
        self.owned.contains(&var)
    }

    /// Whether `var` is a struct parameter by reference (`p: &Params`) or by value
    /// (`s: State`): its fields are read (`p.w[i]`), its gradient added into the
    /// buffer `d_p`.
    pub(crate) fn is_struct(&self, var: VarId) -> bool {
        self.is_slice(var) && self.vars[var].dims == 0
    }

    /// Whether `var` is a reference-to-array parameter (`&[f64; N]`): a slice whose
    /// length is known from its type.
    pub(crate) fn is_array_ref(&self, var: VarId) -> bool {
        matches!(&self.vars[var].ty, Some(syn::Type::Reference(reference)) if matches!(*reference.elem, syn::Type::Array(_)))
            && self.params.contains(&var)
    }

    /// Whether `var` is a carried slot (its adjoint is reset when it is overwritten).
    pub(crate) fn is_carry(&self, var: VarId) -> bool {
        self.vars[var].slot == Some(Slot::Carry)
    }
}
