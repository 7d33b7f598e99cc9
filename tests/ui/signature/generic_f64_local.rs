use backprop::{differentiate, Float};

// `k` and `m` hold `f64`s (an annotation, a cast); `y` holds a `T`.
#[differentiate]
fn scaled<T: Float>(x: T, n: usize) -> T {
    let k: f64 = 0.5;
    let m = n as f64;
    let y = x.sin() * x;
    y * k + m
}

fn main() {}
