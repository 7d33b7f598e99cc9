//! Rosenbrock's function with `#[differentiate(hessian)]`, shared by
//! `benches/second_order.rs` and `tools/icount` (included with `#[path]`, so that both
//! measure the same code).

/// Defines, in the module it is invoked in, for `[f64; $n]` (`$m` is `n - 1`):
///
/// - `rosenbrock(x)`, differentiated with `hessian` (`rosenbrock_grad`, `rosenbrock_hvp`,
///   `rosenbrock_hessian`, ...); the body is `benches/shared/rosenbrock.rs`'s;
/// - `hand_written_hvp(x, v)`: the value, the gradient and `H v` by hand, in one fused
///   pass (each term's 2 × 2 block of the Hessian applied as the term is computed);
/// - `hand_written_hessian(x)`: the value, the gradient and the dense Hessian
///   (row-major) by hand, from the same blocks.
macro_rules! second_order_functions {
    ($n:tt, $m:tt) => {
        /// Rosenbrock's function, `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`.
        #[backprop::differentiate(hessian)]
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

        /// Value, gradient and Hessian-vector product by hand: term `i` has the
        /// Hessian block `[[1200 x_i² - 400 x_{i+1} + 2, -400 x_i], [-400 x_i, 200]]`.
        pub fn hand_written_hvp(x: [f64; $n], v: [f64; $n]) -> (f64, [f64; $n], [f64; $n]) {
            let mut total = 0.0;
            let (mut d, mut hv) = ([0.0; $n], [0.0; $n]);
            for i in 0..$m {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                total += 100.0 * a * a + b * b;
                d[i] -= 400.0 * a * xi + 2.0 * b;
                d[i + 1] += 200.0 * a;
                let cross = -400.0 * xi;
                hv[i] += (1200.0 * xi * xi - 400.0 * x[i + 1] + 2.0) * v[i] + cross * v[i + 1];
                hv[i + 1] += cross * v[i] + 200.0 * v[i + 1];
            }
            (total, d, hv)
        }

        /// Value, gradient and dense Hessian (row-major) by hand, from the same blocks.
        pub fn hand_written_hessian(x: [f64; $n]) -> (f64, [f64; $n], [f64; $n * $n]) {
            let mut total = 0.0;
            let (mut d, mut h) = ([0.0; $n], [0.0; $n * $n]);
            for i in 0..$m {
                let xi = x[i];
                let a = x[i + 1] - xi * xi;
                let b = 1.0 - xi;
                total += 100.0 * a * a + b * b;
                d[i] -= 400.0 * a * xi + 2.0 * b;
                d[i + 1] += 200.0 * a;
                h[i * $n + i] += 1200.0 * xi * xi - 400.0 * x[i + 1] + 2.0;
                h[i * $n + i + 1] = -400.0 * xi;
                h[(i + 1) * $n + i] = -400.0 * xi;
                h[(i + 1) * $n + i + 1] += 200.0;
            }
            (total, d, h)
        }
    };
}
