use backprop::differentiate;
use std::collections::VecDeque;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let v = x.iter().map(|v| v * 2.0).collect::<VecDeque<f64>>();
    v[0]
}

fn main() {}
