use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    for _ in 0..3 {
        s = s * y;
    }
    s
}

fn main() {}
