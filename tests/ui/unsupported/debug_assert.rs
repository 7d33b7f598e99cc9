use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    debug_assert!(x > 0.0, "x must be positive");
    x.ln()
}

fn main() {}
