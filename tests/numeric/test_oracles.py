"""Each oracle on its own passes the least-squares derivation and catches its wrong steps.

The claims (A: k x n, x: n x 1, b: k x 1):
  gradient of ‖Ax − b‖²   right 2AᵀAx − 2Aᵀb,   wrong 2AᵀAx − Aᵀb
  Hessian                  right 2AᵀA,           wrong AᵀA
  identity                 ‖Ax − b‖² = xᵀAᵀAx − 2bᵀAx + bᵀb,   wrong (AC)ᵀ = AᵀCᵀ
on well-conditioned, ill-conditioned (cond(A) = 1e10) and rank-deficient A.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import autodiff, batch, exact, floating, instances, lambdify, lstsq, taylor

K, N = sympy.symbols("k n", integer=True, positive=True)
A, X = sympy.MatrixSymbol("v0", K, N), sympy.MatrixSymbol("v1", N, 1)
B = sympy.MatrixSymbol("v2", K, 1)
C = sympy.MatrixSymbol("v3", N, K)
ARGS = [A, X, B, C]
OBJECTIVE = sympy.Trace((A * X - B).T * (A * X - B))
EXPANDED = sympy.Trace(X.T * A.T * A * X) - 2 * sympy.Trace(B.T * A * X) + sympy.Trace(B.T * B)
GRADIENT, WRONG_GRADIENT = 2 * A.T * A * X - 2 * A.T * B, 2 * A.T * A * X - A.T * B
DERIVED_GRADIENT = 2 * A.T * (A * X - B)
HESSIAN, WRONG_HESSIAN = 2 * A.T * A, A.T * A
DERIVED_HESSIAN = A.T * A + A.T * A

KINDS = {  # how A is drawn: plain Gaussian, cond(A) = 1e10, rank n − 2
    "gaussian": {},
    "cond 1e10": {"condition": 1e10},
    "rank-deficient": {"rank": 2},
}

CLAIMS = [  # (what, lhs, rhs, holds)
    ("gradient", GRADIENT, DERIVED_GRADIENT, True),
    ("wrong gradient", WRONG_GRADIENT, DERIVED_GRADIENT, False),
    ("Hessian", HESSIAN, DERIVED_HESSIAN, True),
    ("wrong Hessian", WRONG_HESSIAN, DERIVED_HESSIAN, False),
    ("identity", OBJECTIVE, EXPANDED, True),
    ("wrong identity", (A * C).T, A.T * C.T, False),
]


def _specs(kind: str, k: int = 6, n: int = 4) -> list[instances.Spec]:
    return [
        instances.Spec("v0", (k, n), **KINDS[kind]),
        instances.Spec("v1", (n, 1)),
        instances.Spec("v2", (k, 1)),
        instances.Spec("v3", (n, k)),
    ]


def _instances(kind: str, count: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [instances.draw_float(_specs(kind), rng) for _ in range(count)]


# -- exact -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "lhs", "rhs", "holds"), CLAIMS, ids=[c[0] for c in CLAIMS])
@pytest.mark.parametrize(("k", "n"), [(2, 3), (4, 2), (3, 3)])  # k < n, k > n, square
def test_exact_oracle_at_random_integers(what, lhs, rhs, holds, k, n) -> None:
    specs = [
        instances.Spec("v0", (k, n)),
        instances.Spec("v1", (n, 1)),
        instances.Spec("v2", (k, 1)),
        instances.Spec("v3", (n, k)),
    ]
    check = exact.check_identity(lhs, rhs, specs, np.random.default_rng(k * 10 + n))
    assert check.agreed is holds, check.detail
    if holds:
        assert check.error_bound is not None and check.error_bound < 1e-6
    elif what == "wrong identity" and k != n:
        assert check.detail == f"shapes differ: lhs {(k, k)}, rhs {(n, n)}"
    else:
        assert not exact.rational.same(check.lhs, check.rhs)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("what", "lhs", "rhs", "holds"), CLAIMS[:5], ids=[claim[0] for claim in CLAIMS[:5]]
)
def test_exact_oracle_at_float_instances_has_no_rounding(kind, what, lhs, rhs, holds) -> None:
    """Float64 instances are exact rationals: evaluated exactly, even cond 1e10 has no error."""
    for instance in _instances(kind, 2, seed=3):
        left, right = exact.evaluate(lhs, instance), exact.evaluate(rhs, instance)
        assert exact.rational.same(left, right) is holds, what


# -- float (batched) ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("what", "lhs", "rhs", "holds"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_float_oracle_on_a_thousand_instances(kind, what, lhs, rhs, holds) -> None:
    """Zero false failures over 1,000 seeded instances; every wrong claim caught."""
    k, n = (4, 4) if what == "wrong identity" else (6, 4)
    stacked = instances.draw_float_batch(_specs(kind, k, n), np.random.default_rng(2024), 1000)
    result = floating.compare_batched(
        batch.to_numpy_batched(lhs, ARGS), batch.to_numpy_batched(rhs, ARGS), stacked
    )
    assert result.agreed is holds, result.detail
    if holds:
        assert result.instances == 1000 and result.failing is None
    else:
        assert result.failing is not None and result.worst_relative_error > 1e-3


# -- autodiff ----------------------------------------------------------------------------------

F_TF = lambdify.to_tensorflow(OBJECTIVE, ARGS)


@pytest.mark.parametrize("kind", KINDS)
def test_autodiff_oracle_gradient_and_hessian(kind) -> None:
    cases = _instances(kind, 4, seed=5)
    right_g = autodiff.compare_gradient(F_TF, lambdify.to_numpy(GRADIENT, ARGS), cases, "v1")
    wrong_g = autodiff.compare_gradient(F_TF, lambdify.to_numpy(WRONG_GRADIENT, ARGS), cases, "v1")
    right_h = autodiff.compare_hessian(F_TF, lambdify.to_numpy(HESSIAN, ARGS), cases, "v1")
    wrong_h = autodiff.compare_hessian(F_TF, lambdify.to_numpy(WRONG_HESSIAN, ARGS), cases, "v1")
    assert right_g.agreed and right_h.agreed, (right_g.detail, right_h.detail)
    assert not wrong_g.agreed and not wrong_h.agreed
    assert wrong_h.worst_relative_error == pytest.approx(0.5)


@pytest.mark.parametrize("kind", KINDS)
def test_autodiff_hessian_vector_products_against_the_claims(kind) -> None:
    rng = np.random.default_rng(6)
    for case in _instances(kind, 3, seed=6):
        vector = rng.standard_normal((4, 1))
        product = autodiff.hessian_vector_product(F_TF, case, "v1", vector)
        a = case["v0"]
        scale = np.linalg.norm(a.T @ (a @ vector))
        assert np.linalg.norm(product - 2 * a.T @ (a @ vector)) <= 1e-12 * scale
        assert np.linalg.norm(product - a.T @ (a @ vector)) > 0.4 * scale


# -- taylor ------------------------------------------------------------------------------------

F_NP = lambdify.to_numpy(OBJECTIVE, ARGS)
TAYLOR = [  # (gradient, Hessian, verdict, order)
    (GRADIENT, None, "passed", 2.0),
    (WRONG_GRADIENT, None, "failed", 1.0),
    (GRADIENT, HESSIAN, "exact", None),  # f is quadratic: r2 is rounding only
    (GRADIENT, WRONG_HESSIAN, "failed", 2.0),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("grad", "hess", "verdict", "order"), TAYLOR)
def test_taylor_oracle(kind, grad, hess, verdict, order) -> None:
    grad_np = lambdify.to_numpy(grad, ARGS)
    hess_np = None if hess is None else lambdify.to_numpy(hess, ARGS)
    for seed, case in enumerate(_instances(kind, 5, seed=7)):
        result = taylor.remainder_test(
            F_NP, grad_np, case, "v1", np.random.default_rng(seed), hess=hess_np
        )
        assert result.verdict == verdict, result.detail
        if order is not None:
            assert result.order == pytest.approx(order, abs=0.1)


# -- solution ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_solution_oracle(kind) -> None:
    """b = A x₀ + r with r ⊥ range(A): the minimisers are x₀ + null(A), moderate in size."""
    rng = np.random.default_rng(8)
    for case in _instances(kind, 5, seed=8):
        a = case["v0"]
        u = np.linalg.svd(a)[0][:, : np.linalg.matrix_rank(a)]
        noise = rng.standard_normal((6, 1))
        b = a @ rng.standard_normal((4, 1)) + 0.1 * (noise - u @ (u.T @ noise))
        right = np.linalg.pinv(a) @ b
        check = lstsq.check_least_squares(a, b, right)
        assert check.agreed, check.detail
        assert check.minimum_norm is (None if kind != "rank-deficient" else True)
        # the solution of the wrong gradient's stationarity condition 2AᵀAx = Aᵀb
        halved = lstsq.check_least_squares(a, b, right / 2)
        assert not halved.agreed and halved.orthogonality > 1e-3
