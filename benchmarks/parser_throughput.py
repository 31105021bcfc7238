"""Time the LaTeX parser alone: corpus formulas per second, and one long realistic formula.

Targets: at least 2,000 corpus formulas per second, and under 50 ms for a formula of
about 2,000 characters (a long sum of quadratic forms). The parser is built once, before
any timing; formulas that derive refuses (the corpus holds a syntax error on purpose)
are timed like the others, since refusing is part of parsing.

    python benchmarks/parser_throughput.py [--rounds 200] [--repeat 7]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import time

from derive import errors
from derive.reading import documents, latex

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
CORPUS_DOCS = REPOSITORY.parent / "shared" / "corpus" / "docs"

TARGET_PER_SECOND = 2_000
TARGET_LONG_MS = 50.0


def corpus_formulas() -> list[str]:
    """The display formulas of every corpus document, in a stable order."""
    found: list[str] = []
    for path in sorted(CORPUS_DOCS.glob("*.md")):
        found.extend(block.text for block in documents.load(path).blocks if block.display)
    return found


def long_formula(target_length: int = 2_000) -> str:
    """A least-squares style objective, ``f(x) = Σ_i ‖A_i x - b_i‖²`` written out term by term."""
    terms: list[str] = []
    index = 0
    while len(" + ".join(terms)) < target_length - 60:
        index += 1
        a, b = f"A_{{{index}}}", f"b_{{{index}}}"
        if index % 3 == 0:
            terms.append(f"\\left\\| {a}x - {b} \\right\\|_2^2")
        else:
            terms.append(f"x^T{a}^T{a}x - 2{b}^T{a}x + {b}^T{b}")
    return "f(x) = " + " + ".join(terms)


def _parse(text: str) -> bool:
    """Parse ``text``; True when it gave a tree, False when derive refused it."""
    try:
        latex.parse(text)
    except errors.DeriveError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200, help="passes over the corpus formulas")
    parser.add_argument("--repeat", type=int, default=7, help="timings of the long formula (median reported)")
    options = parser.parse_args()

    start = time.perf_counter()
    _parse("x = 1")
    built_ms = (time.perf_counter() - start) * 1e3

    formulas = corpus_formulas()
    if not formulas:
        raise SystemExit(f"no corpus documents at {CORPUS_DOCS}")
    refused = sum(not _parse(text) for text in formulas)
    start = time.perf_counter()
    for _ in range(options.rounds):
        for text in formulas:
            _parse(text)
    elapsed = time.perf_counter() - start
    per_second = options.rounds * len(formulas) / elapsed

    long = long_formula()
    if not _parse(long):
        raise SystemExit("the long formula no longer parses; fix long_formula()")
    timings_ms = []
    for _ in range(options.repeat):
        start = time.perf_counter()
        latex.parse(long)
        timings_ms.append((time.perf_counter() - start) * 1e3)
    median_ms = statistics.median(timings_ms)

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    print(f"parser built (first parse): {built_ms:.0f} ms")
    print(
        f"corpus: {len(formulas)} display formulas ({refused} refused with a DeriveError), "
        f"{options.rounds} rounds, {options.rounds * len(formulas)} parses in {elapsed:.2f} s"
    )
    print(
        f"  throughput: {per_second:,.0f} formulas/s  "
        f"(target >= {TARGET_PER_SECOND:,}: {verdict(per_second >= TARGET_PER_SECOND)})"
    )
    spread = ", ".join(f"{value:.1f}" for value in timings_ms)
    print(f"long formula: {len(long):,} characters, {options.repeat} runs ({spread} ms)")
    print(
        f"  median: {median_ms:.1f} ms  "
        f"(target < {TARGET_LONG_MS:.0f} ms: {verdict(median_ms < TARGET_LONG_MS)})"
    )


if __name__ == "__main__":
    main()
