use backprop::differentiate;

const N: usize = 3;

#[differentiate]
fn repeat(x: f64) -> f64 {
    let mut a = [x; N];
    a[1] *= 2.0;
    a[0] + a[1] + a[2]
}

fn main() {}
