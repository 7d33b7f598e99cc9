use backprop::{differentiate, Float};

// `2.0_f64` and `0.5f32` are not `T`s, whatever their suffix.
#[differentiate]
fn double<T: Float>(x: T) -> T {
    let y = x * x;
    y * 2.0_f64 + x.max(0.5f32)
}

fn main() {}
