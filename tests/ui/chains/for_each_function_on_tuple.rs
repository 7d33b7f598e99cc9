use backprop::differentiate;
fn show(p: (&f64, &f64)) {
    let _ = p;
}

#[differentiate]
fn f(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).for_each(show);
    x[0]
}

fn main() {}
