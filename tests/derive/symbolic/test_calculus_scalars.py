"""Derivatives through traces, determinants and inverses that hold the variable; elementwise functions.

A trace or a determinant is a placeholder symbol in the canonical form; a derivative must go
through what it stands for (``d tr M = tr dM``, ``d det M = det M · tr(M⁻¹ dM)``,
``d M⁻¹ = -M⁻¹ dM M⁻¹``), never treat it as a constant.
"""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices import expressions as mx

from derive import results
from derive.checking import checker
from derive.symbolic import calculus, canonical, matrices, sympy_bridge

n = sympy.Symbol("n", integer=True, positive=True)
t = sympy.Symbol("t", real=True)
A = mx.MatrixSymbol("A", n, n)
B = mx.MatrixSymbol("B", 2, 2)
X = mx.MatrixSymbol("X", n, n)
x = mx.MatrixSymbol("x", n, 1)
I = mx.Identity(n)
T, Tr, Inv, Det = mx.Transpose, mx.Trace, mx.Inverse, mx.Determinant
SHIFTED = A + t * I
BUILDER = canonical.Builder()


def poly(expression: sympy.Basic) -> canonical.Poly:
    return sympy_bridge.from_sympy(expression)


def derivative(expression: sympy.Basic, order: int = 1) -> canonical.Poly:
    return calculus.derivative(BUILDER, poly(expression), t, order)


SCALAR_DERIVATIVES = [
    ("trace", Tr(t * A), 1, Tr(A)),
    ("trace of a shift", Tr(SHIFTED), 1, n),
    ("det of a scaled 2x2", Det(t * B), 1, 2 * t * Det(B)),
    ("det of a scaled 2x2, twice", Det(t * B), 2, 2 * Det(B)),
    ("Jacobi", Det(SHIFTED) + t, 1, Det(SHIFTED) * Tr(Inv(SHIFTED)) + 1),
    ("log det", sympy.log(Det(SHIFTED)), 1, Tr(Inv(SHIFTED))),
    ("log det, twice", sympy.log(Det(SHIFTED)), 2, -Tr(Inv(SHIFTED) * Inv(SHIFTED))),
    ("inverse", Inv(SHIFTED), 1, -Inv(SHIFTED) * Inv(SHIFTED)),
    ("trace of an inverse", Tr(Inv(SHIFTED)), 1, -Tr(Inv(SHIFTED) * Inv(SHIFTED))),
    ("quadratic form", T(x) * Inv(SHIFTED) * x, 1, -T(x) * Inv(SHIFTED) * Inv(SHIFTED) * x),
    ("rank one", Det(A + t * x * T(x)), 1, Det(A + t * x * T(x)) * (T(x) * Inv(A + t * x * T(x)) * x)),
    ("constant inverse", t * Inv(A), 1, Inv(A)),
    ("constant det", t**2 * Det(A), 1, 2 * t * Det(A)),
]


@pytest.mark.parametrize(
    ("function", "order", "expected"), [pytest.param(f, o, e, id=name) for name, f, o, e in SCALAR_DERIVATIVES]
)
def test_derivatives_go_through_traces_determinants_and_inverses(
    function: sympy.Basic, order: int, expected: sympy.Basic
) -> None:
    assert canonical.equal(derivative(function, order), poly(expected))


@pytest.mark.parametrize(
    "function", [Det(SHIFTED), Tr(Inv(SHIFTED)), sympy.log(Det(SHIFTED)), Inv(SHIFTED), Det(SHIFTED) + t]
)
def test_a_dependent_placeholder_is_never_a_constant(function: sympy.Basic) -> None:
    assert not derivative(function).is_zero()


def test_the_gradient_with_respect_to_a_scalar_is_the_derivative() -> None:
    assert canonical.equal(calculus.gradient(BUILDER, poly(Det(SHIFTED)), t), poly(Det(SHIFTED) * Tr(Inv(SHIFTED))))


GRADIENTS = [
    ("log det", sympy.log(Det(X)), X, T(Inv(X))),
    ("det", Det(X), X, Det(X) * T(Inv(X))),
    ("trace of an inverse", Tr(Inv(X)), X, -T(Inv(X)) * T(Inv(X))),
    ("rank one", Det(A + x * T(x)), x, Det(A + x * T(x)) * (Inv(A + x * T(x)) + T(Inv(A + x * T(x)))) * x),
]


@pytest.mark.parametrize(
    ("function", "variable", "expected"), [pytest.param(f, v, e, id=name) for name, f, v, e in GRADIENTS]
)
def test_gradients_through_determinants_and_inverses(
    function: sympy.Basic, variable: sympy.Basic, expected: sympy.Basic
) -> None:
    assert canonical.equal(calculus.gradient(BUILDER, poly(function), variable), poly(expected))


# --- end to end ------------------------------------------------------------------------------

DECLARE = r"Let $A \in \mathbb{R}^{n \times n}$, $B \in \mathbb{R}^{2 \times 2}$, $x \in \mathbb{R}^n$, $t \in \mathbb{R}$."


def _verdicts(*formulas: str, oracles: tuple[str, ...] | None = None) -> list[results.ClaimResult]:
    text = DECLARE + "\n\n" + "\n\n".join(f"$$ {formula} $$" for formula in formulas) + "\n"
    document = checker.check_text(text, oracles=oracles)
    assert len(document.claims) == len(formulas)
    return list(document.claims)


FALSE_DERIVATIVES = [
    r"\frac{d}{dt}(\det(A + tI) + t) = 1",
    r"\frac{d}{dt} \det(A + tI) = \det(A + tI)\operatorname{tr}(A + tI)",
    r"\frac{d}{dt} \operatorname{tr}((A + tI)^{-1}) = \operatorname{tr}((A + tI)^{-1}(A + tI)^{-1})",
]


def test_false_scalar_derivatives_through_determinants_fail() -> None:
    for claim in _verdicts(*FALSE_DERIVATIVES):
        assert claim.verdict == results.FAILED, (claim.latex, claim.message)
        symbolic = [e for e in claim.evidence if e.oracle == "symbolic"]
        assert all(e.agrees is not True for e in symbolic), claim.latex


def test_false_scalar_derivatives_are_not_proved_by_the_symbolic_oracle_alone() -> None:
    for claim in _verdicts(*FALSE_DERIVATIVES, oracles=("symbolic",)):
        assert claim.verdict not in results.PASSING, (claim.latex, claim.verdict)


TRUE_DERIVATIVES = [
    r"\frac{d}{dt} \operatorname{tr}(tA) = \operatorname{tr}(A)",
    r"\frac{d}{dt} \det(tB) = 2t\det(B)",
    r"\frac{d^2}{dt^2} \det(tB) = 2\det(B)",
    r"\frac{d}{dt} \log\det(A + tI) = \operatorname{tr}((A + tI)^{-1})",
    r"\frac{d}{dt} \det(A + tI) = \det(A + tI)\operatorname{tr}((A + tI)^{-1})",
    r"\frac{d}{dt} (A + tI)^{-1} = -(A + tI)^{-1}(A + tI)^{-1}",
    r"\frac{d}{dt} x^T (A + tI)^{-1} x = -x^T (A + tI)^{-1}(A + tI)^{-1} x",
]


def test_true_scalar_derivatives_through_determinants_pass() -> None:
    for claim in _verdicts(*TRUE_DERIVATIVES):
        assert claim.verdict in results.PASSING, (claim.latex, claim.verdict, claim.message)
        symbolic = [e for e in claim.evidence if e.oracle == "symbolic"]
        assert symbolic and symbolic[0].agrees is True, claim.latex


def test_the_derivative_of_a_shifted_trace_is_never_failed() -> None:
    (claim,) = _verdicts(r"\frac{d}{dt} \operatorname{tr}(A + tI) = n")
    assert claim.verdict != results.FAILED, claim.message


# --- elementwise functions -------------------------------------------------------------------


def test_elementwise_survives_being_rebuilt_by_sympy() -> None:
    y = mx.MatrixSymbol("y", n, 1)
    expression = T(matrices.Elementwise("exp", y)) * matrices.Elementwise("log", y)
    rebuilt = expression.doit()
    assert rebuilt == expression
    assert expression.xreplace({y: x}).args[0].arg.function == "exp"
    with pytest.raises(ValueError, match="no elementwise"):
        matrices.Elementwise("tan", y)


def test_elementwise_functions_under_a_transpose_or_a_norm() -> None:
    text = "Let $x \\in \\mathbb{R}^n$.\n\n" + "\n\n".join(
        [
            r"$$ \|\exp(x)\|_2^2 = \exp(x)^T\exp(x) $$",
            r"$$ \log(x \odot x) = 2\log(x) $$",
            r"$$ \|\exp(x)\|_2^2 = \exp(x)^T x $$",
        ]
    )
    right, logarithm, wrong = checker.check_text(text).claims
    assert right.verdict in (results.PROVED, results.CONSISTENT), right.message
    assert logarithm.verdict in results.PASSING, logarithm.message
    assert wrong.verdict == results.FAILED, wrong.message
