//! The forward-mode tangents of differentiable and array gates (`jvp.rs`): a
//! differentiable gate's tangent is the sum, over its varying inputs, of the input's
//! pullback applied to that input's tangent; an array gate's is its product rule or
//! softmax dotted with the tangent.

use crate::emit::jvp::Tangent;
use crate::ir::ops::{ArrayGate, Op};
use crate::ir::sym::{operand_sym, Arith, Sym};
use crate::ir::{rules, Operand, VarId};
use proc_macro2::TokenStream;
use quote::quote;

impl Tangent<'_> {
    /// The sum over varying inputs of the input's pullback, seeded with its tangent.
    pub(crate) fn diff_tangent(&self, out: VarId, op: &Op<Operand>) -> TokenStream {
        let symbolic = op.map(|input| operand_sym(self.cx.tape, *input));
        let mut total: Option<Sym> = None;
        for (position, input) in op.inputs().into_iter().enumerate() {
            let Some(var) = self.live(*input) else {
                continue;
            };
            let pullback = rules::pullback(&symbolic, &Sym::Var(out), &Sym::Adj(var));
            if let Some(Some(term)) = pullback.into_iter().nth(position) {
                let term = tidy(term);
                total = Some(match (total, positive(&term)) {
                    (Some(sum), Some(magnitude)) => sum - magnitude,
                    (Some(sum), None) => sum + term,
                    (None, _) => term,
                });
            }
        }
        match total {
            Some(sum) => self.render.tokens(&sum),
            None => self.zero(None),
        }
    }

    /// The tangent of an array gate: `dot` by the product rule, `logsumexp` and the
    /// cross-entropy as the softmax (minus the one-hot label) dotted with the tangent.
    pub(crate) fn array_gate_tangent(
        &self,
        gate: ArrayGate,
        out: VarId,
        args: &[Operand],
    ) -> TokenStream {
        let tape = self.cx.tape;
        let krate = &self.cx.krate;
        let value = |operand: Operand| tape.operand_tokens(operand);
        let out = &tape.vars[out].name;
        match gate {
            ArrayGate::Dot => {
                let (a, b) = (args[0], args[1]);
                let terms: Vec<TokenStream> = [(a, b), (b, a)]
                    .into_iter()
                    .filter(|(side, _)| self.live(*side).is_some())
                    .map(|(side, other)| {
                        let (tangent, other) = (self.operand(side), value(other));
                        quote!(#krate::dot(#tangent, #other))
                    })
                    .collect();
                quote!(#(#terms)+*)
            }
            ArrayGate::LogSumExp => {
                let (x, tangent) = (value(args[0]), self.operand(args[0]));
                quote!(#krate::__private::softmax_dot(&#x, #out, &#tangent))
            }
            ArrayGate::SoftmaxCrossEntropy => {
                let (logits, label) = (value(args[0]), value(args[1]));
                let tangent = self.operand(args[0]);
                quote!(#krate::__private::softmax_cross_entropy_dot(&#logits, #label, #out, &#tangent))
            }
        }
    }
}

/// `b / a` for `1.0 / a * b`, as a person writes it.
fn tidy(term: Sym) -> Sym {
    match term {
        Sym::Bin(Arith::Mul, left, right) => match *left {
            Sym::Bin(Arith::Div, one, den) if *one == Sym::Num(1.0) => *right / *den,
            left => Sym::Bin(Arith::Mul, Box::new(left), right),
        },
        term => term,
    }
}

/// `a * b` for a term `-a * b` (or `-a / b`, `-(a)`), so a sum can subtract it.
fn positive(term: &Sym) -> Option<Sym> {
    match term {
        Sym::Neg(inner) => Some((**inner).clone()),
        Sym::Num(value) if *value < 0.0 => Some(Sym::Num(-value)),
        Sym::Bin(op @ (Arith::Mul | Arith::Div), left, right) => {
            positive(left).map(|left| Sym::Bin(*op, Box::new(left), right.clone()))
        }
        _ => None,
    }
}
