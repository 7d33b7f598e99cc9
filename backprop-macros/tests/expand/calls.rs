// A call of another `#[differentiate]` function, twice with the arguments swapped.
#[differentiate]
pub fn swap(a: f64, b: f64) -> f64 {
    let p = layers::dense(a, b, 0.0);
    p - layers::dense(b, a, 0.0)
}
