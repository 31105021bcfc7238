"""Time the installed `derive check` on the running example against the imports it cannot avoid.

Three figures, all from fresh processes run alternately in one run (medians):

- **cold**: `derive check --no-cache docs/examples/least_squares.md` against
  `python -c "import sympy, tensorflow"`. Target (issue 18): at most 1.1 times the imports.
- **warm**: what one more copy of the example costs in the same run, on the same (warm) worker
  process: `derive check --no-cache --jobs 1` on two copies minus the time on one. Target: under
  0.5 s. This is also what an editor integration that keeps its worker pays per check.

    python benchmarks/check_vs_imports.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import running

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "docs" / "examples" / "least_squares.md"


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPOSITORY)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        copies = [pathlib.Path(folder) / name for name in ("first.md", "second.md")]
        for copy in copies:
            shutil.copyfile(EXAMPLE, copy)
        check = [*running.derive_command(), "check", "--quiet", "--no-cache", "--jobs", "1"]
        commands = {
            "imports": [sys.executable, "-c", "import sympy, tensorflow"],
            "derive check": [*check, str(EXAMPLE)],
            "two documents": [*check, *map(str, copies)],
        }
        timings: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():  # warm the file cache once
            _seconds(command)
        order = list(commands)
        for _ in range(repeat):
            order.reverse()
            for name in order:
                timings[name].append(_seconds(commands[name]))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in medians.items():
        spread = ", ".join(f"{v:.2f}" for v in timings[name])
        print(f"{name:>14}: median {value:.2f} s  ({spread})")
    ratio = medians["derive check"] / medians["imports"]
    warm = medians["two documents"] - medians["derive check"]
    print(f"{'cold ratio':>14}: {ratio:.2f}  (derive check / imports; target ≤ 1.1)")
    print(f"{'warm check':>14}: {warm:.2f} s  (the second document on the same worker; target < 0.5 s)")


if __name__ == "__main__":
    main()
