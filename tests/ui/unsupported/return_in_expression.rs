use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    x * {
        if x > 1.0 {
            return 1.0;
        }
        x
    }
}

fn main() {}
