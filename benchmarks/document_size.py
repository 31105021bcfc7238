"""How the time of ``derive check`` grows with the length of a document.

Generates documents of 100, 1,000 and 10,000 one-line claims (four kinds of true identity in
turn, each over its own two declared matrices or vectors, as long notes are) and times the
installed command on each with the exact and float oracles, as a user runs it. Reports the time
per claim above the import floor (an empty document) and the slope of the log-log fit of that
time against the number of claims: 1 is linear (issue 16 asks for ≈ 1, and 10,000 claims under
two minutes).

    python benchmarks/document_size.py [--sizes 100 1000 10000] [--oracles exact,float]
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import tempfile
import time

import running

CLAIMS = (
    "$$ (A_{i}B_{i})^T = B_{i}^TA_{i}^T $$",
    "$$ \\operatorname{tr}(A_{i}B_{i}) = \\operatorname{tr}(B_{i}A_{i}) $$",
    "$$ (A_{i} + B_{i})^T = A_{i}^T + B_{i}^T $$",
    "$$ x_{i}^Ty_{i} = y_{i}^Tx_{i} $$",
)


def document(claims: int) -> str:
    lines = []
    for index in range(claims):
        lines.append(
            f"Let $A_{{{index}}}, B_{{{index}}} \\in \\mathbb{{R}}^{{n \\times n}}$ and "
            f"$x_{{{index}}}, y_{{{index}}} \\in \\mathbb{{R}}^{{n}}$."
        )
        lines.append(CLAIMS[index % len(CLAIMS)].replace("{i}", f"{{{index}}}"))
    return "\n\n".join(lines) + "\n"


def run(path: pathlib.Path, oracles: str) -> tuple[float, str]:
    arguments = running.derive_command()
    start = time.perf_counter()
    completed = subprocess.run(
        [*arguments, "check", "--quiet", "--oracles", oracles, str(path)], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    summary = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else completed.stderr[-200:]
    return elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--oracles", default="exact,float")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        empty = pathlib.Path(folder, "empty.md")
        empty.write_text("No mathematics here.\n", encoding="utf-8")
        floor, _ = run(empty, arguments.oracles)
        print(f"import floor (empty document): {floor:.2f} s")
        points = []
        for claims in arguments.sizes:
            path = pathlib.Path(folder, f"claims-{claims}.md")
            path.write_text(document(claims), encoding="utf-8")
            elapsed, summary = run(path, arguments.oracles)
            work = max(elapsed - floor, 1e-3)
            points.append((claims, work))
            print(f"{claims:>6} claims: {elapsed:7.2f} s total, {1000 * work / claims:6.2f} ms per claim  [{summary}]")
    print(f"log-log slope of time above the floor against claims: {running.log_log_slope(points):.2f} (1 = linear)")


if __name__ == "__main__":
    main()
