"""Finite-difference derivative checks in float64: a claimed gradient or Hessian along random directions.

Each direction is tried at a few step sizes (``REFINEMENTS``) before it can refute, so that
a right derivative near a singularity is not failed by a step that is too large.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from numeric import errors, floating, values

GRADIENT_STEP = 1e-4
"""Central-difference step for gradients, relative to 1 + max |x|."""

HESSIAN_STEP = 1e-3
"""Second-difference step for Hessians, relative to 1 + max |x|."""

NOISE = 64 * np.finfo(np.float64).eps
"""Rounding noise of one evaluation of f, relative to |f|, allowed in a difference."""

DIRECTIONS = 4
"""Random directions used by the finite-difference checks."""

REFINEMENTS = (1.0, 0.1, 0.01)
"""Fractions of the step tried in turn along a direction until the claim matches.

A right derivative matches at some step (near a singularity only the smaller ones
resolve it); a wrong one matches at none, unless its error is below the rounding
noise that the step allows."""

FURTHER = 6
"""Tenfold smaller steps tried after ``REFINEMENTS`` before refuting: a function that varies
on a short scale (exp(sin(exp(xᵀx))) oscillates faster as xᵀx grows) is resolved only by a
step well below 1e-3. Each is tried only while its rounding noise stays below the tolerance
of the claimed value, so that noise can never make a wrong derivative match."""


def gradient_check(
    f: Callable[..., Any],
    grad: Callable[..., Any],
    instance: Mapping[str, values.Value],
    wrt: str,
    rng: np.random.Generator,
    *,
    rtol: float = 1e-6,
) -> floating.Comparison:
    """Check a claimed gradient of the scalar function ``f`` by central differences.

    Along ``DIRECTIONS`` random unit directions d, the Richardson-extrapolated central
    difference of f (exact for cubics) is compared with ⟨grad, d⟩, relative to the
    gradient's norm. ``lhs``/``rhs`` of a failure are the claimed and the numerical
    directional derivatives, one row per direction.

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, or f is not scalar-valued.
        EvaluationError: f or grad has no value near the instance.
    """
    point = _variable(instance, wrt)
    claimed = values.as_value(grad(**instance))
    if not floating.comparable(claimed, point):
        detail = (
            f"the gradient has shape {values.shape_of(claimed)}, but {wrt} has shape "
            f"{values.shape_of(point)}; a gradient has the shape of its variable"
        )
        return floating.Comparison(False, 1, math.inf, dict(instance), claimed, None, detail)
    steps = [GRADIENT_STEP * (1.0 + float(np.max(np.abs(point)))) * r for r in REFINEMENTS]
    norm = float(np.linalg.norm(claimed))
    claimed_slopes, numeric_slopes, errors_seen = [], [], []
    for direction in _directions(point, rng):
        line = _Line(f, instance, wrt, point, direction)
        slope = float(np.sum(np.asarray(claimed) * direction))
        numeric, error = _along(line.slope, slope, norm, steps, rtol)
        claimed_slopes.append(slope)
        numeric_slopes.append(numeric)
        errors_seen.append(error)
    return _directional_verdict(
        "⟨grad, d⟩", instance, claimed_slopes, numeric_slopes, errors_seen, rtol
    )


def hessian_check(
    f: Callable[..., Any],
    hess: Callable[..., Any],
    instance: Mapping[str, values.Value],
    wrt: str,
    rng: np.random.Generator,
    *,
    rtol: float = 1e-5,
) -> floating.Comparison:
    """Check a claimed Hessian of the scalar function ``f`` by second differences.

    For a matrix or vector variable the Hessian is N x N over vec(x), the entries
    taken column by column (for a vector, simply x). It must be symmetric; then along
    random unit directions d the extrapolated second difference of f (exact for
    quartics) is compared with dᵀ H d, relative to the Hessian's norm.

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, or f is not scalar-valued.
        EvaluationError: f or hess has no value near the instance.
    """
    point = _variable(instance, wrt)
    size = int(np.size(point))
    claimed = values.as_value(hess(**instance))
    expected_shape: tuple[int, ...] = () if np.ndim(point) == 0 else (size, size)
    if not floating.comparable(claimed, np.zeros(expected_shape)):
        detail = (
            f"the Hessian has shape {values.shape_of(claimed)}, but {wrt} of shape "
            f"{values.shape_of(point)} needs {expected_shape}"
        )
        return floating.Comparison(False, 1, math.inf, dict(instance), claimed, None, detail)
    matrix = np.asarray(claimed, dtype=np.float64).reshape(size, size)
    asymmetry = floating.relative_error(matrix, matrix.T, floor=0.0) if np.any(matrix) else 0.0
    if not asymmetry <= rtol:
        detail = f"the Hessian is not symmetric (relative asymmetry {asymmetry:.3g})"
        return floating.Comparison(False, 1, asymmetry, dict(instance), matrix, matrix.T, detail)
    steps = [HESSIAN_STEP * (1.0 + float(np.max(np.abs(point)))) * r for r in REFINEMENTS[:2]]
    norm = float(np.linalg.norm(matrix))
    claimed_curvatures, numeric_curvatures, errors_seen = [], [], []
    for direction in _directions(point, rng):
        line = _Line(f, instance, wrt, point, direction)
        vector = np.reshape(direction, -1, order="F")
        curvature = float(vector @ matrix @ vector)
        numeric, error = _along(line.curvature, curvature, norm, steps, rtol)
        claimed_curvatures.append(curvature)
        numeric_curvatures.append(numeric)
        errors_seen.append(error)
    return _directional_verdict(
        "dᵀ H d", instance, claimed_curvatures, numeric_curvatures, errors_seen, rtol
    )


class _Line:
    """f restricted to the line x + t·d, remembering the largest |f| it has seen."""

    def __init__(
        self,
        f: Callable[..., Any],
        instance: Mapping[str, values.Value],
        wrt: str,
        point: values.Value,
        direction: values.Value,
    ) -> None:
        self._f, self._instance, self._wrt = f, instance, wrt
        self._point, self._direction = point, direction
        self.magnitude = 0.0

    def __call__(self, t: float) -> float:
        moved = self._point + t * self._direction
        value = values.scalar(self._f(**{**self._instance, self._wrt: moved}))
        self.magnitude = max(self.magnitude, abs(value))
        return value

    def slope(self, step: float) -> tuple[float, float]:
        """f′ along the line by extrapolated central differences (exact for cubics), and its noise."""

        def central(h: float) -> float:
            return (self(h) - self(-h)) / (2.0 * h)

        value = (4.0 * central(step / 2.0) - central(step)) / 3.0
        return value, NOISE * self.magnitude / step

    def curvature(self, step: float) -> tuple[float, float]:
        """f″ along the line by extrapolated second differences (exact for quartics), and its noise."""

        def second(h: float) -> float:
            return (self(h) - 2.0 * self(0.0) + self(-h)) / h**2

        value = (4.0 * second(step / 2.0) - second(step)) / 3.0
        return value, 4.0 * NOISE * self.magnitude / step**2


def _along(
    estimate: Callable[[float], tuple[float, float]],
    claimed: float,
    norm: float,
    steps: Sequence[float],
    rtol: float,
) -> tuple[float, float]:
    """The numerical value and relative error at the first step matching ``claimed``, else the best.

    Errors are relative to the larger of the claimed derivative's norm and the
    numerical value; differences below the rounding noise of the step do not count.
    """
    best = (math.nan, math.inf)
    further = [steps[-1] * 0.1**k for k in range(1, FURTHER + 1)]
    for index, step in enumerate([*steps, *further]):
        numeric, noise = estimate(step)
        if index >= len(steps) and noise > rtol * max(norm, abs(claimed)):
            break  # smaller steps only add noise: what is left cannot match honestly
        scale = max(norm, abs(numeric), noise / rtol)
        error = abs(numeric - claimed) / scale if scale > 0.0 else 0.0
        if error <= rtol:
            return numeric, error
        if not error >= best[1]:
            best = (numeric, error)
    return best


def _variable(instance: Mapping[str, values.Value], wrt: str) -> values.Value:
    if wrt not in instance:
        raise errors.InvalidArgument(f"no value for {wrt}; the instance has {sorted(instance)}")
    value = instance[wrt]
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.float64)


def _directions(point: values.Value, rng: np.random.Generator) -> list[values.Value]:
    """Random unit directions shaped like ``point``; a scalar has the single direction 1."""
    if np.ndim(point) == 0:
        return [1.0]
    found: list[values.Value] = []
    for _ in range(DIRECTIONS):
        direction = rng.standard_normal(np.shape(point))
        found.append(direction / np.linalg.norm(direction))
    return found


def _directional_verdict(
    what: str,
    instance: Mapping[str, values.Value],
    claimed: list[float],
    numeric: list[float],
    errors_seen: list[float],
    rtol: float,
) -> floating.Comparison:
    worst = float(np.max(errors_seen))
    if worst <= rtol:
        detail = f"{what} matched differences along {len(claimed)} directions; worst {worst:.3g}"
        return floating.Comparison(True, 1, worst, None, None, None, detail)
    detail = (
        f"{what} differs from finite differences by relative error {worst:.3g} > {rtol:g} "
        f"(lhs: claimed, rhs: numerical, one row per direction)"
    )
    lhs = np.array(claimed).reshape(-1, 1)
    rhs = np.array(numeric).reshape(-1, 1)
    return floating.Comparison(False, 1, worst, dict(instance), lhs, rhs, detail)
