use backprop::differentiate;

#[differentiate]
fn sumsq(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>()
}

#[differentiate]
fn mse(x: [f64; 4], y: [f64; 4]) -> f64 {
    x.iter()
        .zip(y.iter())
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        / x.len() as f64
}

#[differentiate(wrt(c, x))]
fn horner(c: [f64; 4], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

#[differentiate]
fn lse(x: &[f64]) -> f64 {
    let m = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    x.iter().map(|v| (v - m).exp()).sum::<f64>().ln() + m
}

#[differentiate]
fn tv(x: &[f64]) -> f64 {
    x.windows(2).map(|w| (w[1] - w[0]).abs()).sum()
}

#[differentiate]
fn pairs(x: &[f64]) -> f64 {
    x.chunks(2).map(|c| c.iter().product::<f64>()).sum()
}

#[differentiate]
fn levy(x: &[f64]) -> f64 {
    let w = |x: f64| 1.0 + (x - 1.0) / 4.0;
    x.iter().map(|&xi| w(xi).sin()).sum::<f64>()
}

#[differentiate]
fn foreach(x: &[f64]) -> f64 {
    let mut acc = 0.0;
    x.iter().for_each(|v| acc += v * v);
    acc
}

#[differentiate]
fn weighted(x: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .map(|(i, v)| (i as f64 + 1.0) * v)
        .sum::<f64>()
}

#[differentiate]
fn diffs(x: &[f64], n: usize) -> f64 {
    x.iter()
        .skip(1)
        .zip(x.iter().take(n - 1))
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
}

#[differentiate]
fn maxel(x: &[f64]) -> f64 {
    x.iter()
        .copied()
        .max_by(|a, b| a.partial_cmp(b).unwrap())
        .unwrap()
}

#[differentiate]
fn filt(x: &[f64]) -> f64 {
    x.iter().filter(|v| **v > 0.0).map(|v| v.ln()).sum()
}

#[differentiate]
fn sub(x: &[f64]) -> f64 {
    let n = x[1..x.len() - 1].iter().map(|v| v * 2.0).sum::<f64>();
    n + x[2..][0]
}

#[test]
fn smoke() {
    let x = [0.5, 1.5, -0.7, 2.0];
    let mut d = [0.0; 4];
    println!("{:?}", sumsq_grad(&x, &mut d));
}
