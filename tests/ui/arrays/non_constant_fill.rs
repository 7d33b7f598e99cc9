use backprop::differentiate;

#[differentiate]
fn repeat(x: f64) -> f64 {
    let mut a = [x; 3];
    a[1] *= 2.0;
    a[0] + a[1] + a[2]
}

fn main() {}
