// A time stepper replacing its state whole (`state = next;`), started from a fill.
#[differentiate]
pub fn stepper(x0: f64, k: f64) -> f64 {
    let mut state = [x0; 2];
    for _ in 0..4 {
        let next = [state[0] + 0.1 * state[1], state[1] - 0.1 * k * state[0]];
        state = next;
    }
    state[0] * state[1]
}
