use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().copied().enumerate().reduce(|a, b| if a.1 > b.1 { a } else { b }).unwrap().1
}

fn main() {}
