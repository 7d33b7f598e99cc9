use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let a = x.next_up();
    dbg!(a);
    a * y
}

fn main() {}
