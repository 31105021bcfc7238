"""Random instances for shaped symbols: float, integer, full-rank and rank-deficient values."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from numeric import errors, values

SCALAR_FLOOR = 0.1
"""Float scalars are drawn with at least this magnitude, away from poles at zero."""


@dataclasses.dataclass(frozen=True)
class Spec:
    """What to draw for one symbol: its name, shape (``None`` for a scalar) and structure.

    ``positive_definite`` implies symmetric; for a scalar it means positive.
    """

    name: str
    shape: tuple[int, int] | None
    symmetric: bool = False
    positive_definite: bool = False

    def __post_init__(self) -> None:
        if self.shape is not None:
            rows, cols = self.shape
            if rows < 1 or cols < 1:
                raise errors.InvalidArgument(
                    f"{self.name}: dimensions must be positive, got {self.shape}"
                )
            if (self.symmetric or self.positive_definite) and rows != cols:
                raise errors.InvalidArgument(
                    f"{self.name}: a symmetric or positive definite matrix must be square, "
                    f"got shape {self.shape}"
                )
        elif self.symmetric:
            raise errors.InvalidArgument(f"{self.name}: a scalar cannot be declared symmetric")


def draw_float(specs: Sequence[Spec], rng: np.random.Generator) -> dict[str, values.Value]:
    """Draw standard normal values for ``specs``.

    Symmetric matrices are (M + Mᵀ)/2, positive definite ones BᵀB + nI, and scalars are
    kept at least ``SCALAR_FLOOR`` away from zero (positive when declared so).
    """
    return {spec.name: _draw_float(spec, rng) for spec in specs}


def draw_integer(
    specs: Sequence[Spec], rng: np.random.Generator, *, bound: int
) -> dict[str, values.Value]:
    """Draw integer-valued float64 values with entries uniform in [-bound, bound].

    Symmetric matrices mirror their upper triangle; positive definite ones are BᵀB + I
    with such a B; scalars are non-zero (in [1, bound] when declared positive).

    Raises:
        InvalidArgument: ``bound`` is less than 1.
    """
    if bound < 1:
        raise errors.InvalidArgument(f"bound must be at least 1, got {bound}")
    return {spec.name: _draw_integer(spec, rng, bound) for spec in specs}


def full_rank(
    rows: int, cols: int, rng: np.random.Generator, *, condition: float | None = None
) -> np.ndarray:
    """Draw a rows x cols matrix of full rank, with the given 2-norm condition number if any.

    With ``condition`` the singular values are spaced geometrically from 1 down to
    1/condition between random orthonormal bases.

    Raises:
        InvalidArgument: ``condition`` is below 1, or above 1 for a single row or column.
    """
    if condition is None:
        return rng.standard_normal((rows, cols))
    if not condition >= 1.0:
        raise errors.InvalidArgument(f"a condition number is at least 1, got {condition}")
    rank = min(rows, cols)
    if rank == 1 and condition != 1.0:
        raise errors.InvalidArgument(
            f"a {rows} x {cols} matrix has condition number 1, not {condition}"
        )
    left = _orthonormal(rows, rank, rng)
    right = _orthonormal(cols, rank, rng)
    singular_values = np.geomspace(1.0, 1.0 / condition, rank)
    return np.asarray((left * singular_values) @ right.T)


def rank_deficient(rows: int, cols: int, rank: int, rng: np.random.Generator) -> np.ndarray:
    """Draw a rows x cols matrix of exactly the given rank (almost surely).

    Raises:
        InvalidArgument: ``rank`` is negative or exceeds min(rows, cols).
    """
    if not 0 <= rank <= min(rows, cols):
        raise errors.InvalidArgument(
            f"a {rows} x {cols} matrix cannot have rank {rank}; use 0..{min(rows, cols)}"
        )
    return rng.standard_normal((rows, rank)) @ rng.standard_normal((rank, cols))


def _draw_float(spec: Spec, rng: np.random.Generator) -> values.Value:
    if spec.shape is None:
        number = float(rng.standard_normal())
        while abs(number) < SCALAR_FLOOR:
            number = float(rng.standard_normal())
        return abs(number) if spec.positive_definite else number
    matrix = rng.standard_normal(spec.shape)
    if spec.positive_definite:
        return matrix.T @ matrix + spec.shape[0] * np.eye(spec.shape[0])
    if spec.symmetric:
        return (matrix + matrix.T) / 2.0
    return matrix


def _draw_integer(spec: Spec, rng: np.random.Generator, bound: int) -> values.Value:
    if spec.shape is None:
        magnitude = float(rng.integers(1, bound, endpoint=True))
        if spec.positive_definite:
            return magnitude
        return magnitude if rng.integers(2) else -magnitude
    matrix = rng.integers(-bound, bound, size=spec.shape, endpoint=True).astype(np.float64)
    if spec.positive_definite:
        return matrix.T @ matrix + np.eye(spec.shape[0])
    if spec.symmetric:
        upper = np.triu(matrix)
        return upper + np.triu(matrix, 1).T
    return matrix


def _orthonormal(size: int, columns: int, rng: np.random.Generator) -> np.ndarray:
    """A size x columns matrix with orthonormal columns, uniformly distributed."""
    q, r = np.linalg.qr(rng.standard_normal((size, columns)))
    return np.asarray(q * np.sign(np.diag(r)))
