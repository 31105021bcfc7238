"""Symbolic proof time of the machine-learning steps, as a user runs them.

Times the installed ``derive check --oracles symbolic`` on docs/examples/logistic_regression.md
and on the same document with every checked step removed (the import and reading floor), in one
run, alternating; the difference divided by the number of checked steps is the symbolic cost of
a step (target: under 200 ms each). Medians of ``--rounds`` paired runs.

    python benchmarks/ml_proofs.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
DOCUMENT = REPOSITORY / "docs" / "examples" / "logistic_regression.md"


def _run(path: pathlib.Path) -> float:
    command = shutil.which("derive") or sys.executable
    arguments = [command] if command != sys.executable else [command, "-m", "derive"]
    start = time.perf_counter()
    subprocess.run([*arguments, "check", "--oracles", "symbolic", "--quiet", str(path)], capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    text = DOCUMENT.read_text()
    blocks = re.findall(r"\$\$(.*?)\$\$", text, re.S)
    checked = [block for block in blocks if "\\nabla" in block or "'" in block or "\\frac{d}" in block]
    floor_text = text
    for block in checked:
        floor_text = floor_text.replace(f"$${block}$$", "")
    with tempfile.TemporaryDirectory() as folder:
        floor = pathlib.Path(folder) / "floor.md"
        floor.write_text(floor_text)
        full, empty = [], []
        for _ in range(options.rounds):
            full.append(_run(DOCUMENT))
            empty.append(_run(floor))
    per_step = (statistics.median(full) - statistics.median(empty)) / len(checked)
    print(f"derive check --oracles symbolic {DOCUMENT.relative_to(REPOSITORY)}: median {statistics.median(full):.2f} s")
    print(f"the same without its {len(checked)} derivative steps: median {statistics.median(empty):.2f} s")
    verdict = "met" if per_step < 0.2 else "MISSED"
    print(f"symbolic cost per step: {per_step * 1000:.0f} ms (target < 200 ms: {verdict})")


if __name__ == "__main__":
    main()
