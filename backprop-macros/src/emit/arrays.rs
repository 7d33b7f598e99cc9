//! Emission of the backward pass, array stages: an element read `v = w[i]` adds
//! into `d_w[i]`, and a grouped gate over arrays adds an array's worth of gradient
//! into each array argument's adjoint through one helper call.

use crate::emit::backward::Backward;
use crate::emit::items::respan;
use crate::ir::ops::ArrayGate;
use crate::ir::sym::Sym;
use crate::ir::{Operand, StoreMode, VarId};
use proc_macro2::{Span, TokenStream};
use quote::quote;

impl Backward<'_> {
    /// `add_scaled(&mut d_a, g, b)` and the like, for `dot`, `logsumexp`, ...
    pub(crate) fn array_gate(
        &mut self,
        id: usize,
        kind: ArrayGate,
        args: &[Operand],
    ) -> TokenStream {
        let krate = &self.cx.krate;
        let tape = self.cx.tape;
        let gate = &tape.gates[id];
        let id = &id;
        let steps = self.plan.pullbacks.get(id).cloned().unwrap_or_default();
        let mut out = TokenStream::new();
        let g = &self.names.adjoints[gate.out];
        let value = &tape.vars[gate.out].name;
        let arg = |position: usize| tape.value_tokens(args[position]);
        for (target, part) in &steps {
            let Sym::Part(_, position) = part else {
                continue;
            };
            let adjoint = &self.buffer_place(*target);
            let first = !std::mem::replace(&mut self.seen[*target], true);
            if kind == ArrayGate::Dot && first {
                // The first share: written, not added to zeros.
                let other = arg(1 - position);
                let mutable = (self.plan.contributions[*target] > 1).then(|| quote!(mut));
                out.extend(respan(
                    quote!(let #mutable #adjoint = #krate::__private::scaled(#g, &#other);),
                    gate.span,
                ));
                continue;
            }
            if first {
                out.extend(self.zero(*target, &self.names.adjoints[*target]));
            }
            let call = match kind {
                ArrayGate::Dot => {
                    let other = arg(1 - position);
                    quote!(add_scaled(&mut #adjoint, #g, &#other))
                }
                ArrayGate::LogSumExp => {
                    let x = arg(0);
                    quote!(add_softmax(&mut #adjoint, #g, &#x, #value))
                }
                ArrayGate::SoftmaxCrossEntropy => {
                    let (logits, label) = (arg(0), arg(1));
                    quote!(add_softmax_cross_entropy(&mut #adjoint, #g, &#logits, #label, #value))
                }
            };
            out.extend(respan(quote!(#krate::__private::#call;), gate.span));
        }
        out
    }

    /// `d_v += d_a[i]; d_a[i] = 0.0;` for `a[i] = v` (no clearing for `a[i] += v`).
    pub(crate) fn store_gate(
        &mut self,
        id: usize,
        array: VarId,
        indices: &[Operand],
        mode: StoreMode,
    ) -> TokenStream {
        let tape = self.cx.tape;
        let span = tape.gates[id].span;
        let steps = self.plan.pullbacks.get(&id).cloned().unwrap_or_default();
        let adjoint = &self.names.adjoints[array];
        let mut out = TokenStream::new();
        if !std::mem::replace(&mut self.seen[array], true) {
            out.extend(self.zero(array, adjoint));
        }
        if mode == StoreMode::Push {
            // Pushes are reversed last first: the element's adjoint is `d_v`'s last.
            let last = &self.names.adjoints[tape.gates[id].out];
            out.extend(respan(
                if steps.is_empty() {
                    quote!(#adjoint.pop();)
                } else {
                    quote!(let #last = #adjoint.pop().unwrap_or_default();)
                },
                span,
            ));
        }
        for (target, value) in &steps {
            out.extend(self.contribute(*target, value, span));
        }
        if mode == StoreMode::Set {
            let element = tape.element(adjoint, indices);
            out.extend(respan(quote!(#element = 0.0;), span));
        }
        out
    }

    /// `d_a += d_copy` for `copy = a` of arrays, element by element.
    pub(crate) fn accumulate_array(
        &mut self,
        array: VarId,
        copy: VarId,
        span: Span,
    ) -> TokenStream {
        let krate = &self.cx.krate;
        let adjoint = &self.buffer_place(array);
        let mut out = TokenStream::new();
        if !std::mem::replace(&mut self.seen[array], true) {
            out.extend(self.zero(array, &self.names.adjoints[array]));
        }
        let copied = &self.names.adjoints[copy];
        out.extend(respan(
            quote!(#krate::__private::Accumulate::accumulate(&mut #adjoint, &#copied);),
            span,
        ));
        out
    }

    /// The adjoint of `var` as a place to add a whole array into: `(*d_p)` for the
    /// buffer of a reference to an array.
    pub(crate) fn buffer_place(&self, var: VarId) -> TokenStream {
        let adjoint = &self.names.adjoints[var];
        if self.cx.tape.is_array_ref(var) {
            quote!((*#adjoint))
        } else {
            quote!(#adjoint)
        }
    }

    /// `d_w[i][j] += d_v` for `v = w[i][j]`.
    pub(crate) fn index_gate(
        &mut self,
        id: usize,
        array: VarId,
        fields: &[proc_macro2::Ident],
        indices: &[Operand],
    ) -> TokenStream {
        let tape = self.cx.tape;
        let gate = &tape.gates[id];
        let (id, array) = (&id, &array);
        let Some(steps) = self.plan.pullbacks.get(id).cloned() else {
            return TokenStream::new();
        };
        let mut out = TokenStream::new();
        let adjoint = &self.names.adjoints[*array];
        if !std::mem::replace(&mut self.seen[*array], true) {
            out.extend(self.zero(*array, adjoint));
        }
        let element = tape.field_element(adjoint, fields, indices);
        for (_, value) in &steps {
            let value = self.render.tokens(value);
            out.extend(respan(quote!(#element += #value;), gate.span));
        }
        out
    }
}
