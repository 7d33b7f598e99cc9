use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let fact = |n: f64| if n < 1.0 { 1.0 } else { n * fact(n - 1.0) };
    fact(x)
}

fn main() {}
