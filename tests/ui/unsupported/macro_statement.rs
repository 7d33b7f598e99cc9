use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s = x * y;
    dbg!(s);
    s
}

fn main() {}
