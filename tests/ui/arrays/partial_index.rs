use backprop::differentiate;

#[differentiate]
fn first_row(m: [[f64; 2]; 2]) -> f64 {
    let row = m[0];
    row[0] + row[1]
}

fn main() {}
