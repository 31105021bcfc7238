"""Batched evaluation agrees with one instance at a time, and marks undefined instances."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import batch, errors, instances, lambdify, values

N = sympy.Symbol("n", integer=True, positive=True)
A = sympy.MatrixSymbol("v0", 3, 2)
C = sympy.MatrixSymbol("v1", 2, 3)
X = sympy.MatrixSymbol("v2", 2, 1)
S = sympy.MatrixSymbol("v3", 2, 2)
T = sympy.Symbol("v4")
ARGS = [A, C, X, S, T]


def _instance(rng: np.random.Generator) -> dict:
    return {
        "v0": rng.standard_normal((3, 2)),
        "v1": rng.standard_normal((2, 3)),
        "v2": rng.standard_normal((2, 1)),
        "v3": rng.standard_normal((2, 2)) + 3 * np.eye(2),
        "v4": float(rng.uniform(0.5, 2.0)),
    }


RNG = np.random.default_rng(17)
INSTANCE, *OTHERS = (_instance(RNG) for _ in range(3))
a, c, x, s, t = (INSTANCE[name] for name in ("v0", "v1", "v2", "v3", "v4"))

CASES = [
    ("product", A * C, a @ c),
    ("transpose of product", (A * C).T, (a @ c).T),
    ("chain of three", A * C * A, a @ c @ a),
    ("matrix power", sympy.MatPow(S, 3), s @ s @ s),
    ("negative power", sympy.MatPow(S, -2), np.linalg.inv(s @ s)),
    ("inverse", sympy.Inverse(S), np.linalg.inv(s)),
    ("trace", sympy.Trace(A * C), float(np.trace(a @ c))),
    ("quadratic form", sympy.Trace(X.T * S * X), float((x.T @ s @ x)[0, 0])),
    ("determinant", sympy.Determinant(S), float(np.linalg.det(s))),
    ("scalar times matrix", T * A, t * a),
    ("trace times matrix", sympy.Trace(X.T * X) * S, float((x.T @ x)[0, 0]) * s),
    (
        "sqrt exp log",
        sympy.sqrt(T) + sympy.exp(T) * sympy.log(T),
        np.sqrt(t) + np.exp(t) * np.log(t),
    ),
    ("rational power", T ** sympy.Rational(3, 2), t**1.5),
    ("cube root", T ** sympy.Rational(1, 3), t ** (1 / 3)),
    ("reciprocal", 1 / T, 1 / t),
    (
        "constant matrix",
        sympy.ImmutableMatrix([[1, 2], [3, 4]]) * S,
        np.array([[1, 2], [3, 4]]) @ s,
    ),
    ("symbolic constant matrix", sympy.ImmutableMatrix([[T, 1]]) * X, np.array([[t, 1]]) @ x),
    ("identity", S + 2 * sympy.Identity(2), s + 2 * np.eye(2)),
    ("zero and ones", S + sympy.ZeroMatrix(2, 2) + sympy.OneMatrix(2, 2), s + 1),
    ("hadamard", sympy.HadamardProduct(A, C.T), a * c.T),
    ("absolute value", sympy.Abs(sympy.Trace(X.T * S * X)), abs(float((x.T @ s @ x)[0, 0]))),
    ("constant", sympy.Integer(3), 3.0),
]


@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[case[0] for case in CASES])
def test_batched_evaluation_matches_one_instance_at_a_time(
    name: str, expr: sympy.Basic, expected: object
) -> None:
    stacked = values.stack([INSTANCE, *OTHERS])
    result = batch.to_numpy_batched(expr, ARGS)(**stacked)
    single = lambdify.to_numpy(expr, ARGS)
    shape = np.shape(expected)
    assert result.shape == (3, *shape) and result.dtype == np.float64
    np.testing.assert_allclose(result[0], expected, rtol=1e-12)
    for index, other in enumerate(OTHERS, start=1):
        np.testing.assert_allclose(result[index], single(**other), rtol=1e-12)


def test_batched_inverse_marks_only_the_singular_instances() -> None:
    stacked = values.stack([INSTANCE, *OTHERS])
    stacked["v3"][1] = np.array([[1.0, 2.0], [2.0, 4.0]])
    result = batch.to_numpy_batched(sympy.Inverse(S) * X, ARGS)(**stacked)
    assert np.all(np.isnan(result[1])) and np.all(np.isfinite(result[[0, 2]]))
    np.testing.assert_allclose(result[0], np.linalg.inv(s) @ x, rtol=1e-12)
    logarithm = batch.to_numpy_batched(sympy.log(T - 1), ARGS)
    logs = logarithm(**{**stacked, "v4": np.array([2.0, 0.5, 1.0])})
    assert logs[0] == 0.0 and np.isnan(logs[1]) and logs[2] == -np.inf


def test_entrywise_powers_which_the_printer_lacks() -> None:
    stacked = values.stack([INSTANCE, *OTHERS])
    result = batch.to_numpy_batched(sympy.HadamardPower(A, 3), ARGS)(**stacked)
    np.testing.assert_allclose(result, stacked["v0"] ** 3, rtol=1e-15)


def test_batched_constants_broadcast_over_the_batch() -> None:
    stacked = values.stack([INSTANCE, *OTHERS])
    twice = batch.to_numpy_batched(sympy.Identity(N) * 2, [sympy.MatrixSymbol("v3", N, N)])
    result = twice(**stacked)
    np.testing.assert_array_equal(result, np.broadcast_to(2 * np.eye(2), (3, 2, 2)))


@pytest.mark.parametrize(
    ("stacked", "message"),
    [
        ({"v0": np.ones((3, 3, 2))}, r"no value for v4"),
        ({"v0": np.ones((3, 2)), "v4": np.ones(3)}, r"stack it as \(batch, rows, cols\)"),
        ({"v0": np.ones((3, 3, 2)), "v4": np.ones((3, 1))}, r"stack it as \(batch,\)"),
        ({"v0": np.ones((3, 3, 2)), "v4": np.ones(4)}, "one batch size"),
        (
            {"v0": np.ones((3, 2, 2)), "v4": np.ones(3)},
            r"v0 has shape \(3, 2\), but its value has shape \(2, 2\)",
        ),
    ],
)
def test_batched_refuses_malformed_stacks(stacked, message: str) -> None:
    function = batch.to_numpy_batched(T * A, [A, T])
    with pytest.raises(errors.InvalidArgument, match=message):
        function(**stacked)


def test_batched_refuses_unsupported_expressions_before_evaluating() -> None:
    with pytest.raises(errors.UnsupportedError, match="cannot evaluate tan"):
        batch.to_numpy_batched(sympy.tan(T) * A, [A, T])


@pytest.mark.parametrize("condition", [1e2, 1e13, 1e15, 1e18])
def test_inverse_refuses_exactly_what_to_numpy_refuses(condition: float) -> None:
    """κ₁ screens the stack; the SVD settles the band where κ₁ leaves κ₂ open."""
    rng = np.random.default_rng(5)
    matrices = np.stack([instances.full_rank(5, 5, rng, condition=condition) for _ in range(20)])
    result = batch.inverse(matrices)
    symbol = sympy.MatrixSymbol("v0", 5, 5)
    single = lambdify.to_numpy(sympy.Inverse(symbol), [symbol])
    for matrix, inverted in zip(matrices, result):
        try:
            expected = single(v0=matrix)
        except errors.EvaluationError:
            assert np.all(np.isnan(inverted))
        else:
            np.testing.assert_array_equal(inverted, expected)


def test_inverse_of_a_stack_with_an_exactly_singular_matrix() -> None:
    stack = np.stack([np.eye(3), np.zeros((3, 3)), 2 * np.eye(3), np.full((3, 3), np.inf)])
    result = batch.inverse(stack)
    np.testing.assert_array_equal(result[0], np.eye(3))
    np.testing.assert_array_equal(result[2], np.eye(3) / 2)
    assert np.all(np.isnan(result[1])) and np.all(np.isnan(result[3]))
