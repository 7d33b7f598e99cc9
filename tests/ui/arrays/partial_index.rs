use backprop::differentiate;

#[differentiate]
fn first_row(m: [[f64; 2]; 2]) -> f64 {
    let mut row = m[0];
    row[1] *= 2.0;
    row[0] + row[1]
}

fn main() {}
