//! The functions of the benchmarks, each behind a wrapper that calls it exactly once, for
//! `tools/icount.py` to count the instructions of one call under callgrind
//! (`valgrind --tool=callgrind --collect-atstart=no --toggle-collect=<wrapper>`): a count
//! that is the same on every run, so that a regression of the generated code shows
//! without timing noise.
//!
//! The functions and the hand-written gradients are the benchmarks' own, included from
//! `benches/shared/` with `#[path]`. For each function there are three wrappers, named
//! `plain_<function>`, `generated_<function>` and `hand_written_<function>`: the function
//! as written, its `*_grad` from `#[differentiate]`, and the gradient written by hand.
//! Each is exported under that name (`#[export_name]`, so callgrind sees exactly it) and
//! `#[inline(never)]`; it reads its inputs through `black_box` and passes its result to
//! `black_box`, so that all three pay the same for moving the arguments and the result.
//! The measured function is inlined into its wrapper as it would be into a caller, so a
//! count is exact for one binary, but an unrelated change elsewhere in the binary can move
//! it by a few instructions (the same function inlined into two wrappers, as in
//! `rosenbrock100` and `rosenbrock100_sweep`, differs by under 1%).
//!
//! ```text
//! icount list                 the functions, one a line
//! icount check                every hand-written gradient against the generated one
//! icount run <wrapper>        call one wrapper once (what callgrind measures)
//! ```

// The shared files define more than is measured here (the flat-vector helpers of the
// network, for example), and the losses index arrays in loops.
#![allow(dead_code, clippy::needless_range_loop)]

use std::hint::black_box;
use std::process::ExitCode;

/// The notes' staged example and its hand-written backward pass.
#[path = "../../../benches/shared/notes.rs"]
mod notes;

/// Horner's rule and 100 Euler steps, with their hand-written reverse sweeps.
#[path = "../../../benches/shared/loops.rs"]
mod loops;

/// The logistic loss (`Y`, `inputs` and the `logistic_functions!` macro).
#[macro_use]
#[path = "../../../benches/shared/logistic.rs"]
mod logistic_shared;

/// Rosenbrock's function (the `rosenbrock_functions!` macro).
#[macro_use]
#[path = "../../../benches/shared/rosenbrock.rs"]
mod rosenbrock_shared;

/// Rosenbrock's function with `hessian` (the `second_order_functions!` macro).
#[macro_use]
#[path = "../../../benches/shared/second_order.rs"]
mod second_order_shared;

/// Rosenbrock with `hessian` at n = 100 (Hessian-vector products) and n = 10 (dense).
mod second_order_100 {
    second_order_functions!(100, 99);
}
mod second_order_10 {
    second_order_functions!(10, 9);
}

/// Rosenbrock generic over its float type, at `f64`.
mod generic;

/// The 2-16-2 network's loss.
#[path = "../../../benches/shared/mlp.rs"]
mod mlp;

/// The logistic loss over 100 weights: `loss` (with `dot`), `looped`, `hand_written`.
mod logistic_fns {
    use crate::logistic_shared::Y;
    logistic_functions!(100);
}

/// Rosenbrock's function in 100 dimensions: `rosenbrock`, `hand_written` (one fused
/// pass), `hand_written_sweep` (a forward loop and a reverse sweep).
mod rosenbrock_fns {
    rosenbrock_functions!(100, 99);
}

/// Sum of squares, MSE and log-sum-exp over 1,000 inputs: as chains, as index loops, and
/// by hand.
#[path = "../../../benches/shared/chains.rs"]
mod chains;

/// The network's weights, sample and label, as `mlp::mlp_loss` takes them.
type MlpArgs = (
    [[f64; 2]; 16],
    [f64; 16],
    [[f64; 16]; 2],
    [f64; 2],
    [f64; 2],
    usize,
);

/// The 2-16-2 network's parameters as the struct `mlp::net_loss` takes.
fn net(w1: [[f64; 2]; 16], b1: [f64; 16], w2: [[f64; 16]; 2], b2: [f64; 2]) -> mlp::Net {
    mlp::Net {
        hidden: mlp::Hidden { w: w1, b: b1 },
        logits: mlp::Logits { w: w2, b: b2 },
    }
}

/// The arguments of every measured function, built once before anything is measured.
pub struct Inputs {
    notes: (f64, f64),
    horner: (f64, f64),
    euler: (f64, f64, f64),
    logistic: ([f64; 100], [f64; 100]),
    rosenbrock: [f64; 100],
    mlp: MlpArgs,
    /// A point and a direction for the Hessian-vector product.
    hvp: ([f64; 100], [f64; 100]),
    hessian: [f64; 10],
    /// Predictions and targets for the chains.
    chains: ([f64; chains::N], [f64; chains::N]),
}

impl Inputs {
    /// The points the benchmarks use.
    fn new() -> Self {
        Inputs {
            notes: (3.0, -4.0),
            horner: (0.7, 1.3),
            euler: (0.9, 12.0, 0.5),
            logistic: logistic_shared::inputs::<100>(),
            rosenbrock: std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0),
            mlp: mlp::inputs(),
            hvp: (
                std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0),
                std::array::from_fn(|i| ((i * 5 % 13) as f64 - 6.0) / 6.0),
            ),
            hessian: std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0),
            chains: (
                std::array::from_fn(|i| ((i * 37 % 101) as f64 - 50.0) / 25.0 + i as f64 * 1e-6),
                std::array::from_fn(|i| ((i * 37 % 101) as f64 - 50.0) / 25.0 + 0.3),
            ),
        }
    }
}

/// Defines the three wrappers of one function, `plain_$name`, `generated_$name` and
/// `hand_written_$name`, each taking the arguments from `inputs.$field` (through
/// `black_box`) and calling the given function once.
///
/// Each wrapper first passes its own name to `black_box` (the same few instructions in
/// every wrapper): two wrappers that call the same function (the hand-written gradient of
/// `logistic100` and of `logistic100_loop`) would otherwise compile to the same code,
/// which rustc merges into one symbol under one of the two names, leaving callgrind
/// nothing to count under the other.
macro_rules! wrappers {
    ($name:ident, $field:ident, |$args:pat_param| $plain:expr, $generated:expr, $hand:expr) => {
        pub mod $name {
            use super::*;

            /// The function as written, called once.
            #[export_name = concat!("plain_", stringify!($name))]
            #[inline(never)]
            pub fn plain(inputs: &Inputs) {
                black_box(concat!("plain_", stringify!($name)));
                let $args = *black_box(&inputs.$field);
                black_box($plain);
            }

            /// The generated `*_grad`, called once.
            #[export_name = concat!("generated_", stringify!($name))]
            #[inline(never)]
            pub fn generated(inputs: &Inputs) {
                black_box(concat!("generated_", stringify!($name)));
                let $args = *black_box(&inputs.$field);
                black_box($generated);
            }

            /// The hand-written gradient, called once.
            #[export_name = concat!("hand_written_", stringify!($name))]
            #[inline(never)]
            pub fn hand_written(inputs: &Inputs) {
                black_box(concat!("hand_written_", stringify!($name)));
                let $args = *black_box(&inputs.$field);
                black_box($hand);
            }
        }
    };
}

wrappers!(
    notes_f,
    notes,
    |(x, y)| notes::f(x, y),
    notes::f_grad(x, y),
    notes::f_hand_written(x, y)
);
wrappers!(
    horner16,
    horner,
    |(x, s)| loops::horner(x, s),
    loops::horner_grad(x, s),
    loops::horner_by_hand(x, s)
);
wrappers!(
    euler100,
    euler,
    |(r, cap, y0)| loops::logistic(r, cap, y0),
    loops::logistic_grad(r, cap, y0),
    loops::logistic_by_hand(r, cap, y0)
);
wrappers!(
    logistic100,
    logistic,
    |(w, x)| logistic_fns::loss(w, x),
    logistic_fns::loss_grad(w, x),
    logistic_fns::hand_written(w, x)
);
wrappers!(
    logistic100_loop,
    logistic,
    |(w, x)| logistic_fns::looped(w, x),
    logistic_fns::looped_grad(w, x),
    logistic_fns::hand_written(w, x)
);
wrappers!(
    rosenbrock100,
    rosenbrock,
    |x| rosenbrock_fns::rosenbrock(x),
    rosenbrock_fns::rosenbrock_grad(x),
    rosenbrock_fns::hand_written(x)
);
wrappers!(
    rosenbrock100_sweep,
    rosenbrock,
    |x| rosenbrock_fns::rosenbrock(x),
    rosenbrock_fns::rosenbrock_grad(x),
    rosenbrock_fns::hand_written_sweep(x)
);
wrappers!(
    mlp_2_16_2,
    mlp,
    |(w1, b1, w2, b2, x, label)| mlp::mlp_loss(w1, b1, w2, b2, x, label),
    mlp::mlp_loss_grad(w1, b1, w2, b2, x, label),
    mlp::hand_written(w1, b1, w2, b2, x, label)
);
wrappers!(
    mlp_2_16_2_struct,
    mlp,
    |(w1, b1, w2, b2, x, label)| mlp::net_loss(&net(w1, b1, w2, b2), &x, label),
    {
        // The parameters built into the struct and `d_p` zeroed inside the call, as
        // the hand-written gradient returns fresh arrays.
        let p = net(w1, b1, w2, b2);
        let mut d_p = backprop::Differentiable::zeros_like(&p);
        let (value, _) = mlp::net_loss_grad(&p, &x, label, &mut d_p);
        (value, d_p)
    },
    mlp::hand_written(w1, b1, w2, b2, x, label)
);
wrappers!(
    mlp_2_16_2_inline,
    mlp,
    |(w1, b1, w2, b2, x, label)| mlp::mlp_loss_inline(w1, b1, w2, b2, x, label),
    mlp::mlp_loss_inline_grad(w1, b1, w2, b2, x, label),
    mlp::hand_written(w1, b1, w2, b2, x, label)
);

// Second order: here "plain" is the gradient `f_grad`, "generated" `f_hvp` (one
// Hessian-vector product) or `f_hessian` (dense), "hand_written" the same by hand.
wrappers!(
    rosenbrock100_hvp,
    hvp,
    |(x, v)| {
        let _ = v;
        second_order_100::rosenbrock_grad(x)
    },
    {
        let mut hv = [0.0; 100];
        (second_order_100::rosenbrock_hvp(x, &v, &mut hv), hv)
    },
    second_order_100::hand_written_hvp(x, v)
);
wrappers!(
    rosenbrock10_hessian,
    hessian,
    |x| second_order_10::rosenbrock_grad(x),
    {
        let mut h = [0.0; 100];
        (second_order_10::rosenbrock_hessian(x, &mut h), h)
    },
    second_order_10::hand_written_hessian(x)
);

/// `f` called with a zeroed gradient buffer of the chains' length: its value and the buffer.
#[inline(always)]
fn with_buffer(f: impl FnOnce(&mut [f64]) -> f64) -> (f64, [f64; chains::N]) {
    let mut d = [0.0; chains::N];
    let value = f(&mut d);
    (value, d)
}

wrappers!(
    chain_sum_sq1000,
    chains,
    |(x, _)| chains::sum_sq(&x),
    with_buffer(|d| chains::sum_sq_grad(&x, d).0),
    with_buffer(|d| chains::sum_sq_hand(&x, d))
);
wrappers!(
    loop_sum_sq1000,
    chains,
    |(x, _)| chains::sum_sq_loop(&x),
    with_buffer(|d| chains::sum_sq_loop_grad(&x, d).0),
    with_buffer(|d| chains::sum_sq_hand(&x, d))
);
wrappers!(
    chain_mse1000,
    chains,
    |(x, t)| chains::mse(&x, &t),
    with_buffer(|d| chains::mse_grad(&x, &t, d).0),
    with_buffer(|d| chains::mse_hand(&x, &t, d))
);
wrappers!(
    chain_lse1000,
    chains,
    |(x, _)| chains::lse(&x),
    with_buffer(|d| chains::lse_grad(&x, d).0),
    with_buffer(|d| chains::lse_hand(&x, d))
);

/// One measured function: its name and its three wrappers.
#[derive(Clone, Copy)]
struct Function {
    name: &'static str,
    plain: fn(&Inputs),
    generated: fn(&Inputs),
    hand_written: fn(&Inputs),
}

/// Lists a function defined by [`wrappers!`].
#[macro_export]
macro_rules! function {
    ($name:ident) => {
        Function {
            name: stringify!($name),
            plain: $name::plain,
            generated: $name::generated,
            hand_written: $name::hand_written,
        }
    };
}

/// Every measured function, in the order of the table.
const FUNCTIONS: &[Function] = &[
    function!(notes_f),
    function!(horner16),
    function!(euler100),
    function!(logistic100),
    function!(logistic100_loop),
    function!(rosenbrock100),
    function!(rosenbrock100_sweep),
    function!(mlp_2_16_2),
    function!(mlp_2_16_2_inline),
    function!(mlp_2_16_2_struct),
    function!(rosenbrock100_hvp),
    function!(rosenbrock10_hessian),
    function!(chain_sum_sq1000),
    function!(loop_sum_sq1000),
    function!(chain_mse1000),
    function!(chain_lse1000),
    generic::FUNCTIONS[0],
    generic::FUNCTIONS[1],
    generic::FUNCTIONS[2],
    generic::FUNCTIONS[3],
    generic::FUNCTIONS[4],
    generic::FUNCTIONS[5],
    generic::FUNCTIONS[6],
    generic::FUNCTIONS[7],
    generic::FUNCTIONS[8],
];

/// Agreement demanded of the hand-written gradients with the generated ones, relative to
/// `max(1, |generated|)`.
const TOL: f64 = 1e-9;

/// Whether every entry of `got` agrees with `want` to [`TOL`].
fn agree(got: &[f64], want: &[f64]) -> bool {
    got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(&g, &w)| (g - w).abs() <= TOL * w.abs().max(1.0))
}

/// For each function: `(name, generated value and gradient, hand-written value and
/// gradient, plain value)`, flattened to vectors.
fn results(inputs: &Inputs) -> Vec<(&'static str, Vec<f64>, Vec<f64>, f64)> {
    let mut out = Vec::new();
    let (x, y) = inputs.notes;
    let (v, g) = notes::f_grad(x, y);
    let (hv, hg) = notes::f_hand_written(x, y);
    out.push((
        "notes_f",
        vec![v, g.x, g.y],
        vec![hv, hg[0], hg[1]],
        notes::f(x, y),
    ));
    let (x, s) = inputs.horner;
    let (v, g) = loops::horner_grad(x, s);
    let (hv, hx, hs) = loops::horner_by_hand(x, s);
    out.push((
        "horner16",
        vec![v, g.x, g.s],
        vec![hv, hx, hs],
        loops::horner(x, s),
    ));
    let (r, cap, y0) = inputs.euler;
    let (v, g) = loops::logistic_grad(r, cap, y0);
    let (hv, hr, hcap) = loops::logistic_by_hand(r, cap, y0);
    let plain = loops::logistic(r, cap, y0);
    out.push(("euler100", vec![v, g.r, g.cap], vec![hv, hr, hcap], plain));
    let (w, x) = inputs.logistic;
    let (hv, hg) = logistic_fns::hand_written(w, x);
    let hand = [&[hv][..], &hg].concat();
    let (v, g) = logistic_fns::loss_grad(w, x);
    let plain = logistic_fns::loss(w, x);
    out.push((
        "logistic100",
        [&[v][..], &g.w].concat(),
        hand.clone(),
        plain,
    ));
    let (v, g) = logistic_fns::looped_grad(w, x);
    let plain = logistic_fns::looped(w, x);
    out.push(("logistic100_loop", [&[v][..], &g.w].concat(), hand, plain));
    let x = inputs.rosenbrock;
    let (v, g) = rosenbrock_fns::rosenbrock_grad(x);
    let (hv, hg) = rosenbrock_fns::hand_written(x);
    let plain = rosenbrock_fns::rosenbrock(x);
    out.push((
        "rosenbrock100",
        [&[v][..], &g.x].concat(),
        [&[hv][..], &hg].concat(),
        plain,
    ));
    let (hv, hg) = rosenbrock_fns::hand_written_sweep(x);
    out.push((
        "rosenbrock100_sweep",
        [&[v][..], &g.x].concat(),
        [&[hv][..], &hg].concat(),
        plain,
    ));
    let (w1, b1, w2, b2, x, label) = inputs.mlp;
    let (v, g) = mlp::mlp_loss_grad(w1, b1, w2, b2, x, label);
    let (hv, hg) = mlp::hand_written(w1, b1, w2, b2, x, label);
    let plain = mlp::mlp_loss(w1, b1, w2, b2, x, label);
    out.push((
        "mlp_2_16_2",
        [&[v][..], &mlp::flatten(g.w1, g.b1, g.w2, g.b2)].concat(),
        [&[hv][..], &mlp::flatten(hg.w1, hg.b1, hg.w2, hg.b2)].concat(),
        plain,
    ));
    let p = net(w1, b1, w2, b2);
    let mut d_p = backprop::Differentiable::zeros_like(&p);
    let (v, _) = mlp::net_loss_grad(&p, &x, label, &mut d_p);
    let mut flat = vec![0.0; backprop::Differentiable::float_count(&d_p)];
    backprop::Differentiable::copy_to(&d_p, &mut flat);
    out.push((
        "mlp_2_16_2_struct",
        [&[v][..], &flat].concat(),
        [&[hv][..], &mlp::flatten(hg.w1, hg.b1, hg.w2, hg.b2)].concat(),
        mlp::net_loss(&p, &x, label),
    ));
    let (v, g) = mlp::mlp_loss_inline_grad(w1, b1, w2, b2, x, label);
    let plain = mlp::mlp_loss_inline(w1, b1, w2, b2, x, label);
    out.push((
        "mlp_2_16_2_inline",
        [&[v][..], &mlp::flatten(g.w1, g.b1, g.w2, g.b2)].concat(),
        [&[hv][..], &mlp::flatten(hg.w1, hg.b1, hg.w2, hg.b2)].concat(),
        plain,
    ));
    let (x, v) = inputs.hvp;
    let mut hv = [0.0; 100];
    let (value, g) = second_order_100::rosenbrock_hvp(x, &v, &mut hv);
    let (hand_value, hand_g, hand_hv) = second_order_100::hand_written_hvp(x, v);
    out.push((
        "rosenbrock100_hvp",
        [&[value][..], &g.x, &hv].concat(),
        [&[hand_value][..], &hand_g, &hand_hv].concat(),
        second_order_100::rosenbrock(x),
    ));
    let x = inputs.hessian;
    let mut h = [0.0; 100];
    let (value, g) = second_order_10::rosenbrock_hessian(x, &mut h);
    let (hand_value, hand_g, hand_h) = second_order_10::hand_written_hessian(x);
    out.push((
        "rosenbrock10_hessian",
        [&[value][..], &g.x, &h].concat(),
        [&[hand_value][..], &hand_g, &hand_h].concat(),
        second_order_10::rosenbrock(x),
    ));
    let (x, t) = inputs.chains;
    let chain = |name, generated: (f64, [f64; chains::N]), hand: (f64, [f64; chains::N]), plain| {
        let flat = |(v, d): (f64, [f64; chains::N])| [&[v][..], &d].concat();
        (name, flat(generated), flat(hand), plain)
    };
    out.push(chain(
        "chain_sum_sq1000",
        with_buffer(|d| chains::sum_sq_grad(&x, d).0),
        with_buffer(|d| chains::sum_sq_hand(&x, d)),
        chains::sum_sq(&x),
    ));
    out.push(chain(
        "loop_sum_sq1000",
        with_buffer(|d| chains::sum_sq_loop_grad(&x, d).0),
        with_buffer(|d| chains::sum_sq_hand(&x, d)),
        chains::sum_sq_loop(&x),
    ));
    out.push(chain(
        "chain_mse1000",
        with_buffer(|d| chains::mse_grad(&x, &t, d).0),
        with_buffer(|d| chains::mse_hand(&x, &t, d)),
        chains::mse(&x, &t),
    ));
    out.push(chain(
        "chain_lse1000",
        with_buffer(|d| chains::lse_grad(&x, d).0),
        with_buffer(|d| chains::lse_hand(&x, d)),
        chains::lse(&x),
    ));
    out.extend(generic::results());
    out
}

/// `icount check`: every hand-written value and gradient, and every plain value, against
/// the generated ones; also that every function in [`FUNCTIONS`] was checked.
fn check(inputs: &Inputs) -> ExitCode {
    let results = results(inputs);
    let mut ok = true;
    for function in FUNCTIONS {
        match results.iter().find(|r| r.0 == function.name) {
            None => {
                eprintln!("{}: not checked", function.name);
                ok = false;
            }
            Some((name, generated, hand, plain)) => {
                if !agree(hand, generated) || !agree(&[*plain], &generated[..1]) {
                    eprintln!("{name}: hand-written or plain disagrees with generated");
                    ok = false;
                }
            }
        }
    }
    if ok {
        println!(
            "{} functions: hand-written and generated agree",
            results.len()
        );
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `icount run <wrapper>`: calls the wrapper named `plain_<function>`,
/// `generated_<function>` or `hand_written_<function>` once.
fn run(inputs: &Inputs, wrapper: &str) -> ExitCode {
    for function in FUNCTIONS {
        for (method, f) in [
            ("plain", function.plain),
            ("generated", function.generated),
            ("hand_written", function.hand_written),
        ] {
            if wrapper == format!("{method}_{}", function.name) {
                f(black_box(inputs));
                return ExitCode::SUCCESS;
            }
        }
    }
    eprintln!("icount: no wrapper named `{wrapper}` (see `icount list`)");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs = Inputs::new();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["list"] => {
            for function in FUNCTIONS {
                println!("{}", function.name);
            }
            ExitCode::SUCCESS
        }
        ["check"] => check(&inputs),
        ["run", wrapper] => run(&inputs, wrapper),
        _ => {
            eprintln!("usage: icount list | icount check | icount run <wrapper>");
            ExitCode::FAILURE
        }
    }
}
