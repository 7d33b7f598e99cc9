use backprop::differentiate;

#[differentiate]
fn scatter(x: f64) -> f64 {
    let mut a = [0.0; 4];
    a[x as usize] = x;
    a[0] + a[1]
}

fn main() {}
