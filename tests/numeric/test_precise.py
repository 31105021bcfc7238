"""Fifty-digit evaluation agrees with exact arithmetic to far beyond float64."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

from numeric import errors, exact, instances, precise

N = sympy.Symbol("n", integer=True, positive=True)
A, X, S = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, 1), sympy.Symbol("v2")
ARGS = [A, X, S]


@pytest.mark.parametrize(
    "expr",
    [
        sympy.Inverse(A) * X,
        sympy.Determinant(A) * S**-3,
        sympy.Trace(sympy.MatPow(A, -2)) + sympy.Trace(sympy.HadamardProduct(A, A.T)),
        sympy.ImmutableMatrix([[S, 1 / S]]) * sympy.ImmutableMatrix([[1], [S]]),
    ],
)
@pytest.mark.parametrize("condition", [1.0, 1e10])
def test_fifty_digits_agree_with_exact_arithmetic(expr, condition: float) -> None:
    rng = np.random.default_rng(4)
    instance = {
        "v0": instances.full_rank(4, 4, rng, condition=condition),
        "v1": rng.standard_normal((4, 1)),
        "v2": 1.25,
    }
    found = precise.evaluate(expr, instance)
    truth = exact.evaluate(expr, instance)
    rows = truth if isinstance(truth, tuple) else ((truth,),)
    for found_row, true_row in zip(found.rows, rows):
        for got, want in zip(found_row, true_row):
            assert abs(Fraction(str(got)) - want) <= Fraction(1, 10**35) * max(1, abs(want))


def test_scalar_functions_at_fifty_digits() -> None:
    expr = sympy.exp(S) * sympy.log(S) + sympy.sqrt(S) + S ** sympy.Rational(1, 3)
    value = precise.evaluate(expr, {"v2": 2.0})
    with mpmath.workdps(70):  # e² log 2 + √2 + ∛2, computed independently with 70 digits
        expected = mpmath.e**2 * mpmath.log(2) + mpmath.sqrt(2) + mpmath.cbrt(2)
        assert abs(value.rows[0][0] - expected) < mpmath.mpf(10) ** -48
    cube = precise.evaluate(S ** sympy.Rational(1, 3), {"v2": -8.0})
    assert cube.as_float() == -2.0 and cube.shape == ()


@pytest.mark.parametrize(
    ("expr", "instance", "message"),
    [
        (sympy.Inverse(A), {"v0": np.array([[1.0, 2.0], [2.0, 4.0]])}, "singular at 50 digits"),
        (sympy.log(S), {"v2": -1.0}, "no real value"),
        (sympy.sqrt(S), {"v2": -1.0}, "no real value"),
        (1 / S, {"v2": 0.0}, "division by zero"),
    ],
)
def test_undefined_values_are_evaluation_errors(expr, instance, message: str) -> None:
    with pytest.raises(errors.EvaluationError, match=message):
        precise.evaluate(expr, instance)


def test_difference_and_shapes() -> None:
    one = precise.evaluate(sympy.Trace(X.T * X), {"v1": np.ones((3, 1))})
    matrix = precise.evaluate(X.T * X, {"v1": np.ones((3, 1))})
    column = precise.evaluate(X, {"v1": np.ones((3, 1))})
    assert precise.difference(one, matrix) == 0 and matrix.shape == (1, 1)
    assert precise.difference(one, column) is None
    with pytest.raises(errors.InvalidArgument, match="at least 16 digits"):
        precise.evaluate(X, {"v1": np.ones((3, 1))}, digits=8)
