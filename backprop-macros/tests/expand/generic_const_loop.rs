// A loop over a const generic length that saves values: `N - 1` runs at most `N`,
// saved in stack arrays `[T; N]`.
#[differentiate]
pub fn chain_n<T: Float, const N: usize>(x: [T; N]) -> T {
    let mut s = x[0];
    for i in 0..N - 1 {
        s = (s * x[i + 1]).tanh() + s;
    }
    s
}
