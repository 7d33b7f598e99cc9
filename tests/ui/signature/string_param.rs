use backprop::differentiate;

#[differentiate]
fn f(x: f64, label: String) -> f64 {
    x * label.len() as f64
}

fn main() {}
