// Generic over the float type, as numeric crates write it: constants through
// `T::from_f64(..).unwrap()`, a const length, a gate and a loop.
#[differentiate(jvp)]
pub fn rosenbrock_n<T: Float + FromPrimitive, const N: usize>(x: &[T; N]) -> T {
    let mut sum = T::zero();
    for i in 0..N - 1 {
        let a = T::one() - x[i];
        let b = x[i + 1] - x[i] * x[i];
        sum = sum + a * a + T::from_f64(100.0).unwrap() * b.powi(2);
    }
    backprop::sigmoid(sum) + sum.sqrt()
}
