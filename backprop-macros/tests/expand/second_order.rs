use backprop::differentiate;

/// Rosenbrock over an array: a loop, so `f_hvp` saves what its sweep reads per iteration.
#[differentiate(hessian)]
pub fn rosenbrock(x: [f64; 3]) -> f64 {
    let mut sum = 0.0;
    for i in 0..2 {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        sum += 100.0 * a * a + b * b;
    }
    sum
}

/// Straight-line: the tangent of each backward statement beside it.
#[differentiate(hessian)]
pub fn neuron(w: f64, x: f64, b: f64) -> f64 {
    let z = w * x + b;
    let s = z.tanh();
    (s * s + 1.0).ln()
}
