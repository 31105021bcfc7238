"""How many relations of the wild corpus derive reads and checks correctly.

tests/data/wild/ holds derivations transcribed from lecture notes, textbooks and Q&A
threads in their authors' notation; grades.json says, for every relation, whether it
holds (an independent NumPy script per document decides, with finite differences for
derivatives). This runs ``derive check`` on each document and compares, relation by
relation, matched by line and, on one line, by order:

- correct: a true step passes (proved, verified, consistent, conditional), a wrong step
  fails, a definition, condition or equation is stated (or left as prose);
- false pass: a wrong step reported as holding (the worst defect);
- false failure: a true step (or a definition, condition) reported failed;
- not read: no claim at that line, an unchecked claim, or a read error.

    python benchmarks/wild_reading.py [--details] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import pathlib
import sys

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
WILD = REPOSITORY / "tests" / "data" / "wild"
OUTCOMES = ("correct", "false pass", "false failure", "not read")


@dataclasses.dataclass(frozen=True)
class Graded:
    """One graded relation and what derive made of it."""

    document: str
    line: int
    latex: str
    holds: bool | None
    verdict: str  # derive's verdict, "error" for a read error, "absent" for no claim
    outcome: str
    message: str


def grade(document: str, expected: list[dict], result: object) -> list[Graded]:
    """Pair graded relations with derive's claims on the same line, in order, and judge each."""
    from derive import results

    assert isinstance(result, results.DocumentResult)
    claims: dict[int, list[results.ClaimResult]] = collections.defaultdict(list)
    for claim in sorted(result.claims, key=lambda c: (c.line, c.column)):
        claims[claim.line].append(claim)
    errors = {error.line: error for error in result.errors}
    found = []
    for entry in expected:
        line, holds = entry["line"], entry["holds"]
        if claims[line]:
            claim = claims[line].pop(0)
            verdict, message = claim.verdict, claim.message or ""
        elif line in errors:
            verdict, message = "error", errors[line].message
        else:
            verdict, message = "absent", ""
        found.append(Graded(document, line, entry["latex"], holds, verdict, _outcome(holds, verdict, results), message))
    return found


def _outcome(holds: bool | None, verdict: str, results: object) -> str:
    passing = verdict in results.PASSING  # type: ignore[attr-defined]
    if verdict == "failed":
        return "correct" if holds is False else "false failure"
    if holds is None:
        return "correct" if passing or verdict in ("stated", "absent") else "not read"
    if passing:
        return "correct" if holds else "false pass"
    return "not read"


def measure() -> list[Graded]:
    """Every graded relation of the wild corpus, judged."""
    import derive
    from derive import errors, results

    grades = json.loads((WILD / "grades.json").read_text("utf-8"))
    found: list[Graded] = []
    for name, expected in sorted(grades.items()):
        try:
            result = derive.check(WILD / name)
        except errors.DeriveError as problem:  # the whole document unread: every relation in it
            result = results.DocumentResult(name, (), errors=(results.ReadError(0, 0, str(problem)),))
        found += grade(name, expected, result)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--details", action="store_true", help="list every relation that is not correct")
    parser.add_argument("--json", metavar="FILE", help="also write every judged relation as JSON")
    arguments = parser.parse_args()
    found = measure()
    by_document: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for item in found:
        by_document[item.document][item.outcome] += 1
    print(f"{'document':44} {'rel':>4} " + " ".join(f"{o:>13}" for o in OUTCOMES))
    for name, counts in sorted(by_document.items()):
        print(f"{name:44} {sum(counts.values()):4} " + " ".join(f"{counts[o]:13}" for o in OUTCOMES))
    total = collections.Counter(item.outcome for item in found)
    print(f"{'total':44} {len(found):4} " + " ".join(f"{total[o]:13}" for o in OUTCOMES))
    print(f"read and checked correctly: {total['correct']} of {len(found)} ({100 * total['correct'] / len(found):.0f}%)")
    if arguments.details:
        for item in found:
            if item.outcome != "correct":
                print(f"{item.outcome:13} {item.document}:{item.line}: [{item.verdict}] {item.latex}  -- {item.message[:100]}")
    if arguments.json:
        pathlib.Path(arguments.json).write_text(json.dumps([dataclasses.asdict(i) for i in found], indent=1), "utf-8")
    sys.exit(0)


if __name__ == "__main__":
    main()
