"""The Taylor remainder test: the observed order of convergence tells a right derivative.

Along a random unit direction d, for a geometric sequence of steps h,

    r1(h) = |f(x + h d) − f(x) − h ⟨∇f, d⟩|                    = O(h²) for the right ∇f,
    r2(h) = |f(x + h d) − f(x) − h ⟨∇f, d⟩ − h²/2 dᵀ H d|        = O(h³) for the right H.

A wrong gradient leaves r1 ≈ h |⟨∇f − g, d⟩| (order 1); a wrong Hessian leaves
r2 ≈ h²/2 |dᵀ(H − K)d| (order 2).  The order is the slope of a least-squares fit of
log r against log h, over the smallest steps at which r stands clearly above the
rounding floor — the noise of the subtraction, a few ulps of the terms being
subtracted.  When r is at that floor for every step, f agrees with its expansion
to the last bit (the expansion is exact: f is linear for r1, quadratic for r2),
and the verdict says so instead of reading a slope into noise.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

from numeric import errors, values

STEPS = 30
"""Number of steps h, halving from the first."""

FIRST_STEP = 0.25
"""The largest step, relative to max(1, ‖x‖)."""

NOISE = 64 * np.finfo(np.float64).eps
"""Rounding noise of the remainder, relative to the magnitude of its terms."""

ABOVE_FLOOR = 100.0
"""A remainder is usable when it exceeds the noise floor by this factor."""

WINDOW = 6
"""Number of usable steps (the smallest ones) that the slope is fitted on."""

MARGIN = 0.5
"""An observed order within this of the expected one passes."""

Verdict = Literal["passed", "exact", "failed", "inconclusive"]


@dataclasses.dataclass(frozen=True)
class TaylorTest:
    """A remainder series and what its slope says.

    ``hs`` and ``remainders`` are the series for a plot (log-log); ``floor`` the
    estimated rounding floor at each step.  ``order`` is the fitted slope (``None``
    when fewer than three steps were usable), ``expected`` 2 for a gradient test and
    3 for a Hessian test.  ``verdict``: "passed" (order ≥ expected − 0.5), "failed",
    "exact" (the remainder is at the rounding floor for every step) or "inconclusive".
    """

    hs: tuple[float, ...]
    remainders: tuple[float, ...]
    floor: tuple[float, ...]
    order: float | None
    expected: int
    floor_reached: bool
    verdict: Verdict
    detail: str

    @property
    def passed(self) -> bool:
        """Whether the claimed derivative(s) survived: "passed" or "exact"."""
        return self.verdict in ("passed", "exact")


def remainder_test(
    f: Callable[..., Any],
    grad: Callable[..., Any],
    instance: Mapping[str, values.Value],
    wrt: str,
    rng: np.random.Generator,
    *,
    hess: Callable[..., Any] | None = None,
    steps: int = STEPS,
) -> TaylorTest:
    """Run the remainder test of the claimed ``grad`` (and ``hess``) of the scalar ``f``.

    ``f``, ``grad`` and ``hess`` take the instance's values as keywords (as
    ``lambdify.to_numpy`` functions do); the gradient has the variable's shape and
    the Hessian is over vec(x), column by column.  Without ``hess`` r1 is tested
    (order 2 expected); with it, r2 (order 3).

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, ``steps`` < 4, f is not
            scalar-valued, or the gradient or Hessian has the wrong shape.
        EvaluationError: f or a derivative has no value near the instance.
    """
    if wrt not in instance:
        raise errors.InvalidArgument(f"no value for {wrt}; the instance has {sorted(instance)}")
    if steps < 4:
        raise errors.InvalidArgument(f"the remainder test needs at least 4 steps, got {steps}")
    point = np.asarray(instance[wrt], dtype=np.float64)
    direction = _direction(point, rng)
    gradient = np.asarray(values.as_value(grad(**instance)), dtype=np.float64)
    if gradient.size != point.size or (gradient.ndim == 2 and point.ndim == 2 and gradient.shape != point.shape):
        raise errors.InvalidArgument(
            f"the gradient has shape {gradient.shape}, but {wrt} has shape {point.shape}"
        )
    slope = float(np.sum(gradient.reshape(point.shape) * direction))
    curvature = 0.0
    if hess is not None:
        matrix = np.asarray(values.as_value(hess(**instance)), dtype=np.float64)
        if matrix.size != point.size**2:
            raise errors.InvalidArgument(
                f"the Hessian has shape {matrix.shape}, but {wrt} of shape {point.shape} "
                f"needs ({point.size}, {point.size})"
            )
        vector = np.reshape(direction, -1, order="F")
        curvature = float(vector @ matrix.reshape(point.size, point.size) @ vector)
    base = _value(f, instance, wrt, point)
    first = FIRST_STEP * max(1.0, float(np.linalg.norm(point)))
    hs = first * 0.5 ** np.arange(steps)
    remainders, floors = [], []
    for h in hs:
        moved = _value(f, instance, wrt, point + h * direction)
        terms = (moved, base, h * slope, 0.5 * h * h * curvature)
        second = 0.5 * h * h * curvature if hess is not None else 0.0
        remainder = moved - base - h * slope - second
        remainders.append(abs(remainder))
        floors.append(NOISE * max(abs(term) for term in terms))
    expected = 2 if hess is None else 3
    return _verdict(tuple(float(h) for h in hs), tuple(remainders), tuple(floors), expected)


def observed_order(hs: np.ndarray, remainders: np.ndarray) -> float:
    """The least-squares slope of log(remainder) against log(h)."""
    slope, _ = np.polyfit(np.log(hs), np.log(remainders), 1)
    return float(slope)


def _verdict(
    hs: tuple[float, ...], remainders: tuple[float, ...], floor: tuple[float, ...], expected: int
) -> TaylorTest:
    usable = np.array(remainders) > ABOVE_FLOOR * np.array(floor)
    floor_reached = not bool(np.all(usable))
    what = "r1 (gradient)" if expected == 2 else "r2 (Hessian)"
    if not np.any(usable):
        detail = (
            f"{what} is at the rounding floor for every step: the expansion is exact "
            f"(f is {'linear' if expected == 2 else 'quadratic'} along the direction)"
        )
        return TaylorTest(hs, remainders, floor, None, expected, True, "exact", detail)
    chosen = np.flatnonzero(usable)[-WINDOW:]
    if len(chosen) < 3:
        detail = f"{what}: only {len(chosen)} steps above the rounding floor; no order fitted"
        return TaylorTest(
            hs, remainders, floor, None, expected, floor_reached, "inconclusive", detail
        )
    order = observed_order(np.array(hs)[chosen], np.array(remainders)[chosen])
    span = f"h from {hs[chosen[0]]:.2g} to {hs[chosen[-1]]:.2g}"
    if order >= expected - MARGIN:
        verdict: Verdict = "passed"
        detail = f"{what} converges with order {order:.2f} (expected {expected}; {span})"
    else:
        verdict = "failed"
        wrong = "gradient" if expected == 2 else "Hessian (or gradient)"
        detail = (
            f"{what} converges with order {order:.2f}, expected {expected} ({span}): "
            f"the claimed {wrong} is wrong"
        )
    return TaylorTest(hs, remainders, floor, order, expected, floor_reached, verdict, detail)


def _value(
    f: Callable[..., Any], instance: Mapping[str, values.Value], wrt: str, point: Any
) -> float:
    moved = float(point) if np.ndim(point) == 0 else point
    value = values.scalar(f(**{**instance, wrt: moved}))
    if not math.isfinite(value):
        raise errors.EvaluationError(f"f is not finite at {wrt} = {point}")
    return value


def _direction(point: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random unit direction shaped like the variable (±1 for a scalar)."""
    if point.ndim == 0:
        return np.asarray(1.0 if rng.integers(2) else -1.0)
    direction = rng.standard_normal(point.shape)
    return np.asarray(direction / np.linalg.norm(direction))
