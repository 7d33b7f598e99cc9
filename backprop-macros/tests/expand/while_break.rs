// Newton's iteration for a square root: a `while` with a convergence `break`.
#[differentiate]
pub fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut i = 0;
    while i < 20 {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-12 {
            break;
        }
        x = next;
        i += 1;
    }
    x
}
