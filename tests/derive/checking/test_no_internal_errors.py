"""Every document of every corpus in the repository (and the shared corpus) is checked without an
internal error: each claim gets a real verdict or a specific reason (the meaning issue, section 6).
The wild corpus has its own test, which asserts the same."""

from __future__ import annotations

import pathlib

import pytest

from derive import errors
from derive.checking import checker

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
SHARED = REPOSITORY.parent / "shared" / "corpus"
ROOTS = [REPOSITORY / "tests" / "data", REPOSITORY / "docs", SHARED]
SUFFIXES = (".md", ".tex", ".ipynb")


def _documents() -> list[pathlib.Path]:
    found = []
    for root in ROOTS:
        if root.is_dir():
            found.extend(
                path for path in sorted(root.rglob("*"))
                if path.suffix in SUFFIXES and path.is_file() and "wild" not in path.parts
            )
    return found


def test_the_corpora_are_there() -> None:
    documents = _documents()
    assert len(documents) >= 30
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpus is not at {SHARED}; the repository's own documents were found")
    assert any(SHARED in path.parents for path in documents)


@pytest.mark.parametrize("path", _documents(), ids=lambda path: str(path.relative_to(path.parents[1])))
def test_no_claim_ends_in_an_internal_error(path: pathlib.Path) -> None:
    try:
        result = checker.check(path)
    except errors.DeriveError:
        return  # a document that cannot be read at all is a located input error, tested elsewhere
    internal = [(claim.line, claim.message) for claim in result.claims if "internal error" in (claim.message or "")]
    assert not internal, internal


@pytest.mark.parametrize(
    ("text", "verdict", "said"),
    [
        pytest.param(
            r"Let $A \in \mathbb{R}^{k\times n}$, $x \in \mathbb{R}^n$, $b \in \mathbb{R}^k$."
            "\n\n$$ \\|Ax-b\\|^2 = \\sum_{i=1}^{n} (a_i^Tx - b_i)^2 $$",
            "failed",
            "holds only if k = n: the sum runs over i = 1…n, but a_{i} runs over the k rows of A",
            id="range-of-the-wrong-dimension",
        ),
        pytest.param(
            r"Let $b \in \mathbb{R}^k$." "\n\n$$ b^Tb = \\sum_{i=1}^{3} b_i^2 $$",
            "unchecked",
            "a sum whose range runs past the 2 rows of b",
            id="numeric-range-past-the-rows",
        ),
    ],
)
def test_a_sum_over_the_wrong_range_is_a_verdict_not_a_crash(text: str, verdict: str, said: str) -> None:
    (claim,) = checker.check_text(text, path="notes.md").claims
    assert claim.verdict == verdict and said in claim.message
