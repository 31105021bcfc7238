"""Identities of the Matrix Cookbook are proved; their common wrong variants fail with a counterexample."""

from __future__ import annotations

import pathlib
import re

import pytest

import locations
from derive import results
from derive.checking import checker

DATA = locations.DATA / "cookbook"
COOKBOOK_NUMBER = re.compile(r"<!-- Cookbook \((\d+)\)")


def _numbers(path: pathlib.Path) -> list[int]:
    return [int(match) for match in COOKBOOK_NUMBER.findall(path.read_text("utf-8"))]


@pytest.fixture(scope="module")
def identities() -> results.DocumentResult:
    return checker.check(DATA / "identities.md")


@pytest.fixture(scope="module")
def wrong_variants() -> results.DocumentResult:
    return checker.check(DATA / "wrong_variants.md")


def test_at_least_thirty_identities_each_with_its_equation_number(identities: results.DocumentResult) -> None:
    numbers = _numbers(DATA / "identities.md")
    assert len(numbers) >= 30 and len(set(numbers)) == len(numbers)
    assert len(identities.claims) >= len(numbers)


def test_every_identity_is_proved_for_all_dimensions(identities: results.DocumentResult) -> None:
    for claim in identities.claims:
        assert claim.verdict in (results.PROVED, results.CONDITIONAL), (claim.line, claim.latex, claim.message)
        symbolic = [e for e in claim.evidence if e.oracle == "symbolic"]
        assert symbolic and symbolic[0].agrees is True, (claim.line, claim.latex)
        numeric = [e for e in claim.evidence if e.oracle in ("float", "autodiff")]
        assert numeric and all(e.agrees is not False for e in numeric)
    conditional = {claim.line: claim.conditions for claim in identities.claims if claim.verdict == results.CONDITIONAL}
    assert all(conditions for conditions in conditional.values())


def test_derivatives_with_respect_to_matrices_carry_gradient_tape_evidence(identities: results.DocumentResult) -> None:
    derivatives = [claim for claim in identities.claims if claim.kind == "derivative"]
    assert len(derivatives) >= 20
    for claim in derivatives:
        assert any(e.oracle == "autodiff" and e.agrees for e in claim.evidence), claim.latex


def test_every_wrong_variant_fails_with_a_counterexample(wrong_variants: results.DocumentResult) -> None:
    numbers = _numbers(DATA / "wrong_variants.md")
    assert len(wrong_variants.claims) == len(numbers) >= 20
    for claim in wrong_variants.claims:
        assert claim.verdict == results.FAILED, (claim.line, claim.latex)
        if claim.counterexample is None:  # only sides of different shapes fail without one
            assert claim.message is not None and "different shapes" in claim.message
        else:
            assert claim.counterexample.lhs != claim.counterexample.rhs
            assert max(claim.counterexample.dimensions.values(), default=1) <= 2


@pytest.mark.parametrize(
    ("latex", "hint"),
    [
        (r"\frac{\partial a^TXb}{\partial X} = ba^T", "the claim is the transpose of the derivative"),
        (r"\frac{\partial x^TBx}{\partial x} = 2Bx", "it holds if B = B^T"),
        (r"\frac{\partial \operatorname{tr}(X^TBX)}{\partial X} = 2BX", "it holds if B = B^T"),
        (r"\frac{\partial \log\det(X)}{\partial X} = X^{-1}", "the claim is the transpose of the derivative"),
    ],
)
def test_failures_say_what_would_make_them_hold(wrong_variants: results.DocumentResult, latex: str, hint: str) -> None:
    (claim,) = [claim for claim in wrong_variants.claims if claim.latex == latex]
    assert claim.message is not None and hint in claim.message
