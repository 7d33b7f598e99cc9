use backprop::differentiate;

#[differentiate]
fn fill(x: f64) -> f64 {
    let a = [0.0; 3];
    a[0] = x;
    a[0] * a[1]
}

fn main() {}
