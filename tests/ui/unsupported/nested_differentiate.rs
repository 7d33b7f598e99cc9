use backprop::differentiate;

#[differentiate]
fn outer(x: f64) -> f64 {
    #[differentiate]
    fn inner(y: f64) -> f64 {
        y * y
    }
    inner(x) * 3.0
}

fn main() {}
