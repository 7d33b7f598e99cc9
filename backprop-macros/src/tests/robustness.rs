//! Robustness: the transform never panics. A pile of odd but valid Rust items and
//! attribute arguments goes through [`crate::expand::differentiate`]; each must come
//! back as tokens that parse as a `syn::File` and, for a function, still contain the
//! function as written (so only the real error shows).

use proc_macro2::TokenStream;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Items the attribute may be put on: functions of every odd shape and other items.
const ITEMS: &[(&str, &str)] = &[
    // Not functions.
    ("struct", "struct S { x: f64 }"),
    ("tuple struct", "pub struct S(f64, f64);"),
    ("unit struct", "struct S;"),
    ("generic struct", "struct S<'a, T: Copy> where T: Clone { x: &'a T }"),
    ("enum", "enum E { A, B(f64), C { x: f64 } }"),
    ("union", "union U { a: f64, b: u64 }"),
    ("trait", "trait T { fn f(x: f64) -> f64; fn g(&self) -> f64 { 1.0 } }"),
    ("impl", "impl S { fn f(&self, x: f64) -> f64 { x } }"),
    ("trait impl", "impl<T> Tr for S<T> where T: Copy { type A = f64; }"),
    ("const", "const C: f64 = 1.0;"),
    ("static", "static mut C: f64 = 1.0;"),
    ("extern block", "extern \"C\" { fn sin(x: f64) -> f64; static E: f64; }"),
    ("extern crate", "extern crate core as kernel;"),
    ("use", "use std::f64::consts::{PI, E as EULER};"),
    ("mod", "mod m { pub fn f(x: f64) -> f64 { x } }"),
    ("mod declaration", "mod m;"),
    ("type alias", "type F = fn(f64) -> f64;"),
    ("macro_rules", "macro_rules! m { ($x:expr) => { $x * 2.0 }; }"),
    ("macro item", "thread_local! { static T: f64 = 1.0; }"),
    // Signatures the attribute rejects.
    ("lifetime", "fn f<'a>(x: &'a f64) -> f64 { *x }"),
    ("lifetime only", "fn f<'a>(x: f64) -> f64 { x }"),
    ("generic without Float", "fn f<T: Into<f64>>(x: T) -> f64 { x.into() }"),
    ("generic unbounded", "fn f<T>(x: T) -> T { x }"),
    ("two float parameters", "fn f<T: Float, U: Float>(x: T, y: U) -> T { x }"),
    ("generic with f64", "fn f<T: Float>(x: T, y: f64) -> T { x }"),
    ("generic literal", "fn f<T: Float>(x: T) -> T { x * 2.0 + x.powf(0.5) }"),
    ("generic lifetime", "fn f<'a, T: Float>(x: &'a [T]) -> T { x[0] }"),
    // Generic signatures the attribute accepts.
    ("const generic", "fn f<const N: usize>(x: [f64; N]) -> f64 { x[0] }"),
    ("where clause", "fn f(x: f64) -> f64 where f64: Copy { x }"),
    ("generic float", "fn f<T: Float>(x: T) -> T { x * T::from(2.0).unwrap() }"),
    ("generic where", "fn f<T>(x: &[T]) -> T where T: num_traits::Float + Sum { x.iter().copied().sum() }"),
    ("generic const", "fn f<T: Float, const N: usize>(x: &[T; N]) -> T { x[N - 1] * T::one() }"),
    ("generic unused", "fn f<T: Float, U>(x: T) -> T { x }"),
    ("generic constants", "fn f<T: Float + FromPrimitive>(x: T) -> T { T::from_f64(1.5 * PI).unwrap() * x + T::epsilon() }"),
    ("async", "async fn f(x: f64) -> f64 { x }"),
    ("unsafe", "unsafe fn f(x: f64) -> f64 { x }"),
    ("const fn", "const fn f(x: f64) -> f64 { x }"),
    ("extern C fn", "extern \"C\" fn f(x: f64) -> f64 { x * x }"),
    ("unsafe extern fn", "pub unsafe extern \"C\" fn f(x: f64) -> f64 { x }"),
    ("variadic", "unsafe extern \"C\" fn f(x: f64, mut args: ...) -> f64 { x }"),
    ("self", "fn f(&self, x: f64) -> f64 { x }"),
    ("mut self", "fn f(mut self: Box<Self>, x: f64) -> f64 { x }"),
    ("impl Trait arg", "fn f(x: impl Into<f64>) -> f64 { x.into() }"),
    ("wildcard param", "fn f(_: f64, y: f64) -> f64 { y }"),
    ("ref param pattern", "fn f(ref x: f64) -> f64 { *x }"),
    ("binding @ param", "fn f(x @ _: f64) -> f64 { x }"),
    ("tuple struct param", "fn f(W(x): W) -> f64 { x }"),
    ("tuple param", "fn f((a, b): (f64, f64)) -> f64 { a * b }"),
    ("slice param", "fn f(x: &[f64]) -> f64 { x[0] }"),
    ("fn pointer param", "fn f(g: fn(f64) -> f64, x: f64) -> f64 { g(x) }"),
    ("qualified param type", "fn f(x: core::primitive::f64) -> f64 { x }"),
    ("paren param type", "fn f(x: (f64)) -> (f64) { x }"),
    ("never return", "fn f(x: f64) -> ! { loop {} }"),
    ("unit return", "fn f(x: f64) -> () {}"),
    ("no return", "fn f(x: f64) {}"),
    ("Self return", "fn f(x: f64) -> Self { x }"),
    ("dyn return", "fn f(x: f64) -> Box<dyn Fn(f64) -> f64> { Box::new(move |y| x * y) }"),
    ("array return", "fn f(x: f64) -> [f64; 2] { [x, x] }"),
    ("mixed floats", "fn f(x: f32, y: f64) -> f64 { y }"),
    // Signatures it accepts, with odd bodies.
    ("empty body", "fn f(x: f64) -> f64 {}"),
    ("only semicolons", "fn f(x: f64) -> f64 { ;;; }"),
    ("no params", "fn f() -> f64 { 1.0 }"),
    ("only constants", "fn f(n: i32, b: bool, u: usize) -> f64 { n as f64 }"),
    ("raw identifiers", "fn r#fn(r#in: f64, r#type: f64) -> f64 { let r#let = r#in * r#type; r#let }"),
    ("raw fn name keyword", "fn r#match(x: f64) -> f64 { x }"),
    ("unicode identifiers", "fn größe(übung: f64, λ: f64) -> f64 { let µ = übung * λ; µ.exp() }"),
    ("cjk identifiers", "fn 变换(输入: f64) -> f64 { 输入 * 输入 }"),
    ("leading underscore", "fn _f(_x: f64, __y: f64) -> f64 { _x * __y }"),
    ("all caps name", "fn LOSS(X: f64) -> f64 { X * X }"),
    ("generated-looking names", "fn f(d_x: f64, cache: f64, d_out: f64) -> f64 { let out = d_x * cache; let value = out * d_out; value }"),
    ("name like generated items", "fn f_grad(f_forward: f64) -> f64 { f_forward }"),
    ("attributes and docs", "/// doc\n#[inline(always)]\n#[allow(unused)]\n#[cfg(all())]\npub(crate) fn f(#[allow(unused)] x: f64) -> f64 { x }"),
    ("visibility path", "pub(in crate::a) fn f(x: f64) -> f64 { x }"),
    ("nested items", "fn f(x: f64) -> f64 { fn g(y: f64) -> f64 { y } struct S; const C: f64 = 2.0; x * C }"),
    ("cfg everywhere", "fn f(#[cfg(a)] x: f64, y: f64) -> f64 { #[cfg(b)] let y = y * 2.0; let v = [y, #[cfg(not(a))] 1.0]; match 1 { #[cfg(c)] 0 => v[0], _ => y } }"),
    ("cfg_attr odd", "fn f(x: f64) -> f64 { #[cfg_attr()] let a = x; #[cfg_attr(p)] let b = x; #[cfg_attr(p, cfg_attr(q, cfg(r)))] let c = x; #[cfg(p, q)] let d = x; a + b + c + d }"),
    ("cfg removes the value", "fn f(x: f64) -> f64 { #[cfg(any())] x }"),
    ("gate names shadowed", "fn f(x: f64) -> f64 { use crate::m::{sigmoid, dot as huber}; use backprop::gelu as g; fn relu(x: f64) -> f64 { x } let elu = 2.0; sigmoid(x) + huber(x) + g(x) + relu(x) * elu }"),
    ("nested fn called", "fn f(x: f64) -> f64 { fn g(y: f64) -> f64 { y } g(x) }"),
    ("statement attributes", "fn f(x: f64) -> f64 { #[allow(unused)] let y = x; #[allow(unused_parens)] (y) }"),
    ("labelled block", "fn f(x: f64) -> f64 { 'a: { x } }"),
    ("const block", "fn f(x: f64) -> f64 { x * const { 2.0 } }"),
    ("loop body", "fn f(x: f64) -> f64 { loop { break x; } }"),
    ("break outside loop", "fn f(x: f64) -> f64 { break; x }"),
    ("let chains", "fn f(x: f64) -> f64 { let _ = x; let _: f64 = x; let (_) = x; x }"),
    ("let without value", "fn f(x: f64) -> f64 { let y: f64; x }"),
    ("let else", "fn f(x: f64) -> f64 { let Some(y) = Some(x) else { return 0.0 }; y }"),
    ("shadowed params", "fn f(x: f64, y: f64) -> f64 { let x = x; let y = x; let x = y; x }"),
    ("self assignment", "fn f(mut x: f64) -> f64 { x = x; x += x; x -= x; x *= x; x /= x; x }"),
    ("odd compound ops", "fn f(mut x: f64, mut n: i32) -> f64 { x %= 2.0; n <<= 1; n ^= 3; n |= 1; x }"),
    ("final return", "fn f(x: f64) -> f64 { return x; }"),
    ("tail return", "fn f(x: f64) -> f64 { return x }"),
    ("bare return", "fn f(x: f64) -> f64 { return; }"),
    ("return in expr", "fn f(x: f64) -> f64 { x + return x }"),
    ("triple negation", "fn f(x: f64) -> f64 { -(-(-x)) }"),
    ("casts", "fn f(x: f64, n: i32) -> f64 { x as f64 as f64 + (n as f64) as f64 + 0x10 as f64 }"),
    ("literals", "fn f(x: f64) -> f64 { x * 1.0f64 + 1e10 + 1_000.5_f64 + 2. + 1E-3 }"),
    ("float consts", "fn f(x: f64) -> f64 { x * std::f64::consts::PI + f64::MAX + f64::NAN + core::f64::consts::E }"),
    ("qself call", "fn f(x: f64) -> f64 { <f64>::exp(x) + <f64 as Clone>::clone(&x) }"),
    ("path method forms", "fn f(x: f64, y: f64) -> f64 { f64::exp(x,) + f64::powf(x, y) + f64::mul_add(x, y, x) }"),
    ("path method no receiver", "fn f(x: f64) -> f64 { f64::exp() + x }"),
    ("methods with active args", "fn f(x: f64, y: f64, z: f64) -> f64 { x.clamp(y, z) + x.mul_add(y, z) + x.atan2(y).hypot(z) }"),
    ("method arity", "fn f(x: f64) -> f64 { x.exp(x) + x.max() + x.clamp(x) }"),
    ("turbofish", "fn f(x: f64) -> f64 { x.max::<>(x) }"),
    ("gates", "fn f(x: f64) -> f64 { sigmoid(x) + backprop::relu(x) + ::backprop::softplus(x) + sigmoid() + relu(x, x) }"),
    ("powi active exponent", "fn f(x: f64) -> f64 { x.powi(x) }"),
    ("unknown calls", "fn f(x: f64) -> f64 { g(x) + a::b::c(x) + (x.exp)(x) + (|t: f64| t)(x) }"),
    ("every unsupported expression", "fn f(x: f64) -> f64 { let a = [x; 2]; let t = (x, x); let r = &x; let m = match x { _ => x }; let c = if x > 0.0 { x } else { -x }; let u = unsafe { x }; let q = x?; let s = S { x }; let k = x..x; let z = async { x }; let w = *r; let i = a[0]; let p = t.0; let b = !x; x % x + (x == x) as i32 as f64 }"),
    ("every unsupported statement", "fn f(x: f64) -> f64 { while x > 0.0 {} for _ in 0..1 {} loop { break; } println!(\"{x}\"); x; x.abs() = x; unknown = x; x }"),
    ("assignment in expression", "fn f(mut x: f64) -> f64 { let y = (x = 2.0); x }"),
    ("closure", "fn f(x: f64) -> f64 { let g = |y: f64| y * x; g(x) }"),
    ("block without value", "fn f(x: f64) -> f64 { let y = { x; }; y }"),
    ("try block like", "fn f(x: f64) -> f64 { let y = { let z = x; { { z } } }; y }"),
    ("macro in expression", "fn f(x: f64) -> f64 { x + m!(x) + vec![x][0] }"),
    ("macro_rules in body", "fn f(x: f64) -> f64 { macro_rules! two { () => { 2.0 }; } x * two!() }"),
    ("integer arithmetic", "fn f(x: f64, n: i32) -> f64 { let k = n * 2 + 1; x.powi(k % 3) }"),
    ("bool constant", "fn f(x: f64, b: bool) -> f64 { let c = b && !b; x * (c as i32 as f64) }"),
    ("wrong literal types", "fn f(x: f64) -> f64 { x * 2 + 'c' as u8 as f64 + \"s\".len() as f64 }"),
    // Blocks, labeled blocks and values out of loops (flattened, joined, assigned).
    ("nested block statements", "fn f(mut x: f64) -> f64 { { { let x = 2.0; } x *= 2.0; { return x; } } { x } }"),
    ("block shadowing everything", "fn f(x: f64) -> f64 { let t = x; { let t = t * t; let x = t; let t = x + t; } { let t; } t }"),
    ("let of jumping blocks", "fn f(x: f64) -> f64 { let a = { let b = { if x > 0.0 { return x; } x }; if b < 1.0 { return b; } b * 2.0 }; a }"),
    ("let of jumping if without else", "fn f(x: f64) -> f64 { let a = if x > 0.0 { return x; }; a; x }"),
    ("let of jumping match", "fn f(x: f64, n: i32) -> f64 { let a = match n { 0 => return x, k @ 1.. => { if x > 0.0 { return 0.0; } x * k as f64 } _ => loop { break x; } }; a }"),
    ("assign jumping values", "fn f(mut x: f64) -> f64 { x = { return x; }; x += if x > 0.0 { return 1.0 } else { 2.0 }; x *= match 1 { _ => return x }; x }"),
    ("labeled block jumps", "fn f(x: f64) -> f64 { 'a: { 'b: { break 'a 1.0; } break 'b; } 'c: { continue; return x; break 'c x; } let v = 'd: { loop { break 'd x; } }; v }"),
    ("labeled block without value", "fn f(x: f64) -> f64 { let v = 'a: { if x > 0.0 { break 'a; } x }; v }"),
    ("break values everywhere", "fn f(x: f64) -> f64 { let a = loop { break; }; let b: usize = 'o: loop { loop { break 'o 1; } }; x = loop { break x * 2.0; }; x += loop { if x > 0.0 { break 1.0 } break; }; 3.0 * loop { break x; } }"),
    ("tail loops", "fn f(x: f64) -> f64 { 'l: loop { for _ in 0..3 { if x > 0.0 { return x; } continue 'l; } return 0.0; } }"),
    ("tail loop without exit", "fn f(x: f64) -> f64 { loop { let y = x; } }"),
    // Matches that bind, on constants and on differentiated values.
    ("match bindings", "fn f(x: f64, n: i32, k: K) -> f64 { let a = match n { m @ (1 | 2) if m > 1 => m as f64, ref r => *r as f64, mut m => { m += 1; m as f64 } }; let b = match k { K::A { p, q: Q(r), .. } | K::B(p, r) => p * r, K::C(..) => 1.0 }; let c = match (x, n) { (v, 0) => v, (_, m) => m as f64 }; match [x, x] { [a, b] => a * b, [..] => x } }"),
    ("match binding shadows params", "fn f(x: f64, n: i32) -> f64 { match n { x if x > 0 => x as f64, n => n as f64 * x } }"),
    ("bool and cast forms", "fn f(x: f64, y: f64) -> f64 { let a = x > y && !(y < 0.0) || x == y; let b = !x; let i = (x * 9.0).floor() as usize; let j = { x } as i32; let k = (x as f32) as f64 + ((x as f64) as f32) as f64 + (x as f32 as f32) as f64; [1.0; 4][i] * k }"),
    ("remainders", "fn f(x: f64, y: f64) -> f64 { (x % y) % 2.0 + x.rem_euclid(y) + x.copysign(y) + 2.0 % x + f64::rem_euclid(x, y) + x.rem_euclid() }"),
    ("iterator chains", "fn f(x: f64, n: usize) -> f64 { (0..n).map(|i| i as f64 * x).sum::<f64>() + (0..n).fold(0.0, |a, _| a + x) + x.max::<f64>(x) }"),
    ("statement macros", "fn f(x: f64) -> f64 { debug_assert!(x > 0.0); assert_eq!(x, x); let (a, b) = (x, x); a += b; b }"),
    ("unit tuple returns", "fn f(x: f64) -> (f64,) { if x > 0.0 { return (x,); } (x * 2.0) }"),
];

/// Attribute arguments, each tried on a plain two-parameter function.
const ARGS: &[&str] = &[
    "",
    "wrt",
    "wrt()",
    "wrt(x)",
    "wrt(x,)",
    "wrt(x, y)",
    "wrt(x, x)",
    "wrt(z)",
    "wrt(n)",
    "wrt = x",
    "wrt = (x)",
    "wrt: x",
    "wrt(x) extra",
    "wrt(x),",
    "wrt(x),,",
    "wrt(x), wrt(y)",
    "wrt(x) wrt(y)",
    "wrt(x)(y)",
    "wrt[x]",
    "wrt{x}",
    "wrt((x))",
    "wrt(, x)",
    "wrt(x y)",
    "wrt(1)",
    "wrt(1.0)",
    "wrt(\"x\")",
    "wrt(self)",
    "wrt(r#type)",
    "wrt(x::y)",
    "wrt(_)",
    "foo(bar)",
    "foo",
    "WRT(x)",
    "r#wrt(x)",
    "42",
    "\"string\"",
    ",",
    "= = =",
    "!@#$%^&*",
    "::",
    "'a",
    "#[wrt(x)]",
    "wrt(x) = y",
];

/// Runs the transform on `args` and `item`, catching a panic.
fn run(args: &str, item: &str) -> Result<TokenStream, String> {
    let args: TokenStream = args
        .parse()
        .map_err(|error| format!("test input does not lex: {error}"))?;
    let item: TokenStream = item
        .parse()
        .map_err(|error| format!("test input does not lex: {error}"))?;
    catch_unwind(AssertUnwindSafe(|| {
        crate::expand::differentiate(args, item)
    }))
    .map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()));
        format!("panicked: {}", message.unwrap_or_default())
    })
}

/// Checks one case: no panic, the output parses, and a function is still there.
fn check(args: &str, item: &str) -> Result<(), String> {
    let output = run(args, item)?;
    let file: syn::File = syn::parse2(output.clone())
        .map_err(|error| format!("output does not parse ({error}): {output}"))?;
    if let Ok(syn::Item::Fn(input)) = syn::parse_str::<syn::Item>(item) {
        let kept = file.items.iter().any(|item| {
            matches!(item, syn::Item::Fn(output) if output.sig.ident == input.sig.ident
                && output.block == input.block)
        });
        if !kept {
            return Err(format!("the function as written is missing: {output}"));
        }
    }
    Ok(())
}

fn check_all<'a>(cases: impl IntoIterator<Item = (String, &'a str, String)>) {
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(name, args, item)| {
            check(args, &item)
                .err()
                .map(|error| format!("{name} (`#[differentiate({args})] {item}`): {error}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn odd_items_never_panic() {
    assert!(ITEMS.len() >= 40);
    check_all(
        ITEMS
            .iter()
            .map(|(name, item)| ((*name).to_owned(), "", (*item).to_owned())),
    );
}

#[test]
fn odd_items_with_wrt_never_panic() {
    check_all(
        ITEMS
            .iter()
            .map(|(name, item)| ((*name).to_owned(), "wrt(x)", (*item).to_owned())),
    );
}

#[test]
fn odd_arguments_never_panic() {
    let plain = "fn f(x: f64, y: f64, n: i32) -> f64 { x.powi(n) * y }";
    let broken = "fn f(x: f64, y: f64) -> f64 { if x > y { x } else { y } }";
    let not_a_fn = "struct S;";
    check_all(ARGS.iter().flat_map(|args| {
        [plain, broken, not_a_fn]
            .into_iter()
            .map(move |item| (format!("args `{args}`"), *args, item.to_owned()))
    }));
}

#[test]
fn very_long_body_never_panics() {
    let mut body = String::from("let a0 = x;\n");
    body.extend((1..=1000).map(|i| format!("let a{i} = a{} * 1.0001 + x.sin() / y;\n", i - 1)));
    body.push_str("a1000");
    let item = format!("fn f(x: f64, y: f64) -> f64 {{ {body} }}");
    check_all([("1000 lets".to_owned(), "", item)]);
    let mut body = String::from("let mut s = x;\n");
    for _ in 0..1000 {
        body.push_str("s += s.tanh() * y;\n");
    }
    body.push('s');
    let item = format!("fn f(x: f64, y: f64) -> f64 {{ {body} }}");
    check_all([("1000 reassignments".to_owned(), "", item)]);
}

#[test]
fn deep_nesting_never_panics() {
    let depth = 64;
    let parens = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
    let blocks = format!("{}x{}", "{ ".repeat(depth), " }".repeat(depth));
    let negations = format!("{}x", "-".repeat(depth));
    let methods = format!("x{}", ".exp()".repeat(depth));
    let sum = vec!["x * y"; 500].join(" + ");
    let cases = [
        ("nested parens", parens),
        ("nested blocks", blocks),
        ("nested negations", negations),
        ("method chain", methods),
        ("500-term sum", sum),
    ];
    check_all(cases.into_iter().map(|(name, body)| {
        let item = format!("fn f(x: f64, y: f64) -> f64 {{ {body} }}");
        (name.to_owned(), "", item)
    }));
}
