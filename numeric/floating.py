"""Float64 evidence: two sides compared on instances, one at a time or as a stacked batch.

Finite-difference derivative checks are in ``numeric.differences``.

``compare`` takes one instance at a time; ``compare_batched`` evaluates both sides on
a whole stacked batch at once, with a tolerance scaled by the magnitude of the
terms and the conditioning of the inputs (``numeric.magnitude``), and re-evaluates
every instance that looks like a failure with 50 digits (``numeric.precise``)
before reporting it, so that rounding never produces a false failure.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from numeric import batch, errors, magnitude, precise, values

FLOOR = 1.0
"""Magnitudes below this count as this much when errors are made relative.

Two sides that cancel to zero differ by rounding noise only; relative to 1 that noise
is far below any tolerance, while a wrong identity on standard normal instances
differs by much more than 1e-8."""

SLACK = 64.0
"""The rounding error of a batched evaluation is allowed to reach SLACK·u·magnitude.

The magnitudes are first-order bounds built from absolute values, which real
rounding errors rarely approach; instances beyond the allowance are not failures
yet — the high-precision arbiter decides."""


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two sides on instances.

    When the sides disagree, ``failing`` is the instance and ``lhs``/``rhs`` their
    values there; when they agree all three are ``None``.
    """

    agreed: bool
    instances: int
    worst_relative_error: float
    failing: dict[str, values.Value] | None
    lhs: values.Value | None
    rhs: values.Value | None
    detail: str


@dataclasses.dataclass(frozen=True)
class BatchComparison:
    """The outcome of comparing two sides on a stacked batch of instances.

    ``instances`` counts the instances where both sides have a float64 value;
    ``undefined`` those where one has none (a singular inverse), which are skipped;
    ``rescued`` those that the float64 tolerance flagged but the high-precision
    re-evaluation showed to agree.  ``worst_relative_error`` is the largest error,
    relative to the size of the values, among the instances that agreed.  When the
    sides disagree, ``failing_index`` and ``failing`` locate the instance and
    ``lhs``/``rhs`` hold the sides' values there (from the high-precision evaluation
    when there was one).  ``agreed`` is False with no ``failing`` when no instance
    had a value at all.
    """

    agreed: bool
    instances: int
    undefined: int
    rescued: int
    worst_relative_error: float
    failing_index: int | None
    failing: dict[str, values.Value] | None
    lhs: values.Value | None
    rhs: values.Value | None
    detail: str


def compare_batched(
    lhs: batch.BatchedNumPyFunction,
    rhs: batch.BatchedNumPyFunction,
    stacked: Mapping[str, np.ndarray],
    *,
    rtol: float = 1e-8,
    floor: float = FLOOR,
    digits: int | None = precise.DIGITS,
    slack: float = SLACK,
) -> BatchComparison:
    """Evaluate both sides on every instance of ``stacked`` at once and compare them.

    An instance passes when max |lhs − rhs| ≤ rtol · max(|lhs|, |rhs|, floor) +
    slack · u · max(M_lhs + M_rhs), M being the rounding-error magnitudes of
    ``numeric.magnitude`` and u = 2⁻⁵³.  An instance that does not pass is re-evaluated with
    ``digits`` digits: it fails only if the sides still differ by more than
    rtol · max(|lhs|, |rhs|, floor) (plus the same allowance at that precision).
    ``digits=None`` skips that re-evaluation (for large matrices, where it is slow): the
    float64 verdict stands, and ``lhs``/``rhs`` are the flattened float64 values.
    Stops at the first failing instance, in batch order.

    Raises:
        InvalidArgument: a stack is missing or malformed.
        UnsupportedError: a side cannot be evaluated at high precision.
    """
    left, right = lhs(**stacked), rhs(**stacked)
    batch = left.shape[0]
    shape_l, shape_r = left.shape[1:], right.shape[1:]
    if shape_l != shape_r and {shape_l, shape_r} != {(), (1, 1)}:
        detail = f"shapes differ: lhs {shape_l}, rhs {shape_r}"
        return BatchComparison(
            False, 0, 0, 0, math.inf, 0, values.unstack(stacked, 0),
            values.as_value(left[0]), values.as_value(right[0]), detail,
        )
    left, right = left.reshape(batch, -1), right.reshape(batch, -1)
    defined = np.all(np.isfinite(left), axis=1) & np.all(np.isfinite(right), axis=1)
    with np.errstate(all="ignore"):
        difference = np.max(np.abs(left - right), axis=1)
        largest = np.maximum(np.max(np.abs(left), axis=1), np.max(np.abs(right), axis=1))
        scale = np.maximum(largest, floor)
        passed = defined & (difference <= rtol * scale)
        # magnitudes only where the plain tolerance is not enough: usually none at all
        noise = np.zeros(batch)
        doubtful = np.flatnonzero(defined & ~passed)
        if len(doubtful):
            noise[doubtful] = _noise(lhs, rhs, stacked, doubtful)
            rounding = slack * np.finfo(np.float64).eps / 2 * noise[doubtful]
            tolerance = rtol * scale[doubtful] + rounding
            passed[doubtful] = np.isfinite(tolerance) & (difference[doubtful] <= tolerance)
    with np.errstate(all="ignore"):  # undefined instances divide NaN by NaN; they are not used
        relative = np.where(passed, difference / scale, 0.0)
    worst = float(np.max(relative)) if np.any(passed) else 0.0
    flagged = np.flatnonzero(defined & ~passed)
    undefined = int(batch - np.sum(defined))
    rescued = 0
    if digits is None and len(flagged):  # no re-evaluation asked for: float64 decides
        first = int(flagged[0])
        error = float(difference[first] / scale[first])
        detail = f"relative error {error:.3g} > {rtol:g} on instance {first} (float64, not re-evaluated)"
        return BatchComparison(
            False, int(np.sum(passed[:first])) + 1, undefined, 0, error, first,
            values.unstack(stacked, first), values.as_value(left[first]), values.as_value(right[first]), detail,
        )
    precision = precise.DIGITS if digits is None else digits  # None has returned above when anything is flagged
    for index in flagged:
        allowance = slack * 10.0 ** (1 - precision) * float(noise[index])
        verdict = _arbitrate(lhs, rhs, stacked, int(index), rtol, floor, precision, allowance)
        if verdict is None:
            undefined += 1
            continue
        precise_l, precise_r, error, agrees = verdict
        if agrees:
            rescued += 1
            worst = max(worst, error)
            continue
        compared = int(np.sum(passed[:index])) + rescued + 1
        detail = (
            f"relative error {difference[index] / scale[index]:.3g} > {rtol:g} on instance "
            f"{index}, confirmed with {precision} digits (relative error {error:.3g})"
        )
        return BatchComparison(
            False, compared, undefined, rescued, error, int(index),
            values.unstack(stacked, int(index)), precise_l.as_float(), precise_r.as_float(), detail,
        )
    compared = int(np.sum(passed)) + rescued
    if compared == 0:
        detail = f"no instance of {batch} had a value on both sides"
        return BatchComparison(False, 0, undefined, 0, 0.0, None, None, None, None, detail)
    detail = f"agreed on {compared} instances; worst relative error {worst:.3g}"
    if rescued:
        detail += f"; {rescued} float64 disagreements were rounding ({precision}-digit re-evaluation)"
    if undefined:
        detail += f"; {undefined} instances without a value skipped"
    return BatchComparison(
        True, compared, undefined, rescued, worst, None, None, None, None, detail
    )


def _noise(
    lhs: batch.BatchedNumPyFunction,
    rhs: batch.BatchedNumPyFunction,
    stacked: Mapping[str, np.ndarray],
    rows: np.ndarray,
) -> np.ndarray:
    """max(M_lhs + M_rhs) per instance, for the instances ``rows`` of the batch."""
    chosen = {name: np.asarray(array)[rows] for name, array in stacked.items()}
    _, left = magnitude.evaluate(lhs, chosen)
    _, right = magnitude.evaluate(rhs, chosen)
    return np.asarray(np.max(left.reshape(len(rows), -1) + right.reshape(len(rows), -1), axis=1))


def _arbitrate(
    lhs: batch.BatchedNumPyFunction,
    rhs: batch.BatchedNumPyFunction,
    stacked: Mapping[str, np.ndarray],
    index: int,
    rtol: float,
    floor: float,
    digits: int,
    allowance: float,
) -> tuple[precise.PreciseValue, precise.PreciseValue, float, bool] | None:
    """Both sides at instance ``index`` with ``digits`` digits: values, relative error, verdict.

    ``None`` when a side has no value even at that precision.
    """
    instance = values.unstack(stacked, index)
    try:
        left = precise.evaluate(lhs.expr, instance, digits=digits, dimensions=lhs.dimensions)
        right = precise.evaluate(rhs.expr, instance, digits=digits, dimensions=rhs.dimensions)
    except errors.EvaluationError:
        return None
    gap = precise.difference(left, right)
    if gap is None:
        return left, right, math.inf, False
    scale = max(left.max_abs(), right.max_abs(), floor)
    allowance = allowance if math.isfinite(allowance) else 0.0
    error = float(gap / scale)
    return left, right, error, bool(gap <= rtol * scale + allowance)


def relative_error(lhs: values.Value, rhs: values.Value, *, floor: float = FLOOR) -> float:
    """Return max |lhs − rhs| / max(max |lhs|, max |rhs|, floor); infinite when shapes differ."""
    if not comparable(lhs, rhs):
        return math.inf
    left = np.asarray(lhs, dtype=np.float64).ravel()
    right = np.asarray(rhs, dtype=np.float64).ravel()
    difference = float(np.max(np.abs(left - right)))
    scale = max(float(np.max(np.abs(left))), float(np.max(np.abs(right))), floor)
    return difference / scale


def comparable(lhs: values.Value, rhs: values.Value) -> bool:
    """Whether two values have the same shape; a float and a 1x1 matrix count as equal."""
    left, right = values.shape_of(lhs), values.shape_of(rhs)
    return left == right or {left, right} <= {(), (1, 1)}


def compare(
    lhs: Callable[..., Any],
    rhs: Callable[..., Any],
    instances: Sequence[Mapping[str, values.Value]],
    *,
    rtol: float = 1e-8,
    floor: float = FLOOR,
) -> Comparison:
    """Evaluate both sides (with each instance as keywords) and compare them.

    Stops at the first instance where the shapes differ or the relative error
    (see ``relative_error``) exceeds ``rtol``.

    Raises:
        InvalidArgument: there are no instances.
        EvaluationError: a side has no value at some instance.
    """
    if not instances:
        raise errors.InvalidArgument("compare needs at least one instance")
    worst = 0.0
    for count, instance in enumerate(instances, start=1):
        left, right = values.as_value(lhs(**instance)), values.as_value(rhs(**instance))
        if not comparable(left, right):
            detail = (
                f"shapes differ on instance {count}: lhs {values.shape_of(left)}, "
                f"rhs {values.shape_of(right)}"
            )
            return Comparison(False, count, math.inf, dict(instance), left, right, detail)
        error = relative_error(left, right, floor=floor)
        worst = max(worst, error)
        if not error <= rtol:
            detail = f"relative error {error:.3g} > {rtol:g} on instance {count}"
            return Comparison(False, count, error, dict(instance), left, right, detail)
    detail = f"agreed on {len(instances)} instances; worst relative error {worst:.3g}"
    return Comparison(True, len(instances), worst, None, None, None, detail)
