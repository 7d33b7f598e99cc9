//! Rosenbrock's function in `n` dimensions and its gradient written by hand, shared by
//! `benches/rosenbrock.rs` and `tools/icount` (included with `#[path]`, so that both
//! measure the same code).

/// Defines, in the module it is invoked in, for `n = $n` dimensions (`$m` is `n - 1`;
/// both integer literals, so that the loop bound is a literal and the generated cache
/// keeps its per-iteration values in fixed arrays rather than a `Vec`):
///
/// - `rosenbrock(x)`, `#[differentiate]`d (so also `rosenbrock_grad`, ...):
///   `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`, as an index loop;
/// - `hand_written(x)`: its value and gradient in one fused pass, the physical limit
///   (each term's two partial derivatives added into `d[i]` and `d[i + 1]` as it is
///   computed: the sum needs no saved values and no second loop);
/// - `hand_written_sweep(x)`: the same by a forward loop and then a reverse sweep in the
///   notes' style, which recomputes each term's `a` and `b` from `x` (nothing saved).
macro_rules! rosenbrock_functions {
    ($n:tt, $m:tt) => {
        /// Rosenbrock's function, `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`.
        #[backprop::differentiate]
        pub fn rosenbrock(x: [f64; $n]) -> f64 {
            let mut total = 0.0;
            for i in 0..$m {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                total += 100.0 * a * a + b * b;
            }
            total
        }

        /// The value and gradient of [`rosenbrock`], by hand: one pass, each term's
        /// partial derivatives `∂/∂x_i = -400 a x_i - 2 b`, `∂/∂x_{i+1} = 200 a` added
        /// into the gradient as the term is computed.
        pub fn hand_written(x: [f64; $n]) -> (f64, [f64; $n]) {
            let mut total = 0.0;
            let mut d = [0.0; $n];
            for i in 0..$m {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                total += 100.0 * a * a + b * b;
                let d_a = 200.0 * a;
                d[i] -= 2.0 * xi * d_a + 2.0 * b;
                d[i + 1] += d_a;
            }
            (total, d)
        }

        /// The value and gradient of [`rosenbrock`], by hand, in two loops: the forward
        /// pass, then the backward pass in reverse order, recomputing each term's `a`
        /// and `b` from `x` (nothing saved between the two).
        pub fn hand_written_sweep(x: [f64; $n]) -> (f64, [f64; $n]) {
            let mut total = 0.0;
            for i in 0..$m {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                total += 100.0 * a * a + b * b;
            }
            let mut d = [0.0; $n];
            for i in (0..$m).rev() {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                let d_a = 200.0 * a;
                d[i + 1] += d_a;
                d[i] -= 2.0 * xi * d_a + 2.0 * b;
            }
            (total, d)
        }
    };
}
