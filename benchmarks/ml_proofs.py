"""Symbolic proof time of the machine-learning steps, as a user runs them.

For each worked document (logistic regression with 0/1 and ±1 labels, softmax regression for one
example and for a batch, Gaussian maximum likelihood,
regularised least squares in docs/examples/), times the installed
``derive check --oracles symbolic`` on the document and on the same document with every checked
step removed (its definitions kept: the import and reading floor), in one run, alternating; the
difference divided by the number of checked steps is the symbolic cost of a step (target: under
200 ms each). Medians of ``--rounds`` paired runs.

    python benchmarks/ml_proofs.py [--rounds 5]
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

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

import derive  # noqa: E402 - to find the checked steps (not timed)

DOCUMENTS = (
    "logistic_regression.md", "logistic_regression_signs.md", "softmax_regression.md", "softmax_regression_batch.md",
    "gaussian_mle.md", "regularised_least_squares.md",
)


def _run(path: pathlib.Path) -> float:
    command = shutil.which("derive") or sys.executable
    arguments = [command] if command != sys.executable else [command, "-m", "derive"]
    start = time.perf_counter()
    subprocess.run([*arguments, "check", "--oracles", "symbolic", "--quiet", str(path)], capture_output=True, check=False)
    return time.perf_counter() - start


def _floor(path: pathlib.Path) -> tuple[str, int]:
    """The document without the display lines of its checked claims (definitions stay), and their number."""
    result = derive.check(path, oracles=["symbolic"])
    lines = {claim.line for claim in result.claims if claim.verdict != "stated"}
    text = path.read_text("utf-8").splitlines()
    return "\n".join("" if number in lines else line for number, line in enumerate(text, start=1)) + "\n", len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    print(f"derive check --oracles symbolic, medians of {options.rounds} runs alternating with the floor")
    header = f"{'document':<32} | {'steps':>5} | {'document':>8} | {'floor':>6} | {'per step':>8} | target < 200 ms"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as folder:
        for name in DOCUMENTS:
            document = REPOSITORY / "docs" / "examples" / name
            text, steps = _floor(document)
            floor = pathlib.Path(folder) / name
            floor.write_text(text, "utf-8")
            full, empty = [], []
            for _ in range(options.rounds):
                full.append(_run(document))
                empty.append(_run(floor))
            per_step = (statistics.median(full) - statistics.median(empty)) / steps
            verdict = "met" if per_step < 0.2 else "MISSED"
            print(f"{name:<32} | {steps:>5} | {statistics.median(full):>6.2f} s | {statistics.median(empty):>4.2f} s | "
                  f"{per_step * 1000:>5.0f} ms | {verdict}")


if __name__ == "__main__":
    main()
