"""Entries (``A[0, 1]``) and slices (``A[:1, :]``), read alike by every evaluator, against NumPy."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
import sympy

from numeric import (
    batch,
    degree,
    errors,
    exact,
    floating,
    instances,
    interpreter,
    magnitude,
    precise,
    rational,
    supported,
    values,
)

A = sympy.MatrixSymbol("v0", 4, 3)
B = sympy.MatrixSymbol("v1", 3, 4)
X = sympy.MatrixSymbol("v2", 3, 1)
Y = sympy.MatrixSymbol("v3", 4, 1)
S = sympy.MatrixSymbol("v4", 3, 3)
K, N = sympy.symbols("k n", integer=True, positive=True)
W = sympy.MatrixSymbol("w0", K, N)  # symbolic sizes: slice stops and indices hold k and n
Z = sympy.MatrixSymbol("w1", N, 1)
T = sympy.MatrixSymbol("w2", N, N)
ARGS = [A, B, X, Y, S, W, Z, T]
I = sympy.Symbol("i", integer=True)


def _instance(rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {
        "v0": rng.standard_normal((4, 3)),
        "v1": rng.standard_normal((3, 4)),
        "v2": rng.standard_normal((3, 1)),
        "v3": rng.standard_normal((4, 1)),
        "v4": rng.standard_normal((3, 3)) + 3 * np.eye(3),
        "w0": rng.standard_normal((5, 2)),  # k = 5, n = 2
        "w1": rng.standard_normal((2, 1)),
        "w2": rng.standard_normal((2, 2)) + 3 * np.eye(2),
    }


def _squared_rows(a, x, y, rows) -> sympy.Expr:
    """Σ_i (a_iᵀ x − y_i)² over ``rows``, with a_iᵀ the row slice a[i:i+1, :]."""
    return sympy.Add(*[(sympy.Trace(a[i : i + 1, :] * x) - y[i, 0]) ** 2 for i in rows])


def _residual_products(a, x, y, rows) -> sympy.MatrixExpr:
    """Σ_i r_iᵀ r_i with r_i = a[i:i+1, :] x − y[i:i+1, :], a 1x1 matrix."""
    residuals = [a[i : i + 1, :] * x - y[i : i + 1, :] for i in rows]
    return sympy.MatAdd(*[r.T * r for r in residuals])


RESIDUAL = A * X - Y

Case = tuple[str, sympy.Basic, Callable[[dict[str, np.ndarray]], object]]
CASES: list[Case] = [
    (
        "entries and a sliced product",
        A[0, 1] * B[1, 0] + sympy.Trace(A[:1, :] * X),
        lambda v: v["v0"][0, 1] * v["v1"][1, 0] + (v["v0"][:1] @ v["v2"])[0, 0],
    ),
    (
        "entry of a sliced product, as SymPy expands it",
        A[0, 1] * B[1, 0] + (A[:1, :] * X)[0, 0],
        lambda v: v["v0"][0, 1] * v["v1"][1, 0] + (v["v0"][:1] @ v["v2"])[0, 0],
    ),
    (
        "sum of squared row residuals",
        _squared_rows(A, X, Y, range(4)),
        lambda v: float(np.sum((v["v0"] @ v["v2"] - v["v3"]) ** 2)),
    ),
    (
        "sum of 1x1 residual products",
        _residual_products(A, X, Y, range(4)),
        lambda v: (v["v0"] @ v["v2"] - v["v3"]).T @ (v["v0"] @ v["v2"] - v["v3"]),
    ),
    (
        "entry of the residual's square",
        (RESIDUAL.T * RESIDUAL)[0, 0],
        lambda v: float(np.sum((v["v0"] @ v["v2"] - v["v3"]) ** 2)),
    ),
    (
        "stepped slices multiplied",
        A[::2, 1:] * B[1:, ::2],
        lambda v: v["v0"][::2, 1:] @ v["v1"][1:, ::2],
    ),
    (
        "slice counted as SymPy counts it",  # rows 0:3:2 are ⌊3/2⌋ = 1 row, not Python's 2
        sympy.MatrixSlice(A, (0, 3, 2), (0, 3, 1)),
        lambda v: v["v0"][0:1, :],
    ),
    (
        "reversed slice",  # rows 3, 2, 1: a negative step counts down
        sympy.MatrixSlice(A, (3, 0, -1), (2, 3, 1)),
        lambda v: v["v0"][3:0:-1, 2:3],
    ),
    (
        "negative entry indices",
        A[-1, 0] + A[-2, -1],
        lambda v: v["v0"][-1, 0] + v["v0"][-2, -1],
    ),
    (
        "slice of a product",
        (A * B)[1:3, 1:],
        lambda v: (v["v0"] @ v["v1"])[1:3, 1:],
    ),
    (
        "slice of an inverse times an entry of a transpose",
        sympy.Inverse(S)[1:, :1] * A.T[2, 0],
        lambda v: np.linalg.inv(v["v4"])[1:, :1] * v["v0"][0, 2],
    ),
    (
        "slice with a symbolic stop",
        W[1:, :] * Z,
        lambda v: v["w0"][1:] @ v["w1"],
    ),
    (
        "entry at symbolic last indices",
        W[K - 1, N - 1] * sympy.Trace(W[:1, :] * Z),
        lambda v: v["w0"][-1, -1] * (v["w0"][:1] @ v["w1"])[0, 0],
    ),
    (
        "slice of an inverse of symbolic size",
        sympy.Inverse(T)[1:, :] * Z,
        lambda v: np.linalg.inv(v["w2"])[1:] @ v["w1"],
    ),
]


def _exact_with(backend: str) -> Callable[[sympy.Basic, dict[str, np.ndarray]], object]:
    def evaluate(expr: sympy.Basic, instance: dict[str, np.ndarray]) -> object:
        if backend == "flint" and rational.flint_module() is None:
            pytest.skip("python-flint is not installed")
        return rational.as_float(exact.evaluate(expr, instance, backend=backend))

    return evaluate


def _precise(expr: sympy.Basic, instance: dict[str, np.ndarray]) -> object:
    return precise.evaluate(expr, instance).as_float()


def _batched(expr: sympy.Basic, instance: dict[str, np.ndarray]) -> object:
    return batch.to_numpy_batched(expr, ARGS)(**values.stack([instance]))[0]


EVALUATORS = {
    "exact-flint": _exact_with("flint"),
    "exact-fractions": _exact_with("fractions"),
    "precise": _precise,
    "batched": _batched,
}


@pytest.mark.parametrize("evaluator", EVALUATORS.values(), ids=EVALUATORS.keys())
@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[case[0] for case in CASES])
def test_every_evaluator_reads_entries_and_slices(name: str, expr, expected, evaluator) -> None:
    instance = _instance(np.random.default_rng(23))
    want = expected(instance)
    found = evaluator(expr, instance)
    assert np.shape(found) == np.shape(want)
    np.testing.assert_allclose(found, want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[case[0] for case in CASES])
def test_batched_entries_and_slices_match_a_loop_over_instances(name: str, expr, expected) -> None:
    rng = np.random.default_rng(5)
    batch_of = [_instance(rng) for _ in range(6)]
    found = batch.to_numpy_batched(expr, ARGS)(**values.stack(batch_of))
    looped = np.array([np.asarray(expected(instance), dtype=np.float64) for instance in batch_of])
    assert found.shape == looped.shape
    np.testing.assert_allclose(found, looped, rtol=1e-12, atol=1e-14)


def _specs(*symbols: sympy.MatrixSymbol, sizes: dict | None = None) -> list[instances.Spec]:
    return [
        instances.Spec(
            symbol.name, tuple(interpreter.size(side, sizes or {}) for side in symbol.shape)
        )
        for symbol in symbols
    ]


SQUARED_NORM = (RESIDUAL.T * RESIDUAL)[0, 0]
W_RESIDUAL = W * Z - sympy.MatrixSymbol("w3", K, 1)
W_SPECS = _specs(W, Z, sympy.MatrixSymbol("w3", K, 1), sizes={"k": 5, "n": 2})
IDENTITIES = [  # (name, lhs, rhs, specs, holds)
    (
        "squared rows sum to the squared norm",
        _squared_rows(A, X, Y, range(4)),
        SQUARED_NORM,
        _specs(A, X, Y),
        True,
    ),
    (
        "1x1 residual products sum to the Gram product",
        _residual_products(A, X, Y, range(4)),
        RESIDUAL.T * RESIDUAL,
        _specs(A, X, Y),
        True,
    ),
    (
        "squared rows with symbolic sizes",
        _squared_rows(W, Z, sympy.MatrixSymbol("w3", K, 1), range(5)),
        sympy.Trace(W_RESIDUAL.T * W_RESIDUAL),
        W_SPECS,
        True,
    ),
    (
        "a row left out",
        _squared_rows(A, X, Y, range(3)),
        SQUARED_NORM,
        _specs(A, X, Y),
        False,
    ),
    (
        "each row paired with the next entry of b",
        sympy.Add(*[(sympy.Trace(A[i : i + 1, :] * X) - Y[(i + 1) % 4, 0]) ** 2 for i in range(4)]),
        SQUARED_NORM,
        _specs(A, X, Y),
        False,
    ),
]


@pytest.mark.parametrize("backend", rational.BACKENDS)
@pytest.mark.parametrize(
    ("name", "lhs", "rhs", "specs", "holds"), IDENTITIES, ids=[case[0] for case in IDENTITIES]
)
def test_exact_check_of_the_sum_of_squares(
    name: str, lhs, rhs, specs, holds: bool, backend: str
) -> None:
    if backend == "flint" and rational.flint_module() is None:
        pytest.skip("python-flint is not installed")
    check = exact.check_identity(lhs, rhs, specs, np.random.default_rng(11), backend=backend)
    assert check.agreed is holds
    assert check.backend == backend
    if holds:
        # (a_iᵀx − b_i)² has degree 4 in the sampled entries; no divisions, so q = 0
        assert (check.degree, check.singular_degree) == (4, 0)
        assert check.error_bound == Fraction(4, 2001) ** 3
    else:
        assert check.failing is not None and check.error_bound is None
        assert "differ exactly" in check.detail
        left, right = (exact.evaluate(side, check.failing) for side in (lhs, rhs))
        assert not rational.same(left, right)


def test_degrees_of_entries_and_slices_are_their_parents() -> None:
    entries = {"v0": 1, "v1": 1, "v4": 1}
    assert degree.rational_degree(A[0, 1] * B[1, 0], entries, {}).numerator == 2
    whole = degree.rational_degree(sympy.Inverse(S), entries, {})
    part = degree.rational_degree(sympy.Inverse(S)[1:, :1], entries, {})
    assert (part.numerator, part.denominator_degree) == (whole.numerator, whole.denominator_degree)
    assert (part.numerator, part.denominator_degree) == (2, 3)  # adj(S) / det(S)
    found = degree.identity_degree(
        _squared_rows(A, X, Y, range(4)), SQUARED_NORM, {"v0": 1, "v2": 1, "v3": 1}, {}
    )
    assert found is not None and (found.difference, found.singular) == (4, 0)


SYMBOLIC = [  # (name, expression, message)
    ("a summation index in an entry", A[I, 0] * X[0, 0], r"the symbolic index i in v0\[i, 0\]"),
    (
        "a summation index in a slice",
        sympy.Trace(A[I : I + 1, :] * X),
        r"the symbolic index i in v0\[i:i \+ 1, :\]: the evaluators need concrete indices",
    ),
]


@pytest.mark.parametrize(("name", "expr", "message"), SYMBOLIC, ids=[case[0] for case in SYMBOLIC])
def test_symbolic_indices_are_refused_everywhere(name: str, expr, message: str) -> None:
    instance = _instance(np.random.default_rng(1))
    refusals = [
        lambda: supported.check_supported(expr),
        lambda: batch.to_numpy_batched(expr, ARGS),
        lambda: exact.evaluate(expr, instance, backend="fractions"),
        lambda: precise.evaluate(expr, instance),
        lambda: exact.check_identity(
            expr, expr, _specs(A, X), np.random.default_rng(0), backend="fractions"
        ),
    ]
    for refuse in refusals:
        with pytest.raises(errors.UnsupportedError, match=message):
            refuse()


@pytest.mark.parametrize(
    "expr", [W[K - 1, 0], W[1:, :], sympy.Inverse(T)[N - 1 :, :1], A[-1, ::2]]
)
def test_indices_in_the_shape_symbols_are_supported(expr) -> None:
    supported.check_supported(expr)


OUT_OF_RANGE = [  # SymPy cannot tell while k is a symbol; at k = 5 these leave W
    ("an entry past the last row", W[5, 0]),
    ("a slice past the last row", W[3:7, :]),
]
BATCHED_MESSAGES = {  # the batched evaluator does not substitute sizes into the tree
    "an entry past the last row": "index 5 is out of range for a side of length 5",
    "a slice past the last row": r"the slice 3:7:1 .* picks range\(3, 7\), not a non-empty",
}


@pytest.mark.parametrize(("name", "expr"), OUT_OF_RANGE, ids=[case[0] for case in OUT_OF_RANGE])
@pytest.mark.parametrize("evaluator", EVALUATORS.values(), ids=EVALUATORS.keys())
def test_indices_out_of_range_are_named(name: str, expr, evaluator) -> None:
    if evaluator is _batched:
        message = BATCHED_MESSAGES[name]
    else:
        sizes = r"an index leaves its matrix at the sizes \{'k': 5, 'n': 2\}"
        message = sizes + ".*" + re.escape(str(expr))
    with pytest.raises(errors.InvalidArgument, match=message):
        evaluator(expr, _instance(np.random.default_rng(2)))


def test_magnitudes_of_entries_and_slices_select_their_parents() -> None:
    stacked = values.stack([_instance(np.random.default_rng(seed)) for seed in range(4)])
    expr = (A * B)[1:3, 1:] * A[-1, 2]
    value, size = magnitude.evaluate(batch.to_numpy_batched(expr, ARGS), stacked)
    a, b = stacked["v0"], stacked["v1"]
    np.testing.assert_allclose(value, (a @ b)[:, 1:3, 1:] * a[:, -1:, 2:3], rtol=1e-12)
    np.testing.assert_allclose(size, (np.abs(a) @ np.abs(b))[:, 1:3, 1:] * np.abs(a[:, -1:, 2:3]))


@pytest.mark.parametrize(
    ("lhs", "holds"),
    [(_squared_rows(A, X, Y, range(4)), True), (_squared_rows(A, X, Y, range(3)), False)],
    ids=["all rows", "a row left out"],
)
def test_float_oracle_on_the_sum_of_squares(lhs, holds: bool) -> None:
    stacked = values.stack([_instance(np.random.default_rng(seed)) for seed in range(8)])
    left, right = (batch.to_numpy_batched(side, ARGS) for side in (lhs, SQUARED_NORM))
    # rtol = 0: only the rounding-error magnitudes and the 50-digit arbiter can let it pass
    comparison = floating.compare_batched(left, right, stacked, rtol=0.0)
    assert comparison.agreed is holds
