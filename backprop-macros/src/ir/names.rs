//! The only place that makes identifiers for generated code: variable versions,
//! temporaries, adjoints (`d_<var>`) and items (`<Fn>Cache`, `<fn>_forward`).
//! Names are deterministic and never collide with a name the user wrote.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::format_ident;
use std::collections::BTreeSet;
use syn::ext::IdentExt;

/// Hands out unique local names.
pub(crate) struct Namer {
    /// Every identifier in the user's function: generated names avoid them.
    reserved: BTreeSet<String>,
    /// Names already given out.
    taken: BTreeSet<String>,
    /// The items generated for the functions the body calls (`g_forward`,
    /// `g_pullback` for `g(..)`): generated code calls them, so a user binding of that
    /// name is renamed there rather than shadow them.
    callee_items: BTreeSet<String>,
    /// Where [`Namer::numbered`] resumes counting for each prefix, so that many
    /// versions of one variable cost linear time.
    next: std::collections::BTreeMap<String, usize>,
}

impl Namer {
    /// A namer that avoids every identifier in `user_code`.
    pub(crate) fn new(user_code: TokenStream) -> Namer {
        let mut reserved = BTreeSet::new();
        let mut callee_items = BTreeSet::new();
        collect_calls(user_code.clone(), &mut callee_items);
        collect_idents(user_code, &mut reserved);
        Namer {
            reserved,
            callee_items,
            taken: BTreeSet::new(),
            next: std::collections::BTreeMap::new(),
        }
    }

    /// The name for a binding the user wrote: its own name the first time, then
    /// `name_1`, `name_2`, ... for later versions (shadowing, reassignment).
    pub(crate) fn user(&mut self, name: &str) -> Ident {
        if !self.callee_items.contains(name) && self.taken.insert(name.to_owned()) {
            return make_ident(name);
        }
        self.numbered(&format!("{name}_"))
    }

    /// A fresh name: `base` itself if free, else `base_1`, `base_2`, ...
    pub(crate) fn fresh(&mut self, base: &str) -> Ident {
        if !self.reserved.contains(base) && self.taken.insert(base.to_owned()) {
            return make_ident(base);
        }
        self.numbered(&format!("{base}_"))
    }

    /// Marks `name` as given out: a name the generated code already uses, for a
    /// namer that names one more generated function (`emit/hvp.rs`).
    pub(crate) fn take(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Gives `name` back (a temporary that was renamed after the user's binding).
    pub(crate) fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    /// A name for a variable the macro adds to the user's code: `base`, or `base_1`,
    /// ... if the function already uses it. It is claimed later, like a user binding.
    pub(crate) fn free(&self, base: &str) -> Ident {
        let taken = |name: &str| self.reserved.contains(name) || self.taken.contains(name);
        if !taken(base) {
            return make_ident(base);
        }
        let mut n = 1usize;
        loop {
            let name = format!("{base}_{n}");
            if !taken(&name) {
                return make_ident(&name);
            }
            n += 1;
        }
    }

    /// [`Namer::free`], kept from later `free` and `fresh` names: a name the macro
    /// writes into the user's code before lowering (`t_1` for a renamed `let t`).
    pub(crate) fn claim(&mut self, base: &str) -> Ident {
        let ident = self.free(base);
        self.reserved.insert(ident.to_string());
        ident
    }

    /// The first free name among `prefix1`, `prefix2`, ...
    pub(crate) fn numbered(&mut self, prefix: &str) -> Ident {
        let mut n = self.next.get(prefix).copied().unwrap_or(1);
        loop {
            let name = format!("{prefix}{n}");
            n += 1;
            if !self.reserved.contains(&name) && self.taken.insert(name.clone()) {
                self.next.insert(prefix.to_owned(), n);
                return make_ident(&name);
            }
        }
    }
}

/// The identifier's text without a leading `r#`.
pub(crate) fn plain(ident: &Ident) -> String {
    ident.unraw().to_string()
}

/// `name` without its version numbers: `acc_2_times_x` is `acc_times_x`, `d_out_1_1`
/// is `d_out`, where a version number is one that follows a name `is_named` knows
/// (`kind_is_1` keeps its `1`); `None` when there is none, or what is left is no
/// plain identifier.
pub(crate) fn unversioned(name: &str, is_named: impl Fn(&str) -> bool) -> Option<String> {
    if name.starts_with("r#") {
        return None;
    }
    let parts: Vec<&str> = name.split('_').collect();
    let mut kept: Vec<&str> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let number = i > 0 && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let after_name = (0..kept.len()).any(|j| {
            let tail = kept[j..].join("_");
            is_named(&tail) || tail == "out"
        });
        if !(number && after_name) {
            kept.push(part);
        }
    }
    if kept.len() == parts.len() {
        return None;
    }
    let name = kept.join("_");
    syn::parse_str::<Ident>(&name).ok()?;
    Some(name)
}

/// `name` as an identifier, raw (`r#type`) if it is a keyword. Never panics: other
/// characters become `_`, and a leading digit gets a `v` in front.
pub(crate) fn make_ident(name: &str) -> Ident {
    let mut name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'v');
    }
    let name = name.as_str();
    match name {
        // Keywords that cannot be raw identifiers.
        "self" | "Self" | "super" | "crate" | "_" => format_ident!("{}_", name),
        // A table, not `syn::parse_str`: lexing a string through the compiler for
        // every name was a tenth of a large function's expansion time.
        _ if KEYWORDS.contains(&name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// Rust's strict and reserved keywords (2015 to 2024 editions), which a name must
/// write raw (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// `sigmoid_neuron` -> `SigmoidNeuron`.
pub(crate) fn upper_camel(name: &str) -> String {
    name.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// The generated items' names for function `name`.
pub(crate) struct ItemNames {
    pub(crate) cache: Ident,
    pub(crate) grad: Ident,
    pub(crate) forward: Ident,
    pub(crate) backward: Ident,
    pub(crate) value_and_grad: Ident,
    /// `f_pullback`: the gradient as a tuple, for functions that call `f`.
    pub(crate) pullback: Ident,
    /// `F_WRT`: which parameters `f` differentiates, checked by its callers.
    pub(crate) wrt: Ident,
    /// `f_jvp`: the value and the directional derivative (forward mode).
    pub(crate) jvp: Ident,
    /// `f_tangent`: `f_jvp` with a tangent for every parameter (`()` for a
    /// constant), for functions that call `f`.
    pub(crate) tangent: Ident,
    /// `f_hvp`: the gradient and a Hessian-vector product (`hessian`).
    pub(crate) hvp: Ident,
    /// `f_hessian`: the gradient and the dense Hessian (`hessian`).
    pub(crate) hessian: Ident,
    /// `f_circuit`: the picture of one run (`#[differentiate(circuit)]`).
    pub(crate) circuit: Ident,
}

impl ItemNames {
    pub(crate) fn new(function: &Ident) -> ItemNames {
        ItemNames::new_in(function, None)
    }

    /// The names for function `function`, a method of type `owner` if given (its
    /// structs are then `<Owner><Fn>Cache`, `<Owner><Fn>Grad`).
    pub(crate) fn new_in(function: &Ident, owner: Option<&str>) -> ItemNames {
        let name = plain(function);
        let camel = format!("{}{}", owner.unwrap_or(""), upper_camel(&name));
        ItemNames {
            cache: format_ident!("{}Cache", camel),
            grad: format_ident!("{}Grad", camel),
            forward: format_ident!("{}_forward", name),
            backward: format_ident!("{}_backward", name),
            value_and_grad: format_ident!("{}_grad", name),
            pullback: format_ident!("{}_pullback", name),
            wrt: format_ident!("{}_WRT", name.to_uppercase()),
            jvp: format_ident!("{}_jvp", name),
            tangent: format_ident!("{}_tangent", name),
            hvp: format_ident!("{}_hvp", name),
            hessian: format_ident!("{}_hessian", name),
            circuit: format_ident!("{}_circuit", name),
        }
    }

    /// The items of the function a call names: `layers::dense` -> `layers::dense_forward`,
    /// `layers::DenseCache`, ...; for an associated function (`Model::f`, `Self::f`)
    /// the structs are `ModelFCache`, ... beside the type. `self_type` names `Self`.
    pub(crate) fn of_path(path: &syn::Path, self_type: Option<&str>) -> Option<Callee> {
        let count = path.segments.len();
        let last = &path.segments.last()?.ident;
        let owner = (count >= 2)
            .then(|| &path.segments[count - 2].ident)
            .filter(|ident| ident.to_string().starts_with(|c: char| c.is_uppercase()))
            .map(|ident| match (ident == "Self", self_type) {
                (true, Some(name)) => name.to_owned(),
                _ => plain(ident),
            });
        let names = ItemNames::new_in(last, owner.as_deref());
        let mut cache_type = path.clone();
        if owner.is_some() {
            // The owner type's segment goes: the struct sits beside the type.
            let segments: Vec<syn::PathSegment> = cache_type
                .segments
                .iter()
                .take(count - 1)
                .cloned()
                .collect();
            cache_type.segments = segments.into_iter().collect();
        }
        if let Some(segment) = cache_type.segments.last_mut() {
            segment.ident = Ident::new(&names.cache.to_string(), last.span());
            segment.arguments = syn::PathArguments::None;
        }
        Some(Callee {
            names,
            path: path.clone(),
            cache_type,
        })
    }
}

/// The generated items of a called function, found from the call's path.
pub(crate) struct Callee {
    pub(crate) names: ItemNames,
    path: syn::Path,
    /// The callee's cache struct.
    pub(crate) cache_type: syn::Path,
}

impl Callee {
    /// The path of the callee's item `ident` (`layers::dense_forward`), spanned at the
    /// call, so that "cannot find `g_forward`" points there.
    pub(crate) fn item(&self, ident: &Ident) -> syn::Path {
        let mut path = self.path.clone();
        if let Some(segment) = path.segments.last_mut() {
            segment.ident = Ident::new(&ident.to_string(), segment.ident.span());
            segment.arguments = syn::PathArguments::None;
        }
        path
    }
}

fn collect_idents(tokens: TokenStream, into: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                into.insert(plain(&ident));
            }
            TokenTree::Group(group) => collect_idents(group.stream(), into),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

/// The name the user's crate gives `backprop`: `backprop`, or the name in its
/// `Cargo.toml` when the dependency is renamed (`bp = { package = "backprop", .. }`).
pub(crate) fn backprop_crate() -> Ident {
    match proc_macro_crate::crate_name("backprop") {
        Ok(proc_macro_crate::FoundCrate::Name(name)) => make_ident(&name),
        // `Itself`: backprop's own tests, examples and benches, which name it so; not
        // found: a crate that reaches it through another, or no `Cargo.toml`.
        Ok(proc_macro_crate::FoundCrate::Itself) | Err(_) => make_ident("backprop"),
    }
}

/// For each name called as a function (`g(..)`, `m::g(..)`), the generated functions
/// a caller uses: `g_forward`, `g_backward`, `g_pullback`, `g_grad`.
fn collect_calls(tokens: TokenStream, into: &mut BTreeSet<String>) {
    let mut previous: Option<String> = None;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                if let (Some(name), proc_macro2::Delimiter::Parenthesis) =
                    (previous.take(), group.delimiter())
                {
                    for suffix in ["forward", "backward", "pullback", "grad"] {
                        into.insert(format!("{name}_{suffix}"));
                    }
                }
                collect_calls(group.stream(), into);
            }
            TokenTree::Ident(ident) => previous = Some(plain(&ident)),
            TokenTree::Punct(_) | TokenTree::Literal(_) => previous = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn versions_and_temporaries_avoid_user_names() {
        let mut namer = Namer::new(quote!(
            fn f(x: f64) {
                let x_1 = x;
                let t = x_1;
            }
        ));
        assert_eq!(namer.user("x"), "x");
        assert_eq!(namer.user("x"), "x_2");
        assert_eq!(namer.fresh("x_plus_y"), "x_plus_y");
        assert_eq!(namer.fresh("t"), "t_1");
        assert_eq!(namer.numbered("f_t"), "f_t1");
    }

    #[test]
    fn camel_case_item_names() {
        assert_eq!(upper_camel("sigmoid_neuron"), "SigmoidNeuron");
        assert_eq!(upper_camel("f"), "F");
        let names = ItemNames::new(&format_ident!("loss"));
        assert_eq!(names.grad, "LossGrad");
        assert_eq!(names.value_and_grad, "loss_grad");
    }
}
