// `f_grad` runs a loop's reversal in the same sweep when it only adds into gradients:
// a saved `tanh` read where it was computed, a branch, nested loops.
#[differentiate]
pub fn saturation(x: &[f64], w: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        let t = (w * x[i]).tanh();
        s += t * t;
    }
    0.5 * s
}

#[differentiate(wrt(x))]
pub fn huber(x: &[f64], y: &[f64], delta: f64) -> f64 {
    let mut loss = 0.0;
    for i in 0..x.len() {
        let r = x[i] - y[i];
        if r.abs() <= delta {
            loss += 0.5 * r * r;
        } else {
            loss += delta * (r.abs() - 0.5 * delta);
        }
    }
    loss
}

#[differentiate(wrt(x))]
pub fn quadratic(a: [[f64; 3]; 3], x: [f64; 3]) -> f64 {
    let mut q = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            q += x[i] * a[i][j] * x[j];
        }
    }
    q
}
