// The CS231n notes' staged example: f = (x + σ(y)) / (σ(x) + (x + y)²).
#[differentiate]
pub fn f(x: f64, y: f64) -> f64 {
    let sigy = sigmoid(y);
    let num = x + sigy;
    let sigx = sigmoid(x);
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    num * invden
}
