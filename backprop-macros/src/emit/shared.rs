//! Shared local-gradient values (`plan/cse.rs`) declared in the backward pass, each
//! just before the first contribution that reads it.

use crate::emit::backward::Backward;
use crate::emit::items::respan;
use crate::plan::cse::shared_reads;
use proc_macro2::TokenStream;
use quote::quote;

impl Backward<'_> {
    /// `let cos_x = x.cos();` for each shared value declared before `gate`'s
    /// contributions, the values it reads first.
    pub(crate) fn shared_lets(&self, gate: usize) -> TokenStream {
        let mut out = TokenStream::new();
        let mut done = Vec::new();
        for (index, shared) in self.plan.shared.iter().enumerate() {
            if shared.gate == gate {
                self.declare(index, gate, &mut done, &mut out);
            }
        }
        out
    }

    fn declare(&self, index: usize, gate: usize, done: &mut Vec<usize>, out: &mut TokenStream) {
        let Some(shared) = self.plan.shared.get(index) else {
            return;
        };
        if shared.gate != gate || done.contains(&index) {
            return;
        }
        done.push(index);
        let mut reads = Vec::new();
        shared_reads(&shared.value, &mut reads);
        for read in reads {
            self.declare(read, gate, done, out);
        }
        if let Some(name) = self.names.shared.get(index) {
            let value = self.render.tokens(&shared.value);
            let span = self.cx.tape.gates[gate].span;
            out.extend(respan(quote!(let #name = #value;), span));
        }
    }
}
