"""Every notation item of PRODUCT.md, read end to end: LaTeX in, a claim with the right verdict out."""

from __future__ import annotations

import pytest
import sympy

from derive import tree
from derive.checking import checker
from derive.meaning import document_analysis, shape_inference
from derive.reading import documents, latex
from derive.symbolic import translation

DECLARE = (
    "$A \\in \\mathbb{R}^{k \\times n}$, $B, S \\in \\mathbb{R}^{n \\times n}$, $b \\in \\mathbb{R}^k$, "
    "$x, y \\in \\mathbb{R}^n$, $S$ symmetric.\n\n"
)

# (id, display formula(s), expected verdicts in order)
HOLDS = [
    ("transpose-T", r"(A^T)^T = A", ["proved"]),
    ("transpose-braced", r"(A^{T})^{T} = A", ["proved"]),
    ("transpose-top", r"(A^\top)^{\top} = A", ["proved"]),
    ("transpose-intercal", r"(A^\intercal)^T = A", ["proved"]),
    ("transpose-mathsf", r"(A^{\mathsf T})^{\mathrm{T}} = A", ["proved"]),
    ("transpose-prime", r"(AB)' = B'A'", ["proved"]),
    ("inverse", r"(B^{-1})^{-1} = B", ["conditional"]),
    ("pseudo-inverse", r"A^+ = A^{\dagger}", ["consistent"]),
    ("pinv-of-full-rank", r"A^+ A A^+ = A^+", ["consistent"]),
    ("norm-2", r"\|Ax - b\|_2^2 = (Ax-b)^T(Ax-b)", ["proved"]),
    ("norm-left-right", r"\left\| Ax - b \right\|^2 = \lVert Ax - b \rVert^2", ["proved"]),
    ("norm-frobenius", r"\|B\|_F^2 = \operatorname{tr}(B^TB)", ["proved"]),
    ("trace-cyclic", r"\operatorname{tr}(A^TAB) = \mathrm{tr}(BA^TA)", ["proved"]),
    ("trace-Tr", r"\operatorname{Tr}(B^T) = \operatorname{tr}(B)", ["proved"]),
    ("fonts", r"\mathbf{x}^T \boldsymbol{y} = \bm{y}^T x", ["proved"]),
    ("greek", r"\alpha \beta x = \beta \alpha x", ["proved"]),
    ("frac-and-slash", r"\frac{x^Tx}{2} = \frac12 x^Tx = x^Tx / 2", ["proved", "proved"]),
    ("cdot-times", r"2 \cdot x^Ty = x^T y \times 2", ["proved"]),
    ("hadamard", r"x \odot y = y \odot x", ["proved"]),
    ("diag", r"\operatorname{diag}(x) y = x \odot y", ["proved"]),
    ("det", r"\det(B^T) = \det(B)", ["proved"]),
    ("log-exp", r"\exp(\log(t)) = t", ["conditional"]),
    ("ln", r"\ln(\exp(t)) = t", ["proved"]),
    ("sqrt-abs", r"\sqrt{t^2} = |t|", ["proved"]),
    ("elementwise-exp", r"\exp(x) \odot \exp(y) = \exp(x + y)", ["consistent"]),
    ("identity-matrix", r"I x = x", ["proved"]),
    ("zero-vector", r"x - x = 0", ["proved"]),
    ("layout-noise", r"\bigl( A x \bigr)^T \, = \Big( x^T A^T \Big) \quad \text{(transpose)} \nonumber", ["proved"]),
    ("tag-label", r"(A^T)^T = A \tag{1} \label{eq:one}", ["proved"]),
    ("sum", r"\|Ax-b\|^2 = \sum_{i=1}^{k}(a_i^Tx - b_i)^2", ["proved"]),
    ("nabla-x", r"\nabla_x (b^TAx) = A^Tb", ["proved"]),
    ("sum-gradient", r"\nabla_x \sum_{i=1}^{k} (a_i^Tx - b_i)^2 = 2\sum_{i=1}^{k} (a_i^Tx - b_i) a_i", ["proved"]),
    ("triangledown", r"\triangledown_x (x^Tx) = 2x", ["proved"]),
    ("nabla-2", r"\nabla_x^2 (x^TSx) = 2S", ["proved"]),
    ("partial", r"\frac{\partial (x^TBx)}{\partial x} = (B + B^T)x", ["proved"]),
    ("partial-hessian", r"\frac{\partial^2 (x^TBx)}{\partial x \partial x^T} = B + B^T", ["proved"]),
    ("symmetric-word", r"\nabla_x (x^TSx) = 2Sx", ["proved"]),
]


def _verdicts(text: str) -> list[str]:
    result = checker.check_text(DECLARE + text, oracles=["symbolic", "float"])
    return [claim.verdict for claim in result.claims]


@pytest.mark.parametrize(("formula", "verdicts"), [pytest.param(f, v, id=i) for i, f, v in HOLDS])
def test_notation_is_read_and_checked(formula: str, verdicts: list[str]) -> None:
    assert _verdicts(f"$$ {formula} $$") == verdicts


SCALAR_CALCULUS = [
    ("prime", "$$ f(t) = t^3 + 2t $$\n\n$$ f'(t) = 3t^2 + 2, \\qquad f''(t) = 6t $$", ["stated", "proved", "proved"]),
    ("prime-wrong", "$$ f(t) = t^3 $$\n\n$$ f'(t) = 3t $$", ["stated", "failed"]),
    ("d-dt", "$$ s(t) = t^2 $$\n\n$$ \\frac{d}{dt} s(t) = 2t $$", ["stated", "proved"]),
    ("dx-dt", "$$ x(t) = t^3 + 2t $$\n\n$$ \\frac{dx}{dt} = 3t^2 + 2 $$", ["stated", "proved"]),
    ("d2", "$$ x(t) = t^3 $$\n\n$$ \\frac{d^2x}{dt^2} = 6t $$", ["stated", "proved"]),
    ("undefined-prime", "$$ g'(t) = 1 $$", ["unchecked"]),
]


@pytest.mark.parametrize(("text", "verdicts"), [pytest.param(t, v, id=i) for i, t, v in SCALAR_CALCULUS])
def test_scalar_derivatives_in_every_form(text: str, verdicts: list[str]) -> None:
    result = checker.check_text(text, oracles=["symbolic", "float"])
    assert [claim.verdict for claim in result.claims] == verdicts


GRADIENT_TUPLES = [
    (r"\left(\frac{\partial g}{\partial x_1}, \dots, \frac{\partial g}{\partial x_n}\right)^T", "proved"),
    (r"(\frac{\partial g}{\partial x_1}, \ldots, \frac{\partial g}{\partial x_n})", "proved"),
    (r"(\frac{\partial g}{\partial x_1}, \cdots, \frac{\partial g}{\partial x_n})", "proved"),
    (r"(\frac{\partial g}{\partial x_1}, ..., \frac{\partial g}{\partial x_n})", "proved"),
    (r"(\frac{\partial g}{\partial x_1}, \dots, \frac{\partial g}{\partial x_k})", "failed"),
    (r"(\frac{\partial g}{\partial y_1}, \dots, \frac{\partial g}{\partial y_n})", "failed"),
]


@pytest.mark.parametrize(("written", "verdict"), GRADIENT_TUPLES)
def test_gradient_written_as_a_tuple_of_partials(written: str, verdict: str) -> None:
    text = DECLARE + "$$ g(x) = x^TBx $$\n\n$$ \\nabla g(x) = " + written + " $$"
    result = checker.check_text(text, oracles=["symbolic"])
    assert result.claims[-1].kind == "derivative" and result.claims[-1].verdict == verdict


RELATIONS = [
    (r"\nabla_x \|Ax-b\|^2 = 0 \iff A^TAx = A^Tb", ["stated", "proved"]),
    (r"\nabla_x \|Ax-b\|^2 = 0 \Leftrightarrow A^TAx = A^Tb", ["stated", "proved"]),
    (r"\nabla_x \|Ax-b\|^2 = 0 \Rightarrow A^TAx = A^Tb", ["stated", "proved"]),
    (r"\nabla_x \|Ax-b\|^2 = 0 \implies 2A^TAx = 2A^Tb", ["stated", "proved"]),
    (r"g := x^Tx", ["stated"]),
    (r"2B^TB \succeq 0", ["proved"]),
]


@pytest.mark.parametrize(("formula", "verdicts"), RELATIONS)
def test_relations(formula: str, verdicts: list[str]) -> None:
    assert _verdicts(f"$$ {formula} $$") == verdicts


ASSUMPTIONS = [
    ("$W \\in \\mathbb{R}^{n\\times n}$ symmetric", {"W"}, set()),
    ("a symmetric matrix $W \\in \\mathbb{R}^{n\\times n}$", {"W"}, set()),
    ("$\\Sigma \\in \\mathbb{R}^{n\\times n}$ is positive definite", {"Sigma"}, {"Sigma"}),
    ("$\\Sigma \\succ 0$", {"Sigma"}, {"Sigma"}),
    ("$W = W^T$", {"W"}, set()),
    ("<!-- derive: W \\in \\mathbb{R}^{n\\times n}; W symmetric -->", {"W"}, set()),
    ("---\nderive: \\Sigma positive definite\n---\n", {"Sigma"}, {"Sigma"}),
    ("$W \\in \\mathbb{R}^{n\\times n}$ and $v \\neq 0$", set(), set()),
    ("$W$, $V$ and $U$ symmetric", {"W", "V", "U"}, set()),
    ("$W, V \\in \\mathbb{R}^{n\\times n}$, $U$ symmetric", {"U"}, set()),  # a declaration is no list of names
    ("positive definite $W$ and $V$", {"W", "V"}, {"W", "V"}),
    ("$W$ is symmetric and $V$ is positive definite", {"W", "V"}, {"V"}),
    ("$\\lambda > 0$", set(), {"lambda"}),
    ("$a, c > 0$", set(), {"a", "c"}),
    ("$S$ is symmetric positive definite", {"S"}, {"S"}),
    ("$P \\succeq 0$ and $Q$ positive semidefinite", {"P", "Q"}, set()),  # drawn definite, not assumed invertible
]


@pytest.mark.parametrize(("text", "symmetric", "definite"), ASSUMPTIONS)
def test_assumptions_from_math_words_and_comments(text: str, symmetric: set[str], definite: set[str]) -> None:
    analysis = document_analysis.analyse(documents.read_markdown(text + "\n\n$$ x = x $$\n", path="a.md"))
    assert analysis.assumptions.symmetric == symmetric
    assert analysis.assumptions.positive_definite == definite


def test_a_malformed_declaration_comment_is_an_input_error_at_its_line() -> None:

    result = checker.check_text("text\n\n<!-- derive: A \\in \\mathbb{R}^{k \\times -->\n\n$$ (AB)^T = B^TA^T $$\n", path="c.md")
    (error,) = result.errors
    assert (error.line, error.column) == (3, 1) and "in a derive: comment" in error.message
    assert [(c.line, c.verdict) for c in result.claims] == [(5, "proved")]  # the rest is still checked


TRANSLATIONS = [
    (r"\exp(t) \ln(t)", lambda t: sympy.exp(t) * sympy.log(t)),
    (r"\sqrt{t} / t", lambda t: sympy.sqrt(t) / t),
    (r"|t|^3", lambda t: sympy.Abs(t) ** 3),
]


@pytest.mark.parametrize(("text", "expected"), TRANSLATIONS)
def test_scalar_functions_become_sympy(text: str, expected) -> None:  # type: ignore[no-untyped-def]
    formula = latex.parse(text)
    (chain,) = formula.chains
    node = chain.operands[0]
    assert node is not None

    inference = shape_inference.Inference({})
    inference.shape(node)
    translator = translation.Translator(inference.finish(), translation.Naming())
    value = translator.expression(node)
    t = sympy.Symbol("v0", real=True)
    assert sympy.simplify(value - expected(t)) == 0
    assert isinstance(tree.walk, object)
