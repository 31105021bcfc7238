"""Hypothesis strategies for shaped instances, with derive's conventions, for property tests.

Values are float64: matrices of shape (rows, cols), vectors as columns (n, 1), scalars as
Python floats; symmetric matrices are (M + Mᵀ)/2 and positive definite ones MᵀM + nI, as
derive's own float oracle draws them. ``instances`` draws every named dimension once, so
that ``{"A": "k×n", "x": "n"}`` always gives an ``A x`` that can be formed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Union

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from derive import errors
from derive.testing import assertions

Size = Union[int, st.SearchStrategy[int]]
"""A fixed size, or a strategy that draws one."""

BOUND = 10.0
"""Default entries lie in [-BOUND, BOUND]."""

SCALAR_FLOOR = 0.1
"""Positive scalars are drawn in [SCALAR_FLOOR, bound], away from poles at zero."""


def entries(*, bound: float = BOUND, integer: bool = False) -> st.SearchStrategy[float]:
    """Finite float64 entries in [-bound, bound]; with ``integer``, whole numbers only (as the exact oracle uses)."""
    if integer:
        whole = int(bound)
        return st.integers(-whole, whole).map(float)
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=64)


def scalars(*, elements: st.SearchStrategy[float] | None = None, positive: bool = False) -> st.SearchStrategy[float]:
    """A float scalar; ``positive`` ones lie in [SCALAR_FLOOR, BOUND]."""
    if positive:
        return st.floats(SCALAR_FLOOR, BOUND, allow_nan=False, allow_infinity=False, width=64)
    return elements if elements is not None else entries()


@st.composite
def matrices(
    draw: st.DrawFn, rows: Size, cols: Size, *, elements: st.SearchStrategy[float] | None = None
) -> np.ndarray:
    """A float64 matrix of shape (rows, cols)."""
    shape = (_size(draw, rows), _size(draw, cols))
    chosen = elements if elements is not None else entries()
    return np.asarray(draw(hnp.arrays(np.float64, shape, elements=chosen)), dtype=np.float64)


def vectors(size: Size, *, elements: st.SearchStrategy[float] | None = None) -> st.SearchStrategy[np.ndarray]:
    """A float64 column vector of shape (size, 1)."""
    return matrices(size, 1, elements=elements)


@st.composite
def symmetric_matrices(draw: st.DrawFn, size: Size, *, elements: st.SearchStrategy[float] | None = None) -> np.ndarray:
    """A symmetric float64 matrix (M + Mᵀ)/2 of shape (size, size)."""
    side = _size(draw, size)
    matrix = draw(matrices(side, side, elements=elements))
    return np.asarray((matrix + matrix.T) / 2.0, dtype=np.float64)


@st.composite
def positive_definite_matrices(
    draw: st.DrawFn, size: Size, *, elements: st.SearchStrategy[float] | None = None
) -> np.ndarray:
    """A symmetric positive definite float64 matrix MᵀM + nI of shape (n, n), n = size."""
    side = _size(draw, size)
    matrix = draw(matrices(side, side, elements=elements))
    return np.asarray(matrix.T @ matrix + side * np.eye(side), dtype=np.float64)


def dimensions(names: Iterable[str], *, min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[dict[str, int]]:
    """Sizes for named dimensions, each in [min_size, max_size]."""
    return st.fixed_dictionaries({name: st.integers(min_size, max_size) for name in names})


@st.composite
def instances(
    draw: st.DrawFn,
    shapes: Mapping[str, assertions.ShapeSpec],
    *,
    symmetric: Iterable[str] = (),
    positive_definite: Iterable[str] = (),
    elements: st.SearchStrategy[float] | None = None,
    min_size: int = 1,
    max_size: int = 4,
) -> dict[str, Any]:
    """Values for every symbol of ``shapes`` (``{"A": "k×n", "b": "k", "x": "n", "t": None}``).

    Named dimensions are drawn once per example, in [min_size, max_size]; numbers are fixed.

    Raises:
        errors.UsageError: a bad shape, or a symmetric or positive definite symbol that is not square.
    """
    declared = {name: assertions.dimensions_of(name, spec) for name, spec in shapes.items()}
    symmetric, positive_definite = frozenset(symmetric), frozenset(positive_definite)
    for name in sorted(symmetric | positive_definite):
        dims = declared.get(name)
        if dims is None or len(dims) != 2 or dims[0] != dims[1]:
            raise errors.UsageError(f"{name} is declared symmetric or positive definite, so it needs a square shape such as 'n×n'")
    named = sorted({dim for dims in declared.values() for dim in dims if isinstance(dim, str)})
    sizes = draw(dimensions(named, min_size=min_size, max_size=max_size))

    def size(dim: assertions.Dimension) -> int:
        return sizes[dim] if isinstance(dim, str) else dim

    found: dict[str, Any] = {}
    for name, dims in declared.items():
        if not dims:
            found[name] = draw(scalars(elements=elements, positive=name in positive_definite))
        elif name in positive_definite:
            found[name] = draw(positive_definite_matrices(size(dims[0]), elements=elements))
        elif name in symmetric:
            found[name] = draw(symmetric_matrices(size(dims[0]), elements=elements))
        else:
            found[name] = draw(matrices(size(dims[0]), size(dims[1]) if len(dims) == 2 else 1, elements=elements))
    return found


def _size(draw: st.DrawFn, size: Size) -> int:
    return draw(size) if isinstance(size, st.SearchStrategy) else size
