#!/usr/bin/env python3
"""Compile-time scaling of #[differentiate]: builds a scratch crate holding one
function of N gates (straight-line, and a loop body of N gates) with and without the
attribute, and prints the macro's expansion time (median of 3, from
BACKPROP_TIME_EXPANSION=1, see backprop-macros/src/lib.rs), the build times and their
difference (macro expansion plus compiling the generated passes).

Usage: python3 tools/compile_scaling.py [N ...]   (default 10 100 1000 5000)
Needs only cargo; the scratch crate lives in target/compile-scaling.
"""
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.path.join(ROOT, "target", "compile-scaling")


def straight(n, attr):
    lines = ["let mut a = x;"]
    for k in range(n // 2):
        lines.append(f"a = (a * 0.999 + y).sin();" if k % 2 else f"a = a * y + {k % 7}.0;")
    body = "\n    ".join(lines)
    return f"{attr}\npub fn f(x: f64, y: f64) -> f64 {{\n    {body}\n    a\n}}\n"


def looped(n, attr):
    lines = []
    for k in range(n // 2):
        lines.append(f"a = (a * 0.999 + y).sin();" if k % 2 else f"a = a * y + {k % 7}.0;")
    body = "\n        ".join(lines)
    return (f"{attr}\npub fn g(x: f64, y: f64) -> f64 {{\n    let mut a = x;\n"
            f"    for _ in 0..10 {{\n        {body}\n    }}\n    a\n}}\n")


def build(source, import_macro=True):
    """Best-of-two debug build time of `source`, and (with the attribute) the median
    of three expansion times, in ms."""
    src = os.path.join(SCRATCH, "src")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(SCRATCH, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "scaling"\nversion = "0.0.0"\nedition = "2021"\n'
                f'[workspace]\n[dependencies]\nbackprop = {{ path = "{ROOT}" }}\n')
    with open(os.path.join(src, "lib.rs"), "w") as f:
        header = "#![allow(unused_mut, unused_assignments)]\n"
        if import_macro:
            header += "use backprop::differentiate;\n"
        f.write(header + source)
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(SCRATCH, "target"))
    env.pop("BACKPROP_TIME_EXPANSION", None)
    subprocess.run(["cargo", "build", "-q"], cwd=SCRATCH, env=env, check=True)  # deps, warm
    times = []
    for _ in range(2):
        os.utime(os.path.join(src, "lib.rs"))
        start = time.perf_counter()
        subprocess.run(["cargo", "build", "-q"], cwd=SCRATCH, env=env, check=True)
        times.append(time.perf_counter() - start)
    expansions = []
    if import_macro:
        timed = dict(env, BACKPROP_TIME_EXPANSION="1")
        for _ in range(3):
            os.utime(os.path.join(src, "lib.rs"))
            run = subprocess.run(["cargo", "build", "-q"], cwd=SCRATCH, env=timed, check=True,
                                 stderr=subprocess.PIPE, text=True)
            found = re.findall(r"backprop: expanded .* in ([0-9.]+) ms", run.stderr)
            if len(found) != 1:
                sys.exit(f"expected one timing line, got:\n{run.stderr}")
            expansions.append(float(found[0]))
    return min(times), statistics.median(expansions) if expansions else None


def main():
    sizes = [int(n) for n in sys.argv[1:]] or [10, 100, 1000, 5000]
    print("| gates | shape | expansion | plain build | with #[differentiate] | difference |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for shape, make in (("straight-line", straight), ("loop body", looped)):
        for n in sizes:
            plain, _ = build(make(n, "#[allow(dead_code)]"), import_macro=False)
            diff, expansion = build(make(n, "#[differentiate]"))
            print(f"| {n} | {shape} | {expansion:.1f} ms | {plain:.2f} s | {diff:.2f} s "
                  f"| {diff - plain:+.2f} s |", flush=True)


if __name__ == "__main__":
    main()
