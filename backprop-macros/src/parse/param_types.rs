//! What a parameter's type is to the signature check: a float, an array or slice of
//! them, a reference to a struct, an array of constants; and what to say about one that
//! is none of these.

use crate::parse::signature::Float;
use syn::{Ident, Type};

/// The float type and array depth of a slice type `&[F]`, `&[[F; N]]` (depth 1, 2), or
/// of a reference to an array, `&[F; N]`, `&[[F; N]; M]`.
pub(crate) fn float_slice(ty: &Type, generic: Option<&Ident>) -> Option<(Float, usize)> {
    match ty {
        Type::Reference(reference) if reference.mutability.is_none() => match &*reference.elem {
            Type::Slice(slice) => {
                float_array(&slice.elem, generic).map(|(float, dims)| (float, dims + 1))
            }
            Type::Array(_) => float_array(&reference.elem, generic).filter(|(_, dims)| *dims > 0),
            _ => None,
        },
        Type::Paren(inner) => float_slice(&inner.elem, generic),
        Type::Group(inner) => float_slice(&inner.elem, generic),
        _ => None,
    }
}

/// The float type of `ty` and its array depth: `f64` -> (f64, 0), `[[f64; 3]; 2]` -> (f64, 2).
pub(crate) fn float_array(ty: &Type, generic: Option<&Ident>) -> Option<(Float, usize)> {
    match ty {
        Type::Array(array) => {
            float_array(&array.elem, generic).map(|(float, dims)| (float, dims + 1))
        }
        Type::Paren(inner) => float_array(&inner.elem, generic),
        Type::Group(inner) => float_array(&inner.elem, generic),
        ty => Float::from_type(ty, generic).map(|float| (float, 0)),
    }
}

/// The integer and `bool` types, constants wherever they appear.
pub(crate) const CONSTANT_TYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool",
];

/// Whether `ty` is an array (of arrays) of integers or `bool`s.
pub(crate) fn integer_array(ty: &Type) -> bool {
    match ty {
        Type::Array(array) => match &*array.elem {
            Type::Array(_) => integer_array(&array.elem),
            elem => type_name(elem).is_some_and(|n| CONSTANT_TYPES.contains(&n.as_str())),
        },
        _ => false,
    }
}

/// Whether `ty` is `&S` of a struct type (a path that is not a float or a constant).
pub(crate) fn struct_reference(ty: &Type) -> bool {
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

pub(crate) fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.get_ident().map(Ident::to_string),
        Type::Paren(inner) => type_name(&inner.elem),
        Type::Group(inner) => type_name(&inner.elem),
        _ => None,
    }
}

pub(crate) fn unsupported_param_message(ty: &Type) -> &'static str {
    match ty {
        Type::Reference(reference) if reference.mutability.is_some() => "`#[differentiate]` does not support `&mut` parameters; take the value and return the result instead",
        Type::Reference(reference) if matches!(*reference.elem, Type::Slice(_)) => "`#[differentiate]` supports slices of the function's float type (`&[f64]`, `&[[f64; N]]`)",
        Type::Reference(_) => "`#[differentiate]` does not support references other than to slices and arrays of the float type (`&[f64]`, `&[f64; N]`, `&[[f64; N]; M]`); pass the value (`x: f64`)",
        Type::Array(_) => "`#[differentiate]` supports arrays of the function's float type (`[f64; N]`, `[[f64; N]; M]`) as parameters",
        Type::Slice(_) => "take the slice by reference: `x: &[f64]` (its gradient is added into a `d_x: &mut [f64]` argument)",
        _ => "unsupported parameter type; `#[differentiate]` takes `f64` or `f32` parameters, and integers or `bool` as constants",
    }
}
