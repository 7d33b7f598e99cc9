use backprop::differentiate;

#[differentiate]
fn reset(x: f64) -> f64 {
    let mut a = [0.0; 3];
    a[0] = x * x;
    let first = a[0];
    a = [0.0; 3];
    a[1] = x;
    first + a[1]
}

fn main() {}
