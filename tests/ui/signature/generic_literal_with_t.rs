use backprop::{differentiate, Float};

// `2.0` is an `f64`, not a `T`.
#[differentiate]
fn double<T: Float>(x: T) -> T {
    x * 2.0 + x.powf(0.5)
}

fn main() {}
