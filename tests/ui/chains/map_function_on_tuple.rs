use backprop::differentiate;
fn product(p: (&f64, &f64)) -> f64 {
    p.0 * p.1
}

#[differentiate]
fn f(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(product).sum()
}

fn main() {}
