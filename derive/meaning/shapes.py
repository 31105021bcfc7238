"""Shapes of expressions: declared, or inferred by unification of dimensions."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping

from derive import errors, tree
from derive.reading import render

Dim = int | str  # 4, a named dimension "n", or an unknown "?3"


@dataclasses.dataclass(frozen=True)
class Shape:
    """Rows and columns; a scalar is 1×1, a vector n×1."""

    rows: Dim
    cols: Dim

    @property
    def is_scalar(self) -> bool:
        return self.rows == 1 and self.cols == 1

    @property
    def is_vector(self) -> bool:
        return self.cols == 1 and self.rows != 1

    def transposed(self) -> Shape:
        return Shape(self.cols, self.rows)

    def __str__(self) -> str:
        return f"{self.rows}×{self.cols}"

    def describe(self) -> str:
        """``scalar``, ``column vector (n×1)``, ``row vector (1×n)`` or ``matrix (k×n)``."""
        if self.is_scalar:
            return "scalar"
        if self.cols == 1:
            return f"column vector ({self})"
        if self.rows == 1:
            return f"row vector ({self})"
        return f"matrix ({self})"


SCALAR = Shape(1, 1)
ELEMENTWISE = frozenset({"exp", "log", "sqrt", "abs", "sin", "cos", "tanh"})


def space_shape(space: tree.Space) -> Shape:
    """The shape a ``\\mathbb{R}^{…}`` declaration gives.

    Raises:
        errors.ShapeError: a dimension that is neither a name nor a positive integer.
    """
    if space.rows is None:
        return SCALAR
    rows = _dimension(space.rows)
    cols = 1 if space.cols is None else _dimension(space.cols)
    return Shape(rows, cols)


def _dimension(node: tree.Node) -> Dim:
    if isinstance(node, tree.Number) and node.text.isdigit() and int(node.text) > 0:
        return int(node.text)
    if isinstance(node, tree.Symbol):
        return node.name
    raise errors.ShapeError(
        f"a dimension must be a name or a positive integer, not {render.latex(node)}", offset=node.span.start
    )


@dataclasses.dataclass(frozen=True)
class Mismatch:
    """Two sides of a relation whose shapes differ: a failed claim, not an input error."""

    lhs: Shape
    rhs: Shape


@dataclasses.dataclass(frozen=True)
class ShapeTable:
    """Final shapes of a document's symbols and of the nodes that were inferred."""

    symbols: Mapping[str, Shape]
    nodes: Mapping[int, tuple[tree.Node, Shape]]
    transposed_powers: Mapping[int, tree.Node] = dataclasses.field(default_factory=dict)  # x^t read as xᵀ
    # σ(Xθ) of a function defined on numbers: applied entry by entry, as (parameter, the definition's body)
    entrywise: Mapping[int, tuple[str, tree.Node]] = dataclasses.field(default_factory=dict)

    def of(self, node: tree.Node) -> Shape | None:
        entry = self.nodes.get(id(node))
        return entry[1] if entry is not None and entry[0] is node else None

    def is_transpose(self, node: tree.Power) -> bool:
        """Whether the power ``node`` (``x^t`` of a vector or matrix) was read as a transpose."""
        return self.transposed_powers.get(id(node)) is node

    @functools.cached_property
    def dimensions(self) -> tuple[str, ...]:
        """The named dimensions in use, sorted (the table is final: computed once)."""
        found = {dim for shape in self.symbols.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
        return tuple(sorted(found))
