// A function of the user's named like backprop's `huber` gate, called by its bare name
// in a differentiated function: the macro reads the call as the gate, and the compiler
// checks that the name is backprop's. Here it is not: an error naming both.
use backprop::differentiate;

/// The squared error, named `huber` in this module.
fn huber(r: f64, _delta: f64) -> f64 {
    r * r
}

#[differentiate]
fn fit(w: f64, x: f64) -> f64 {
    huber(w * x - 1.0, 0.5)
}

fn main() {
    let _ = fit_grad(1.0, 2.0);
}
