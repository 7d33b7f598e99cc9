//! Generic floats at `f64`: Rosenbrock written once for every float type
//! (`benches/shared/generic.rs`) against the same body written for `f64`, and against
//! the hand-written generic derivative of argmin's test-function crate (which returns a
//! `Vec`), at 100 and 1000 inputs.
//!
//! `rosenbrock_generic<n>`: plain is the generic function at `f64`, generated its
//! `rosenbrock_generic_grad::<f64>`, and "hand-written" the `f64` version's generated
//! `rosenbrock_f64_grad`: generated / hand-written is generic / `f64`.
//! `rosenbrock_argmin<n>`: plain is argmin's `rosenbrock`, hand-written its
//! `rosenbrock_derivative` (the value by `rosenbrock`, as a caller needs both).

use crate::{Function, Inputs};
use std::hint::black_box;

#[path = "../../../benches/shared/generic.rs"]
mod shared;
use shared::{calls_f64_grad, calls_generic, calls_generic_grad};
use shared::{
    point, rosenbrock_f64, rosenbrock_f64_grad, rosenbrock_generic, rosenbrock_generic_grad,
};
use shared::{
    rosenbrock_array, rosenbrock_array_f64, rosenbrock_array_f64_grad, rosenbrock_array_grad,
};
use shared::{rosenbrock_f64_hvp, rosenbrock_generic_hvp};

static X100: [f64; 100] = point();
static X1000: [f64; 1000] = point();

/// The three wrappers of one slice function over `$x`, as `wrappers!` in `main.rs`.
macro_rules! slice_wrappers {
    ($name:ident, $x:ident, $n:literal, $plain:path, $generated:path, |$arg:ident, $d:ident| $hand:expr) => {
        pub mod $name {
            use super::*;

            /// The function as written, called once.
            #[export_name = concat!("plain_", stringify!($name))]
            #[inline(never)]
            pub fn plain(_: &Inputs) {
                black_box(concat!("plain_", stringify!($name)));
                black_box($plain(black_box(&$x[..])));
            }

            /// The generated `*_grad`, called once.
            #[export_name = concat!("generated_", stringify!($name))]
            #[inline(never)]
            pub fn generated(_: &Inputs) {
                black_box(concat!("generated_", stringify!($name)));
                let mut d = [0.0; $n];
                black_box($generated(black_box(&$x[..]), &mut d));
                black_box(&d);
            }

            /// The comparison: the `f64` version, or argmin's derivative.
            #[export_name = concat!("hand_written_", stringify!($name))]
            #[inline(never)]
            pub fn hand_written(_: &Inputs) {
                black_box(concat!("hand_written_", stringify!($name)));
                let mut $d = [0.0; $n];
                let $arg = black_box(&$x[..]);
                black_box($hand);
                black_box(&$d);
            }
        }
    };
}

slice_wrappers!(
    rosenbrock_generic100,
    X100,
    100,
    rosenbrock_generic::<f64>,
    rosenbrock_generic_grad::<f64>,
    |x, d| rosenbrock_f64_grad(x, &mut d)
);
slice_wrappers!(
    rosenbrock_generic1000,
    X1000,
    1000,
    rosenbrock_generic::<f64>,
    rosenbrock_generic_grad::<f64>,
    |x, d| rosenbrock_f64_grad(x, &mut d)
);
slice_wrappers!(
    rosenbrock_argmin100,
    X100,
    100,
    argmin_testfunctions::rosenbrock,
    rosenbrock_generic_grad::<f64>,
    |x, _d| (
        argmin_testfunctions::rosenbrock(x),
        argmin_testfunctions::rosenbrock_derivative(x)
    )
);
slice_wrappers!(
    rosenbrock_argmin1000,
    X1000,
    1000,
    argmin_testfunctions::rosenbrock,
    rosenbrock_generic_grad::<f64>,
    |x, _d| (
        argmin_testfunctions::rosenbrock(x),
        argmin_testfunctions::rosenbrock_derivative(x)
    )
);

slice_wrappers!(
    rosenbrock_caller100,
    X100,
    100,
    calls_generic,
    calls_generic_grad,
    |x, d| calls_f64_grad(x, &mut d)
);
slice_wrappers!(
    rosenbrock_caller1000,
    X1000,
    1000,
    calls_generic,
    calls_generic_grad,
    |x, d| calls_f64_grad(x, &mut d)
);

/// `H v` along `V100`: the generic `f_hvp` at `f64` against the `f64` version's.
pub mod rosenbrock_generic_hvp100 {
    use super::*;

    /// The generic function at `f64`, called once.
    #[export_name = "plain_rosenbrock_generic_hvp100"]
    #[inline(never)]
    pub fn plain(_: &Inputs) {
        black_box("plain_rosenbrock_generic_hvp100");
        black_box(rosenbrock_generic::<f64>(black_box(&X100[..])));
    }

    /// Its generated `f_hvp` at `f64`, called once.
    #[export_name = "generated_rosenbrock_generic_hvp100"]
    #[inline(never)]
    pub fn generated(_: &Inputs) {
        black_box("generated_rosenbrock_generic_hvp100");
        let (mut d, mut hv) = ([0.0; 100], [0.0; 100]);
        black_box(rosenbrock_generic_hvp::<f64>(
            black_box(&X100[..]),
            &mut d,
            black_box(&V100[..]),
            &mut hv,
        ));
        black_box((&d, &hv));
    }

    /// The `f64` version's `f_hvp`, called once.
    #[export_name = "hand_written_rosenbrock_generic_hvp100"]
    #[inline(never)]
    pub fn hand_written(_: &Inputs) {
        black_box("hand_written_rosenbrock_generic_hvp100");
        let (mut d, mut hv) = ([0.0; 100], [0.0; 100]);
        black_box(rosenbrock_f64_hvp(
            black_box(&X100[..]),
            &mut d,
            black_box(&V100[..]),
            &mut hv,
        ));
        black_box((&d, &hv));
    }
}

/// The direction of the `H v` counts.
static V100: [f64; 100] = point();

/// The three wrappers of the array functions over `$x`: generic at `f64`, and the
/// `f64` version as the comparison.
macro_rules! array_wrappers {
    ($name:ident, $x:ident, $n:literal) => {
        pub mod $name {
            use super::*;

            /// The generic function at `f64`, called once.
            #[export_name = concat!("plain_", stringify!($name))]
            #[inline(never)]
            pub fn plain(_: &Inputs) {
                black_box(concat!("plain_", stringify!($name)));
                black_box(rosenbrock_array::<f64, $n>(black_box(&$x)));
            }

            /// Its generated gradient at `f64`, called once.
            #[export_name = concat!("generated_", stringify!($name))]
            #[inline(never)]
            pub fn generated(_: &Inputs) {
                black_box(concat!("generated_", stringify!($name)));
                let mut d = [0.0; $n];
                black_box(rosenbrock_array_grad::<f64, $n>(black_box(&$x), &mut d));
                black_box(&d);
            }

            /// The generated gradient of the `f64` version, called once.
            #[export_name = concat!("hand_written_", stringify!($name))]
            #[inline(never)]
            pub fn hand_written(_: &Inputs) {
                black_box(concat!("hand_written_", stringify!($name)));
                let mut d = [0.0; $n];
                black_box(rosenbrock_array_f64_grad::<$n>(black_box(&$x), &mut d));
                black_box(&d);
            }
        }
    };
}

array_wrappers!(rosenbrock_array100, X100, 100);
array_wrappers!(rosenbrock_array1000, X1000, 1000);

/// The functions of this module, for `FUNCTIONS`.
pub const FUNCTIONS: [Function; 9] = [
    crate::function!(rosenbrock_generic100),
    crate::function!(rosenbrock_generic1000),
    crate::function!(rosenbrock_argmin100),
    crate::function!(rosenbrock_argmin1000),
    crate::function!(rosenbrock_array100),
    crate::function!(rosenbrock_array1000),
    crate::function!(rosenbrock_caller100),
    crate::function!(rosenbrock_caller1000),
    crate::function!(rosenbrock_generic_hvp100),
];

/// `(name, generated value and gradient, comparison, plain value)` for `icount check`.
pub fn results() -> Vec<(&'static str, Vec<f64>, Vec<f64>, f64)> {
    let mut out = Vec::new();
    for (x, generic, argmin) in [
        (&X100[..], "rosenbrock_generic100", "rosenbrock_argmin100"),
        (
            &X1000[..],
            "rosenbrock_generic1000",
            "rosenbrock_argmin1000",
        ),
    ] {
        let mut d = vec![0.0; x.len()];
        let (value, _) = rosenbrock_generic_grad(x, &mut d);
        let generated = [&[value][..], &d].concat();
        let mut d_f64 = vec![0.0; x.len()];
        let (value_f64, _) = rosenbrock_f64_grad(x, &mut d_f64);
        let f64_version = [&[value_f64][..], &d_f64].concat();
        let theirs = [
            &[argmin_testfunctions::rosenbrock(x)][..],
            &argmin_testfunctions::rosenbrock_derivative(x),
        ]
        .concat();
        out.push((
            generic,
            generated.clone(),
            f64_version,
            rosenbrock_generic(x),
        ));
        out.push((
            argmin,
            generated,
            theirs,
            argmin_testfunctions::rosenbrock(x),
        ));
        assert_eq!(rosenbrock_f64(x), rosenbrock_generic(x));
    }
    for (x, name) in [
        (&X100[..], "rosenbrock_caller100"),
        (&X1000[..], "rosenbrock_caller1000"),
    ] {
        let (mut d, mut d_f64) = (vec![0.0; x.len()], vec![0.0; x.len()]);
        let (value, _) = calls_generic_grad(x, &mut d);
        let (value_f64, _) = calls_f64_grad(x, &mut d_f64);
        out.push((
            name,
            [&[value][..], &d].concat(),
            [&[value_f64][..], &d_f64].concat(),
            calls_generic(x),
        ));
    }
    let (mut d, mut hv, mut d_f64, mut hv_f64) = ([0.0; 100], [0.0; 100], [0.0; 100], [0.0; 100]);
    let (value, _) = rosenbrock_generic_hvp(&X100[..], &mut d, &V100[..], &mut hv);
    let (value_f64, _) = rosenbrock_f64_hvp(&X100[..], &mut d_f64, &V100[..], &mut hv_f64);
    out.push((
        "rosenbrock_generic_hvp100",
        [&[value][..], &d, &hv].concat(),
        [&[value_f64][..], &d_f64, &hv_f64].concat(),
        rosenbrock_generic(&X100[..]),
    ));
    out.push(array_results("rosenbrock_array100", &X100));
    out.push(array_results("rosenbrock_array1000", &X1000));
    out
}

/// The array functions' entry for `icount check`: the generic gradient at `f64`
/// against the `f64` version's.
fn array_results<const N: usize>(
    name: &'static str,
    x: &[f64; N],
) -> (&'static str, Vec<f64>, Vec<f64>, f64) {
    let (mut d, mut d_f64) = ([0.0; N], [0.0; N]);
    let (value, _) = rosenbrock_array_grad(x, &mut d);
    let (value_f64, _) = rosenbrock_array_f64_grad(x, &mut d_f64);
    assert_eq!(rosenbrock_array(x), rosenbrock_array_f64(x));
    let generated = [&[value][..], &d].concat();
    (
        name,
        generated,
        [&[value_f64][..], &d_f64].concat(),
        rosenbrock_array(x),
    )
}
