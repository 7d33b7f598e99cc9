use backprop::{differentiate, Float};

#[differentiate(hessian)]
pub fn energy<T: Float>(x: T, y: T) -> T {
    x * x * y + y.sin()
}

fn main() {}
