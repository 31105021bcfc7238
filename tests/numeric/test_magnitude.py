"""Rounding-error magnitudes bound the actual float64 error, and grow with the conditioning."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import batch, floating, instances, magnitude, precise, values

N = sympy.Symbol("n", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)
X, S = sympy.MatrixSymbol("v2", N, 1), sympy.Symbol("v3")
ARGS = [A, C, X, S]
A_INV = sympy.Inverse(A)

EXPRESSIONS = [
    ("cancelling sum", sympy.Trace(X.T * A * X) - sympy.Trace(X.T * A.T * X)),
    ("product chain", A * C * A.T * X),
    ("inverse", A_INV * X),
    ("inverse of a product", sympy.Inverse(A * C)),
    ("Woodbury-like", sympy.Inverse(A + X * X.T) - A_INV),
    ("determinant", sympy.Determinant(A * C)),
    ("scalar functions", sympy.exp(S) * sympy.log(S**2) + sympy.sqrt(S**2) / S),
    ("entrywise", sympy.HadamardProduct(A, C).T * X),
]


def _batch(condition: float | None, seed: int = 0, count: int = 40) -> dict:
    specs = [
        instances.Spec("v0", (4, 4), condition=condition),
        instances.Spec("v1", (4, 4)),
        instances.Spec("v2", (4, 1)),
        instances.Spec("v3", None, positive_definite=True),
    ]
    return instances.draw_float_batch(specs, np.random.default_rng(seed), count)


@pytest.mark.parametrize("condition", [None, 1e6, 1e10])
@pytest.mark.parametrize(("name", "expr"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_magnitude_bounds_the_actual_rounding_error(name: str, expr, condition) -> None:
    stacked = _batch(condition)
    value, size = magnitude.evaluate(batch.to_numpy_batched(expr, ARGS), stacked)
    np.testing.assert_array_equal(value, batch.to_numpy_batched(expr, ARGS)(**stacked))
    assert np.all(size >= np.abs(value) * (1 - 1e-12))
    u = np.finfo(np.float64).eps / 2
    for index in range(0, 40, 4):
        exact = precise.evaluate(expr, values.unstack(stacked, index)).as_float()
        error = np.max(np.abs(np.asarray(value[index]) - exact))
        allowed = floating.SLACK * u * np.max(size[index])
        assert error <= allowed, (index, error, allowed)


def test_magnitude_of_an_inverse_carries_the_condition_number() -> None:
    for condition in (1e2, 1e6, 1e10):
        stacked = _batch(condition, count=10)
        value, size = magnitude.evaluate(batch.to_numpy_batched(A_INV, ARGS), stacked)
        ratio = np.max(size, axis=(1, 2)) / np.max(np.abs(value), axis=(1, 2))
        assert np.all(ratio >= 0.01 * condition) and np.all(ratio <= 100 * condition)


def test_magnitude_of_a_cancelling_sum_is_the_size_of_its_terms() -> None:
    stacked = _batch(None, count=10)
    stacked["v0"] = stacked["v0"] * 1e6
    cancelling = sympy.Trace(X.T * A * X) - sympy.Trace(X.T * A.T * X)
    value, size = magnitude.evaluate(batch.to_numpy_batched(cancelling, ARGS), stacked)
    assert np.all(np.abs(value) < 1e-6) and np.all(size > 1e5)
