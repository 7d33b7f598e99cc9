//! Rosenbrock's function with `#[differentiate(hessian)]`, shared by
//! `benches/second_order.rs` and `tools/icount` (included with `#[path]`, so that both
//! measure the same code).

/// Defines, in the module it is invoked in, `rosenbrock(x)` over `[f64; $n]` (`$m` is
/// `n - 1`), differentiated with `hessian`: `rosenbrock_grad`, `rosenbrock_hvp`,
/// `rosenbrock_hessian`, ... The body is `benches/shared/rosenbrock.rs`'s.
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
    };
}
