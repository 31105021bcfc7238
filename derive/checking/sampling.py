"""What the numeric oracles share: instances at concrete sizes, compiled sides, counterexamples.

The oracles themselves, one module per kind of claim, are in ``derive.checking.oracles``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy
from sympy.matrices import expressions as mx

from derive import errors, results, tree
from derive.meaning import shapes
from derive.symbolic import canonical, translation
from numeric import errors as numeric_errors
from numeric import batch, floating, instances, lambdify, shrink

SIZES = (3, 2, 4, 5)  # dimension sizes, rotated between assignments so that some are not square
ASSIGNMENTS = 2
INSTANCES = 3
MAX_SIZE = 1000  # declared sizes above this are not sampled
MAX_SHRUNK_ENTRIES = 400  # a counterexample with more entries than this is not searched for
MATCH = 1e-9  # relative error below which exact integer instances count as equal

Evaluation = Callable[..., Any]


@dataclasses.dataclass(frozen=True)
class Finding:
    """Numeric evidence on one claim; ``failure`` holds the instance that refutes it."""

    evidence: tuple[results.Evidence, ...]
    failure: Mapping[str, Any] | None = None
    taylor: results.TaylorSeries | None = None


class Sampler:
    """Runs the numeric oracles on the claims of one analysed document."""

    def __init__(
        self,
        table: shapes.ShapeTable,
        naming: translation.Naming,
        context: canonical.Context,
        *,
        seed: int,
        oracles: frozenset[str],
        symmetric: frozenset[str] = frozenset(),
        positive_definite: frozenset[str] = frozenset(),
        totals: Mapping[str, float] | None = None,
        signs: frozenset[str] = frozenset(),
        translations: translation.Memo | None = None,
    ) -> None:
        self._translations = translations  # shared with the prover: each side is translated once
        self._symmetric = symmetric
        self._signs = signs
        self._totals = dict(totals or {})
        self._positive_definite = positive_definite
        self._table = table
        self._naming = naming
        self._context = context
        self._seed = seed
        self._oracles = oracles
        self._compiled: dict[tuple[int, tuple[tuple[str, int], ...], str], Any] = {}
        fixed = [dim for shape in table.symbols.values() for dim in (shape.rows, shape.cols) if isinstance(dim, int)]
        self._largest_fixed = max(fixed, default=0)

    # -- building blocks -------------------------------------------------------------------------

    @property
    def oracles(self) -> frozenset[str]:
        return self._oracles

    def rng(self, salt: int, stream: int = 0) -> np.random.Generator:
        """The random numbers for claim ``salt``; each oracle draws from its own ``stream``."""
        return np.random.default_rng([self._seed, salt] if stream == 0 else [self._seed, salt, stream])

    def assignments(self, count: int = ASSIGNMENTS) -> list[dict[str, int]]:
        """Sizes for the named dimensions, rotated so that some matrices are not square.

        Empty when a declared size is too large to sample (the numeric oracles then abstain).
        """
        if self._largest_fixed > MAX_SIZE:
            return []
        names = self._table.dimensions
        found = []
        for offset in range(count):
            assignment = {name: SIZES[(index + offset) % len(SIZES)] for index, name in enumerate(names)}
            if assignment not in found:  # with every size fixed there is just one
                found.append(assignment)
        return found

    def expression(self, node: tree.Node, dims: Mapping[str, int]) -> sympy.Basic:
        """``node`` as a SymPy expression with concrete sizes (symbols are generated identifiers)."""
        key = (id(node), tuple(sorted(dims.items())), "sympy")
        if key not in self._compiled:
            # a size of 1 makes 1×1 matrices, which translation reads as numbers: those are translated anew
            general = self._general(node) if min(dims.values(), default=2) >= 2 else None
            value = None if general is None else general.xreplace(self._sizes(dims))
            if value is None or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
                translator = translation.Translator(self._table, self._naming, dims=dims, context=self._context)
                value = translator.value(node)
            self._compiled[key] = (node, value)
        return self._compiled[key][1]

    def _general(self, node: tree.Node) -> sympy.Basic | None:
        """``node`` translated once for all sizes, which :meth:`expression` then fills in; None where the
        sizes change the translation itself: sums and entries are unrolled at concrete sizes (an
        independent check of the symbolic closing), and 𝟏 is symbolically an opaque vector."""
        key = (id(node), (), "general")
        if key not in self._compiled:
            value = None
            if not any(_size_dependent(item, self._table) for item in tree.walk(node)):
                translator = translation.Translator(
                    self._table, self._naming, context=self._context, memo=self._translations
                )
                try:
                    value = translator.value(node)
                except (errors.UnsupportedNotation, canonical.NotCanonical):
                    value = None  # the concrete translation says why, or succeeds where this cannot
            self._compiled[key] = (node, value)
        return self._compiled[key][1]

    def _sizes(self, dims: Mapping[str, int]) -> dict[sympy.Basic, sympy.Basic]:
        """Each symbolic dimension's concrete size (FREE_SIZE for one that no sampled dimension fixes)."""
        return {symbol: sympy.Integer(dims.get(name, translation.FREE_SIZE)) for name, symbol in self._naming.dimensions().items()}

    def compile(self, node: tree.Node, dims: Mapping[str, int], backend: str = "numpy") -> Any:
        """``node`` as a callable of the instance (keywords are the generated identifiers).

        ``backend`` is "numpy" or "tensorflow".
        """
        key = (id(node), tuple(sorted(dims.items())), backend)
        if key not in self._compiled:
            expression = self.expression(node, dims)
            used = arguments(expression)
            function: Any
            if backend == "numpy":
                function = lambdify.to_numpy(expression, used)
            else:
                function = lambdify.to_tensorflow(expression, used)
            self._compiled[key] = (node, function)  # the node is kept alive so that its id stays unique
        return self._compiled[key][1]

    def batched(self, nodes: tuple[tree.Node, ...], dims: Mapping[str, int]) -> list[batch.BatchedNumPyFunction]:
        """``nodes`` for stacked instances, all reading the symbols of every node (I has none)."""
        expressions = [self.expression(node, dims) for node in nodes]
        shared = sorted({argument for expression in expressions for argument in arguments(expression)}, key=str)
        return [batch.to_numpy_batched(expression, shared) for expression in expressions]

    def names_in(self, nodes: tuple[tree.Node, ...], dims: Mapping[str, int], *also: str) -> frozenset[str]:
        """The document's symbols that ``nodes`` read once translated (definitions expanded), and ``also``.

        A claim draws only these: drawing every symbol of the document for every claim made a
        check quadratic in the document's length.
        """
        used = {argument for node in nodes for argument in arguments(self.expression(node, dims))}
        return frozenset({self._naming.name(str(argument)) for argument in used} | set(also))

    def specs(self, dims: Mapping[str, int], names: frozenset[str] | None = None) -> list[instances.Spec]:
        """What to draw for the document's symbols (only ``names``, when given) at ``dims``."""
        found = []
        dimensions = set(self._table.dimensions)
        chosen = self._table.symbols.items() if names is None else [
            (name, self._table.symbols[name]) for name in names if name in self._table.symbols
        ]
        for name, shape in sorted(chosen):
            if name in dimensions:
                continue  # k in \sum_{i=1}^{k} is a size, not a value to draw
            identifier = self._naming.identifier(name)
            if shape.is_scalar:  # \lambda > 0 or \lambda \succ 0: drawn positive
                found.append(instances.Spec(identifier, None, positive_definite=name in self._positive_definite))
                continue
            rows, cols = size(shape.rows, dims), size(shape.cols, dims)
            square = rows == cols
            found.append(
                instances.Spec(
                    identifier,
                    (rows, cols),
                    symmetric=square and name in self._symmetric,
                    positive_definite=square and name in self._positive_definite,
                    total=self._totals.get(name) if 1 in (rows, cols) else None,
                    signs=name in self._signs,
                )
            )
        return found

    def describe(self, dims: Mapping[str, int], *nodes: tree.Node) -> str:
        """The sizes in ``dims`` that the symbols of ``nodes`` use, as text ("k=3, n=2")."""
        used = {
            dim
            for node in nodes
            for item in tree.walk(node)
            if isinstance(item, tree.Symbol) and item.name in self._table.symbols
            for dim in _dims_of(self._table.symbols[item.name])
        }
        shown = {name: value for name, value in dims.items() if name in used}
        if not shown and any(
            isinstance(item, tree.Symbol) and not self._table.symbols.get(item.name, shapes.SCALAR).is_scalar
            for node in nodes
            for item in tree.walk(node)
        ):
            return "declared sizes"  # every size is fixed: there is nothing to vary
        return dims_text(shown)

    def identifier(self, name: str) -> str:
        return self._naming.identifier(name)

    def counterexample(
        self,
        fails: Callable[[dict[str, int], dict[str, Any]], bool],
        evaluate: Callable[[dict[str, int], dict[str, Any]], tuple[Any, Any]],
        salt: int,
        names: frozenset[str],
    ) -> results.Counterexample | None:
        """The smallest integer instance on which ``fails`` holds, in the document's names.

        Only the symbols in ``names`` (those of the claim) are drawn and shown.
        """
        used = {dim for name in names if name in self._table.symbols for dim in _dims_of(self._table.symbols[name])}
        dimension_names = [dim for dim in self._table.dimensions if dim in used]
        smallest = self.specs({dim: 1 for dim in dimension_names}, names)
        if sum(int(np.prod(spec.shape)) if spec.shape else 1 for spec in smallest) > MAX_SHRUNK_ENTRIES:
            return None  # fixed large sizes: no counterexample small enough to read
        found = shrink.smallest_counterexample(
            fails, dimension_names, lambda dims: self.specs(dims, names), self.rng(salt), max_dim=3, tries=12
        )
        if found is None:
            return None
        lhs, rhs = evaluate(found.dimensions, found.values)
        if np.size(lhs) == 1 and np.size(rhs) == 1:  # a number and a 1×1 matrix read the same
            lhs, rhs = float(np.ravel(lhs)[0]), float(np.ravel(rhs)[0])
        values = {self._naming.name(identifier): _plain(value) for identifier, value in sorted(found.values.items())}
        return results.Counterexample(dict(found.dimensions), values, _plain(lhs), _plain(rhs), self._seed)

    def differs(self, left: Any, right: Any) -> bool:
        return not floating.comparable(left, right) or floating.relative_error(left, right) > MATCH


def _dims_of(shape: shapes.Shape) -> list[str]:
    return [dim for dim in (shape.rows, shape.cols) if isinstance(dim, str)]


def size(dim: shapes.Dim, dims: Mapping[str, int]) -> int:
    return dim if isinstance(dim, int) else dims[dim]


def dims_text(dims: Mapping[str, int]) -> str:
    return ", ".join(f"{name}={size}" for name, size in dims.items()) or "scalars"


def arguments(expression: sympy.Basic) -> list[Any]:
    found = [
        symbol
        for symbol in expression.atoms(sympy.Symbol, mx.MatrixSymbol)
        if isinstance(symbol, mx.MatrixSymbol) or str(symbol).startswith("v")
    ]
    return sorted(found, key=str)


def _plain(value: Any) -> Any:
    """A value as JSON-ready numbers: integers where they are whole."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        number = float(array)
        return int(number) if number.is_integer() else number
    return [[int(x) if float(x).is_integer() else float(x) for x in row] for row in array.tolist()]


def usable(
    specs: list[instances.Spec], rng: np.random.Generator, functions: tuple[Callable[..., Any], ...]
) -> list[dict[str, Any]]:
    """Random instances at which every function has a value (log det X needs det X > 0).

    After a few failed draws the square matrices are drawn positive definite.
    """
    found: list[dict[str, Any]] = []
    definite = [
        dataclasses.replace(spec, positive_definite=True) if spec.shape and spec.shape[0] == spec.shape[1] else spec
        for spec in specs
    ]
    for attempt in range(4 * INSTANCES):
        draw = instances.draw_float(specs if attempt < 2 * INSTANCES else definite, rng)
        try:
            for function in functions:
                function(**draw)
        except numeric_errors.EvaluationError:
            continue
        found.append(draw)
        if len(found) == INSTANCES:
            break
    return found


def _size_dependent(node: tree.Node, table: shapes.ShapeTable) -> bool:
    """Whether the translation of ``node`` depends on concrete sizes (see ``Sampler._general``)."""
    if isinstance(node, (tree.Sum, tree.Indexed, tree.Entry, tree.Components, tree.Extent)):
        return True
    if isinstance(node, tree.Symbol) and node.name == tree.ONES:
        return True
    entrywise = table.entrywise.get(id(node))
    return entrywise is not None and any(_size_dependent(item, table) for item in tree.walk(entrywise[1]))
