// After an error, the stubs keep the buffer parameters: callers see only the real error.
use backprop::{differentiate, dot};

#[differentiate(wrt(w, b))]
fn loss(w: &[f64], b: f64, x: &[f64]) -> f64 {
    dot(w, x) + b
}

fn main() {
    let (w, x) = ([0.5, 1.0], [1.0, 2.0]);
    let mut d_w = [0.0; 2];
    let (_, g) = loss_grad(&w, 0.1, &x, &mut d_w);
    let (_, cache) = loss_forward(&w, 0.1, &x);
    let _ = loss_backward(&cache, 1.0, &mut d_w);
    let _: f64 = g.b;
}
