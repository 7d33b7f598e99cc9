use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    while s < 10.0 {
        s = s * y;
    }
    s
}

fn main() {}
