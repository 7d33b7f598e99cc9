use backprop::{differentiate, gelu};

#[differentiate(hessian)]
fn activation(x: f64, w: f64) -> f64 {
    gelu(w * x) + x * x
}

fn main() {}
