use backprop::differentiate;

/// A check and a print of a value the staged code renames, and a diverging branch.
#[differentiate]
fn checked(x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        panic!("x must be positive, got {x}");
    }
    let mut s = x.ln() * y;
    s += y;
    assert!(s.is_finite(), "s = {s}");
    println!("s = {s}");
    s * s
}
