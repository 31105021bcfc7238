"""Canonical polynomials to and from SymPy matrix expressions (traces and determinants unfolded again)."""

from __future__ import annotations

import sympy
from sympy.matrices import expressions as mx

from derive import tree
from derive.symbolic import canonical, entrywise, matrices


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
        if isinstance(expression, matrices.Elementwise):
            function = expression.args[0]
            body = function.expr.xreplace({function.variables[0]: entrywise.U}) if isinstance(function, sympy.Lambda) else None
            if body is None and expression.function not in entrywise.NAMED:
                raise canonical.NotCanonical(f"the entrywise {expression.function}")
            function = body if body is not None else entrywise.NAMED[expression.function]
            return entrywise.apply(b, function, self.read(expression.argument))
        if isinstance(expression, mx.HadamardPower):  # x^{∘k}: the entrywise function u^k
            base = self.read(expression.base)
            if base.rows == 1 and base.cols != 1:  # (x ⊘ y)ᵀ: SymPy moves the transpose inside
                return b.transpose(entrywise.apply(b, entrywise.U ** expression.exp, b.transpose(base)))
            return entrywise.apply(b, entrywise.U ** expression.exp, base)
        if isinstance(expression, mx.HadamardProduct):
            factors = [self.read(factor) for factor in expression.args]
            rows = factors[0].rows == 1 and factors[0].cols != 1
            result = b.transpose(factors[0]) if rows else factors[0]
            for factor in factors[1:]:
                result = entrywise.hadamard(b, result, b.transpose(factor) if rows else factor)
            return b.transpose(result) if rows else result
        if isinstance(expression, mx.DiagMatrix):
            return entrywise.diagonal(b, self.read(expression.args[0]))
        if isinstance(expression, mx.OneMatrix) and 1 in (expression.rows, expression.cols):
            length = expression.rows if expression.cols == 1 else expression.cols
            ones = b.poly([(sympy.Integer(1), (canonical.Atom(tree.ONES, False, length, sympy.Integer(1)),))], length, 1)
            return ones if expression.cols == 1 else b.transpose(ones)
        if isinstance(expression, mx.MatrixExpr):
            raise canonical.NotCanonical(type(expression).__name__)
        if not expression.has(mx.MatrixExpr):  # tr((2I)²) has no symbol, but is no number yet either
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
            product = word_to_sympy(stands_for.word)
            replacements[symbol] = mx.Trace(product) if isinstance(product, mx.MatrixExpr) else product
        else:
            replacements[symbol] = mx.Determinant(to_sympy(canonical.thaw(stands_for.matrix, stands_for.size)))
    return value.xreplace(replacements) if replacements else value


def _function_atom(atom: canonical.Atom) -> sympy.Basic:
    vector = to_sympy(entrywise.argument(atom))
    if not isinstance(vector, mx.MatrixExpr):  # a 1×1 argument comes back as a number
        return vector if atom.function == entrywise.DIAGONAL else entrywise.to_sympy_function(atom)(vector)
    if atom.function == entrywise.DIAGONAL:
        return matrices.Diagonal(vector)
    value = matrices.Elementwise(entrywise.to_sympy_function(atom), vector)
    return mx.Transpose(value) if atom.transposed else value


def word_to_sympy(word: canonical.Word) -> sympy.Basic:
    factors = []
    for atom in word:
        if atom.function:
            factors.append(_function_atom(atom))
        elif atom.name == tree.ONES and (atom.rows if not atom.transposed else atom.cols).is_Integer:
            ones = mx.OneMatrix(atom.rows if not atom.transposed else atom.cols, 1)
            factors.append(mx.Transpose(ones) if atom.transposed else ones)
        elif atom.inverse_of:
            factors.append(mx.Inverse(to_sympy(canonical.thaw(atom.inverse_of, atom.rows))))
        elif atom.transposed:
            factors.append(mx.Transpose(mx.MatrixSymbol(atom.name, atom.cols, atom.rows)))
        else:
            factors.append(mx.MatrixSymbol(atom.name, atom.rows, atom.cols))
    number = sympy.Mul(*(f for f in factors if not isinstance(f, mx.MatrixExpr)))  # 1×1 function atoms
    matrices_only = [f for f in factors if isinstance(f, mx.MatrixExpr)]
    if not matrices_only:
        return number
    product = mx.MatMul(*matrices_only) if len(matrices_only) > 1 else matrices_only[0]
    return product if number == 1 else number * product
