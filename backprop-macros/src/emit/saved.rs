//! How a cached value is kept (`plan/layout.rs` decides): declared and saved by the
//! forward pass, unpacked and read back by the backward pass.

use crate::emit::context::Context;
use crate::ir::flow::Count;
use crate::plan::indexing::At;
use crate::plan::layout::{Field, Saved, MAX_RESERVE};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

impl Field {
    /// Forward: the declaration of the saved runs (and of the block's counter).
    pub(crate) fn declare(&self) -> TokenStream {
        let (name, ty) = (&self.name, &self.ty);
        let Some(saved) = &self.saved else {
            return TokenStream::new();
        };
        let zero = if self.by_ref {
            quote!(::core::option::Option::None)
        } else if self.float {
            quote!(0.0)
        } else if self.ty.to_string() == "bool" {
            quote!(false)
        } else {
            quote!(::core::default::Default::default())
        };
        let runs = saved.runs.tokens();
        let runs = match saved {
            Saved { at: None, .. } => quote!(let mut #name: #ty = #zero;),
            // A called function's cache is not `Copy`: its runs are `Option`s.
            Saved { array: true, .. } if self.by_ref => {
                quote!(let mut #name: #ty = [const { #zero }; #runs];)
            }
            Saved { array: true, .. } => quote!(let mut #name: #ty = [#zero; #runs];),
            Saved { budgeted: true, .. } => {
                quote!(let mut #name: #ty = ::core::default::Default::default();)
            }
            Saved {
                reserve_exact: Some(runs),
                ..
            } => quote!(let mut #name: #ty = ::std::vec::Vec::with_capacity(#runs);),
            Saved {
                runs: Count::Known(0),
                ..
            } => quote!(let mut #name: #ty = ::std::vec::Vec::new();),
            Saved { runs, .. } => {
                let reserve = reserve(runs);
                quote!(let mut #name: #ty = ::std::vec::Vec::with_capacity(#reserve);)
            }
        };
        match self.len() {
            Some(len) => quote!(#runs let mut #len: usize = 0;),
            None => runs,
        }
    }

    /// The counter of saved runs this field declares: the first saved value of a block
    /// with fixed-size arrays and its own counter.
    fn len(&self) -> Option<&Ident> {
        match &self.saved {
            Some(Saved {
                first: true,
                at: Some(At::Counter { len: Some(len), .. }),
                ..
            }) => Some(len),
            _ => None,
        }
    }

    /// Forward: save this run's `value`.
    pub(crate) fn save(&self, value: &Ident) -> TokenStream {
        let name = &self.name;
        let Some(saved) = &self.saved else {
            return TokenStream::new();
        };
        let value = if self.by_ref && (saved.once() || saved.array || saved.budgeted) {
            quote!(::core::option::Option::Some(#value))
        } else {
            value.to_token_stream()
        };
        let index = match &saved.at {
            None => return quote!(#name = #value;),
            Some(At::Index { name, .. }) => name,
            Some(At::Trips { trips, .. }) => trips,
            Some(At::Counter { len: Some(len), .. }) => len,
            Some(At::Counter { len: None, .. }) => return quote!(#name.push(#value);),
        };
        if saved.array {
            quote!(#name[#index] = #value;)
        } else {
            quote!(#name.push(#value);)
        }
    }

    /// The cache struct's fields for this value: name, type, and whether it is the
    /// counter of its block's saved runs.
    pub(crate) fn struct_fields(&self) -> Vec<(&Ident, TokenStream, bool)> {
        let mut fields = vec![(&self.name, self.ty.clone(), false)];
        if let Some(len) = self.len() {
            fields.push((len, quote!(usize), true));
        }
        fields
    }

    /// Backward: the patterns unpacking this value from `*cache` (saved runs by
    /// reference, so nothing is copied).
    pub(crate) fn unpack(&self) -> TokenStream {
        let name = &self.name;
        match (&self.saved, self.len()) {
            (Some(saved), _) if saved.once() && !self.by_ref => quote!(#name),
            (Some(_), Some(len)) => quote!(ref #name, #len),
            (Some(_), None) => quote!(ref #name),
            (None, _) if self.by_ref => quote!(ref #name),
            (None, _) => quote!(#name),
        }
    }

    /// Backward: the block's read position, starting after the last saved run.
    pub(crate) fn cursor(&self) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved {
                first: true,
                at: Some(At::Counter { len, cursor }),
                ..
            }) => match len {
                Some(len) => quote!(let mut #cursor = #len;),
                None => quote!(let mut #cursor = #name.len();),
            },
            _ => TokenStream::new(),
        }
    }

    /// Backward: read back the run being reversed.
    pub(crate) fn load(&self, value: &Ident) -> TokenStream {
        let name = &self.name;
        let Some(saved) = &self.saved else {
            return TokenStream::new();
        };
        let index = match &saved.at {
            None if self.by_ref => {
                return quote! {
                    let ::core::option::Option::Some(#value) = &#name else {
                        ::core::unreachable!("a value computed in a branch is read back where it was saved")
                    };
                }
            }
            None => return quote!(let #value = #name;),
            Some(At::Index { name, .. }) => name,
            Some(At::Trips { trip, .. }) => trip,
            Some(At::Counter { cursor, .. }) => cursor,
        };
        if self.by_ref && (saved.array || saved.budgeted) {
            quote! {
                let ::core::option::Option::Some(#value) = &#name[#index] else {
                    ::core::unreachable!("every run saved by the forward pass is read back once")
                };
            }
        } else if self.by_ref {
            quote!(let #value = &#name[#index];)
        } else {
            quote!(let #value = #name[#index];)
        }
    }
}

/// What a `Vec` reserves for a bound of `runs`: the bound, at most [`MAX_RESERVE`].
fn reserve(runs: &Count) -> TokenStream {
    match runs {
        Count::Known(runs) => {
            proc_macro2::Literal::usize_unsuffixed((*runs).min(MAX_RESERVE)).into_token_stream()
        }
        Count::Const(runs) => {
            let most = proc_macro2::Literal::usize_unsuffixed(MAX_RESERVE);
            quote!(::core::cmp::min(#runs, #most))
        }
    }
}

/// A cache field's doc: what it holds, in the user's terms, and where its runs are kept.
pub(crate) fn field_doc(cx: &Context, field: &Field) -> String {
    let tape = cx.tape;
    let var = &tape.vars[field.var];
    let name = &var.name;
    let user = |text: &str| in_user_terms(tape, text);
    let what = match tape.defining_gate(field.var) {
        Some(_) if var.in_place => {
            format!("`{name}`, the local array as its last assignment leaves it")
        }
        Some(crate::ir::Gate {
            op: crate::ir::GateOp::Copy(_),
            ..
        }) if var.block != 0 => format!(
            "`{}` at the start of each iteration",
            user(&name.to_string())
        ),
        Some(crate::ir::Gate {
            op: crate::ir::GateOp::Copy(_),
            ..
        }) => format!("`{}` after the loop", user(&name.to_string())),
        Some(gate) => format!(
            "`{} = {}`",
            user(&name.to_string()),
            user(&tape.describe(gate))
        ),
        None if var.slot.is_some() => {
            format!("`{name}`, the value joining the branches of an `if`")
        }
        None if var.ty.is_some() && tape.params.contains(&field.var) => {
            format!("The parameter `{name}`.")
        }
        None => format!("`{name}`"),
    };
    let Some(runs) = &field.saved else {
        return format!(" {what}");
    };
    if runs.once() {
        return format!(" {what}, computed in a branch (its default when the branch is not taken)");
    }
    let saved = " saved each time it is computed (read back in reverse by the backward pass)";
    match runs.where_doc(tape.blocks[var.block].runs.is_some()) {
        Some(place) => format!(" {what},{saved}.\n\n {place}"),
        None => format!(" {what},{saved}"),
    }
}

/// `text` (a gate as the tape describes it) as the user wrote it: versions under the
/// user's names (`x_1` is `x`), and tokens joined as written (`x.abs()`, not
/// `x . abs ()`; `x[i]`, not `x [i]`).
fn in_user_terms(tape: &crate::ir::Tape, text: &str) -> String {
    let named = |part: &str| {
        tape.vars.iter().any(|var| {
            var.user_named
                && crate::ir::names::plain(&var.name)
                    .trim_end_matches(|c: char| c.is_ascii_digit() || c == '_')
                    == part
        })
    };
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let plain = crate::ir::names::unversioned(word, named).unwrap_or_else(|| word.clone());
        out.push_str(&plain);
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    let out = out.replace(" . ", ".").replace(" ()", "()");
    // `f (x)` is `f(x)`, `x [i]` is `x[i]`; `a - (b)` keeps its space.
    let mut joined = String::with_capacity(out.len());
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        joined.push(c);
        if (c.is_alphanumeric() || c == '_') && chars.peek() == Some(&' ') {
            let mut ahead = chars.clone();
            ahead.next();
            if matches!(ahead.peek(), Some(&'(') | Some(&'[')) {
                chars.next();
            }
        }
    }
    joined
}
