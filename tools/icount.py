#!/usr/bin/env python3
"""Count the instructions of one call of each generated and hand-written gradient
(python3, stdlib only, and valgrind).

Builds `tools/icount` in release mode, checks that its hand-written gradients agree with
the generated ones (`icount check`), then runs every wrapper (`plain_<function>`,
`generated_<function>`, `hand_written_<function>`) under callgrind, counting only the
instructions executed inside that wrapper:

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=<wrapper> \
        target/release/icount run <wrapper>

Instruction counts do not depend on the load of the machine: the same binary gives the
same counts on every run (the script runs each wrapper `--runs` times, 2 by default, and
fails if they differ), so a regression of the generated code shows without timing noise.
Prints a Markdown table: function, instructions of the plain function, of the generated
gradient and of the hand-written one, and the ratios generated / hand-written and
generated / plain.

    python3 tools/icount.py                       # the table
    python3 tools/icount.py --json counts.json    # also save the counts
    python3 tools/icount.py --baseline counts.json  # add a column: generated vs saved

Environment: `CARGO_TARGET_DIR` (default `target` under the workspace root) and
`VALGRIND` (default `valgrind`).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = ["plain", "generated", "hand_written"]


def binary():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "release" / "icount"


def build():
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "icount"], cwd=ROOT, check=True
    )


def count(valgrind, exe, wrapper):
    """Instructions executed inside `wrapper` (inclusive of its callees), one call."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, LD_BIND_NOW="1")  # no lazy symbol binding inside a wrapper
        proc = subprocess.run(
            [
                valgrind,
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                "--collect-atstart=no",
                f"--toggle-collect={wrapper}",
                str(exe),
                "run",
                wrapper,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            sys.exit(f"valgrind failed on {wrapper}:\n{proc.stderr}")
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
                if total == 0:
                    sys.exit(f"{wrapper}: no instructions counted (is the symbol there?)")
                return total
    sys.exit(f"{wrapper}: no totals in callgrind's output")


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="runs per wrapper (default 2)")
    parser.add_argument("--json", type=Path, help="write the counts to this file")
    parser.add_argument("--baseline", type=Path, help="counts saved by --json to compare with")
    args = parser.parse_args()

    valgrind = os.environ.get("VALGRIND", "valgrind")
    version = subprocess.run([valgrind, "--version"], capture_output=True, text=True, check=True)
    build()
    exe = binary()
    subprocess.run([str(exe), "check"], check=True, stdout=subprocess.DEVNULL)
    functions = subprocess.run(
        [str(exe), "list"], capture_output=True, text=True, check=True
    ).stdout.split()

    counts = {}
    for function in functions:
        counts[function] = {}
        for method in METHODS:
            wrapper = f"{method}_{function}"
            runs = [count(valgrind, exe, wrapper) for _ in range(args.runs)]
            if len(set(runs)) != 1:
                sys.exit(f"{wrapper}: counts differ between runs: {runs}")
            counts[function][method] = runs[0]
            print(f"{wrapper}: {runs[0]}", file=sys.stderr)

    baseline = json.loads(args.baseline.read_text()) if args.baseline else {}
    header = "| function | plain | generated | hand-written | generated / hand-written | generated / plain |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: |"
    if baseline:
        header += " generated / baseline |"
        rule += " ---: |"
    print(header)
    print(rule)
    for function, c in counts.items():
        row = (
            f"| {function} | {c['plain']} | {c['generated']} | {c['hand_written']} "
            f"| {ratio(c['generated'], c['hand_written'])} | {ratio(c['generated'], c['plain'])} |"
        )
        if baseline:
            old = baseline.get(function, {}).get("generated")
            row += f" {ratio(c['generated'], old) if old else 'new'} |"
        print(row)
    print(
        f"\n(instructions per call, callgrind, {version.stdout.strip()}; "
        f"identical in {args.runs} runs of each)"
    )
    if args.json:
        args.json.write_text(json.dumps(counts, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
