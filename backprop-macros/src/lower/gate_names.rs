//! Which calls are backprop's grouped gates. A gate's name (`sigmoid`, `huber`, `dot`)
//! means backprop's gate when it is a path into `backprop` or imported from it in the
//! body, and the user's function when the body declares or imports a function of that
//! name from elsewhere (or binds a local of that name). A bare name the body says
//! nothing about is read as the gate, and the generated code checks that it is:
//! `const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);`
//! fails to compile, naming both functions, if the name finds a function of the user's.

use crate::ir::names::plain;
use crate::ir::ops::{ArrayGate, Binary, Unary};
use crate::lower::Lowerer;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::Visit;

/// What the function's body declares about gate names.
#[derive(Default)]
pub(crate) struct GateScope {
    /// Local names of backprop's gates imported in the body (`use backprop::sigmoid as
    /// s;`: `s` -> `sigmoid`).
    backprop: BTreeMap<String, String>,
    /// Whether the body imports all of backprop (`use backprop::*;`).
    backprop_glob: bool,
    /// Names the body declares (`fn huber(..)`) or imports from elsewhere.
    yours: BTreeSet<String>,
    /// Gate names already checked in the generated code.
    checked: BTreeSet<String>,
    /// The name backprop goes by in this crate (`backprop`, or what `Cargo.toml`
    /// renames it to).
    krate: String,
}

impl GateScope {
    /// The declarations and imports in `block` (nested blocks included, not the bodies
    /// of nested items).
    pub(crate) fn of(block: &syn::Block, krate: &Ident) -> GateScope {
        let mut scope = GateScope {
            krate: plain(krate),
            ..GateScope::default()
        };
        scope.visit_block(block);
        scope
    }

    fn import(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(plain(&path.ident));
                self.import(&path.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.bind(prefix, &name.ident, &name.ident),
            syn::UseTree::Rename(rename) => self.bind(prefix, &rename.ident, &rename.rename),
            syn::UseTree::Glob(_) => self.backprop_glob |= self.is_backprop(prefix),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.import(tree, prefix);
                }
            }
        }
    }

    /// `backprop::..` (the leading `::` is not kept in the prefix).
    fn is_backprop(&self, prefix: &[String]) -> bool {
        prefix.len() == 1 && prefix[0] == self.krate
    }

    fn bind(&mut self, prefix: &[String], original: &Ident, local: &Ident) {
        let (original, local) = (plain(original), plain(local));
        if local == "self" || local == "_" {
            return;
        }
        if self.is_backprop(prefix) && is_gate_name(&original) {
            self.backprop.insert(local, original);
        } else {
            self.yours.insert(local);
        }
    }
}

impl<'ast> Visit<'ast> for GateScope {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        match item {
            syn::Item::Fn(item_fn) => {
                self.yours.insert(plain(&item_fn.sig.ident));
            }
            syn::Item::Use(item_use) => self.import(&item_use.tree, &mut Vec::new()),
            _ => {}
        }
    }
}

/// Whether `name` is one of backprop's grouped gates.
fn is_gate_name(name: &str) -> bool {
    ArrayGate::from_name(name).is_some()
        || Unary::gate(name).is_some()
        || Binary::gate(name).is_some()
}

impl Lowerer<'_> {
    /// The gate a call of `path` means (`backprop::huber`, or a bare `huber` the body does
    /// not declare), by its name in backprop, and whether the name is bare and unchecked
    /// (the body says nothing about it); `None` for any other function.
    fn resolve_gate(&self, path: &syn::Path) -> Option<(String, bool)> {
        let segments: Vec<&Ident> = path.segments.iter().map(|segment| &segment.ident).collect();
        match segments.as_slice() {
            [krate, name] if **krate == self.backprop => {
                let gate = plain(name);
                is_gate_name(&gate).then_some((gate, false))
            }
            [name] if self.lookup(name).is_none() => {
                let local = plain(name);
                if let Some(gate) = self.gate_scope.backprop.get(&local) {
                    return Some((gate.clone(), false));
                }
                let yours = self.gate_scope.yours.contains(&local);
                (!yours && is_gate_name(&local)).then_some((local, true))
            }
            _ => None,
        }
    }

    /// Whether a call of `path` calls one of backprop's grouped gates (each returns a
    /// float), without the check [`Lowerer::gate_called`] adds.
    pub(crate) fn names_gate(&self, path: &syn::Path) -> bool {
        self.resolve_gate(path).is_some()
    }

    /// The gate a call of `path` means, by its name in backprop; `None` for any other
    /// function. A bare name the body says nothing about gets its check.
    pub(crate) fn gate_called(&mut self, path: &syn::Path) -> Option<String> {
        let (gate, unchecked) = self.resolve_gate(path)?;
        if unchecked
            && !self.gate_scope.backprop_glob
            && self.gate_scope.checked.insert(gate.clone())
        {
            let name = &path.segments.last()?.ident;
            // A `const` item cannot name the function's type parameter: the name is
            // checked at `f64`, the same function item for every float type.
            let float = match &self.float {
                crate::parse::signature::Float::Generic(_) => format_ident!("f64"),
                float => float.ident(),
            };
            let check = gate_check(name, &gate, &float, &self.backprop);
            self.tape.items.push(syn::Item::Verbatim(check));
        }
        Some(gate)
    }
}

/// `const _: () = ::backprop::__private::gate_check(name, ::backprop::gate::<f64>);`,
/// the first argument spanned at the user's name, so the error points at the call.
fn gate_check(name: &Ident, gate: &str, float: &Ident, krate: &Ident) -> TokenStream {
    let gate = format_ident!("{}", gate);
    // The array gates' length is any: only the function item is compared.
    let generics = if ArrayGate::from_name(&gate.to_string()).is_some() {
        quote!(::<#float, 0>)
    } else {
        quote!(::<#float>)
    };
    quote! {
        const _: () = ::#krate::__private::gate_check(#name, ::#krate::#gate #generics);
    }
}
