"""The counterexample search finds the smallest dimensions and entries, deterministically."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import autodiff, errors, floating, instances, lambdify, shrink

N = sympy.Symbol("n", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)


def _identity_fails(lhs: sympy.MatrixExpr, rhs: sympy.MatrixExpr):
    left, right = lambdify.to_numpy(lhs, [A, C]), lambdify.to_numpy(rhs, [A, C])
    return lambda dims, values: not floating.compare(left, right, [values]).agreed


def _square_specs(dims: dict) -> list[instances.Spec]:
    return [
        instances.Spec("v0", (dims["n"], dims["n"])),
        instances.Spec("v1", (dims["n"], dims["n"])),
    ]


def _gradient_claim(least_squares):
    """∇(xᵀAᵀAx) claimed to be AᵀAx: fails when the claim differs from GradientTape's."""
    ls = least_squares
    f = lambdify.to_tensorflow(sympy.Trace(ls.x.T * ls.a.T * ls.a * ls.x), ls.args)
    claimed = lambdify.to_numpy(ls.a.T * ls.a * ls.x, ls.args)

    def fails(dims: dict, values: dict) -> bool:
        return not autodiff.compare_gradient(f, claimed, [values], "v1").agreed

    def specs_for(dims: dict) -> list[instances.Spec]:
        k, n = dims["k"], dims["n"]
        return [
            instances.Spec("v0", (k, n)),
            instances.Spec("v1", (n, 1)),
            instances.Spec("v2", (k, 1)),
        ]

    return fails, specs_for


def test_wrong_gradient_has_a_one_by_one_counterexample_with_unit_entries(least_squares) -> None:
    fails, specs_for = _gradient_claim(least_squares)
    found = shrink.smallest_counterexample(fails, ["k", "n"], specs_for, np.random.default_rng(0))
    assert found is not None
    assert found.dimensions == {"k": 1, "n": 1}
    assert found.values["v0"].tolist() == [[1.0]] and found.values["v1"].tolist() == [[1.0]]
    assert fails(found.dimensions, found.values)


def test_fixed_dimensions_are_held(least_squares) -> None:
    fails, specs_for = _gradient_claim(least_squares)
    found = shrink.smallest_counterexample(
        fails, ["k", "n"], specs_for, np.random.default_rng(0), fixed_dims={"k": 3}
    )
    assert found is not None and found.dimensions == {"k": 3, "n": 1}
    assert found.values["v0"].shape == (3, 1)
    assert np.abs(found.values["v0"]).max() <= 1 and np.count_nonzero(found.values["v0"]) == 1


def test_transpose_of_product_in_the_wrong_order_needs_two_by_two() -> None:
    fails = _identity_fails((A * C).T, A.T * C.T)
    found = shrink.smallest_counterexample(fails, ["n"], _square_specs, np.random.default_rng(1))
    assert found is not None and found.dimensions == {"n": 2}
    a, c = found.values["v0"], found.values["v1"]
    assert np.abs(a).max() <= 1 and np.abs(c).max() <= 1
    assert not np.allclose(a @ c, c @ a)
    # Shrunk: no single entry can be made simpler without the identity holding again.
    assert np.count_nonzero(a) + np.count_nonzero(c) <= 4


def test_search_is_deterministic_for_a_seed() -> None:
    fails = _identity_fails((A * C).T, A.T * C.T)
    first, second = (
        shrink.smallest_counterexample(fails, ["n"], _square_specs, np.random.default_rng(9))
        for _ in range(2)
    )
    assert first is not None and second is not None
    assert first.dimensions == second.dimensions
    for name in first.values:
        np.testing.assert_array_equal(first.values[name], second.values[name])


def test_a_true_identity_has_no_counterexample() -> None:
    fails = _identity_fails((A * C).T, C.T * A.T)
    assert (
        shrink.smallest_counterexample(
            fails, ["n"], _square_specs, np.random.default_rng(2), max_dim=3
        )
        is None
    )


def test_numeric_errors_count_as_not_failing() -> None:
    def fails(dims: dict, values: dict) -> bool:
        if dims["n"] == 1:
            raise errors.EvaluationError("singular")
        if np.any(values["v0"] < 0):
            raise np.linalg.LinAlgError("singular")
        return True

    found = shrink.smallest_counterexample(fails, ["n"], _square_specs, np.random.default_rng(3))
    assert found is not None and found.dimensions == {"n": 2}
    assert not np.any(found.values["v0"]) and not np.any(found.values["v1"])  # shrunk to zero


def test_shrinking_keeps_symmetry_and_definiteness() -> None:
    def specs_for(dims: dict) -> list[instances.Spec]:
        n = dims["n"]
        return [
            instances.Spec("v0", (n, n), symmetric=True),
            instances.Spec("v1", (n, n), positive_definite=True),
            instances.Spec("v2", None, positive_definite=True),
        ]

    def fails(dims: dict, values: dict) -> bool:  # "S and P are diagonal" is false
        return bool(np.any(values["v0"] - np.diag(np.diag(values["v0"])))) and bool(
            values["v1"][0, -1] != 0
        )

    found = shrink.smallest_counterexample(fails, ["n"], specs_for, np.random.default_rng(4))
    assert found is not None and found.dimensions == {"n": 2}
    assert found.values["v0"].tolist() == [[0.0, 1.0], [1.0, 0.0]]
    p = found.values["v1"]
    np.testing.assert_array_equal(p, p.T)
    assert np.linalg.eigvalsh(p).min() > 0 and p[0, 1] == 1.0
    assert found.values["v2"] == 1.0


def test_dimension_order_is_by_sum_then_lexicographic() -> None:
    order = list(shrink.dimension_order(["k", "n"], max_dim=3, fixed_dims={}))
    assert [(d["k"], d["n"]) for d in order] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (1, 3),
        (2, 2),
        (3, 1),
        (2, 3),
        (3, 2),
        (3, 3),
    ]
    assert list(shrink.dimension_order(["k", "n"], max_dim=2, fixed_dims={"n": 5, "m": 2})) == [
        {"k": 1, "n": 5, "m": 2},
        {"k": 2, "n": 5, "m": 2},
    ]


def test_bad_budgets_are_refused() -> None:
    with pytest.raises(errors.InvalidArgument, match="at least 1"):
        shrink.smallest_counterexample(
            lambda d, v: True, ["n"], _square_specs, np.random.default_rng(0), tries=0
        )


def test_shrinking_keeps_the_total_of_a_vector() -> None:
    # fails whenever the first entry is not zero; the entries must still sum to 1 (a probability vector)
    spec = instances.Spec("v0", (3, 1), total=1.0)

    def fails(dims: dict, values: dict) -> bool:
        return bool(values["v0"][0, 0] != 0)

    found = shrink.smallest_counterexample(fails, [], lambda dims: [spec], np.random.default_rng(2), max_dim=1, tries=6)
    assert found is not None
    vector = np.ravel(found.values["v0"])
    assert vector.sum() == 1.0 and vector[0] != 0
    assert np.abs(vector).sum() <= 3  # shrunk to small entries, not left as drawn
