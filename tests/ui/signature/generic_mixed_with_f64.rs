use backprop::{differentiate, Float};

// Generic over `T`, with one parameter left at `f64`.
#[differentiate]
fn scaled<T: Float>(x: T, scale: f64) -> T {
    x * x
}

fn main() {}
