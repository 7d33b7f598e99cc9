// `f64` arithmetic that only feeds conversions into `T` is not mixing.
use backprop::{differentiate, Float};

#[differentiate]
fn bumped<T: Float>(x: &[T]) -> T {
    let n = x.len();
    let half = n as f64 * 0.5;
    let k: f64 = 2.0_f64 * half;
    let c = T::from(k).unwrap();
    let mut s = T::zero();
    for i in 0..n {
        s = s + c * x[i] * x[i];
    }
    s
}

fn main() {
    let mut d = [0.0; 2];
    let (value, _) = bumped_grad(&[1.0, 2.0], &mut d);
    assert_eq!(value, bumped(&[1.0, 2.0]));
    assert_eq!(d, [4.0, 8.0]);
}
