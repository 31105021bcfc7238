"""Tests for numeric.differences: finite-difference gradient and Hessian checks."""

from __future__ import annotations


import numpy as np
import pytest
import sympy

from numeric import differences, errors, lambdify

N = sympy.Symbol("n", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)


# Scalar functions of x (n x 1) with b (n x 1), A (k x n), M (n x n), s a scalar; each with
# its right gradient and Hessian, and claims that are wrong by a factor, a term or a transpose.
X, B, M, T = (
    sympy.MatrixSymbol("v1", N, 1),
    sympy.MatrixSymbol("v2", N, 1),
    sympy.MatrixSymbol("v3", N, N),
    sympy.Symbol("v4"),
)
XX, BX = sympy.Trace(X.T * X), sympy.Trace(B.T * X)
ARGS = [X, B, M, T]


def _instance(seed: int, n: int = 4, scale: float = 1.0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "v1": scale * rng.standard_normal((n, 1)),
        "v2": rng.standard_normal((n, 1)),
        "v3": rng.standard_normal((n, n)),
        "v4": float(rng.uniform(0.5, 2.0)),
    }


GRADIENTS = [
    ("quadratic form", sympy.Trace(X.T * M * X), (M + M.T) * X, True, "v1"),
    ("quadratic form, symmetric formula", sympy.Trace(X.T * M * X), 2 * M * X, False, "v1"),
    ("cubic", XX * BX, 2 * X * BX + XX * B, True, "v1"),
    ("cubic, missing term", XX * BX, 2 * X * BX, False, "v1"),
    ("cubic, factor 2", XX * BX, X * BX + XX * B, False, "v1"),
    ("quartic", XX**2, 4 * XX * X, True, "v1"),
    ("exp of a quadratic", sympy.exp(XX / 4), sympy.exp(XX / 4) * X / 2, True, "v1"),
    ("log", sympy.log(XX), 2 * X / XX, True, "v1"),
    ("scalar cubic", T**3 - 2 * T, 3 * T**2 - 2, True, "v4"),
    ("scalar cubic, missing term", T**3 - 2 * T, 3 * T**2, False, "v4"),
    ("matrix variable", sympy.Trace(X.T * M.T * M * X), 2 * M * X * X.T, True, "v3"),
    ("matrix variable, transposed", sympy.Trace(X.T * M.T * M * X), 2 * X * X.T * M, False, "v3"),
]


@pytest.mark.parametrize(
    ("name", "f", "grad", "right", "wrt"), GRADIENTS, ids=[g[0] for g in GRADIENTS]
)
def test_gradient_check(name: str, f, grad, right: bool, wrt: str) -> None:
    f_np, grad_np = lambdify.to_numpy(f, ARGS), lambdify.to_numpy(grad, ARGS)
    scales = (1.0,) if name.startswith("exp") else (1.0, 30.0)  # exp(900) overflows
    for seed in range(12):
        for scale in scales:
            result = differences.gradient_check(
                f_np, grad_np, _instance(seed, scale=scale), wrt, np.random.default_rng(seed)
            )
            assert result.agreed is right, (seed, scale, result.detail)
            if not right:
                assert result.worst_relative_error > 100 * 1e-6
                assert result.lhs is not None and result.rhs is not None


def test_gradient_check_on_the_least_squares_example(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_numpy(ls.objective, ls.args)
    right, wrong = (lambdify.to_numpy(g, ls.args) for g in (ls.gradient, ls.wrong_gradient))
    for seed, (k, n) in enumerate([(1, 1), (5, 3), (3, 5), (20, 8)]):
        case = ls.instance(np.random.default_rng(seed), k, n)
        assert differences.gradient_check(f, right, case, "v1", np.random.default_rng(seed)).agreed
        caught = differences.gradient_check(f, wrong, case, "v1", np.random.default_rng(seed))
        assert not caught.agreed and caught.failing is not None
        assert "differs from finite differences" in caught.detail


def test_gradient_check_reports_a_transposed_gradient(least_squares) -> None:
    ls = least_squares
    result = differences.gradient_check(
        lambdify.to_numpy(ls.objective, ls.args),
        lambdify.to_numpy(ls.gradient.T, ls.args),
        ls.instance(np.random.default_rng(0), 4, 3),
        "v1",
        np.random.default_rng(0),
    )
    assert not result.agreed
    assert result.detail == (
        "the gradient has shape (1, 3), but v1 has shape (3, 1); a gradient has the shape of its variable"
    )


HESSIANS = [
    ("quadratic form", sympy.Trace(X.T * M * X), M + M.T, True, "v1"),
    ("quadratic form, half", sympy.Trace(X.T * M * X), (M + M.T) / 2, False, "v1"),
    ("cubic", XX * BX, 2 * BX * sympy.Identity(4) + 2 * X * B.T + 2 * B * X.T, True, "v1"),
    ("cubic, not symmetric", XX * BX, 2 * BX * sympy.Identity(4) + 4 * X * B.T, False, "v1"),
    ("cubic, missing term", XX * BX, 2 * X * B.T + 2 * B * X.T, False, "v1"),
    ("quartic", XX**2, 4 * XX * sympy.Identity(4) + 8 * X * X.T, True, "v1"),
    ("scalar cubic", T**3 - 2 * T, 6 * T, True, "v4"),
    ("scalar cubic, factor 2", T**3 - 2 * T, 3 * T, False, "v4"),
]


@pytest.mark.parametrize(
    ("name", "f", "hess", "right", "wrt"), HESSIANS, ids=[h[0] for h in HESSIANS]
)
def test_hessian_check(name: str, f, hess, right: bool, wrt: str) -> None:
    f_np, hess_np = lambdify.to_numpy(f, ARGS), lambdify.to_numpy(hess, ARGS, dimensions={"n": 4})
    for seed in range(12):
        for scale in (1.0, 30.0):
            result = differences.hessian_check(
                f_np, hess_np, _instance(seed, scale=scale), wrt, np.random.default_rng(seed)
            )
            assert result.agreed is right, (seed, scale, result.detail)


def test_hessian_check_on_the_least_squares_example(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_numpy(ls.objective, ls.args)
    right, wrong = (lambdify.to_numpy(h, ls.args) for h in (ls.hessian, ls.wrong_hessian))
    for seed, (k, n) in enumerate([(1, 1), (5, 3), (3, 5), (20, 8)]):
        case = ls.instance(np.random.default_rng(seed), k, n)
        assert differences.hessian_check(f, right, case, "v1", np.random.default_rng(seed)).agreed
        assert not differences.hessian_check(f, wrong, case, "v1", np.random.default_rng(seed)).agreed


def test_hessian_over_a_matrix_variable_is_taken_column_by_column(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_numpy(ls.objective, ls.args)
    case = ls.instance(np.random.default_rng(1), 3, 2)
    outer = case["v1"] @ case["v1"].T
    by_columns = differences.hessian_check(
        f, lambda **i: 2 * np.kron(outer, np.eye(3)), case, "v0", np.random.default_rng(1)
    )
    by_rows = differences.hessian_check(
        f, lambda **i: 2 * np.kron(np.eye(3), outer), case, "v0", np.random.default_rng(1)
    )
    assert by_columns.agreed, by_columns.detail
    assert not by_rows.agreed


def test_hessian_check_names_an_asymmetric_claim() -> None:
    f = lambdify.to_numpy(XX * BX, ARGS)
    result = differences.hessian_check(
        f, lambda **i: np.triu(np.ones((4, 4))), _instance(0), "v1", np.random.default_rng(0)
    )
    assert not result.agreed and result.detail.startswith("the Hessian is not symmetric")


def test_checks_need_the_variable() -> None:
    with pytest.raises(errors.InvalidArgument, match="no value for v9"):
        differences.gradient_check(
            lambda **i: 0.0, lambda **i: 0.0, _instance(0), "v9", np.random.default_rng(0)
        )
