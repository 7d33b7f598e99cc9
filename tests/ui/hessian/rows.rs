use backprop::differentiate;

#[differentiate(hessian)]
fn total(rows: &[[f64; 2]]) -> f64 {
    let mut s = 0.0;
    for row in rows {
        s += row[0] * row[1];
    }
    s
}

fn main() {}
