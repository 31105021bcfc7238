"""A canonical form for matrix polynomials with symbolic dimensions.

A matrix expression is expanded into a sum of terms ``c · s₁ ⋯ s_m · W`` where ``c``
is a scalar SymPy coefficient, each ``s_j`` is a 1×1 product (a scalar word, kept in
the orientation whose transpose sorts later, since ``bᵀAx = xᵀAᵀb``), and ``W`` is a
product of atoms (symbols, possibly transposed, and inverses). Transposes are pushed
to the leaves, identities dropped, ``X⁻¹X`` cancelled. Two expressions with the same
canonical form are equal for every size of every dimension.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import sympy
from sympy.matrices import expressions as mx


MAX_POWER = 16  # integer powers of sums beyond this are left to the numeric oracles


class NotCanonical(Exception):
    """The expression is outside what the canonical form covers (the claim is not decided here)."""


@dataclasses.dataclass(frozen=True)
class Atom:
    """A factor of a word: a matrix symbol (maybe transposed) or the inverse of a polynomial."""

    name: str  # the symbol's name, or "" for an inverse
    transposed: bool
    rows: sympy.Expr = dataclasses.field(compare=False)
    cols: sympy.Expr = dataclasses.field(compare=False)
    inverse_of: tuple = ()  # the inverted polynomial's frozen terms

    @property
    def key(self) -> tuple:
        return (self.name, self.transposed, repr(self.inverse_of))


Word = tuple[Atom, ...]
TermKey = tuple[tuple[Word, ...], Word]


@dataclasses.dataclass(frozen=True)
class Context:
    """What the canonical form may use: symbols known to be symmetric."""

    symmetric: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class Poly:
    """A canonical matrix polynomial: ``terms`` maps (scalar words, word) to a coefficient."""

    terms: Mapping[TermKey, sympy.Expr]
    rows: sympy.Expr
    cols: sympy.Expr

    @property
    def frozen(self) -> tuple:
        return tuple(sorted(((term_sort_key(key), str(value)) for key, value in self.terms.items())))

    def is_zero(self) -> bool:
        return not self.terms


def _word_key(word: Word) -> tuple:
    return tuple(atom.key for atom in word)


def term_sort_key(key: TermKey) -> tuple:
    scalars, word = key
    return (tuple(_word_key(s) for s in scalars), _word_key(word))


def _is_one(dim: sympy.Expr) -> bool:
    return dim == 1


# --- building polynomials ------------------------------------------------------------------


class Builder:
    """Turns SymPy expressions into :class:`Poly` under a :class:`Context`."""

    def __init__(self, context: Context = Context()) -> None:
        self.context = context

    def poly(self, terms: Iterable[tuple[sympy.Expr, Iterable[Word], Word]], rows: sympy.Expr, cols: sympy.Expr) -> Poly:
        collected: dict[TermKey, sympy.Expr] = {}
        for coefficient, scalars, word in terms:
            extra, word = self._normalize(tuple(word))
            cycles: list[Word] = []
            for scalar_word in (*scalars, *extra):
                cycles.extend(self.cycles(scalar_word))
            if any(not cycle for cycle in cycles):  # tr(I_n) = n
                coefficient = coefficient * sympy.Mul(*(self._size(cycle) for cycle in cycles if not cycle))
                cycles = [cycle for cycle in cycles if cycle]
            key = (tuple(sorted(cycles, key=_word_key)), word)
            collected[key] = collected.get(key, sympy.Integer(0)) + coefficient
        cleaned = {}
        for key, value in collected.items():
            value = sympy.expand(value)
            if value != 0:
                cleaned[key] = value
        return Poly(cleaned, rows, cols)

    def scalar(self, value: sympy.Expr) -> Poly:
        return self.poly([(value, (), ())], sympy.Integer(1), sympy.Integer(1))

    def atom(self, symbol: mx.MatrixSymbol, transposed: bool = False) -> Poly:
        atom = self._leaf(symbol.name, symbol.rows, symbol.cols, transposed)
        rows, cols = (symbol.cols, symbol.rows) if transposed else (symbol.rows, symbol.cols)
        return self.poly([(sympy.Integer(1), (), (atom,))], rows, cols)

    def _leaf(self, name: str, rows: sympy.Expr, cols: sympy.Expr, transposed: bool) -> Atom:
        if name in self.context.symmetric:
            transposed = False
        if transposed:
            return Atom(name, True, cols, rows)
        return Atom(name, False, rows, cols)

    # -- algebra ------------------------------------------------------------------------------

    def add(self, *polys: Poly) -> Poly:
        first = polys[0]
        terms = [(value, key[0], key[1]) for poly in polys for key, value in poly.terms.items()]
        return self.poly(terms, first.rows, first.cols)

    def scale(self, poly: Poly, factor: sympy.Expr) -> Poly:
        return self.poly([(value * factor, key[0], key[1]) for key, value in poly.terms.items()], poly.rows, poly.cols)

    def multiply(self, left: Poly, right: Poly) -> Poly:
        # A 1×1 factor next to a matrix is a scalar multiple (xᵀy A), as people write it.
        rows = right.rows if _is_scalar(left) else left.rows
        cols = left.cols if _is_scalar(right) else right.cols
        terms = []
        for (scalars_a, word_a), value_a in left.terms.items():
            for (scalars_b, word_b), value_b in right.terms.items():
                terms.append((value_a * value_b, scalars_a + scalars_b, word_a + word_b))
        return self.poly(terms, rows, cols)

    def transpose(self, poly: Poly) -> Poly:
        terms = [(value, scalars, self.transpose_word(word)) for (scalars, word), value in poly.terms.items()]
        return self.poly(terms, poly.cols, poly.rows)

    def transpose_word(self, word: Word) -> Word:
        return tuple(self._transpose_atom(atom) for atom in reversed(word))

    def _transpose_atom(self, atom: Atom) -> Atom:
        if atom.inverse_of:
            inner = self.transpose(_thaw(atom.inverse_of, atom.rows))
            return Atom("", False, atom.rows, atom.cols, _freeze(inner))
        return self._leaf(atom.name, atom.cols, atom.rows, not atom.transposed) if atom.transposed else self._leaf(
            atom.name, atom.rows, atom.cols, True
        )

    def inverse(self, poly: Poly) -> Poly:
        if poly.rows != poly.cols:
            raise NotCanonical("inverse of a non-square matrix")
        if _is_scalar(poly):
            if len(poly.terms) == 1:
                ((scalars, word), value), = poly.terms.items()
                if not scalars:
                    return self.scalar(1 / value)
            raise NotCanonical("the reciprocal of a scalar expression in matrices")
        factor = sympy.Integer(1)
        if len(poly.terms) == 1:
            ((scalars, word), value), = poly.terms.items()
            if scalars:
                raise NotCanonical("the inverse of a matrix with scalar-valued factors")
            factor = 1 / value
            poly = self.poly([(sympy.Integer(1), (), word)], poly.rows, poly.cols)
            if not word:
                return self.scale(poly, factor)
        atom = Atom("", False, poly.rows, poly.cols, _freeze(poly))
        return self.poly([(factor, (), (atom,))], poly.rows, poly.cols)

    # -- normal form of one word --------------------------------------------------------------

    def _normalize(self, word: Word) -> tuple[tuple[Word, ...], Word]:
        """Cancel ``X⁻¹X`` and pull 1×1 sub-words out as scalars."""
        scalars: list[Word] = []
        changed = True
        while changed:
            changed = False
            cancelled = _cancel_inverses(word)
            if cancelled is not None:
                word, changed = cancelled, True
                continue
            for start, atom in enumerate(word):
                if not _is_one(atom.rows):
                    continue
                end = next((j for j in range(start, len(word)) if _is_one(word[j].cols)), None)
                if end is None:
                    break
                scalars.append(word[start : end + 1])
                word = word[:start] + word[end + 1 :]
                changed = True
                break
        return tuple(scalars), word

    def cycles(self, word: Word) -> list[Word]:
        """The trace of a square word as canonical cycles (a 1×1 word is its own trace).

        ``tr(W) = tr(rotation of W) = tr(Wᵀ)``: a trace is kept as the least rotation
        of ``W`` or ``Wᵀ``, preferring a rotation that reads as a 1×1 product (``bᵀAx``);
        a trace that contains vectors splits into its 1×1 factors.
        """
        if not word:
            return [()]
        rotations = [word[i:] + word[:i] for i in range(len(word))]
        for rotation in rotations:
            cancelled = _cancel_inverses(rotation)
            if cancelled is not None:
                return self.cycles(cancelled) if cancelled else [()]
        start = next((i for i, atom in enumerate(word) if _is_one(atom.rows)), None)
        if start is not None:
            scalars, rest = self._normalize(rotations[start])
            assert not rest, "a rotation that starts with a row is 1×1 throughout"
            return [self._least_rotation(piece) for piece in scalars]
        return [self._least_rotation(word)]

    def _least_rotation(self, word: Word) -> Word:
        candidates = []
        for source in (word, self.transpose_word(word)):
            candidates.extend(source[i:] + source[:i] for i in range(len(source)))
        one_by_one = [c for c in candidates if _is_one(c[0].rows)]
        return min(one_by_one or candidates, key=_word_key)

    def _size(self, cycle: Word) -> sympy.Expr:
        raise NotCanonical("the trace of an identity of unknown size")

    def trace(self, poly: Poly) -> Poly:
        """``tr(poly)`` for a square polynomial, as a 1×1 polynomial."""
        if poly.rows != poly.cols:
            raise NotCanonical("the trace of a non-square matrix")
        terms = []
        for (scalars, word), value in poly.terms.items():
            if word:
                terms.append((value, (*scalars, word), ()))
            else:
                terms.append((value * poly.rows, scalars, ()))
        return self.poly(terms, sympy.Integer(1), sympy.Integer(1))


def _is_scalar(poly: Poly) -> bool:
    return _is_one(poly.rows) and _is_one(poly.cols)


def _cancel_inverses(word: Word) -> Word | None:
    for index, atom in enumerate(word):
        if not atom.inverse_of:
            continue
        inner = _single_word(atom.inverse_of)
        if inner is None:
            continue
        width = len(inner)
        if tuple(a.key for a in word[index + 1 : index + 1 + width]) == tuple(a.key for a in inner):
            return word[:index] + word[index + 1 + width :]
        if index >= width and tuple(a.key for a in word[index - width : index]) == tuple(a.key for a in inner):
            return word[: index - width] + word[index + 1 :]
    return None


def _single_word(frozen: tuple) -> Word | None:
    """The word of a frozen polynomial that is one term with coefficient 1 and no scalars."""
    if len(frozen) != 1:
        return None
    (key, coefficient), = frozen
    scalars, word = key
    return word if coefficient == 1 and not scalars else None


def _freeze(poly: Poly) -> tuple:
    items = sorted(poly.terms.items(), key=lambda item: term_sort_key(item[0]))
    return tuple((key, value) for key, value in items)


def _thaw(frozen: tuple, size: sympy.Expr) -> Poly:
    return Poly(dict(frozen), size, size)


# --- from SymPy -----------------------------------------------------------------------------


def from_sympy(expression: sympy.Basic, context: Context = Context()) -> Poly:
    """The canonical form of a SymPy matrix or scalar expression.

    Raises:
        NotCanonical: the expression uses something the canonical form does not cover.
    """
    return _Reader(Builder(context)).read(expression)


class _Reader:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    def read(self, expression: sympy.Basic) -> Poly:  # noqa: C901 - one rule per SymPy type
        b = self.builder
        if isinstance(expression, mx.MatrixSymbol):
            return b.atom(expression)
        if isinstance(expression, mx.Identity):
            return b.poly([(sympy.Integer(1), (), ())], expression.rows, expression.cols)
        if isinstance(expression, mx.ZeroMatrix):
            return Poly({}, expression.rows, expression.cols)
        if isinstance(expression, mx.Transpose):
            return b.transpose(self.read(expression.arg))
        if isinstance(expression, mx.Inverse):
            return b.inverse(self.read(expression.arg))
        if isinstance(expression, mx.MatMul):
            result: Poly | None = None
            for factor in expression.args:
                poly = self.read(factor)
                result = poly if result is None else b.multiply(result, poly)
            assert result is not None
            return result
        if isinstance(expression, mx.MatAdd):
            return b.add(*(self.read(term) for term in expression.args))
        if isinstance(expression, mx.MatPow):
            return self._power(self.read(expression.base), expression.exp)
        if isinstance(expression, mx.Trace):
            inner = self.read(expression.arg)
            return inner if _is_scalar(inner) else b.trace(inner)
        if isinstance(expression, mx.MatrixExpr):
            raise NotCanonical(type(expression).__name__)
        if not expression.has(mx.MatrixSymbol):
            return b.scalar(expression)
        if isinstance(expression, sympy.Add):
            return b.add(*(self.read(term) for term in expression.args))
        if isinstance(expression, sympy.Mul):
            result = b.scalar(sympy.Integer(1))
            for factor in expression.args:
                result = b.multiply(result, self.read(factor))
            return result
        if isinstance(expression, sympy.Pow):
            return self._power(self.read(expression.base), expression.exp)
        raise NotCanonical(type(expression).__name__)

    def _power(self, base: Poly, exponent: sympy.Basic) -> Poly:
        if not (exponent.is_Integer):
            raise NotCanonical("a non-integer power of a matrix expression")
        count = int(exponent)
        if abs(count) > MAX_POWER:
            raise NotCanonical(f"a power above {MAX_POWER}, too large to expand")
        if count < 0:
            base, count = self.builder.inverse(base), -count
        result = self.builder.poly([(sympy.Integer(1), (), ())], base.rows, base.cols)
        for _ in range(count):
            result = self.builder.multiply(result, base)
        return result


# --- back to SymPy --------------------------------------------------------------------------


def to_sympy(poly: Poly) -> sympy.Basic:
    """A SymPy expression equal to ``poly`` (1×1 results are scalars)."""
    scalar = _is_scalar(poly)
    parts = []
    for (scalars, word), value in sorted(poly.terms.items(), key=lambda item: term_sort_key(item[0])):
        factor = value
        for s in scalars:
            factor = factor * mx.Trace(_word_to_sympy(s))
        if scalar:
            parts.append(factor)
        elif word:
            parts.append(factor * _word_to_sympy(word))
        else:
            parts.append(factor * mx.Identity(poly.rows))
    if scalar:
        return sympy.Add(*parts) if parts else sympy.Integer(0)
    if not parts:
        return mx.ZeroMatrix(poly.rows, poly.cols)
    return mx.MatAdd(*parts) if len(parts) > 1 else parts[0]


def _word_to_sympy(word: Word) -> sympy.Basic:
    factors = []
    for atom in word:
        if atom.inverse_of:
            factors.append(mx.Inverse(to_sympy(_thaw(atom.inverse_of, atom.rows))))
        elif atom.transposed:
            factors.append(mx.Transpose(mx.MatrixSymbol(atom.name, atom.cols, atom.rows)))
        else:
            factors.append(mx.MatrixSymbol(atom.name, atom.rows, atom.cols))
    return mx.MatMul(*factors) if len(factors) > 1 else factors[0]


def difference(first: Poly, second: Poly, context: Context = Context()) -> Poly:
    """``first - second`` in canonical form."""
    builder = Builder(context)
    return builder.add(first, builder.scale(second, sympy.Integer(-1)))


def equal(first: Poly, second: Poly, context: Context = Context()) -> bool:
    """Whether two canonical polynomials are the same for all dimensions."""
    if (first.rows, first.cols) != (second.rows, second.cols):
        return False
    rest = difference(first, second, context)
    return all(sympy.cancel(value) == 0 for value in rest.terms.values())
