// A call of another `#[differentiate]` function in a loop.
#[differentiate]
pub fn sq_err(p: f64, t: f64) -> f64 {
    let e = p - t;
    e * e
}

#[differentiate]
pub fn fit(w: f64, xs: [f64; 8], ys: [f64; 8]) -> f64 {
    let mut total = 0.0;
    for i in 0..8 {
        total += sq_err(w * xs[i], ys[i]);
    }
    total
}
