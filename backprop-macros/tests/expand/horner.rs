// Horner's rule over a fixed-size array of coefficients.
#[differentiate]
pub fn horner(c: [f64; 5], x: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..5 {
        acc = acc * x + c[i];
    }
    acc
}
