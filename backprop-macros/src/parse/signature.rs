//! A typed view of the annotated function's signature (thiserror's `ast.rs`), with the
//! signature checks: no generics, `self`, `async` or references; one float type.

use crate::error::Errors;
use crate::parse::args::Args;
use crate::parse::param_names::{array_pattern, pattern_name, unused_name};
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

/// `f32` or `f64`: the one float type of a differentiated function.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Float {
    F32,
    F64,
}

impl Float {
    fn from_type(ty: &Type) -> Option<Float> {
        match type_name(ty)?.as_str() {
            "f32" => Some(Float::F32),
            "f64" => Some(Float::F64),
            _ => None,
        }
    }

    /// The type as an identifier (`f64`).
    pub(crate) fn ident(self) -> Ident {
        let name = match self {
            Float::F32 => "f32",
            Float::F64 => "f64",
        };
        Ident::new(name, proc_macro2::Span::call_site())
    }
}

/// What a parameter is to the differentiation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    /// A float parameter listed in `wrt` (or every float one without `wrt`).
    Differentiated,
    /// A float parameter left out of `wrt`: a constant.
    FloatConstant,
    /// An integer or `bool` parameter: always a constant.
    Constant,
}

/// One parameter of the function.
pub(crate) struct Param {
    pub(crate) name: Ident,
    pub(crate) ty: Type,
    pub(crate) role: Role,
    /// How many array dimensions the parameter has (`[[f64; 3]; 2]`: 2; a float: 0;
    /// a slice `&[f64]`: 1).
    pub(crate) dims: usize,
    /// Whether the parameter is a reference: a slice (`&[f64]`, `&[[f64; N]]`) or an
    /// array (`&[f64; N]`, `&[[f64; N]; M]`), whose gradient is added into a caller's
    /// buffer `d_<name>: &mut [f64]` (`&mut [f64; N]`).
    pub(crate) slice: bool,
    /// Whether the user wrote `_` for its name: the body cannot read it, so its
    /// derivative is zero; `name` is a generated one (`_unused`) for the generated
    /// functions' signatures, and it gets no field in `FGrad`.
    pub(crate) unnamed: bool,
}

impl Param {
    /// Whether the gradient goes into a `d_<name>` buffer argument, not a field.
    pub(crate) fn has_buffer(&self) -> bool {
        self.slice && self.role == Role::Differentiated
    }
}

/// The float type and array depth of a slice type `&[F]`, `&[[F; N]]` (depth 1, 2), or
/// of a reference to an array, `&[F; N]`, `&[[F; N]; M]`.
fn float_slice(ty: &Type) -> Option<(Float, usize)> {
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => match &*reference.elem {
            Type::Slice(slice) => float_array(&slice.elem).map(|(float, dims)| (float, dims + 1)),
            Type::Array(_) => float_array(&reference.elem).filter(|(_, dims)| *dims > 0),
            _ => None,
        },
        Type::Paren(inner) => float_slice(&inner.elem),
        Type::Group(inner) => float_slice(&inner.elem),
        _ => None,
    }
}

/// The float type of `ty` and its array depth: `f64` -> (f64, 0), `[[f64; 3]; 2]` -> (f64, 2).
fn float_array(ty: &Type) -> Option<(Float, usize)> {
    match ty {
        Type::Array(array) => float_array(&array.elem).map(|(float, dims)| (float, dims + 1)),
        Type::Paren(inner) => float_array(&inner.elem),
        Type::Group(inner) => float_array(&inner.elem),
        ty => Float::from_type(ty).map(|float| (float, 0)),
    }
}

/// The name a method's `&self` takes as a parameter under `wrt(self)`: its fields are
/// read as a struct parameter's, its gradient added into `d_self`.
pub(crate) const SELF_PARAM: &str = "self_";

/// The checked signature.
pub(crate) struct Signature {
    pub(crate) float: Float,
    pub(crate) params: Vec<Param>,
    /// For a method: the name of the type of its `impl` block.
    pub(crate) owner: Option<String>,
    /// For a method taking `&self`: the receiver.
    pub(crate) receiver: Option<syn::Receiver>,
    /// Whether the method is differentiated `wrt(self)`: its first parameter is the
    /// receiver, [`SELF_PARAM`], declared as `&self` by the generated methods.
    pub(crate) wrt_self: bool,
    /// How many floats the function returns: 1, or the length of its tuple.
    pub(crate) outputs: usize,
    /// Whether the function returns a tuple (`(f64, f64)`, or `(f64,)` of one).
    pub(crate) tuple: bool,
    /// The return type of a function returning an array (`[f64; N]`).
    pub(crate) array_output: Option<Type>,
    /// Whether `jvp` was asked for: the forward-mode `f_jvp` is generated too.
    pub(crate) jvp: bool,
    /// Whether `circuit` was asked for (so error stubs include `f_circuit`).
    pub(crate) circuit: bool,
}

impl Signature {
    /// Whether a parameter is a differentiated slice (so the backward pass takes buffers
    /// and the cache borrows).
    pub(crate) fn has_buffers(&self) -> bool {
        self.params.iter().any(Param::has_buffer)
    }

    /// Whether a parameter is a slice (so the cache borrows it: `FCache<'a>`).
    pub(crate) fn has_slices(&self) -> bool {
        self.params.iter().any(|param| param.slice)
    }

    /// Whether the function returns one float (so it has a gradient, `f_grad`).
    pub(crate) fn is_scalar(&self) -> bool {
        !self.tuple && self.array_output.is_none()
    }

    /// The return type: `f64`, `(f64, f64, ..)`, or `[f64; N]`.
    pub(crate) fn output_type(&self) -> proc_macro2::TokenStream {
        let float = self.float.ident();
        if let Some(array) = &self.array_output {
            quote::quote!(#array)
        } else if self.tuple {
            let floats = (0..self.outputs).map(|_| &float);
            quote::quote!((#(#floats,)*))
        } else {
            quote::quote!(#float)
        }
    }
}

const CONSTANT_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool",
];

/// Whether `ty` is an array (of arrays) of integers or `bool`s.
fn integer_array(ty: &Type) -> bool {
    match ty {
        Type::Array(array) => match &*array.elem {
            Type::Array(_) => integer_array(&array.elem),
            elem => type_name(elem).is_some_and(|n| CONSTANT_TYPES.contains(&n.as_str())),
        },
        _ => false,
    }
}

/// Whether `ty` is `&S` of a struct type (a path that is not a float or a constant).
fn struct_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => match &*reference.elem {
            Type::Path(path) if path.qself.is_none() => {
                let name = path.path.segments.last().map(|last| last.ident.to_string());
                !name.is_some_and(|name| {
                    CONSTANT_TYPES.contains(&name.as_str())
                        || ["f32", "f64", "str", "Vec", "String", "Option"].contains(&name.as_str())
                })
            }
            _ => false,
        },
        _ => false,
    }
}

fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.get_ident().map(Ident::to_string),
        Type::Paren(inner) => type_name(&inner.elem),
        Type::Group(inner) => type_name(&inner.elem),
        _ => None,
    }
}

/// Checks the signature of `item`, recording every problem in `errors`.
///
/// Returns `None` when the signature is too broken to generate even stubs.
pub(crate) fn check(item: &ItemFn, args: &Args, errors: &mut Errors) -> Option<Signature> {
    let sig = &item.sig;
    if let Some(asyncness) = &sig.asyncness {
        errors.push(
            asyncness,
            "`#[differentiate]` does not support `async fn`; remove `async`",
        );
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.push(unsafety, "`#[differentiate]` does not support `unsafe fn`; move the unsafe code into a helper and pass its result in as a parameter");
    }
    if !sig.generics.params.is_empty() {
        errors.push(&sig.generics, "`#[differentiate]` does not support generic functions; write the function for `f64` (or `f32`)");
    } else if let Some(where_clause) = &sig.generics.where_clause {
        errors.push(where_clause, "`#[differentiate]` does not support `where` clauses; write the function for `f64` (or `f32`)");
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(
            variadic,
            "`#[differentiate]` does not support variadic functions",
        );
    }
    let mut outputs = 1;
    let mut tuple_output = false;
    let mut array_output = None;
    let float = match &sig.output {
        ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Tuple(tuple) if !tuple.elems.is_empty() => {
                outputs = tuple.elems.len();
                tuple_output = true;
                let floats: Vec<Option<Float>> = tuple.elems.iter().map(Float::from_type).collect();
                match floats.first().copied().flatten() {
                    Some(first) if floats.iter().all(|float| *float == Some(first)) => Some(first),
                    _ => {
                        errors.push(ty, "a `#[differentiate]` function returning a tuple returns floats of one type: `(f64, f64)`");
                        None
                    }
                }
            }
            ty @ syn::Type::Array(array) => match float_array(&array.elem) {
                Some((float, _)) => {
                    array_output = Some(ty.clone());
                    Some(float)
                }
                None => {
                    errors.push(ty, "a `#[differentiate]` function returning an array returns floats: `[f64; N]` or `[[f64; N]; M]`");
                    None
                }
            },
            ty => Float::from_type(ty).or_else(|| {
                errors.push(ty, "`#[differentiate]` needs a function returning `f64` or `f32`, a tuple of them (`(f64, f64)`), or an array (`[f64; N]`)");
                None
            }),
        },
        ReturnType::Default => {
            errors.push(&sig.ident, "this function returns nothing; `#[differentiate]` needs a function returning `f64` or `f32`");
            None
        }
    };
    let params = check_params(item, float, errors);
    let float = float?;
    let mut params = params?;
    assign_roles(&mut params, args, errors);
    unnamed_are_constants(&mut params);
    Some(Signature {
        float,
        params,
        owner: None,
        receiver: None,
        wrt_self: false,
        outputs,
        tuple: tuple_output,
        array_output,
        jvp: args.jvp,
        circuit: args.circuit.is_some(),
    })
}

fn check_params(item: &ItemFn, float: Option<Float>, errors: &mut Errors) -> Option<Vec<Param>> {
    let mut params = Vec::new();
    let mut ok = true;
    for input in &item.sig.inputs {
        let typed = match input {
            FnArg::Typed(typed) => typed,
            FnArg::Receiver(receiver) => {
                errors.push(receiver, "a method needs `#[differentiate]` on its `impl` block too: `#[differentiate] impl Model { #[differentiate] fn f(&self, x: f64) -> f64 { .. } }`");
                ok = false;
                continue;
            }
        };
        let (name, unnamed) = match &*typed.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                (pat.ident.clone(), false)
            }
            Pat::Wild(wild) => (unused_name(item, &params, wild.underscore_token.span), true),
            pat if array_pattern(pat) => (pattern_name(item, &params, pat), false),
            other => {
                errors.push(other, "`#[differentiate]` needs a name, `_` or an array pattern for each parameter (`x: f64`, `[x, y]: [f64; 2]`); take the parts of a tuple as parameters of their own (`a: f64, b: f64`) or as an array");
                ok = false;
                continue;
            }
        };
        let ty = (*typed.ty).clone();
        let slice = float_slice(&ty).is_some() || struct_reference(&ty);
        let float_type = float_slice(&ty).or_else(|| float_array(&ty));
        let dims = float_type.map_or(0, |(_, dims)| dims);
        let role = match float_type.map(|(float, _)| float) {
            Some(param_float) => {
                if float.is_some_and(|float| float != param_float) {
                    errors.push(&ty, "`#[differentiate]` functions use one float type: the return type and every float parameter must all be `f64` or all be `f32`");
                }
                Role::Differentiated
            }
            None if type_name(&ty).is_some_and(|n| CONSTANT_TYPES.contains(&n.as_str())) => {
                Role::Constant
            }
            // `p: &Params`: a struct of parameters, its gradient added into `d_p: &mut Params`.
            None if struct_reference(&ty) => Role::Differentiated,
            // `mask: [i32; 3]`: integers are constants, in arrays too.
            None if integer_array(&ty) => Role::Constant,
            // An enum or another type of the user's, by value: constant data (matched
            // on, its fields read as constants).
            None if matches!(&ty, Type::Path(path) if path.qself.is_none()) => Role::Constant,
            None => {
                errors.push(&ty, unsupported_param_message(&ty));
                ok = false;
                continue;
            }
        };
        params.push(Param {
            name,
            ty,
            role,
            dims,
            slice,
            unnamed,
        });
    }
    ok.then_some(params)
}

fn unsupported_param_message(ty: &Type) -> &'static str {
    match ty {
        Type::Reference(reference) if reference.mutability.is_some() => "`#[differentiate]` does not support `&mut` parameters; take the value and return the result instead",
        Type::Reference(reference) if matches!(*reference.elem, Type::Slice(_)) => "`#[differentiate]` supports slices of the function's float type (`&[f64]`, `&[[f64; N]]`)",
        Type::Reference(_) => "`#[differentiate]` does not support references other than to slices and arrays of the float type (`&[f64]`, `&[f64; N]`, `&[[f64; N]; M]`); pass the value (`x: f64`)",
        Type::Array(_) => "`#[differentiate]` supports arrays of the function's float type (`[f64; N]`, `[[f64; N]; M]`) as parameters",
        Type::Slice(_) => "take the slice by reference: `x: &[f64]` (its gradient is added into a `d_x: &mut [f64]` argument)",
        _ => "unsupported parameter type; `#[differentiate]` takes `f64` or `f32` parameters, and integers or `bool` as constants",
    }
}

fn assign_roles(params: &mut [Param], args: &Args, errors: &mut Errors) {
    let Some(wrt) = &args.wrt else { return };
    for (i, name) in wrt.iter().enumerate() {
        if wrt[..i].contains(name) {
            errors.push(name, format!("`{name}` is listed twice in `wrt`"));
            continue;
        }
        match params.iter().find(|param| param.name == *name) {
            None => errors.push(name, format!("`{name}` is not a parameter of this function; `wrt` lists parameters to differentiate")),
            Some(param) if param.role == Role::Constant => errors.push(name, format!("`{name}` is not a float parameter; only `f64`/`f32` parameters can be differentiated")),
            Some(_) => {}
        }
    }
    for param in params.iter_mut() {
        if param.role == Role::Differentiated && !wrt.contains(&param.name) {
            param.role = Role::FloatConstant;
        }
    }
}

/// A `_` float parameter is never read: a constant to the differentiation (no adjoint,
/// no `FGrad` field), though callers may pass it a differentiated value (its share of
/// the gradient is zero: `f_pullback` gives `0.0` for it).
fn unnamed_are_constants(params: &mut [Param]) {
    for param in params.iter_mut() {
        if param.unnamed && param.role == Role::Differentiated {
            param.role = Role::FloatConstant;
        }
    }
}
