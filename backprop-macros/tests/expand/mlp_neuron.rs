// A hidden neuron of `examples/mlp.rs`: a call of another `#[differentiate]` function
// (`activation`, a `tanh`) on a weighted sum; every parameter differentiated.
#[differentiate]
fn neuron(w1: f64, w2: f64, b: f64, x1: f64, x2: f64) -> f64 {
    activation(w1 * x1 + w2 * x2 + b)
}
