use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    match x > 0.0 {
        true => x,
        false => y,
    }
}

fn main() {}
