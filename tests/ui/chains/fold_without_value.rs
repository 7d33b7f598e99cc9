use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |acc, v| {
        acc + v;
    })
}

fn main() {}
