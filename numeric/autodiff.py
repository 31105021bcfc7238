"""TensorFlow GradientTape as an oracle: gradients and Hessians in float64."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from numeric import errors, floating, tf_loader, values


def gradient(
    f_tf: Callable[..., Any], instance: Mapping[str, values.Value], wrt: str
) -> values.Value:
    """Return the gradient of the scalar TensorFlow function ``f_tf`` with respect to ``wrt``.

    The result has the shape of the variable (a float for a scalar variable).

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, or f is not scalar-valued.
        EvaluationError: f has no value at the instance, or its gradient is not finite.
    """
    tf = tf_loader.tensorflow()
    tensors, variable = _tensors(instance, wrt)
    with tf.GradientTape() as tape:
        tape.watch(variable)
        output = _scalar_output(f_tf(**tensors))
    result = tape.gradient(output, variable, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return values.as_value(result)


def hessian(
    f_tf: Callable[..., Any], instance: Mapping[str, values.Value], wrt: str
) -> values.Value:
    """Return the Hessian of the scalar TensorFlow function ``f_tf`` with respect to ``wrt``.

    For a variable of shape (r, c) the Hessian is (rc, rc) over vec(x), the entries
    taken column by column: (n, n) for a vector of shape (n, 1). For a scalar
    variable it is the second derivative, a float.

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, or f is not scalar-valued.
        EvaluationError: f has no value at the instance, or its Hessian is not finite.
    """
    tf = tf_loader.tensorflow()
    zero = tf.UnconnectedGradients.ZERO
    tensors, variable = _tensors(instance, wrt)
    with tf.GradientTape(persistent=True) as outer:  # persistent: loop-based jacobian
        outer.watch(variable)
        with tf.GradientTape() as inner:
            inner.watch(variable)
            output = _scalar_output(f_tf(**tensors))
        first = inner.gradient(output, variable, unconnected_gradients=zero)
    if variable.shape.rank == 0:
        return values.as_value(outer.gradient(first, variable, unconnected_gradients=zero))
    size = int(np.prod(variable.shape))
    jacobian = outer.jacobian(
        first, variable, unconnected_gradients=zero, experimental_use_pfor=False
    ).numpy()
    return values.as_value(np.reshape(jacobian, (size, size), order="F"))


def derivative(
    f_tf: Callable[..., Any], instance: Mapping[str, values.Value], wrt: str, order: int
) -> float:
    """Return the first or second derivative of ``f_tf`` in the scalar variable ``wrt``.

    Raises:
        InvalidArgument: ``order`` is not 1 or 2, or ``wrt`` is not a scalar.
        EvaluationError: f has no value at the instance.
    """
    if order not in (1, 2):
        raise errors.InvalidArgument(f"derivative order must be 1 or 2, got {order}")
    if wrt in instance and np.ndim(instance[wrt]) != 0:
        raise errors.InvalidArgument(
            f"{wrt} has shape {np.shape(instance[wrt])}; derivative needs a scalar variable"
        )
    result = gradient(f_tf, instance, wrt) if order == 1 else hessian(f_tf, instance, wrt)
    return values.scalar(result)


def compare_gradient(
    f_tf: Callable[..., Any],
    grad_np: Callable[..., Any],
    instances: Sequence[Mapping[str, values.Value]],
    wrt: str,
    *,
    rtol: float = 1e-8,
) -> floating.Comparison:
    """Compare a claimed gradient (lhs) with GradientTape's (rhs) on each instance.

    Raises:
        InvalidArgument: there are no instances, or f is not scalar-valued.
        EvaluationError: a side has no value at some instance.
    """

    def taped(**instance: values.Value) -> values.Value:
        return gradient(f_tf, instance, wrt)

    return floating.compare(grad_np, taped, instances, rtol=rtol)


def compare_hessian(
    f_tf: Callable[..., Any],
    hess_np: Callable[..., Any],
    instances: Sequence[Mapping[str, values.Value]],
    wrt: str,
    *,
    rtol: float = 1e-8,
) -> floating.Comparison:
    """Compare a claimed Hessian (lhs, over vec(x)) with GradientTape's (rhs) on each instance.

    Raises:
        InvalidArgument: there are no instances, or f is not scalar-valued.
        EvaluationError: a side has no value at some instance.
    """

    def taped(**instance: values.Value) -> values.Value:
        return hessian(f_tf, instance, wrt)

    return floating.compare(hess_np, taped, instances, rtol=rtol)


def _tensors(instance: Mapping[str, values.Value], wrt: str) -> tuple[dict[str, Any], Any]:
    """The instance as float64 constants, and the constant for ``wrt``."""
    if wrt not in instance:
        raise errors.InvalidArgument(f"no value for {wrt}; the instance has {sorted(instance)}")
    tf = tf_loader.tensorflow()
    tensors = {name: tf.constant(value, dtype=tf.float64) for name, value in instance.items()}
    return tensors, tensors[wrt]


def _scalar_output(output: Any) -> Any:
    """The function's value as a 0-d tensor; a 1x1 result is accepted as a scalar."""
    tf = tf_loader.tensorflow()
    output = tf.convert_to_tensor(output, dtype=tf.float64)
    if output.shape.num_elements() != 1:
        raise errors.InvalidArgument(
            f"the function must be scalar-valued, but it returned shape {tuple(output.shape)}"
        )
    return tf.reshape(output, ())
