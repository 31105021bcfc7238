"""\\sin, \\cos and \\tanh: scalar functions (and entry by entry on vectors), like \\exp and \\log."""

from __future__ import annotations

import pytest

from derive import results
from derive.checking import checker

CONTEXT = r"Let $t \in \mathbb{R}$, $x \in \mathbb{R}^n$."


def _one(claim: str) -> results.ClaimResult:
    outcome = checker.check_text(f"{CONTEXT}\n\n$$ {claim} $$\n")
    assert len(outcome.claims) == 1, outcome.claims
    return outcome.claims[0]


@pytest.mark.parametrize(
    "claim",
    [
        r"\sin(t)^2 + \cos(t)^2 = 1",
        r"\sin(2t) = 2\sin(t)\cos(t)",
        r"\cos(0) = 1",
        r"\frac{d}{dt}\sin(t) = \cos(t)",
        r"\frac{d^2}{dt^2}\cos(t) = -\cos(t)",
        r"\frac{d}{dt}\tanh(t) = 1 - \tanh(t)^2",
        r"\frac{d}{dt}\sin t^2 = 2t\cos(t^2)",  # \sin t^2 is sin(t²)
        r"\frac{d}{dt}\sin(t)^2 = 2\sin(t)\cos(t)",  # \sin(t)^2 is (sin t)²
        r"\nabla_x (\mathbf{1}^T \sin(x)) = \cos(x)",
    ],
)
def test_true_claims_pass(claim: str) -> None:
    result = _one(claim)
    assert result.verdict in (results.PROVED, results.CONSISTENT), (result.verdict, result.evidence)


@pytest.mark.parametrize(
    "claim",
    [
        r"\sin(2t) = 2\sin(t)",
        r"\frac{d}{dt}\sin(t) = -\cos(t)",
        r"\frac{d}{dt}\sin t^2 = \cos(t^2)",
        r"\nabla_x (\mathbf{1}^T \sin(x)) = -\cos(x)",
    ],
)
def test_false_claims_fail_with_a_counterexample(claim: str) -> None:
    result = _one(claim)
    assert result.verdict == results.FAILED, (result.verdict, result.evidence)
    assert result.counterexample is not None


def test_sin_is_no_longer_unsupported() -> None:
    result = _one(r"\tanh(t) = \frac{\sin(t)}{\cos(t)}")
    assert result.verdict == results.FAILED, (result.verdict, result.evidence)
