use backprop::differentiate;

#[differentiate]
fn reset(x: f64) -> f64 {
    let mut a = if x > 0.0 { [x, 1.0] } else { [1.0, x] };
    a[0] = x * x;
    let first = a[0];
    a = [x; 2];
    first + a[1]
}

fn main() {}
