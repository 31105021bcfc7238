"""Unification of dimensions: union–find in which names and integers are rigid and ``?k`` unknowns bind.

An unknown does not bind to 1 unless :attr:`Dimensions.ones_allowed` is set: a size that nothing
fixes is free, and taking it to be 1 just so that an expression fits is how a guessed shape would
make a false proof (``x(A + A^T)`` of a vector x "holds" when x has length 1).
"""

from __future__ import annotations

import itertools

from derive.meaning.shapes import Dim


class Dimensions:
    """Union–find over dimensions; names and integers are rigid, ``?k`` unknowns are not."""

    def __init__(self) -> None:
        self._parent: dict[Dim, Dim] = {}
        self._counter = itertools.count(1)
        self.ones_allowed = False

    def fresh(self) -> str:
        return f"?{next(self._counter)}"

    def find(self, dim: Dim) -> Dim:
        parent = self._parent.get(dim, dim)
        while parent != dim:
            grand = self._parent.get(parent, parent)
            self._parent[dim] = grand
            dim, parent = parent, grand
        return dim

    def unify(self, first: Dim, second: Dim) -> bool:
        a, b = self.find(first), self.find(second)
        if a == b:
            return True
        if is_unknown(a) and (b != 1 or self.ones_allowed):
            self._parent[a] = b
            return True
        if is_unknown(b) and (a != 1 or self.ones_allowed):
            self._parent[b] = a
            return True
        return False

    def root_in(self, saved: dict[Dim, Dim], dim: Dim) -> Dim:
        """What ``dim`` was bound to when ``saved`` was taken (by :meth:`snapshot`)."""
        seen = dim
        while (parent := saved.get(seen, seen)) != seen:
            seen = parent
        return seen

    def snapshot(self) -> dict[Dim, Dim]:
        return dict(self._parent)

    def restore(self, saved: dict[Dim, Dim]) -> None:
        self._parent = saved


def is_unknown(dim: Dim) -> bool:
    return isinstance(dim, str) and dim.startswith("?")
