use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    x.next_up()
}

fn main() {}
