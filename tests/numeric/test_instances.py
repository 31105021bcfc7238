"""Random instances have the shapes, structure and integrality that their specs ask for."""

from __future__ import annotations

import numpy as np
import pytest

from numeric import errors, instances

SPECS = [
    instances.Spec("v0", (3, 2)),
    instances.Spec("v1", (4, 4), symmetric=True),
    instances.Spec("v2", (3, 3), positive_definite=True),
    instances.Spec("v3", None),
    instances.Spec("v4", None, positive_definite=True),
    instances.Spec("v5", (5, 1)),
]


def _check_structure(drawn: dict) -> None:
    assert drawn["v0"].shape == (3, 2) and drawn["v5"].shape == (5, 1)
    assert all(
        value.dtype == np.float64 for value in drawn.values() if isinstance(value, np.ndarray)
    )
    np.testing.assert_array_equal(drawn["v1"], drawn["v1"].T)
    np.testing.assert_array_equal(drawn["v2"], drawn["v2"].T)
    assert np.linalg.eigvalsh(drawn["v2"]).min() > 0
    assert isinstance(drawn["v3"], float) and drawn["v3"] != 0
    assert isinstance(drawn["v4"], float) and drawn["v4"] > 0


@pytest.mark.parametrize("seed", range(20))
def test_float_draws_respect_specs(seed: int) -> None:
    drawn = instances.draw_float(SPECS, np.random.default_rng(seed))
    _check_structure(drawn)
    assert abs(drawn["v3"]) >= instances.SCALAR_FLOOR
    assert np.linalg.eigvalsh(drawn["v2"]).min() >= 3 - 1e-12  # BᵀB + nI


@pytest.mark.parametrize(
    ("seed", "bound"), [(seed, bound) for seed in range(10) for bound in (1, 2, 5)]
)
def test_integer_draws_respect_specs_and_bound(seed: int, bound: int) -> None:
    drawn = instances.draw_integer(SPECS, np.random.default_rng(seed), bound=bound)
    _check_structure(drawn)
    for name in ("v0", "v1", "v3", "v4", "v5"):
        value = np.asarray(drawn[name])
        np.testing.assert_array_equal(value, np.round(value))
        assert np.abs(value).max() <= bound
    assert np.array_equal(drawn["v2"], np.round(drawn["v2"]))
    assert 1 <= drawn["v4"] <= bound


def test_integer_draws_cover_the_range() -> None:
    drawn = instances.draw_integer(
        [instances.Spec("v0", (40, 40))], np.random.default_rng(0), bound=2
    )
    assert set(np.unique(drawn["v0"])) == {-2.0, -1.0, 0.0, 1.0, 2.0}


def test_draws_are_deterministic_for_a_seed() -> None:
    first = instances.draw_float(SPECS, np.random.default_rng(42))
    second = instances.draw_float(SPECS, np.random.default_rng(42))
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


@pytest.mark.parametrize(
    ("rows", "cols", "condition"), [(5, 3, 1.0), (3, 5, 1e3), (4, 4, 1e8), (6, 1, 1.0)]
)
def test_full_rank_has_the_requested_condition(rows: int, cols: int, condition: float) -> None:
    matrix = instances.full_rank(rows, cols, np.random.default_rng(1), condition=condition)
    assert matrix.shape == (rows, cols)
    assert np.linalg.matrix_rank(matrix) == min(rows, cols)
    assert np.linalg.cond(matrix) == pytest.approx(condition, rel=1e-6)


def test_full_rank_without_condition_is_gaussian_and_full_rank() -> None:
    matrix = instances.full_rank(6, 4, np.random.default_rng(2))
    assert matrix.shape == (6, 4) and np.linalg.matrix_rank(matrix) == 4


@pytest.mark.parametrize(("rows", "cols", "rank"), [(5, 3, 2), (3, 3, 1), (4, 6, 3), (2, 2, 0)])
def test_rank_deficient_has_the_requested_rank(rows: int, cols: int, rank: int) -> None:
    matrix = instances.rank_deficient(rows, cols, rank, np.random.default_rng(3))
    assert matrix.shape == (rows, cols)
    assert np.linalg.matrix_rank(matrix) == rank


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: instances.Spec("v0", (2, 3), symmetric=True),
            r"must be square, got shape \(2, 3\)",
        ),
        (lambda: instances.Spec("v0", (0, 3)), r"dimensions must be positive"),
        (lambda: instances.Spec("v0", None, symmetric=True), "scalar cannot be declared symmetric"),
        (lambda: instances.rank_deficient(2, 3, 3, np.random.default_rng(0)), "cannot have rank 3"),
        (lambda: instances.full_rank(2, 2, np.random.default_rng(0), condition=0.5), "at least 1"),
        (
            lambda: instances.full_rank(4, 1, np.random.default_rng(0), condition=10.0),
            "condition number 1",
        ),
        (
            lambda: instances.draw_integer(SPECS, np.random.default_rng(0), bound=0),
            "bound must be at least 1",
        ),
    ],
)
def test_bad_requests_are_refused(build, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        build()


STRUCTURED = [
    instances.Spec("v0", (6, 4), condition=1e10),
    instances.Spec("v1", (5, 5), symmetric=True, condition=1e6),
    instances.Spec("v2", (4, 4), positive_definite=True, condition=1e8),
    instances.Spec("v3", (6, 4), rank=2),
    instances.Spec("v4", (5, 5), symmetric=True, rank=3),
    instances.Spec("v5", (7, 5), rank=3, condition=1e3),
    instances.Spec("v6", None, positive_definite=True),
]


@pytest.mark.parametrize("seed", range(3))
def test_batches_have_the_requested_condition_rank_and_structure(seed: int) -> None:
    drawn = instances.draw_float_batch(STRUCTURED, np.random.default_rng(seed), 50)
    assert drawn["v0"].shape == (50, 6, 4) and drawn["v6"].shape == (50,)
    np.testing.assert_allclose(np.linalg.cond(drawn["v0"]), 1e10, rtol=1e-3)
    np.testing.assert_allclose(np.linalg.cond(drawn["v1"]), 1e6, rtol=1e-6)
    eigenvalues = np.linalg.eigvalsh(drawn["v2"])
    assert eigenvalues.min() > 0
    np.testing.assert_allclose(eigenvalues.max(-1) / eigenvalues.min(-1), 1e8, rtol=1e-4)
    assert set(np.linalg.matrix_rank(drawn["v3"])) == {2}
    assert set(np.linalg.matrix_rank(drawn["v4"])) == {3}
    singular_values = np.linalg.svd(drawn["v5"], compute_uv=False)
    np.testing.assert_allclose(singular_values[:, 0] / singular_values[:, 2], 1e3, rtol=1e-8)
    assert np.all(singular_values[:, 3:] < 1e-12)
    for name in ("v1", "v2", "v4"):  # exactly symmetric, bit for bit
        np.testing.assert_array_equal(drawn[name], np.swapaxes(drawn[name], 1, 2))
    assert np.all(drawn["v6"] >= instances.SCALAR_FLOOR)


def test_plain_batches_match_the_single_draws_in_distribution() -> None:
    drawn = instances.draw_float_batch(SPECS, np.random.default_rng(1), 2000)
    assert abs(drawn["v0"].mean()) < 0.05 and abs(drawn["v0"].std() - 1) < 0.05
    assert np.linalg.eigvalsh(drawn["v2"]).min() >= 3 - 1e-12  # BᵀB + nI
    np.testing.assert_array_equal(drawn["v1"], np.swapaxes(drawn["v1"], 1, 2))
    assert np.all(np.abs(drawn["v3"]) >= instances.SCALAR_FLOOR) and np.all(drawn["v4"] > 0)


def test_single_draws_honour_condition_and_rank() -> None:
    drawn = instances.draw_float(STRUCTURED, np.random.default_rng(2))
    assert np.linalg.cond(drawn["v0"]) == pytest.approx(1e10, rel=1e-3)
    assert np.linalg.matrix_rank(drawn["v3"]) == 2
    integers = instances.draw_integer(STRUCTURED[:1], np.random.default_rng(2), bound=3)
    assert np.abs(integers["v0"]).max() <= 3  # integer draws ignore the condition


def test_symmetric_and_positive_definite_generators() -> None:
    rng = np.random.default_rng(3)
    symmetric = instances.symmetric(5, rng, condition=1e4)
    np.testing.assert_array_equal(symmetric, symmetric.T)
    magnitudes = np.sort(np.abs(np.linalg.eigvalsh(symmetric)))
    np.testing.assert_allclose(magnitudes, np.geomspace(1e-4, 1.0, 5), rtol=1e-8)
    definite = instances.positive_definite(4, rng, condition=1e6)
    np.testing.assert_allclose(np.linalg.eigvalsh(definite), np.geomspace(1e-6, 1.0, 4), rtol=1e-6)
    semidefinite_rank = np.linalg.matrix_rank(instances.symmetric(5, rng, rank=2))
    assert semidefinite_rank == 2


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: instances.Spec("v0", None, condition=10.0), "a scalar has no condition number"),
        (lambda: instances.Spec("v0", (3, 3), condition=0.5), "at least 1"),
        (lambda: instances.Spec("v0", (3, 1), condition=10.0), "has condition number 1"),
        (lambda: instances.Spec("v0", (3, 4), rank=4), "cannot have rank 4"),
        (lambda: instances.Spec("v0", (3, 3), positive_definite=True, rank=2), "has full rank 3"),
        (lambda: instances.draw_float_batch(SPECS, np.random.default_rng(0), 0), "count must be"),
    ],
)
def test_bad_structures_are_refused(build, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        build()


@pytest.mark.parametrize("shape", [(4, 1), (1, 3), (1, 1)])
def test_a_vector_with_a_total_sums_to_it_in_every_kind_of_draw(shape: tuple[int, int]) -> None:
    spec = instances.Spec("v0", shape, total=1.0)
    rng = np.random.default_rng(5)
    floats = instances.draw_float([spec], rng)["v0"]
    integers = instances.draw_integer([spec], rng, bound=3)["v0"]
    batch = instances.draw_float_batch([spec], rng, 6)["v0"]
    assert floats.shape == shape and np.isclose(floats.sum(), 1.0)
    assert integers.sum() == 1.0 and np.all(integers == np.round(integers))
    assert batch.shape == (6, *shape) and np.allclose(batch.sum(axis=(1, 2)), 1.0)
    if shape != (1, 1):  # the other entries stay random: not a fixed one-hot vector
        assert len({tuple(np.ravel(m)) for m in batch}) == 6
