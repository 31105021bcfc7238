"""Relations written entry by entry: free indices (``(A^Tb)_i = \\sum_j A_{ji}b_j``), derivatives by
component (``\\partial f/\\partial x_k``, ``[\\nabla f]_k``) and, when the document says so, Einstein's
convention that an index repeated in a product is summed over.

A relation whose sides have a free index i claims something for every i; it is checked as the
vector (matrix, for two indices) of its entries, :class:`tree.Components`, which the symbolic
stage closes with unit vectors and the numeric oracles fill entry by entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from derive import tree
from derive.reading import names

# prose that switches Einstein's convention on for the rest of the document
EINSTEIN_PHRASES = ("summation over repeated indices", "summation convention", "einstein summation", "einstein notation")


@dataclasses.dataclass(frozen=True)
class Occurrence:
    """An index letter where it subscripts something: ``x`` in ``x_i`` (its rows), ``A`` in ``A_{ij}``."""

    index: str
    owner: tree.Node
    columns: bool  # the index runs over the owner's columns (j in A_{ij})


class IndexReader:
    """Finds the free and the repeated indices of a relation, given what the document declares.

    ``matrices`` and ``vectors`` are the names with a known shape; ``reserved`` the letters that
    are not indices (declared dimensions such as n, names with a meaning of their own).
    """

    def __init__(self, matrices: frozenset[str], vectors: frozenset[str], reserved: frozenset[str], *, einstein: bool) -> None:
        self._matrices = matrices
        self._vectors = vectors
        self._reserved = reserved
        self.einstein = einstein

    def components(self, lhs: tree.Node, rhs: tree.Node) -> tuple[tree.Node, tree.Node] | None:
        """``lhs = rhs`` as the equality of the vectors (matrices) of its entries; None without a free index.

        ``\\frac{\\partial f}{\\partial x_k} = E_k`` and ``[\\nabla f]_k = E_k`` become ``∇_x f = [E_k]_k``.
        """
        written = lhs, rhs
        lhs, rhs = self._summed(lhs), self._summed(rhs)
        derivative = self._component_derivative(lhs)
        if derivative is not None:
            gradient, occurrences = derivative
            return gradient, _wrap(rhs, occurrences)
        if self._names_a_family(lhs):
            return None  # \pi_i = \sigma(\theta^Tx_i): a name per i, defined by the right side
        occurrences = _first_of_each(self._free(lhs) + self._free(rhs))
        if not occurrences or len(occurrences) > 2:
            return (lhs, rhs) if (lhs, rhs) != written else None
        return _wrap(lhs, occurrences), _wrap(rhs, occurrences)

    # -- what an index subscripts ------------------------------------------------------------

    def _occurrences(self, node: tree.Node) -> list[Occurrence]:
        """The index letters that ``node`` itself carries (not those of its children)."""
        if isinstance(node, tree.Entry):
            found = [Occurrence(node.index.name, node.of, False)] if self._is_index(node.index.name) else []
            if node.column is not None and self._is_index(node.column.name):
                found.append(Occurrence(node.column.name, node.of, True))
            return found
        if not isinstance(node, tree.Symbol) or node.subscript is None or names.is_decorated(node.name):
            return []
        base, subscript = node.base, node.subscript
        if len(subscript) == 1 and self._is_index(subscript):
            if base in self._vectors:
                return [Occurrence(subscript, tree.Symbol(base, node.span), False)]
            if base.islower() and base.upper() in self._matrices:  # a_i: row i of A
                return [Occurrence(subscript, tree.Symbol(base.upper(), node.span), False)]
        if len(subscript) == 2 and all(self._is_index(letter) for letter in subscript):
            matrix = names.matrix_of(base)
            if matrix in self._matrices:
                owner = tree.Symbol(matrix, node.span)
                return [Occurrence(subscript[0], owner, False), Occurrence(subscript[1], owner, True)]
        return []

    def _names_a_family(self, node: tree.Node) -> bool:
        """``\\pi_i``, ``z_i`` of no declared vector: a new name with an index, not an entry."""
        return (
            isinstance(node, tree.Symbol)
            and node.subscript is not None
            and self._is_index(node.subscript)
            and not self._occurrences(node)
        )

    def _is_index(self, letter: str) -> bool:
        return len(letter) == 1 and names.is_latin_lower(letter) and letter not in self._reserved

    def _free(self, node: tree.Node) -> list[Occurrence]:
        """The occurrences of indices not bound by a sum around them, in reading order."""
        return [occurrence for occurrence, bound in self._walk(node, frozenset()) if occurrence.index not in bound]

    def _walk(self, node: tree.Node, bound: frozenset[str]) -> Iterator[tuple[Occurrence, frozenset[str]]]:
        for occurrence in self._occurrences(node):
            yield occurrence, bound
        if isinstance(node, tree.Sum):
            bound = bound | {node.index.name}
        if isinstance(node, tree.Components):
            return
        for child in tree.children(node):
            yield from self._walk(child, bound)

    # -- derivatives by component ------------------------------------------------------------

    def _component_derivative(self, lhs: tree.Node) -> tuple[tree.Node, list[Occurrence]] | None:
        if isinstance(lhs, tree.Derivative) and lhs.order == 1 and isinstance(lhs.wrt, tree.Symbol):
            occurrences = self._occurrences(lhs.wrt)
            if occurrences and all(not o.columns or o.owner == occurrences[0].owner for o in occurrences):
                variable = occurrences[0].owner
                if isinstance(variable, tree.Symbol) and (variable.name in self._vectors or len(occurrences) == 2):
                    return dataclasses.replace(lhs, wrt=variable), occurrences
        if isinstance(lhs, (tree.Entry)) and isinstance(lhs.of, (tree.Gradient, tree.Derivative)) and lhs.of.order == 1:
            occurrences = self._occurrences(lhs)  # [\nabla f]_k, [\frac{d}{dX} f]_{ij}
            if occurrences:
                return lhs.of, occurrences
        return None

    # -- Einstein's convention ---------------------------------------------------------------

    def _summed(self, node: tree.Node) -> tree.Node:
        """Under Einstein's convention, each term with an index written twice, summed over it."""
        if not self.einstein:
            return node
        if isinstance(node, tree.Add):
            return dataclasses.replace(node, terms=tuple(self._summed(term) for term in node.terms))
        if isinstance(node, tree.Neg):
            return dataclasses.replace(node, operand=self._summed(node.operand))
        if isinstance(node, tree.Group) and len(node.items) == 1:
            return dataclasses.replace(node, items=(self._summed(node.items[0]),))
        counts = self._counts(node)
        for index in sorted((index for index, count in counts.items() if count == 2), reverse=True):
            letter = tree.Symbol(index, node.span)
            node = tree.Sum(letter, tree.Number("1", node.span), tree.Extent(letter, None, node.span), node, node.span)
        return node


    def _counts(self, node: tree.Node) -> dict[str, int]:
        """How many times each free index is written in a product: once per factor, and a sum of
        terms (``X_{jk} + dX_{jk}``) counts as one of its terms."""
        if isinstance(node, (tree.Add, tree.Group)):
            parts = [self._counts(item) for item in (node.terms if isinstance(node, tree.Add) else node.items)]
            return {index: max(part.get(index, 0) for part in parts) for part in parts for index in part}
        if isinstance(node, tree.Sum):
            return {index: count for index, count in self._counts(node.body).items() if index != node.index.name}
        if isinstance(node, tree.Components):
            return {}
        counts: dict[str, int] = {}
        for occurrence in self._occurrences(node):
            counts[occurrence.index] = counts.get(occurrence.index, 0) + 1
        for child in tree.children(node):
            for index, count in self._counts(child).items():
                counts[index] = counts.get(index, 0) + count
        return counts


def names_entries(lhs: tree.Node, rhs: tree.Node) -> str | None:
    """``\\Sigma = (\\sigma_{ij})``, ``A = [a_{ij}]``: the matrix whose entries the right side names, else None."""
    inner = rhs.items[0] if isinstance(rhs, tree.Group) and len(rhs.items) == 1 else None
    if not (isinstance(lhs, tree.Symbol) and isinstance(inner, tree.Symbol) and inner.subscript is not None):
        return None
    subscript = inner.subscript
    if len(subscript) == 2 and subscript.isalpha() and subscript.islower() and names.matrix_of(inner.base) == lhs.name:
        return lhs.name
    return None


def says_einstein(prose: str) -> bool:
    """Whether a sentence switches on the convention that repeated indices are summed."""
    text = " ".join(prose.lower().split())
    return any(phrase in text for phrase in EINSTEIN_PHRASES)


def _first_of_each(occurrences: list[Occurrence]) -> list[Occurrence]:
    seen: dict[str, Occurrence] = {}
    for occurrence in occurrences:
        seen.setdefault(occurrence.index, occurrence)
    return list(seen.values())


def _wrap(node: tree.Node, occurrences: list[Occurrence]) -> tree.Components:
    """``node`` as the vector over the first free index (the matrix over the first two)."""
    first, *rest = occurrences
    rows_of = first.owner if not first.columns else tree.Transpose(first.owner, node.span)
    if not rest:
        return tree.Components(node, tree.Symbol(first.index, node.span), rows_of, span=node.span)
    second = rest[0]
    cols_of = second.owner if second.columns else tree.Transpose(second.owner, node.span)
    return tree.Components(
        node, tree.Symbol(first.index, node.span), rows_of, tree.Symbol(second.index, node.span), cols_of, node.span
    )
