use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: usize) -> f64 {
    let mut s = 0.0;
    'terms: for i in 0..n {
        let t = 'b: {
            if i == 2 {
                continue 'terms;
            }
            if i > 5 {
                break 'b 0.0;
            }
            x * i as f64
        };
        s += t;
    }
    s
}

fn main() {}
