const K: usize = 3;

#[differentiate]
fn prefix_products(x: [f64; K]) -> f64 {
    let mut p = [0.0; K];
    p[0] = x[0];
    for i in 1..K {
        p[i] = p[i - 1] * x[i];
    }
    let mut s = 0.0;
    for i in 0..K {
        s += p[i].sin();
    }
    s
}
