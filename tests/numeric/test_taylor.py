"""The remainder test reads the order of convergence: 2 and 3 if right, less if wrong."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import errors, lambdify, taylor

N = sympy.Symbol("n", integer=True, positive=True)
X, B, M, T = (
    sympy.MatrixSymbol("v1", N, 1),
    sympy.MatrixSymbol("v2", N, 1),
    sympy.MatrixSymbol("v3", N, N),
    sympy.Symbol("v4"),
)
ARGS = [X, B, M, T]
XX, BX = sympy.Trace(X.T * X), sympy.Trace(B.T * X)
I4 = sympy.Identity(4)
QUADRATIC, SYM = sympy.Trace(X.T * M * X), M + M.T
CUBIC, CUBIC_GRADIENT = XX * BX, 2 * X * BX + XX * B
GAUSS = sympy.exp(XX / 4)
NORM_MX = sympy.Trace(X.T * M.T * M * X)


def _instance(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "v1": rng.standard_normal((4, 1)),
        "v2": rng.standard_normal((4, 1)),
        "v3": rng.standard_normal((4, 4)),
        "v4": float(rng.uniform(0.5, 2.0)),
    }


# (name, f, gradient, Hessian or None, wrt, verdict, order)
CASES = [
    ("quadratic form", QUADRATIC, SYM * X, None, "v1", "passed", 2),
    ("quadratic form, symmetric formula", QUADRATIC, 2 * M * X, None, "v1", "failed", 1),
    ("quadratic form with Hessian: exact", QUADRATIC, SYM * X, SYM, "v1", "exact", None),
    ("quadratic form, half the Hessian", QUADRATIC, SYM * X, SYM / 2, "v1", "failed", 2),
    ("linear: exact", BX, B, None, "v1", "exact", None),
    ("linear, wrong gradient", BX, 2 * B, None, "v1", "failed", 1),
    ("cubic", CUBIC, CUBIC_GRADIENT, None, "v1", "passed", 2),
    (
        "cubic with Hessian",
        CUBIC, CUBIC_GRADIENT, 2 * BX * I4 + 2 * X * B.T + 2 * B * X.T, "v1", "passed", 3,
    ),
    (
        "cubic, Hessian missing a term",
        CUBIC, CUBIC_GRADIENT, 2 * X * B.T + 2 * B * X.T, "v1", "failed", 2,
    ),
    ("exp", GAUSS, GAUSS * X / 2, None, "v1", "passed", 2),
    ("exp with Hessian", GAUSS, GAUSS * X / 2, GAUSS * (I4 / 2 + X * X.T / 4), "v1", "passed", 3),
    ("log", sympy.log(XX), 2 * X / XX, None, "v1", "passed", 2),
    ("log, gradient off by a factor", sympy.log(XX), X / XX, None, "v1", "failed", 1),
    ("scalar: position", T**3 - 2 * T, 3 * T**2 - 2, 6 * T, "v4", "passed", 3),
    ("scalar: wrong velocity", T**3 - 2 * T, 3 * T**2, None, "v4", "failed", 1),
    ("matrix variable", NORM_MX, 2 * M * X * X.T, None, "v3", "passed", 2),
    ("matrix variable, transposed", NORM_MX, 2 * X * X.T * M, None, "v3", "failed", 1),
]


@pytest.mark.parametrize(
    ("name", "f", "grad", "hess", "wrt", "verdict", "order"), CASES, ids=[c[0] for c in CASES]
)
def test_remainder_test(name, f, grad, hess, wrt, verdict, order) -> None:
    dims = {"n": 4}
    f_np, grad_np = lambdify.to_numpy(f, ARGS), lambdify.to_numpy(grad, ARGS, dimensions=dims)
    hess_np = None if hess is None else lambdify.to_numpy(hess, ARGS, dimensions=dims)
    for seed in range(4):
        direction = np.random.default_rng(100 + seed)  # not the instance's stream: d ∦ x
        result = taylor.remainder_test(f_np, grad_np, _instance(seed), wrt, direction, hess=hess_np)
        assert result.verdict == verdict, (seed, result.detail)
        assert result.passed is (verdict in ("passed", "exact"))
        assert result.expected == (2 if hess is None else 3)
        if order is None:
            assert result.order is None and result.floor_reached
            assert "at the rounding floor for every step" in result.detail
        else:
            assert result.order == pytest.approx(order, abs=0.15)


def test_the_series_is_kept_for_a_plot() -> None:
    f = lambdify.to_numpy(XX * BX, ARGS)
    grad = lambdify.to_numpy(2 * X * BX + XX * B, ARGS)
    result = taylor.remainder_test(f, grad, _instance(0), "v1", np.random.default_rng(1))
    hs = np.array(result.hs)
    assert len(result.hs) == len(result.remainders) == len(result.floor) == taylor.STEPS
    np.testing.assert_allclose(hs[1:] / hs[:-1], 0.5)
    assert hs[0] == pytest.approx(taylor.FIRST_STEP * max(1.0, np.linalg.norm(_instance(0)["v1"])))
    # while above the floor, halving h divides r1 by about 4
    ratios = np.array(result.remainders[:8]) / np.array(result.remainders[1:9])
    assert np.all((ratios > 3.0) & (ratios < 5.0))
    assert result.floor_reached  # h reaches 2^-29 of the first step: r1 ~ h² hits rounding
    assert result.remainders[-1] < 100 * result.floor[-1]
    assert result.detail.startswith("r1 (gradient) converges with order 2.0")


def test_observed_order_is_the_log_log_slope() -> None:
    hs = np.geomspace(1e-1, 1e-4, 7)
    assert taylor.observed_order(hs, 3.0 * hs**2.5) == pytest.approx(2.5)


def _row(**_: object) -> np.ndarray:
    return np.ones((1, 4))


def _small(**_: object) -> np.ndarray:
    return np.ones((3, 3))


@pytest.mark.parametrize(
    ("wrt", "options", "wrong_gradient", "message"),
    [
        ("v9", {}, False, "no value for v9"),
        ("v1", {"steps": 3}, False, "at least 4 steps"),
        ("v1", {}, True, "the gradient has shape"),
        ("v1", {"hess": _small}, False, "the Hessian has shape"),
    ],
)
def test_bad_requests_are_refused(
    wrt: str, options: dict, wrong_gradient: bool, message: str
) -> None:
    f = lambdify.to_numpy(XX, ARGS)
    grad = _row if wrong_gradient else lambdify.to_numpy(2 * X, ARGS)
    with pytest.raises(errors.InvalidArgument, match=message):
        taylor.remainder_test(f, grad, _instance(0), wrt, np.random.default_rng(0), **options)
