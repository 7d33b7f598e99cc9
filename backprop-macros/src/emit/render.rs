//! Rendering of [`Sym`] expressions as Rust tokens, with only the parentheses that
//! precedence needs, and path form (`f64::ln(2.0)`) where a method's receiver has no
//! known float type.

use crate::ir::sym::{Arith, Sym};
use crate::ir::Tape;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// What rendering needs to know: names of values and adjoints, and the float type.
pub(crate) struct Render<'a> {
    pub(crate) tape: &'a Tape,
    pub(crate) adjoints: &'a [Ident],
    /// Names of the parts of called functions' pullbacks.
    pub(crate) parts: &'a std::collections::BTreeMap<(crate::ir::VarId, usize), Ident>,
    /// Names of the parts of the seed of a function returning a tuple.
    pub(crate) seed_parts: &'a [Ident],
    /// Names of the shared local-gradient subexpressions (`cse.rs`).
    pub(crate) shared: &'a [Ident],
    pub(crate) float: Ident,
    /// The path of the `backprop` crate (`Context::krate`).
    pub(crate) krate: proc_macro2::TokenStream,
}

const ATOM: u8 = 6;
const POSTFIX: u8 = 5;
const PREFIX: u8 = 4;

impl Render<'_> {
    /// `sym` as Rust tokens.
    pub(crate) fn tokens(&self, sym: &Sym) -> TokenStream {
        self.at(sym, 0)
    }

    /// Renders `sym` where an expression of precedence `min` or tighter is needed.
    fn at(&self, sym: &Sym, min: u8) -> TokenStream {
        let (tokens, precedence) = self.bare(sym);
        if precedence < min {
            quote!((#tokens))
        } else {
            tokens
        }
    }

    /// A folded constant, written with the digits its float type holds (`0.01`, not
    /// `0.010000000000000002`, in an `f32` function).
    fn number(&self, value: f64) -> Literal {
        if self.float == "f32" {
            Literal::f32_unsuffixed(value as f32)
        } else {
            Literal::f64_unsuffixed(value)
        }
    }

    fn bare(&self, sym: &Sym) -> (TokenStream, u8) {
        match sym {
            Sym::Num(v) if *v < 0.0 => {
                let literal = self.number(-v);
                (quote!(-#literal), PREFIX)
            }
            Sym::Num(v) => {
                let literal = self.number(*v);
                (quote!(#literal), ATOM)
            }
            Sym::Int(n) => (
                {
                    let literal = Literal::i64_unsuffixed(*n);
                    quote!(#literal)
                },
                if *n < 0 { PREFIX } else { ATOM },
            ),
            Sym::Lit(id) => (self.tape.lits[*id].clone(), ATOM),
            Sym::Var(id) => {
                let name = &self.tape.vars[*id].name;
                (quote!(#name), ATOM)
            }
            Sym::Adj(id) => {
                let name = &self.adjoints[*id];
                (quote!(#name), ATOM)
            }
            Sym::Element(var, index) => {
                let name = &self.adjoints[*var];
                let index = proc_macro2::Literal::usize_unsuffixed(*index);
                (quote!(#name[#index]), ATOM)
            }
            Sym::ElementAt(var, indices) => {
                let name = &self.adjoints[*var];
                (self.tape.element(name, indices), ATOM)
            }
            Sym::SeedPart(index) => match self.seed_parts.get(*index) {
                Some(name) => (quote!(#name), ATOM),
                None => (quote!(0.0), ATOM),
            },
            Sym::Part(out, index) => match self.parts.get(&(*out, *index)) {
                Some(name) => (quote!(#name), ATOM),
                None => (quote!(0.0), ATOM),
            },
            Sym::Shared(index) => match self.shared.get(*index) {
                Some(name) => (quote!(#name), ATOM),
                None => (quote!(0.0), ATOM),
            },
            Sym::Neg(a) => {
                let a = self.at(a, PREFIX);
                (quote!(-#a), PREFIX)
            }
            Sym::Bin(op, a, b) => {
                if let (Arith::Mul, Some(den)) = (op, reciprocal(a)) {
                    // `1.0 / den * g` reads as `g / den`.
                    return self.bare(&Sym::Bin(Arith::Div, b.clone(), Box::new(den.clone())));
                }
                let (precedence, token) = match op {
                    Arith::Add => (1, quote!(+)),
                    Arith::Sub => (1, quote!(-)),
                    Arith::Mul => (2, quote!(*)),
                    Arith::Div => (2, quote!(/)),
                };
                let a = self.at(a, precedence);
                let b = self.at(b, precedence + 1);
                (quote!(#a #token #b), precedence)
            }
            Sym::Method(name, receiver, args) => {
                let method = format_ident!("{}", name);
                let args: Vec<TokenStream> = args.iter().map(|arg| self.at(arg, 0)).collect();
                let mut adjoint = false;
                receiver.visit(&mut |sym| adjoint |= matches!(sym, Sym::Adj(_)));
                // An adjoint starts as an untyped `0.0`: a method call on it could reach
                // rustc before its type is known, so it is written in path form.
                if receiver.has_variable() && !adjoint {
                    let receiver = self.at(receiver, POSTFIX);
                    (quote!(#receiver.#method(#(#args),*)), POSTFIX)
                } else {
                    let float = &self.float;
                    let receiver = self.at(receiver, 0);
                    (quote!(#float::#method(#receiver #(, #args)*)), ATOM)
                }
            }
            Sym::Helper(name, args) => {
                let helper = format_ident!("{}", name);
                let args = args.iter().map(|arg| self.at(arg, 0));
                {
                    let krate = &self.krate;
                    (quote!(#krate::__private::#helper(#(#args),*)), ATOM)
                }
            }
            Sym::Const(name) => {
                let float = &self.float;
                let name = format_ident!("{}", name);
                (quote!(::core::#float::consts::#name), ATOM)
            }
        }
    }
}

/// The denominator of `1.0 / den`.
fn reciprocal(sym: &Sym) -> Option<&Sym> {
    match sym {
        // A literal's reciprocal stays a product unless it is exact (`/ 4.0` is `* 0.25`).
        Sym::Bin(Arith::Div, one, den) if **one == Sym::Num(1.0) => match **den {
            Sym::Num(value) if value.abs().log2().fract() != 0.0 => None,
            _ => Some(den),
        },
        _ => None,
    }
}
