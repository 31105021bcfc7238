"""The flop model that generated code is chosen by, and the cheapest order of a product chain.

A product of p×q by q×r costs 2pqr; a Gram product MᵀM (BLAS's symmetric path) and a vector's
uᵀu half of that; diag(v)M scales rows (one flop an entry); 𝟏ᵀv sums. Sizes are symbolic; two
forms are compared with every undeclared size taken as :data:`LARGE` (vectors are n×1), so the
comparison is by the order of growth and, within one order, by the constant.

A factor carries two keys: what it is (``key``) and what its transpose is (``tkey``). A subchain
whose value is already computed (``known``) costs nothing, and a chain whose halves are each
other's transposes (xᵀAᵀ·Ax) computes one half only.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Sequence
from typing import Protocol

import sympy

LARGE = 1000  # an undeclared size, when two forms are compared

Key = tuple[object, ...]
Tree = int | tuple["Tree", "Tree"]  # a factor's index, or the product of two subtrees


class Factor(Protocol):
    """What the model needs of one factor of a product."""

    @property
    def rows(self) -> sympy.Expr: ...
    @property
    def cols(self) -> sympy.Expr: ...
    @property
    def key(self) -> Key: ...
    @property
    def tkey(self) -> Key: ...
    @property
    def diagonal(self) -> bool: ...
    @property
    def ones(self) -> bool: ...


def as_expr(count: sympy.Expr | int) -> sympy.Expr:
    """A flop count as a SymPy expression (counts start as Python ints: 0, 2·rows·cols)."""
    return sympy.Integer(count) if isinstance(count, int) else count


def size(expression: sympy.Expr | int) -> float:
    """A flop count as a number: every free size :data:`LARGE`."""
    count = as_expr(expression)
    return float(count.xreplace({s: LARGE for s in count.free_symbols}))


def multiply(left: Factor | Shape, right: Factor | Shape, *, gram: bool = False) -> sympy.Expr:
    """Flops of one product ``left · right``."""
    p, q, r = left.rows, left.cols, right.cols
    if left.diagonal and right.diagonal:
        return p
    if left.diagonal or right.diagonal:
        return p * r
    if left.ones or right.ones:  # 𝟏ᵀv, v𝟏ᵀ: a sum, a broadcast
        return p * q * r
    if gram:  # MᵀM: the symmetric half, or uᵀu
        return p * r * q if p != 1 else 2 * q
    return 2 * p * q * r


@dataclasses.dataclass(frozen=True)
class Shape:
    """A computed intermediate: its size and keys (a :class:`Factor` of its own)."""

    rows: sympy.Expr
    cols: sympy.Expr
    key: Key
    tkey: Key
    diagonal: bool = False
    ones: bool = False


@dataclasses.dataclass(frozen=True)
class Ordered:
    """The cheapest order of a chain: its tree and its flops (what ``known`` saves left out)."""

    tree: Tree
    flops: sympy.Expr


def chain(factors: Sequence[Factor], known: Collection[Key] = ()) -> Ordered:
    """The cheapest parenthesisation of ``factors`` (dynamic programming over the split points).

    >>> # AᵀAx: Aᵀ(Ax), 4mn flops, never (AᵀA)x at 2mn² + 2n²
    """
    count = len(factors)
    keys = {(i, j): sum((f.key for f in factors[i:j]), ()) for i in range(count) for j in range(i + 1, count + 1)}
    tkeys = {(i, j): sum((f.tkey for f in reversed(factors[i:j])), ()) for i, j in keys}
    known = set(known)

    def shape(i: int, j: int) -> Factor | Shape:
        if j - i == 1:
            return factors[i]
        diagonal = all(f.diagonal for f in factors[i:j])
        return Shape(factors[i].rows, factors[j - 1].cols, keys[i, j], tkeys[i, j], diagonal=diagonal)

    @functools.cache
    def best(i: int, j: int) -> tuple[float, sympy.Expr, Tree]:
        if j - i == 1:
            return 0.0, sympy.Integer(0), i
        found: tuple[float, sympy.Expr, Tree] | None = None
        for k in range(i + 1, j):
            left, right = best(i, k), best(k, j)
            gram = keys[i, k] == tkeys[k, j]  # the two halves transposes of each other: one is computed
            flops = (0 if gram else left[1]) + right[1] + multiply(shape(i, k), shape(k, j), gram=gram)
            candidate = (size(flops), flops, (left[2], right[2]))
            if found is None or candidate[0] < found[0]:
                found = candidate
        assert found is not None
        if keys[i, j] in known or tkeys[i, j] in known:  # computed elsewhere: free here, in its own best order
            return 0.0, sympy.Integer(0), found[2]
        return found

    _, flops, tree = best(0, count)
    return Ordered(tree, sympy.expand(flops))


def span(tree: Tree) -> tuple[int, int]:
    """The factors a tree covers, as ``range`` bounds."""
    if isinstance(tree, int):
        return tree, tree + 1
    return span(tree[0])[0], span(tree[1])[1]
