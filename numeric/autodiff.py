"""TensorFlow GradientTape as an oracle: gradients, Hessians and Hessian-vector products in float64.

Everything runs in float64 with TF32 off (``tf_loader``), constants are watched,
and unconnected gradients count as zero.  ``hessian`` forms the whole Hessian
(nested tapes and ``jacobian``; ``compiled=True`` traces it once with
``tf.function`` and vectorises the jacobian); for large n
``hessian_vector_product`` gives H v by forward-over-backward differentiation
without forming H.
"""

from __future__ import annotations

import functools
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
    f_tf: Callable[..., Any],
    instance: Mapping[str, values.Value],
    wrt: str,
    *,
    compiled: bool = False,
) -> values.Value:
    """Return the Hessian of the scalar TensorFlow function ``f_tf`` with respect to ``wrt``.

    For a variable of shape (r, c) the Hessian is (rc, rc) over vec(x), the entries
    taken column by column: (n, n) for a vector of shape (n, 1). For a scalar
    variable it is the second derivative, a float.

    With ``compiled`` the computation is traced once per (function, variable, shapes)
    by ``tf.function`` and the jacobian is vectorised (``pfor``): much faster for
    large or repeated Hessians, at the cost of tracing.

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, or f is not scalar-valued.
        EvaluationError: f has no value at the instance, or its Hessian is not finite.
    """
    tensors, variable = _tensors(instance, wrt)
    if compiled:
        result = _run(_compiled_hessian(f_tf, wrt), tensors)
    else:
        result = _second_derivative(f_tf, tensors, wrt, vectorised=False)
    if variable.shape.rank == 0:
        return values.as_value(result)
    size = int(np.prod(variable.shape))
    return values.as_value(np.reshape(result.numpy(), (size, size), order="F"))


def hessian_vector_product(
    f_tf: Callable[..., Any],
    instance: Mapping[str, values.Value],
    wrt: str,
    vector: values.Value,
) -> values.Value:
    """Return H v, the Hessian of the scalar ``f_tf`` in ``wrt`` applied to ``vector``.

    Forward-over-backward: a ``tf.autodiff.ForwardAccumulator`` pushes the direction
    ``vector`` through the ``GradientTape`` gradient, so H is never formed (cost: a
    few evaluations of f, for any n).  ``vector`` has the variable's shape, and so has
    the result; for a matrix variable it is the Hessian over vec(x) applied to vec(v),
    reshaped back.  The computation is compiled with ``tf.function`` and cached per
    (function, variable).

    Raises:
        InvalidArgument: ``wrt`` is not in the instance, f is not scalar-valued, or
            ``vector`` does not have the variable's shape.
        EvaluationError: f has no value at the instance, or H v is not finite.
    """
    tf = tf_loader.tensorflow()
    tensors, variable = _tensors(instance, wrt)
    if np.shape(vector) != tuple(variable.shape):
        raise errors.InvalidArgument(
            f"the vector has shape {np.shape(vector)}, but {wrt} has shape {tuple(variable.shape)}"
        )
    direction = tf.constant(vector, dtype=tf.float64)
    return values.as_value(_run(_compiled_hvp(f_tf, wrt), tensors, direction))


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


@functools.lru_cache(maxsize=32)
def _compiled_hvp(f_tf: Callable[..., Any], wrt: str) -> Callable[..., Any]:
    """H v for ``f_tf`` in ``wrt``, traced by ``tf.function`` (once per set of shapes)."""
    tf = tf_loader.tensorflow()
    zero = tf.UnconnectedGradients.ZERO

    @tf.function  # type: ignore[untyped-decorator]  # one trace per set of shapes
    def product(tensors: dict[str, Any], direction: Any) -> Any:
        variable = tensors[wrt]
        with tf.autodiff.ForwardAccumulator(variable, direction) as accumulator:
            with tf.GradientTape() as tape:
                tape.watch(variable)
                output = _scalar_output(f_tf(**tensors))
            first = tape.gradient(output, variable, unconnected_gradients=zero)
        return accumulator.jvp(first, unconnected_gradients=zero)

    return product  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=32)
def _compiled_hessian(f_tf: Callable[..., Any], wrt: str) -> Callable[..., Any]:
    """The Hessian of ``f_tf`` in ``wrt`` (shape of x twice), traced by ``tf.function``."""
    tf = tf_loader.tensorflow()

    @tf.function  # type: ignore[untyped-decorator]  # one trace per set of shapes
    def second(tensors: dict[str, Any]) -> Any:
        return _second_derivative(f_tf, tensors, wrt, vectorised=True)

    return second  # type: ignore[no-any-return]


def _second_derivative(f_tf: Callable[..., Any], tensors: dict[str, Any], wrt: str, *, vectorised: bool) -> Any:
    """Nested tapes: the second derivative of a scalar variable, else the jacobian of the gradient.

    ``vectorised`` computes the jacobian with ``pfor`` (inside ``tf.function``); otherwise
    column by column, which needs a persistent tape.
    """
    tf = tf_loader.tensorflow()
    zero = tf.UnconnectedGradients.ZERO
    variable = tensors[wrt]
    with tf.GradientTape(persistent=not vectorised) as outer:
        outer.watch(variable)
        with tf.GradientTape() as inner:
            inner.watch(variable)
            output = _scalar_output(f_tf(**tensors))
        first = inner.gradient(output, variable, unconnected_gradients=zero)
    if variable.shape.rank == 0:
        return outer.gradient(first, variable, unconnected_gradients=zero)
    return outer.jacobian(first, variable, unconnected_gradients=zero, experimental_use_pfor=vectorised)


def _run(compiled: Callable[..., Any], *arguments: Any) -> Any:
    """Call a compiled function, turning TensorFlow's runtime errors into ours."""
    tf = tf_loader.tensorflow()
    try:
        return compiled(*arguments)
    except tf.errors.InvalidArgumentError as error:
        reason = error.message.split("}}")[-1].strip()
        raise errors.EvaluationError(f"no value here: {reason}") from error


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
