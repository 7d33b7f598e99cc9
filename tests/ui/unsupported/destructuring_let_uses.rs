use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let (mut a, mut b) = (x, x * 2.0);
    a += b;
    b *= a;
    let c = a * b;
    a = c + b;
    a * b
}

fn main() {}
