#[path = "../benches/adbench/gmm.rs"]
mod gmm;
#[test]
fn smoke() {
    let inst = gmm::d2_k5::Instance::random(1, 1.0, 0);
    println!("{:?}", inst.generated());
    println!("{:?}", inst.hand_written());
    println!("{:?}", inst.num_dual());
    println!("{:?}", inst.tape(&reverse::Tape::new()));
    println!("{:?}", inst.finite_diff());
}
