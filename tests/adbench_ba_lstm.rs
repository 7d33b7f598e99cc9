//! ADBench's bundle-adjustment and LSTM objectives (see `benches/adbench/`).

#[allow(dead_code)]
#[path = "../benches/adbench/ba.rs"]
mod ba;

#[test]
fn ba_smoke() {
    for o in ba::observations() {
        let g = ba::generated(&o);
        let h = ba::hand_written(&o);
        println!("{:?}\n{:?}", g, h);
    }
}

#[allow(dead_code)]
#[path = "../benches/adbench/lstm.rs"]
mod lstm;

#[test]
fn lstm_smoke() {
    let inst = lstm::adbench_instance::<4>();
    let (v, g) = lstm::generated_c4(&inst);
    let (vh, gh) = lstm::hand_written(&inst);
    println!("{v} {vh} {}", lstm::reference(&inst));
    let a = g.flat();
    let b = gh.flat();
    for k in 0..a.len() {
        if (a[k] - b[k]).abs() > 1e-12 { println!("{k} {} {}", a[k], b[k]); }
    }
}
