"""Tests for derive.reading.render: our tree back to LaTeX that reads back as the same tree."""

from __future__ import annotations

import pytest

from derive import results, tree
from derive.deriving import derivation
from derive.reading import latex, render


def _expression(text: str) -> tree.Node:
    (chain,) = latex.parse(text).chains
    (operand,) = chain.operands
    assert operand is not None
    return operand


# Products where a Greek letter's control word meets a letter, a command or a digit.
GREEK_PRODUCTS = [
    (r"\lambda I", r"\lambda I"),
    (r"\alpha x", r"\alpha x"),
    (r"2\lambda I x", r"2\lambda Ix"),
    (r"(\lambda I)^{-1}", r"(\lambda I)^{-1}"),
    (r"A^TA + \lambda I", r"A^TA + \lambda I"),
    (r"x^T\Lambda x", r"x^T \Lambda x"),
    (r"\mu^T\Sigma^{-1}\mu", r"\mu^T \Sigma^{-1}\mu"),
    (r"\beta\gamma\delta x", r"\beta \gamma \delta x"),
    (r"\sigma^2 I", r"\sigma^{2}I"),
    (r"\lambda_1 I", r"\lambda_1I"),
    (r"\theta^T\Sigma\theta - \eta\theta", r"\theta^T \Sigma \theta - \eta \theta"),
    (r"x_{\alpha} y", r"x_{\alpha}y"),
    (r"A\lambda B", r"A \lambda B"),
]


# Every other kind of node, and the parentheses that precedence needs.
OTHER_NODES = [
    (r"A^\dagger b", "A^{+}b"),
    (r"(A^T)^{+}", "(A^T)^{+}"),
    (r"\lambda A^{+}", r"\lambda A^{+}"),
    ("f''(t) + 2", "f''(t) + 2"),
    (r"a \odot bc", r"a \odot bc"),
    (r"(a \odot b)c", r"(a \odot b)c"),
    (r"(a \odot b)^T c", r"(a \odot b)^Tc"),
    (r"-a \odot b", r"-a \odot b"),
    (r"x_1 + \dots + x_n", r"x_1 + \dots + x_n"),
    (r"\|Ax - b\|_2^2", r"\|Ax - b\|_2^{2}"),
    (r"\sum_{i=1}^{n} \lambda_i", r"\sum_{i=1}^{n} \lambda_i"),
]


# A script after a function's parenthesised argument applies to the value, and reads back so.
FUNCTION_VALUES = [
    (r"\operatorname{tr}(A)^2", r"\operatorname{tr}(A)^{2}"),
    (r"\operatorname{tr}(A^2)", r"\operatorname{tr}(A^{2})"),
    (r"\det(A)^{-1}", r"\det(A)^{-1}"),
    (r"\exp(t)^2", r"\exp(t)^{2}"),
    (r"\exp(t^2)", r"\exp(t^{2})"),
    (r"\log(x)^2", r"\log(x)^{2}"),
    (r"\log x^2", r"\log(x^{2})"),
    (r"\operatorname{tr}(A)^T", r"\operatorname{tr}(A)^T"),
    (r"\left(\exp(t)\right)^2", r"(\exp(t))^{2}"),
    (r"\log\det(A)^2", r"\log(\det(A)^{2})"),
]


@pytest.mark.parametrize(("text", "rendered"), GREEK_PRODUCTS + OTHER_NODES + FUNCTION_VALUES)
def test_render_and_read_back(text: str, rendered: str) -> None:
    node = _expression(text)
    assert render.latex(node) == rendered
    assert _expression(rendered) == node  # nodes compare without spans


def test_a_ridge_condition_is_typeset_as_written() -> None:
    """The condition derive check attaches to the ridge solution names \\lambda I, not an unknown \\lambdaI."""
    ridge = derivation.derive_objective(r"\|Ax - b\|_2^2 + \lambda \|x\|_2^2", shapes={"A": "k×n", "b": "k"})
    solution = ridge.step("solution")
    assert solution is not None and solution.result is not None
    assert solution.verdict == results.CONDITIONAL
    assert solution.result.conditions == (r"A^TA + \lambda I is invertible",)
    assert solution.result.typeset == ("x", "=", r"(A^TA + \lambda I)^{-1}A^Tb")
