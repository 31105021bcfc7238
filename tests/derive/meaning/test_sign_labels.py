"""Labels ±1 (issue 15): ``y_i \\in \\{-1, 1\\}`` is an assumption. Instances draw y's entries as
signs in every oracle, the canonical form uses yᵢ² = 1 (diag(y)² = I, y ⊙ y = 𝟏, yᵀy = n), and
the margin form of logistic regression is proved, while its gradient's sign slip fails."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from derive.checking import checker
from derive.meaning import document_analysis
from derive.reading import documents

SHAPES = r"Let $X \in \mathbb{R}^{N \times d}$, $y \in \mathbb{R}^{N}$, $w \in \mathbb{R}^{d}$"
LOSS = r"\mathbf{1}^T \log(\mathbf{1} + \exp(-y \odot Xw))"
HESSIAN = r"X^T \operatorname{diag}(\sigma(y \odot Xw) \odot \sigma(-y \odot Xw)) X"


def _verdicts(text: str) -> list[str]:
    return [claim.verdict for claim in checker.check_text(text, path="notes.md").claims]


@pytest.mark.parametrize("statement", [
    r"$y_i \in \{-1, 1\}$", r"$y_i \in \{-1,+1\}$", r"$y_n \in \{1, -1\}$", r"$y_i \in \{\pm 1\}$",
    r"$\mathbf{y} \in \{-1, 1\}^N$",
])
def test_ways_of_writing_signs_are_read_as_the_assumption(statement: str) -> None:
    text = f"The labels are {statement}.\n"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="notes.md"))
    assert analysis.assumptions.signs == {"y"}


def test_a_set_of_other_numbers_is_not_signs() -> None:
    text = "The labels are $y_i \\in \\{1, 1\\}$ and $z_i \\in \\{0, 1\\}$.\n"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="notes.md"))
    assert analysis.assumptions.signs == set()


def test_the_size_in_the_exponent_declares_the_vector() -> None:
    text = "Let $y \\in \\{-1, 1\\}^N$ and $X \\in \\mathbb{R}^{N \\times d}$.\n\n$$ \\|y\\|^2 = N $$\n"
    (claim,) = checker.check_text(text, path="notes.md").claims
    assert claim.verdict == "proved"  # yᵀy = N for signs, symbolically


def test_the_margin_loss_gradient_and_hessian_are_proved_only_with_signs() -> None:
    relations = (f"$$ \\nabla_w {LOSS} = -X^T (y \\odot \\sigma(-y \\odot Xw)) $$\n\n"
                 f"$$ \\nabla^2_w {LOSS} = {HESSIAN} $$\n\n"
                 f"$$ {HESSIAN} \\succeq 0 $$\n\n"
                 "$$ y \\odot y = \\mathbf{1} $$\n")
    with_signs = _verdicts(f"{SHAPES}, with labels $y_i \\in \\{{-1, 1\\}}$.\n\n" + relations)
    assert with_signs == ["proved", "proved", "proved", "proved"]
    # without the assumption the Hessian lacks the factor yᵢ² and y ⊙ y is not 𝟏: both fail
    without = _verdicts(f"{SHAPES}.\n\n" + relations)
    assert without[0] == "proved" and without[1] == "failed" and without[3] == "failed"


def test_a_counterexample_keeps_the_labels_signs() -> None:
    text = (f"{SHAPES}, with labels $y_i \\in \\{{-1, 1\\}}$.\n\n"
            f"$$ \\nabla_w {LOSS} = X^T (y \\odot \\sigma(-y \\odot Xw)) $$\n")
    (claim,) = checker.check_text(text, path="notes.md").claims
    assert claim.verdict == "failed" and claim.counterexample is not None
    labels = np.asarray(claim.counterexample.values["y"], dtype=float)
    assert set(np.abs(labels).ravel()) == {1.0}


def test_a_derivative_through_the_diagonal_of_the_variable_is_proved() -> None:
    # 𝟏ᵀ(y ⊙ Xw) is 𝟏ᵀdiag(Xw)y: the gradient goes through diag(Xw), the "derivative through diag(v)" refused before
    text = (f"{SHAPES}.\n\n$$ \\nabla_w \\mathbf{{1}}^T (y \\odot Xw) = X^Ty $$\n\n"
            "$$ \\nabla_w \\frac12 \\|y \\odot Xw\\|^2 = X^T\\operatorname{diag}(y)^2Xw $$\n\n"
            "$$ \\nabla_w \\mathbf{1}^T (y \\odot Xw) = X^T\\mathbf{1} $$\n")
    assert _verdicts(text) == ["proved", "proved", "failed"]


def test_the_worked_document_proves_each_step_and_its_slip_fails() -> None:
    path = pathlib.Path(__file__).parents[3] / "docs" / "examples" / "logistic_regression_signs.md"
    verdicts = [(claim.line, claim.verdict) for claim in checker.check(path).claims]
    assert verdicts == [(8, "stated"), (12, "proved"), (14, "verified"), (16, "proved"), (20, "proved"), (24, "failed")]
