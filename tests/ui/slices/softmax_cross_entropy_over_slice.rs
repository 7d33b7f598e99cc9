use backprop::{differentiate, softmax_cross_entropy};

#[differentiate(wrt(logits))]
fn f(logits: &[f64], label: usize) -> f64 {
    softmax_cross_entropy(logits, label)
}

fn main() {}
