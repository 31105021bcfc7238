"""Entrywise functions of matrices (issue 15): exp(Z), log(𝟏𝟏ᵀ + exp(Z)) and the rows of a batch
softmax are proved symbolically, their gradients through a rank-one weight too, and a wrong step
fails with a small counterexample."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from derive import cli
from derive.checking import checker
from derive.results import ClaimResult

SHAPES = (r"Let $Z \in \mathbb{R}^{n \times k}$, $X \in \mathbb{R}^{N \times d}$, $W \in \mathbb{R}^{d \times K}$,"
          r" $Y \in \mathbb{R}^{N \times K}$." "\n\n")
ROWS = r"\operatorname{diag}(\exp(XW)\mathbf{1})^{-1} \exp(XW)"  # the softmax of each row of XW
LOSS = r"\mathbf{1}^T \log(\exp(XW)\mathbf{1}) - \operatorname{tr}(Y^T X W)"  # cross-entropy, one-hot rows


def _claims(*relations: str) -> list[ClaimResult]:
    text = SHAPES + "\n\n".join(f"$$ {relation} $$" for relation in relations) + "\n"
    result = checker.check_text(text, path="notes.md")
    assert result.errors == ()
    return list(result.claims)


@pytest.mark.parametrize("relation", [
    r"\mathbf{1}^T \exp(Z) \mathbf{1} = \operatorname{tr}(\exp(Z) \mathbf{1}\mathbf{1}^T)",
    r"\log(\exp(Z)) = Z",
    r"\exp(2Z) = \exp(Z) \odot \exp(Z)",
    r"\exp(Z)^T = \exp(Z^T)",
    r"\exp(XW)^T\mathbf{1} = \exp(W^TX^T)\mathbf{1}",
])
def test_identities_of_entrywise_functions_of_matrices_are_proved(relation: str) -> None:
    (claim,) = _claims(relation)
    assert claim.verdict == "proved", claim.message
    assert claim.evidence[0].oracle == "symbolic" and claim.evidence[0].agrees


@pytest.mark.parametrize("relation", [
    r"\exp(2Z) = 2\exp(Z)",
    r"\exp(Z) \odot \exp(Z) = \exp(Z)",
    r"\mathbf{1}^T \exp(Z) \mathbf{1} = \mathbf{1}^T Z \mathbf{1}",
])
def test_wrong_identities_of_entrywise_functions_of_matrices_fail(relation: str) -> None:
    (claim,) = _claims(relation)
    assert claim.verdict == "failed"


def test_the_gradient_through_exp_of_a_product_is_proved_and_a_wrong_one_fails_small() -> None:
    right, wrong = _claims(r"\nabla_W \mathbf{1}^T \exp(XW) \mathbf{1} = X^T \exp(XW)",
                           r"\nabla_W \mathbf{1}^T \exp(XW) \mathbf{1} = 2 X^T \exp(XW)")
    assert right.verdict == "proved"
    assert [e.oracle for e in right.evidence if e.agrees] == ["symbolic", "float", "autodiff", "taylor"]
    assert wrong.verdict == "failed" and wrong.counterexample is not None
    assert max(wrong.counterexample.dimensions.values()) <= 2
    # the counterexample is real: at its values the two sides differ
    values = wrong.counterexample.values
    X, W = np.atleast_2d(values["X"]).astype(float), np.atleast_2d(values["W"]).astype(float)
    assert not np.allclose(X.T @ np.exp(X @ W), 2 * X.T @ np.exp(X @ W))


def test_the_gradient_of_a_softplus_of_a_matrix_is_proved() -> None:
    (claim,) = _claims(r"\nabla_Z \mathbf{1}^T \log(\mathbf{1}\mathbf{1}^T + \exp(Z)) \mathbf{1} = "
                       r"\exp(Z) \oslash (\mathbf{1}\mathbf{1}^T + \exp(Z))")
    assert claim.verdict == "proved"


def test_the_batch_softmax_regression_gradient_is_proved_with_no_condition() -> None:
    right, forgotten, sign = _claims(f"\\nabla_W \\left( {LOSS} \\right) = X^T({ROWS} - Y)",
                                     f"\\nabla_W \\left( {LOSS} \\right) = X^T(\\exp(XW) - Y)",
                                     f"\\nabla_W \\left( {LOSS} \\right) = X^T({ROWS} + Y)")
    assert right.verdict == "proved" and right.conditions == ()  # exp(XW)𝟏 > 0: diag of it is invertible
    assert forgotten.verdict == "failed" and sign.verdict == "failed"


def test_a_weight_that_is_not_of_rank_one_leaves_the_gradient_to_the_numbers() -> None:
    # tr(Yᵀ exp(XW)) has the gradient Xᵀ(Y ⊙ exp(XW)): a Hadamard product with data, outside the canonical form
    (claim,) = _claims(r"\nabla_W \operatorname{tr}(Y^T \exp(XW)) = X^T(Y \odot \exp(XW))")
    assert claim.verdict == "consistent"
    assert "symbolic" not in [e.oracle for e in claim.evidence if e.agrees]


def test_softmax_of_a_matrix_is_refused_with_the_reason() -> None:
    (claim,) = _claims(r"\mathbf{1}^T \operatorname{softmax}(XW) \mathbf{1} = N")
    assert claim.verdict == "unchecked"
    assert "does not guess whether its rows or its columns" in (claim.message or "")


def test_derive_grad_of_the_batch_cross_entropy_proves_each_step_and_emits_checked_code(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    report = tmp_path / "report.json"
    code = cli.main(["grad", LOSS, "--wrt", "W", "--shapes", "X:N×d, W:d×K, Y:N×K", "--emit", "numpy",
                     "--format", "json", "-o", str(report)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    (document,) = json.loads(report.read_text())["documents"]
    assert [claim["verdict"] for claim in document["claims"]] == ["stated", "proved", "proved", "proved"]
    assert "[:, None] * np.exp(z0)" in printed  # diag(1/v) exp(XW) scales rows, never builds the N×N diagonal


def test_the_worked_batch_document_proves_every_step_and_its_slip_fails_on_its_line() -> None:
    path = pathlib.Path(__file__).parents[3] / "docs" / "examples" / "softmax_regression_batch.md"
    result = checker.check(path)
    verdicts = [(claim.line, claim.verdict) for claim in result.claims]
    assert verdicts == [(8, "stated"), (12, "proved"), (17, "stated"), (21, "proved"), (26, "proved"), (30, "failed")]
    (slip,) = [claim for claim in result.claims if claim.verdict == "failed"]
    assert slip.counterexample is not None and set(slip.counterexample.dimensions.values()) == {1}
