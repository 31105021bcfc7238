"""Assumptions hold from where they are stated (the meaning issue, section 4)."""

from __future__ import annotations

import pytest

from derive.checking import checker

DECLARED = r"Let $A, B \in \mathbb{R}^{n\times n}$ and $x \in \mathbb{R}^n$." + "\n\n"


def _verdicts(text: str) -> list[tuple[int, str, str]]:
    result = checker.check_text(text, path="notes.md", oracles=["symbolic", "exact", "float", "autodiff"])
    return [(claim.line, claim.verdict, claim.message) for claim in result.claims]


@pytest.mark.parametrize(
    ("later", "stated"),
    [
        pytest.param("which holds only when $A = A^T$.", "A = A^T (stated later, on line 5)", id="inline-transpose"),
        pytest.param("This needs $A$ symmetric.", "A = A^T (stated later, on line 5)", id="words"),
        pytest.param("$$ A = A^T $$", "A = A^T (stated later, on line 5)", id="display"),
    ],
)
def test_a_property_stated_after_a_claim_does_not_make_it_pass(later: str, stated: str) -> None:
    found = _verdicts(DECLARED + "$$ \\nabla_x x^TAx = 2Ax $$\n\n" + later + "\n\n$$ \\nabla_x x^TAx = 2Ax $$\n")
    (line, verdict, message), after = found[0], found[-1]
    assert (line, verdict) == (3, "failed")
    assert f"holds if {stated}" in message
    assert after[1] == "proved"  # from its line on, the property holds


def test_a_property_in_the_declarations_holds_for_every_claim() -> None:
    text = r"Let $A \in \mathbb{R}^{n\times n}$ be symmetric and $x \in \mathbb{R}^n$." + "\n\n$$ \\nabla_x x^TAx = 2Ax $$\n"
    assert [verdict for _, verdict, _ in _verdicts(text)] == ["proved"]


def test_a_later_property_of_another_name_changes_nothing() -> None:
    text = DECLARED + "$$ x^TAx = x^TA^Tx $$\n\nNow let $B = B^T$.\n\n$$ \\nabla_x x^TBx = 2Bx $$\n"
    assert [verdict for _, verdict, _ in _verdicts(text)] == ["proved", "proved"]


def test_a_claim_true_without_the_later_property_still_passes() -> None:
    text = DECLARED + "$$ \\nabla_x x^TAx = (A + A^T)x $$\n\nwhich is $2Ax$ when $A = A^T$.\n"
    assert [verdict for _, verdict, _ in _verdicts(text)] == ["proved"]


def test_a_list_of_declarations_gets_the_property_written_after_it() -> None:
    text = (
        r"Let $A \in \mathbb{R}^{n\times n}$ and $B \in \mathbb{R}^{n \times n}$ symmetric, $x \in \mathbb{R}^n$."
        "\n\n$$ \\nabla_x x^TAx = 2Ax $$\n\n$$ \\nabla_x x^TBx = 2Bx $$\n"
    )
    assert [verdict for _, verdict, _ in _verdicts(text)] == ["proved", "proved"]


def test_a_property_of_square_matrices_skips_the_vectors_of_the_list() -> None:
    # μ is a vector: "symmetric" would make μᵀ = μ in the canonical form and drop terms of the gradient
    text = (
        r"Let $X \in \mathbb{R}^{N\times d}$, $\mu \in \mathbb{R}^d$, and $\Sigma \in \mathbb{R}^{d\times d}$ symmetric "
        "positive definite.\n\n"
        "$$ \\nabla_\\mu \\sum_{n=1}^{N} (x_n - \\mu)^T\\Sigma^{-1}(x_n - \\mu) = -2\\Sigma^{-1}(X^T\\mathbf 1 - N\\mu) $$\n\n"
        "Setting the gradient to zero,\n\n$$ \\hat\\mu = \\frac1N X^T \\mathbf 1 $$\n\n$$ \\hat\\mu = \\frac1{N-1} X^T \\mathbf 1 $$\n"
    )
    result = checker.check_text(text, path="notes.md")
    # the sample mean is proved: Σ_n e_n = 𝟏 closes the sum of the samples (X^T𝟏)
    assert [claim.verdict for claim in result.claims] == ["conditional", "proved", "failed"]
