use backprop::{differentiate, Float};
use num_traits::FromPrimitive;
use std::iter::Sum;

#[differentiate]
pub fn rosenbrock<T: Float + FromPrimitive + Sum>(param: &[T]) -> T {
    param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(&xi, &xi1)| {
            (T::from_f64(1.0).unwrap() - xi).powi(2)
                + T::from_f64(100.0).unwrap() * (xi1 - xi.powi(2)).powi(2)
        })
        .sum()
}

#[differentiate]
fn simple<T: Float>(x: T, y: T) -> T {
    let s = backprop::sigmoid(x * y);
    (s + x).sqrt() * T::from(2.5).unwrap() + y.tanh()
}

#[test]
fn smoke() {
    let (v, g) = simple_grad(0.3f64, -1.2);
    println!("{v} {g:?}");
    let (v, g) = simple_grad(0.3f32, -1.2);
    println!("{v} {g:?}");
    let x = [0.5f64, 1.5, -0.3];
    let mut d = [0.0; 3];
    let v = rosenbrock_grad(&x, &mut d);
    println!("{v:?} {d:?}");
}
