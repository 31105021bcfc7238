"""Entries with two indices inside sums (the meaning issue, section 5, in part): ``A_{ij}`` is the
element of A in row i and column j, checked exactly like the matrix form."""

from __future__ import annotations

import pytest

from derive.checking import checker

SQUARE = r"Let $A \in \mathbb{R}^{n\times n}$, $x \in \mathbb{R}^n$." + "\n\n"
RECTANGLES = r"Let $A, B \in \mathbb{R}^{m\times n}$, $x \in \mathbb{R}^m$, $y \in \mathbb{R}^n$." + "\n\n"


@pytest.mark.parametrize(
    ("text", "verdicts"),
    [
        pytest.param(
            SQUARE + "$$ \\sum_{i=1}^{n}\\sum_{j=1}^{n} x_i A_{ij} x_j = x^TAx $$\n\n"
            "$$ \\sum_{i=1}^{n}\\sum_{j=1}^{n} x_i A_{ij} x_j = x^TA^2x $$",
            ["proved", "failed"],
            id="quadratic-form",
        ),
        pytest.param(
            RECTANGLES + "$$ \\sum_i \\sum_j A_{ij}B_{ij} = \\operatorname{tr}(A^TB) $$\n\n"
            "$$ \\sum_i \\sum_j A_{ij}^2 = \\|A\\|_F^2 $$\n\n$$ \\sum_i \\sum_j A_{ij}B_{ij} = \\operatorname{tr}(A^TA) $$",
            ["proved", "proved", "failed"],
            id="frobenius-product-without-ranges",
        ),
        pytest.param(
            SQUARE + "$$ \\sum_{j,k} x_j A_{jk} x_k = x^TAx $$\n\n$$ \\sum_{j, k} x_j A_{jk} x_k = x^TA^Tx $$\n\n"
            "$$ \\sum_{j,k} x_j A_{jk} x_k = x^Tx $$\n\n$$ \\operatorname{tr}(A^TA) = \\sum_{k,l} A_{kl}^2 $$",
            ["proved", "proved", "failed", "proved"],
            id="one-sum-over-two-indices",
        ),
        pytest.param(
            RECTANGLES + "$$ \\sum_{i=1}^{m}\\sum_{j=1}^{n} x_i A_{ij} y_j = x^TAy $$\n\n"
            "$$ \\sum_{i=1}^{m}\\sum_{j=1}^{m} x_i A_{ij} y_j = x^TAy $$",
            ["proved", "failed"],
            id="bilinear-form-and-a-wrong-range",
        ),
    ],
)
def test_two_index_sums_are_checked_like_their_matrix_forms(text: str, verdicts: list[str]) -> None:
    result = checker.check_text(text, path="notes.md", oracles=["symbolic", "exact", "float"])
    assert result.errors == ()
    assert [claim.verdict for claim in result.claims] == verdicts


def test_a_wrong_column_range_names_the_dimension() -> None:
    text = RECTANGLES + "$$ \\sum_{i=1}^{m}\\sum_{j=1}^{m} x_i A_{ij} y_j = x^TAy $$"
    (claim,) = checker.check_text(text, path="notes.md").claims
    assert claim.message.startswith("holds only if n = m: the sum runs over j = 1…m, but A_{ij} runs over the n columns of A")


def test_entries_of_expressions_in_a_sum_are_checked_like_the_vector_form() -> None:
    text = (
        r"Let $X \in \mathbb{R}^{N\times d}$, $w \in \mathbb{R}^d$, $t \in \mathbb{R}^N$." "\n\n"
        "$$ \\sum_{n=1}^{N} (t_n - (Xw)_n)^2 = \\|t - Xw\\|^2 $$\n\n"
        "$$ \\sum_{n=1}^{N} (t_n + (Xw)_n)^2 = \\|t - Xw\\|^2 $$\n\n"
        "$$ (Xw)_N = t_N $$"
    )
    claims = checker.check_text(text, path="notes.md", oracles=["symbolic", "exact", "float"]).claims
    assert [claim.verdict for claim in claims] == ["proved", "failed", "unchecked"]
    # N is a dimension, not an index: the last entry, which derive does not read
    assert claims[2].message.startswith("unsupported:")
