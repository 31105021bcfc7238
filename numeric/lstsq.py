"""Linear equations and least squares: the system, its rank, and checks of claimed solutions.

``check_solution`` takes an equation M x = c as a residual function (the normal
equations AᵀA x = Aᵀb, say) and checks a claimed x by substitution and against
``numpy.linalg.lstsq``; it also reports the QR solution (full rank) and the
pseudo-inverse solution of M x = c.  ``check_least_squares`` takes the problem
min ‖Ax − b‖ itself and checks a claimed x against ``numpy.linalg.lstsq``, QR and
the pseudo-inverse, with the residual's orthogonality Aᵀ(Ax − b) = 0 as the
verdict, on full-rank and rank-deficient A alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from numeric import errors, values

AFFINE_TOLERANCE = 1e-6
"""Relative mismatch allowed when checking that a residual is affine in x."""

ORTHOGONALITY_SLACK = 64.0
"""A solution computed with a forward error of u·κ (x = A⁺b through the explicit
pseudo-inverse, say: accurate but not backward stable) leaves ‖Aᵀ(Ax − b)‖ up to
about u·κ relative; the orthogonality test allows ORTHOGONALITY_SLACK times that."""


@dataclasses.dataclass(frozen=True)
class SolutionCheck:
    """A claimed solution of M x = c against substitution and ``numpy.linalg.lstsq``.

    ``claimed`` is ``None`` when the claimed formula had no value (a singular inverse);
    ``lstsq`` is always the minimum-norm least-squares solution, and
    ``residual_orthogonality`` is measured at the claimed solution when there is one,
    at ``lstsq`` otherwise.  ``qr`` solves M x = c through M = QR when the rank is n
    (``None`` otherwise) and ``pinv`` is M⁺c.
    """

    agreed: bool
    rank: int
    n: int
    claimed: np.ndarray | None
    lstsq: np.ndarray
    residual_orthogonality: float
    detail: str
    qr: np.ndarray | None = None
    pinv: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class LeastSquaresCheck:
    """A claimed minimiser of ‖Ax − b‖ against lstsq, QR and the pseudo-inverse.

    ``orthogonality`` is ‖Aᵀ(Ax − b)‖ / (‖A‖ (‖A‖‖x‖ + ‖b‖)) at the claimed x (at the
    lstsq solution when there is no claim): about the unit roundoff for any
    backward-stable solver, whatever the conditioning, and zero exactly for the
    solutions of the normal equations; it must not exceed ``orthogonality_tolerance``,
    max(rtol, ORTHOGONALITY_SLACK · u · κ).  ``distances`` are ‖x − x_ref‖ / ‖x_ref‖ to
    each reference solution ("lstsq", "qr" when A has full column rank, "pinv"),
    judged against ``tolerance``, the forward-error bound rtol · κ (1 + κ ρ) with
    κ the condition number (over the non-zero singular values) and
    ρ = ‖Ax − b‖ / (‖A‖‖x‖).  ``minimum_norm`` says, for a rank-deficient A,
    whether the claim is the minimum-norm solution A⁺b.
    """

    agreed: bool
    rank: int
    n: int
    condition: float
    claimed: np.ndarray | None
    lstsq: np.ndarray
    qr: np.ndarray | None
    pinv: np.ndarray
    orthogonality: float
    orthogonality_tolerance: float
    tolerance: float
    distances: dict[str, float]
    minimum_norm: bool | None
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
    probe = np.arange(1.0, n + 1.0).reshape(-1, 1) / n + 0.5  # never 0 or a unit vector, even for n = 1
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
    check = _check_system(residual, n, claimed, matrix, constant, rtol)
    pinv = np.linalg.pinv(matrix) @ constant
    qr = _qr_solution(matrix, constant) if check.rank == n else None
    return dataclasses.replace(check, qr=qr, pinv=pinv)


def check_least_squares(
    a: np.ndarray, b: np.ndarray, claimed: np.ndarray | None, *, rtol: float = 1e-8
) -> LeastSquaresCheck:
    """Check ``claimed`` as a minimiser of ‖a x − b‖ (a: k x n, b: k x 1, x: n x 1).

    The claim holds when its residual is orthogonal to the columns of A
    (``orthogonality`` within ``orthogonality_tolerance``) and, for A of full column
    rank, it is within the forward-error ``tolerance`` of the unique solution (by QR).  For a
    rank-deficient A every solution of the normal equations holds, and
    ``minimum_norm`` tells whether it is A⁺b.  ``claimed=None`` (the claimed formula
    had no value, say (AᵀA)⁻¹ of a singular AᵀA) fails with the solution set
    described.

    Raises:
        InvalidArgument: a or b is not a matrix, or their rows differ.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64).reshape(-1, 1)
    if a.ndim != 2 or a.shape[0] != b.shape[0]:
        raise errors.InvalidArgument(
            f"A must be k x n and b k x 1 with the same k; got {a.shape} and {b.shape}"
        )
    n = a.shape[1]
    solution, _, rank, singular_values = np.linalg.lstsq(a, b, rcond=None)
    rank = int(rank)
    condition = float(singular_values[0] / singular_values[rank - 1]) if rank else 1.0
    pinv = np.linalg.pinv(a) @ b
    qr = _qr_solution(a, b) if rank == n else None
    candidate = None if claimed is None else np.asarray(claimed, dtype=np.float64)
    usable = candidate is not None and candidate.shape == (n, 1)
    point: np.ndarray = candidate if candidate is not None and usable else solution
    orthogonality = normal_equations_residual(a, b, point)
    size = max(float(np.linalg.norm(a, 2)) * float(np.linalg.norm(point)), 1e-300)
    rho = float(np.linalg.norm(a @ point - b)) / size
    tolerance = rtol * max(1.0, condition) * (1.0 + condition * rho)
    orthogonal_enough = max(rtol, ORTHOGONALITY_SLACK * np.finfo(np.float64).eps / 2 * condition)
    distances: dict[str, float] = {}
    if usable:
        references = {"lstsq": solution, "qr": qr, "pinv": pinv}
        distances = {
            name: _relative_distance(point, value)
            for name, value in references.items()
            if value is not None
        }
    minimum_norm = None if rank == n or not usable else distances["pinv"] <= tolerance
    common = (
        rank, n, condition, candidate, solution, qr, pinv,
        orthogonality, orthogonal_enough, tolerance, distances,
    )
    where = f"rank {rank} {'=' if rank == n else '<'} n = {n}, condition {condition:.3g}"
    if candidate is None:
        detail = (
            f"the claimed solution could not be evaluated; {where}; "
            + _minimisers(rank, n, pinv)
        )
        return LeastSquaresCheck(False, *common, None, detail)
    if not usable:
        detail = f"the claimed solution has shape {candidate.shape}, but x has shape {(n, 1)}"
        return LeastSquaresCheck(False, *common, None, detail)
    if not orthogonality <= orthogonal_enough:
        detail = (
            f"the residual is not orthogonal to the columns of A: ‖Aᵀ(Ax − b)‖ relative "
            f"{orthogonality:.3g} > {orthogonal_enough:.3g} ({where}); "
            + _minimisers(rank, n, pinv)
        )
        return LeastSquaresCheck(False, *common, minimum_norm, detail)
    if rank == n:
        agreed = distances["qr"] <= tolerance
        detail = (
            f"the claimed solution solves the normal equations (orthogonality {orthogonality:.2g}) "
            f"and matches the QR, lstsq and pseudo-inverse solutions ({where})"
            if agreed
            else f"the claimed solution is {distances['qr']:.3g} (relative) from the QR solution, "
            f"beyond the forward-error tolerance {tolerance:.3g} ({where})"
        )
        return LeastSquaresCheck(agreed, *common, None, detail)
    detail = (
        f"the claimed solution solves the normal equations (orthogonality {orthogonality:.2g}); "
        f"{where}, so it is one of infinitely many "
        f"({'the' if minimum_norm else 'not the'} minimum-norm one, A⁺b)"
    )
    return LeastSquaresCheck(True, *common, minimum_norm, detail)


def normal_equations_residual(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    """‖Aᵀ(Ax − b)‖ / (‖A‖ (‖A‖‖x‖ + ‖b‖)), 2-norms: scale-free, small for any stable solver."""
    numerator = float(np.linalg.norm(a.T @ (a @ x - b)))
    norm = float(np.linalg.norm(a, 2))
    denominator = norm * (norm * float(np.linalg.norm(x)) + float(np.linalg.norm(b)))
    if denominator == 0.0:
        return 0.0 if numerator == 0.0 else float("inf")
    return numerator / denominator


def _check_system(
    residual: Callable[[np.ndarray], Any],
    n: int,
    claimed: np.ndarray | None,
    matrix: np.ndarray,
    constant: np.ndarray,
    rtol: float,
) -> SolutionCheck:
    """``check_solution`` without the QR and pseudo-inverse references."""
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


def _qr_solution(matrix: np.ndarray, constant: np.ndarray) -> np.ndarray:
    """The least-squares solution through M = QR (M of full column rank)."""
    q, r = np.linalg.qr(matrix)
    return np.asarray(np.linalg.solve(r, q.T @ constant))


def _relative_distance(x: np.ndarray, reference: np.ndarray) -> float:
    scale = max(float(np.linalg.norm(reference)), float(np.linalg.norm(x)), 1e-300)
    return float(np.linalg.norm(x - reference)) / scale


def _minimisers(rank: int, n: int, pinv: np.ndarray) -> str:
    if rank == n:
        return f"the unique minimiser is {_vector(pinv)}"
    return (
        f"the minimisers are infinitely many; the minimum-norm one is A⁺b = {_vector(pinv)}"
    )


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
