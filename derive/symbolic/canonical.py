"""A canonical form for matrix expressions with symbolic dimensions.

An expression becomes a sum of terms ``c · W``. The word ``W`` is a product of atoms
(matrix symbols, possibly transposed, and inverses); the coefficient ``c`` is a scalar
SymPy expression. Scalars made of matrices are SymPy symbols that stand for them
("matrix scalars"): the trace of a word, kept as its least rotation (``tr(AB) = tr(BA)``,
``tr(W) = tr(Wᵀ)``; a 1×1 product is its own trace, so ``bᵀAx = xᵀAᵀb``), and
determinants. So ``sqrt(xᵀx)``, ``log det X`` and ``1/(xᵀx)`` are coefficients like any
other. Transposes are pushed to the leaves, identities dropped, ``X⁻¹X`` cancelled and
``(AB)⁻¹ = B⁻¹A⁻¹`` for square factors. Two expressions with the same canonical form
are equal for every size of every dimension.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import sympy
from sympy.matrices import expressions as mx

MAX_POWER = 16  # integer powers of matrix sums beyond this are left to the numeric oracles
MAX_TERMS = 20_000  # an expansion larger than this is left to the numeric oracles (bounded work per step)
MAX_SIMPLIFY = 400  # operations in a coefficient beyond which sympy.simplify is not tried


class NotCanonical(Exception):
    """The expression is outside what the canonical form covers (the claim is not decided here)."""


Word = tuple["Atom", ...]
Frozen = tuple[tuple[Word, sympy.Expr], ...]  # a polynomial as sorted (word, coefficient) pairs


@dataclasses.dataclass(frozen=True)
class Atom:
    """A factor of a word: a matrix symbol (maybe transposed), the inverse of a polynomial, a function
    applied entry by entry to a column polynomial, or diag of one (see :mod:`entrywise`)."""

    name: str  # the symbol's name, or "" for an inverse, an entrywise function or a diagonal
    transposed: bool
    rows: sympy.Expr = dataclasses.field(compare=False)
    cols: sympy.Expr = dataclasses.field(compare=False)
    inverse_of: Frozen = ()  # the inverted polynomial, frozen
    function: str = ""  # an entrywise function's key, or "diag"
    argument: Frozen = ()  # the column it applies to, frozen

    @property
    def key(self) -> tuple[str, bool, str]:
        if self.function:
            return (self.name, self.transposed, f"{self.function}|{self.argument!r}")
        return (self.name, self.transposed, repr(self.inverse_of))




@dataclasses.dataclass(frozen=True)
class Context:
    """What the canonical form may use: symbols known to be symmetric, vectors whose entries have a known sum."""

    symmetric: frozenset[str] = frozenset()
    totals: frozenset[tuple[str, sympy.Expr]] = frozenset()  # (y, c) for 𝟏ᵀy = c: that trace is the number c
    signs: frozenset[str] = frozenset()  # vectors whose entries are -1 or 1: diag(y)² = I, yᵀy = n


@dataclasses.dataclass(frozen=True)
class Poly:
    """A canonical matrix polynomial: ``terms`` maps each word to its coefficient."""

    terms: Mapping[Word, sympy.Expr]
    rows: sympy.Expr
    cols: sympy.Expr

    def is_zero(self) -> bool:
        return not self.terms


def word_key(word: Word) -> tuple[tuple[str, bool, str], ...]:
    return tuple(atom.key for atom in word)


def _is_one(dim: sympy.Expr) -> bool:
    return bool(dim == 1)


def is_scalar(poly: Poly) -> bool:
    return _is_one(poly.rows) and _is_one(poly.cols)


# --- matrix scalars -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MatrixScalar:
    """What a placeholder symbol stands for: ``tr(word)`` or ``det(matrix)``."""

    kind: str  # "trace" or "det"
    word: Word = ()  # the trace's canonical cycle
    matrix: Frozen = ()  # the determinant's frozen polynomial
    size: sympy.Expr = sympy.Integer(1)

    @property
    def key(self) -> tuple[object, ...]:
        return (self.kind, word_key(self.word), repr(self.matrix))


_MEANINGS: dict[str, MatrixScalar] = {}


def placeholder(meaning: MatrixScalar, *, nonnegative: bool = False) -> sympy.Symbol:
    """The SymPy symbol that stands for a trace or a determinant (the same one every time)."""
    digest = hashlib.sha1(repr(meaning.key).encode()).hexdigest()[:12]
    name = f"{'tr' if meaning.kind == 'trace' else 'det'}_{digest}"
    _MEANINGS[name] = meaning
    return sympy.Symbol(name, nonnegative=True) if nonnegative else sympy.Symbol(name, real=True)


def meaning(symbol: sympy.Basic) -> MatrixScalar | None:
    """What a placeholder stands for, or None for an ordinary symbol."""
    return _MEANINGS.get(symbol.name) if isinstance(symbol, sympy.Symbol) else None


def matrix_scalars(value: sympy.Expr) -> list[sympy.Symbol]:
    """The placeholders in a coefficient, in a fixed order."""
    return sorted((s for s in value.free_symbols if meaning(s) is not None), key=str)


# --- building polynomials ------------------------------------------------------------------------


class Builder:
    """Makes canonical polynomials under a :class:`Context`."""

    def __init__(self, context: Context = Context()) -> None:
        self.context = context

    def poly(self, terms: Iterable[tuple[sympy.Expr, Word]], rows: sympy.Expr, cols: sympy.Expr) -> Poly:
        collected: dict[Word, sympy.Expr] = {}
        sorted_terms = ((coefficient, _sorted_diagonals(tuple(word)))
                        for coefficient, word in _without_diagonal_ones(_functions_in_diagonals(terms)))
        if self.context.signs:
            sorted_terms = ((c, _without_sign_squares(w, self.context.signs)) for c, w in sorted_terms)
        for coefficient, word in _merged_diagonals(sorted_terms):
            pieces, word = self._normalize(word)
            for piece in pieces:
                coefficient = coefficient * self.trace_of(piece)
            collected[word] = collected.get(word, sympy.Integer(0)) + coefficient
        cleaned = {}
        for word, value in collected.items():
            value = expand(value)
            if value != 0:
                cleaned[word] = value
        return Poly(cleaned, rows, cols)

    def scalar(self, value: sympy.Expr) -> Poly:
        return self.poly([(value, ())], sympy.Integer(1), sympy.Integer(1))

    def atom(self, symbol: mx.MatrixSymbol, transposed: bool = False) -> Poly:
        atom = self._leaf(symbol.name, symbol.rows, symbol.cols, transposed)
        rows, cols = (symbol.cols, symbol.rows) if transposed else (symbol.rows, symbol.cols)
        return self.poly([(sympy.Integer(1), (atom,))], rows, cols)

    def _leaf(self, name: str, rows: sympy.Expr, cols: sympy.Expr, transposed: bool) -> Atom:
        """The symbol ``name`` (of shape rows×cols), transposed or not."""
        if name in self.context.symmetric:
            transposed = False
        if transposed:
            return Atom(name, True, cols, rows)
        return Atom(name, False, rows, cols)

    # -- algebra ------------------------------------------------------------------------------

    def add(self, *polys: Poly) -> Poly:
        first = polys[0]
        return self.poly([(value, word) for poly in polys for word, value in poly.terms.items()], first.rows, first.cols)

    def scale(self, poly: Poly, factor: sympy.Expr) -> Poly:
        return self.poly([(value * factor, word) for word, value in poly.terms.items()], poly.rows, poly.cols)

    def multiply(self, left: Poly, right: Poly) -> Poly:
        # A 1×1 factor next to a matrix is a scalar multiple (xᵀy A), as people write it.
        rows = right.rows if is_scalar(left) else left.rows
        cols = left.cols if is_scalar(right) else right.cols
        if len(left.terms) * len(right.terms) > MAX_TERMS:  # (A + B + C + D)^16 has 4^16 words
            raise NotCanonical(f"too large to expand symbolically ({len(left.terms) * len(right.terms):,} terms)")
        terms = [
            (value_a * value_b, word_a + word_b)
            for word_a, value_a in left.terms.items()
            for word_b, value_b in right.terms.items()
        ]
        return self.poly(terms, rows, cols)

    def transpose(self, poly: Poly) -> Poly:
        return self.poly([(value, self.transpose_word(word)) for word, value in poly.terms.items()], poly.cols, poly.rows)

    def transpose_word(self, word: Word) -> Word:
        return tuple(self._transpose_atom(atom) for atom in reversed(word))

    def _transpose_atom(self, atom: Atom) -> Atom:
        if atom.function == "diag":  # diag(v)ᵀ = diag(v)
            return atom
        if atom.function:  # f(P) as a row, and back
            return dataclasses.replace(atom, transposed=not atom.transposed, rows=atom.cols, cols=atom.rows)
        if atom.inverse_of:
            inner = self.transpose(thaw(atom.inverse_of, atom.rows))
            return Atom("", False, atom.rows, atom.cols, freeze(inner))
        if atom.transposed:  # Aᵀ stored with its own shape: A is cols×rows of it
            return self._leaf(atom.name, atom.cols, atom.rows, False)
        return self._leaf(atom.name, atom.rows, atom.cols, True)

    def inverse(self, poly: Poly) -> Poly:
        """``poly⁻¹``; for a single product of square factors, ``(AB)⁻¹ = B⁻¹A⁻¹``."""
        if poly.rows != poly.cols:
            raise NotCanonical("the inverse of a non-square matrix")
        if poly.is_zero():
            raise NotCanonical("the inverse of zero")
        if is_scalar(poly):
            return self.scalar(1 / as_scalar(poly))
        if len(poly.terms) == 1:
            ((word, value),) = poly.terms.items()
            if not word:
                return self.scale(poly, 1 / value**2)  # (cI)⁻¹ = I/c
            if all(atom.rows == atom.cols for atom in word):
                factors = [self._inverse_atom(atom) for atom in reversed(word)]
                result = factors[0]
                for factor in factors[1:]:
                    result = self.multiply(result, factor)
                return self.scale(result, 1 / value)
            unit = self.poly([(sympy.Integer(1), word)], poly.rows, poly.cols)
            atom = Atom("", False, poly.rows, poly.cols, freeze(unit))
            return self.poly([(1 / value, (atom,))], poly.rows, poly.cols)
        atom = Atom("", False, poly.rows, poly.cols, freeze(poly))
        return self.poly([(sympy.Integer(1), (atom,))], poly.rows, poly.cols)

    def _inverse_atom(self, atom: Atom) -> Poly:
        if atom.inverse_of:  # (P⁻¹)⁻¹ = P
            return thaw(atom.inverse_of, atom.rows)
        if atom.function == "diag":
            inverse = next((found for rule in DIAGONAL_INVERSES if (found := rule(self, atom)) is not None), None)
            if inverse is not None:
                return inverse
        single = self.poly([(sympy.Integer(1), (atom,))], atom.rows, atom.cols)
        return self.poly([(sympy.Integer(1), (Atom("", False, atom.rows, atom.cols, freeze(single)),))], atom.rows, atom.cols)

    def trace(self, poly: Poly) -> Poly:
        """``tr(poly)`` for a square polynomial, as a 1×1 polynomial."""
        if poly.rows != poly.cols:
            raise NotCanonical("the trace of a non-square matrix")
        terms = [(value * (poly.rows if not word else self.trace_of(word)), ()) for word, value in poly.terms.items()]
        return self.poly(terms, sympy.Integer(1), sympy.Integer(1))

    def determinant(self, poly: Poly) -> Poly:
        """``det(poly)``: ``det(cAB) = cⁿ det(A) det(B)`` for square factors, ``det(Aᵀ) = det(A)``."""
        if poly.rows != poly.cols:
            raise NotCanonical("the determinant of a non-square matrix")
        if is_scalar(poly):
            return poly
        size = poly.rows
        if len(poly.terms) == 1:
            ((word, value),) = poly.terms.items()
            result = value**size
            if word and all(atom.rows == atom.cols for atom in word):
                for atom in word:
                    result = result * self._atom_determinant(atom)
                return self.scalar(result)
            if word:
                unit = self.poly([(sympy.Integer(1), word)], size, size)
                result = result * self._determinant_symbol(unit)
            return self.scalar(result)
        return self.scalar(self._determinant_symbol(poly))

    def _atom_determinant(self, atom: Atom) -> sympy.Expr:
        if atom.function:  # det diag(v): kept whole
            return self._determinant_symbol(self.poly([(sympy.Integer(1), (atom,))], atom.rows, atom.cols))
        if atom.inverse_of:
            return 1 / self.determinant(thaw(atom.inverse_of, atom.rows)).terms.get((), sympy.Integer(0))
        leaf = self.poly([(sympy.Integer(1), (self._leaf(atom.name, *(
            (atom.cols, atom.rows) if atom.transposed else (atom.rows, atom.cols)), False),))], atom.rows, atom.cols)
        return self._determinant_symbol(leaf)

    def _determinant_symbol(self, poly: Poly) -> sympy.Symbol:
        frozen = min(freeze(poly), freeze(self.transpose(poly)), key=repr)
        return placeholder(MatrixScalar("det", matrix=frozen, size=poly.rows))

    # -- traces --------------------------------------------------------------------------------

    def trace_of(self, word: Word) -> sympy.Expr:
        """``tr(word)`` as a product of placeholders (``tr(I_n) = n``)."""
        if not word:
            raise NotCanonical("the trace of an identity of unknown size")
        size = word[0].rows
        result: sympy.Expr = sympy.Integer(1)
        totals = dict(self.context.totals)
        for cycle in self.cycles(word):
            names = {atom.name for atom in cycle}
            if len(cycle) == 2 and names == {ONES}:  # 𝟏ᵀ𝟏 = n, the length of 𝟏
                result = result * cycle[1].rows
                continue
            if len(cycle) == 2 and len(names) == 1 and names <= self.context.signs and not cycle[0].function:
                result = result * cycle[1].rows  # yᵀy = n for entries ±1
                continue
            if len(cycle) == 2 and ONES in names and len(names) == 2 and (names - {ONES}).pop() in totals:
                result = result * totals[(names - {ONES}).pop()]  # 𝟏ᵀy = c, as the document says
                continue
            result = result * (size if not cycle else placeholder(MatrixScalar("trace", cycle), nonnegative=self._is_gram_word(cycle)))
        return result

    def cycles(self, word: Word) -> list[Word]:
        """The trace of a square word as canonical cycles (a 1×1 word is its own trace).

        A trace is kept as the least rotation of ``W`` or ``Wᵀ``, preferring a rotation
        that reads as a 1×1 product (``bᵀAx``); a trace that contains vectors splits into
        its 1×1 factors; ``()`` stands for the trace of an identity.
        """
        if not word:
            return [()]
        rotations = [word[i:] + word[:i] for i in range(len(word))]
        for rotation in rotations:
            cancelled = _cancel_inverses(rotation)
            if cancelled is not None:
                return self.cycles(cancelled)
        start = next((i for i, atom in enumerate(word) if _is_one(atom.rows)), None)
        if start is not None:
            pieces, rest = self._normalize(rotations[start])
            if rest:
                raise NotCanonical("a trace that does not close")
            return [self._least_rotation(piece) for piece in pieces]
        return [self._least_rotation(word)]

    def _least_rotation(self, word: Word) -> Word:
        candidates: list[Word] = []
        for source in (word, self.transpose_word(word)):
            candidates.extend(source[i:] + source[:i] for i in range(len(source)))
        one_by_one = [c for c in candidates if _is_one(c[0].rows)]
        return min(one_by_one or candidates, key=word_key)

    def _is_gram_word(self, word: Word) -> bool:
        half = len(word) // 2
        return len(word) % 2 == 0 and word_key(self.transpose_word(word[half:])) == word_key(word[:half])

    # -- normal form of one word --------------------------------------------------------------

    def _normalize(self, word: Word) -> tuple[list[Word], Word]:
        """Cancel ``X⁻¹X`` and pull 1×1 sub-words out (their traces become coefficients)."""
        pieces: list[Word] = []
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
                pieces.append(word[start : end + 1])
                word = word[:start] + word[end + 1 :]
                changed = True
                break
        return pieces, word


ONES = "𝟏"  # the name of the vector of ones (tree.ONES)


def _sorted_diagonals(word: Word) -> Word:
    """Diagonal matrices commute: a run of diag(·) atoms in a fixed order."""
    result: list[Atom] = []
    run: list[Atom] = []
    for atom in (*word, None):
        if atom is not None and atom.function == "diag":
            run.append(atom)
            continue
        result.extend(sorted(run, key=lambda a: a.key))
        run = []
        if atom is not None:
            result.append(atom)
    last = max((i for i, atom in enumerate(result) if atom.function == "diag"), default=None)
    if last is not None and last < len(result) - 1 and result[-1].cols == 1 and _is_data_word(result[last + 1 :]):
        (inner, value), *others = result[last].argument or ((None, None),)
        suffix = tuple(result[last + 1 :])
        if not others and value == 1 and inner is not None and _is_data_word(inner):
            if word_key(inner) > word_key(suffix):  # diag(y)Xw = diag(Xw)y: the smaller one in the diagonal
                diagonal = dataclasses.replace(result[last], argument=((suffix, sympy.Integer(1)),))
                result[last:] = [diagonal, *inner]
    return tuple(result)


def _is_data_word(word: Sequence[Atom]) -> bool:
    """A product of plain matrices and vectors (transposes allowed): no function, inverse or 𝟏."""
    return bool(word) and all(not (atom.function or atom.inverse_of) and atom.name != ONES for atom in word)


def _plain_column(atom: Atom) -> bool:
    return not (atom.function or atom.inverse_of or atom.transposed) and atom.cols == 1 and atom.rows != 1


DiagonalInverse = Callable[["Builder", Atom], "Poly | None"]
DIAGONAL_INVERSES: list[DiagonalInverse] = []
"""How diag(v)⁻¹ is a diagonal again: ``entrywise`` adds diag(1/v) for a v with positive entries."""

DiagonalProduct = Callable[[Atom, Atom], "list[tuple[sympy.Expr, Word]] | None"]
DIAGONAL_PRODUCTS: list[DiagonalProduct] = []
"""How two adjacent diagonal atoms are one diagonal: ``entrywise`` adds diag(f(P))diag(g(P)) = diag((fg)(P))."""


def _sign_vector(atom: Atom, signs: frozenset[str]) -> str | None:
    """y for diag(y) of a vector y whose entries are ±1, else None."""
    if atom.function != "diag" or len(atom.argument) != 1:
        return None
    ((word, value),) = atom.argument
    if value != 1 or len(word) != 1 or word[0].function or word[0].inverse_of or word[0].transposed:
        return None
    return word[0].name if word[0].name in signs else None


def _without_sign_squares(word: Word, signs: frozenset[str]) -> Word:
    """diag(y)diag(y) = I, diag(y)y = 𝟏 and yᵀdiag(y) = 𝟏ᵀ for y with entries ±1 (yᵢ² = 1)."""
    result: list[Atom] = []
    for atom in word:
        previous = result[-1] if result else None
        name = _sign_vector(atom, signs)
        if previous is not None and name is not None and _sign_vector(previous, signs) == name:
            result.pop()  # diag(y)diag(y)
            continue
        if previous is not None and (name := _sign_vector(previous, signs)) is not None and atom.name == name \
                and not (atom.function or atom.inverse_of or atom.transposed) and atom.cols == 1:
            result[-1] = Atom(ONES, False, atom.rows, sympy.Integer(1))  # diag(y)y
            continue
        if previous is not None and _sign_vector(atom, signs) == previous.name and previous.transposed \
                and not (previous.function or previous.inverse_of) and previous.rows == 1:
            result[-1] = Atom(ONES, True, sympy.Integer(1), previous.cols)  # yᵀdiag(y)
            continue
        result.append(atom)
    return tuple(result)


def _functions_in_diagonals(terms: Iterable[tuple[sympy.Expr, Word]]) -> Iterable[tuple[sympy.Expr, Word]]:
    """diag(v) f(P) as diag(f(P)) v, and f(P)ᵀ diag(v) as vᵀ diag(f(P)), for data v (no function in it):
    y ⊙ σ(P) has one form whichever side of ⊙ each factor stood on."""
    for coefficient, word in terms:
        word = tuple(word)
        for position in range(len(word) - 1):
            first, second = word[position], word[position + 1]
            before, after = word[:position], word[position + 2 :]
            if first.function == "diag" and _is_data(first.argument) and _entrywise_column(second, transposed=False):
                yield from _functions_in_diagonals(
                    (coefficient * value, (*before, _as_diagonal(second), *inner, *after)) for inner, value in first.argument
                )
                break
            if second.function == "diag" and _is_data(second.argument) and _entrywise_column(first, transposed=True):
                transposed = Builder().transpose_word
                yield from _functions_in_diagonals(
                    (coefficient * value, (*before, *transposed(inner), _as_diagonal(first), *after))
                    for inner, value in second.argument
                )
                break
        else:
            yield coefficient, word


def _is_data(frozen: Frozen) -> bool:
    return all(not atom.function for word, _ in frozen for atom in word)


def _merged_diagonals(terms: Iterable[tuple[sympy.Expr, Word]]) -> Iterable[tuple[sympy.Expr, Word]]:
    """Terms with each pair of adjacent diagonals that :data:`DIAGONAL_PRODUCTS` knows written as one."""
    for coefficient, word in terms:
        merged = None
        for position in range(len(word) - 1):
            first, second = word[position], word[position + 1]
            # diag(f(P)) g(P) is diag(f(P)) diag(g(P)) 𝟏, and g(P)ᵀ diag(f(P)) is 𝟏ᵀ diag(g(P)) diag(f(P))
            column = first.function == "diag" and _entrywise_column(second, transposed=False)
            row = second.function == "diag" and _entrywise_column(first, transposed=True)
            taken = 2  # atoms replaced
            inner = _inner_word(first) if first.function == "diag" else ()
            if inner and not (column or second.function == "diag") and word[position + 1 : position + 1 + len(inner)] == inner:
                # diag(f(P)) P with P one word: the column (u f(u))(P), as diag(1/v) v = 𝟏
                column, second, taken = True, Atom("", False, first.rows, first.rows, function="diag", argument=((inner, sympy.Integer(1)),)), 1 + len(inner)
                pair = (first, second)
            elif not (column or row or first.function == second.function == "diag"):
                continue
            else:
                pair = (first, _as_diagonal(second)) if column else (_as_diagonal(first), second) if row else (first, second)
            merged = next((m for rule in DIAGONAL_PRODUCTS if (m := rule(*pair))), None)
            if merged is not None:
                before, after = word[:position], word[position + taken :]
                ones = Atom(ONES, bool(row), sympy.Integer(1) if row else first.rows, first.rows if row else sympy.Integer(1))
                inners = [(value, (ones, *inner) if row else (*inner, ones) if column else inner) for value, inner in merged]
                yield from _merged_diagonals(
                    _without_diagonal_ones((coefficient * value, _sorted_diagonals(before + inner + after)) for value, inner in inners)
                )
                break
        if merged is None:
            yield coefficient, word


def _inner_word(diagonal: Atom) -> Word:
    """w for diag(f(P)) whose P is the single word w (coefficient 1); () otherwise."""
    if len(diagonal.argument) != 1:
        return ()
    ((outer, value),) = diagonal.argument
    if value != 1 or len(outer) != 1 or not outer[0].function or outer[0].function == "diag" or len(outer[0].argument) != 1:
        return ()
    ((inner, coefficient),) = outer[0].argument
    return inner if coefficient == 1 else ()


def _entrywise_column(atom: Atom, transposed: bool) -> bool:
    """f(P) as a column (or, ``transposed``, as a row): an entrywise atom other than diag."""
    vector = atom.rows == 1 if transposed else atom.cols == 1  # f(Z) of a matrix is no diagonal's column
    return bool(atom.function) and atom.function != "diag" and atom.transposed == transposed and vector


def _as_diagonal(atom: Atom) -> Atom:
    """diag(f(P)) for the entrywise atom f(P) (column or row)."""
    column = dataclasses.replace(atom, transposed=False, rows=atom.cols, cols=atom.rows) if atom.transposed else atom
    return Atom("", False, column.rows, column.rows, function="diag", argument=(((column,), sympy.Integer(1)),))


def _without_diagonal_ones(terms: Iterable[tuple[sympy.Expr, Word]]) -> Iterable[tuple[sympy.Expr, Word]]:
    """Terms with diag(v)𝟏 written as v and 𝟏ᵀdiag(v) as vᵀ (the same matrix, one canonical form),
    in their order."""
    for coefficient, word in terms:
        word = tuple(word)
        for position in range(len(word) - 1):
            first, second = word[position], word[position + 1]
            before, after = word[:position], word[position + 2 :]
            if first.function == "diag" and second.name == ONES and not second.transposed:
                vector = first.argument
                yield from _without_diagonal_ones((coefficient * value, before + inner + after) for inner, value in vector)
                break
            if first.name == ONES and first.transposed and second.function == "diag":
                transposed = Builder().transpose_word
                yield from _without_diagonal_ones(
                    (coefficient * value, before + transposed(inner) + after) for inner, value in second.argument
                )
                break
        else:
            yield coefficient, word


def as_scalar(poly: Poly) -> sympy.Expr:
    """The value of a 1×1 polynomial as a SymPy scalar (placeholders included)."""
    if not is_scalar(poly):
        raise NotCanonical("a matrix used as a number")
    return poly.terms.get((), sympy.Integer(0))


def _cancel_inverses(word: Word) -> Word | None:
    for index, atom in enumerate(word):
        if not atom.inverse_of:
            continue
        inner = _single_word(atom.inverse_of)
        if inner is None:
            continue
        width = len(inner)
        if word_key(word[index + 1 : index + 1 + width]) == word_key(inner):
            return word[:index] + word[index + 1 + width :]
        if index >= width and word_key(word[index - width : index]) == word_key(inner):
            return word[: index - width] + word[index + 1 :]
    return None


def _single_word(frozen: Frozen) -> Word | None:
    """The word of a frozen polynomial that is one term with coefficient 1."""
    if len(frozen) != 1:
        return None
    ((word, coefficient),) = frozen
    return word if coefficient == 1 else None


def freeze(poly: Poly) -> Frozen:
    return tuple(sorted(poly.terms.items(), key=lambda item: word_key(item[0])))


def thaw(frozen: Frozen, size: sympy.Expr) -> Poly:
    return Poly(dict(frozen), size, size)


def constant_ratio(first: Poly, second: Poly) -> sympy.Expr | None:
    """c with first = c·second for a non-zero number c, else None."""
    if first.is_zero() or second.is_zero() or set(first.terms) != set(second.terms):
        return None
    key = next(iter(second.terms))
    ratio = sympy.cancel(first.terms[key] / second.terms[key])
    if not ratio.is_number or ratio == 0:
        return None
    if all(sympy.cancel(first.terms[k] - ratio * second.terms[k]) == 0 for k in first.terms):
        return ratio
    return None


def difference(first: Poly, second: Poly, context: Context = Context()) -> Poly:
    """``first - second`` in canonical form."""
    builder = Builder(context)
    return builder.add(first, builder.scale(second, sympy.Integer(-1)))


def is_zero_value(value: sympy.Expr) -> bool:
    """Whether a coefficient is zero, simplifying only when cancelling is not enough, and only a
    small expression: ``simplify`` has no bound on its work, so a large one is not shown zero."""
    reduced = expand(sympy.cancel(value))
    if reduced == 0:
        return True
    if reduced.is_polynomial() and reduced.is_rational_function():
        return False
    if not _simplify_is_bounded(reduced):
        return False
    return bool(sympy.simplify(reduced) == 0)


def _simplify_is_bounded(value: sympy.Expr) -> bool:
    """Whether ``simplify`` may be tried: a small expression whose numbers are small (trigsimp
    rewrites sin(10^8 t) as a polynomial of degree 10^8 in sin t and cos t)."""
    if sympy.count_ops(value) > MAX_SIMPLIFY:
        return False
    numbers = value.atoms(sympy.Rational)
    return all(abs(number.p) <= MAX_SIMPLIFY and number.q <= MAX_SIMPLIFY for number in numbers)


def expand(value: sympy.Expr) -> sympy.Expr:
    """``sympy.expand``, refused before it starts when the result would exceed :data:`MAX_TERMS`.

    Raises:
        NotCanonical: the expansion is too large ((a + b + c + d + e)^{32} has 58,905 terms).
    """
    size = expansion_size(value)
    if size > MAX_TERMS:
        raise NotCanonical(f"too large to expand symbolically (about {size:,} terms)")
    return sympy.expand(value)


def expansion_size(value: sympy.Basic) -> int:
    """An upper bound on the number of terms that expanding ``value`` gives."""
    if isinstance(value, sympy.Add):
        return sum(expansion_size(term) for term in value.args)
    if isinstance(value, sympy.Mul):
        return math.prod(expansion_size(factor) for factor in value.args)
    if isinstance(value, sympy.Pow) and value.exp.is_Integer and value.exp > 1:
        terms = expansion_size(value.base)
        return math.comb(int(value.exp) + terms - 1, terms - 1) if terms > 1 else 1
    return 1


def equal(first: Poly, second: Poly, context: Context = Context()) -> bool:
    """Whether two canonical polynomials are the same for all dimensions."""
    if (first.rows, first.cols) != (second.rows, second.cols):
        return False
    rest = difference(first, second, context)
    return all(is_zero_value(value) for value in rest.terms.values())
