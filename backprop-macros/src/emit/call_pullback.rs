//! Emission of the backward pass, calls of other `#[differentiate]` functions: the
//! callee's pullback gives each value argument's share in a tuple and adds each
//! reference argument's share into the matching part of the caller's adjoint, passed
//! as a buffer (`ir/views.rs`).
//!
//! Output: `let (d_h_a, _) = g_pullback(&h_cache, d_h, &mut d_x[1..n]); d_a += d_h_a;`

use crate::emit::backward::Backward;
use crate::emit::items::respan;
use crate::ir::sym::Sym;
use crate::ir::views::{Part, View};
use crate::ir::{Call, VarId};
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};

impl Backward<'_> {
    /// The reversal of a call: the pullback, then each share added where it goes.
    pub(crate) fn call_gate(&mut self, id: usize, call: &Call) -> TokenStream {
        let tape = self.cx.tape;
        let gate = &tape.gates[id];
        let steps = self.plan.pullbacks.get(&id).cloned().unwrap_or_default();
        let mut out = TokenStream::new();
        // The arrays a buffer is cut from exist before the call.
        for (index, view) in call.views.iter().enumerate() {
            if let Some(view) = view.as_ref().filter(|view| view.by_ref) {
                if tape.is_active(call.args[index]) {
                    out.extend(self.declare_array(view.array));
                }
            }
        }
        out.extend(self.pullback_call(call, gate.out, gate.span));
        for (target, value) in &steps {
            let view = match value {
                Sym::Part(_, index) => call.views.get(*index).and_then(Option::as_ref),
                _ => None,
            };
            match view {
                Some(view) if view.by_ref => {}
                Some(view) => out.extend(self.add_array_share(*target, view, value, gate.span)),
                None => {
                    let direct = match value {
                        Sym::Part(out, index) => {
                            self.names.parts.get(&(*out, *index))
                                == Some(&self.names.adjoints[*target])
                        }
                        _ => false,
                    };
                    if direct {
                        self.seen[*target] = true;
                    } else {
                        out.extend(self.contribute(*target, value, gate.span));
                    }
                }
            }
        }
        out
    }

    /// `let mut d_x = [0.0; N];` if `d_x` is not declared yet.
    fn declare_array(&mut self, var: VarId) -> TokenStream {
        if std::mem::replace(&mut self.seen[var], true) {
            TokenStream::new()
        } else {
            self.zero(var, &self.names.adjoints[var])
        }
    }

    /// An array argument's share from the tuple, added into its part of the adjoint:
    /// `Accumulate::accumulate(&mut d_m[i], &d_h_m);` (or the share itself as the
    /// adjoint of a whole array that gets nothing else).
    fn add_array_share(
        &mut self,
        target: VarId,
        view: &View,
        value: &Sym,
        span: Span,
    ) -> TokenStream {
        let Sym::Part(out, index) = value else {
            return TokenStream::new();
        };
        let Some(share) = self.names.parts.get(&(*out, *index)) else {
            return TokenStream::new();
        };
        if *share == self.names.adjoints[target] {
            self.seen[target] = true;
            return TokenStream::new();
        }
        if view.part == Part::Whole && !self.seen[target] && !self.cx.tape.is_slice(target) {
            // The first share is the adjoint.
            self.seen[target] = true;
            let adjoint = &self.names.adjoints[target];
            let mutable = (self.plan.contributions[target] > 1).then(|| quote!(mut));
            return respan(quote!(let #mutable #adjoint = #share;), span);
        }
        let mut tokens = self.declare_array(target);
        let krate = &self.cx.krate;
        let place = match view.part {
            Part::Whole if view.fields.is_empty() => self.buffer_place(target),
            _ => {
                let adjoint = &self.names.adjoints[target];
                view.place(self.cx.tape, &quote!(#adjoint))
            }
        };
        tokens.extend(respan(
            quote!(#krate::__private::Accumulate::accumulate(&mut #place, &#share);),
            span,
        ));
        tokens
    }

    /// The buffer passed for a reference argument: the matching part of its adjoint
    /// (`&mut d_x[1..n]`, `&mut d_p.l1`), or for a constant argument a scratch that
    /// takes the callee's share (a slice gets none: the callee must not want it).
    fn buffer_argument(&self, view: &View, active: bool) -> TokenStream {
        let tape = self.cx.tape;
        let krate = &self.cx.krate;
        if !active {
            return if tape.is_struct(view.array) {
                let value = view.place(tape, &tape.vars[view.array].name.to_token_stream());
                quote!(&mut #krate::Differentiable::zeros_like(&#value))
            } else if view.is_slice(tape) {
                quote!(&mut [])
            } else {
                quote!(&mut #krate::__private::Zero::zero())
            };
        }
        let adjoint = &self.names.adjoints[view.array];
        if view.part == Part::Whole && view.fields.is_empty() {
            // Reborrowed: the buffer is passed on.
            quote!(&mut *#adjoint)
        } else {
            let place = view.place(tape, &quote!(#adjoint));
            quote!(&mut #place)
        }
    }

    /// `let (d_h_a, _) = g_pullback(&h_cache, d_h, &mut d_x[1..n]);`
    fn pullback_call(&self, call: &Call, out: VarId, span: Span) -> TokenStream {
        let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, self.cx.self_type())
        else {
            return TokenStream::new();
        };
        let tape = self.cx.tape;
        let pullback = callee.item(&callee.names.pullback);
        let parts: Vec<TokenStream> = (0..call.args.len())
            .map(|index| match self.names.parts.get(&(out, index)) {
                Some(name) => quote!(#name),
                None => quote!(_),
            })
            .collect();
        let name = &tape.vars[call.cache].name;
        // A run read back from the saved runs is a reference already.
        let saved = self
            .fields
            .iter()
            .any(|field| field.var == call.cache && field.saved.is_some());
        let cache = if saved { quote!(#name) } else { quote!(&#name) };
        let adjoint = &self.names.adjoints[out];
        let buffers: Vec<TokenStream> = call
            .args
            .iter()
            .zip(&call.views)
            .filter_map(|(arg, view)| {
                let view = view.as_ref().filter(|view| view.by_ref)?;
                Some(self.buffer_argument(view, tape.is_active(*arg)))
            })
            .collect();
        let call = quote!(#pullback(#cache, #adjoint #(, #buffers)*));
        if parts.iter().all(|part| part.to_string() == "_") {
            return respan(quote!(#call;), span);
        }
        respan(quote!(let (#(#parts,)*) = #call;), span)
    }
}
