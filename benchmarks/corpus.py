"""Checking a corpus: documents per second with one job, two jobs, a Dask LocalCluster, and a warm cache.

Generates ``--documents`` Markdown documents (about 10 claims each, one document in ten with a slip,
letters and sizes varied) and times the installed ``derive check FOLDER`` on them, as a user runs
it, in one run:

- ``--jobs 1 --no-cache`` and ``--jobs 2 --no-cache`` (cold);
- ``--scheduler local --jobs 2 --no-cache`` (a Dask LocalCluster of 2 workers, its start included);
- ``--jobs 2 --cache DIR`` once to fill the cache, then again: the warm re-run.

Every run must give the same JSON report (the cached and the Dask runs included).

    python benchmarks/corpus.py [--documents 1000] [--oracles symbolic,exact,float]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time

LETTERS = [("A", "B", "x", "b"), ("P", "Q", "u", "c"), ("M", "N", "v", "d"), ("X", "Y", "w", "y")]
SIZES = [("n", "n"), ("m", "n"), ("p", "q"), ("k", "k")]


def _document(number: int, rng: random.Random) -> str:
    a, b, x, c = LETTERS[number % len(LETTERS)]
    rows, cols = SIZES[(number // len(LETTERS)) % len(SIZES)]
    k = rng.randint(2, 9)
    claims = [
        f"(({a} + {b})^T)^T = {a} + {b}",
        f"({a} + {b})^T = {a}^T + {b}^T",
        f"({k}{a})^T = {k}{a}^T",
        f"{x}^T({a}^T{a} + {b}^T{b}){x} = \\|{a}{x}\\|^2 + \\|{b}{x}\\|^2",
        f"\\nabla_{x} \\|{a}{x} - {c}\\|_2^2 = 2{a}^T({a}{x} - {c})",
        f"\\nabla_{x} {k} {x}^T{a}^T{a}{x} = {2 * k}{a}^T{a}{x}",
        f"\\operatorname{{tr}}({a}^T{b}) = \\operatorname{{tr}}({b}^T{a})",
        f"\\operatorname{{tr}}({a}^T{a} + {b}^T{b}) = \\operatorname{{tr}}({a}^T{a}) + \\operatorname{{tr}}({b}^T{b})",
        f"\\|{a}{x} - {c}\\|_2^2 = {x}^T{a}^T{a}{x} - 2{c}^T{a}{x} + {c}^T{c}",
        f"({a}^T{a})^T = {a}^T{a}",
    ]
    if number % 10 == 7:  # the slip: a wrong coefficient in one step
        claims[4] = f"\\nabla_{x} \\|{a}{x} - {c}\\|_2^2 = {a}^T({a}{x} - {c})"
    lines = [
        f"# Note {number}",
        "",
        f"Let ${a}, {b} \\in \\mathbb{{R}}^{{{rows} \\times {cols}}}$, ${x} \\in \\mathbb{{R}}^{{{cols}}}$ "
        f"and ${c} \\in \\mathbb{{R}}^{{{rows}}}$.",
        "",
    ]
    for claim in claims:
        lines += [f"$$ {claim} $$", ""]
    return "\n".join(lines)


def _run(arguments: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    finished = subprocess.run(arguments, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):
        sys.exit(f"{' '.join(arguments)} ended with {finished.returncode}:\n{finished.stderr[-2000:]}")
    return elapsed, finished.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--oracles", default="symbolic,exact,float")
    options = parser.parse_args()
    derive = shutil.which("derive") or sys.exit("the derive command is not installed (pip install .)")
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as scratch:
        folder = pathlib.Path(scratch) / "notes"
        folder.mkdir()
        for number in range(options.documents):
            (folder / f"note{number:04d}.md").write_text(_document(number, rng), "utf-8")
        base = [derive, "check", str(folder), "--format", "json", "--oracles", options.oracles]
        cache = pathlib.Path(scratch) / "cache"
        runs = {
            "--jobs 1": [*base, "--jobs", "1", "--no-cache"],
            "--jobs 2": [*base, "--jobs", "2", "--no-cache"],
            "Dask LocalCluster, 2 workers": [*base, "--scheduler", "local", "--jobs", "2", "--no-cache"],
            "filling the cache (--jobs 2)": [*base, "--jobs", "2", "--cache", str(cache)],
            "warm cache re-run": [*base, "--jobs", "2", "--cache", str(cache)],
        }
        times: dict[str, float] = {}
        reports: dict[str, str] = {}
        for name, arguments in runs.items():
            times[name], reports[name] = _run(arguments)
            print(f"{name:>30}: {times[name]:7.1f} s, {options.documents / times[name]:7.1f} documents/s", flush=True)
    first = reports["--jobs 1"]
    for name, report in reports.items():
        if report != first:
            sys.exit(f"the report of {name!r} differs from --jobs 1")
    summary = json.loads(first)["summary"]
    print(f"{options.documents} documents, {summary['relations']} relations, claims: "
          + ", ".join(f"{count} {verdict}" for verdict, count in summary["claims"].items() if count))
    print("every run gave the same JSON report")
    print(f"--jobs 2 / --jobs 1: {times['--jobs 1'] / times['--jobs 2']:.2f}x faster (target >= 1.7)")
    print(f"warm re-run / cold --jobs 1: {times['--jobs 1'] / times['warm cache re-run']:.1f}x faster (target >= 20)")
    dask = times["Dask LocalCluster, 2 workers"] / times["--jobs 2"]
    print(f"Dask / --jobs 2: {dask:.2f} of the time (target within 15%: <= 1.15)")


if __name__ == "__main__":
    main()
