// Local gradients that reuse forward stages, and subexpressions computed once.

// Sine's local gradient is the cosine the forward pass already has (and the reverse).
#[differentiate]
pub fn sin_cos(x: f64) -> f64 {
    let s = x.sin();
    let c = x.cos();
    s * c
}

// A division with both inputs differentiated: its reciprocal, once.
#[differentiate]
pub fn quotient(x: f64, y: f64) -> f64 {
    let q = x / y;
    q * x
}

// Two sines of one value: the cosine, once; `1 - a²` of the two arcsines, once.
#[differentiate]
pub fn twice(x: f64, a: f64, w: f64) -> f64 {
    let u = x.sin() * w;
    let v = x.sin() + a.asin() * w;
    let z = a.asin() * u;
    u * v + z
}

// In a loop: the stage of the same iteration; in a branch: only its own stages.
#[differentiate]
pub fn looped(x: [f64; 4], t: f64) -> f64 {
    let ct = t.cos();
    let mut sum = 0.0;
    for &xi in &x {
        let c = xi.cos();
        let s = xi.sin() * t.sin();
        sum += c * s;
    }
    if sum > 0.0 {
        let r = sum.sqrt();
        sum = r / t + ct;
    } else {
        sum = sum / t + t.cos() * ct;
    }
    sum
}

// A stage inside a branch is not reused outside it (`x.cos()` below runs only for
// positive `x`); inside, the branch reuses the sine from before it.
#[differentiate]
pub fn scoped(x: f64) -> f64 {
    let mut y = x.sin();
    if x > 0.0 {
        y += x.cos();
    }
    y
}

// `atan2` with both arguments varying shares `x² + y²`; `x.powi(3)` reuses `x2`.
#[differentiate]
pub fn polar(y: f64, x: f64) -> f64 {
    let x2 = x.powi(2);
    let x3 = x.powi(3);
    y.atan2(x) * x3 + x2 * y
}

// Softplus's local gradient is the sigmoid stage; `sinh` and `cosh` use each other.
#[differentiate]
pub fn gates(x: f64, y: f64) -> f64 {
    let s = sigmoid(x);
    let p = softplus(x);
    let ch = y.cosh();
    let sh = y.sinh();
    s * p + ch * sh
}

// A run-time trip count: each iteration shares `1 + acc²`, reuses `inv`.
#[differentiate]
pub fn carried(x: f64, n: usize) -> f64 {
    let mut acc = x;
    for _ in 0..n {
        let e = acc.exp();
        let inv = 1.0 / (1.0 + acc * acc);
        acc = e * inv + acc.sin() / (1.0 + acc * acc) + acc.cos();
    }
    acc
}
