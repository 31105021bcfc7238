"""Canonical polynomials to and from SymPy matrix expressions (traces and determinants unfolded again)."""

from __future__ import annotations

import sympy
from sympy.matrices import expressions as mx

from derive.symbolic import canonical


# --- from SymPy -----------------------------------------------------------------------------


def from_sympy(expression: sympy.Basic, context: canonical.Context = canonical.Context()) -> canonical.Poly:
    """The canonical form of a SymPy matrix or scalar expression.

    Raises:
        canonical.NotCanonical: the expression uses something the canonical form does not cover.
    """
    return _Reader(canonical.Builder(context)).read(expression)


class _Reader:
    def __init__(self, builder: canonical.Builder) -> None:
        self.builder = builder

    def read(self, expression: sympy.Basic) -> canonical.Poly:  # noqa: C901 - one rule per SymPy type
        b = self.builder
        if isinstance(expression, mx.MatrixSymbol):
            return b.atom(expression)
        if isinstance(expression, mx.Identity):
            return b.poly([(sympy.Integer(1), ())], expression.rows, expression.cols)
        if isinstance(expression, mx.ZeroMatrix):
            return canonical.Poly({}, expression.rows, expression.cols)
        if isinstance(expression, mx.Transpose):
            return b.transpose(self.read(expression.arg))
        if isinstance(expression, mx.Inverse):
            return b.inverse(self.read(expression.arg))
        if isinstance(expression, mx.MatMul):
            result: canonical.Poly | None = None
            for factor in expression.args:
                poly = self.read(factor)
                result = poly if result is None else b.multiply(result, poly)
            assert result is not None
            return result
        if isinstance(expression, mx.MatAdd):
            return b.add(*(self.read(term) for term in expression.args))
        if isinstance(expression, mx.MatPow):
            return self._matrix_power(self.read(expression.base), expression.exp)
        if isinstance(expression, mx.Trace):
            inner = self.read(expression.arg)
            return inner if canonical.is_scalar(inner) else b.trace(inner)
        if isinstance(expression, mx.Determinant):
            return b.determinant(self.read(expression.arg))
        if isinstance(expression, mx.MatrixExpr):
            raise canonical.NotCanonical(type(expression).__name__)
        if not expression.has(mx.MatrixSymbol):
            return b.scalar(expression)
        if isinstance(expression, sympy.Add):
            return b.add(*(self.read(term) for term in expression.args))
        if isinstance(expression, sympy.Mul):
            result = b.scalar(sympy.Integer(1))
            for factor in expression.args:
                result = b.multiply(result, self.read(factor))
            return result
        if isinstance(expression, (sympy.Pow, sympy.Function)):
            # sqrt, powers, log, exp, |·| of scalars made of matrices: apply them to placeholders
            arguments = [canonical.as_scalar(self.read(argument)) for argument in expression.args]
            return b.scalar(expression.func(*arguments))
        raise canonical.NotCanonical(type(expression).__name__)

    def _matrix_power(self, base: canonical.Poly, exponent: sympy.Basic) -> canonical.Poly:
        if not exponent.is_Integer:
            raise canonical.NotCanonical("a non-integer power of a matrix")
        count = int(exponent)
        if abs(count) > canonical.MAX_POWER:
            raise canonical.NotCanonical(f"a power above {canonical.MAX_POWER}, too large to expand")
        if count < 0:
            base, count = self.builder.inverse(base), -count
        result = self.builder.poly([(sympy.Integer(1), ())], base.rows, base.cols)
        for _ in range(count):
            result = self.builder.multiply(result, base)
        return result


# --- back to SymPy --------------------------------------------------------------------------


def to_sympy(poly: canonical.Poly) -> sympy.Basic:
    """A SymPy expression equal to ``poly`` (1×1 results are scalars)."""
    if canonical.is_scalar(poly):
        return unfold(canonical.as_scalar(poly))
    parts = []
    for word, value in sorted(poly.terms.items(), key=lambda item: canonical.word_key(item[0])):
        matrix = word_to_sympy(word) if word else mx.Identity(poly.rows)
        parts.append(unfold(value) * matrix)
    if not parts:
        return mx.ZeroMatrix(poly.rows, poly.cols)
    return mx.MatAdd(*parts) if len(parts) > 1 else parts[0]


def unfold(value: sympy.Expr) -> sympy.Expr:
    """A coefficient with its placeholders replaced by the traces and determinants they stand for."""
    replacements = {}
    for symbol in canonical.matrix_scalars(value):
        stands_for = canonical.meaning(symbol)
        assert stands_for is not None
        if stands_for.kind == "trace":
            replacements[symbol] = mx.Trace(word_to_sympy(stands_for.word))
        else:
            replacements[symbol] = mx.Determinant(to_sympy(canonical.thaw(stands_for.matrix, stands_for.size)))
    return value.xreplace(replacements) if replacements else value


def word_to_sympy(word: canonical.Word) -> sympy.Basic:
    factors = []
    for atom in word:
        if atom.inverse_of:
            factors.append(mx.Inverse(to_sympy(canonical.thaw(atom.inverse_of, atom.rows))))
        elif atom.transposed:
            factors.append(mx.Transpose(mx.MatrixSymbol(atom.name, atom.cols, atom.rows)))
        else:
            factors.append(mx.MatrixSymbol(atom.name, atom.rows, atom.cols))
    return mx.MatMul(*factors) if len(factors) > 1 else factors[0]
