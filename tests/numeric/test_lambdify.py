"""SymPy expressions compiled to NumPy and TensorFlow agree with hand-written NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import errors, lambdify

N = sympy.Symbol("n", integer=True, positive=True)
A = sympy.MatrixSymbol("v0", 3, 2)
C = sympy.MatrixSymbol("v1", 2, 3)
X = sympy.MatrixSymbol("v2", 2, 1)
S = sympy.MatrixSymbol("v3", 2, 2)
T = sympy.Symbol("v4")
ARGS = [A, C, X, S, T]

RNG = np.random.default_rng(7)
INSTANCE = {
    "v0": RNG.standard_normal((3, 2)),
    "v1": RNG.standard_normal((2, 3)),
    "v2": RNG.standard_normal((2, 1)),
    "v3": RNG.standard_normal((2, 2)) + 3 * np.eye(2),
    "v4": 0.75,
}
a, c, x, s, t = (INSTANCE[name] for name in ("v0", "v1", "v2", "v3", "v4"))

CASES = [
    ("product", A * C, a @ c),
    ("transpose of product", (A * C).T, (a @ c).T),
    ("matrix power", sympy.MatPow(S, 3), s @ s @ s),
    ("negative power", sympy.MatPow(S, -2), np.linalg.inv(s @ s)),
    ("inverse", sympy.Inverse(S), np.linalg.inv(s)),
    ("trace", sympy.Trace(A * C), float(np.trace(a @ c))),
    ("quadratic form", sympy.Trace(X.T * S * X), float((x.T @ s @ x)[0, 0])),
    (
        "inverse inside trace",
        sympy.Trace(X.T * sympy.Inverse(S) * X),
        float((x.T @ np.linalg.inv(s) @ x)[0, 0]),
    ),
    ("determinant", sympy.Determinant(S), float(np.linalg.det(s))),
    ("scalar times matrix", T * A, t * a),
    ("trace times matrix", sympy.Trace(X.T * X) * S, float((x.T @ x)[0, 0]) * s),
    (
        "sqrt exp log",
        sympy.sqrt(T) + sympy.exp(T) * sympy.log(T),
        np.sqrt(t) + np.exp(t) * np.log(t),
    ),
    ("rational power", T ** sympy.Rational(3, 2), t**1.5),
    ("reciprocal", 1 / T, 1 / t),
    (
        "constant matrix",
        sympy.ImmutableMatrix([[1, 2], [3, 4]]) * S,
        np.array([[1, 2], [3, 4]]) @ s,
    ),
    ("symbolic constant matrix", sympy.ImmutableMatrix([[T, 1]]) * X, np.array([[t, 1]]) @ x),
    ("identity", S + 2 * sympy.Identity(2), s + 2 * np.eye(2)),
    ("zero matrix", S + sympy.ZeroMatrix(2, 2), s),
    ("hadamard", sympy.HadamardProduct(A, A), a * a),
    ("constant", sympy.Integer(3), 3.0),
]


@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[case[0] for case in CASES])
def test_numpy_matches_hand_written(name: str, expr: sympy.Basic, expected: object) -> None:
    value = lambdify.to_numpy(expr, ARGS)(**INSTANCE)
    if isinstance(expected, float):
        assert isinstance(value, float)
        assert value == pytest.approx(expected, rel=1e-12)
    else:
        assert isinstance(value, np.ndarray) and value.dtype == np.float64
        np.testing.assert_allclose(value, expected, rtol=1e-12)


@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[case[0] for case in CASES])
def test_tensorflow_handles_the_same_expressions(
    name: str, expr: sympy.Basic, expected: object
) -> None:
    tensor = lambdify.to_tensorflow(expr, ARGS)(**INSTANCE)
    assert tensor.dtype.name == "float64"
    assert tuple(tensor.shape) == np.shape(expected)
    np.testing.assert_allclose(tensor.numpy(), expected, rtol=1e-12)


def test_numpy_and_tensorflow_agree_on_inverse_and_trace(least_squares) -> None:
    ls = least_squares
    expr = sympy.Trace(ls.b.T * ls.a * sympy.Inverse(ls.a.T * ls.a) * ls.a.T * ls.b) + sympy.exp(
        sympy.Trace(ls.x.T * ls.x) / 10
    )
    instance = ls.instance(np.random.default_rng(3), 5, 3)
    numpy_value = lambdify.to_numpy(expr, ls.args)(**instance)
    tensorflow_value = lambdify.to_tensorflow(expr, ls.args)(**instance)
    assert isinstance(numpy_value, float)
    assert tensorflow_value.shape == ()
    assert numpy_value == pytest.approx(float(tensorflow_value), rel=1e-12)


def test_callables_take_symbolic_dimensions_from_values(least_squares) -> None:
    gradient = lambdify.to_numpy(least_squares.gradient, least_squares.args)
    for k, n in [(1, 1), (4, 2), (2, 5)]:
        instance = least_squares.instance(np.random.default_rng(k * 10 + n), k, n)
        a, x, b = instance["v0"], instance["v1"], instance["v2"]
        np.testing.assert_allclose(gradient(**instance), 2 * a.T @ (a @ x - b), rtol=1e-12)


def test_extra_values_are_ignored() -> None:
    value = lambdify.to_numpy(sympy.Trace(X.T * X), [X])(v2=np.array([[3.0], [4.0]]), other=1.0)
    assert value == 25.0


def test_dimensions_make_constant_matrices_concrete() -> None:
    square = sympy.MatrixSymbol("v0", N, N)
    function = lambdify.to_numpy(square + sympy.Identity(N), [square], dimensions={"n": 2})
    np.testing.assert_array_equal(function(v0=np.ones((2, 2))), [[2.0, 1.0], [1.0, 2.0]])


@pytest.mark.parametrize(
    ("expr", "args", "message"),
    [
        (
            sympy.MatrixSymbol("v0", N, N) + sympy.Identity(N),
            [sympy.MatrixSymbol("v0", N, N)],
            "I has symbolic size (n, n); pass dimensions=",
        ),
        (sympy.Function("g")(T), [T], "cannot compile g(v4)"),
    ],
)
def test_unsupported_expressions_are_refused(expr: sympy.Basic, args: list, message: str) -> None:
    for compile_to in (lambdify.to_numpy, lambdify.to_tensorflow):
        with pytest.raises(
            errors.UnsupportedError, match=message.replace("(", r"\(").replace(")", r"\)")
        ):
            compile_to(expr, args)


@pytest.mark.parametrize(
    ("expr", "values"),
    [
        (sympy.Inverse(S), {"v3": np.array([[1.0, 2.0], [2.0, 4.0]])}),
        (sympy.Inverse(S), {"v3": np.zeros((2, 2))}),
        (sympy.MatPow(S, -1), {"v3": np.array([[1.0, 1.0], [1.0, 1.0]])}),
        (sympy.log(T), {"v4": -1.0}),
        (sympy.sqrt(T), {"v4": -4.0}),
        (1 / T, {"v4": 0.0}),
        (T ** sympy.Rational(1, 3), {"v4": -8.0}),
        (sympy.exp(T), {"v4": 1e4}),
    ],
)
def test_values_outside_the_domain_raise_evaluation_error(expr: sympy.Basic, values: dict) -> None:
    with pytest.raises(errors.EvaluationError):
        lambdify.to_numpy(expr, [S, T])(**{"v3": np.eye(2), "v4": 1.0, **values})


def test_tensorflow_singular_inverse_raises_evaluation_error() -> None:
    with pytest.raises(errors.EvaluationError, match="not invertible"):
        lambdify.to_tensorflow(sympy.Inverse(S), [S])(v3=np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"v0": np.ones((3, 2))}, r"no value for v2; the instance has \['v0'\]"),
        (
            {"v0": np.ones((3, 2)), "v2": np.ones((3, 1))},
            r"v2 has shape \(2, 1\), but its value has shape \(3, 1\)",
        ),
        (
            {"v0": np.ones((3, 2)), "v2": np.ones(2)},
            r"v2 has shape \(2, 1\), but its value has shape \(2,\)",
        ),
    ],
)
def test_bad_instances_are_reported(values: dict, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        lambdify.to_numpy(A * X, [A, X])(**values)


def test_symbolic_dimensions_must_bind_consistently(least_squares) -> None:
    instance = {"v0": np.ones((3, 2)), "v1": np.ones((3, 1)), "v2": np.ones((3, 1))}
    with pytest.raises(errors.InvalidArgument, match=r"dimensions seen so far: \{'k': 3, 'n': 2\}"):
        lambdify.to_numpy(least_squares.objective, least_squares.args)(**instance)


def test_scalar_converts_one_by_one_values() -> None:
    assert lambdify.scalar(np.array([[2.5]])) == 2.5
    assert lambdify.scalar(np.float64(1.5)) == 1.5
    with pytest.raises(errors.InvalidArgument, match=r"shape \(2, 1\)"):
        lambdify.scalar(np.ones((2, 1)))



def test_an_entrywise_power_compiles_for_both_backends() -> None:
    x = sympy.MatrixSymbol("v0", 3, 1)
    value = np.array([[1.0], [2.0], [-4.0]])
    expression = sympy.HadamardProduct(sympy.HadamardPower(x, 2), sympy.HadamardPower(x, -1))  # x ⊙ x ⊙ x^{∘-1} = x
    np.testing.assert_allclose(lambdify.to_numpy(expression, [x])(v0=value), value)
    np.testing.assert_allclose(lambdify.to_tensorflow(expression, [x])(v0=value).numpy(), value)
    with pytest.raises(errors.UnsupportedError):
        lambdify.to_numpy(sympy.HadamardPower(x, sympy.Symbol("k")), [x])


def test_a_300_factor_nested_hadamard_product_compiles() -> None:
    # printed nested, it passed Python's limit of 200 parentheses (SyntaxError)
    nested: sympy.Basic = X
    for _ in range(299):
        nested = sympy.HadamardProduct(X, nested, evaluate=False)
    function = lambdify.to_numpy(nested, [X])
    scaled = x / np.max(np.abs(x))
    np.testing.assert_allclose(function(v2=scaled), scaled**300)
