use backprop::differentiate;
use std::ops::Mul;

// `T` can be multiplied but is not bound by `Float`: nothing says it is a float.
#[differentiate]
fn square<T: Copy + Mul<Output = T>>(x: T) -> T {
    x * x
}

fn main() {}
