"""Relations written entry by entry (the meaning issue, section 5): free indices, derivatives by
component, entries of matrix expressions, ``\\Sigma = (\\sigma_{ij})`` and Einstein's convention.
Each is checked like its matrix form: true ones proved, wrong ones failed with a counterexample
beyond 1×1."""

from __future__ import annotations

import numpy as np
import pytest

from derive.checking import checker

ORACLES = ["symbolic", "exact", "float"]
RECTANGLE = (
    r"Let $A \in \mathbb{R}^{m\times n}$, $b \in \mathbb{R}^m$, $x, y \in \mathbb{R}^n$, $X \in \mathbb{R}^{n\times n}$." "\n\n"
)


def _check(text: str, oracles: list[str] | None = None) -> list[tuple[str, str, str]]:
    result = checker.check_text(text, path="notes.md", oracles=oracles or ORACLES)
    assert result.errors == ()
    return [(claim.kind, claim.verdict, claim.message or "") for claim in result.claims]


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"(A^Tb)_i = \sum_{j=1}^{m} A_{ji} b_j", "proved"),
        (r"(Xx)_k = \sum_j X_{kj} x_j", "proved"),
        (r"(Xx)_k = \sum_j X_{jk} x_j", "failed"),
        (r"x_i + y_i = (x+y)_i", "proved"),
        (r"x_i - y_i = (x+y)_i", "failed"),
        (r"[X^T]_{ij} = X_{ji}", "proved"),
        (r"[X^T]_{i,j} = X_{ij}", "failed"),
        (r"(X^TX)_{ij} = \sum_k X_{ki} X_{kj}", "proved"),
        (r"(X^TX)_{ij} = \sum_k X_{ik} X_{kj}", "failed"),
    ],
)
def test_a_relation_with_a_free_index_holds_for_every_entry(relation: str, verdict: str) -> None:
    ((kind, found, _),) = _check(RECTANGLE + f"$$ {relation} $$")
    assert (kind, found) == ("identity", verdict)


def test_a_wrong_component_claim_has_a_counterexample_beyond_one_entry() -> None:
    text = r"Let $A \in \mathbb{R}^{n\times n}$, $b \in \mathbb{R}^n$." "\n\n" r"$$ (A^Tb)_i = \sum_j A_{ij} b_j $$"
    (claim,) = checker.check_text(text, path="notes.md", oracles=["exact"]).claims
    assert claim.verdict == "failed"
    assert claim.counterexample is not None and claim.counterexample.dimensions["n"] >= 2
    values = claim.counterexample.values
    a, b = np.array(values["A"], dtype=float), np.array(values["b"], dtype=float)
    assert not np.allclose(a.T @ b, a @ b)  # the counterexample really separates the two sides


def test_a_range_that_does_not_fit_the_free_index_names_the_dimensions() -> None:
    ((_, verdict, message),) = _check(RECTANGLE + r"$$ (A^Tb)_i = \sum_{j=1}^{m} A_{ij} b_j $$")
    assert verdict == "failed"
    assert message.startswith("holds only if n = m")


@pytest.mark.parametrize(
    ("relation", "verdict", "said"),
    [
        (r"\frac{\partial}{\partial x_k} (x^Tx) = 2x_k", "proved", ""),
        (r"\frac{\partial}{\partial x_k} (x^TXx) = ((X + X^T)x)_k", "proved", ""),
        (r"\frac{\partial}{\partial x_k} (x^TXx) = 2(Xx)_k", "failed", "it holds if X = X^T"),
        (r"\frac{\partial}{\partial X_{ij}} x^TXy = x_i y_j", "proved", ""),
        (r"\frac{\partial}{\partial X_{ij}} x^TXy = x_j y_i", "failed", "the transpose of the derivative"),
    ],
)
def test_a_derivative_by_component_is_the_gradient_entry_by_entry(relation: str, verdict: str, said: str) -> None:
    ((kind, found, message),) = _check(RECTANGLE + f"$$ {relation} $$")
    assert (kind, found) == ("derivative", verdict)
    assert said in message


def test_components_of_a_gradient_written_with_brackets() -> None:
    text = (
        r"Let $A \in \mathbb{R}^{m\times n}$, $b \in \mathbb{R}^m$, $x \in \mathbb{R}^n$, and $f(x) = \|Ax - b\|^2$." "\n\n"
        "$$ [\\nabla f]_k = 2(A^T(Ax - b))_k $$\n\n"
        "$$ (\\nabla f(x))_k = 2(A^TAx)_k - 2(A^Tb)_k $$\n\n"
        "$$ \\frac{\\partial f}{\\partial x_k} = 2\\sum_{i=1}^{m} A_{ik}((Ax)_i - b_i) $$\n\n"
        "$$ \\frac{\\partial f}{\\partial x_k} = 2\\sum_{i=1}^{m} A_{ik}((Ax)_i + b_i) $$"
    )
    found = _check(text)
    assert [verdict for _, verdict, _ in found] == ["stated", "proved", "proved", "proved", "failed"]


def test_a_chain_of_entries_of_a_matrix_gradient() -> None:
    # from a Q&A answer: [d/dX tr(AX)]_{i,j} = d/dx_{i,j} tr(AX) = d/dx_{i,j} sum a_{k,l} x_{l,k} = a_{j,i} = [A^T]_{i,j}
    text = (
        r"Let $\mathbf{A}, \mathbf{X} \in \mathbb{R}^{n\times n}$." "\n\n"
        "$$ \\left[ \\frac{d}{d\\mathbf{X}} \\text{Tr}(\\mathbf{AX}) \\right]_{i,j} "
        "= \\frac{d}{dx_{i,j}} \\text{Tr}(\\mathbf{AX}) "
        "= \\frac{d}{dx_{i,j}} \\sum_{k,l} a_{k,l} x_{l,k} = a_{j,i} = \\left[\\mathbf{A}^T\\right]_{i,j} $$\n\n"
        "$$ \\frac{d}{dx_{i,j}} \\sum_{k,l} a_{k,l} x_{k,l} = a_{j,i} $$"
    )
    found = _check(text)
    assert [(kind, verdict) for kind, verdict, _ in found] == [
        ("derivative", "proved"),
        ("identity", "proved"),
        ("identity", "proved"),
        ("identity", "proved"),
        ("derivative", "failed"),
    ]


EINSTEIN = r"Let $A, X, B, \Sigma \in \mathbb{R}^{n\times n}$, $x, y \in \mathbb{R}^n$." "\n\n"


@pytest.mark.parametrize(
    "switch", ["<!-- derive: einstein -->\n\n", "We use the summation convention over repeated indices.\n\n"]
)
def test_einstein_summation_when_the_document_says_so(switch: str) -> None:
    text = switch + EINSTEIN + "\n\n".join(
        f"$$ {relation} $$"
        for relation in (
            r"A_{ij}X_{jk}B_{ki} = \operatorname{tr}(AXB)",
            r"A_{ij}X_{jk}B_{ki} = \operatorname{tr}(AXB^T)",
            r"(Ax)_i = A_{ij}x_j",
            r"(Ax)_i = A_{ji}x_j",
            r"x_i y_i = x^Ty",
            r"\operatorname{tr}(A(X+dX)B)=A_{ij} (X_{jk}+dX_{jk})B_{ki}",
        )
    )
    assert [verdict for _, verdict, _ in _check(text)] == ["proved", "failed", "proved", "failed", "proved", "proved"]


def test_without_the_convention_a_repeated_index_is_not_summed() -> None:
    found = _check(EINSTEIN + "$$ x_i y_i = x^Ty $$")
    assert [verdict for _, verdict, _ in found] == ["failed"]  # x_i y_i = xᵀy for every i is false


def test_a_matrix_named_by_its_entries() -> None:
    text = "<!-- derive: einstein -->\n\n" + EINSTEIN + (
        "$$ \\Sigma = (\\sigma_{ij}) $$\n\n$$ \\sigma_{ij} x_j = (\\Sigma x)_i $$\n\n$$ \\sigma_{ji} x_j = (\\Sigma x)_i $$"
    )
    found = _check(text)
    assert found[0] == ("assumption", "stated", "notation: the entries of \\Sigma are (\\sigma_{ij})")
    assert [verdict for _, verdict, _ in found[1:]] == ["proved", "failed"]


def test_a_new_name_with_an_index_is_still_defined() -> None:
    # \pi_i names one number per example, it is not an entry of a declared vector
    text = (
        r"Let $X \in \mathbb{R}^{n\times d}$, $\theta \in \mathbb{R}^d$, $y \in \mathbb{R}^n$." "\n\n"
        "$$ \\pi_i = \\frac{1}{1 + \\exp(-\\theta^T x_i)} $$"
    )
    assert [kind for kind, _, _ in _check(text)] == ["definition"]


def test_a_letter_used_transposed_is_a_vector_whose_entries_are_indexed() -> None:
    # Q&A answer, nothing declared: x is a vector because x^T is written
    text = (
        "$$\\dfrac{d(x^TBx)}{d x_i} = \\dfrac{d}{dx_i}\\left(\\sum_{j,k} x_j B_{jk}x_k\\right) "
        "= \\sum_{j} x_j B_{ji} + \\sum_{k}B_{ik} x_k = \\sum_{k}\\left(B^T + B\\right)_{ik}x_k$$\n\n"
        "$$\\dfrac{d(x^TBx)}{d x_i} = \\sum_{k} 2B_{ik}x_k$$"
    )
    found = _check(text)
    assert [(kind, verdict) for kind, verdict, _ in found] == [
        ("derivative", "proved"), ("identity", "proved"), ("identity", "proved"), ("derivative", "failed"),
    ]
