//! Parse: the attribute's options, the typed view of the signature, and the messages
//! for unsupported constructs. Depends on nothing but `error`.

pub(crate) mod args;
pub(crate) mod cfg;
pub(crate) mod depth;
pub(crate) mod generics;
pub(crate) mod methods;
pub(crate) mod param_names;
pub(crate) mod param_types;
pub(crate) mod signature;
pub(crate) mod struct_value;
pub(crate) mod tuple_params;
pub(crate) mod unsupported;
