"""Float comparisons, one instance at a time and batched, pass right claims and catch wrong ones."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from numeric import batch, errors, floating, instances, lambdify, values

N = sympy.Symbol("n", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)


def _square_instances(count: int, n: int = 3, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [
        {"v0": rng.standard_normal((n, n)), "v1": rng.standard_normal((n, n))} for _ in range(count)
    ]


def test_compare_catches_transpose_of_product_in_the_wrong_order() -> None:
    cases = _square_instances(10)
    lhs = lambdify.to_numpy((A * C).T, [A, C])
    wrong = floating.compare(lhs, lambdify.to_numpy(A.T * C.T, [A, C]), cases)
    right = floating.compare(lhs, lambdify.to_numpy(C.T * A.T, [A, C]), cases)
    assert not wrong.agreed
    assert wrong.instances == 1 and wrong.worst_relative_error > 0.1
    assert wrong.failing is not None and wrong.failing["v0"] is cases[0]["v0"]
    a, c = cases[0]["v0"], cases[0]["v1"]
    np.testing.assert_allclose(wrong.lhs, (a @ c).T)
    np.testing.assert_allclose(wrong.rhs, a.T @ c.T)
    assert wrong.detail.startswith("relative error") and "> 1e-08 on instance 1" in wrong.detail
    assert right.agreed and right.instances == 10 and right.worst_relative_error < 1e-14
    assert right.failing is None and right.lhs is None and right.rhs is None


def test_compare_reports_a_shape_mismatch(least_squares) -> None:
    ls = least_squares
    column = lambdify.to_numpy(ls.gradient, ls.args)
    row = lambdify.to_numpy(ls.gradient.T, ls.args)
    result = floating.compare(row, column, [ls.instance(np.random.default_rng(0), 4, 3)])
    assert not result.agreed and result.worst_relative_error == math.inf
    assert result.detail == "shapes differ on instance 1: lhs (1, 3), rhs (3, 1)"


def test_compare_treats_a_float_and_a_one_by_one_matrix_alike(least_squares) -> None:
    ls = least_squares
    as_matrix = lambdify.to_numpy((ls.a * ls.x - ls.b).T * (ls.a * ls.x - ls.b), ls.args)
    as_scalar = lambdify.to_numpy(ls.objective, ls.args)
    assert floating.compare(
        as_matrix, as_scalar, [ls.instance(np.random.default_rng(0), 4, 3)]
    ).agreed


@pytest.mark.parametrize("condition", [1.0, 1e3, 1e6])
def test_compare_passes_the_expanded_objective_even_when_ill_conditioned(
    least_squares, condition
) -> None:
    ls = least_squares
    expanded = sympy.Trace(ls.x.T * ls.a.T * ls.a * ls.x - 2 * ls.b.T * ls.a * ls.x + ls.b.T * ls.b)
    rng = np.random.default_rng(5)
    cases = []
    for k, n in [(6, 4), (3, 3), (10, 2)] * 5:
        case = ls.instance(rng, k, n)
        case["v0"] = instances.full_rank(k, n, rng, condition=condition)
        cases.append(case)
    result = floating.compare(
        lambdify.to_numpy(ls.objective, ls.args), lambdify.to_numpy(expanded, ls.args), cases
    )
    assert result.agreed, result.detail


def test_compare_is_not_fooled_by_cancellation_to_zero(least_squares) -> None:
    ls = least_squares
    difference = sympy.Trace(ls.b.T * ls.a * ls.x) - sympy.Trace(ls.x.T * ls.a.T * ls.b)
    cases = [ls.instance(np.random.default_rng(seed), 8, 5) for seed in range(20)]
    for case in cases:
        case["v0"] *= 100.0
    result = floating.compare(lambdify.to_numpy(difference, ls.args), lambda **_: 0.0, cases)
    assert result.agreed, result.detail


def test_compare_needs_instances() -> None:
    with pytest.raises(errors.InvalidArgument, match="at least one instance"):
        floating.compare(lambda: 0.0, lambda: 0.0, [])


def test_relative_error_is_scaled_by_the_larger_side() -> None:
    assert floating.relative_error(
        np.array([[10.0], [0.0]]), np.array([[11.0], [0.0]])
    ) == pytest.approx(1 / 11)
    assert floating.relative_error(1e-20, 0.0) == 1e-20  # below the floor, errors are absolute
    assert floating.relative_error(np.ones((2, 1)), np.ones((1, 2))) == math.inf


# -- batched comparisons -------------------------------------------------------------------------

SQUARE_ARGS = [A, C]


def _square_batch(count: int, seed: int = 0, condition: float | None = None) -> dict:
    specs = [instances.Spec("v0", (3, 3), condition=condition), instances.Spec("v1", (3, 3))]
    return instances.draw_float_batch(specs, np.random.default_rng(seed), count)


def _batched(lhs, rhs, stacked, **options):
    left = batch.to_numpy_batched(lhs, SQUARE_ARGS)
    right = batch.to_numpy_batched(rhs, SQUARE_ARGS)
    return floating.compare_batched(left, right, stacked, **options)


def test_batched_comparison_names_the_first_failing_instance() -> None:
    stacked = _square_batch(20)
    stacked["v1"] = (stacked["v1"] + np.swapaxes(stacked["v1"], 1, 2)) / 2
    stacked["v1"][7, 0, 1] += 1.0  # the only instance where C ≠ Cᵀ
    result = _batched(C, C.T, stacked)
    assert not result.agreed and result.failing_index == 7 and result.instances == 8
    np.testing.assert_array_equal(result.failing["v1"], stacked["v1"][7])
    np.testing.assert_array_equal(result.lhs, stacked["v1"][7])
    np.testing.assert_array_equal(result.rhs, stacked["v1"][7].T)
    assert result.detail.startswith("relative error ")
    assert "on instance 7, confirmed with 50 digits" in result.detail


def test_rounding_alone_never_fails_a_batched_comparison() -> None:
    """With no rounding allowance float64 flags ill-conditioned instances; 50 digits clear them."""
    stacked = _square_batch(200, seed=1, condition=1e8)
    lhs, rhs = sympy.Inverse(A * C), sympy.Inverse(C) * sympy.Inverse(A)
    strict = _batched(lhs, rhs, stacked, rtol=1e-15, slack=0.0)
    assert strict.agreed and strict.instances == 200, strict.detail
    assert strict.rescued > 100 and "were rounding (50-digit re-evaluation)" in strict.detail
    wrong = _batched(lhs, sympy.Inverse(A) * sympy.Inverse(C), stacked, rtol=1e-15, slack=0.0)
    assert not wrong.agreed and wrong.failing_index == 0 and wrong.worst_relative_error > 0.1
    relaxed = _batched(lhs, rhs, stacked)
    # errors beyond rtol = 1e-8, accepted because the magnitudes carry cond(A) = 1e8
    assert relaxed.agreed and relaxed.rescued == 0 and relaxed.worst_relative_error > 1e-7


def test_instances_without_a_value_are_skipped_and_counted() -> None:
    stacked = _square_batch(10)
    stacked["v0"][[2, 5]] = np.ones((3, 3))
    result = _batched(sympy.Inverse(A) * C, sympy.Inverse(A) * C, stacked)
    assert result.agreed and result.instances == 8 and result.undefined == 2
    assert result.detail.endswith("2 instances without a value skipped")
    stacked["v0"][:] = np.ones((3, 3))
    nothing = _batched(sympy.Inverse(A), sympy.Inverse(A), stacked)
    assert not nothing.agreed and nothing.failing is None
    assert nothing.detail == "no instance of 10 had a value on both sides"


def test_batched_shapes_must_match(least_squares) -> None:
    ls = least_squares
    stacked = values.stack([ls.instance(np.random.default_rng(seed), 4, 3) for seed in range(3)])
    result = floating.compare_batched(
        batch.to_numpy_batched(ls.gradient, ls.args),
        batch.to_numpy_batched(ls.gradient.T, ls.args),
        stacked,
    )
    assert not result.agreed and result.detail == "shapes differ: lhs (3, 1), rhs (1, 3)"
    scalar = floating.compare_batched(
        batch.to_numpy_batched(ls.objective, ls.args),
        batch.to_numpy_batched((ls.a * ls.x - ls.b).T * (ls.a * ls.x - ls.b), ls.args),
        stacked,
    )
    assert scalar.agreed, scalar.detail
