//! Lowering, calls: float methods in method and path form (`x.exp()`,
//! `f64::exp(x)`), the grouped gates, and calls of other `#[differentiate]` functions.

use crate::ir::names::plain;
use crate::ir::ops::{Binary, Op, Ternary, Unary};
use crate::ir::{GateOp, Operand};
use crate::lower::call_args::Argument;
use crate::lower::Lowerer;
use proc_macro2::Ident;
use quote::{quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprMethodCall, Token};

impl Lowerer<'_> {
    pub(crate) fn lower_method(&mut self, call: &ExprMethodCall, hint: &str) -> Operand {
        // `w.len()` of an array parameter: a constant.
        if call.method == "len" && call.args.is_empty() {
            if let Some(array) = self.as_variable(&call.receiver) {
                if self.tape.vars[array].dims > 0 {
                    return self.passive_any(
                        &Expr::MethodCall(call.clone()),
                        hint,
                        Some(syn::parse_quote!(usize)),
                    );
                }
            }
        }
        let mut root = &*call.receiver;
        while let Expr::MethodCall(inner) = root {
            root = &inner.receiver;
        }
        let on_array = matches!(self.as_variable(root), Some(var) if self.tape.vars[var].dims > 0);
        if !on_array && is_iterator_chain(call) {
            return self.error(&call.method, "iterator chains (`.map(|v| ..)`, `.sum()`, `.fold(..)`, ..) are not supported yet by `#[differentiate]`, except `w.iter().sum()` and `w.iter().product()` of an array; write the loop: `let mut s = 0.0; for i in 0..n { s += ..; }`");
        }
        if let (Some(turbofish), false) = (&call.turbofish, on_array) {
            return self.error(
                turbofish,
                "`#[differentiate]` does not support turbofish on float methods; remove it",
            );
        }
        self.lower_float_method(&call.method, &call.receiver, &call.args, call, hint)
    }

    /// `receiver.method(args)`, from method or path form (`f64::method(receiver, ..)`).
    fn lower_float_method(
        &mut self,
        method: &Ident,
        receiver: &Expr,
        args: &Punctuated<Expr, Token![,]>,
        source: &dyn ToTokens,
        hint: &str,
    ) -> Operand {
        let name = method.to_string();
        let mut root = receiver;
        while let Expr::MethodCall(inner) = root {
            root = &inner.receiver;
        }
        if matches!(self.as_variable(root), Some(var) if self.tape.vars[var].dims > 0) {
            return self.error(method, "this array method is not supported; write the loop (`for v in w.iter() { .. }`) or an iterator chain (`w.iter().map(|v| ..).sum::<f64>()`), or use `w.len()`");
        }
        let arity = if Unary::method(&name).is_some() {
            0
        } else if Binary::method(&name).is_some() {
            1
        } else if Ternary::method(&name).is_some() {
            2
        } else {
            return self.error(method, format!("`#[differentiate]` does not know the derivative of `{name}`; supported float methods: {}", supported_methods()));
        };
        if args.len() != arity {
            return self.error(
                source,
                format!("`{name}` takes {arity} argument(s) besides the receiver"),
            );
        }
        let a = self.lower_expr(receiver, hint);
        let rest: Vec<Operand> = args.iter().map(|arg| self.lower_expr(arg, hint)).collect();
        let op = match (
            Unary::method(&name),
            Binary::method(&name),
            Ternary::method(&name),
            rest.as_slice(),
        ) {
            (Some(unary), _, _, []) => Op::Unary(unary, a),
            (_, Some(binary), _, [b]) => Op::Binary(binary, a, *b),
            (_, _, Some(ternary), [b, c]) => Op::Ternary(ternary, a, *b, *c),
            _ => return self.error(source, "internal error: method arity mismatch"),
        };
        if matches!(op, Op::Binary(Binary::Powi, _, n) if self.tape.is_active(n)) {
            return self.error(
                source,
                "the exponent of `powi` is an integer and cannot be differentiated; use `powf`",
            );
        }
        self.gate(op, source, hint)
    }

    pub(crate) fn lower_call(&mut self, call: &ExprCall, hint: &str) -> Operand {
        let float = self.float.ident();
        let float_function = match &*call.func {
            Expr::Path(path) => float_function(path, &float),
            _ => None,
        };
        let path = match &*call.func {
            Expr::Path(path) if path.qself.is_none() || float_function.is_some() => &path.path,
            other => return self.error(other, "`#[differentiate]` can only call float functions (`f64::exp(x)`) and backprop's gates (`sigmoid(x)`)"),
        };
        let segments: Vec<&Ident> = path.segments.iter().map(|segment| &segment.ident).collect();
        let Some(last) = segments.last() else {
            return self.error(path, "empty path");
        };
        if float_function.is_some() {
            let mut args = call.args.iter();
            let Some(receiver) = args.next() else {
                return self.error(
                    call,
                    format!("`{float}::{last}` needs its receiver as the first argument"),
                );
            };
            let rest: Punctuated<Expr, Token![,]> = args.cloned().collect();
            return self.lower_float_method(last, receiver, &rest, call, hint);
        }
        // The gate's name in backprop (a local alias of it is another name).
        let gate_name = self.gate_called(path).unwrap_or_default();
        if let Some((gate, arity)) = crate::ir::ops::ArrayGate::from_name(&gate_name) {
            if call.args.len() != arity {
                return self.error(call, format!("`{last}` takes {arity} argument(s)"));
            }
            let args: Vec<Operand> = call
                .args
                .iter()
                .map(|arg| {
                    let arg = self.lower_expr(arg, hint);
                    self.snapshot(arg)
                })
                .collect();
            if let Some(slice) = call.args.iter().zip(&args).find_map(|(arg, operand)| {
                operand
                    .var()
                    .filter(|&var| self.tape.is_slice(var) && !self.tape.is_array_ref(var))
                    .map(|_| arg)
            }) {
                return self.error(slice, format!("`{last}` takes fixed-size arrays (`[f64; N]`); over a slice, write the loop: `for i in 0..x.len() {{ .. }}`"));
            }
            let active = args.iter().any(|arg| self.tape.is_active(*arg));
            let name = self.namer.fresh(&format!("{}_{hint}", gate.name()));
            let op = GateOp::ArrayGate { gate, args };
            return Operand::Var(self.push_gate(name, op, active, call.span()));
        }
        if let (Some(gate), 2) = (Binary::gate(&gate_name), call.args.len()) {
            let a = self.lower_expr(&call.args[0], hint);
            let b = self.lower_expr(&call.args[1], hint);
            return self.gate(Op::Binary(gate, a, b), call, hint);
        }
        if let Some(gate) = Unary::gate(&gate_name) {
            if call.args.len() != 1 {
                return self.error(call, format!("`{last}` takes one argument"));
            }
            let a = self.lower_expr(&call.args[0], hint);
            return self.gate(Op::Unary(gate, a), call, hint);
        }
        if let Some(ident) = path.get_ident() {
            if self.lookup(ident).is_some() {
                // A local bound to something already reported (a closure): nothing new.
                return self.lit_tokens(quote!(0.0));
            }
        }
        if path.is_ident(&self.function) {
            return self.error(
                call,
                "`#[differentiate]` does not support recursion; write the recursion as a loop",
            );
        }
        self.lower_differentiated_call(path, call, hint)
    }

    /// A call of another `#[differentiate]` function (found by its generated items).
    fn lower_differentiated_call(
        &mut self,
        path: &syn::Path,
        call: &ExprCall,
        hint: &str,
    ) -> Operand {
        let Some(callee) = crate::ir::names::ItemNames::of_path(path, self.self_type.as_deref())
        else {
            return self.error(path, "empty path");
        };
        let mut args = Vec::new();
        let mut views = Vec::new();
        for arg in &call.args {
            match self.array_argument(arg, hint) {
                Argument::Array(view) => {
                    args.push(Operand::Var(view.array));
                    views.push(Some(view));
                }
                Argument::Value => {
                    args.push(self.lower_expr(arg, hint));
                    views.push(None);
                }
                Argument::Failed => return self.lit_tokens(quote!(0.0)),
            }
        }
        let active = args.iter().any(|arg| self.tape.is_active(*arg));
        for (arg, operand) in call.args.iter().zip(&args) {
            if matches!(*operand, Operand::Var(id) if self.tape.vars[id].dims > 0 && self.tape.vars[id].active)
                && !views
                    .iter()
                    .flatten()
                    .any(|view| Operand::Var(view.array) == *operand)
            {
                return self.error(arg, "this array argument is not supported; pass the array (`x`), a reference parameter or a part of one (`&x[a..b]`, `&m[i]`), or a row by value (`m[i]`)");
            }
        }
        let borrows = views.iter().flatten().any(|view| view.by_ref);
        let mut cache_ty = callee.cache_type;
        // The callee's cache borrows its reference arguments for the caller's `'a`. A
        // call naming the callee's generics (`rosenbrock::<f32>(x)`) names its cache's
        // (`RosenbrockCache<'a, f32>`); otherwise a generic function calls functions
        // generic over its float type alone (`fn ab<T: Float>(..)`, whose cache is
        // `AbCache<T>`), and an `f64` function's call of a generic one leaves the
        // float to the cache's default, `f64` (`emit/generic_params.rs`).
        let lifetime = borrows.then(|| quote!('a));
        let turbofish = match path.segments.last().map(|last| &last.arguments) {
            Some(syn::PathArguments::AngleBracketed(arguments)) => Some(
                arguments
                    .args
                    .iter()
                    .map(ToTokens::to_token_stream)
                    .collect(),
            ),
            _ => None,
        };
        let float: Vec<_> = match (&self.float, turbofish) {
            (_, Some(arguments)) => arguments,
            (crate::parse::signature::Float::Generic(float), None) => vec![quote!(#float)],
            _ => Vec::new(),
        };
        let arguments: Vec<_> = lifetime.into_iter().chain(float).collect();
        if !arguments.is_empty() {
            if let Some(last) = cache_ty.segments.last_mut() {
                last.arguments =
                    syn::PathArguments::AngleBracketed(syn::parse_quote!(<#(#arguments),*>));
            }
        }
        let cache_name = self.namer.fresh(&format!("{hint}_cache"));
        let cache = self.new_var(cache_name, false, None);
        self.tape.vars[cache].ty = Some(syn::Type::Path(syn::TypePath {
            qself: None,
            path: cache_ty,
        }));
        let callee = path
            .segments
            .last()
            .map_or_else(|| "call".to_owned(), |segment| plain(&segment.ident));
        let name = self.namer.fresh(&format!("{callee}_out"));
        let op = GateOp::Call(crate::ir::Call {
            path: path.clone(),
            args,
            cache,
            views,
        });
        Operand::Var(self.push_gate(name, op, active, call.span()))
    }
}

/// The method a path names on the float type: `f64::exp`, `std::primitive::f64::exp`,
/// `core::primitive::f64::exp`, `<f64>::exp`.
fn float_function<'a>(path: &'a syn::ExprPath, float: &Ident) -> Option<&'a Ident> {
    let segments: Vec<&Ident> = path
        .path
        .segments
        .iter()
        .map(|segment| &segment.ident)
        .collect();
    match (&path.qself, segments.as_slice()) {
        (None, [ty, method]) if *ty == float => Some(method),
        (None, [root, primitive, ty, method])
            if (*root == "std" || *root == "core") && *primitive == "primitive" && *ty == float =>
        {
            Some(method)
        }
        (Some(qself), [method]) if qself.position == 0 && is_type(&qself.ty, float) => Some(method),
        _ => None,
    }
}

fn is_type(ty: &syn::Type, name: &Ident) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

fn supported_methods() -> &'static str {
    "exp exp2 exp_m1 ln ln_1p log log10 log2 sqrt cbrt powi powf sin cos sin_cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh abs max min midpoint clamp hypot recip rem_euclid copysign mul_add to_degrees to_radians fract floor ceil round round_ties_even trunc signum div_euclid"
}

/// Methods of iterators (and of ranges), not of floats.
const ITERATOR_METHODS: &[&str] = &[
    "iter",
    "into_iter",
    "iter_mut",
    "map",
    "sum",
    "product",
    "fold",
    "zip",
    "enumerate",
    "filter",
    "filter_map",
    "flat_map",
    "copied",
    "cloned",
    "rev",
    "skip",
    "take",
    "step_by",
    "windows",
    "chunks",
    "collect",
    "count",
    "min_by",
    "max_by",
    "min_by_key",
    "max_by_key",
    "any",
    "all",
    "last",
    "nth",
    "chain",
    "for_each",
    "reduce",
    "scan",
    "take_while",
    "skip_while",
    "position",
    "find",
];

/// Whether `call` is a method of an iterator: one only iterators have (`sum`), or any
/// method on a chain through one (`.iter().max()`) or on a range (`(0..n).map(..)`).
fn is_iterator_chain(call: &ExprMethodCall) -> bool {
    let iterator_method = |name: &Ident| ITERATOR_METHODS.contains(&name.to_string().as_str());
    if iterator_method(&call.method) {
        return true;
    }
    let mut receiver = &*call.receiver;
    loop {
        match receiver {
            Expr::MethodCall(inner) if iterator_method(&inner.method) => return true,
            Expr::MethodCall(inner) => receiver = &inner.receiver,
            Expr::Paren(inner) => receiver = &inner.expr,
            Expr::Range(_) => return true,
            _ => return false,
        }
    }
}
