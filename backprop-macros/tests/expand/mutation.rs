// `let mut`, compound assignment, shadowing, a block, constants and an integer parameter.
#[differentiate]
pub fn mixed(x: f64, y: f64, n: i32) -> f64 {
    let mut acc = x * x;
    acc += x.exp();
    let scale = n as f64 * std::f64::consts::PI;
    let x = { let t = acc.sin(); t * scale };
    acc *= x.powi(n);
    acc.sqrt()
}
