"""Our tree -> SymPy, under safe generated names, with symbolic or concrete dimensions."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import sympy
from sympy.matrices import expressions as mx
from sympy.matrices.expressions.matexpr import MatrixElement

from derive import errors, tree
from derive.meaning import shapes
from derive.reading import render
from derive.symbolic import calculus, canonical, matrices, sympy_bridge

MAX_EXPONENT = 32  # larger integer powers of anything but a symbol are refused rather than expanded
MAX_TERMS = 500  # a numeric sum unrolls at most this many terms


class Naming:
    """Safe identifiers for the document's symbols: ``v0``, ``v1``, … never the user's text."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._names: dict[str, str] = {}

    def identifier(self, name: str) -> str:
        if name not in self._ids:
            safe = f"v{len(self._ids)}"
            self._ids[name] = safe
            self._names[safe] = name
        return self._ids[name]

    def name(self, identifier: str) -> str:
        """The document's name for a generated identifier."""
        return self._names.get(identifier, identifier)

    def dimension(self, dim: shapes.Dim) -> sympy.Expr:
        if isinstance(dim, int):
            return sympy.Integer(dim)
        return sympy.Symbol(f"n_{self.identifier('dim:' + dim)}", integer=True, positive=True)

    def dimensions(self) -> dict[str, sympy.Expr]:
        """The symbol of every named dimension used so far, by its name."""
        return {name[4:]: self.dimension(name[4:]) for name in self._ids if name.startswith("dim:")}


@dataclasses.dataclass(frozen=True)
class Inversion:
    """A matrix that an expression inverts: the claim holds only where it is invertible."""

    latex: str
    matrix: sympy.Basic


FREE_SIZE = 3  # the concrete size of a dimension that no symbol of the document has


Memo = dict[int, tuple[tree.Node, sympy.Basic, tuple["Inversion", ...]]]
"""Translations by node: ``id(node)`` to the node, its value and the inversions it recorded."""


class Translator:
    """Translate tree nodes into SymPy.

    With ``dims`` None the dimensions stay symbolic (for proofs); with ``dims`` a
    mapping from dimension names to sizes they are concrete (for numeric oracles),
    and sums in index notation are unrolled rather than closed.
    """

    def __init__(
        self,
        table: shapes.ShapeTable,
        naming: Naming,
        *,
        dims: Mapping[str, int] | None = None,
        context: canonical.Context = canonical.Context(),
        memo: Memo | None = None,
    ) -> None:
        self._table = table
        # translations at symbolic sizes, shared by the translators of one document's check (the
        # prover's and the numeric oracles'), which would otherwise each translate the same sides
        self._memo = memo if dims is None else None
        self._naming = naming
        self._dims = dims
        self._context = context
        self._builder = canonical.Builder(context)
        self._index_values: dict[str, int] = {}
        self._fixed_units: dict[tuple[int, int], mx.MatrixSymbol] = {}  # unrolled e_i, by (position, length)
        self._units: dict[str, mx.MatrixSymbol] = {}
        self.inversions: list[Inversion] = []

    # -- symbols and dimensions ---------------------------------------------------------------

    def dim(self, dim: shapes.Dim) -> sympy.Expr:
        if self._dims is not None and isinstance(dim, str):
            # a size no symbol fixes (I in 2I ⪰ 0) may be any: take the first sampled size
            return sympy.Integer(self._dims.get(dim, FREE_SIZE))
        return self._naming.dimension(dim)

    def symbol(self, name: str) -> sympy.Basic:
        shape = self._table.symbols.get(name, shapes.SCALAR)
        if shape.is_scalar and name in self._table.dimensions:  # n in \frac{1}{n} or 10^n: the size itself
            return self.dim(name)
        identifier = self._naming.identifier(name)
        if shape.is_scalar:
            return sympy.Symbol(identifier, real=True)
        return mx.MatrixSymbol(identifier, self.dim(shape.rows), self.dim(shape.cols))

    def shape_of(self, node: tree.Node) -> shapes.Shape:
        shape = self._table.of(node)
        if shape is None:
            raise errors.UnsupportedNotation(f"the size of {render.latex(node)}", offset=node.span.start)
        return shape

    # -- expressions ---------------------------------------------------------------------------

    def value(self, node: tree.Node) -> sympy.Basic:
        """The SymPy value of a whole side of a claim, refusing undefined values such as 1/0.

        Raises:
            errors.UnsupportedNotation: a construct with no translation, or no value.
            canonical.NotCanonical: a symbolic sum or derivative that cannot be closed.
        """
        if self._memo is not None:
            known = self._memo.get(id(node))
            if known is not None and known[0] is node:
                self.inversions.extend(known[2])
                return known[1]
        before = len(self.inversions)
        result = self._value(node)
        if self._memo is not None:
            self._memo[id(node)] = (node, result, tuple(self.inversions[before:]))  # the node keeps its id unique
        return result

    def _value(self, node: tree.Node) -> sympy.Basic:
        result = self.expression(node)
        if self._fixed_units:  # the unit vectors of unrolled sums, kept symbolic so that derivatives could be taken
            result = result.xreplace({unit: _unit_vector(*key) for key, unit in self._fixed_units.items()})
        if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise errors.UnsupportedNotation("an undefined value (a division by zero or the logarithm of 0)", offset=node.span.start)
        return result

    def expression(self, node: tree.Node) -> sympy.Basic:  # noqa: C901 - one rule per node type
        """The SymPy value of ``node``; a 1×1 matrix used as a number is wrapped in ``Trace``.

        Raises:
            errors.UnsupportedNotation: a construct with no translation yet.
            canonical.NotCanonical: a symbolic sum or derivative that cannot be closed.
        """
        if isinstance(node, tree.Symbol):
            if node.name == "I":
                shape = self.shape_of(node)
                return mx.Identity(self.dim(shape.rows))
            if node.name == tree.ONES:
                rows = self.dim(self.shape_of(node).rows)
                if self._dims is None:  # symbolically an opaque constant vector: sound, if not complete (1ᵀ1 = n is not known)
                    return mx.MatrixSymbol(tree.ONES, rows, 1)
                return mx.OneMatrix(rows, 1)
            return self.symbol(node.name)
        if isinstance(node, tree.Number):
            value = sympy.Rational(node.text)
            if abs(value) > 2**53:
                raise errors.UnsupportedNotation(f"the number {node.text}, beyond exact float64 integers", offset=node.span.start)
            sized = self._table.of(node)
            if value == 0 and sized is not None and not sized.is_scalar:
                return mx.ZeroMatrix(self.dim(sized.rows), self.dim(sized.cols))
            return value
        if isinstance(node, tree.Neg):
            return -self.expression(node.operand)
        if isinstance(node, tree.Group):
            if len(node.items) != 1:
                raise errors.UnsupportedNotation("a tuple", offset=node.span.start)
            return self.expression(node.items[0])
        if isinstance(node, tree.Add):
            return _add([self.expression(term) for term in node.terms])
        if isinstance(node, tree.Mul):
            result = self.expression(node.factors[0])
            for factor in node.factors[1:]:
                result = _multiply(result, self.expression(factor))
            return result
        if isinstance(node, tree.Div):
            numerator, denominator = self.expression(node.numerator), self.expression(node.denominator)
            if _is_matrix(denominator) and denominator.shape != (1, 1):  # a / b of vectors: entry by entry
                reciprocal = mx.HadamardPower(denominator, -1)
                if _is_matrix(numerator) and numerator.shape != (1, 1):
                    return mx.HadamardProduct(numerator, reciprocal)
                return _multiply(numerator, reciprocal)
            return _multiply(numerator, 1 / _scalar(denominator))
        if isinstance(node, tree.Transpose):
            value = self.expression(node.operand)
            return mx.Transpose(value) if _is_matrix(value) else value
        if isinstance(node, tree.Inverse):
            value = self.expression(node.operand)
            if not _is_matrix(value):
                return 1 / value
            if value.shape == (1, 1):
                return 1 / mx.Trace(value)
            self.inversions.append(Inversion(render.latex(node.operand), value))
            return mx.Inverse(value)
        if isinstance(node, tree.Power):
            return self._power(node)
        if isinstance(node, tree.PseudoInverse):
            value = self.expression(node.operand)
            return matrices.PseudoInverse(value) if _is_matrix(value) else 1 / value
        if isinstance(node, tree.Prime):
            value = self.expression(node.operand)
            return mx.Transpose(value) if _is_matrix(value) and node.order % 2 else value
        if isinstance(node, tree.Hadamard):
            values = [self.expression(factor) for factor in node.factors]
            if all(_is_matrix(v) and v.shape != (1, 1) for v in values):
                return mx.HadamardProduct(*values)
            result = values[0]
            for value in values[1:]:
                result = _multiply(result, value)
            return result
        if isinstance(node, tree.Norm):
            return sympy.sqrt(self._squared_norm(node))
        if isinstance(node, tree.Function):
            return self._function(node)
        if isinstance(node, tree.Apply):
            assert node.body is not None
            entrywise = self._table.entrywise.get(id(node))
            if entrywise is not None:  # σ(Xθ): the document's σ on every entry
                parameter, template = entrywise
                entry = sympy.Dummy("entry")  # bound, so never an argument of compiled code
                body = _scalar(self.expression(template)).xreplace({self.symbol(parameter): entry})
                argument = self.expression(node.arguments[0])
                if not _is_matrix(argument) or argument.shape == (1, 1):  # a number here: apply σ itself
                    return body.xreplace({entry: _scalar(argument)})
                return matrices.Elementwise(sympy.Lambda(entry, body), argument)
            return self.expression(node.body)
        if isinstance(node, tree.Sum):
            return self._sum(node)
        if isinstance(node, tree.Indexed):
            return self._indexed(node)
        if isinstance(node, tree.Entry):
            return self._entry(node)
        if isinstance(node, tree.Components):
            return self._components(node)
        if isinstance(node, tree.Gradient):
            return self._gradient(node)
        if isinstance(node, tree.Derivative):
            variable = self.symbol(node.wrt.name)
            if _is_matrix(variable):  # ∂f/∂x for a vector x is the gradient
                return self._gradient(tree.Gradient(node.body, node.wrt, node.order, node.span))
            poly = self._canonical(self.expression(node.body), variable, node.order)
            if not isinstance(poly, canonical.Poly):
                return poly
            return sympy_bridge.to_sympy(calculus.derivative(self._builder, poly, variable, node.order))
        raise errors.UnsupportedNotation(type(node).__name__.lower(), offset=node.span.start)

    def _power(self, node: tree.Power) -> sympy.Basic:
        if node.entrywise:
            base, exponent = self.expression(node.base), _scalar(self.expression(node.exponent))
            if _is_matrix(base) and base.shape != (1, 1):
                return mx.HadamardPower(base, exponent)
            return (mx.Trace(base) if _is_matrix(base) else base) ** exponent
        if self._table.is_transpose(node):  # x^t of a vector: its transpose
            return self.expression(tree.Transpose(node.base, node.span))
        if isinstance(node.base, tree.Norm) and node.exponent == tree.Number("2"):
            return self._squared_norm(node.base)
        base = self.expression(node.base)
        exponent = _scalar(self.expression(node.exponent))
        if exponent.is_number and abs(exponent) > MAX_EXPONENT and not (base.is_Symbol):
            raise errors.UnsupportedNotation(
                f"an exponent above {MAX_EXPONENT} (it would be expanded)", offset=node.span.start
            )
        if _is_matrix(base):
            if base.shape == (1, 1):
                return mx.Trace(base) ** exponent
            if not (exponent.is_Integer and exponent >= 0):
                raise errors.UnsupportedNotation("a non-integer power of a matrix", offset=node.span.start)
            return mx.MatPow(base, exponent)
        return base**exponent

    def _squared_norm(self, node: tree.Norm) -> sympy.Basic:
        value = self.expression(node.operand)
        if not _is_matrix(value):
            return value**2
        if node.kind == "2" and value.shape[1] != 1 and value.shape[0] != 1:
            raise errors.UnsupportedNotation("the spectral norm of a matrix", offset=node.span.start)
        if value.shape[1] == 1:
            return mx.Trace(mx.Transpose(value) * value)
        if value.shape[0] == 1:
            return mx.Trace(value * mx.Transpose(value))
        return mx.Trace(mx.Transpose(value) * value)  # ‖M‖_F² = tr(MᵀM)

    def _function(self, node: tree.Function) -> sympy.Basic:
        value = self.expression(node.argument)
        if node.name in ("tr", "det"):
            if node.name == "tr":
                return mx.Trace(value) if _is_matrix(value) else value
            if _is_matrix(value):
                return mx.Determinant(value)
            return value
        if node.name == "diag" and _is_matrix(value):
            return matrices.Diagonal(value)
        functions = {
            "exp": sympy.exp,
            "log": sympy.log,
            "sqrt": sympy.sqrt,
            "abs": sympy.Abs,
            "sin": sympy.sin,
            "cos": sympy.cos,
            "tanh": sympy.tanh,
            "relu": lambda a: sympy.Max(a, 0),
            "step": lambda a: sympy.Heaviside(a, 0),  # 𝟙[a > 0]
        }
        if node.name in functions and _is_matrix(value) and value.shape != (1, 1):
            return matrices.Elementwise(node.name, value)
        if node.name not in functions:
            raise errors.UnsupportedNotation(f"\\operatorname{{{node.name}}} in an expression", offset=node.span.start)
        return functions[node.name](_scalar(value))

    def _sum(self, node: tree.Sum) -> sympy.Basic:
        lower = _scalar(self.expression(node.lower))
        upper = self._bound(node.upper)
        if self._dims is not None:
            if not (lower.is_Integer and upper.is_Integer):
                raise errors.UnsupportedNotation("a sum whose range is not numeric", offset=node.span.start)
            if upper - lower >= MAX_TERMS:
                raise errors.UnsupportedNotation(
                    f"a sum of more than {MAX_TERMS} terms (it is not unrolled)", offset=node.span.start
                )
            terms = []
            for value in range(int(lower), int(upper) + 1):
                self._index_values[node.index.name] = value - 1  # 0-based rows
                terms.append(self.expression(node.body))
            self._index_values.pop(node.index.name, None)
            return _add(terms)
        if lower != 1:
            raise canonical.NotCanonical("a sum that does not start at 1")
        try:
            unit = mx.MatrixSymbol(f"e_{self._naming.identifier('index:' + node.index.name)}", upper, 1)
        except ValueError:  # n^{0.5}: SymPy refuses a size that is not a nonnegative integer
            raise errors.UnsupportedNotation("a sum whose upper bound is not a size", offset=node.span.start) from None
        self._units[node.index.name] = unit
        try:
            body = sympy_bridge.from_sympy(self.expression(node.body), self._context)
        finally:
            self._units.pop(node.index.name, None)
        return sympy_bridge.to_sympy(calculus.sum_over_index(self._builder, body, unit.name, upper))

    def _bound(self, node: tree.Node) -> sympy.Expr:
        if isinstance(node, tree.Extent):
            if node.of is None:
                raise errors.UnsupportedNotation("a sum without its range", offset=node.span.start)
            owner_shape = self._table.symbols.get(node.of.name, shapes.SCALAR)
            return self.dim(owner_shape.cols if node.columns else owner_shape.rows)
        if isinstance(node, tree.Symbol):
            if self._dims is not None and node.name not in self._dims:
                raise errors.UnsupportedNotation(
                    f"a sum up to {node.name}, which is not the size of any matrix or vector", offset=node.span.start
                )
            return self.dim(node.name)
        return _scalar(self.expression(node))

    def _indexed(self, node: tree.Indexed) -> sympy.Basic:
        owner = self.symbol(node.symbol.name)
        if node.kind == "element":
            return self._element(node, owner)
        if not _is_matrix(owner):  # w_i of a w read as a number (nothing declares it a vector)
            raise errors.UnsupportedNotation(
                f"an entry of {render.latex(node.symbol)}, which is a number here (declare it as a vector)",
                offset=node.span.start,
            )
        index = node.index.name
        if index in self._index_values:
            position = self._index_values[index]
            if not 0 <= position < owner.shape[0]:
                raise errors.UnsupportedNotation(
                    f"a sum whose range runs past the {owner.shape[0]} rows of {render.latex(node.symbol)}",
                    offset=node.span.start,
                )
            unit = self._fixed_unit(position, owner.shape[0])
            if node.kind == "row":  # row i of A as Aᵀe_i, b_i as e_iᵀb: canonical forms (and gradients) exist
                return mx.MatMul(mx.Transpose(owner), unit)
            return mx.Trace(mx.MatMul(mx.Transpose(unit), owner))
        unit = self._units.get(index)
        if unit is None:
            raise errors.UnsupportedNotation(f"index {index} outside its sum", offset=node.span.start)
        if unit.rows != owner.rows:
            raise canonical.NotCanonical("a sum whose range is not the number of rows")
        if node.kind == "row":
            return mx.Transpose(owner) * unit
        return mx.Trace(mx.Transpose(unit) * owner)

    def _entry(self, node: tree.Entry) -> sympy.Basic:
        """``(Xw)_n``, ``[A^T]_{ij}``: at unrolled positions the entry itself, symbolically e_nᵀ(Xw), e_iᵀAᵀe_j."""
        value = self.expression(node.of)
        indices = [node.index] if node.column is None else [node.index, node.column]
        if not _is_matrix(value):
            raise errors.UnsupportedNotation(f"an entry of the number {render.latex(node.of)}", offset=node.span.start)
        if all(index.name in self._index_values for index in indices):
            row = self._index_values[node.index.name]
            column = self._index_values[node.column.name] if node.column is not None else 0
            if not (0 <= row < value.shape[0] and 0 <= column < value.shape[1]):
                raise errors.UnsupportedNotation(
                    f"a sum whose range runs past the entries of {render.latex(node.of)}", offset=node.span.start
                )
            return _pick(value, row, column)
        units = [self._units.get(index.name) for index in indices]
        missing = next((index.name for index, unit in zip(indices, units) if unit is None), None)
        if missing is not None:
            raise errors.UnsupportedNotation(f"index {missing} outside its sum", offset=node.span.start)
        left = units[0]
        right = units[1] if node.column is not None else None
        assert left is not None
        columns = 1 if right is None else right.rows
        if left.rows != value.shape[0] or value.shape[1] != columns:
            raise canonical.NotCanonical("a sum whose range is not the length of the vector")
        return mx.Trace(mx.Transpose(left) * value * right) if right is not None else mx.Trace(mx.Transpose(left) * value)

    def _fixed_unit(self, position: int, length: int) -> mx.MatrixSymbol:
        """A stand-in for the unit vector e_position of ℝ^length, replaced by its entries in :meth:`value`."""
        key = (position, length)
        if key not in self._fixed_units:
            self._fixed_units[key] = mx.MatrixSymbol(f"unit_{position}_of_{length}", length, 1)
        return self._fixed_units[key]

    def _components(self, node: tree.Components) -> sympy.Basic:
        """``[body]_i``: at concrete sizes the vector of its entries; symbolically Σ_i e_i·body, which closes
        when the body holds e_i once (the sum of e_i e_iᵀ is the identity), and likewise e_j for a column."""
        indices = [node.index] if node.column is None else [node.index, node.column]
        whole = _whole(node)
        if whole is not None:  # [(A^Tb)_i]_i is A^Tb itself
            return self.expression(whole)
        lengths = self._lengths(node)
        if self._dims is not None:
            rows, cols = int(lengths[0]), int(lengths[-1]) if node.column is not None else 1
            if rows * cols > MAX_TERMS:
                raise errors.UnsupportedNotation(f"more than {MAX_TERMS} entries (they are not unrolled)", offset=node.span.start)
            entries = []
            for i in range(rows):
                row = []
                for j in range(cols):
                    self._index_values[node.index.name] = i
                    if node.column is not None:
                        self._index_values[node.column.name] = j
                    row.append(_scalar(self.expression(node.body)))
                entries.append(row)
            for index in indices:
                self._index_values.pop(index.name, None)
            return sympy.ImmutableMatrix(entries)
        units = [
            mx.MatrixSymbol(f"e_{self._naming.identifier('index:' + index.name)}", length, 1)
            for index, length in zip(indices, lengths)
        ]
        for index, unit in zip(indices, units):
            self._units[index.name] = unit
        try:
            body = _scalar(self.expression(node.body))
        finally:
            for index in indices:
                self._units.pop(index.name, None)
        value = units[0] * body if node.column is None else units[0] * body * mx.Transpose(units[1])
        poly = sympy_bridge.from_sympy(value, self._context)
        for unit, length in zip(units, lengths):
            poly = calculus.sum_over_index(self._builder, poly, unit.name, length)
        return sympy_bridge.to_sympy(poly)

    def _lengths(self, node: tree.Components) -> list[sympy.Expr]:
        rows_of = self.expression(node.rows_of)
        lengths = [rows_of.shape[0] if _is_matrix(rows_of) else sympy.Integer(1)]
        if node.cols_of is not None:
            cols_of = self.expression(node.cols_of)
            lengths.append(cols_of.shape[1] if _is_matrix(cols_of) else sympy.Integer(1))
        return lengths

    def _element(self, node: tree.Indexed, owner: sympy.Basic) -> sympy.Basic:
        """``A_{ij}``: at unrolled positions the element itself, in a symbolic sum e_iᵀ A e_j."""
        assert node.column is not None
        row, column = node.index.name, node.column.name
        if row in self._index_values and column in self._index_values:
            i, j = self._index_values[row], self._index_values[column]
            if not (0 <= i < owner.shape[0] and 0 <= j < owner.shape[1]):
                raise errors.UnsupportedNotation(
                    f"a sum whose range runs past the {owner.shape[0]}×{owner.shape[1]} entries of {render.latex(node.symbol)}",
                    offset=node.span.start,
                )
            return owner[i, j]
        left, right = self._units.get(row), self._units.get(column)
        if left is None or right is None:
            raise errors.UnsupportedNotation(f"index {row if left is None else column} outside its sum", offset=node.span.start)
        if left.rows != owner.rows or right.rows != owner.cols:
            raise canonical.NotCanonical("a sum whose range is not the number of rows or columns")
        return mx.Trace(mx.Transpose(left) * owner * right)

    def _gradient(self, node: tree.Gradient) -> sympy.Basic:
        if node.wrt is None:
            raise errors.UnsupportedNotation("\\nabla without a variable", offset=node.span.start)
        variable = self.symbol(node.wrt.name)
        poly = self._canonical(self.expression(node.body), variable, node.order)
        if not isinstance(poly, canonical.Poly):
            return poly
        if node.order == 1:
            return sympy_bridge.to_sympy(calculus.gradient(self._builder, poly, variable))
        return sympy_bridge.to_sympy(calculus.hessian(self._builder, poly, variable))


    def _canonical(self, body: sympy.Basic, variable: sympy.Basic, order: int) -> canonical.Poly | sympy.Basic:
        """The canonical form of a body to differentiate; at concrete sizes, for a body written entry
        by entry (``\\sum_{k,l} a_{kl}x_{lk}``), its derivative taken entry by entry instead."""
        try:
            return sympy_bridge.from_sympy(body, self._context)
        except canonical.NotCanonical:
            if self._dims is None or order != 1 or not body.atoms(MatrixElement):
                raise
        explicit = _scalar(body).replace(lambda e: isinstance(e, mx.MatrixSymbol), lambda e: e.as_explicit()).doit()
        if not _is_matrix(variable):
            return sympy.diff(explicit, variable)
        rows, cols = variable.shape
        return sympy.ImmutableMatrix(rows, cols, lambda i, j: sympy.diff(explicit, variable[i, j]))


def _unit_vector(position: int, length: int) -> sympy.ImmutableMatrix:
    return sympy.ImmutableMatrix(length, 1, lambda i, _: 1 if i == position else 0)


def _whole(node: tree.Components) -> tree.Node | None:
    """The matrix expression whose entries ``node`` lists when its body is one entry of it at the same
    indices (``(Xw)_i`` over i, ``[A]_{ji}`` over i and j as Aᵀ); None otherwise."""
    body = node.body
    while isinstance(body, tree.Group) and len(body.items) == 1:
        body = body.items[0]
    if not isinstance(body, tree.Entry) or body.index.name != node.index.name:
        return None
    if body.column is None and node.column is None:
        return body.of
    if body.column is not None and node.column is not None and body.column.name == node.column.name:
        return body.of
    return None


def _pick(value: sympy.Basic, row: int, column: int) -> sympy.Basic:
    """Entry (row, column) of a matrix expression, without writing out the expression (an inverse
    written out entry by entry is slow): e_rowᵀ M e_column, with constant unit vectors."""
    if isinstance(value, (mx.MatrixSymbol, sympy.ImmutableMatrix)):
        return value[row, column]
    left = sympy.ImmutableMatrix(1, value.shape[0], lambda _, j: 1 if j == row else 0)
    right = sympy.ImmutableMatrix(value.shape[1], 1, lambda i, _: 1 if i == column else 0)
    return mx.Trace(mx.MatMul(left, value, right))


def _is_matrix(value: sympy.Basic) -> bool:
    return isinstance(value, mx.MatrixExpr)


def _scalar(value: sympy.Basic) -> sympy.Basic:
    if _is_matrix(value):
        if value.shape != (1, 1):
            raise errors.UnsupportedNotation("a matrix used as a number")
        return mx.Trace(value)
    return value


def _add(values: list[sympy.Basic]) -> sympy.Basic:
    if not values:  # a sum over an empty range
        return sympy.Integer(0)
    if any(_is_matrix(v) and v.shape != (1, 1) for v in values):
        values = [v for v in values if _is_matrix(v) or v != 0]
        if not all(_is_matrix(v) for v in values):  # the equation's sides had different shapes
            raise errors.UnsupportedNotation("a sum of a matrix and a number")
        return mx.MatAdd(*values).doit(deep=False) if len(values) > 1 else values[0]
    if all(_is_matrix(v) for v in values):
        return mx.MatAdd(*values) if len(values) > 1 else values[0]
    return sympy.Add(*(_scalar(v) for v in values))


def _multiply(left: sympy.Basic, right: sympy.Basic) -> sympy.Basic:
    if _is_matrix(left) and _is_matrix(right):
        if left.shape == (1, 1) and right.shape[0] != 1:
            return mx.Trace(left) * right
        if right.shape == (1, 1) and left.shape[1] != 1:
            return left * mx.Trace(right)
        return mx.MatMul(left, right)
    return left * right
