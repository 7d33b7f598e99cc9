//! A typed view of the annotated function's signature (thiserror's `ast.rs`), with the
//! signature checks: no `self`, `async` or lifetimes; one float type (`f64`, `f32`, or a
//! type parameter bound by `Float`).

use crate::error::Errors;
use crate::parse::args::Args;
use crate::parse::param_names::{array_pattern, pattern_name, unused_name};
use crate::parse::param_types::{
    float_array, float_slice, integer_array, struct_reference, type_name,
    unsupported_param_message, CONSTANT_TYPES,
};
use crate::parse::struct_value::struct_by_value;
use syn::{FnArg, Ident, ItemFn, Pat, ReturnType, Type};

/// `f32`, `f64`, or a type parameter bound by `Float`: the one float type of a
/// differentiated function.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Float {
    F32,
    F64,
    /// `T` of `fn f<T: Float>`.
    Generic(Ident),
}

impl Float {
    pub(crate) fn from_type(ty: &Type, generic: Option<&Ident>) -> Option<Float> {
        match type_name(ty)?.as_str() {
            "f32" => Some(Float::F32),
            "f64" => Some(Float::F64),
            name if generic.is_some_and(|generic| generic == name) => {
                generic.cloned().map(Float::Generic)
            }
            _ => None,
        }
    }

    /// The type as an identifier (`f64`, `T`).
    pub(crate) fn ident(&self) -> Ident {
        let name = match self {
            Float::F32 => "f32",
            Float::F64 => "f64",
            Float::Generic(ident) => return ident.clone(),
        };
        Ident::new(name, proc_macro2::Span::call_site())
    }

    /// Whether the float type is a type parameter (`T: Float`).
    pub(crate) fn is_generic(&self) -> bool {
        matches!(self, Float::Generic(_))
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
    /// Whether the parameter is a struct by value (`s: State`) whose fields the body
    /// reads: its gradient goes into a buffer `d_s: &mut State` (`slice`), and the
    /// cache owns it rather than borrowing it.
    pub(crate) owned: bool,
}

impl Param {
    /// Whether the gradient goes into a `d_<name>` buffer argument, not a field.
    pub(crate) fn has_buffer(&self) -> bool {
        self.slice && self.role == Role::Differentiated
    }
}

/// The name a method's `&self` takes as a parameter under `wrt(self)`: its fields are
/// read as a struct parameter's, its gradient added into `d_self`.
pub(crate) const SELF_PARAM: &str = "self_";

/// The checked signature.
pub(crate) struct Signature {
    pub(crate) float: Float,
    /// The function's generics (`<T: Float, const N: usize>` and its `where` clause),
    /// which every generated item carries.
    pub(crate) generics: syn::Generics,
    /// For a method of a generic `impl` block: the block's generics, which `generics`
    /// starts with and the generated methods leave to their `impl` block.
    pub(crate) impl_generics: syn::Generics,
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
    /// The return type of a function returning a struct (`State`), which ends with a
    /// struct literal; its fields are the tuple of values (`tuple` is set).
    pub(crate) struct_output: Option<Type>,
    /// Whether `jvp` was asked for: the forward-mode `f_jvp` is generated too.
    pub(crate) jvp: bool,
    /// Whether `hessian` was asked for: `f_hvp` and `f_hessian` are generated too.
    pub(crate) hessian: bool,
    /// Whether `circuit` was asked for (so error stubs include `f_circuit`).
    pub(crate) circuit: bool,
    /// The parameters the user wrote as one tuple pattern (`(a, b): (f64, f64)`), as
    /// ranges of `params`: the generated functions declare them as one again.
    pub(crate) tuple_params: Vec<std::ops::Range<usize>>,
}

impl Signature {
    /// Whether a parameter is a differentiated slice (so the backward pass takes buffers
    /// and the cache borrows).
    pub(crate) fn has_buffers(&self) -> bool {
        self.params.iter().any(Param::has_buffer)
    }

    /// Whether a parameter is a slice (so the cache borrows it: `FCache<'a>`).
    pub(crate) fn has_slices(&self) -> bool {
        self.params.iter().any(|param| param.slice && !param.owned)
    }

    /// Whether the function returns one float (so it has a gradient, `f_grad`).
    pub(crate) fn is_scalar(&self) -> bool {
        !self.tuple && self.array_output.is_none()
    }

    /// The type of the backward pass's seed `d_out`: the return type, a struct's by
    /// reference (`&State`).
    pub(crate) fn seed_type(&self) -> proc_macro2::TokenStream {
        let output = self.output_type();
        match self.struct_output {
            Some(_) => quote::quote!(&#output),
            None => output,
        }
    }

    /// The return type: `f64`, `(f64, f64, ..)`, `[f64; N]`, or a struct.
    pub(crate) fn output_type(&self) -> proc_macro2::TokenStream {
        let float = self.float.ident();
        if let Some(ty) = self.array_output.as_ref().or(self.struct_output.as_ref()) {
            quote::quote!(#ty)
        } else if self.tuple {
            let floats = (0..self.outputs).map(|_| &float);
            quote::quote!((#(#floats,)*))
        } else {
            quote::quote!(#float)
        }
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
    let generics = crate::parse::generics::float_param(&sig.generics, errors);
    let generic = generics.float.as_ref();
    if let (Some(circuit), Some(float)) = (&args.circuit, generic) {
        errors.push(circuit, crate::parse::generics::circuit_message(float));
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
    let mut struct_output = None;
    let float = match &sig.output {
        ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Tuple(tuple) if !tuple.elems.is_empty() => {
                outputs = tuple.elems.len();
                tuple_output = true;
                let floats: Vec<Option<Float>> = tuple
                    .elems
                    .iter()
                    .map(|ty| Float::from_type(ty, generic))
                    .collect();
                match floats.first().cloned().flatten() {
                    Some(first) if floats.iter().all(|float| float.as_ref() == Some(&first)) => {
                        Some(first)
                    }
                    _ => {
                        errors.push(ty, "a `#[differentiate]` function returning a tuple returns floats of one type: `(f64, f64)`");
                        None
                    }
                }
            }
            ty @ syn::Type::Array(array) => match float_array(&array.elem, generic) {
                Some((float, _)) => {
                    array_output = Some(ty.clone());
                    Some(float)
                }
                None => {
                    errors.push(ty, "a `#[differentiate]` function returning an array returns floats: `[f64; N]` or `[[f64; N]; M]`");
                    None
                }
            },
            ty => Float::from_type(ty, generic).or_else(|| {
                if crate::parse::struct_value::struct_type(ty)
                    && !crate::parse::generics::names_other(ty, &generics)
                {
                    // `-> State`: the fields of the literal it ends with.
                    struct_output = Some(ty.clone());
                    tuple_output = true;
                    outputs = 0;
                    return crate::parse::struct_value::struct_output_float(item, ty, args, generic, errors);
                }
                if crate::parse::generics::names_other(ty, &generics) {
                    errors.push(ty, crate::parse::generics::unbounded_message(ty));
                } else {
                    errors.push(ty, "`#[differentiate]` needs a function returning `f64` or `f32`, a tuple of them (`(f64, f64)`), or an array (`[f64; N]`)");
                }
                None
            }),
        },
        ReturnType::Default => {
            errors.push(&sig.ident, "this function returns nothing; `#[differentiate]` needs a function returning `f64` or `f32`");
            None
        }
    };
    let params = check_params(item, float.as_ref(), &generics, errors);
    let float = float?;
    let mut params = params?;
    assign_roles(&mut params, args, errors);
    unnamed_are_constants(&mut params);
    crate::parse::struct_value::check_hessian(&params, args, errors);
    Some(Signature {
        float,
        generics: sig.generics.clone(),
        impl_generics: syn::Generics::default(),
        params,
        owner: None,
        receiver: None,
        wrt_self: false,
        outputs,
        tuple: tuple_output,
        array_output,
        struct_output,
        jvp: args.jvp,
        hessian: args.hessian,
        circuit: args.circuit.is_some(),
        tuple_params: Vec::new(),
    })
}

fn check_params(
    item: &ItemFn,
    float: Option<&Float>,
    generics: &crate::parse::generics::FloatParam,
    errors: &mut Errors,
) -> Option<Vec<Param>> {
    let generic = generics.float.as_ref();
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
                errors.push(other, "`#[differentiate]` needs a name, `_`, an array pattern or a tuple of names for each parameter (`x: f64`, `[x, y]: [f64; 2]`, `(a, b): (f64, f64)`); the parts of a tuple parameter cannot be tuples: pass those as parameters of their own (`(x, y): (f64, f64), z: f64`)");
                ok = false;
                continue;
            }
        };
        let ty = (*typed.ty).clone();
        let owned = float_array(&ty, generic).is_none() && struct_by_value(item, &name, &ty);
        let slice = float_slice(&ty, generic).is_some() || struct_reference(&ty) || owned;
        let float_type = float_slice(&ty, generic).or_else(|| float_array(&ty, generic));
        let dims = float_type.as_ref().map_or(0, |(_, dims)| *dims);
        let role = match float_type.map(|(float, _)| float) {
            Some(param_float) => {
                if float.is_some_and(|float| *float != param_float) {
                    errors.push(&ty, crate::parse::generics::mixed_message(generic));
                }
                Role::Differentiated
            }
            None if crate::parse::generics::names_other(&ty, generics) => {
                errors.push(&ty, crate::parse::generics::unbounded_message(&ty));
                ok = false;
                continue;
            }
            None if type_name(&ty).is_some_and(|n| CONSTANT_TYPES.contains(&n.as_str())) => {
                Role::Constant
            }
            // `p: &Params`: a struct of parameters, its gradient added into `d_p: &mut Params`.
            None if struct_reference(&ty) => Role::Differentiated,
            // `s: State` whose fields the body reads: the same, the cache owning `s`.
            None if owned => Role::Differentiated,
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
            owned,
        });
    }
    ok.then_some(params)
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
            // A struct by value left out is constant data, as an enum is.
            if param.owned {
                (param.role, param.slice, param.owned) = (Role::Constant, false, false);
            }
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
