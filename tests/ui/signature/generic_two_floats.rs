use backprop::{differentiate, Float};

// Two float type parameters: a differentiated function has one float type.
#[differentiate]
fn mixed<T: Float, U: Float>(x: T, y: U) -> T {
    x
}

fn main() {}
