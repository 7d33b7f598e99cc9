// Control flow: a branch, a loop with a runtime trip count, a loop with `continue`.
#[differentiate]
pub fn piecewise(x: f64, y: f64) -> f64 {
    if x > 0.0 {
        x * y
    } else {
        x.exp() + y
    }
}

#[differentiate]
pub fn power(x: f64, n: i32) -> f64 {
    let mut acc = 1.0;
    for _ in 0..n {
        acc *= x;
    }
    acc
}

#[differentiate]
pub fn euler(k: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += 0.01 * (-k * y);
    }
    y
}
