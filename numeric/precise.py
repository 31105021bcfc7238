"""High-precision re-evaluation with mpmath: the arbiter of float64 disagreements.

Float64 inputs are exact binary fractions, so evaluating an expression at them with
50 significant digits gives its value to about 50 − log10(cond) digits: far beyond
any rounding float64 can commit.  Before the float oracle reports that two sides
differ, it asks this module whether they still differ here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy
from mpmath.ctx_mp import MPContext

from numeric import errors, interpreter, values

DIGITS = 50
"""Significant decimal digits of the re-evaluation."""


@dataclasses.dataclass(frozen=True)
class PreciseValue:
    """A value to ``digits`` digits: a scalar, or a matrix as a tuple of rows (mpmath numbers)."""

    rows: tuple[tuple[Any, ...], ...]
    is_matrix: bool
    digits: int

    @property
    def shape(self) -> tuple[int, ...]:
        """(rows, cols) for a matrix, () for a scalar."""
        return (len(self.rows), len(self.rows[0])) if self.is_matrix else ()

    def as_float(self) -> values.Value:
        """The value rounded to float64: an array of shape (rows, cols), or a float."""
        array = np.array([[float(entry) for entry in row] for row in self.rows], dtype=np.float64)
        return array if self.is_matrix else float(array[0, 0])

    def max_abs(self) -> Any:
        """The largest absolute value of an entry."""
        return max(abs(entry) for row in self.rows for entry in row)


def evaluate(
    expr: sympy.Basic,
    instance: Mapping[str, values.Value],
    *,
    digits: int = DIGITS,
    dimensions: Mapping[str, int] | None = None,
) -> PreciseValue:
    """The value of ``expr`` at ``instance``, computed with ``digits`` significant digits.

    Raises:
        InvalidArgument: a value is missing, has the wrong shape, or ``digits`` < 16.
        UnsupportedError: the expression holds a node the interpreter cannot read.
        EvaluationError: the expression has no value here (a singular inverse, the
            logarithm or an even root of a negative number, a division by zero).
    """
    if digits < 16:
        raise errors.InvalidArgument(f"high precision means at least 16 digits, got {digits}")
    context = MPContext()
    context.dps = digits
    arithmetic = MpmathArithmetic(context)
    shapes = {name: np.shape(value) for name, value in instance.items()}
    bound = {**(dimensions or {}), **interpreter.bind_dimensions([expr], shapes)}
    converted = {name: arithmetic.convert(value) for name, value in instance.items()}
    walker = interpreter.Walker(arithmetic, converted.get, bound)
    result = walker.value(interpreter.concrete(expr, bound))
    if isinstance(result, context.matrix):
        rows = tuple(tuple(result[i, j] for j in range(result.cols)) for i in range(result.rows))
        return PreciseValue(rows, True, digits)
    return PreciseValue(((result,),), False, digits)


def difference(lhs: PreciseValue, rhs: PreciseValue) -> Any | None:
    """max |lhs − rhs| over the entries; ``None`` when the shapes differ.

    A scalar and a 1x1 matrix count as the same shape.
    """
    if lhs.shape != rhs.shape and {lhs.shape, rhs.shape} != {(), (1, 1)}:
        return None
    return max(
        abs(a - b) for row_l, row_r in zip(lhs.rows, rhs.rows) for a, b in zip(row_l, row_r)
    )


class MpmathArithmetic(interpreter.Operators):
    """Arithmetic on mpmath numbers and matrices of one context (its precision)."""

    name = "mpmath"

    def __init__(self, context: MPContext) -> None:
        self._context = context

    def convert(self, value: values.Value) -> Any:
        """A float or float64 matrix as an exact mpmath number or matrix."""
        if np.ndim(value) == 0:
            return self._context.mpf(float(value))
        return self._context.matrix(np.asarray(value, dtype=np.float64).tolist())

    def number(self, value: sympy.Rational) -> Any:
        return self._context.mpf(int(value.p)) / int(value.q)

    def hadamard(self, left: Any, right: Any) -> Any:
        return self.explicit(
            [[left[i, j] * right[i, j] for j in range(left.cols)] for i in range(left.rows)]
        )

    def transpose(self, value: Any) -> Any:
        return value.T

    def inverse(self, value: Any) -> Any:
        try:
            return self._context.inverse(value)
        except ZeroDivisionError as error:
            raise errors.EvaluationError(
                f"the matrix is singular at {self._context.dps} digits"
            ) from error

    def reciprocal(self, value: Any) -> Any:
        if value == 0:
            raise errors.EvaluationError("division by zero")
        return 1 / value

    def determinant(self, value: Any) -> Any:
        return self._context.det(value)

    def trace(self, value: Any) -> Any:
        return self._context.fsum(value[i, i] for i in range(value.rows))

    def root(self, value: Any, exponent: sympy.Rational) -> Any:
        numerator, denominator = int(exponent.p), int(exponent.q)
        if value < 0 and denominator % 2 == 0:
            raise errors.EvaluationError(f"{value}^({exponent}) has no real value")
        if value == 0 and numerator < 0:
            raise errors.EvaluationError("division by zero")
        magnitude = self._context.power(abs(value), self._context.mpf(numerator) / denominator)
        return -magnitude if value < 0 and numerator % 2 else magnitude

    def function(self, name: str, value: Any) -> Any:
        if name == "abs":
            return abs(value)
        if name == "exp":
            return self._context.exp(value)
        if name in ("sin", "cos", "tanh"):
            return getattr(self._context, name)(value)
        if value <= 0:
            raise errors.EvaluationError(f"log({value}) has no real value")
        return self._context.log(value)

    def identity(self, size: int) -> Any:
        return self._context.eye(size)

    def zeros(self, rows: int, cols: int) -> Any:
        return self._context.zeros(rows, cols)

    def ones(self, rows: int, cols: int) -> Any:
        return self._context.ones(rows, cols)

    def explicit(self, rows: Sequence[Sequence[Any]]) -> Any:
        return self._context.matrix([list(row) for row in rows])

    def entry(self, value: Any, row: int, col: int) -> Any:
        return value[row, col]

    def submatrix(self, value: Any, rows: range, cols: range) -> Any:
        return self.explicit([[value[i, j] for j in cols] for i in rows])
