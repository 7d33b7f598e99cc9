use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let mut n = 2;
    let mut s = 0.0;
    x.iter().take(n).for_each(|v| {
        n += 1;
        s += v;
    });
    s
}

fn main() {}
