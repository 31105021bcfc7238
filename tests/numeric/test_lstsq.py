"""Solutions of linear equations are checked against substitution and numpy.linalg.lstsq."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import errors, instances, lambdify, lstsq


def _normal_equations(least_squares, case: dict):
    """The residual AᵀA x − Aᵀb of the normal equations, as a function of x only."""
    ls = least_squares
    residual = lambdify.to_numpy(ls.a.T * ls.a * ls.x - ls.a.T * ls.b, ls.args)
    return lambda x: residual(**{**case, "v1": x})


def _claimed(least_squares, case: dict):
    """x = (AᵀA)⁻¹Aᵀb, or None where the inverse does not exist."""
    ls = least_squares
    formula = lambdify.to_numpy(sympy.Inverse(ls.a.T * ls.a) * ls.a.T * ls.b, ls.args)
    try:
        return formula(**case)
    except errors.EvaluationError:
        return None


def test_linear_system_recovers_the_normal_equations(least_squares) -> None:
    case = least_squares.instance(np.random.default_rng(0), 5, 3)
    matrix, constant = lstsq.linear_system(_normal_equations(least_squares, case), 3)
    a, b = case["v0"], case["v2"]
    np.testing.assert_allclose(matrix, a.T @ a, atol=1e-12)
    np.testing.assert_allclose(constant, a.T @ b, atol=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "condition"), [(5, 3, None), (3, 3, None), (1, 1, None), (8, 4, 1e4)]
)
def test_closed_form_passes_on_full_rank(least_squares, k: int, n: int, condition) -> None:
    rng = np.random.default_rng(k + n)
    case = least_squares.instance(rng, k, n)
    case["v0"] = instances.full_rank(k, n, rng, condition=condition)
    check = lstsq.check_solution(
        _normal_equations(least_squares, case), n, _claimed(least_squares, case)
    )
    assert check.agreed, check.detail
    assert check.rank == n and check.n == n
    np.testing.assert_allclose(check.lstsq, check.claimed, rtol=1e-6)
    assert check.residual_orthogonality < (1e-6 if condition else 1e-12)
    assert (
        check.detail
        == f"the claimed solution satisfies the equation and is the unique solution (rank {n} = n)"
    )


def test_rank_deficient_reports_infinitely_many_solutions(least_squares) -> None:
    rng = np.random.default_rng(4)
    case = least_squares.instance(rng, 5, 3)
    case["v0"] = np.array(
        [[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.0, 0.0, 1.0], [1.0, 2.0, 1.0], [3.0, 6.0, 2.0]]
    )
    claimed = _claimed(least_squares, case)
    assert claimed is None  # AᵀA is singular
    check = lstsq.check_solution(_normal_equations(least_squares, case), 3, claimed)
    assert not check.agreed and check.rank == 2 and check.claimed is None
    assert check.detail.startswith(
        "the claimed solution could not be evaluated; rank 2 < n = 3, so the equation has "
        "infinitely many solutions; the minimum-norm one is ["
    )
    np.testing.assert_allclose(check.lstsq, np.linalg.pinv(case["v0"]) @ case["v2"], atol=1e-10)
    assert check.residual_orthogonality < 1e-10


def test_pseudo_inverse_solution_passes_on_rank_deficient(least_squares) -> None:
    rng = np.random.default_rng(5)
    case = least_squares.instance(rng, 6, 4)
    case["v0"] = instances.rank_deficient(6, 4, 2, rng)
    residual = _normal_equations(least_squares, case)
    minimum = np.linalg.pinv(case["v0"]) @ case["v2"]
    null_direction = np.linalg.svd(case["v0"])[2][-1].reshape(-1, 1)
    for claimed, which in [(minimum, "the"), (minimum + null_direction, "not the")]:
        check = lstsq.check_solution(residual, 4, claimed)
        assert check.agreed and check.rank == 2, check.detail
        assert check.detail == (
            f"the claimed solution satisfies the equation; rank 2 < n = 4, so it is one of "
            f"infinitely many ({which} minimum-norm one)"
        )


@pytest.mark.parametrize(
    ("wrong", "expected_start"),
    [
        (
            lambda a, b: np.linalg.inv(a.T @ a) @ b[: a.shape[1]],
            "substituting the claimed solution leaves",
        ),
        (lambda a, b: 2 * np.linalg.pinv(a) @ b, "substituting the claimed solution leaves"),
        (lambda a, b: (np.linalg.pinv(a) @ b).T, "the claimed solution has shape (1, 3)"),
    ],
)
def test_wrong_solutions_fail(least_squares, wrong, expected_start: str) -> None:
    case = least_squares.instance(np.random.default_rng(6), 5, 3)
    check = lstsq.check_solution(
        _normal_equations(least_squares, case), 3, wrong(case["v0"], case["v2"])
    )
    assert not check.agreed and check.detail.startswith(expected_start)


def test_residual_orthogonality_vanishes_only_at_least_squares_solutions() -> None:
    rng = np.random.default_rng(8)
    a, b = rng.standard_normal((7, 3)), rng.standard_normal((7, 1))
    solution = np.linalg.lstsq(a, b, rcond=None)[0]
    assert lstsq.least_squares_residual_orthogonality(a, b, solution) < 1e-14
    assert lstsq.least_squares_residual_orthogonality(a, b, solution + 0.1) > 1e-3
    assert (
        lstsq.least_squares_residual_orthogonality(
            np.zeros((2, 2)), np.zeros((2, 1)), np.ones((2, 1))
        )
        == 0.0
    )


def test_a_residual_that_is_not_affine_is_refused() -> None:
    with pytest.raises(errors.InvalidArgument, match="the residual is not affine in x"):
        lstsq.linear_system(lambda x: x * x - 1.0, 2)


def test_check_solution_reports_qr_and_pseudo_inverse_solutions(least_squares) -> None:
    rng = np.random.default_rng(9)
    case = least_squares.instance(rng, 6, 3)
    residual = _normal_equations(least_squares, case)
    check = lstsq.check_solution(residual, 3, _claimed(least_squares, case))
    a, b = case["v0"], case["v2"]
    np.testing.assert_allclose(check.qr, np.linalg.lstsq(a, b, rcond=None)[0], rtol=1e-10)
    np.testing.assert_allclose(check.pinv, check.qr, rtol=1e-10)
    case["v0"] = instances.rank_deficient(6, 3, 2, rng)
    deficient = lstsq.check_solution(_normal_equations(least_squares, case), 3, None)
    assert deficient.qr is None
    np.testing.assert_allclose(deficient.pinv, np.linalg.pinv(case["v0"]) @ case["v2"], atol=1e-8)


def _problem(condition: float | None, rank: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A (8 x 4) and b = A x₀ + r with r orthogonal to the range of A."""
    rng = np.random.default_rng(seed)
    spec = instances.Spec("a", (8, 4), condition=condition, rank=rank)
    a = instances.draw_float([spec], rng)["a"]
    basis = np.linalg.svd(a)[0][:, : np.linalg.matrix_rank(a)]
    noise = rng.standard_normal((8, 1))
    return a, a @ rng.standard_normal((4, 1)) + 0.1 * (noise - basis @ (basis.T @ noise))


STRUCTURES = [(None, None), (1e4, None), (1e10, None), (None, 2), (1e6, 3)]


def _lstsq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(a, b, rcond=None)[0]


def _pinv(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.pinv(a) @ b  # forward accurate, not backward stable


def _svd(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """V Σ⁺ Uᵀ b, applied factor by factor."""
    u, sigma, vt = np.linalg.svd(a, full_matrices=False)
    keep = sigma > sigma[0] * 1e-12
    return vt[keep].T @ ((u[:, keep].T @ b) / sigma[keep, None])


@pytest.mark.parametrize(("condition", "rank"), STRUCTURES)
def test_least_squares_passes_every_stable_solver(condition, rank) -> None:
    for seed in range(5):
        a, b = _problem(condition, rank, seed)
        for solver in (_lstsq, _pinv, _svd):
            check = lstsq.check_least_squares(a, b, solver(a, b))
            assert check.agreed, (seed, check.detail)
            assert check.rank == (rank or 4)
            assert check.orthogonality <= check.orthogonality_tolerance
            if rank is None:
                assert check.qr is not None and check.minimum_norm is None
                assert check.detail.startswith("the claimed solution solves the normal equations")
            else:
                assert check.qr is None and "qr" not in check.distances
                assert check.minimum_norm is True


@pytest.mark.parametrize(("condition", "rank"), STRUCTURES)
def test_least_squares_catches_wrong_solutions(condition, rank) -> None:
    for seed in range(5):
        a, b = _problem(condition, rank, seed)
        right = np.linalg.lstsq(a, b, rcond=None)[0]
        halved = lstsq.check_least_squares(a, b, right / 2)  # from the wrong gradient 2AᵀAx = Aᵀb
        assert not halved.agreed and halved.orthogonality > 1e-3
        assert halved.detail.startswith("the residual is not orthogonal to the columns of A")
        shifted = lstsq.check_least_squares(a, b, right + np.ones((4, 1)))
        assert not shifted.agreed or (rank is not None and not shifted.minimum_norm)


def test_rank_deficient_solutions_are_many_and_one_has_minimum_norm() -> None:
    a, b = _problem(None, 2, 0)
    null = np.linalg.svd(a)[2][-1].reshape(-1, 1)
    other = lstsq.check_least_squares(a, b, np.linalg.pinv(a) @ b + null)
    assert other.agreed and other.minimum_norm is False
    assert other.detail.endswith("so it is one of infinitely many (not the minimum-norm one, A⁺b)")
    missing = lstsq.check_least_squares(a, b, None)
    assert not missing.agreed and missing.claimed is None
    assert "the minimisers are infinitely many; the minimum-norm one is A⁺b = [" in missing.detail
    wrong_shape = lstsq.check_least_squares(a, b, np.ones((1, 4)))
    assert not wrong_shape.agreed
    assert wrong_shape.detail == "the claimed solution has shape (1, 4), but x has shape (4, 1)"


def test_normal_equations_residual_is_scale_free() -> None:
    a, b = _problem(None, None, 3)
    x = np.linalg.lstsq(a, b, rcond=None)[0]
    for scale in (1e-8, 1.0, 1e8):
        assert lstsq.normal_equations_residual(scale * a, scale * b, x) < 1e-15
        assert lstsq.normal_equations_residual(scale * a, scale * b, 2 * x) == pytest.approx(
            lstsq.normal_equations_residual(a, b, 2 * x), rel=1e-9
        )
    with pytest.raises(errors.InvalidArgument, match="the same k"):
        lstsq.check_least_squares(a, b[:3], x)
