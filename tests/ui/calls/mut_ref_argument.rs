use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> f64 {
    let mut y = x;
    bump(&mut y);
    y
}

fn bump(y: &mut f64) {
    *y += 1.0;
}

fn main() {}
