"""Degree bounds of expressions as rational functions of their entries."""

from __future__ import annotations

import pytest
import sympy

from numeric import degree

N = sympy.Symbol("n", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)
R = sympy.MatrixSymbol("v2", 4, N)  # 4 x 3 with n = 3
X = sympy.MatrixSymbol("v3", N, 1)
P = sympy.MatrixSymbol("v4", N, N)  # positive definite: entries of degree 2
DIMS = {"n": 3}
ENTRY_DEGREES = {"v4": 2}

# (expression, numerator degree, denominator degree) for n = 3
CASES = [
    ("entry", A, 1, 0),
    ("constant", 3 * sympy.Identity(N), 0, 0),
    ("product", A * C * A, 3, 0),
    ("sum keeps the larger", A * C + A, 2, 0),
    ("trace and transpose", sympy.Trace(A.T * C), 2, 0),
    ("determinant: n times", sympy.Determinant(A), 3, 0),
    ("positive definite entries", sympy.Trace(X.T * P * X), 4, 0),
    ("inverse: adj over det", sympy.Inverse(A), 2, 3),
    ("inverse of a Gram matrix", sympy.Inverse(R.T * R), 4, 6),
    ("same inverse twice: one factor", sympy.Inverse(A) * C + sympy.Inverse(A), 3, 3),
    ("square of an inverse", sympy.MatPow(A, -2), 4, 6),
    ("two inverses: lcm is the product", sympy.Inverse(A) + sympy.Inverse(C), 5, 6),
    ("determinant of an inverse", sympy.Determinant(sympy.Inverse(A)), 6, 9),
    ("reciprocal of a scalar", 1 / sympy.Trace(X.T * X), 0, 2),
    ("solution formula", sympy.Inverse(R.T * R) * R.T * sympy.MatrixSymbol("v5", 4, 1), 6, 6),
]


@pytest.mark.parametrize(
    ("name", "expr", "numerator", "denominator"), CASES, ids=[case[0] for case in CASES]
)
def test_rational_degree(name: str, expr, numerator: int, denominator: int) -> None:
    found = degree.rational_degree(expr, ENTRY_DEGREES, DIMS)
    assert (found.numerator, found.denominator_degree) == (numerator, denominator)


@pytest.mark.parametrize(
    ("lhs", "rhs", "difference", "singular"),
    [
        ((A * C).T, C.T * A.T, 2, 0),
        (sympy.Determinant(A * C), sympy.Determinant(A) * sympy.Determinant(C), 6, 0),
        # over lcm(det(AC), det A det C) of degree 12: 4 + 12 − 6 on both sides
        (sympy.Inverse(A * C), sympy.Inverse(C) * sympy.Inverse(A), 10, 12),
        # det A and det Aᵀ count as two factors: a safe over-estimate
        (sympy.Transpose(sympy.Inverse(A)), sympy.Inverse(A.T), 5, 6),
    ],
)
def test_identity_degree(lhs, rhs, difference: int, singular: int) -> None:
    found = degree.identity_degree(lhs, rhs, {}, DIMS)
    assert (found.difference, found.singular) == (difference, singular)


@pytest.mark.parametrize(
    "expr", [sympy.sqrt(sympy.Trace(X.T * X)), sympy.exp(sympy.Trace(A)), sympy.Abs(sympy.Trace(A))]
)
def test_roots_and_transcendental_functions_have_no_degree(expr) -> None:
    assert degree.identity_degree(expr, expr, {}, DIMS) is None
    with pytest.raises(degree.NotRational):
        degree.rational_degree(expr, {}, DIMS)
