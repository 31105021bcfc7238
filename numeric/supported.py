"""Which SymPy expressions the interpreter reads: checked once, before any arithmetic is spent on them."""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.hadamard import HadamardPower
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.slice import MatrixSlice

from numeric import errors, interpreter


_LEAVES = (
    sympy.MatrixSymbol,
    sympy.Symbol,
    sympy.Rational,
    sympy.Float,
    sympy.Identity,
    sympy.ZeroMatrix,
    sympy.OneMatrix,
)
_COMPOUNDS = (
    sympy.Add,
    sympy.Mul,
    sympy.MatAdd,
    sympy.MatMul,
    sympy.HadamardProduct,
    sympy.Transpose,
    sympy.Inverse,
    sympy.Determinant,
    sympy.Trace,
)


def check_supported(expr: sympy.Basic) -> None:
    """Refuse, before any evaluation, an expression that ``Walker`` cannot read.

    Raises:
        UnsupportedError: naming the first node (in reading order) that is not supported.
    """
    if isinstance(expr, _LEAVES):
        return
    if isinstance(expr, _COMPOUNDS):
        for argument in expr.args:
            check_supported(argument)
        return
    if isinstance(expr, (sympy.Pow, sympy.MatPow, HadamardPower)):
        base, exponent = expr.args
        if not exponent.is_Rational:
            raise errors.UnsupportedError(f"a power with a non-numeric exponent: {errors.shown(expr)}")
        if not exponent.is_Integer and not isinstance(expr, sympy.Pow):
            raise errors.UnsupportedError(f"a matrix power with a non-integer exponent: {errors.shown(expr)}")
        if isinstance(expr, HadamardPower) and not exponent > 0:
            raise errors.UnsupportedError(
                f"an entrywise power needs a positive integer exponent: {errors.shown(expr)}"
            )
        check_supported(base)
        return
    if isinstance(expr, sympy.MatrixBase):
        for entry in expr:
            check_supported(entry)
        return
    if isinstance(expr, sympy.Function) and type(expr) in interpreter.FUNCTIONS and len(expr.args) == 1:
        check_supported(expr.args[0])
        return
    if isinstance(expr, MatrixElement):
        for index in expr.args[1:]:
            interpreter.check_index(index, expr)
        check_supported(expr.parent)
        return
    if isinstance(expr, MatrixSlice):
        for index in (*expr.rowslice, *expr.colslice):
            interpreter.check_index(index, expr)
        check_supported(expr.parent)
        return
    raise errors.UnsupportedError(f"cannot evaluate {type(expr).__name__}: {errors.shown(expr)}")
