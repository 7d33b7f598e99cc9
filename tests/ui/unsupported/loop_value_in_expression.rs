use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    2.0 * loop {
        break x;
    }
}

fn main() {}
