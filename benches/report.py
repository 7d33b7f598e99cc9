#!/usr/bin/env python3
"""Print the benchmarks' results as Markdown tables (python3, stdlib only).

Run after `cargo bench` (or `cargo bench --bench <name>`). Reads criterion's estimates under
`$CARGO_TARGET_DIR/criterion` (default `target/criterion`), or under the directory
given as the first argument, and prints, for each function (criterion group): method,
median time per call in ns (with criterion's 95% interval of the median), and the
median's ratio to the generated gradient and to the plain function.
"""

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

# Methods in the order the bench declares them; any other ids found go after, sorted.
ORDER = [
    "plain",
    "generated",
    "hand_written",
    "hand_written_sweep",
    "loop_generated",
    "inline_generated",
    "num_dual",
    "tape_reverse",
    "finite_diff",
]
GROUPS = ["notes_f", "mlp16", "mlp", "gmm_d2_k5", "gmm_d10_k5"]


def criterion_dir():
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"


def load(root):
    """{group: {method: (median, lower, upper)}} from every `<id>/new/` criterion wrote,
    and the modification times of the estimates read (to show how old they are)."""
    results, times = {}, []
    for bench_json in sorted(root.glob("**/new/benchmark.json")):
        new = bench_json.parent
        try:
            bench = json.loads(bench_json.read_text())
            estimates = new / "estimates.json"
            median = json.loads(estimates.read_text())["median"]
            times.append(estimates.stat().st_mtime)
        except (OSError, ValueError, KeyError) as err:
            print(f"warning: skipping {new}: {err}", file=sys.stderr)
            continue
        group = bench.get("group_id") or "?"
        method = bench.get("function_id") or bench.get("value_str") or "?"
        interval = median.get("confidence_interval", {})
        results.setdefault(group, {})[method] = (
            median["point_estimate"],
            interval.get("lower_bound"),
            interval.get("upper_bound"),
        )
    return results, times


def ratio(value, base):
    return f"{value / base:.2f}" if base else "n/a"


def table(group, methods):
    rank = {m: i for i, m in enumerate(ORDER)}
    names = sorted(methods, key=lambda m: (rank.get(m, len(ORDER)), m))
    generated = methods.get("generated", (None,))[0]
    plain = methods.get("plain", (None,))[0]
    lines = [
        "| function | method | median (ns) | 95% CI of median (ns) | / generated | / plain |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        median, lower, upper = methods[name]
        ci = f"{lower:.1f} – {upper:.1f}" if lower is not None and upper is not None else ""
        lines.append(
            f"| {group} | {name} | {median:.1f} | {ci} "
            f"| {ratio(median, generated)} | {ratio(median, plain)} |"
        )
    return "\n".join(lines)


def group_key(group):
    """Known groups first, then by name, sizes in numeric order (`rosenbrock_2` before
    `rosenbrock_10`)."""
    stem, _, size = group.rpartition("_")
    if stem and size.isdigit():
        return (len(GROUPS), stem, int(size))
    return (GROUPS.index(group) if group in GROUPS else len(GROUPS), group, 0)


def main():
    root = criterion_dir()
    results, times = load(root)
    if not results:
        sys.exit(f"no criterion results under {root}: run `cargo bench` first")
    groups = sorted(results, key=group_key)
    print("\n\n".join(table(group, results[group]) for group in groups))
    first, last = (
        datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        for t in (min(times), max(times))
    )
    print(f"\n(criterion results under `{root}`, written {first} to {last} UTC)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
