#!/usr/bin/env python3
"""Compile-time scaling of #[differentiate]: builds a scratch crate holding one
function of N gates (straight-line, and a loop body of N gates) with and without the
attribute, and prints the macro's expansion time (median of three, from
BACKPROP_TIME_EXPANSION=1, see backprop-macros/src/lib.rs) with the proc macro built as
in any debug build (opt-level 0) and at opt-level 3, the debug build times (best of two)
and their difference (macro expansion plus compiling the generated passes).

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


def write_crate(source, import_macro, opt_macros=False):
    """The scratch crate holding `source`; `opt_macros`: proc macros built at
    opt-level 3 (`[profile.dev.build-override]`), the rest as a debug build."""
    src = os.path.join(SCRATCH, "src")
    os.makedirs(src, exist_ok=True)
    profile = "[profile.dev.build-override]\nopt-level = 3\n" if opt_macros else ""
    with open(os.path.join(SCRATCH, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "scaling"\nversion = "0.0.0"\nedition = "2021"\n'
                f'[workspace]\n[dependencies]\nbackprop = {{ path = "{ROOT}" }}\n{profile}')
    with open(os.path.join(src, "lib.rs"), "w") as f:
        header = "#![allow(unused_mut, unused_assignments)]\n"
        if import_macro:
            header += "use backprop::differentiate;\n"
        f.write(header + source)


def cargo_build(timed=False):
    """Rebuilds the scratch crate (its dependencies are warm): the wall time, and
    with `timed` the macro's `(stages, ms)` from BACKPROP_TIME_EXPANSION=1."""
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(SCRATCH, "target"))
    env.pop("BACKPROP_TIME_EXPANSION", None)
    if timed:
        env["BACKPROP_TIME_EXPANSION"] = "1"
    os.utime(os.path.join(SCRATCH, "src", "lib.rs"))  # the variable is not tracked
    start = time.perf_counter()
    run = subprocess.run(["cargo", "build", "-q"], cwd=SCRATCH, env=env, check=True,
                         stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if not timed:
        return elapsed, None
    found = re.findall(r"backprop: expanded `.*` \((\d+) stages\) in ([0-9.]+) ms", run.stderr)
    if len(found) != 1:
        sys.exit(f"expected one timing line, got:\n{run.stderr}")
    return elapsed, (int(found[0][0]), float(found[0][1]))


def build_time(source, import_macro):
    """Best of two debug builds of `source`, in s."""
    write_crate(source, import_macro)
    cargo_build()  # dependencies, warm
    return min(cargo_build()[0] for _ in range(2))


def expansion(source, opt_macros=False):
    """The macro's stages and median-of-three expansion time of `source`, in ms."""
    write_crate(source, True, opt_macros)
    cargo_build()  # dependencies (built once per profile), warm
    runs = [cargo_build(timed=True)[1] for _ in range(3)]
    return runs[0][0], statistics.median(ms for _, ms in runs)


def main():
    sizes = [int(n) for n in sys.argv[1:]] or [10, 100, 1000, 5000]
    print("| gates | shape | stages | expansion | expansion, macros at opt-level 3 "
          "| plain build | with `#[differentiate]` | difference |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for shape, make in (("straight-line", straight), ("loop body", looped)):
        for n in sizes:
            source = make(n, "#[differentiate]")
            stages, debug_ms = expansion(source)
            _, opt_ms = expansion(source, opt_macros=True)
            plain = build_time(make(n, "#[allow(dead_code)]"), import_macro=False)
            diff = build_time(source, import_macro=True)
            print(f"| {n} | {shape} | {stages} | {debug_ms:.1f} ms | {opt_ms:.1f} ms "
                  f"| {plain:.2f} s | {diff:.2f} s | {diff - plain:+.2f} s |", flush=True)


if __name__ == "__main__":
    main()
