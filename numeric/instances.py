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
    ``condition`` asks float draws for that 2-norm condition number (1e10: an
    ill-conditioned matrix) and ``rank`` for a rank-deficient matrix; integer draws
    ignore both (the exact oracle and the shrinker want generic instances).
    """

    name: str
    shape: tuple[int, int] | None
    symmetric: bool = False
    positive_definite: bool = False
    condition: float | None = None
    rank: int | None = None
    total: float | None = None  # a vector whose entries sum to this (𝟏ᵀy = 1: a one-hot label, probabilities)
    signs: bool = False  # every entry -1 or 1 (labels yᵢ ∈ {-1, 1})

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
        _check_structure(self)


def draw_float(specs: Sequence[Spec], rng: np.random.Generator) -> dict[str, values.Value]:
    """Draw standard normal values for ``specs``.

    Symmetric matrices are (M + Mᵀ)/2, positive definite ones BᵀB + nI, and scalars are
    kept at least ``SCALAR_FLOOR`` away from zero (positive when declared so).  A spec
    with a ``condition`` or ``rank`` is drawn as ``draw_float_batch`` draws it.
    """
    return {spec.name: _draw_float(spec, rng) for spec in specs}


def draw_float_batch(
    specs: Sequence[Spec], rng: np.random.Generator, count: int
) -> dict[str, np.ndarray]:
    """Draw ``count`` instances at once, stacked: (count, rows, cols) arrays, (count,) scalars.

    Plain matrices are standard normal, symmetric ones (M + Mᵀ)/2 and positive
    definite ones BᵀB + nI, as in ``draw_float``.  With a ``condition`` κ the singular
    values (eigenvalues, for a symmetric matrix, with random signs unless positive
    definite) are spaced geometrically from 1 down to 1/κ between random orthonormal
    bases; with a ``rank`` r only r of them are non-zero.  Symmetric draws are
    exactly symmetric.

    Raises:
        InvalidArgument: ``count`` is below 1.
    """
    if count < 1:
        raise errors.InvalidArgument(f"count must be at least 1, got {count}")
    return {spec.name: _batch(spec, rng, count) for spec in specs}


def symmetric(
    size: int,
    rng: np.random.Generator,
    *,
    condition: float | None = None,
    rank: int | None = None,
) -> np.ndarray:
    """Draw an exactly symmetric size x size matrix, with a condition number or rank if given.

    Raises:
        InvalidArgument: the condition is below 1 or the rank out of 0..size.
    """
    spec = Spec("symmetric", (size, size), symmetric=True, condition=condition, rank=rank)
    return np.asarray(_batch(spec, rng, 1)[0])


def positive_definite(
    size: int, rng: np.random.Generator, *, condition: float | None = None
) -> np.ndarray:
    """Draw a symmetric positive definite matrix, with eigenvalues from 1 to 1/condition if given.

    Raises:
        InvalidArgument: the condition is below 1.
    """
    spec = Spec("positive definite", (size, size), positive_definite=True, condition=condition)
    return np.asarray(_batch(spec, rng, 1)[0])


def draw_integer(
    specs: Sequence[Spec], rng: np.random.Generator, *, bound: int
) -> dict[str, values.Value]:
    """Draw integer-valued float64 values with entries uniform in [-bound, bound].

    Symmetric matrices mirror their upper triangle; positive definite ones are BᵀB + I
    with such a B; scalars are non-zero (in [1, bound] when declared positive).
    ``condition`` and ``rank`` are ignored: integer instances are generic.

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


def _summing(spec: Spec, value: np.ndarray) -> np.ndarray:
    """A vector whose last entry makes the sum ``spec.total`` (integer draws stay integers when it is one)."""
    if spec.total is None or spec.shape is None or 1 not in spec.shape:
        return value
    flat = value.reshape(value.shape[:-2] + (-1,)).copy()
    flat[..., -1] = spec.total - flat[..., :-1].sum(axis=-1)
    return flat.reshape(value.shape)


def _signs(spec: Spec, rng: np.random.Generator, leading: tuple[int, ...] = ()) -> np.ndarray:
    assert spec.shape is not None
    return rng.choice(np.array([-1.0, 1.0]), size=leading + spec.shape)


def _draw_float(spec: Spec, rng: np.random.Generator) -> values.Value:
    if spec.signs and spec.shape is not None:
        return _signs(spec, rng)
    if spec.total is not None and spec.shape is not None:
        return _summing(spec, np.asarray(_draw_float(dataclasses.replace(spec, total=None), rng)))
    if spec.condition is not None or spec.rank is not None:
        return np.asarray(_batch(spec, rng, 1)[0])
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
    if spec.signs and spec.shape is not None:
        return _signs(spec, rng)
    if spec.total is not None and spec.shape is not None:
        return _summing(spec, np.asarray(_draw_integer(dataclasses.replace(spec, total=None), rng, bound)))
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


def _check_structure(spec: Spec) -> None:
    """Refuse a condition number or rank that the spec's shape and structure cannot have."""
    if spec.condition is None and spec.rank is None:
        return
    if spec.shape is None:
        raise errors.InvalidArgument(f"{spec.name}: a scalar has no condition number or rank")
    smallest = min(spec.shape)
    if spec.condition is not None:
        if not spec.condition >= 1.0:
            raise errors.InvalidArgument(
                f"{spec.name}: a condition number is at least 1, got {spec.condition}"
            )
        if smallest == 1 and spec.condition != 1.0:
            raise errors.InvalidArgument(
                f"{spec.name}: a {spec.shape[0]} x {spec.shape[1]} matrix has condition number 1, "
                f"not {spec.condition}"
            )
    if spec.rank is not None:
        if not 0 <= spec.rank <= smallest:
            raise errors.InvalidArgument(
                f"{spec.name}: a {spec.shape[0]} x {spec.shape[1]} matrix cannot have rank "
                f"{spec.rank}; use 0..{smallest}"
            )
        if spec.positive_definite and spec.rank < smallest:
            raise errors.InvalidArgument(
                f"{spec.name}: a positive definite matrix has full rank {smallest}, not {spec.rank}"
            )


def _batch(spec: Spec, rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` draws for ``spec``, stacked along a leading axis."""
    if spec.signs and spec.shape is not None:
        return _signs(spec, rng, (count,))
    if spec.total is not None and spec.shape is not None:
        return _summing(spec, _batch(dataclasses.replace(spec, total=None), rng, count))
    if spec.shape is None:
        numbers = rng.standard_normal(count)
        small = np.abs(numbers) < SCALAR_FLOOR
        while np.any(small):
            numbers[small] = rng.standard_normal(int(np.sum(small)))
            small = np.abs(numbers) < SCALAR_FLOOR
        return np.abs(numbers) if spec.positive_definite else numbers
    rows, cols = spec.shape
    square = spec.symmetric or spec.positive_definite
    if spec.condition is None and spec.rank is None:
        matrices = rng.standard_normal((count, rows, cols))
        if spec.positive_definite:
            gram = np.swapaxes(matrices, -1, -2) @ matrices + rows * np.eye(rows)
            return (gram + np.swapaxes(gram, -1, -2)) / 2.0
        if spec.symmetric:
            return (matrices + np.swapaxes(matrices, -1, -2)) / 2.0
        return matrices
    rank = min(rows, cols) if spec.rank is None else spec.rank
    if rank == 0:
        return np.zeros((count, rows, cols))
    if spec.condition is None and not square:
        return rng.standard_normal((count, rows, rank)) @ rng.standard_normal((count, rank, cols))
    scales = np.geomspace(1.0, 1.0 / (spec.condition or 1.0), rank)
    if spec.condition is None:  # a symmetric rank-deficient draw: spread like a Gaussian's
        scales = np.sort(np.abs(rng.standard_normal((count, rank))), axis=-1)[..., ::-1]
    left = _orthonormal_batch(rows, rank, rng, count)
    if square:
        if not spec.positive_definite:
            scales = scales * rng.choice([-1.0, 1.0], size=(count, rank))
        matrices = (left * np.asarray(scales)[..., None, :]) @ np.swapaxes(left, -1, -2)
        return np.asarray((matrices + np.swapaxes(matrices, -1, -2)) / 2.0)
    right = _orthonormal_batch(cols, rank, rng, count)
    return np.asarray((left * scales) @ np.swapaxes(right, -1, -2))


def _orthonormal_batch(size: int, columns: int, rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` size x columns matrices with orthonormal columns, uniformly distributed."""
    q, r = np.linalg.qr(rng.standard_normal((count, size, columns)))
    signs = np.sign(np.diagonal(r, axis1=-2, axis2=-1))
    return np.asarray(q * signs[..., None, :])


def _orthonormal(size: int, columns: int, rng: np.random.Generator) -> np.ndarray:
    """A size x columns matrix with orthonormal columns, uniformly distributed."""
    q, r = np.linalg.qr(rng.standard_normal((size, columns)))
    return np.asarray(q * np.sign(np.diag(r)))
