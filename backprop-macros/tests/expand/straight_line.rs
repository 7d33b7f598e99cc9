// A 30-statement straight-line function.
#[differentiate]
pub fn straight(x: f64, y: f64, w1: f64, w2: f64, b: f64) -> f64 {
    let a = w1 * x;
    let c = w2 * y;
    let z = a + c + b;
    let h = z.tanh();
    let s = sigmoid(z);
    let g = h * s;
    let r2 = x * x + y * y;
    let r = r2.sqrt();
    let den = 1.0 + r;
    let u = g / den;
    let e = u.exp();
    let soft = (1.0 + e).ln();
    let penalty = 0.01 * (w1 * w1 + w2 * w2);
    let loss = soft + penalty;
    let q = x.sin() * y.cos();
    let t = q - b;
    let t2 = t * t;
    let m = t2.max(0.5);
    let k = m.sqrt();
    let l = loss * k;
    let o = l - q;
    let p = o.abs();
    let v = p + 1.0;
    let lv = v.ln();
    let sc = lv / den;
    let w = sc * sc;
    let f1 = w + loss;
    let f2 = f1 * 0.5;
    let f3 = f2 - t;
    f3 + h
}
