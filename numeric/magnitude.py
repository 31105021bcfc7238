"""First-order bounds on the rounding error of batched float64 evaluation.

Alongside each value v the walker carries a *magnitude* M ≥ |v| (entrywise) such
that, to first order, the rounding error of the computed v is at most c·u·M, where
u = 2⁻⁵³ and c a modest constant (the float oracle's ``SLACK``).  The rules follow
the standard error analysis of each operation (Higham, *Accuracy and Stability of
Numerical Algorithms*): the rounding of a sum or product is relative to the sum or
product of the absolute values of its terms, and errors already in the operands
propagate through the same absolute values:

=================  ===================================================================
operation          magnitude
=================  ===================================================================
input, constant    |v|
X + Y              M_X + M_Y                   (cancellation does not shrink it)
X Y, s X, X ∘ Y    M_X M_Y                     (products of the absolute values)
Xᵀ, tr X           M_Xᵀ, tr M_X
X[i, j], X[r, c]   M_X[i, j], M_X[r, c]        (entries and slices select, exactly)
X⁻¹                |X⁻¹| + |X⁻¹| M_X |X⁻¹|     (δ(X⁻¹) = −X⁻¹ δX X⁻¹: the conditioning)
det X              |det X| + n^1.5 ∏ᵢ ‖row i of M_X‖₂   (Hadamard's bound on the cofactors)
1/s, f(s)          |f(s)| + |f′(s)| M_s        (exp, log, sin, cos, tanh, roots, powers)
=================  ===================================================================

So M is large exactly where float64 is unreliable: a sum whose terms cancel, or an
inverse of an ill-conditioned matrix (for cond(X) = 1e10, |X⁻¹| M_X |X⁻¹| is about
1e10 times |X⁻¹|).  A tolerance built from it is scaled by the magnitude of the
terms and the conditioning of the inputs, without being told either.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from numeric import batch, interpreter


@dataclasses.dataclass(frozen=True)
class Bounded:
    """A batched value and its rounding-error magnitude (same shape, or broadcastable)."""

    value: np.ndarray
    magnitude: np.ndarray


def evaluate(
    function: batch.BatchedNumPyFunction, stacked: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate ``function`` on a batch, returning (values, magnitudes), shaped alike.

    Both are (batch, rows, cols) for a matrix and (batch,) for a scalar; values are
    exactly those ``function(**stacked)`` returns.

    Raises:
        InvalidArgument: as ``BatchedNumPyFunction.__call__``.
    """
    inputs, dimensions, batch = function.bind(stacked)
    bounded = {name: Bounded(array, np.abs(array)) for name, array in inputs.items()}
    walker = interpreter.Walker(MagnitudeArithmetic(), bounded.get, dimensions)
    with np.errstate(all="ignore"):
        result = walker.value(function.expr)
        return (
            function.output(result.value, batch, dimensions),
            function.output(result.magnitude, batch, dimensions),
        )


class MagnitudeArithmetic:
    """Batched float64 arithmetic on (value, magnitude) pairs; see the module docstring."""

    name = "float64 magnitude"

    def __init__(self) -> None:
        self._values = batch.BatchedArithmetic()

    def number(self, value: sympy.Rational) -> Bounded:
        number = self._values.number(value)
        return Bounded(number, np.abs(number))

    def add(self, left: Bounded, right: Bounded) -> Bounded:
        return Bounded(left.value + right.value, left.magnitude + right.magnitude)

    def scale(self, left: Bounded, right: Bounded) -> Bounded:
        return Bounded(left.value * right.value, left.magnitude * right.magnitude)

    def matmul(self, left: Bounded, right: Bounded) -> Bounded:
        return Bounded(left.value @ right.value, left.magnitude @ right.magnitude)

    def hadamard(self, left: Bounded, right: Bounded) -> Bounded:
        return self.scale(left, right)

    def transpose(self, value: Bounded) -> Bounded:
        return Bounded(
            self._values.transpose(value.value), self._values.transpose(value.magnitude)
        )

    def inverse(self, value: Bounded) -> Bounded:
        inverse = self._values.inverse(value.value)
        size = np.abs(inverse)
        return Bounded(inverse, size + size @ value.magnitude @ size)

    def reciprocal(self, value: Bounded) -> Bounded:
        result = self._values.reciprocal(value.value)
        return Bounded(result, np.abs(result) + result**2 * value.magnitude)

    def determinant(self, value: Bounded) -> Bounded:
        result = self._values.determinant(value.value)
        size = value.value.shape[-1]
        rows = np.prod(np.linalg.norm(value.magnitude, axis=-1), axis=-1)[..., None, None]
        return Bounded(result, np.abs(result) + size**1.5 * rows)

    def trace(self, value: Bounded) -> Bounded:
        return Bounded(self._values.trace(value.value), self._values.trace(value.magnitude))

    def root(self, value: Bounded, exponent: sympy.Rational) -> Bounded:
        result = self._values.root(value.value, exponent)
        slope = abs(float(exponent)) * np.abs(value.value) ** (float(exponent) - 1.0)
        return Bounded(result, np.abs(result) + slope * value.magnitude)

    def function(self, name: str, value: Bounded) -> Bounded:
        result = self._values.function(name, value.value)
        if name == "abs":
            return Bounded(result, value.magnitude)
        if name == "exp":
            slope = np.abs(result)
        elif name in ("sin", "cos", "tanh"):
            slope = 1.0  # |f′| ≤ 1 everywhere
        else:
            slope = 1.0 / np.abs(value.value)
        return Bounded(result, np.abs(result) + slope * value.magnitude)

    def identity(self, size: int) -> Bounded:
        return self._constant(self._values.identity(size))

    def zeros(self, rows: int, cols: int) -> Bounded:
        return self._constant(self._values.zeros(rows, cols))

    def ones(self, rows: int, cols: int) -> Bounded:
        return self._constant(self._values.ones(rows, cols))

    def explicit(self, rows: Sequence[Sequence[Bounded]]) -> Bounded:
        return Bounded(
            self._values.explicit([[entry.value for entry in row] for row in rows]),
            self._values.explicit([[entry.magnitude for entry in row] for row in rows]),
        )

    def entry(self, value: Bounded, row: int, col: int) -> Bounded:
        return Bounded(
            self._values.entry(value.value, row, col),
            self._values.entry(value.magnitude, row, col),
        )

    def submatrix(self, value: Bounded, rows: range, cols: range) -> Bounded:
        return Bounded(
            self._values.submatrix(value.value, rows, cols),
            self._values.submatrix(value.magnitude, rows, cols),
        )

    @staticmethod
    def _constant(value: np.ndarray) -> Bounded:
        return Bounded(value, np.abs(value))
