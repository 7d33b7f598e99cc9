// `return` from inside a loop becomes a flag checked after the loop.
#[differentiate]
pub fn first_above(x: f64, n: usize) -> f64 {
    let mut s = x;
    for _ in 0..n {
        s = s * x + 1.0;
        if s > 5.0 {
            return s;
        }
    }
    s.sin()
}
