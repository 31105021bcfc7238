"""Machine-learning calculus (issue 15, part 1): functions of numbers applied entry by entry to
vectors (a σ the document defines, or the logistic σ, softplus, softmax and log-sum-exp it uses
without defining), checked by the numeric oracles; a wrong step fails with a small counterexample."""

from __future__ import annotations

import pathlib

import pytest

from derive.checking import checker

SHAPES = r"Let $X \in \mathbb{R}^{N\times d}$, $y \in \mathbb{R}^N$, $\theta \in \mathbb{R}^d$, $z, t \in \mathbb{R}^K$." "\n\n"
DEFINED = "$$ \\sigma(u) = \\frac{1}{1 + e^{-u}} $$\n\n"
LOSS = "-y^T\\log\\sigma(X\\theta) - (\\mathbf 1 - y)^T\\log(\\mathbf 1 - \\sigma(X\\theta))"


def _verdicts(text: str) -> list[tuple[str, str]]:
    result = checker.check_text(text, path="notes.md")
    assert result.errors == ()
    return [(claim.kind, claim.verdict) for claim in result.claims]


@pytest.mark.parametrize("definition", [DEFINED, ""], ids=["sigma-defined", "sigma-known"])
def test_the_logistic_loss_its_gradient_and_hessian_in_matrix_form(definition: str) -> None:
    text = SHAPES + definition + (
        f"$$ \\nabla_\\theta \\left( {LOSS} \\right) = X^T(\\sigma(X\\theta) - y) $$\n\n"
        f"$$ \\nabla^2_\\theta \\left( {LOSS} \\right) = "
        "X^T \\operatorname{diag}(\\sigma(X\\theta)\\odot(\\mathbf 1 - \\sigma(X\\theta))) X $$\n\n"
        f"$$ \\nabla_\\theta \\left( {LOSS} \\right) = X^T(y - \\sigma(X\\theta)) $$"
    )
    found = _verdicts(text)
    if definition:
        assert found.pop(0) == ("definition", "stated")
    # proved in matrix form: the logarithms' arguments σ(Xθ) and 𝟏 - σ(Xθ) are positive by their form
    assert found == [("derivative", "proved"), ("derivative", "proved"), ("derivative", "failed")]


def test_a_wrong_logistic_gradient_is_refuted_by_every_derivative_oracle_on_a_small_instance() -> None:
    text = SHAPES + f"$$ \\nabla_\\theta \\left( {LOSS} \\right) = X^T(y - \\sigma(X\\theta)) $$"
    (claim,) = checker.check_text(text, path="notes.md").claims
    assert claim.verdict == "failed" and claim.line == 3
    refuting = {evidence.oracle for evidence in claim.evidence if evidence.agrees is False}
    assert {"float", "autodiff", "taylor"} <= refuting
    assert claim.counterexample is not None
    assert max(claim.counterexample.dimensions.values()) <= 3


def test_known_functions_and_their_derivative_identities() -> None:
    text = SHAPES + "\n\n".join(
        f"$$ {relation} $$"
        for relation in (
            r"\sigma'(s) = \sigma(s)(1 - \sigma(s))",
            r"\sigma'(s) = \sigma(s)(1 + \sigma(s))",
            r"\frac{d}{ds}\operatorname{softplus}(s) = \sigma(s)",
            r"\nabla_z \operatorname{logsumexp}(z) = \operatorname{softmax}(z)",
            r"\nabla_z \operatorname{logsumexp}(z) = \exp(z)",
            r"\mathbf 1^T \operatorname{softmax}(z) = 1",
        )
    )
    # 1 + e^{-s} > 0 always, so no condition is listed; all are proved symbolically too
    expected = ["proved", "failed", "proved", "proved", "failed", "proved"]
    assert [verdict for _, verdict in _verdicts(text)] == expected


def test_sigma_used_as_a_number_stays_a_number() -> None:
    # a standard deviation: σ² is written, so σ(a + b) is σ times (a + b)
    text = "$$ \\sigma^2 = \\sigma\\sigma $$\n\n$$ \\sigma(a + b) = \\sigma a + \\sigma b $$"
    assert [verdict for _, verdict in _verdicts(text)] == ["proved", "proved"]


def test_a_function_of_a_matrix_is_not_applied_entry_by_entry() -> None:
    # L(A) = tr(A^TA) takes the matrix whole: its derivative is 2A
    text = "$$ L(A) = \\operatorname{tr}(A^TA) $$\n\n$$ \\nabla_A L(A) = 2A $$"
    assert _verdicts(text) == [("definition", "stated"), ("derivative", "proved")]


def test_regularised_least_squares_with_a_design_matrix_whose_rows_are_features() -> None:
    # PRML's notation: \phi(x_n) in a sum over n is the n-th row of Φ, as a column
    text = (
        r"Let $\Phi \in \mathbb{R}^{N\times M}$, $\mathbf t \in \mathbb{R}^N$, $\mathbf w \in \mathbb{R}^M$." "\n\n"
        "$$ E(\\mathbf w) = \\frac12\\sum_{n=1}^{N} \\left(t_n - \\mathbf w^{\\mathrm T}\\phi(x_n)\\right)^2"
        " + \\frac{\\lambda}{2}\\mathbf w^{\\mathrm T}\\mathbf w $$\n\n"
        "$$ E(\\mathbf w) = \\frac12\\|\\mathbf t - \\Phi\\mathbf w\\|^2 + \\frac{\\lambda}{2}\\mathbf w^T\\mathbf w $$\n\n"
        "$$ E(\\mathbf w) = \\frac12\\|\\mathbf t - \\Phi\\mathbf w\\|^2 + \\lambda\\mathbf w^T\\mathbf w $$\n\n"
        "$$ \\nabla_{\\mathbf w} E(\\mathbf w) = \\Phi^T\\Phi\\mathbf w - \\Phi^T\\mathbf t + \\lambda\\mathbf w $$"
    )
    result = checker.check_text(text, path="notes.md")
    found = [(claim.line, claim.verdict) for claim in result.claims]
    assert found == [(3, "stated"), (5, "proved"), (7, "failed"), (9, "proved")]
    wrong = result.claims[2]
    assert wrong.counterexample is not None and max(wrong.counterexample.dimensions.values()) <= 2


EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_softmax_regression_is_proved_and_its_sign_slip_fails_with_a_one_hot_counterexample() -> None:
    result = checker.check(EXAMPLES / "softmax_regression.md")
    found = [(claim.line, claim.verdict) for claim in result.claims]
    assert found == [(7, "stated"), (11, "proved"), (15, "proved"), (19, "proved"), (21, "proved"), (25, "failed")]
    wrong = result.claims[-1]
    assert wrong.counterexample is not None and max(wrong.counterexample.dimensions.values()) == 1
    assert sum(map(sum, wrong.counterexample.values["y"])) == 1  # the label still sums to one


def test_without_a_label_that_sums_to_one_the_softmax_gradient_picks_up_its_sum() -> None:
    # -yᵀlog softmax(z) has gradient (𝟏ᵀy) softmax(z) - y: softmax(z) - y needs 𝟏ᵀy = 1
    claim = "$$ \\nabla_z \\left(-y^T\\log\\operatorname{softmax}(z)\\right) = \\operatorname{softmax}(z) - y $$\n"
    general = r"Let $z, y \in \mathbb{R}^K$." "\n\n" + claim
    labelled = r"Let $z, y \in \mathbb{R}^K$ with $\mathbf 1^T y = 1$." "\n\n" + claim
    assert [c.verdict for c in checker.check_text(general, path="notes.md").claims] == ["failed"]
    assert [c.verdict for c in checker.check_text(labelled, path="notes.md").claims] == ["proved"]
    total = "$$ \\nabla_z \\left(-y^T\\log\\operatorname{softmax}(z)\\right) = (\\mathbf 1^Ty)\\operatorname{softmax}(z) - y $$\n"
    assert [c.verdict for c in checker.check_text(r"Let $z, y \in \mathbb{R}^K$." "\n\n" + total, path="n.md").claims] == [
        "proved"
    ]


def test_gaussian_maximum_likelihood_mean_and_covariance() -> None:
    result = checker.check(EXAMPLES / "gaussian_mle.md")
    found = [(claim.line, claim.kind, claim.verdict) for claim in result.claims]
    assert found == [
        (7, "definition", "stated"), (11, "derivative", "conditional"), (13, "derivative", "conditional"),
        (17, "solution", "proved"), (21, "derivative", "conditional"), (25, "solution", "proved"),
        (29, "solution", "failed"),
    ]
    assert all("as the document assumes" in (claim.message or "") for claim in result.claims if claim.verdict == "conditional")


def test_a_wrong_covariance_gradient_fails() -> None:
    # the factor 1/2 of the data term dropped
    text = (
        r"Let $X \in \mathbb{R}^{N\times d}$, $\mu \in \mathbb{R}^d$ and $\Sigma \in \mathbb{R}^{d\times d}$ symmetric "
        "positive definite.\n\n"
        "$$ \\ell(\\Sigma) = -\\frac{N}{2}\\log\\det\\Sigma - \\frac12\\sum_{n=1}^{N}(x_n - \\mu)^T\\Sigma^{-1}(x_n - \\mu) $$\n\n"
        "$$ \\nabla_\\Sigma \\ell = -\\frac{N}{2}\\Sigma^{-1} + \\frac12\\Sigma^{-1}(X^T - \\mu\\mathbf 1^T)(X - \\mathbf 1\\mu^T)\\Sigma^{-1} $$\n\n"
        "$$ \\nabla_\\Sigma \\ell = -\\frac{N}{2}\\Sigma^{-1} + \\Sigma^{-1}(X^T - \\mu\\mathbf 1^T)(X - \\mathbf 1\\mu^T)\\Sigma^{-1} $$\n"
    )
    result = checker.check_text(text, path="notes.md")
    assert [claim.verdict for claim in result.claims] == ["stated", "conditional", "failed"]
    symbolic = [e for e in result.claims[1].evidence if e.oracle == "symbolic"]
    assert symbolic and symbolic[0].agrees is True


def test_a_sum_of_exponentials_of_rows_is_one_transposed_times_exp() -> None:
    text = (
        r"Let $W \in \mathbb{R}^{K\times d}$, $x \in \mathbb{R}^d$." "\n\n"
        "$$ \\sum_{k=1}^{K} \\exp(w_k^T x) = \\mathbf 1^T\\exp(Wx) $$\n\n"
        "$$ \\sum_{k=1}^{K} \\exp(w_k^T x) = \\mathbf 1^T\\exp(-Wx) $$\n"
    )
    result = checker.check_text(text, path="notes.md")
    assert [claim.verdict for claim in result.claims] == ["proved", "failed"]


ENTRYWISE = r"Let $x, y \in \mathbb{R}^n$, $A \in \mathbb{R}^{n \times n}$." "\n\n"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (r"x^{\circ 2} = x \odot x", "proved"),
        (r"\nabla_x \mathbf 1^T x^{\circ 3} = 3x^{\circ 2}", "proved"),
        (r"\nabla_x \mathbf 1^T x^{\circ 3} = 3x", "failed"),
        (r"\nabla_x \|x \oslash y\|^2 = 2 x \oslash (y \odot y)", "proved"),
        (r"\nabla_x \|x \oslash y\|^2 = 2 x \oslash y", "failed"),
        (r"x \oslash y = \frac{x}{y}", "conditional"),  # where y ≠ 0
        (r"\nabla_x \mathbf 1^T \tanh(Ax) = A^T(\mathbf 1 - \tanh(Ax)^{\circ 2})", "proved"),
        (r"\nabla_x \mathbf 1^T \tanh(Ax) = A^T(\mathbf 1 - \tanh(Ax))", "failed"),
        (r"\operatorname{Diag}(x) y = x \odot y", "proved"),
        (r"\operatorname{diag}(x)\operatorname{diag}(x) y = x^{\circ 2} \odot y", "proved"),
    ],
)
def test_entrywise_powers_quotients_and_products(claim: str, verdict: str) -> None:
    result = checker.check_text(ENTRYWISE + f"$$ {claim} $$\n", path="notes.md")
    assert result.errors == ()
    assert [c.verdict for c in result.claims] == [verdict]


def test_derivatives_are_printed_with_entrywise_powers_and_names() -> None:
    result = checker.check_text(ENTRYWISE + "$$ \\nabla_x \\mathbf 1^T x^{\\circ 3} = 3x $$\n\n"
                                "$$ \\nabla_x \\|x \\oslash y\\|^2 = 2 x \\oslash y $$\n", path="notes.md")
    assert [c.message for c in result.claims] == [
        "the derivative is 3x^{\\circ 2}", "the derivative is 2\\operatorname{diag}(y^{\\circ -2})x"
    ]


RELU = r"Let $X \in \mathbb{R}^{N \times d}$, $w \in \mathbb{R}^d$, $z \in \mathbb{R}^n$." "\n\n"


@pytest.mark.parametrize(
    ("claim", "verdict", "condition"),
    [
        (r"\operatorname{ReLU}(z) - \operatorname{ReLU}(-z) = z", "consistent", None),
        (r"\operatorname{ReLU}(z) + \operatorname{ReLU}(-z) = z", "failed", None),
        (r"\nabla_w \mathbf 1^T \operatorname{ReLU}(Xw) = X^T \mathbb{1}[Xw > 0]", "conditional", "no entry of Xw is 0"),
        (r"\nabla_w \mathbf 1^T \operatorname{ReLU}(Xw) = X^T \mathbf 1", "failed", None),
        (r"\nabla_w \tfrac12\|\operatorname{ReLU}(Xw)\|^2 = X^T\operatorname{ReLU}(Xw)", "conditional", "no entry of Xw is 0"),
    ],
)
def test_relu_is_checked_numerically_and_its_kink_is_a_condition(claim: str, verdict: str, condition: str | None) -> None:
    result = checker.check_text(RELU + f"$$ {claim} $$\n", path="notes.md")
    assert result.errors == ()
    (found,) = result.claims
    assert found.verdict == verdict
    assert (condition is None) == (not found.conditions)
    if condition is not None:
        assert found.conditions[0].startswith(condition)
    if verdict == "failed":
        assert found.counterexample is not None


def test_sums_over_samples_written_with_superscript_indices() -> None:
    # Andrew Ng's notation: x^{(i)} is row i of X, y^{(i)} entry i of y; 1/(2m) needs no condition (m is a size)
    text = (
        r"Let $X \in \mathbb{R}^{m \times n}$ be the design matrix whose rows are $x^{(i)T}$, $y \in \mathbb{R}^m$ "
        r"and $\theta \in \mathbb{R}^n$." "\n\n"
        "$$ J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^{m} (\\theta^T x^{(i)} - y^{(i)})^2 $$\n\n"
        "$$ \\nabla_\\theta J(\\theta) = \\frac{1}{m}\\sum_{i=1}^{m} (\\theta^T x^{(i)} - y^{(i)}) x^{(i)} $$\n\n"
        "$$ \\nabla_\\theta J(\\theta) = \\frac{1}{m} X^T(X\\theta - y) $$\n\n"
        "$$ \\nabla_\\theta J(\\theta) = \\frac{1}{2m} X^T(X\\theta - y) $$\n\n"
        "$$ \\frac{1}{m}\\sum_{i=1}^m x^{(i)} = \\frac{1}{m}X^T\\mathbf 1 $$\n"
    )
    result = checker.check_text(text, path="notes.md")
    assert [claim.verdict for claim in result.claims] == ["stated", "proved", "proved", "failed", "proved"]
    assert not any(claim.conditions for claim in result.claims)


def test_a_sigmoid_layer_under_squared_error_is_proved_through_its_derivative_weights() -> None:
    # the gradient diag(σ(1 - σ))(σ - y)xᵀ: a diagonal of one function times another of the same argument
    text = r"Let $W \in \mathbb{R}^{k \times n}$, $x \in \mathbb{R}^{n}$, $y\in\mathbb{R}^k$." "\n\n" + "\n\n".join(
        f"$$ \\nabla_W \\frac12\\|\\sigma(Wx) - y\\|^2 = {claimed} $$"
        for claimed in (
            r"((\sigma(Wx) - y) \odot \sigma(Wx) \odot (\mathbf 1 - \sigma(Wx))) x^T",
            r"\operatorname{diag}(\sigma(Wx) \odot (\mathbf 1 - \sigma(Wx))) (\sigma(Wx) - y) x^T",
            r"(\sigma(Wx) - y) x^T",
        )
    )
    assert _verdicts(text) == [("derivative", "proved"), ("derivative", "proved"), ("derivative", "failed")]


def test_relu_derivatives_are_proved_symbolically_where_no_entry_is_zero() -> None:
    text = (r"Let $X \in \mathbb{R}^{N \times d}$, $w \in \mathbb{R}^{d}$, $y \in \mathbb{R}^{N}$." "\n\n"
            "$$ \\nabla_w \\mathbf{1}^T \\operatorname{ReLU}(Xw) = X^T \\mathbb{1}[Xw > 0] $$\n\n"
            "$$ \\nabla_w \\frac12\\|\\operatorname{ReLU}(Xw) - y\\|^2 = "
            "X^T \\operatorname{diag}(\\mathbb{1}[Xw > 0])(\\operatorname{ReLU}(Xw) - y) $$\n\n"
            "$$ \\operatorname{ReLU}(Xw) = Xw \\odot \\mathbb{1}[Xw > 0] $$\n\n"
            "$$ \\nabla_w \\mathbf{1}^T \\operatorname{ReLU}(Xw) = X^T \\mathbf{1} $$\n")
    claims = checker.check_text(text, path="notes.md").claims
    assert [claim.verdict for claim in claims] == ["conditional", "conditional", "proved", "failed"]
    for claim in claims[:2]:  # conditional on the kink, and proved by the canonical form, not only by numbers
        assert claim.conditions == ("no entry of Xw is 0 (where ReLU has no derivative)",)
        assert claim.evidence[0].oracle == "symbolic" and claim.evidence[0].agrees
