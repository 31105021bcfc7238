"""The names of entrywise functions: which terms of a canonical polynomial make σ(P), softplus(P), exp(P).

The canonical form keeps an entrywise function as partial fractions in E = e^u, so σ(P) is
𝟏 - [1/(E + 1)] over P: two terms. For printing (LaTeX, NumPy, TensorFlow) the terms of a
polynomial that share everything but their entrywise part are gathered again into one function
f(E) and, where f is a·g + b for a function g with a name, written as a·g(P) + b·𝟏. This is
display only: what is printed is read back and checked by ``derive check``.
"""

from __future__ import annotations

import dataclasses

import sympy

from derive import tree
from derive.symbolic import canonical, entrywise
from derive.symbolic.canonical import Atom, Poly, Word

E = entrywise.E
SIGMA, COMPLEMENT, SOFTPLUS, EXP, SIGMA_PRIME = "sigma", "complement", "softplus", "exp", "sigma_prime"
TANH, TANH_PRIME, TANH_CURVATURE = "tanh", "tanh_prime", "tanh_curvature"
KNOWN: dict[str, sympy.Expr] = {  # in the order they are tried
    SIGMA: E / (E + 1),
    SOFTPLUS: sympy.log(E + 1),
    EXP: E,
    SIGMA_PRIME: E / (E + 1) ** 2,  # σ(u)(1 - σ(u))
    COMPLEMENT: 1 / (E + 1),  # 1 - σ(u) = σ(-u)
    TANH: (E**2 - 1) / (E**2 + 1),
    TANH_PRIME: 4 * E**2 / (E**2 + 1) ** 2,  # 1 - tanh(u)²
    TANH_CURVATURE: 4 * E**2 * (E**2 - 1) / (E**2 + 1) ** 3,  # tanh(u)(1 - tanh(u)²), of tanh''
}


@dataclasses.dataclass(frozen=True)
class Group:
    """Terms ``c·left·f_i(P)·right`` (and ``c·left·𝟏·right``) of one polynomial, gathered into
    ``scale·left·(a·g(P) + b·𝟏)·right``.

    ``kind`` says where the function stands: a ``column`` at the end of its words (``X^T σ(Xθ)``),
    a ``row`` at their start (``softplus(Xθ)^T 𝟏``), or a ``diagonal`` diag(f(P)) between
    ``left`` and ``right`` (``X^T diag(σ'(Xθ)) X``, whose 𝟏 part is ``X^T X``).
    """

    words: tuple[Word, ...]  # the polynomial's words this group replaces
    kind: str
    left: Word
    right: Word
    argument: Poly
    function: sympy.Expr  # f(E) = Σ (c_i / scale) f_i(E), the 𝟏 terms included
    scale: sympy.Expr

    @property
    def split(self) -> tuple[str | None, sympy.Expr, sympy.Expr]:
        """``(name, a, b)`` with f = a·g + b for the named g, or ``(None, 1, 0)`` when none fits."""
        return split(self.function)


COLUMN, ROW, DIAGONAL = "column", "row", "diagonal"


def name_of(function: sympy.Expr) -> str | None:
    """The name of the function m(E) when it is one of :data:`KNOWN` exactly."""
    name, a, b = split(function)
    return name if (a, b) == (1, 0) else None


def split(function: sympy.Expr) -> tuple[str | None, sympy.Expr, sympy.Expr]:
    """``f = a·g + b`` with numbers a, b and g in :data:`KNOWN`; ``(None, 1, 0)`` when none fits."""
    for name, known in KNOWN.items():
        ratio = sympy.cancel(sympy.diff(function, E) / sympy.diff(known, E))
        if ratio.is_number and ratio != 0:
            constant = sympy.simplify(function - ratio * known)
            if constant.is_number:
                return name, ratio, constant
    return None, sympy.Integer(1), sympy.Integer(0)


def groups(poly: Poly) -> list[Group]:
    """The groups of ``poly``'s terms that make one entrywise function each (a single term is a group too)."""
    found: dict[tuple[object, ...], list[tuple[Word, Word, Word, Atom, sympy.Expr]]] = {}
    ones: dict[tuple[object, ...], list[Word]] = {}  # the words that may be a group's 𝟏 part, by key
    for word, coefficient in poly.terms.items():
        for place in _places(word):
            kind, left, right, atom, share = place
            key = (kind, canonical.word_key(left), canonical.word_key(right))
            if atom is None:
                ones.setdefault(key, []).append(word)
            else:
                found.setdefault(key, []).append((word, left, right, atom, share * coefficient))
    taken: set[Word] = set()
    result = []
    for found_key, members in found.items():
        if len({atom.argument for *_, atom, _ in members}) != 1 or any(m[0] in taken for m in members):
            continue
        word, left, right, atom, scale = members[0]
        function = sympy.Integer(0)
        for *_, member, value in members:
            function += sympy.cancel(value / scale) * entrywise.function_of(member)
        if not function.free_symbols <= {E}:
            continue  # coefficients that are not multiples of each other: each term alone
        for extra in ones.get(found_key, []):
            share = sympy.cancel(poly.terms[extra] / scale)
            if extra not in taken and share.is_number:
                function += share
                members.append((extra, left, right, atom, share))
        taken.update(m[0] for m in members)
        result.append(Group(tuple(m[0] for m in members), str(found_key[0]), left, right, entrywise.argument(atom),
                            sympy.expand(function), scale))
    return result


def _places(word: Word) -> list[tuple[str, Word, Word, Atom | None, sympy.Expr]]:
    """Where a word holds an entrywise function: ``(kind, left, right, atom, share)``; atom None for a 𝟏 part."""
    places: list[tuple[str, Word, Word, Atom | None, sympy.Expr]] = []
    one = sympy.Integer(1)
    if word and entrywise.is_entrywise(word[-1]) and not word[-1].transposed:
        return [(COLUMN, word[:-1], (), word[-1], one)]
    if word and entrywise.is_entrywise(word[0]) and word[0].transposed:
        return [(ROW, (), word[1:], word[0], one)]
    for position, atom in enumerate(word):
        if atom.function == entrywise.DIAGONAL and len(atom.argument) == 1:
            ((inner, share),) = atom.argument
            if len(inner) == 1 and entrywise.is_entrywise(inner[0]) and not inner[0].transposed:
                places.append((DIAGONAL, word[:position], word[position + 1 :], inner[0], share))
    if places:
        return places[:1]
    if word and word[-1].name == tree.ONES and not word[-1].transposed:
        places.append((COLUMN, word[:-1], (), None, one))
    if word and word[0].name == tree.ONES and word[0].transposed:
        places.append((ROW, (), word[1:], None, one))
    places += [(DIAGONAL, word[:cut], word[cut:], None, one) for cut in range(len(word) + 1)]
    return places
