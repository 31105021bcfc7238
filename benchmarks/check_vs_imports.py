"""Time `derive check` on the running example against the imports it cannot avoid.

The target (issue 2): checking the least-squares example costs at most 1.5 times
`python -c "import sympy, tensorflow"`, i.e. the checking itself costs at most half
of what those imports cost. Both are run as fresh processes, alternately, in one run;
the median of each is reported with their ratio.

    python benchmarks/check_vs_imports.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "docs" / "examples" / "least_squares.md"

COMMANDS = {
    "imports": [sys.executable, "-c", "import sympy, tensorflow"],
    "derive check": [sys.executable, "-m", "derive", "check", "--quiet", str(EXAMPLE)],
}


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPOSITORY)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    timings: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for name, command in COMMANDS.items():  # warm the file cache once
        _seconds(command)
    for _ in range(repeat):
        for name, command in COMMANDS.items():
            timings[name].append(_seconds(command))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, value in medians.items():
        spread = ", ".join(f"{v:.2f}" for v in timings[name])
        print(f"{name:>14}: median {value:.2f} s  ({spread})")
    ratio = medians["derive check"] / medians["imports"]
    print(f"{'ratio':>14}: {ratio:.2f}  (target ≤ 1.5)")


if __name__ == "__main__":
    main()
