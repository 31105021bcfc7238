"""Issue 16, item 6: ordinary input that ended as "internal error" gets a proper verdict."""

from __future__ import annotations

from derive import results
from derive.checking import checker


def _verdicts(text: str) -> list[tuple[str, str]]:
    return [(claim.latex, claim.verdict) for claim in checker.check_text(text).claims]


def _no_internal_error(text: str) -> None:
    for claim in checker.check_text(text).claims:
        assert "internal error" not in (claim.message or ""), claim.message


def test_a_non_square_definiteness_claim_is_unchecked_not_a_broadcast_error() -> None:
    claim = checker.check_text("$$ BA^TA \\succeq 0 $$\n").claims[0]
    assert claim.verdict == results.UNCHECKED
    assert any("needs a square matrix" in e.detail for e in claim.evidence)


def test_a_square_product_that_is_not_a_gram_matrix_is_failed() -> None:
    text = "Let $A, B \\in \\mathbb{R}^{n\\times n}$.\n\n$$ BA^TA \\succeq 0 $$\n"
    assert _verdicts(text) == [("BA^TA \\succeq 0", results.FAILED)]


def test_a_square_root_is_nonnegative_where_it_is_defined() -> None:
    claim = checker.check_text("Let $t \\in \\mathbb{R}$.\n\n$$ \\sqrt{t} \\succeq 0 $$\n").claims[0]
    assert claim.verdict == results.CONDITIONAL
    assert claim.conditions == ("t \\geq 0",)


def test_a_logarithm_is_not_positive_and_its_domain_is_no_error() -> None:
    for seed in range(10):  # ln z < 0 on 0 < z < 1: found whatever the draws
        claim = checker.check_text("Let $z \\in \\mathbb{R}$.\n\n$$ \\ln z \\succ 0 $$\n", seed=seed).claims[0]
        assert claim.verdict == results.FAILED


def test_the_norm_of_a_norm_of_a_constant_matrix_is_evaluated() -> None:
    text = "Let $x \\in \\mathbb{R}^n$.\n\n$$ \\lVert \\|2I\\| \\rVert = 2 $$\n"
    claim = checker.check_text(text).claims[0]
    assert claim.verdict == results.FAILED  # ‖2I‖_F = 2√n, not 2
    assert claim.counterexample is not None


def test_a_300_factor_hadamard_product_is_proved() -> None:
    product = " \\odot ".join(["x"] * 300)
    text = f"Let $x \\in \\mathbb{{R}}^n$.\n\n$$ {product} = x^{{\\circ 300}} $$\n"
    assert [verdict for _, verdict in _verdicts(text)] == [results.PROVED]


def test_a_chain_of_transposes_then_a_sum_identity() -> None:
    text = (
        "Let $A, B \\in \\mathbb{R}^{n\\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"
        "$$ (AB)^T = A^TB^T = B^TA^T $$\n\n$$ \\sum_{i=1}^n x_i = \\mathbf{1}^T x $$\n"
    )
    _no_internal_error(text)
    found = _verdicts(text)
    assert [verdict for _, verdict in found] == [results.FAILED, results.FAILED, results.PROVED]


def test_a_wrong_300_factor_hadamard_product_is_failed_with_a_counterexample() -> None:
    product = " \\odot ".join(["x"] * 300)
    text = f"Let $x \\in \\mathbb{{R}}^n$.\n\n$$ {product} = x^{{\\circ 299}} $$\n"
    claim = checker.check_text(text).claims[0]
    assert claim.verdict == results.FAILED
    assert claim.counterexample is not None


def test_the_gradient_of_a_300_factor_hadamard_product_is_proved() -> None:
    product = " \\odot ".join(["x"] * 300)
    text = f"Let $x \\in \\mathbb{{R}}^n$.\n\n$$ \\nabla_x \\mathbf{{1}}^T({product}) = 300 x^{{\\circ 299}} $$\n"
    assert [verdict for _, verdict in _verdicts(text)] == [results.PROVED]
