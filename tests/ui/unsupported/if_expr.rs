use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    if x > y {
        x
    } else {
        y
    }
}

fn main() {}
