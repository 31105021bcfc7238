"""An interpreter of SymPy matrix expressions over a pluggable arithmetic.

The exact oracle (rationals), the high-precision arbiter (mpmath) and the batched
float oracle (stacked NumPy arrays, with rounding-error magnitudes) all read the
same expression trees; they differ only in how numbers and matrices are added,
multiplied, inverted.  ``Walker`` does the reading once — which node means which
operation — and an ``Arithmetic`` does the computing.

Supported nodes: matrix and scalar symbols, rational and float constants, ``Add``,
``Mul``, ``Pow`` (integer exponents; other rational exponents go to
``Arithmetic.root``), ``MatAdd``, ``MatMul``, ``MatPow`` (integer exponents),
``HadamardProduct``, ``HadamardPower`` (positive integer exponents), ``Transpose``,
``Inverse``, ``Determinant``, ``Trace``, ``Identity``, ``ZeroMatrix``, ``OneMatrix``,
explicit matrices, ``exp``, ``log``, ``Abs``, ``sin``, ``cos``, ``tanh``, entries ``MatrixElement`` (``A[0, 1]``)
and slices ``MatrixSlice`` (``A[:1, :]``).  Anything else raises ``UnsupportedError``
naming the node; ``numeric.supported`` refuses such an expression before any evaluation.

Indices must be integers once the dimensions have sizes (``A[n - 1, 0]`` is fine,
``A[i, 0]`` for a summation index ``i`` is not).  An entry index may be negative,
counting from the end as in Python.  A slice start:stop:step means what SymPy's
``MatrixSlice`` means: ⌊(stop − start) / step⌋ indices start, start + step, ... (one
fewer than Python's slice when step does not divide stop − start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import sympy
from sympy.matrices.expressions.hadamard import HadamardPower
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.slice import MatrixSlice

from numeric import errors

V = TypeVar("V")

FUNCTIONS = {
    sympy.exp: "exp",
    sympy.log: "log",
    sympy.Abs: "abs",
    sympy.sin: "sin",
    sympy.cos: "cos",
    sympy.tanh: "tanh",
}
"""Scalar functions the walker knows, by the name passed to ``Arithmetic.function``."""


class Arithmetic(Protocol[V]):
    """The operations a backend provides; scalars and matrices share the value type ``V``."""

    name: str
    """How the backend is named in messages ("exact", "mpmath", ...)."""

    def number(self, value: sympy.Rational) -> V:
        """A constant (float constants arrive as their exact binary value)."""

    def add(self, left: V, right: V) -> V:
        """Sum of two scalars or of two matrices of one shape."""

    def scale(self, left: V, right: V) -> V:
        """Product of two scalars, or of a scalar and a matrix (either order)."""

    def matmul(self, left: V, right: V) -> V:
        """Matrix product."""

    def hadamard(self, left: V, right: V) -> V:
        """Entrywise product of two matrices of one shape."""

    def transpose(self, value: V) -> V:
        """Transpose of a matrix."""

    def inverse(self, value: V) -> V:
        """Inverse of a square matrix; raises ``EvaluationError`` when it is singular."""

    def reciprocal(self, value: V) -> V:
        """1 / a scalar; raises ``EvaluationError`` at zero."""

    def determinant(self, value: V) -> V:
        """Determinant of a square matrix, a scalar."""

    def trace(self, value: V) -> V:
        """Trace of a square matrix, a scalar."""

    def root(self, value: V, exponent: sympy.Rational) -> V:
        """A scalar to a non-integer rational power (a square root, ...)."""

    def function(self, name: str, value: V) -> V:
        """``exp``, ``log``, ``abs``, ``sin``, ``cos`` or ``tanh`` of a scalar."""

    def identity(self, size: int) -> V:
        """The size x size identity matrix."""

    def zeros(self, rows: int, cols: int) -> V:
        """The rows x cols zero matrix."""

    def ones(self, rows: int, cols: int) -> V:
        """The rows x cols matrix of ones."""

    def explicit(self, rows: Sequence[Sequence[V]]) -> V:
        """A matrix assembled from scalar entries, row by row."""

    def entry(self, value: V, row: int, col: int) -> V:
        """The scalar at (row, col) of a matrix; both indices are in range and ≥ 0."""

    def submatrix(self, value: V, rows: range, cols: range) -> V:
        """The matrix of the entries of ``value`` at ``rows`` x ``cols`` (non-empty, in range)."""


class Operators:
    """``add``, ``scale`` and ``matmul`` by Python's operators, for arithmetics whose matrices overload them."""

    def add(self, left: Any, right: Any) -> Any:
        return left + right

    def scale(self, left: Any, right: Any) -> Any:
        return left * right

    def matmul(self, left: Any, right: Any) -> Any:
        return left * right


class Walker(Generic[V]):
    """Evaluate expressions with ``arithmetic``, reading symbols through ``lookup``.

    ``dimensions`` gives values to symbolic sizes (``Identity(n)``) and to dimension
    symbols that appear as numbers (``Trace(Identity(n))`` is ``n``).  Shared
    subexpressions are evaluated once per walker.
    """

    def __init__(
        self,
        arithmetic: Arithmetic[V],
        lookup: Callable[[str], V | None],
        dimensions: Mapping[str, int],
    ) -> None:
        self._arithmetic = arithmetic
        self._lookup = lookup
        self._dimensions = dict(dimensions)
        self._seen: dict[sympy.Basic, V] = {}

    def value(self, expr: sympy.Basic) -> V:
        """The value of ``expr``.

        Raises:
            UnsupportedError: the expression holds a node this interpreter cannot read.
            InvalidArgument: a symbol has no value.
            EvaluationError: the arithmetic finds no value (a singular inverse, ...).
        """
        expr = sympy.sympify(expr)  # a mutable Matrix becomes immutable, hence hashable
        if expr not in self._seen:
            self._seen[expr] = self._evaluate(expr)
        return self._seen[expr]

    def size(self, dimension: sympy.Expr) -> int:
        """A dimension as an integer, substituting the known dimension values."""
        return size(dimension, self._dimensions)

    def _evaluate(self, expr: sympy.Basic) -> V:
        a = self._arithmetic
        if isinstance(expr, (sympy.MatrixSymbol, sympy.Symbol)):
            return self._symbol(expr)
        if isinstance(expr, sympy.Rational):
            return a.number(expr)
        if isinstance(expr, sympy.Float):
            return a.number(sympy.Rational(expr))
        if isinstance(expr, (sympy.Add, sympy.MatAdd)):
            return _fold(a.add, (self.value(term) for term in expr.args))
        if isinstance(expr, sympy.MatMul):  # before Mul: MatMul is a subclass of Mul
            return self._matmul(expr)
        if isinstance(expr, sympy.Mul):
            return _fold(a.scale, (self.value(factor) for factor in expr.args))
        if isinstance(expr, sympy.HadamardProduct):
            return _fold(a.hadamard, (self.value(factor) for factor in expr.args))
        if isinstance(expr, sympy.Transpose):
            return a.transpose(self.value(expr.arg))
        if isinstance(expr, sympy.Inverse):
            return a.inverse(self.value(expr.arg))
        if isinstance(expr, sympy.Determinant):
            return a.determinant(self.value(expr.arg))
        if isinstance(expr, sympy.Trace):
            return a.trace(self.value(expr.arg))
        if isinstance(expr, sympy.Identity):
            return a.identity(self.size(expr.rows))
        if isinstance(expr, sympy.ZeroMatrix):
            return a.zeros(self.size(expr.rows), self.size(expr.cols))
        if isinstance(expr, sympy.OneMatrix):
            return a.ones(self.size(expr.rows), self.size(expr.cols))
        if isinstance(expr, sympy.MatPow):
            return self._power(expr, matrix=True)
        if isinstance(expr, sympy.Pow):
            return self._power(expr, matrix=False)
        if isinstance(expr, HadamardPower):
            return self._hadamard_power(expr)
        if isinstance(expr, sympy.MatrixBase):
            rows = [[self.value(entry) for entry in row] for row in expr.tolist()]
            return a.explicit(rows)
        if isinstance(expr, sympy.Function) and type(expr) in FUNCTIONS and len(expr.args) == 1:
            return a.function(FUNCTIONS[type(expr)], self.value(expr.args[0]))
        if isinstance(expr, MatrixElement):
            return self._entry(expr)
        if isinstance(expr, MatrixSlice):
            return self._submatrix(expr)
        raise errors.UnsupportedError(
            f"the {a.name} evaluator cannot read {type(expr).__name__}: {errors.shown(expr)}"
        )

    def _symbol(self, symbol: sympy.Symbol | sympy.MatrixSymbol) -> V:
        found = self._lookup(symbol.name)
        if found is not None:
            return found
        if isinstance(symbol, sympy.Symbol) and symbol.name in self._dimensions:
            return self._arithmetic.number(sympy.Integer(self._dimensions[symbol.name]))
        raise errors.InvalidArgument(f"no value for {symbol.name}")

    def _matmul(self, expr: sympy.MatMul) -> V:
        scalars = [factor for factor in expr.args if not factor.is_Matrix]
        matrices = [factor for factor in expr.args if factor.is_Matrix]
        product = _fold(self._arithmetic.matmul, (self.value(factor) for factor in matrices))
        for factor in scalars:
            product = self._arithmetic.scale(self.value(factor), product)
        return product

    def _power(self, expr: sympy.Basic, *, matrix: bool) -> V:
        base, exponent = expr.args
        a = self._arithmetic
        if not exponent.is_Rational:
            raise errors.UnsupportedError(f"a power with a non-numeric exponent: {errors.shown(expr)}")
        if not exponent.is_Integer:
            if matrix:
                raise errors.UnsupportedError(f"matrix power with a non-integer exponent: {errors.shown(expr)}")
            return a.root(self.value(base), exponent)
        count = int(exponent)
        limit = getattr(a, "max_exponent", None)
        if limit is not None and abs(count) > limit:  # exact numbers of millions of digits
            raise errors.UnsupportedError(f"a power with exponent {count} is not evaluated exactly (the limit is {limit})")
        if count == 0:
            return a.identity(self.size(base.rows)) if matrix else a.number(sympy.Integer(1))
        value = self.value(base)
        if count < 0:
            value = a.inverse(value) if matrix else a.reciprocal(value)
        return _repeated(a.matmul if matrix else a.scale, value, abs(count))

    def _entry(self, expr: MatrixElement) -> V:
        parent, row, col = expr.args
        rows, cols = (self.size(side) for side in parent.shape)
        position = (self._position(row, rows, expr), self._position(col, cols, expr))
        return self._arithmetic.entry(self.value(parent), *position)

    def _submatrix(self, expr: MatrixSlice) -> V:
        parent = expr.parent
        rows, cols = (self.size(side) for side in parent.shape)
        chosen = (self._range(expr.rowslice, rows, expr), self._range(expr.colslice, cols, expr))
        return self._arithmetic.submatrix(self.value(parent), *chosen)

    def _integer(self, index: sympy.Basic, expr: MatrixElement | MatrixSlice) -> int:
        """An index as an integer, substituting the known dimension values."""
        check_index(index, expr)
        return self.size(index)

    def _position(self, index: sympy.Basic, length: int, expr: MatrixElement) -> int:
        """An entry index in 0..length − 1 (a negative one counts from the end)."""
        position = self._integer(index, expr)
        if not -length <= position < length:
            raise errors.InvalidArgument(
                f"index {position} is out of range for a side of length {length} in {errors.shown(expr)}"
            )
        return position + length if position < 0 else position

    def _range(self, bounds: Sequence[sympy.Basic], length: int, expr: MatrixSlice) -> range:
        """The indices a slice (start, stop, step) picks, counted as SymPy counts them."""
        start, stop, step = (self._integer(bound, expr) for bound in bounds)
        if step == 0:
            raise errors.InvalidArgument(f"a slice with step 0 in {errors.shown(expr)}")
        count = (stop - start) // step  # SymPy's shape: floor((stop - start) / step)
        chosen = range(start, start + count * step, step)
        ends = sorted((chosen[0], chosen[-1])) if chosen else [-1, length]
        if ends[0] < 0 or ends[1] >= length:
            raise errors.InvalidArgument(
                f"the slice {start}:{stop}:{step} in {errors.shown(expr)} picks {chosen}, not a non-empty "
                f"set of indices in 0..{length - 1}"
            )
        return chosen

    def _hadamard_power(self, expr: HadamardPower) -> V:
        base, exponent = expr.args
        if not (exponent.is_Integer and exponent > 0):
            raise errors.UnsupportedError(
                f"an entrywise power needs a positive integer exponent: {errors.shown(expr)}"
            )
        return _repeated(self._arithmetic.hadamard, self.value(base), int(exponent))


def size(dimension: sympy.Expr, dimensions: Mapping[str, int]) -> int:
    """A dimension (``3``, ``n``, ``n + 1``) as an integer, given the sizes by name.

    Raises:
        InvalidArgument: a symbol in the dimension has no size.
    """
    dimension = sympy.sympify(dimension)
    if dimension.is_Integer:
        return int(dimension)
    replaced = dimension.xreplace(
        {
            symbol: sympy.Integer(dimensions[symbol.name])
            for symbol in dimension.free_symbols
            if symbol.name in dimensions
        }
    )
    if not replaced.is_Integer:
        raise errors.InvalidArgument(
            f"the size {dimension} is unknown: no value's shape fixes it "
            f"(dimensions seen so far: {dict(dimensions)}); pass dimensions={{...}}"
        )
    return int(replaced)


def bind_dimensions(
    expressions: Iterable[sympy.Basic], shapes: Mapping[str, tuple[int, ...]]
) -> dict[str, int]:
    """Sizes of the symbolic dimensions, read off the shapes given for the matrix symbols.

    A matrix symbol without a shape in ``shapes`` binds nothing; scalars have shape ().

    Raises:
        InvalidArgument: a given shape contradicts the symbol's shape or an earlier binding.
    """
    bindings: dict[str, int] = {}
    symbols = sorted(
        {symbol for expr in expressions for symbol in expr.atoms(sympy.MatrixSymbol)},
        key=lambda symbol: symbol.name,
    )
    for symbol in symbols:
        if symbol.name not in shapes:
            continue
        shape = tuple(shapes[symbol.name])
        if len(shape) != 2:
            raise errors.InvalidArgument(
                f"{symbol.name} has shape {symbol.shape}, but its value has shape {shape}"
            )
        for dimension, size in zip(symbol.shape, shape):
            if dimension.is_Integer:
                wanted = int(dimension)
            elif isinstance(dimension, sympy.Symbol):
                wanted = bindings.setdefault(dimension.name, int(size))
            else:
                continue  # a compound size such as n + 1 binds nothing by itself
            if wanted != size:
                raise errors.InvalidArgument(
                    f"{symbol.name} has shape {symbol.shape}, but its value has shape {shape}; "
                    f"dimensions seen so far: {bindings}"
                )
    return bindings


def concrete(expr: sympy.Basic, dimensions: Mapping[str, int]) -> sympy.Basic:
    """``expr`` with the named dimension symbols replaced by their sizes.

    Raises:
        InvalidArgument: at these sizes an entry or a slice leaves its matrix
            (``A[5, 0]`` of a k x n matrix A at k = 5).
    """
    replacements = {
        symbol: sympy.Integer(dimensions[symbol.name])
        for symbol in expr.atoms(sympy.Symbol)  # sizes inside MatrixSymbol too
        if symbol.name in dimensions
    }
    if not replacements:
        return expr
    try:
        return expr.xreplace(replacements)
    except IndexError as error:  # SymPy rebuilds MatrixElement and MatrixSlice, and checks them
        parts = sorted(str(part) for part in expr.atoms(MatrixElement, MatrixSlice))
        raise errors.InvalidArgument(
            f"an index leaves its matrix at the sizes {dict(dimensions)}; "
            f"the entries and slices are {', '.join(parts)}"
        ) from error


def _fold(operation: Callable[[V, V], V], items: Iterable[V]) -> V:
    iterator = iter(items)
    result = next(iterator)
    for item in iterator:
        result = operation(result, item)
    return result


def _repeated(operation: Callable[[V, V], V], value: V, count: int) -> V:
    """value ∘ value ∘ ... (count times) by repeated squaring; count ≥ 1."""
    result: Any = None
    power = value
    while count:
        if count & 1:
            result = power if result is None else operation(result, power)
        count >>= 1
        if count:
            power = operation(power, power)
    return result  # type: ignore[no-any-return]


def check_index(index: sympy.Basic, expr: MatrixElement | MatrixSlice) -> None:
    """Refuse an index of ``expr`` that stays symbolic once the dimensions have sizes.

    An index may hold only the symbols of its matrix's shape (``A[n - 1, 0]``);
    any other symbol (a summation index) or a non-integer number is refused.

    Raises:
        UnsupportedError: naming the index and the expression.
    """
    index = sympy.sympify(index)
    sizes = set().union(*(sympy.sympify(side).free_symbols for side in expr.parent.shape))
    loose = index.free_symbols - sizes
    if loose:
        names = ", ".join(sorted(symbol.name for symbol in loose))
        raise errors.UnsupportedError(
            f"the symbolic index {index} in {errors.shown(expr)}: the evaluators need concrete indices "
            f"(expand the sum or product over {names} first)"
        )
    if index.is_Number and not index.is_Integer:
        raise errors.UnsupportedError(f"the index {index} in {errors.shown(expr)} is not an integer")
