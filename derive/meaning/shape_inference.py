"""Shape inference for a document: the conventions for undeclared names, and one rule per kind of node."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from derive import errors, tree
from derive.meaning import conventions, unification
from derive.meaning.shapes import ELEMENTWISE, SCALAR, Dim, Mismatch, Shape, ShapeTable
from derive.reading import names, render

_Result = TypeVar("_Result")


class Inference:
    """Shape inference for every expression of one document.

    ``declared`` gives the shapes of declared symbols; other symbols follow the
    conventions: uppercase letters are matrices, Greek letters scalars, lowercase
    letters scalars unless their use makes them vectors (:meth:`find_vectors`).
    """

    def __init__(
        self,
        declared: Mapping[str, Shape],
        *,
        scalars: Iterable[str] = (),
        origins: Mapping[str, str] | None = None,
        functions: Mapping[str, tuple[tuple[str, ...], tree.Node]] | None = None,
    ) -> None:
        """``functions``: the document's definitions, name -> (parameters, body), for entrywise use."""
        self._functions = dict(functions or {})
        self._entrywise: dict[int, tuple[str, tree.Node]] = {}
        self._origins = dict(origins or {})
        self._dims = unification.Dimensions()
        self._declared = dict(declared)
        self._conventions = conventions.Conventions(self._declared, scalars)
        self._scalars = self._conventions.scalars
        self._vectors: set[str] = set()
        self._symbols: dict[str, Shape] = {}
        self._nodes: dict[int, tuple[tree.Node, Shape]] = {}
        self._node_log: list[tuple[int, tuple[tree.Node, Shape] | None]] = []  # undone when a reading fails
        self._resolved: dict[str, int] = {}
        self._transposed_powers: dict[int, tree.Node] = {}  # x^t read as a transpose
        self._final_names: dict[Dim, str] = {}  # unknowns left at the end, by the names finish() gives them
        self._depth = 0  # nesting of shape() and relate(): only the outermost call settles sizes of 1

    # -- which lowercase letters are vectors -----------------------------------------------

    def find_vectors(self, expressions: Iterable[tree.Node]) -> None:
        """Decide, from their use, which undeclared lowercase letters are vectors."""
        expressions = list(expressions)
        changed = True
        while changed:
            before = len(self._vectors)
            for expression in expressions:
                self._kind(expression)
            changed = len(self._vectors) != before

    def _undeclared_lowercase(self, node: tree.Node) -> str | None:
        return self._conventions.vector_candidate(node.name) if isinstance(node, tree.Symbol) else None

    def _mark(self, node: tree.Node) -> None:
        name = self._undeclared_lowercase(node)
        if name is not None:
            self._vectors.add(name)

    def _mark_scaled(self, term: tree.Node) -> None:
        """In a sum of vectors, ``b``, ``-b``, ``2b`` and ``\\alpha g`` make their letter a vector."""
        while isinstance(term, (tree.Neg, tree.Group)):
            term = term.operand if isinstance(term, tree.Neg) else term.items[0]
        if isinstance(term, tree.Mul):
            candidates = [f for f in term.factors if self._undeclared_lowercase(f) is not None]
            if len(candidates) > 1:  # \alpha g: the Greek letter is the coefficient
                candidates = [f for f in candidates if isinstance(f, tree.Symbol) and names.is_latin_lower(f.name)]
            others = [f for f in term.factors if f not in candidates]
            if len(candidates) == 1 and all(self._kind(f) == "scalar" for f in others):
                self._mark(candidates[0])
            return
        self._mark(term)

    def _kind(self, node: tree.Node) -> str:
        """``scalar``, ``vector``, ``row`` or ``matrix`` under the current guesses."""
        if isinstance(node, tree.Symbol):
            declared = self._conventions.declared_shape(node.name)
            if declared is not None:
                shape = declared
                return "scalar" if shape.is_scalar else "vector" if shape.cols == 1 else "row" if shape.rows == 1 else "matrix"
            if node.name in self._vectors or names.family(node.name) in self._vectors:
                return "vector"
            if self._conventions.is_matrix(node.name):
                return "matrix"
            return "scalar"
        if isinstance(node, (tree.Transpose, tree.Prime, tree.PseudoInverse)):
            self._mark(node.operand)
            inner = self._kind(node.operand)
            return {"vector": "row", "row": "vector"}.get(inner, inner)
        if isinstance(node, tree.Hadamard):
            kinds = [self._kind(factor) for factor in node.factors]
            widest = next((kind for kind in kinds if kind != "scalar"), "vector")
            for factor in node.factors:
                self._mark_scaled(factor)
            return widest
        if isinstance(node, tree.Mul):
            kinds = [self._kind(factor) for factor in node.factors]
            for previous, factor in zip(kinds, node.factors[1:]):
                if previous in ("matrix", "row"):
                    self._mark(factor)
            kinds = [self._kind(factor) for factor in node.factors]
            result = "scalar"
            for kind in kinds:
                result = _product_kind(result, kind)
            return result
        if isinstance(node, tree.Add):
            kinds = [self._kind(term) for term in node.terms]
            widest = next((kind for kind in kinds if kind != "scalar"), "scalar")
            if widest == "vector":
                for term in node.terms:
                    self._mark_scaled(term)
            return widest
        if isinstance(node, tree.Norm):
            self._mark(node.operand)
            self._kind(node.operand)
            return "scalar"
        if isinstance(node, tree.Gradient):
            self._kind(node.body)
            if node.order == 2:
                return "matrix"
            return self._kind(node.wrt) if node.wrt is not None else "vector"
        if isinstance(node, tree.Indexed):
            return "vector" if node.kind == "row" else "scalar"
        if isinstance(node, tree.Components):
            self._kind(node.body)
            return "vector" if node.column is None else "matrix"
        if isinstance(node, tree.Function):
            inner = self._kind(node.argument)
            if node.name == "diag":
                self._mark(node.argument)
                return "matrix"
            return inner if node.name in ELEMENTWISE else "scalar"
        if isinstance(node, (tree.Number, tree.Space, tree.Dots)):
            return "scalar"
        if isinstance(node, tree.Apply):
            template = self._scalar_function(node)
            if template is not None and (argument := self._kind(node.arguments[0])) != "scalar":
                return argument  # σ(Xθ): entry by entry
            return self._kind(node.body) if node.body is not None else "scalar"
        if isinstance(node, tree.Neg):
            return self._kind(node.operand)
        if isinstance(node, tree.Group):
            kinds = [self._kind(item) for item in node.items]
            return kinds[0] if len(kinds) == 1 else "scalar"
        if isinstance(node, (tree.Inverse,)):
            return self._kind(node.operand)
        if isinstance(node, tree.Power):
            self._kind(node.exponent)
            base = self._kind(node.base)
            if base != "scalar" and not node.entrywise and self._conventions.transposes(node):
                return {"vector": "row", "row": "vector"}.get(base, base)
            return "matrix" if base == "matrix" else "scalar"
        if isinstance(node, tree.Div):
            self._kind(node.denominator)
            return self._kind(node.numerator)
        if isinstance(node, (tree.Sum, tree.Derivative)):
            return self._kind(node.body)
        return "scalar"

    # -- unification -------------------------------------------------------------------------

    def symbol(self, name: str) -> Shape:
        """The shape of a symbol, creating unknown dimensions on first sight."""
        if name in self._symbols:
            return self._symbols[name]
        family = self._conventions.shares_shape(name)
        if name in self._declared:
            shape = self._declared[name]
        elif family is not None:
            shape = self.symbol(family)  # \hat\beta, x^*, x^{(i)}: the shape of β, x
        elif name in self._vectors:
            shape = Shape(self._dims.fresh(), 1)
        elif self._conventions.is_matrix(name):
            shape = Shape(self._dims.fresh(), self._dims.fresh())
        else:
            shape = SCALAR
        self._symbols[name] = shape
        return shape

    def shape(self, node: tree.Node) -> Shape:
        """Infer (and remember) the shape of ``node``.

        Raises:
            errors.ShapeError: a product, sum or inverse that cannot be formed.
            errors.UnsupportedNotation: a construct whose shape rules derive does not know.
        """
        if self._depth:
            result = self._infer(node)
            self._remember(node, result)
            return result
        return self._settled(lambda: self.shape(node))

    def relate(self, lhs: tree.Node, rhs: tree.Node) -> Mismatch | None:
        """Unify the shapes of two sides of a relation; a :class:`Mismatch` when they differ."""
        if self._depth:
            return self._related(lhs, rhs)
        return self._settled(lambda: self._related(lhs, rhs))

    def _remember(self, node: tree.Node, shape: Shape) -> None:
        self._node_log.append((id(node), self._nodes.get(id(node))))
        self._nodes[id(node)] = (node, shape)

    def _forget_since(self, mark: int) -> None:
        """Undo the shapes recorded since ``mark``: a node shared by two relations (an align row's
        operand) keeps the shape of the reading that succeeded, not fresh sizes of one that failed."""
        while len(self._node_log) > mark:
            key, previous = self._node_log.pop()
            if previous is None:
                self._nodes.pop(key, None)
            else:
                self._nodes[key] = previous

    def _settled(self, work: Callable[[], _Result]) -> _Result:
        """Run ``work`` with no free size taken to be 1; where it cannot be formed (or its sides
        differ) so, run it again allowing sizes of 1, and keep that reading only when it merely
        reads a guessed matrix as a vector or a scalar (Y in Xθ − Y, N in N/2).

        Raises:
            errors.OnlyWhenScalar: the expression can be formed only if an inferred vector had length 1.
            errors.ShapeError: it cannot be formed at all.
        """
        saved = self._dims.snapshot()
        mark = len(self._node_log)
        self._depth += 1
        try:
            try:
                outcome = work()
                if not isinstance(outcome, Mismatch):
                    return outcome
                rigid: Mismatch | errors.ShapeError = outcome
            except errors.ShapeError as problem:
                rigid = problem
            self._dims.restore(dict(saved))
            self._dims.ones_allowed = True
            try:
                retried = work()
                formed = True
            except errors.ShapeError:
                formed = False
            finally:
                self._dims.ones_allowed = False
            if not formed:
                self._dims.restore(saved)
                self._forget_since(mark)
                if isinstance(rigid, errors.ShapeError):
                    raise rigid
                return rigid  # type: ignore[return-value]
            vectors = self._collapsed_vectors(saved)
            if not vectors:
                return retried
            self._dims.restore(saved)
            self._forget_since(mark)
            if isinstance(rigid, Mismatch):
                return rigid  # type: ignore[return-value]
            shown = ", ".join(names.latex(name) for name in vectors)
            raise errors.OnlyWhenScalar(
                f"holds only when {shown} {'is a scalar' if len(vectors) == 1 else 'are scalars'} "
                f"(length 1): {rigid.message}",
                symbols=vectors,
                offset=rigid.offset,
            )
        finally:
            self._depth -= 1
            if not self._depth:
                self._node_log.clear()

    def _collapsed_vectors(self, saved: dict[Dim, Dim]) -> tuple[str, ...]:
        """The vectors (by their use or declaration) whose free length became 1 since ``saved``."""
        found = []
        for name, shape in sorted(self._symbols.items()):
            if 1 not in (shape.rows, shape.cols):
                continue  # a guessed matrix may turn out a vector or a scalar
            for dim in (shape.rows, shape.cols):
                if unification.is_unknown(self._dims.root_in(saved, dim)) and self._dims.find(dim) == 1:
                    found.append(name)
                    break
        return tuple(found)

    def _related(self, lhs: tree.Node, rhs: tree.Node) -> Mismatch | None:
        left = self._adaptive_zero(lhs, rhs)
        right = self._adaptive_zero(rhs, lhs)
        saved = self._dims.snapshot()
        if self._unify_shapes(left, right):
            return None
        self._dims.restore(saved)
        return Mismatch(self.resolved(left), self.resolved(right))

    def _adaptive_zero(self, node: tree.Node, other: tree.Node) -> Shape:
        if _is_zero(node):
            if _is_zero(other):
                self._remember(node, SCALAR)
                return SCALAR
            shape = self.shape(other)
            self._remember(node, shape)
            return shape
        return self.shape(node)

    def _unify_shapes(self, first: Shape, second: Shape) -> bool:
        return self._dims.unify(first.rows, second.rows) and self._dims.unify(first.cols, second.cols)

    def _is_scalar(self, shape: Shape) -> bool:
        return self._dims.find(shape.rows) == 1 and self._dims.find(shape.cols) == 1

    def _infer(self, node: tree.Node) -> Shape:  # noqa: C901 - one rule per node type
        if isinstance(node, tree.Symbol):
            if node.name == "I":
                size = self._dims.fresh()
                return Shape(size, size)
            if node.name == tree.ONES:  # \mathbf{1}: a column of ones, as long as its place needs
                return Shape(self._dims.fresh(), 1)
            return self.symbol(node.name)
        if isinstance(node, tree.Number):
            return SCALAR
        if isinstance(node, tree.Neg):
            return self.shape(node.operand)
        if isinstance(node, tree.Group):
            if len(node.items) != 1:
                raise errors.UnsupportedNotation("a tuple", offset=node.span.start)
            return self.shape(node.items[0])
        if isinstance(node, tree.Add):
            return self._sum(node)
        if isinstance(node, tree.Mul):
            return self._product(node)
        if isinstance(node, (tree.Transpose, tree.PseudoInverse)):
            return self.shape(node.operand).transposed()
        if isinstance(node, tree.Prime):
            shape = self.shape(node.operand)
            return shape.transposed() if node.order % 2 else shape
        if isinstance(node, tree.Hadamard):
            return self._elementwise_product(node)
        if isinstance(node, tree.Dots):
            raise errors.UnsupportedNotation("\\dots outside a tuple of partial derivatives", offset=node.span.start)
        if isinstance(node, tree.Inverse):
            return self._square(node.operand, "invert")
        if isinstance(node, tree.Power):
            return self._power(node)
        if isinstance(node, tree.Div):
            numerator = self.shape(node.numerator)
            denominator = self.shape(node.denominator)
            is_vector = self.resolved(denominator).cols == 1 or self.resolved(denominator).rows == 1
            if not self._is_scalar(denominator) and is_vector and (
                self._is_scalar(numerator) or self._unify_shapes(numerator, denominator)
            ):
                return denominator  # a / b of vectors, 1 / b: entry by entry
            if not self._is_scalar(denominator):
                raise errors.ShapeError(
                    f"cannot divide by {render.latex(node.denominator)}, a {self.resolved(denominator).describe()}",
                    offset=node.denominator.span.start,
                )
            return numerator
        if isinstance(node, tree.Norm):
            self.shape(node.operand)
            return SCALAR
        if isinstance(node, tree.Function):
            return self._function(node)
        if isinstance(node, tree.Apply):
            assert node.body is not None
            shapes = [self.shape(argument) for argument in node.arguments]
            self._refuse_softmax_of_a_matrix(node, shapes)
            template = self._scalar_function(node)
            if template is not None and not self._is_scalar(shapes[0]) and self._is_scalar(self.symbol(template[0])):
                # a function of a number applied to a vector or a matrix acts on each entry
                if not self._is_scalar(self.shape(template[1])):
                    raise errors.UnsupportedNotation(
                        f"{names.latex(node.function.name)} of a {self.resolved(shapes[0]).describe()}", offset=node.span.start
                    )
                self._entrywise[id(node)] = template
                return shapes[0]
            return self.shape(node.body)
        if isinstance(node, tree.Sum):
            if not isinstance(node.upper, tree.Extent):
                self.shape(node.upper)
            return self.shape(node.body)
        if isinstance(node, tree.Indexed):
            return self._indexed(node)
        if isinstance(node, tree.Components):
            return self._components(node)
        if isinstance(node, tree.Entry):
            vector = self.shape(node.of)
            if node.column is None and not self._dims.unify(vector.cols, 1):
                raise errors.UnsupportedNotation("an entry of a matrix expression", offset=node.span.start)
            return SCALAR
        if isinstance(node, tree.Gradient):
            return self._gradient(node)
        if isinstance(node, tree.Derivative):
            if not self._is_scalar(self.shape(node.wrt)):  # ∂f/∂x for a vector x is the gradient
                return self._gradient(tree.Gradient(node.body, node.wrt, node.order, node.span))
            return self.shape(node.body)
        raise errors.UnsupportedNotation(type(node).__name__, offset=node.span.start)

    def _sum(self, node: tree.Add) -> Shape:
        shapes = [None if _is_zero(term) else self.shape(term) for term in node.terms]
        known = [shape for shape in shapes if shape is not None]
        result = known[0] if known else SCALAR
        for term, shape in zip(node.terms, shapes):
            if shape is None:
                self._remember(term, result)
                continue
            if not self._unify_shapes(result, shape):
                raise errors.ShapeError(
                    f"cannot add {render.latex(term)}, a {self.resolved(shape).describe()}, "
                    f"to a {self.resolved(result).describe()}{self._bindings_note()}",
                    offset=term.span.start,
                )
        return result

    def _product(self, node: tree.Mul) -> Shape:
        result = self.shape(node.factors[0])
        so_far = node.factors[0]
        for factor in node.factors[1:]:
            shape = self.shape(factor)
            if self._is_scalar(result):
                result = shape
            elif self._is_scalar(shape):
                pass
            elif self._dims.unify(result.cols, shape.rows):
                result = Shape(result.rows, shape.cols)
            else:
                left, right = self.resolved(result), self.resolved(shape)
                raise errors.ShapeError(
                    f"cannot multiply {render.latex(so_far)} ({left}) by {render.latex(factor)} ({right}): "
                    f"{left.cols} columns against {right.rows} rows{self._bindings_note()}",
                    offset=factor.span.start,
                )
            so_far = tree.Mul((so_far, factor), tree.Span(node.span.start, factor.span.end))
        return result

    def _elementwise_product(self, node: tree.Hadamard) -> Shape:
        result = self.shape(node.factors[0])
        for factor in node.factors[1:]:
            shape = self.shape(factor)
            if not self._unify_shapes(result, shape):
                left, right = self.resolved(result), self.resolved(shape)
                raise errors.ShapeError(
                    f"cannot multiply elementwise a {left.describe()} and {render.latex(factor)}, a {right.describe()}",
                    offset=factor.span.start,
                )
        return result

    def _square(self, operand: tree.Node, verb: str) -> Shape:
        shape = self.shape(operand)
        if not self._dims.unify(shape.rows, shape.cols):
            raise errors.ShapeError(
                f"cannot {verb} {render.latex(operand)}: it is {self.resolved(shape)}, not square{self._bindings_note()}",
                offset=operand.span.start,
            )
        return shape

    def _power(self, node: tree.Power) -> Shape:
        exponent = self.shape(node.exponent)
        shape = self.shape(node.base)
        if self._is_scalar(shape) or node.entrywise:  # x^{∘2} has the shape of x
            if not self._is_scalar(exponent):
                raise errors.ShapeError(f"the exponent {render.latex(node.exponent)} is not a number", offset=node.exponent.span.start)
            return shape
        if self._conventions.transposes(node):
            self._transposed_powers[id(node)] = node
            return shape.transposed()
        if isinstance(node.exponent, tree.Number) and node.exponent.text.isdigit():
            return self._square(node.base, "raise to a power")
        raise errors.ShapeError(
            f"cannot raise {render.latex(node.base)}, a {self.resolved(shape).describe()}, to the power {render.latex(node.exponent)}",
            offset=node.span.start,
        )

    def _function(self, node: tree.Function) -> Shape:
        shape = self.shape(node.argument)
        if node.name in ("tr", "det"):
            self._square(node.argument, "take the " + ("trace" if node.name == "tr" else "determinant") + " of")
            return SCALAR
        if node.name == "rank":
            return SCALAR
        if node.name == "diag":
            if not self._dims.unify(shape.cols, 1):
                raise errors.UnsupportedNotation("diag of a matrix (only diag(v) of a vector)", offset=node.span.start)
            return Shape(shape.rows, shape.rows)
        if node.name in ELEMENTWISE or node.name in ("relu", "step"):
            return shape  # exp, log, sqrt, |·|, sin, cos and tanh of a matrix act entry by entry
        raise errors.UnsupportedNotation(f"\\operatorname{{{node.name}}}", offset=node.span.start)

    def _indexed(self, node: tree.Indexed) -> Shape:
        shape = self.symbol(node.symbol.name)
        if node.kind == "row":
            return Shape(shape.cols, 1)
        return SCALAR

    def _refuse_softmax_of_a_matrix(self, node: tree.Apply, shapes: list[Shape]) -> None:
        """softmax(Z), logsumexp(Z) of a matrix: notes normalise its rows or its columns, and derive
        does not guess which."""
        definition = self._functions.get(node.function.name)
        if definition is None or definition[0] != (f"z_{node.function.name}",) or len(shapes) != 1:
            return  # not the builtin, or the document's own function
        columns = self._dims.find(shapes[0].cols)
        if columns != 1 and not unification.is_unknown(columns):
            raise errors.UnsupportedNotation(
                f"{names.latex(node.function.name)} of a matrix: derive does not guess whether its rows or its columns "
                "are normalised; write \\operatorname{diag}(\\exp(Z)\\mathbf{1})^{-1}\\exp(Z) for rows, "
                "or apply it to a column",
                offset=node.span.start,
            )

    def _scalar_function(self, node: tree.Apply) -> tuple[str, tree.Node] | None:
        """The parameter and body of a one-parameter function the document defines on numbers, else None."""
        definition = self._functions.get(node.function.name)
        if definition is None or len(definition[0]) != 1 or len(node.arguments) != 1:
            return None
        (parameter,) = definition[0]
        declared = self._declared.get(parameter)
        if parameter in self._vectors or names.is_latin_upper(parameter) or (declared is not None and not declared.is_scalar):
            return None  # L(A) of a matrix A, f(x) of a vector x: not a function of numbers
        if any(isinstance(item, tree.Transpose) for item in tree.walk(definition[1])):
            return None  # softmax(z) = exp(z)/(1ᵀexp(z)) takes a vector whole
        return parameter, definition[1]

    def _components(self, node: tree.Components) -> Shape:
        if not self._is_scalar(self.shape(node.body)):
            raise errors.UnsupportedNotation(f"an entry {render.latex(node.body)} that is not a number", offset=node.span.start)
        rows = self.shape(node.rows_of).rows
        return Shape(rows, self.shape(node.cols_of).cols if node.cols_of is not None else 1)

    def _gradient(self, node: tree.Gradient) -> Shape:
        body = self.shape(node.body)
        if not self._is_scalar(body):
            raise errors.UnsupportedNotation(
                f"the gradient of a {self.resolved(body).describe()} (a Jacobian)", offset=node.span.start
            )
        if node.wrt is None:
            raise errors.UnsupportedNotation("\\nabla without a variable", offset=node.span.start)
        variable = self.shape(node.wrt)
        if node.order == 1:
            return variable
        if variable.cols != 1:
            raise errors.UnsupportedNotation("a Hessian with respect to a matrix", offset=node.span.start)
        return Shape(variable.rows, variable.rows)

    def _bindings_note(self) -> str:
        seen = []
        for name, shape in sorted(self._symbols.items()):
            if self.resolved(shape).is_scalar:
                continue
            origin = self._origins.get(name)
            seen.append(f"{names.latex(name)}: {self.resolved(shape)}" + (f" declared at {origin}" if origin else ""))
        return f" (shapes so far: {'; '.join(seen)})" if seen else ""

    # -- results -------------------------------------------------------------------------------

    def resolved(self, shape: Shape) -> Shape:
        """``shape`` with unknowns replaced by what unification found (``?k`` left as is)."""
        return Shape(self._dims.find(shape.rows), self._dims.find(shape.cols))

    def named(self, shape: Shape) -> Shape:
        """``shape`` with its unknowns named as :meth:`finish` names them (``d1``, ``d2``, …)."""
        return Shape(self._final_dim(shape.rows), self._final_dim(shape.cols))

    def named_text(self, text: str) -> str:
        """``text`` (a message written during inference) with its ``?k`` unknowns named as :meth:`finish` names them."""
        return re.sub(r"\?\d+", lambda found: str(self._final_dim(found.group())), text)

    def _final_dim(self, dim: Dim) -> Dim:
        root = self._dims.find(dim)
        if not unification.is_unknown(root):
            return root
        if root not in self._final_names:
            taken = {d for shape in self._declared.values() for d in (shape.rows, shape.cols)}
            taken |= set(self._final_names.values())
            index = len(self._final_names) + 1
            while f"d{index}" in taken:
                index += 1
            self._final_names[root] = f"d{index}"
        return self._final_names[root]

    def finish(self) -> ShapeTable:
        """Freeze the result: unknown dimensions that remain get names ``d1``, ``d2``, …"""
        final = self._final_dim
        symbols = {name: Shape(final(s.rows), final(s.cols)) for name, s in self._symbols.items()}
        nodes = {key: (node, Shape(final(s.rows), final(s.cols))) for key, (node, s) in self._nodes.items()}
        return ShapeTable(symbols, nodes, dict(self._transposed_powers), dict(self._entrywise))


def _product_kind(left: str, right: str) -> str:
    if left == "scalar":
        return right
    if right == "scalar":
        return left
    table = {
        ("matrix", "matrix"): "matrix",
        ("matrix", "vector"): "vector",
        ("row", "vector"): "scalar",
        ("row", "matrix"): "row",
        ("vector", "row"): "matrix",
    }
    return table.get((left, right), "matrix")


def _is_zero(node: tree.Node) -> bool:
    while isinstance(node, (tree.Neg, tree.Group)) and not (isinstance(node, tree.Group) and len(node.items) != 1):
        node = node.operand if isinstance(node, tree.Neg) else node.items[0]
    return isinstance(node, tree.Number) and node.text in ("0", "0.0")
