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
