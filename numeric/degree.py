"""Degrees of expressions as rational functions of the sampled entries (for Schwartz–Zippel).

Every matrix built from symbols by sums, products, transposes, traces,
determinants and inverses is, entry by entry, a rational function of the sampled
integers.  We bound it in the form N / D, where D is one scalar polynomial shared
by all entries, written as a product of *factors* with multiplicities, and
``numerator`` bounds the total degree of every entry of N.  The rules (n x n for
the square matrices):

=========================  =====================================  ===========================
expression                 numerator degree                       denominator
=========================  =====================================  ===========================
a sampled entry            1 (2 for a positive definite BᵀB + I)  1
a constant                 0                                      1
X Y, s X, X ∘ Y            deg N_X + deg N_Y                      D_X · D_Y
X + Y                      max(deg N_X + deg L/D_X, ...)          L = lcm(D_X, D_Y)
Xᵀ, tr X                   deg N_X                                D_X
det X                      n · deg N_X                            D_X ^ n
X⁻¹ = D_X adj(N_X)/det N_X deg D_X + (n − 1) · deg N_X            det N_X  (a new factor,
                                                                  degree n · deg N_X)
1 / s                      deg D_s                                N_s      (a new factor)
=========================  =====================================  ===========================

Factors are identified by the subexpression they come from, so the same inverse
on both sides of an identity gives one shared factor and the least common multiple
stays small.  Each new factor is also recorded as *singular*: evaluation fails
exactly where one of them vanishes, which is where the exact oracle redraws.
Roots, ``exp``, ``log``, ``sin``, ``cos``, ``tanh`` and ``Abs`` are not rational functions: their degree is
unknown (``None``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import sympy
from sympy.matrices.expressions.hadamard import HadamardPower
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.matrices.expressions.slice import MatrixSlice

from numeric import errors, interpreter


@dataclasses.dataclass(frozen=True)
class Factor:
    """One polynomial of a denominator: ``det`` of the numerator of ``source``, or its ``value``."""

    source: sympy.Basic
    kind: str
    degree: int


@dataclasses.dataclass(frozen=True)
class RationalDegree:
    """Bounds for an expression written as N / D: the degree of N and D's factors."""

    numerator: int
    denominator: Mapping[Factor, int]

    @property
    def denominator_degree(self) -> int:
        """The total degree of D (factors counted with multiplicity)."""
        return sum(factor.degree * count for factor, count in self.denominator.items())


@dataclasses.dataclass(frozen=True)
class IdentityDegree:
    """Degrees that bound the probability of a false identity passing one random trial.

    ``difference`` bounds the degree of the numerator P of lhs − rhs over their least
    common denominator; ``singular`` the degree of the product of all factors whose
    vanishing makes either side undefined.
    """

    difference: int
    singular: int
    lhs: RationalDegree
    rhs: RationalDegree


class NotRational(errors.UnsupportedError):
    """The expression is not a rational function of its entries (a root, exp, log, Abs)."""


def rational_degree(
    expr: sympy.Basic, entry_degrees: Mapping[str, int], dimensions: Mapping[str, int]
) -> RationalDegree:
    """Bound ``expr`` as a rational function of the sampled entries.

    ``entry_degrees`` gives, per symbol name, the degree of its entries in the
    sampled integers (default 1); dimension symbols used as numbers have degree 0.

    Raises:
        NotRational: the expression holds a root, ``exp``, ``log``, ``sin``, ``cos``, ``tanh`` or ``Abs``.
        UnsupportedError: it holds a node the interpreter cannot read.
    """
    return _Analysis(entry_degrees, dimensions).degree(expr)


def identity_degree(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    entry_degrees: Mapping[str, int],
    dimensions: Mapping[str, int],
) -> IdentityDegree | None:
    """Degrees for ``lhs = rhs``, or ``None`` when a side is not a rational function.

    Raises:
        UnsupportedError: a side holds a node the interpreter cannot read.
    """
    analysis = _Analysis(entry_degrees, dimensions)
    try:
        left, right = analysis.degree(lhs), analysis.degree(rhs)
    except NotRational:
        return None
    difference = _common([left, right])
    singular = sum(factor.degree for factor in analysis.singular)
    return IdentityDegree(difference.numerator, singular, left, right)


class _Analysis:
    """One pass over one or more expressions, collecting the singular factors."""

    def __init__(self, entry_degrees: Mapping[str, int], dimensions: Mapping[str, int]) -> None:
        self._entry_degrees = dict(entry_degrees)
        self._dimensions = dict(dimensions)
        self._seen: dict[sympy.Basic, RationalDegree] = {}
        self.singular: set[Factor] = set()

    def degree(self, expr: sympy.Basic) -> RationalDegree:
        expr = sympy.sympify(expr)
        if expr not in self._seen:
            self._seen[expr] = self._degree(expr)
        return self._seen[expr]

    def _degree(self, expr: sympy.Basic) -> RationalDegree:
        if isinstance(expr, (sympy.MatrixSymbol, sympy.Symbol)):
            if expr.name in self._entry_degrees:
                return _polynomial(self._entry_degrees[expr.name])
            return _polynomial(0 if expr.name in self._dimensions else 1)
        if isinstance(expr, (sympy.Number, sympy.Identity, sympy.ZeroMatrix, sympy.OneMatrix)):
            return _polynomial(0)
        if isinstance(expr, (sympy.Add, sympy.MatAdd)):
            return _common([self.degree(term) for term in expr.args])
        if isinstance(expr, (sympy.Mul, sympy.MatMul, sympy.HadamardProduct)):
            return _product(self.degree(factor) for factor in expr.args)
        if isinstance(expr, (sympy.Transpose, sympy.Trace)):
            return self.degree(expr.arg)
        if isinstance(expr, (MatrixElement, MatrixSlice)):  # a part has at most its matrix's degree
            return self.degree(expr.parent)
        if isinstance(expr, sympy.Determinant):
            return _power(self.degree(expr.arg), self._size(expr.arg))
        if isinstance(expr, sympy.Inverse):
            return self._inverse(expr.arg)
        if isinstance(expr, (sympy.MatPow, sympy.Pow, HadamardPower)):
            return self._power_node(expr)
        if isinstance(expr, sympy.MatrixBase):
            return _common([self.degree(entry) for entry in expr])
        if isinstance(expr, sympy.Function) and type(expr) in interpreter.FUNCTIONS:
            raise NotRational(f"{errors.shown(expr)} is not a rational function of its entries")
        raise errors.UnsupportedError(f"cannot bound the degree of {type(expr).__name__}: {errors.shown(expr)}")

    def _size(self, matrix: sympy.Basic) -> int:
        return interpreter.size(matrix.rows, self._dimensions)

    def _inverse(self, matrix: sympy.Basic) -> RationalDegree:
        inner = self.degree(matrix)
        size = self._size(matrix)
        factor = Factor(matrix, "det", size * inner.numerator)
        self.singular.add(factor)
        numerator = inner.denominator_degree + (size - 1) * inner.numerator
        return RationalDegree(numerator, {factor: 1})

    def _reciprocal(self, scalar: sympy.Basic) -> RationalDegree:
        inner = self.degree(scalar)
        factor = Factor(scalar, "value", inner.numerator)
        self.singular.add(factor)
        return RationalDegree(inner.denominator_degree, {factor: 1})

    def _power_node(self, expr: sympy.Basic) -> RationalDegree:
        base, exponent = expr.args
        if not exponent.is_Integer:
            raise NotRational(f"{errors.shown(expr)} is not a rational function of its entries")
        count = int(exponent)
        if count == 0:
            return _polynomial(0)
        if count > 0:
            return _power(self.degree(base), count)
        if isinstance(expr, HadamardPower):
            raise errors.UnsupportedError(f"an entrywise power with a negative exponent: {errors.shown(expr)}")
        inverted = self._inverse(base) if isinstance(expr, sympy.MatPow) else self._reciprocal(base)
        return _power(inverted, -count)


def _polynomial(degree: int) -> RationalDegree:
    return RationalDegree(degree, {})


def _product(items: Iterable[RationalDegree]) -> RationalDegree:
    numerator, denominator = 0, dict[Factor, int]()
    for item in items:
        numerator += item.numerator
        for factor, count in item.denominator.items():
            denominator[factor] = denominator.get(factor, 0) + count
    return RationalDegree(numerator, denominator)


def _power(item: RationalDegree, count: int) -> RationalDegree:
    return RationalDegree(
        count * item.numerator,
        {factor: count * multiplicity for factor, multiplicity in item.denominator.items()},
    )


def _common(items: list[RationalDegree]) -> RationalDegree:
    """A sum over the least common multiple of the denominators."""
    denominator: dict[Factor, int] = {}
    for item in items:
        for factor, count in item.denominator.items():
            denominator[factor] = max(denominator.get(factor, 0), count)
    lcm = RationalDegree(0, denominator).denominator_degree
    numerator = max(item.numerator + lcm - item.denominator_degree for item in items)
    return RationalDegree(numerator, denominator)
