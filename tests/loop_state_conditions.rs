//! Conditions inside a loop that read a local array the loop itself assigns into.
//!
//! Such a condition changes from one iteration to the next, so it must be evaluated
//! where it is written, every trip. (Before this was checked, the lowering computed it
//! once before the loop, and `_grad` returned the value and gradient of a different
//! function, with no error.) The corpus: a thermostat with hysteresis, a knock-out
//! barrier on a simulated price path, the first time a running sum crosses a level,
//! and the smallest shape that showed the bug.

mod common;

use backprop::differentiate;
use common::check;
use num_dual::{Dual64, DualNum};

/// The smallest shape: the condition reads `h[0]`, which the branch it guards writes
/// (as the random-program generator wrote it).
#[allow(clippy::needless_range_loop)]
#[differentiate]
fn latch(s: f64, t: [f64; 3]) -> f64 {
    let mut h = [0.5; 1];
    for j in 0..3 {
        if h[0] > -0.5 {
            h[0] = s * t[j];
        }
    }
    h[0]
}

fn latch_twin(s: Dual64, t: [Dual64; 3]) -> Dual64 {
    let mut h = [Dual64::from(0.5); 1];
    for tj in t {
        if h[0].re > -0.5 {
            h[0] = s * tj;
        }
    }
    h[0]
}

/// A thermostat with hysteresis: the heater state (`state[1]`, on when 1) switches on
/// below `lo` and off above `hi`; the room (`state[0]`) relaxes toward the outside
/// temperature and gains `power` per step while heating. Returns the final temperature.
#[differentiate(wrt(power, outside, k))]
fn thermostat(power: f64, outside: f64, k: f64, lo: f64, hi: f64) -> f64 {
    let mut state = [18.0, 0.0];
    for _ in 0..40 {
        if state[1] > 0.5 && state[0] > hi {
            state[1] = 0.0;
        } else if state[1] < 0.5 && state[0] < lo {
            state[1] = 1.0;
        }
        state[0] += k * (outside - state[0]) + power * state[1];
    }
    state[0]
}

fn thermostat_twin(power: Dual64, outside: Dual64, k: Dual64, lo: f64, hi: f64) -> Dual64 {
    let mut temp = Dual64::from(18.0);
    let mut on = 0.0;
    for _ in 0..40 {
        if on > 0.5 && temp.re > hi {
            on = 0.0;
        } else if on < 0.5 && temp.re < lo {
            on = 1.0;
        }
        temp += k * (outside - temp) + power * on;
    }
    temp
}

/// A down-and-out barrier on a deterministic price path: once the price touches the
/// barrier the option is knocked out and pays nothing; the path keeps its state in
/// an array `[price, alive]`.
#[differentiate(wrt(s0, vol))]
fn knock_out(s0: f64, vol: f64, shocks: [f64; 8], barrier: f64, strike: f64) -> f64 {
    let mut path = [s0, 1.0];
    for &z in &shocks {
        if path[1] > 0.5 {
            path[0] *= (vol * z - 0.5 * vol * vol).exp();
            if path[0] < barrier {
                path[1] = 0.0;
            }
        }
    }
    path[1] * (path[0] - strike).max(0.0)
}

fn knock_out_twin(s0: Dual64, vol: Dual64, shocks: [f64; 8], barrier: f64, strike: f64) -> Dual64 {
    let mut price = s0;
    let mut alive = 1.0;
    for z in shocks {
        if alive > 0.5 {
            price *= (vol * z - vol * vol * 0.5).exp();
            if price.re < barrier {
                alive = 0.0;
            }
        }
    }
    let payoff = price - strike;
    if payoff.re > 0.0 {
        payoff * alive
    } else {
        Dual64::from(0.0)
    }
}

/// The value of a running sum when it first exceeds `level` (or at the end): the
/// stop flag lives in the same array as the sum.
#[differentiate(wrt(x))]
fn first_crossing(x: [f64; 6], level: f64) -> f64 {
    let mut acc = [0.0, 0.0];
    for &v in &x {
        if acc[1] == 0.0 {
            acc[0] += v * v;
            if acc[0] > level {
                acc[1] = 1.0;
            }
        }
    }
    acc[0]
}

fn first_crossing_twin(x: [Dual64; 6], level: f64) -> Dual64 {
    let mut sum = Dual64::from(0.0);
    for v in x {
        sum += v * v;
        if sum.re > level {
            break;
        }
    }
    sum
}

#[test]
fn latch_follows_the_branch_taken() {
    for p in [
        [0.7, 1.0, -2.0, 3.0],
        [0.3, 1.0, -2.0, 3.0],
        [-0.4, 2.0, 0.5, 1.5],
    ] {
        let t = [p[1], p[2], p[3]];
        let (v, g) = latch_grad(p[0], t);
        assert_eq!(v, latch(p[0], t), "latch value at {p:?}");
        check(
            "latch",
            &p,
            v,
            &[g.s, g.t[0], g.t[1], g.t[2]],
            |q| latch(q[0], [q[1], q[2], q[3]]),
            |d| latch_twin(d[0], [d[1], d[2], d[3]]),
        );
    }
}

#[test]
fn thermostat_switches_on_its_own_state() {
    for p in [[1.3, 5.0, 0.08], [2.1, 10.0, 0.05], [0.9, 12.0, 0.12]] {
        let (lo, hi) = (19.0, 21.0);
        let (v, g) = thermostat_grad(p[0], p[1], p[2], lo, hi);
        assert_eq!(
            v,
            thermostat(p[0], p[1], p[2], lo, hi),
            "thermostat value at {p:?}"
        );
        check(
            "thermostat",
            &p,
            v,
            &[g.power, g.outside, g.k],
            |q| thermostat(q[0], q[1], q[2], lo, hi),
            |d| thermostat_twin(d[0], d[1], d[2], lo, hi),
        );
    }
}

#[test]
fn knock_out_stops_the_path() {
    let shocks = [0.3, -0.8, -1.1, 0.4, -0.9, 1.2, 0.2, 0.7];
    for (p, barrier) in [
        ([100.0, 0.2], 85.0),
        ([100.0, 0.35], 70.0),
        ([95.0, 0.1], 80.0),
    ] {
        let (v, g) = knock_out_grad(p[0], p[1], shocks, barrier, 90.0);
        assert_eq!(
            v,
            knock_out(p[0], p[1], shocks, barrier, 90.0),
            "value at {p:?}"
        );
        check(
            "knock_out",
            &p,
            v,
            &[g.s0, g.vol],
            |q| knock_out(q[0], q[1], shocks, barrier, 90.0),
            |d| knock_out_twin(d[0], d[1], shocks, barrier, 90.0),
        );
    }
}

#[test]
fn first_crossing_stops_adding() {
    for (x, level) in [
        ([0.5, -1.2, 0.8, 1.9, -0.3, 0.7], 2.0),
        ([0.2, 0.1, -0.4, 0.3, 0.6, -0.5], 10.0),
        ([1.5, 0.4, 0.9, -0.2, 0.1, 0.3], 2.4),
    ] {
        let (v, g) = first_crossing_grad(x, level);
        assert_eq!(v, first_crossing(x, level), "value at {x:?}");
        check(
            "first_crossing",
            &x,
            v,
            &g.x,
            |q| first_crossing([q[0], q[1], q[2], q[3], q[4], q[5]], level),
            |d| first_crossing_twin([d[0], d[1], d[2], d[3], d[4], d[5]], level),
        );
    }
}
