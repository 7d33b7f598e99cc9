//! `#[cfg]` inside the function: on statements, `match` arms, parameters and the
//! elements of arrays, tuples and argument lists. A proc macro cannot evaluate a
//! condition, so the function is differentiated once per combination of its conditions,
//! each copy stripped as the compiler would strip it, and the generated items of each
//! copy carry `#[cfg(all(..))]` of its combination: exactly one set is compiled, the one
//! that matches what the compiler keeps of the function.
//!
//! Input:  `let a = x * 2.0; #[cfg(feature = "big")] let a = x * 100.0; a * x`
//! Output: `#[cfg(all(feature = "big"))]` items of `let a = x * 2.0; let a = x * 100.0;
//!          a * x`, and `#[cfg(all(not(feature = "big")))]` items of `let a = x * 2.0;
//!          a * x`.
//!
//! `#[cfg_attr(p, cfg(q))]` is the condition `any(not(p), q)`; a `cfg_attr` without a
//! `cfg` in it changes nothing here. Items in the body keep their `#[cfg]`s, which the
//! compiler evaluates in the generated functions too.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Expr, ItemFn, Meta, Token};

/// The most distinct conditions one function may have: its code is generated once per
/// combination, `2^n` times.
pub(crate) const MAX_CONDITIONS: usize = 3;

/// One copy of the function: the conditions it assumes and the function stripped so.
pub(crate) struct Variant {
    /// `all(p, not(q), ..)`, for `#[cfg(..)]` on the copy's generated items.
    pub(crate) predicate: TokenStream,
    pub(crate) item: ItemFn,
}

/// A condition, `not(..)` taken off: the compiler's `cfg` predicate and whether it is
/// negated.
#[derive(Clone)]
struct Condition {
    predicate: TokenStream,
    negated: bool,
}

/// The copies of `item`, one per combination of its conditions; `None` without any.
/// More than [`MAX_CONDITIONS`] is an error at the first condition past it.
pub(crate) fn variants(item: &ItemFn) -> syn::Result<Option<Vec<Variant>>> {
    let mut scan = Strip {
        atoms: Vec::new(),
        truth: None,
        too_many: None,
    };
    let mut scanned = item.clone();
    scan.visit_item_fn_mut(&mut scanned);
    if let Some(error) = scan.too_many {
        return Err(error);
    }
    if scan.atoms.is_empty() {
        return Ok(None);
    }
    let atoms = scan.atoms;
    let variants = (0..1usize << atoms.len())
        .map(|bits| {
            let truth: Vec<bool> = (0..atoms.len()).map(|i| bits >> i & 1 == 1).collect();
            let mut strip = Strip {
                atoms: atoms.clone(),
                truth: Some(truth.clone()),
                too_many: None,
            };
            let mut copy = item.clone();
            strip.visit_item_fn_mut(&mut copy);
            let parts = atoms.iter().zip(&truth).map(|(atom, &holds)| {
                if holds {
                    quote!(#atom)
                } else {
                    quote!(not(#atom))
                }
            });
            Variant {
                predicate: quote!(all(#(#parts),*)),
                item: copy,
            }
        })
        .collect();
    Ok(Some(variants))
}

/// Collects the distinct conditions (`truth: None`), or strips the function under an
/// assignment of them: what is false is removed, and kept nodes lose their conditions.
struct Strip {
    atoms: Vec<TokenStream>,
    truth: Option<Vec<bool>>,
    too_many: Option<syn::Error>,
}

impl Strip {
    /// Whether a node with `attrs` is kept; collects their conditions, or strips them.
    fn keep(&mut self, attrs: &mut Vec<Attribute>) -> bool {
        let mut kept = true;
        for attr in attrs.iter() {
            for condition in conditions(attr) {
                let key = condition.predicate.to_string();
                let index = match self.atoms.iter().position(|atom| atom.to_string() == key) {
                    Some(index) => index,
                    None => {
                        if self.atoms.len() == MAX_CONDITIONS && self.too_many.is_none() {
                            self.too_many = Some(syn::Error::new_spanned(attr, format!(
                                "`#[differentiate]` supports at most {MAX_CONDITIONS} different `#[cfg]` conditions inside a function (its code is generated once per combination); move this code into a helper function, or test `cfg!(..)` in an `if`"
                            )));
                        }
                        self.atoms.push(condition.predicate.clone());
                        self.atoms.len() - 1
                    }
                };
                if let Some(truth) = &self.truth {
                    kept &= truth.get(index).copied().unwrap_or(true) != condition.negated;
                }
            }
        }
        if self.truth.is_some() {
            attrs.retain(|attr| conditions(attr).is_empty());
        }
        kept
    }

    /// Keeps the elements of a list (array, tuple, arguments) whose conditions hold.
    fn keep_exprs(&mut self, list: &mut Punctuated<Expr, Token![,]>) {
        let old = std::mem::take(list);
        for mut expr in old {
            if match expr_attrs(&mut expr) {
                Some(attrs) => self.keep(attrs),
                None => true,
            } {
                list.push(expr);
            }
        }
    }
}

impl VisitMut for Strip {
    fn visit_item_fn_mut(&mut self, item: &mut ItemFn) {
        let old = std::mem::take(&mut item.sig.inputs);
        for mut input in old {
            let attrs = match &mut input {
                syn::FnArg::Typed(typed) => &mut typed.attrs,
                syn::FnArg::Receiver(receiver) => &mut receiver.attrs,
            };
            if self.keep(attrs) {
                item.sig.inputs.push(input);
            }
        }
        self.visit_block_mut(&mut item.block);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let old = std::mem::take(&mut block.stmts);
        for mut stmt in old {
            let keep = match &mut stmt {
                syn::Stmt::Local(local) => self.keep(&mut local.attrs),
                syn::Stmt::Macro(mac) => self.keep(&mut mac.attrs),
                syn::Stmt::Expr(expr, _) => match expr_attrs(expr) {
                    Some(attrs) => self.keep(attrs),
                    None => true,
                },
                // The compiler evaluates an item's `#[cfg]` where it is emitted.
                syn::Stmt::Item(_) => true,
            };
            if keep {
                block.stmts.push(stmt);
            }
        }
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        let old = std::mem::take(&mut node.arms);
        for mut arm in old {
            if self.keep(&mut arm.attrs) {
                node.arms.push(arm);
            }
        }
        visit_mut::visit_expr_match_mut(self, node);
    }

    fn visit_expr_array_mut(&mut self, node: &mut syn::ExprArray) {
        self.keep_exprs(&mut node.elems);
        visit_mut::visit_expr_array_mut(self, node);
    }

    fn visit_expr_tuple_mut(&mut self, node: &mut syn::ExprTuple) {
        self.keep_exprs(&mut node.elems);
        visit_mut::visit_expr_tuple_mut(self, node);
    }

    fn visit_expr_call_mut(&mut self, node: &mut syn::ExprCall) {
        self.keep_exprs(&mut node.args);
        visit_mut::visit_expr_call_mut(self, node);
    }

    fn visit_expr_method_call_mut(&mut self, node: &mut syn::ExprMethodCall) {
        self.keep_exprs(&mut node.args);
        visit_mut::visit_expr_method_call_mut(self, node);
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        let old = std::mem::take(&mut node.fields);
        for mut field in old {
            if self.keep(&mut field.attrs) {
                node.fields.push(field);
            }
        }
        visit_mut::visit_expr_struct_mut(self, node);
    }

    // Nested items are the compiler's: their `#[cfg]`s are evaluated where emitted.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The conditions `attr` puts on its node's presence: `cfg(p)` is `p`; `cfg_attr(p,
/// cfg(q), ..)` is `any(not(p), all(q, ..))`; other attributes none.
fn conditions(attr: &Attribute) -> Vec<Condition> {
    condition_of(&attr.meta).map(atom).into_iter().collect()
}

fn condition_of(meta: &Meta) -> Option<TokenStream> {
    let Meta::List(list) = meta else { return None };
    if list.path.is_ident("cfg") {
        return Some(list.tokens.clone());
    }
    if !list.path.is_ident("cfg_attr") {
        return None;
    }
    let parts = list
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()?;
    let mut parts = parts.into_iter();
    let predicate = parts.next()?;
    let inner: Vec<TokenStream> = parts.filter_map(|meta| condition_of(&meta)).collect();
    if inner.is_empty() {
        return None;
    }
    Some(quote!(any(not(#predicate), all(#(#inner),*))))
}

/// `not(p)` as `p` negated; anything else as itself.
fn atom(predicate: TokenStream) -> Condition {
    if let Ok(Meta::List(list)) = syn::parse2::<Meta>(predicate.clone()) {
        if list.path.is_ident("not") {
            if let Ok(inner) = syn::parse2::<Meta>(list.tokens.clone()) {
                return Condition {
                    predicate: inner.to_token_stream(),
                    negated: true,
                };
            }
        }
    }
    Condition {
        predicate,
        negated: false,
    }
}

/// The attributes of an expression, whichever kind it is.
fn expr_attrs(expr: &mut Expr) -> Option<&mut Vec<Attribute>> {
    macro_rules! attrs {
        ($($kind:ident),*) => {
            match expr {
                $(Expr::$kind(node) => Some(&mut node.attrs),)*
                _ => None,
            }
        };
    }
    attrs!(
        Array, Assign, Async, Await, Binary, Block, Break, Call, Cast, Closure, Const, Continue,
        Field, ForLoop, Group, If, Index, Infer, Let, Lit, Loop, Macro, Match, MethodCall, Paren,
        Path, Range, RawAddr, Reference, Repeat, Return, Struct, Try, TryBlock, Tuple, Unary,
        Unsafe, While, Yield
    )
}
