// Forward mode: the notes' `(x + y) * z` staged with a tangent beside each stage, a
// loop carrying its tangent, and a branch.
#[differentiate(jvp)]
fn gate(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}

#[differentiate(jvp, wrt(x))]
fn horner(x: f64, c: [f64; 4]) -> f64 {
    let mut acc = 0.0;
    for i in 0..4 {
        acc = acc * x + c[i];
    }
    if acc > 1.0 {
        acc.ln()
    } else {
        acc / x
    }
}
