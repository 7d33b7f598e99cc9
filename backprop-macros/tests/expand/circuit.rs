/// `f = (x + y) * z`, the notes' first circuit, with its picture.
#[differentiate(circuit)]
fn add_mul(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}

/// Horner's rule over an array: a loop, unrolled in the circuit as it runs.
#[differentiate(wrt(x), circuit)]
fn horner(c: [f64; 3], x: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..3 {
        acc = acc * x + c[i];
    }
    acc.max(0.0)
}
