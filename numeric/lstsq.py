"""Linear equations M x = c given as residuals: the system, its rank, and solution checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from numeric import errors, values

AFFINE_TOLERANCE = 1e-6
"""Relative mismatch allowed when checking that a residual is affine in x."""


@dataclasses.dataclass(frozen=True)
class SolutionCheck:
    """A claimed solution of M x = c against substitution and ``numpy.linalg.lstsq``.

    ``claimed`` is ``None`` when the claimed formula had no value (a singular inverse);
    ``lstsq`` is always the minimum-norm least-squares solution, and
    ``residual_orthogonality`` is measured at the claimed solution when there is one,
    at ``lstsq`` otherwise.
    """

    agreed: bool
    rank: int
    n: int
    claimed: np.ndarray | None
    lstsq: np.ndarray
    residual_orthogonality: float
    detail: str


def linear_system(residual: Callable[[np.ndarray], Any], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Recover M and c from ``residual(x) = M x − c`` by probing at 0 and the unit vectors.

    Raises:
        InvalidArgument: the residual is not affine in x.
        EvaluationError: the residual has no value at a probe.
    """
    if n < 1:
        raise errors.InvalidArgument(f"x needs at least one entry, got n = {n}")
    offset = _column(residual(np.zeros((n, 1))))
    matrix = np.hstack([_column(residual(_unit(n, j))) - offset for j in range(n)])
    constant = -offset
    probe = np.arange(1.0, n + 1.0).reshape(-1, 1) / n
    observed = _column(residual(probe))
    predicted = matrix @ probe - constant
    if not _gap(matrix, probe, constant, observed - predicted) <= AFFINE_TOLERANCE:
        raise errors.InvalidArgument(
            f"the residual is not affine in x: at x = {probe.ravel()} it is {observed.ravel()}, "
            f"but M x - c = {predicted.ravel()}"
        )
    return matrix, constant


def check_solution(
    residual: Callable[[np.ndarray], Any],
    n: int,
    claimed: np.ndarray | None,
    *,
    rtol: float = 1e-8,
) -> SolutionCheck:
    """Check ``claimed`` as a solution of ``residual(x) = 0``, x of shape (n, 1).

    It must satisfy the equation (up to ``rtol`` times the condition number) and,
    when the rank is n, equal the unique least-squares solution. With
    ``claimed=None`` the check fails and says what the solution set looks like.

    Raises:
        InvalidArgument: the residual is not affine in x.
        EvaluationError: the residual has no value at a probe.
    """
    matrix, constant = linear_system(residual, n)
    solution, _, rank, singular_values = np.linalg.lstsq(matrix, constant, rcond=None)
    rank = int(rank)
    condition = float(singular_values[0] / singular_values[rank - 1]) if rank else 1.0
    tolerance = rtol * max(1.0, condition)
    consistent = _gap(matrix, solution, constant, matrix @ solution - constant) <= tolerance
    if claimed is None:
        detail = "the claimed solution could not be evaluated; " + _solution_set(
            rank, n, consistent, solution
        )
        orthogonality = least_squares_residual_orthogonality(matrix, constant, solution)
        return SolutionCheck(False, rank, n, None, solution, orthogonality, detail)
    candidate = np.asarray(claimed, dtype=np.float64)
    if candidate.shape != (n, 1):
        detail = f"the claimed solution has shape {candidate.shape}, but x has shape {(n, 1)}"
        orthogonality = least_squares_residual_orthogonality(matrix, constant, solution)
        return SolutionCheck(False, rank, n, candidate, solution, orthogonality, detail)
    orthogonality = least_squares_residual_orthogonality(matrix, constant, candidate)
    gap = _gap(matrix, candidate, constant, _column(residual(candidate)))
    if not gap <= tolerance:
        detail = (
            f"substituting the claimed solution leaves a relative residual {gap:.3g} "
            f"(tolerance {tolerance:.3g}); " + _solution_set(rank, n, consistent, solution)
        )
        return SolutionCheck(False, rank, n, candidate, solution, orthogonality, detail)
    if rank == n:
        size = max(float(np.linalg.norm(solution)), float(np.linalg.norm(candidate)), 1e-300)
        distance = float(np.linalg.norm(candidate - solution)) / size
        agreed = distance <= tolerance
        detail = (
            f"the claimed solution satisfies the equation and is the unique solution (rank {rank} = n)"
            if agreed
            else f"the claimed solution differs from the unique least-squares solution by "
            f"{distance:.3g} (relative); lstsq gives {_vector(solution)}"
        )
        return SolutionCheck(agreed, rank, n, candidate, solution, orthogonality, detail)
    minimum = np.allclose(candidate, solution, rtol=tolerance, atol=tolerance)
    detail = (
        f"the claimed solution satisfies the equation; rank {rank} < n = {n}, so it is one of "
        f"infinitely many ({'the' if minimum else 'not the'} minimum-norm one)"
    )
    return SolutionCheck(True, rank, n, candidate, solution, orthogonality, detail)


def least_squares_residual_orthogonality(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    """Return ‖Aᵀ(Ax − b)‖ / (‖A‖ ‖b‖): zero exactly when x solves the normal equations."""
    numerator = float(np.linalg.norm(a.T @ (a @ x - b)))
    denominator = float(np.linalg.norm(a)) * float(np.linalg.norm(b))
    if denominator == 0.0:
        return 0.0 if numerator == 0.0 else float("inf")
    return numerator / denominator


def _solution_set(rank: int, n: int, consistent: bool, solution: np.ndarray) -> str:
    """Describe the solutions of M x = c, naming the minimum-norm least-squares one."""
    if rank == n:
        kind = (
            "has the unique solution"
            if consistent
            else "has no exact solution; least squares gives"
        )
        return f"rank {rank} = n, the equation {kind} {_vector(solution)}"
    if consistent:
        return (
            f"rank {rank} < n = {n}, so the equation has infinitely many solutions; "
            f"the minimum-norm one is {_vector(solution)}"
        )
    return (
        f"rank {rank} < n = {n} and the equation has no exact solution; its least-squares "
        f"solutions are infinitely many, the minimum-norm one is {_vector(solution)}"
    )


def _gap(matrix: np.ndarray, x: np.ndarray, constant: np.ndarray, difference: np.ndarray) -> float:
    """‖difference‖ relative to the size of the terms of M x − c."""
    scale = float(np.linalg.norm(matrix, 2)) * float(np.linalg.norm(x))
    scale += float(np.linalg.norm(constant))
    return float(np.linalg.norm(difference)) / max(scale, 1e-300)


def _column(value: Any) -> np.ndarray:
    return np.asarray(values.as_value(value), dtype=np.float64).reshape(-1, 1)


def _unit(n: int, index: int) -> np.ndarray:
    unit = np.zeros((n, 1))
    unit[index, 0] = 1.0
    return unit


def _vector(x: np.ndarray) -> str:
    return np.array2string(x.ravel(), precision=4, suppress_small=True)
