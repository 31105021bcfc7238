"""Seeds test (issue 16): true documents are never failed, subtly wrong ones always caught, over 50 seeds.

The oracles are symbolic, exact, float and solution (autodiff and Taylor are left out to keep
this affordable in CI; the float oracle includes finite differences). Each wrong document
differs from a true one by a coefficient of 1.000001 (or 2.000002 for a 2).
"""

from __future__ import annotations

import pathlib

import pytest

from derive import results
from derive.checking import checker

SEEDS = range(50)
ORACLES = ("symbolic", "exact", "float", "solution")
FOLDER = pathlib.Path(__file__).parents[2] / "data" / "seeds"
TRUE = sorted(FOLDER.glob("true_*.md"))
WRONG = sorted(FOLDER.glob("wrong_*.md"))


def test_the_documents_are_there() -> None:
    assert (len(TRUE), len(WRONG)) == (9, 7)


@pytest.mark.parametrize("path", TRUE, ids=lambda path: path.stem)
def test_a_true_document_is_never_failed(path: pathlib.Path) -> None:
    text = path.read_text()
    failures = []
    for seed in SEEDS:
        for claim in checker.check_text(text, path=str(path), seed=seed, oracles=ORACLES).claims:
            if claim.verdict not in results.PASSING and claim.verdict != results.STATED:
                failures.append((seed, claim.latex[:40], claim.verdict, claim.message))
    assert failures == []


@pytest.mark.parametrize("path", WRONG, ids=lambda path: path.stem)
def test_a_subtly_wrong_document_is_always_caught(path: pathlib.Path) -> None:
    text = path.read_text()
    missed = []
    for seed in SEEDS:
        claims = checker.check_text(text, path=str(path), seed=seed, oracles=ORACLES).claims
        wrong = [claim for claim in claims if "1.000001" in claim.latex or "2.000002" in claim.latex]
        assert len(wrong) == 1
        if wrong[0].verdict != results.FAILED:
            missed.append((seed, wrong[0].verdict, wrong[0].message))
    assert missed == []
