use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let v = [x, y, x * y];
    let w = v;
    let [first, .., last] = w;
    first * last
}

fn main() {}
