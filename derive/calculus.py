"""Derivatives and index sums on canonical polynomials (the symbolic side of derive)."""

from __future__ import annotations

import sympy

from derive.canonical import Builder, NotCanonical, Poly, Word


def gradient(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """The gradient of a scalar polynomial, shaped like ``variable`` (Matrix Cookbook layout).

    Raises:
        NotCanonical: the variable occurs where these rules do not reach (inside an inverse).
    """
    if not (poly.rows == 1 and poly.cols == 1):
        raise NotCanonical("the gradient of a non-scalar (a Jacobian)")
    if isinstance(variable, sympy.Symbol):
        return derivative(builder, poly, variable, 1)
    rows, cols = variable.rows, variable.cols
    terms = []
    for (scalars, _word), value in poly.terms.items():
        for index, scalar_word in enumerate(scalars):
            rest = scalars[:index] + scalars[index + 1 :]
            for contribution in _word_gradient(builder, scalar_word, variable.name):
                terms.append((value, rest, contribution))
    return builder.poly(terms, rows, cols)


def _word_gradient(builder: Builder, word: Word, name: str) -> list[Word]:
    """d tr(word)/dX: ``tr(L X R)`` gives ``(R L)ᵀ = Lᵀ Rᵀ``; ``tr(L Xᵀ R)`` gives ``R L``."""
    found = []
    for position, atom in enumerate(word):
        if atom.inverse_of and _mentions(atom.inverse_of, name):
            raise NotCanonical("a derivative through an inverse")
        if atom.name != name:
            continue
        left, right = word[:position], word[position + 1 :]
        if atom.transposed:
            found.append(right + left)
        else:
            found.append(builder.transpose_word(left) + builder.transpose_word(right))
    return found


def _mentions(frozen: tuple, name: str) -> bool:
    for (scalars, word), _value in frozen:
        for atom in (*word, *(a for s in scalars for a in s)):
            if atom.name == name or (atom.inverse_of and _mentions(atom.inverse_of, name)):
                return True
    return False


def jacobian(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """d(column polynomial)/d(column vector)ᵀ: rows of ``poly`` × rows of ``variable``.

    Raises:
        NotCanonical: the variable occurs in a position these rules do not reach.
    """
    if poly.cols != 1 or variable.cols != 1:
        raise NotCanonical("a Jacobian other than column by column vector")
    terms = []
    for (scalars, word), value in poly.terms.items():
        for index, scalar_word in enumerate(scalars):
            rest = scalars[:index] + scalars[index + 1 :]
            for contribution in _word_gradient(builder, scalar_word, variable.name):
                terms.append((value, rest, word + builder.transpose_word(contribution)))
        for position, atom in enumerate(word):
            if atom.inverse_of and _mentions(atom.inverse_of, variable.name):
                raise NotCanonical("a derivative through an inverse")
            if atom.name != variable.name:
                continue
            if atom.transposed or position != len(word) - 1:
                raise NotCanonical("the variable inside a matrix product")
            terms.append((value, scalars, word[:position]))
    return builder.poly(terms, poly.rows, variable.rows)


def hessian(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """The Hessian of a scalar polynomial with respect to a vector (or a scalar)."""
    if isinstance(variable, sympy.Symbol):
        return derivative(builder, poly, variable, 2)
    return jacobian(builder, gradient(builder, poly, variable), variable)


def derivative(builder: Builder, poly: Poly, variable: sympy.Symbol, order: int) -> Poly:
    """The ``order``-th derivative with respect to a scalar: only coefficients depend on it."""
    terms = [(sympy.diff(value, variable, order), scalars, word) for (scalars, word), value in poly.terms.items()]
    return builder.poly(terms, poly.rows, poly.cols)


def sum_over_index(builder: Builder, poly: Poly, unit: str, count: sympy.Expr) -> Poly:
    """Close ``Σ_{i=1}^{count}`` of a polynomial written with the unit vector ``e_i`` (named ``unit``).

    Index notation is written through ``e_i``: ``a_i = Aᵀe_i`` and ``b_i = e_iᵀb``; the
    sum of ``e_i e_iᵀ`` is the identity, so every term with two occurrences closes.

    Raises:
        NotCanonical: a term with other than zero or two occurrences of the index.
    """
    terms = []
    for (scalars, word), value in poly.terms.items():
        occurrences = sum(_count(s, unit) for s in scalars) + _count(word, unit)
        if occurrences == 0:
            terms.append((value * count, scalars, word))
            continue
        if occurrences != 2:
            raise NotCanonical("a sum whose terms do not pair the index twice")
        terms.append((value, *_contract(builder, scalars, word, unit)))
    return builder.poly(terms, poly.rows, poly.cols)


def _count(word: Word, unit: str) -> int:
    return sum(1 for atom in word if atom.name == unit)


def _contract(builder: Builder, scalars: tuple[Word, ...], word: Word, unit: str) -> tuple[tuple[Word, ...], Word]:
    with_unit = [s for s in scalars if _count(s, unit)]
    others = tuple(s for s in scalars if not _count(s, unit))
    if len(with_unit) == 1 and _count(with_unit[0], unit) == 2:  # Σ e_iᵀ X e_i = tr(X)
        cycle = with_unit[0]
        for rotation in (cycle[i:] + cycle[:i] for i in range(len(cycle))):
            if rotation[-1].name == unit and not rotation[-1].transposed and rotation[0].name == unit:
                return others + (rotation[1:-1],), word
        raise NotCanonical("a sum over an index that is not contracted")
    if not with_unit:  # e eᵀ next to each other in the word
        for position in range(len(word) - 1):
            if word[position].name == unit and word[position + 1].name == unit:
                return others, word[:position] + word[position + 2 :]
        raise NotCanonical("a sum over an index that is not contracted")
    if len(with_unit) == 2:
        first, second = with_unit
        left = _ending_with_unit(builder, first, unit)
        right = _ending_with_unit(builder, second, unit)
        return others + (left[:-1] + builder.transpose_word(right[:-1]),), word
    (scalar_word,) = with_unit
    for position, atom in enumerate(word):
        if atom.name != unit:
            continue
        if atom.transposed:  # word = P eᵀ Q and the scalar is L e: Σ = P L Q
            replacement = _ending_with_unit(builder, scalar_word, unit)[:-1]
        else:  # word = P e Q and the scalar is eᵀ R: Σ = P R Q
            replacement = builder.transpose_word(_ending_with_unit(builder, scalar_word, unit)[:-1])
        return others, word[:position] + replacement + word[position + 1 :]
    raise NotCanonical("a sum over an index that is not contracted")


def _ending_with_unit(builder: Builder, scalar_word: Word, unit: str) -> Word:
    """The cycle written as ``L e``: a rotation (of it or its transpose) that ends with ``e``."""
    for source in (scalar_word, builder.transpose_word(scalar_word)):
        for rotation in (source[i:] + source[:i] for i in range(len(source))):
            if rotation[-1].name == unit and not rotation[-1].transposed:
                return rotation
    raise NotCanonical("the index inside a product")


def is_gram(builder: Builder, poly: Poly) -> bool:
    """Whether ``poly`` is a sum of ``c·MᵀM`` (and ``c·I``) with positive ``c``: positive semidefinite."""
    if not poly.terms or poly.rows != poly.cols:
        return False
    for (scalars, word), value in poly.terms.items():
        if scalars or not (value.is_number and value > 0):
            return False
        half = len(word) // 2
        if len(word) % 2:
            return False
        left, right = word[:half], word[half:]
        if tuple(a.key for a in builder.transpose_word(right)) != tuple(a.key for a in left):
            return False
    return True
