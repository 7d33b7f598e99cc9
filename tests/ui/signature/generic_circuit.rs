use backprop::{differentiate, Float};

#[differentiate(circuit)]
fn f<T: Float>(x: T, y: T) -> T {
    x * y
}

fn main() {}
