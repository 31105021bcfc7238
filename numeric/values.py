"""Values that the oracles exchange: float64 arrays of shape (rows, cols) and floats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Union

import numpy as np

from numeric import errors

Value = Union[np.ndarray, float]
"""A matrix or vector (float64, shape (rows, cols), vectors (n, 1)) or a scalar float."""

Instance = Mapping[str, Value]
"""Values for the free symbols of an expression, keyed by the symbols' names."""


def scalar(value: Any) -> float:
    """Return ``value`` (a float, a 0-d or 1x1 array, a TensorFlow tensor) as a float.

    Raises:
        InvalidArgument: the value holds more than one number.
    """
    if hasattr(value, "numpy"):  # a TensorFlow tensor
        value = value.numpy()
    array = np.asarray(value)
    if array.size != 1:
        raise errors.InvalidArgument(
            f"expected a scalar or a 1x1 matrix, found a value of shape {array.shape}"
        )
    if np.iscomplexobj(array):
        raise errors.EvaluationError(f"the value is complex: {array.reshape(())}")
    return float(array.reshape(()))


def as_value(raw: Any) -> Value:
    """Normalise a backend result: 2-d arrays become float64 arrays, the rest floats.

    Raises:
        EvaluationError: the result is complex, infinite or not a number.
    """
    if hasattr(raw, "numpy"):  # a TensorFlow tensor
        raw = raw.numpy()
    array = np.asarray(raw)
    if array.dtype == object:  # Python integers past int64, from literal constants
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError, OverflowError) as error:
            raise errors.EvaluationError(f"the value is not a float64 number: {error}") from error
    if np.iscomplexobj(array):
        raise errors.EvaluationError(f"the value is complex: {array}")
    if not np.all(np.isfinite(array)):
        raise errors.EvaluationError(f"the value is not finite: {array}")
    if array.ndim == 2:
        return np.array(array, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    raise errors.InvalidArgument(
        f"expected a scalar or a 2-d matrix, found a value of shape {array.shape}"
    )


def shape_of(value: Value) -> tuple[int, ...]:
    """Return the shape of a value; a scalar has the empty shape ``()``."""
    return tuple(np.shape(value))


def stack(instances: Sequence[Instance]) -> dict[str, np.ndarray]:
    """Stack instances along a new leading axis: (batch, rows, cols) matrices, (batch,) scalars.

    Raises:
        InvalidArgument: there are no instances, or they name different symbols or shapes.
    """
    if not instances:
        raise errors.InvalidArgument("stack needs at least one instance")
    names = sorted(instances[0])
    for index, instance in enumerate(instances):
        if sorted(instance) != names:
            raise errors.InvalidArgument(
                f"instance {index} names {sorted(instance)}, but instance 0 names {names}"
            )
    stacked = {}
    for name in names:
        shapes = {np.shape(instance[name]) for instance in instances}
        if len(shapes) != 1:
            raise errors.InvalidArgument(f"{name} has several shapes across instances: {shapes}")
        stacked[name] = np.stack(
            [np.asarray(instance[name], dtype=np.float64) for instance in instances]
        )
    return stacked


def unstack(stacked: Mapping[str, np.ndarray], index: int) -> dict[str, Value]:
    """Instance ``index`` of a stacked batch, as plain values (arrays and floats)."""
    instance: dict[str, Value] = {}
    for name, array in stacked.items():
        item = np.asarray(array)[index]
        instance[name] = float(item) if np.ndim(item) == 0 else np.array(item, dtype=np.float64)
    return instance


def batch_size(stacked: Mapping[str, np.ndarray]) -> int:
    """The common leading dimension of stacked values.

    Raises:
        InvalidArgument: the values disagree, or a value is neither (batch,) nor
            (batch, rows, cols).
    """
    sizes = set()
    for name, array in stacked.items():
        if np.ndim(array) not in (1, 3):
            raise errors.InvalidArgument(
                f"{name}: a stacked value has shape (batch,) or (batch, rows, cols), "
                f"not {np.shape(array)}"
            )
        sizes.add(int(np.shape(array)[0]))
    if len(sizes) != 1:
        raise errors.InvalidArgument(
            f"stacked values need one batch size, found {sorted(sizes)} "
            f"({ {name: np.shape(array) for name, array in stacked.items()} })"
        )
    return sizes.pop()
