"""Our expression tree for parsed LaTeX: frozen nodes that keep their source spans."""

from __future__ import annotations

import dataclasses
from typing import Union


@dataclasses.dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` inside the formula text."""

    start: int
    end: int


NO_SPAN = Span(0, 0)
ONES = "𝟏"  # the name of \mathbf{1}, the vector of ones: no letter can collide with it


def _span() -> Span:
    # Spans do not take part in equality: two trees that mean the same are equal.
    return dataclasses.field(default=NO_SPAN, compare=False, repr=False)


@dataclasses.dataclass(frozen=True)
class Symbol:
    """A variable: ``x``, ``a_i``, ``f_0``, ``alpha`` (Greek letters by name)."""

    name: str
    span: Span = _span()

    @property
    def base(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def subscript(self) -> str | None:
        parts = self.name.split("_", 1)
        return parts[1] if len(parts) == 2 else None


@dataclasses.dataclass(frozen=True)
class Number:
    """A literal number, kept as written (``2``, ``0.5``)."""

    text: str
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Add:
    """A sum; subtraction is an added :class:`Neg`."""

    terms: tuple[Node, ...]
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Neg:
    operand: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Mul:
    """A product, written by juxtaposition, ``\\cdot`` or ``\\times``."""

    factors: tuple[Node, ...]
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Div:
    """``\\frac{a}{b}`` or ``a / b`` (the denominator must be a scalar)."""

    numerator: Node
    denominator: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Power:
    base: Node
    exponent: Node
    span: Span = _span()
    entrywise: bool = False  # x^{\circ 2}: the power of every entry (a Hadamard power)


@dataclasses.dataclass(frozen=True)
class Transpose:
    operand: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Inverse:
    operand: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class PseudoInverse:
    """``A^+`` or ``A^\\dagger``, the Moore–Penrose pseudo-inverse."""

    operand: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Prime:
    """``f'`` (order 1) or ``f''`` (order 2): a derivative of a function, or a transpose."""

    operand: Node
    order: int = 1
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Hadamard:
    """``a \\odot b``: the elementwise product."""

    factors: tuple[Node, ...]
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Dots:
    """``\\dots``, ``\\ldots``, ``\\cdots`` or ``...`` standing for the entries left out of a tuple."""

    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Group:
    """Parentheses kept from the source: they decide whether ``f(x)`` is an application."""

    items: tuple[Node, ...]
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Norm:
    """``\\|v\\|`` with its subscript (``"2"``, ``"F"`` or ``""``)."""

    operand: Node
    kind: str = ""
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Function:
    """A named function of known meaning: ``exp``, ``log``, ``sqrt``, ``tr``, ``det``, ``rank``."""

    name: str
    argument: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Apply:
    """An application ``f(x)`` of a function that the document names."""

    function: Symbol
    arguments: tuple[Node, ...]
    body: Node | None = None  # the definition with the arguments substituted, filled in by resolve
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Sum:
    """``\\sum_{index=lower}^{upper} body``."""

    index: Symbol
    lower: Node
    upper: Node
    body: Node
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Extent:
    """The upper end of a sum written without its range (``\\sum_i z_i``): the length of what ``index`` runs over.

    ``of`` is the vector (or the matrix, by rows) that the index subscripts in the sum's body,
    filled in when index notation is resolved; None until then.
    """

    index: Symbol
    of: Symbol | None = None
    span: Span = _span()
    columns: bool = False  # the index runs over the columns of ``of`` (j in A_{ij})


@dataclasses.dataclass(frozen=True)
class Gradient:
    """``\\nabla_{wrt}^{order} body``; ``wrt`` is None when the variable is left implicit."""

    body: Node
    wrt: Symbol | None
    order: int = 1
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Derivative:
    """``\\frac{d^n body}{d wrt^n}`` or its partial form."""

    body: Node
    wrt: Symbol
    order: int = 1
    partial: bool = False
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Indexed:
    """Index notation inside a sum: ``a_i`` as row i of ``A`` (a column vector), ``b_i`` as entry i of ``b``,
    ``A_{ij}`` as the element in row i and column j of ``A`` (kind ``element``, ``column`` j)."""

    symbol: Symbol
    index: Symbol
    kind: str  # "row", "entry" or "element"
    span: Span = _span()
    column: Symbol | None = None


@dataclasses.dataclass(frozen=True)
class Entry:
    """``(Xw)_n``: entry ``index`` of the column vector ``of``; with ``column``, ``[A^T]_{ij}``, the entry
    (index, column) of the matrix ``of``. Inside a sum over the index, or a relation for every value of it."""

    of: Node
    index: Symbol
    span: Span = _span()
    column: Symbol | None = None


@dataclasses.dataclass(frozen=True)
class Components:
    """A side of a relation written entry by entry (``(A^Tb)_i``, ``y_i = A_{ij}x_j``): the column vector
    whose entry ``index`` is ``body``, or with ``column`` the matrix whose entry (index, column) is.

    ``index`` runs over the rows of ``rows_of`` (the vector ``x`` of ``x_i``, the ``A^Tb`` of
    ``(A^Tb)_i``), ``column`` over the columns of ``cols_of``. The relation holds for every value of
    its free indices exactly when the two sides' vectors (matrices) are equal.
    """

    body: Node
    index: Symbol
    rows_of: Node
    column: Symbol | None = None
    cols_of: Node | None = None
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Space:
    """``\\mathbb{R}^{rows \\times cols}``; a vector space has ``cols`` None, the reals both None.

    ``structure`` is ``""``, or for ``\\mathbb{S}^n``, ``\\mathbb{S}^n_{++}``, ``\\mathbb{S}^n_+``:
    ``"symmetric"``, ``"positive definite"`` or ``"positive semidefinite"`` (then rows = cols).
    """

    rows: Node | None
    cols: Node | None
    span: Span = _span()
    structure: str = ""


Node = Union[
    Symbol, Number, Add, Neg, Mul, Div, Power, Transpose, Inverse, PseudoInverse, Prime, Hadamard, Dots, Group, Norm,
    Function, Apply, Sum, Extent, Gradient, Derivative, Indexed, Entry, Components, Space,
]


@dataclasses.dataclass(frozen=True)
class Chain:
    """``e0 r1 e1 r2 e2 …``; ``operands[0]`` is None when the chain continues an earlier one."""

    operands: tuple[Node | None, ...]
    relations: tuple[str, ...]
    span: Span = _span()


@dataclasses.dataclass(frozen=True)
class Formula:
    """One math block: chains separated by commas, ``\\quad`` or ``\\\\``."""

    chains: tuple[Chain, ...]
    span: Span = _span()


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of ``node``."""
    found: list[Node] = []
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, tuple):
            found.extend(item for item in value if not isinstance(item, (str, Span)))
        elif value is not None and not isinstance(value, (str, int, Span)):
            found.append(value)
    return tuple(found)


def walk(node: Node):  # type: ignore[no-untyped-def]
    """Every node of the tree, parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))
