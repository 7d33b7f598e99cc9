// A branch inside a loop: the values it saves share one counter of the branch's runs.
#[differentiate]
pub fn root_sum(x: [f64; 4]) -> f64 {
    let mut s: f64 = 0.0;
    for i in 0..4 {
        if x[i] > 0.0 {
            s += x[i].sqrt() * s.sin();
        }
    }
    s
}
