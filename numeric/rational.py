"""Exact rational arithmetic for the interpreter: python-flint when installed, else fractions.

Two backends implement ``interpreter.Arithmetic`` with no rounding at all:

* ``FlintArithmetic`` — python-flint's ``fmpq`` numbers and ``fmpq_mat`` matrices
  (products, inverses and determinants in C, fraction-free where it pays);
* ``FractionArithmetic`` — ``fractions.Fraction`` entries in tuples, with
  Gauss–Jordan elimination; slower, but needs nothing beyond the standard library.

Both exchange values with the rest of the package as *plain* exact values: a
``Fraction`` for a scalar, a tuple of row tuples of ``Fraction`` for a matrix.
Operations flint lacks (entrywise products, roots) are done entry by entry.

Roots, ``exp``, ``log``, ``sin``, ``cos`` and ``tanh`` are exact only at perfect
values (√(9/4) = 3/2, exp(0) = 1, log(1) = 0, sin(0) = 0); elsewhere they raise
``UnsupportedError``, because their value is irrational and no exact oracle can hold it.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from types import ModuleType
from typing import Any, Union

import numpy as np
import sympy

from numeric import errors, interpreter

Plain = Union[Fraction, tuple[tuple[Fraction, ...], ...]]
"""An exact value outside the backends: a scalar, or a matrix as a tuple of rows."""

BACKENDS = ("flint", "fractions")
"""Names accepted by ``arithmetic``."""


@functools.cache
def flint_module() -> ModuleType | None:
    """Return the ``flint`` module (python-flint), or ``None`` when it is not installed."""
    try:
        return importlib.import_module("flint")
    except ImportError:
        return None


def arithmetic(backend: str | None = None) -> FlintArithmetic | FractionArithmetic:
    """The exact arithmetic named ``backend``; ``None`` picks flint when it is installed.

    Raises:
        InvalidArgument: the name is unknown, or "flint" is asked for but not installed.
    """
    if backend is None:
        return FractionArithmetic() if flint_module() is None else FlintArithmetic()
    if backend == "fractions":
        return FractionArithmetic()
    if backend == "flint":
        if flint_module() is None:
            raise errors.InvalidArgument(
                "python-flint is not installed; install it or use backend='fractions'"
            )
        return FlintArithmetic()
    raise errors.InvalidArgument(f"unknown exact backend {backend!r}; use one of {BACKENDS}")


def shape(value: Plain) -> tuple[int, ...]:
    """The shape of a plain value: () for a scalar, (rows, cols) for a matrix."""
    if isinstance(value, Fraction):
        return ()
    return (len(value), len(value[0]) if value else 0)


def same(lhs: Plain, rhs: Plain) -> bool:
    """Whether two plain values are equal; a scalar equals the 1x1 matrix holding it."""
    return _as_scalar(lhs) == _as_scalar(rhs)


def as_float(value: Plain) -> float | np.ndarray:
    """A plain value as a float or a float64 array of shape (rows, cols)."""
    if isinstance(value, Fraction):
        return float(value)
    return np.array([[float(entry) for entry in row] for row in value], dtype=np.float64)


def _as_scalar(value: Plain) -> Plain:
    if not isinstance(value, Fraction) and shape(value) == (1, 1):
        return value[0][0]
    return value


@dataclasses.dataclass(frozen=True)
class FractionMatrix:
    """A matrix of ``Fraction`` entries, stored as a tuple of rows."""

    rows: tuple[tuple[Fraction, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.rows[0]))


class _Exact:
    """What both backends share: conversions, roots and the elementary functions."""

    name = "exact"
    max_exponent = 4096  # x^(10^6) would be millions of digits: such powers are not evaluated exactly

    # -- supplied by each backend ----------------------------------------------------------------
    def scalar(self, value: Fraction) -> Any:
        raise NotImplementedError

    def fraction(self, value: Any) -> Fraction:
        raise NotImplementedError

    def is_matrix(self, value: Any) -> bool:
        raise NotImplementedError

    def entries(self, value: Any) -> list[list[Any]]:
        raise NotImplementedError

    def explicit(self, rows: Sequence[Sequence[Any]]) -> Any:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------
    def number(self, value: sympy.Rational) -> Any:
        return self.scalar(Fraction(int(value.p), int(value.q)))

    def matrix(self, rows: Sequence[Sequence[Fraction]]) -> Any:
        """A backend matrix from rows of ``Fraction``."""
        return self.explicit([[self.scalar(entry) for entry in row] for row in rows])

    def plain(self, value: Any) -> Plain:
        """A backend value as a plain exact value."""
        if self.is_matrix(value):
            return tuple(
                tuple(self.fraction(entry) for entry in row) for row in self.entries(value)
            )
        return self.fraction(value)

    def hadamard(self, left: Any, right: Any) -> Any:
        rows = zip(self.entries(left), self.entries(right))
        return self.explicit([[a * b for a, b in zip(one, two)] for one, two in rows])

    def entry(self, value: Any, row: int, col: int) -> Any:
        return self.entries(value)[row][col]

    def submatrix(self, value: Any, rows: range, cols: range) -> Any:
        entries = self.entries(value)
        return self.explicit([[entries[i][j] for j in cols] for i in rows])

    def trace(self, value: Any) -> Any:
        entries = self.entries(value)
        total = self.scalar(Fraction(0))
        for index in range(len(entries)):
            total = total + entries[index][index]
        return total

    def identity(self, size: int) -> Any:
        return self.matrix(
            [[Fraction(int(i == j)) for j in range(size)] for i in range(size)]
        )

    def zeros(self, rows: int, cols: int) -> Any:
        return self.matrix([[Fraction(0)] * cols for _ in range(rows)])

    def ones(self, rows: int, cols: int) -> Any:
        return self.matrix([[Fraction(1)] * cols for _ in range(rows)])

    def reciprocal(self, value: Any) -> Any:
        number = self.fraction(value)
        if number == 0:
            raise errors.EvaluationError("division by zero")
        return self.scalar(1 / number)

    def root(self, value: Any, exponent: sympy.Rational) -> Any:
        number = self.fraction(value)
        numerator, denominator = int(exponent.p), int(exponent.q)
        if number < 0 and denominator % 2 == 0:
            raise errors.EvaluationError(f"{_shown(number)}^({exponent}) has no real value")
        base = _exact_root(abs(number), denominator)
        if base is None:
            raise errors.UnsupportedError(
                f"{_shown(number)}^({exponent}) is irrational; the exact oracle evaluates only "
                "expressions whose roots are perfect powers"
            )
        if number < 0:
            base = -base
        if base == 0 and numerator < 0:
            raise errors.EvaluationError("division by zero")
        return self.scalar(base**numerator)

    def function(self, name: str, value: Any) -> Any:
        number = self.fraction(value)
        if name == "abs":
            return self.scalar(abs(number))
        if name in ("exp", "cos") and number == 0:
            return self.scalar(Fraction(1))
        if name in ("sin", "tanh") and number == 0:
            return self.scalar(Fraction(0))
        if name == "log":
            if number <= 0:
                raise errors.EvaluationError(f"log({_shown(number)}) has no real value")
            if number == 1:
                return self.scalar(Fraction(0))
        raise errors.UnsupportedError(
            f"{name}({_shown(number)}) is transcendental; the exact oracle cannot evaluate "
            f"{name} except at {'1' if name == 'log' else '0'}"
        )


def _shown(number: Fraction) -> str:
    """A number for a message: whole when short, else its size (Python refuses to print huge ints)."""
    digits = max(number.numerator.bit_length(), number.denominator.bit_length()) * 0.30103
    return str(number) if digits < 40 else f"(a number of about {digits:.0f} digits)"


class FractionArithmetic(_Exact):
    """Exact arithmetic with ``fractions.Fraction`` scalars and ``FractionMatrix`` matrices."""

    backend = "fractions"

    def scalar(self, value: Fraction) -> Fraction:
        return Fraction(value)

    def fraction(self, value: Any) -> Fraction:
        return Fraction(value)

    def is_matrix(self, value: Any) -> bool:
        return isinstance(value, FractionMatrix)

    def entries(self, value: FractionMatrix) -> list[list[Fraction]]:
        return [list(row) for row in value.rows]

    def entry(self, value: FractionMatrix, row: int, col: int) -> Fraction:
        return value.rows[row][col]

    def explicit(self, rows: Sequence[Sequence[Any]]) -> FractionMatrix:
        return FractionMatrix(tuple(tuple(Fraction(entry) for entry in row) for row in rows))

    def add(self, left: Any, right: Any) -> Any:
        if isinstance(left, FractionMatrix):
            return _entrywise(left, right, lambda a, b: a + b)
        return left + right

    def scale(self, left: Any, right: Any) -> Any:
        if isinstance(left, FractionMatrix):
            left, right = right, left
        if isinstance(right, FractionMatrix):
            return FractionMatrix(tuple(tuple(left * entry for entry in row) for row in right.rows))
        return left * right

    def matmul(self, left: FractionMatrix, right: FractionMatrix) -> FractionMatrix:
        columns = list(zip(*right.rows))
        return FractionMatrix(
            tuple(
                tuple(sum((a * b for a, b in zip(row, column)), Fraction(0)) for column in columns)
                for row in left.rows
            )
        )

    def transpose(self, value: FractionMatrix) -> FractionMatrix:
        return FractionMatrix(tuple(zip(*value.rows)))

    def inverse(self, value: FractionMatrix) -> FractionMatrix:
        size = value.shape[0]
        rows = [list(row) + [Fraction(int(i == j)) for j in range(size)]
                for i, row in enumerate(value.rows)]
        _eliminate(rows, size, reduce=True)
        return FractionMatrix(tuple(tuple(row[size:]) for row in rows))

    def determinant(self, value: FractionMatrix) -> Fraction:
        rows = [list(row) for row in value.rows]
        try:
            sign = _eliminate(rows, len(rows), reduce=False)
        except errors.EvaluationError:
            return Fraction(0)
        return sign * math.prod((rows[i][i] for i in range(len(rows))), start=Fraction(1))


class FlintArithmetic(_Exact, interpreter.Operators):
    """Exact arithmetic with python-flint's ``fmpq`` scalars and ``fmpq_mat`` matrices."""

    backend = "flint"

    def __init__(self) -> None:
        flint = flint_module()
        if flint is None:
            raise errors.InvalidArgument("python-flint is not installed")
        self._fmpq = flint.fmpq
        self._fmpq_mat = flint.fmpq_mat

    def scalar(self, value: Fraction) -> Any:
        value = Fraction(value)
        return self._fmpq(value.numerator, value.denominator)

    def fraction(self, value: Any) -> Fraction:
        return Fraction(int(value.p), int(value.q))

    def is_matrix(self, value: Any) -> bool:
        return isinstance(value, self._fmpq_mat)

    def entries(self, value: Any) -> list[list[Any]]:
        return value.tolist()  # type: ignore[no-any-return]

    def explicit(self, rows: Sequence[Sequence[Any]]) -> Any:
        flat = [
            entry if isinstance(entry, self._fmpq) else self.scalar(Fraction(entry))
            for row in rows
            for entry in row
        ]
        return self._fmpq_mat(len(rows), len(rows[0]), flat)

    def entry(self, value: Any, row: int, col: int) -> Any:
        return value[row, col]

    def transpose(self, value: Any) -> Any:
        return value.transpose()

    def inverse(self, value: Any) -> Any:
        try:
            return value.inv()
        except ZeroDivisionError as error:
            raise errors.EvaluationError("the matrix is singular") from error

    def determinant(self, value: Any) -> Any:
        return value.det()


def _entrywise(
    left: FractionMatrix, right: FractionMatrix, operation: Callable[[Fraction, Fraction], Fraction]
) -> FractionMatrix:
    return FractionMatrix(
        tuple(
            tuple(operation(a, b) for a, b in zip(one, two))
            for one, two in zip(left.rows, right.rows)
        )
    )


def _eliminate(rows: list[list[Fraction]], size: int, *, reduce: bool) -> int:
    """Gaussian elimination in place on the first ``size`` columns; returns the swap sign.

    With ``reduce`` the pivots are scaled to 1 and cleared above too (Gauss–Jordan).

    Raises:
        EvaluationError: a column has no pivot (the matrix is singular).
    """
    sign = 1
    for column in range(size):
        pivot = next((r for r in range(column, size) if rows[r][column] != 0), None)
        if pivot is None:
            raise errors.EvaluationError("the matrix is singular")
        if pivot != column:
            rows[column], rows[pivot] = rows[pivot], rows[column]
            sign = -sign
        if reduce:
            head = rows[column][column]
            rows[column] = [entry / head for entry in rows[column]]
        head = rows[column][column]
        for r in range(size) if reduce else range(column + 1, size):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column] / head
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    return sign


def _exact_root(value: Fraction, degree: int) -> Fraction | None:
    """The non-negative ``degree``-th root of ``value`` ≥ 0 when it is rational, else None."""
    top, bottom = _integer_root(value.numerator, degree), _integer_root(value.denominator, degree)
    if top is None or bottom is None:
        return None
    return Fraction(top, bottom)


def _integer_root(value: int, degree: int) -> int | None:
    """The exact ``degree``-th root of the integer ``value`` ≥ 0, or None."""
    if degree == 2:
        root = math.isqrt(value)
    else:
        root = 1 << -(-value.bit_length() // degree) if value else 0
        while root and root**degree > value:  # Newton's iteration from above
            root = ((degree - 1) * root + value // root ** (degree - 1)) // degree
    return root if root**degree == value else None
