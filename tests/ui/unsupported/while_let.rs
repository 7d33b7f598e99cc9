use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: u32) -> f64 {
    let mut s = x;
    let mut k = Some(n);
    while let Some(m) = k {
        s *= x;
        k = m.checked_sub(1);
    }
    s
}

fn main() {}
