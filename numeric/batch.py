"""SymPy matrix expressions evaluated on whole batches of stacked instances at once.

Matrices are stacked as (batch, rows, cols) arrays and scalars as (batch,) arrays;
products, transposes, inverses, determinants, traces, entries and slices act
over the last two axes.  The expression tree is read by ``interpreter.Walker`` with
``BatchedArithmetic`` — the walker the exact and high-precision evaluators use
too, so that all of them read an expression alike — and instances where the
expression has no value come out as NaN rather than stopping the batch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from numeric import errors, interpreter, lambdify, supported, values


@dataclasses.dataclass(frozen=True)
class BatchedNumPyFunction:
    """An expression evaluated on stacked instances; call it with the stacks as keywords.

    Matrices are stacked as (batch, rows, cols) arrays and scalars as (batch,) arrays
    (``values.stack`` builds them).
    """

    expr: sympy.Basic
    arguments: tuple[lambdify.Argument, ...]
    dimensions: Mapping[str, int] = dataclasses.field(default_factory=dict)

    def __call__(self, **stacked: Any) -> np.ndarray:
        """Evaluate on every instance of the batch at once.

        Returns (batch, rows, cols) for a matrix and (batch,) for a scalar, float64.
        Where the expression has no value (a singular inverse, the logarithm of a
        negative number, a division by zero) that instance's entries are NaN or
        infinite; nothing is raised for them.

        Raises:
            InvalidArgument: a stack is missing, has the wrong shape, or the batch
                sizes differ.
        """
        inputs, dimensions, batch = self.bind(stacked)
        walker = interpreter.Walker(BatchedArithmetic(), inputs.get, dimensions)
        with np.errstate(all="ignore"):
            return self.output(walker.value(self.expr), batch, dimensions)

    def bind(
        self, stacked: Mapping[str, Any]
    ) -> tuple[dict[str, np.ndarray], dict[str, int], int]:
        """Check the stacks against the arguments' shapes.

        Returns the inputs (scalars reshaped to (batch, 1, 1), so that they broadcast
        against matrices), the dimension sizes and the batch size.

        Raises:
            InvalidArgument: as for ``__call__``.
        """
        shapes: dict[str, tuple[int, ...]] = {}
        chosen = {}
        for argument in self.arguments:
            if argument.name not in stacked:
                raise errors.InvalidArgument(
                    f"no value for {argument.name}; the batch has {sorted(stacked)}"
                )
            array = np.asarray(stacked[argument.name], dtype=np.float64)
            if isinstance(argument, sympy.MatrixSymbol):
                if array.ndim != 3:
                    raise errors.InvalidArgument(
                        f"{argument.name} has shape {argument.shape}; stack it as "
                        f"(batch, rows, cols), not {array.shape}"
                    )
                shapes[argument.name] = array.shape[1:]
            elif array.ndim != 1:
                raise errors.InvalidArgument(
                    f"{argument.name} is a scalar; stack it as (batch,), not {array.shape}"
                )
            chosen[argument.name] = array
        if not chosen:
            raise errors.InvalidArgument(
                f"{errors.shown(self.expr)} has no arguments to read a batch size from"
            )
        batch = values.batch_size(chosen)
        inputs = {
            name: array if array.ndim == 3 else array.reshape(batch, 1, 1)
            for name, array in chosen.items()
        }
        dimensions = {**self.dimensions, **interpreter.bind_dimensions(self.arguments, shapes)}
        return inputs, dimensions, batch

    def output(self, raw: Any, batch: int, dimensions: Mapping[str, int]) -> np.ndarray:
        """A walker's raw value as (batch, rows, cols) or (batch,), broadcast over the batch."""
        raw = np.asarray(raw, dtype=np.float64)
        if self.expr.is_Matrix:
            rows, cols = (interpreter.size(side, dimensions) for side in self.expr.shape)
            return np.array(np.broadcast_to(raw, (batch, rows, cols)))
        return np.array(np.broadcast_to(raw, (batch, 1, 1)).reshape(batch))


def to_numpy_batched(
    expr: sympy.Basic,
    args: Sequence[lambdify.Argument],
    *,
    dimensions: Mapping[str, int] | None = None,
) -> BatchedNumPyFunction:
    """Prepare ``expr`` for evaluation on batches of stacked instances of ``args``.

    ``dimensions`` gives values to symbolic sizes that no argument's shape fixes.

    Raises:
        UnsupportedError: the expression uses an operation the batched evaluator lacks.
    """
    expr = sympy.sympify(expr)  # a mutable Matrix becomes immutable
    supported.check_supported(expr)
    return BatchedNumPyFunction(expr, tuple(args), dict(dimensions or {}))


class BatchedArithmetic:
    """Float64 arithmetic over stacks: matrices (batch, rows, cols), scalars (batch, 1, 1).

    Constants keep their own small shapes (an identity is (n, n), a number 0-d) and
    broadcast against the stacks.
    """

    name = "batched NumPy"

    def number(self, value: sympy.Rational) -> np.ndarray:
        return np.asarray(float(value))

    def add(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.asarray(np.add(left, right))

    def scale(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.asarray(np.multiply(left, right))

    def matmul(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.asarray(np.matmul(left, right))

    def hadamard(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.asarray(np.multiply(left, right))

    def transpose(self, value: np.ndarray) -> np.ndarray:
        return np.swapaxes(value, -1, -2)

    def inverse(self, value: np.ndarray) -> np.ndarray:
        return inverse(value)

    def reciprocal(self, value: np.ndarray) -> np.ndarray:
        return np.asarray(np.divide(1.0, value))

    def determinant(self, value: np.ndarray) -> np.ndarray:
        return np.asarray(np.linalg.det(value)[..., None, None])

    def trace(self, value: np.ndarray) -> np.ndarray:
        return np.asarray(np.trace(value, axis1=-2, axis2=-1)[..., None, None])

    def root(self, value: np.ndarray, exponent: sympy.Rational) -> np.ndarray:
        if exponent == sympy.Rational(1, 2):
            return np.asarray(np.sqrt(value))
        if exponent.q % 2 == 1:  # an odd root of a negative number is real
            return np.asarray(np.sign(value) ** exponent.p * np.abs(value) ** float(exponent))
        return np.asarray(np.power(value, float(exponent)))

    def function(self, name: str, value: np.ndarray) -> np.ndarray:
        return np.asarray({"exp": np.exp, "log": np.log, "abs": np.abs, "sin": np.sin, "cos": np.cos, "tanh": np.tanh}[name](value))

    def identity(self, size: int) -> np.ndarray:
        return np.eye(size)

    def zeros(self, rows: int, cols: int) -> np.ndarray:
        return np.zeros((rows, cols))

    def ones(self, rows: int, cols: int) -> np.ndarray:
        return np.ones((rows, cols))

    def explicit(self, rows: Sequence[Sequence[np.ndarray]]) -> np.ndarray:
        entries = np.broadcast_arrays(*(np.asarray(entry) for row in rows for entry in row))
        flat = [entry.reshape(entry.shape[:-2]) if entry.ndim >= 2 else entry for entry in entries]
        stacked = np.stack(flat, axis=-1)
        return stacked.reshape(stacked.shape[:-1] + (len(rows), len(rows[0])))

    def entry(self, value: np.ndarray, row: int, col: int) -> np.ndarray:
        return np.asarray(value[..., row : row + 1, col : col + 1])

    def submatrix(self, value: np.ndarray, rows: range, cols: range) -> np.ndarray:
        return np.take(np.take(value, list(rows), axis=-2), list(cols), axis=-1)


def inverse(matrices: np.ndarray) -> np.ndarray:
    """Inverses over the last two axes; NaN where a matrix is numerically singular.

    Singular means a 2-norm condition number above ``lambdify.SINGULAR_CONDITION``
    (or non-finite entries), as for ``lambdify.to_numpy``.  The condition numbers are not all
    computed: κ₁ = ‖X‖₁‖X⁻¹‖₁ from the LU inverse bounds κ₂ within a factor n, so
    only matrices in the band where that leaves the answer open get an SVD.
    """
    matrices = np.asarray(matrices, dtype=np.float64)
    size, limit = matrices.shape[-1], lambdify.SINGULAR_CONDITION
    flat = matrices.reshape(-1, size, size)
    finite = np.all(np.isfinite(flat), axis=(1, 2))
    safe = np.where(finite[:, None, None], flat, np.eye(size))
    try:
        inverted = np.linalg.inv(safe)
        with np.errstate(all="ignore"):
            estimate = _norm_1(safe) * _norm_1(inverted)
        estimate = np.where(np.isfinite(estimate), estimate, np.inf)
    except np.linalg.LinAlgError:  # an exactly singular matrix in the stack: decide all by SVD
        inverted = np.full(flat.shape, np.nan)
        estimate = np.full(len(flat), limit)
    regular = finite & (estimate * size < limit)
    unsure = np.flatnonzero(finite & ~regular & (estimate < size * limit))
    if len(unsure):
        singular_values = np.linalg.svd(safe[unsure], compute_uv=False)
        chosen = unsure[singular_values[:, -1] * limit > singular_values[:, 0]]
        regular[chosen] = True
        inverted[chosen] = np.linalg.inv(safe[chosen])
    result = np.where(regular[:, None, None], inverted, np.nan)
    return result.reshape(matrices.shape)


def _norm_1(matrices: np.ndarray) -> np.ndarray:
    """The 1-norm (largest absolute column sum) over the last two axes."""
    return np.asarray(np.max(np.sum(np.abs(matrices), axis=-2), axis=-1))
