"""Smallest counterexamples: the fewest dimensions first, then the smallest integer entries."""

from __future__ import annotations

import dataclasses
import itertools
import types
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from numeric import errors, instances, values

BOUNDS = (1, 2, 3)
"""Entry bounds tried in turn for each dimension assignment, sharing its budget of tries."""

Fails = Callable[[dict[str, int], dict[str, values.Value]], bool]
"""Whether the claim fails for these dimensions and values."""

_NO_DIMENSIONS: Mapping[str, int] = types.MappingProxyType({})


@dataclasses.dataclass(frozen=True)
class Counterexample:
    """Dimensions and integer-valued entries on which a claim fails."""

    dimensions: dict[str, int]
    values: dict[str, values.Value]


def smallest_counterexample(
    fails: Fails,
    dim_names: Sequence[str],
    specs_for: Callable[[dict[str, int]], Sequence[instances.Spec]],
    rng: np.random.Generator,
    *,
    max_dim: int = 4,
    fixed_dims: Mapping[str, int] = _NO_DIMENSIONS,
    tries: int = 20,
) -> Counterexample | None:
    """Search for the smallest failing instance, deterministically for a given ``rng``.

    Dimension assignments (each free dimension in 1..max_dim) are tried in order of
    increasing sum, then lexicographically; on each, ``tries`` integer instances are
    drawn with entries bounded by 1, then 2, then 3. The first failing instance is
    shrunk entry by entry (towards 0, smaller magnitudes, positive before negative),
    keeping symmetry and definiteness that the specs ask for, while it still fails.
    An instance on which ``fails`` raises a numeric error does not fail.

    Returns ``None`` when no instance fails.

    Raises:
        InvalidArgument: ``max_dim`` or ``tries`` is below 1, or a fixed dimension is.
    """
    if max_dim < 1 or tries < 1:
        raise errors.InvalidArgument(
            f"max_dim and tries must be at least 1, got {max_dim}, {tries}"
        )
    if any(size < 1 for size in fixed_dims.values()):
        raise errors.InvalidArgument(f"fixed dimensions must be positive, got {dict(fixed_dims)}")
    for dimensions in dimension_order(dim_names, max_dim=max_dim, fixed_dims=fixed_dims):
        specs = tuple(specs_for(dict(dimensions)))
        found = _first_failure(fails, dimensions, specs, rng, tries)
        if found is not None:
            return Counterexample(dict(dimensions), _shrink(fails, dimensions, specs, found))
    return None


def dimension_order(
    dim_names: Sequence[str], *, max_dim: int, fixed_dims: Mapping[str, int] = _NO_DIMENSIONS
) -> Iterator[dict[str, int]]:
    """Yield dimension assignments by increasing sum, then lexicographically in ``dim_names``."""
    free = [name for name in dim_names if name not in fixed_dims]
    extra = [name for name in fixed_dims if name not in dim_names]
    sizes = sorted(
        itertools.product(range(1, max_dim + 1), repeat=len(free)),
        key=lambda assignment: (sum(assignment), assignment),
    )
    for assignment in sizes:
        chosen = {**fixed_dims, **dict(zip(free, assignment))}
        yield {name: chosen[name] for name in (*dim_names, *extra)}


def _first_failure(
    fails: Fails,
    dimensions: dict[str, int],
    specs: Sequence[instances.Spec],
    rng: np.random.Generator,
    tries: int,
) -> dict[str, values.Value] | None:
    for index, bound in enumerate(BOUNDS):
        share = tries // len(BOUNDS) + (1 if index < tries % len(BOUNDS) else 0)
        for _ in range(share):
            instance = instances.draw_integer(specs, rng, bound=bound)
            if _still_fails(fails, dimensions, instance):
                return instance
    return None


def _shrink(
    fails: Fails,
    dimensions: dict[str, int],
    specs: Sequence[instances.Spec],
    instance: dict[str, values.Value],
) -> dict[str, values.Value]:
    """Replace entries by simpler ones, one at a time, until no replacement still fails."""
    current = dict(instance)
    changed = True
    while changed:
        changed = False
        for spec in specs:
            for position in _positions(spec):
                for candidate in _simpler(_entry(current[spec.name], position)):
                    trial = {
                        **current,
                        spec.name: _replaced(current[spec.name], spec, position, candidate),
                    }
                    if _allowed(spec, trial[spec.name]) and _still_fails(fails, dimensions, trial):
                        current, changed = trial, True
                        break
    return current


def _still_fails(
    fails: Fails, dimensions: dict[str, int], instance: dict[str, values.Value]
) -> bool:
    try:
        return bool(fails(dict(dimensions), dict(instance)))
    except (errors.NumericError, ArithmeticError, np.linalg.LinAlgError):
        return False


def _positions(spec: instances.Spec) -> list[tuple[int, int] | None]:
    """Entries to shrink; a symmetric matrix shrinks its upper triangle (mirrored)."""
    if spec.shape is None:
        return [None]
    rows, cols = spec.shape
    mirrored = spec.symmetric or spec.positive_definite
    return [(i, j) for i in range(rows) for j in range(cols) if not mirrored or i <= j]


def _simpler(value: float) -> list[float]:
    """Candidates simpler than ``value``: 0, then ±1, ±2, ... below |value|, then |value|."""
    magnitude = abs(value)
    candidates = [0.0] if value != 0 else []
    for size in range(1, int(magnitude)):
        candidates += [float(size), float(-size)]
    if value < 0:
        candidates.append(magnitude)
    return candidates


def _entry(value: values.Value, position: tuple[int, int] | None) -> float:
    return float(value) if position is None else float(np.asarray(value)[position])


def _replaced(
    value: values.Value, spec: instances.Spec, position: tuple[int, int] | None, entry: float
) -> values.Value:
    if position is None:
        return entry
    matrix = np.array(value, dtype=np.float64)
    row, col = position
    matrix[row, col] = entry
    if spec.symmetric or spec.positive_definite:
        matrix[col, row] = entry
    if spec.total is not None and 1 in matrix.shape and matrix.size > 1:
        flat = matrix.reshape(-1)  # a view: the entries still sum to the total, another one making up for this
        other = -1 if (row if matrix.shape[1] == 1 else col) != flat.size - 1 else 0
        flat[other] = 0.0
        flat[other] = spec.total - flat.sum()
    return matrix


def _allowed(spec: instances.Spec, value: values.Value) -> bool:
    """Whether a shrunk value still has the structure its spec declares."""
    if spec.total is not None and spec.shape is not None and not np.isclose(np.sum(value), spec.total):
        return False
    if spec.signs and not np.all(np.abs(np.asarray(value)) == 1.0):
        return False
    if not spec.positive_definite:
        return True
    if spec.shape is None:
        return float(value) > 0.0
    try:
        np.linalg.cholesky(np.asarray(value))
    except np.linalg.LinAlgError:
        return False
    return True
