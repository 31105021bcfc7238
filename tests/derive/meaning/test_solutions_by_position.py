"""Solutions and equation steps without the magic words: their position after a derivative or an
objective says what they claim (the meaning issue, section 3)."""

from __future__ import annotations

import pytest

from derive import results
from derive.checking import checker

ORACLES = ["symbolic", "exact", "float", "solution"]
LS = r"Let $X \in \mathbb{R}^{m\times n}$, $\theta \in \mathbb{R}^n$, $y \in \mathbb{R}^m$." + "\n\n"
J = "$$ J(\\theta) = \\frac12 (X\\theta - y)^T(X\\theta - y) $$\n\n"
GRADIENT = "$$ \\nabla_\\theta J(\\theta) = X^TX\\theta - X^Ty $$\n\n"


def _outcomes(text: str) -> list[tuple[str, str]]:
    result = checker.check_text(text, path="notes.md", oracles=ORACLES)
    assert result.errors == ()
    passing = frozenset(results.PASSING)
    return [(claim.kind, "pass" if claim.verdict in passing else claim.verdict) for claim in result.claims]


@pytest.mark.parametrize(
    ("text", "outcomes"),
    [
        pytest.param(
            LS + J + GRADIENT + "$$ \\theta = (X^TX)^{-1}X^Ty $$",
            [("definition", "stated"), ("derivative", "pass"), ("solution", "pass")],
            id="theta-after-the-gradient",
        ),
        pytest.param(
            LS + J + GRADIENT + "$$ \\hat\\theta = 2(X^TX)^{-1}X^Ty $$",
            [("definition", "stated"), ("derivative", "pass"), ("solution", "failed")],
            id="a-wrong-minimiser-fails-instead-of-being-stated",
        ),
        pytest.param(
            LS + J + "$$ \\hat\\theta = (X^TX)^{-1}X^Ty $$",
            [("definition", "stated"), ("solution", "pass")],
            id="hat-theta-after-the-objective",
        ),
        pytest.param(
            r"Let $X \in \mathbb{R}^{m\times n}$, $\mathbf w \in \mathbb{R}^n$, $y \in \mathbb{R}^m$, $\lambda > 0$." + "\n\n"
            "$$ E(\\mathbf w) = \\|X\\mathbf w - y\\|^2 + \\lambda \\mathbf w^T\\mathbf w $$\n\n"
            "$$ \\mathbf w^\\star = (X^TX + \\lambda I)^{-1}X^Ty $$\n\n"
            "$$ \\mathbf w_{\\mathrm{ML}} = (X^TX + 2\\lambda I)^{-1}X^Ty $$",
            [("definition", "stated"), ("solution", "pass"), ("solution", "failed")],
            id="w-star-and-w-ml-of-ridge",
        ),
        pytest.param(
            LS + J + GRADIENT + "$$ X^TX\\theta = X^Ty $$\n\n$$ X^TX\\theta = 2X^Ty $$",
            [("definition", "stated"), ("derivative", "pass"), ("equation", "pass"), ("equation", "failed")],
            id="normal-equations-after-the-gradient",
        ),
        pytest.param(  # a rewriting of the gradient is still an identity, checked as one
            LS + J + GRADIENT + "$$ X^TX\\theta - X^Ty = X^T(X\\theta + y) $$",
            [("definition", "stated"), ("derivative", "pass"), ("identity", "failed")],
            id="a-wrong-rewriting-of-the-gradient-fails",
        ),
        pytest.param(  # an identity in the variable right after a derivative is still one
            "$$ U(t) = \\cos^2 t $$\n\n$$ U'(t) = -2\\cos t \\sin t $$\n\n"
            "$$ \\cos^2 t + \\sin^2 t = 1 $$\n\n$$ \\cos^2 t - \\sin^2 t = 1 $$",
            [("definition", "stated"), ("derivative", "pass"), ("identity", "pass"), ("identity", "failed")],
            id="identities-after-a-derivative",
        ),
        pytest.param(  # an update step or a starting value is not a minimiser
            LS + J + GRADIENT + "$$ \\theta = 0 $$",
            [("definition", "stated"), ("derivative", "pass"), ("identity", "failed")],
            id="a-starting-value-is-no-solution",
        ),
    ],
)
def test_position_gives_the_role(text: str, outcomes: list[tuple[str, str]]) -> None:
    assert _outcomes(text) == outcomes
