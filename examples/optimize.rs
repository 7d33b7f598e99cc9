//! Minimises the 100-dimensional Rosenbrock function with argmin three ways and prints a
//! table: L-BFGS with the generated gradient `rosenbrock_grad`, Newton-CG with the
//! generated Hessian-vector product `rosenbrock_hvp`, and L-BFGS with central finite
//! differences of the function.
//!
//! argmin's `NewtonCG` asks its problem for a `Hessian` of any type `H: Clone +
//! ArgminDot<P, P>` and only ever multiplies it with vectors (in its conjugate-gradient
//! inner loop), so the Hessian here is an operator, [`HessianAt`]: the point, whose
//! `dot(v)` is one `rosenbrock_hvp`. No n × n matrix is formed.
//!
//! A fourth row runs Newton-CG with `argmin_testfunctions`' hand-written dense
//! Hessian (`Vec<Vec<f64>>`), to tell the solver's behaviour from the product's.
//!
//! Run with `cargo run --release --example optimize`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use argmin::core::{CostFunction, Error, Executor, Gradient, Hessian, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::newton::NewtonCG;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::ArgminDot;
use backprop::differentiate;

/// The dimension.
const N: usize = 100;

/// Rosenbrock's function, `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`, minimal (0)
/// at `x = (1, .., 1)`.
#[differentiate(hessian)]
fn rosenbrock(x: [f64; N]) -> f64 {
    let mut total = 0.0;
    for i in 0..N - 1 {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        total += 100.0 * a * a + b * b;
    }
    total
}

/// Hessian-vector products computed, across all runs of the current method.
static HVPS: AtomicU64 = AtomicU64::new(0);
/// Function evaluations spent on finite differences, for the current method.
static FD_EVALS: AtomicU64 = AtomicU64::new(0);

fn point(p: &[f64]) -> [f64; N] {
    std::array::from_fn(|i| p[i])
}

/// The problem, for argmin: the cost, and the gradient and Hessian from `#[differentiate]`.
struct Rosenbrock;

impl CostFunction for Rosenbrock {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        Ok(rosenbrock(point(p)))
    }
}

impl Gradient for Rosenbrock {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Vec<f64>) -> Result<Vec<f64>, Error> {
        Ok(rosenbrock_grad(point(p)).1.x.to_vec())
    }
}

impl Hessian for Rosenbrock {
    type Param = Vec<f64>;
    type Hessian = HessianAt;
    fn hessian(&self, p: &Vec<f64>) -> Result<HessianAt, Error> {
        Ok(HessianAt(point(p)))
    }
}

/// The Hessian at a point, as an operator: `H.dot(v)` is `rosenbrock_hvp` along `v`.
#[derive(Clone)]
struct HessianAt([f64; N]);

impl ArgminDot<Vec<f64>, Vec<f64>> for HessianAt {
    fn dot(&self, v: &Vec<f64>) -> Vec<f64> {
        HVPS.fetch_add(1, Ordering::Relaxed);
        let mut hv = vec![0.0; N];
        let _ = rosenbrock_hvp(self.0, v, &mut hv);
        hv
    }
}

/// The problem with argmin_testfunctions' hand-written dense Hessian (`Vec<Vec<f64>>`).
struct DenseHessian;

impl CostFunction for DenseHessian {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        Ok(rosenbrock(point(p)))
    }
}

impl Gradient for DenseHessian {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Vec<f64>) -> Result<Vec<f64>, Error> {
        Ok(rosenbrock_grad(point(p)).1.x.to_vec())
    }
}

impl Hessian for DenseHessian {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;
    fn hessian(&self, p: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        Ok(argmin_testfunctions::rosenbrock_hessian(p))
    }
}

/// The same problem with the gradient by central differences (2n evaluations each).
struct FiniteDifferences;

impl CostFunction for FiniteDifferences {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        Ok(rosenbrock(point(p)))
    }
}

impl Gradient for FiniteDifferences {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Vec<f64>) -> Result<Vec<f64>, Error> {
        FD_EVALS.fetch_add(2 * N as u64, Ordering::Relaxed);
        let x = point(p);
        Ok((0..N)
            .map(|i| {
                let h = 1e-6 * x[i].abs().max(1.0);
                let (mut plus, mut minus) = (x, x);
                plus[i] += h;
                minus[i] -= h;
                (rosenbrock(plus) - rosenbrock(minus)) / (2.0 * h)
            })
            .collect())
    }
}

/// One row of the table.
struct Row {
    method: &'static str,
    iterations: u64,
    gradients: u64,
    hvps: u64,
    evaluations: u64,
    seconds: f64,
    cost: f64,
    error: f64,
}

/// The classic start, `(-1.2, 1, -1.2, 1, ..)`.
fn start() -> Vec<f64> {
    (0..N)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

fn row<S: State<Param = Vec<f64>, Float = f64>>(
    method: &'static str,
    state: &S,
    seconds: f64,
) -> Row {
    let counts = state.get_func_counts();
    let count = |key: &str| counts.get(key).copied().unwrap_or(0);
    let best = state.get_best_param().cloned().unwrap_or_default();
    let (costs, gradients) = (count("cost_count"), count("gradient_count"));
    let hvps = HVPS.swap(0, Ordering::Relaxed);
    let fd = FD_EVALS.swap(0, Ordering::Relaxed);
    Row {
        method,
        iterations: state.get_iter(),
        gradients,
        hvps,
        evaluations: costs + fd,
        seconds,
        cost: state.get_best_cost(),
        error: best.iter().map(|x| (x - 1.0).abs()).fold(0.0, f64::max),
    }
}

fn main() -> Result<(), Error> {
    // Trust, but verify: the product against central differences of the gradient.
    let x = point(&start());
    let v: Vec<f64> = (0..N).map(|i| ((i * 5 % 13) as f64 - 6.0) / 6.0).collect();
    let mut hv = vec![0.0; N];
    let _ = rosenbrock_hvp(x, &v, &mut hv);
    let h = 1e-6;
    let plus = rosenbrock_grad(std::array::from_fn(|i| x[i] + h * v[i]))
        .1
        .x;
    let minus = rosenbrock_grad(std::array::from_fn(|i| x[i] - h * v[i]))
        .1
        .x;
    for i in 0..N {
        let fd = (plus[i] - minus[i]) / (2.0 * h);
        assert!(
            (hv[i] - fd).abs() <= 1e-5 * fd.abs().max(1.0),
            "Hv[{i}]: {} vs {fd}",
            hv[i]
        );
    }

    let mut rows = Vec::new();
    let line_search = MoreThuenteLineSearch::new();

    let time = Instant::now();
    let solver = LBFGS::new(line_search.clone(), 7).with_tolerance_grad(1e-10)?;
    let result = Executor::new(Rosenbrock, solver)
        .configure(|state| state.param(start()).max_iters(10_000).counting(true))
        .run()?;
    rows.push(row(
        "L-BFGS, f_grad",
        result.state(),
        time.elapsed().as_secs_f64(),
    ));

    let time = Instant::now();
    let solver = NewtonCG::new(line_search.clone()).with_tolerance(1e-12)?;
    let result = Executor::new(Rosenbrock, solver)
        .configure(|state| state.param(start()).max_iters(10_000).counting(true))
        .run()?;
    rows.push(row(
        "Newton-CG, f_hvp",
        result.state(),
        time.elapsed().as_secs_f64(),
    ));

    let time = Instant::now();
    let solver = NewtonCG::new(line_search.clone()).with_tolerance(1e-12)?;
    let result = Executor::new(DenseHessian, solver)
        .configure(|state| state.param(start()).max_iters(10_000).counting(true))
        .run()?;
    rows.push(row(
        "Newton-CG, dense Hessian (argmin_testfunctions)",
        result.state(),
        time.elapsed().as_secs_f64(),
    ));

    let time = Instant::now();
    let solver = LBFGS::new(line_search, 7).with_tolerance_grad(1e-10)?;
    let result = Executor::new(FiniteDifferences, solver)
        .configure(|state| state.param(start()).max_iters(10_000).counting(true))
        .run()?;
    rows.push(row(
        "L-BFGS, finite differences",
        result.state(),
        time.elapsed().as_secs_f64(),
    ));

    println!("Rosenbrock, n = {N}, from (-1.2, 1, -1.2, 1, ..); minimum 0 at (1, .., 1)\n");
    println!(
        "| method | iterations | f evaluations | gradients | Hessian-vector products | wall time | final f | max |x_i - 1| |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {:.2} ms | {:.1e} | {:.1e} |",
            r.method,
            r.iterations,
            r.evaluations,
            r.gradients,
            r.hvps,
            r.seconds * 1e3,
            r.cost,
            r.error
        );
    }
    println!("\n(f evaluations include the 2n per finite-difference gradient)");
    println!("argmin's Newton-CG takes as many iterations with the hand-written dense Hessian");
    println!("as with the generated product: the count is its truncated inner CG's, not ours.");
    for r in &rows {
        assert!(
            r.cost < 1e-5,
            "{} did not converge: f = {:e}",
            r.method,
            r.cost
        );
    }
    Ok(())
}
