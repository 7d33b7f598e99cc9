use backprop::differentiate;
fn by_value(a: &(usize, &f64), b: &(usize, &f64)) -> std::cmp::Ordering {
    a.1.total_cmp(b.1)
}

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().enumerate().max_by(by_value).unwrap().0 as f64 * x[0]
}

fn main() {}
