"""Canonical polynomials as NumPy or TensorFlow source: matrix products, entrywise functions, coefficients.

Vectors are 1-D arrays. Entrywise functions print in a numerically stable form: σ(z) as
``0.5 + 0.5 tanh(z/2)`` (``tf.math.sigmoid``), softplus(z) as ``max(z, 0) + log1p(exp(-|z|))``
(``tf.math.softplus``), so that log σ(z) = z - softplus(z) stays finite where
``log(1/(1 + exp(-z)))`` overflows. The argument of each function is computed once, as a local
``z0 = X @ theta`` ahead of the ``return``; ``diag(v)`` multiplies by broadcasting, never as an
N×N matrix.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from derive import errors, tree
from derive.deriving import cost, instances
from derive.symbolic import canonical, entrywise, named_functions, printing, sympy_bridge

if TYPE_CHECKING:
    from derive.deriving.derivation import Derivation
    from derive.deriving.problems import Problem

STABLE = {  # a named function of the local z, per backend: none of them overflows
    # σ(z) = (1 + tanh(z/2))/2: as fast as 1/(1 + exp(-z)), exact to 1e-17 absolute, never exp(-z) overflowing
    named_functions.SIGMA: ("0.5 + 0.5 * np.tanh(0.5 * {0})", "tf.math.sigmoid({0})"),
    named_functions.COMPLEMENT: ("0.5 - 0.5 * np.tanh(0.5 * {0})", "tf.math.sigmoid(-{0})"),
    # softplus(z) = max(z, 0) + log(1 + e^{-|z|}): log σ(z) = z - softplus(z) stays finite
    named_functions.SOFTPLUS: ("np.maximum({0}, 0.0) + np.log1p(np.exp(-np.abs({0})))", "tf.math.softplus({0})"),
    named_functions.EXP: ("np.exp({0})", "tf.exp({0})"),
    named_functions.TANH: ("np.tanh({0})", "tf.tanh({0})"),
    named_functions.TANH_PRIME: ("1.0 - np.tanh({0}) ** 2", "1.0 - tf.tanh({0}) ** 2"),
    named_functions.TANH_CURVATURE: ("np.tanh({0}) * (1.0 - np.tanh({0}) ** 2)", "tf.tanh({0}) * (1.0 - tf.tanh({0}) ** 2)"),
    # σ(1 - σ) = e^{-|z|}/(1 + e^{-|z|})²: relative precision even where it is 1e-130 (the Hessian's weights),
    # no overflow, and 7× faster than exp(-logaddexp(0, z) - logaddexp(0, -z))
    named_functions.SIGMA_PRIME: (
        "np.exp(-np.abs({0})) / (1.0 + np.exp(-np.abs({0}))) ** 2", "tf.math.sigmoid({0}) * tf.math.sigmoid(-{0})"
    ),
}
_ARGUMENT = sympy.Symbol("entrywise_argument")  # stands for the local z in a function's SymPy form


@dataclasses.dataclass(frozen=True)
class Item:
    """A factor of a product in code, or a value computed on the way: its code, its size and what it is.

    ``key`` says which value it holds and ``tkey`` which value its transpose is (see :mod:`cost`), so
    that a product computed once is found again. ``flipped`` names a plain matrix whose transpose this
    is, for TensorFlow's ``transpose_a``; ``solves`` the matrix an inverse inverts (P⁻¹R is a solve);
    ``flops`` what the code itself costs each time it runs (an inverse, a function of every entry).
    """

    code: str
    rows: sympy.Expr
    cols: sympy.Expr
    diagonal: bool = False
    ones: bool = False
    flipped: str | None = None
    key: cost.Key = ()
    tkey: cost.Key = ()
    solves: str | None = None
    flops: sympy.Expr = sympy.Integer(0)

    def __post_init__(self) -> None:
        if not self.key:  # a value known only by its code: a vector's transpose is the same 1-D array
            key = (("code", self.code, self.rows, self.cols),)
            same = self.diagonal or 1 in (self.rows, self.cols)
            tkey = (("code", self.code, self.cols, self.rows),) if same else (("code^T", self.code),)
            object.__setattr__(self, "key", key)
            object.__setattr__(self, "tkey", key if self.diagonal else tkey)


def _wrapped(code: str) -> str:
    return f"({code})" if " " in code and not (code.startswith("(") and code.endswith(")")) else code


def _keys(items: Sequence[Item]) -> tuple[cost.Key, cost.Key]:
    """What a product of ``items`` is, and what its transpose is."""
    return sum((item.key for item in items), ()), sum((item.tkey for item in reversed(items)), ())


@dataclasses.dataclass(frozen=True)
class _Part:
    """One part of a planned sum: a product as it stands (``items``), or a factor times a planned sum."""

    value: sympy.Expr = sympy.Integer(1)
    items: tuple[Item, ...] = ()
    factor: Item | None = None
    left: bool = True  # the factor multiplies from the left
    inner: tuple[_Part, ...] = ()
    rows: sympy.Expr = sympy.Integer(1)  # the inner sum's size
    cols: sympy.Expr = sympy.Integer(1)


class Printer:
    """Canonical polynomials as Python expressions for one backend (vectors are 1-D arrays).

    Each function is printed twice: the first time counts which products it computes more than
    once, the second computes those as locals (``u0 = A @ x``) and adds up the flops.
    """

    def __init__(self, problem: Problem, backend: str) -> None:
        self.problem = problem
        self.numpy = backend == "numpy"
        names = instances.python_names(problem)
        self.arguments = tuple(names[name] for name in sorted(names, key=lambda n: list(names).index(n)))
        self.ids = {problem.naming.identifier(name): code for name, code in names.items()}
        self.dims: dict[str, str] = {}
        self.builder = canonical.Builder(problem.context)
        translator = problem.translator(problem.objective)
        for name, shape in problem.shapes.items():
            for dim, axis in ((shape.rows, 0), (shape.cols, 1 if shape.rows != 1 else 0)):
                if isinstance(dim, str) and not shape.is_scalar:
                    self.dims.setdefault(str(translator.dim(dim)), f"{names[name]}.shape[{axis}]")
        self._begin(frozenset())

    def _begin(self, shared: frozenset[frozenset[cost.Key]]) -> None:
        self.locals: dict[object, tuple[str, str]] = {}  # what a local holds -> its name and code
        self.values: dict[cost.Key, Item] = {}  # the locals that hold products, by what they hold
        self.uses: collections.Counter[frozenset[cost.Key]] = collections.Counter()
        self.shared = shared  # products used more than once: computed once, as locals
        self.computed: set[cost.Key] = set()  # what the products printed so far hold
        self.flops: sympy.Expr = sympy.Integer(0)

    def module(self, derivation: Derivation) -> str:
        problem = derivation.problem
        kind = "NumPy arrays" if self.numpy else "float64 TensorFlow tensors"
        lines = [
            f"# Generated by derive from {problem.head()} = {' '.join(problem.text.split())}",
            f"# Arguments are {kind}; vectors are 1-D. Checked against TensorFlow GradientTape.",
            "# Each function's flops: leading terms of its count, in the document's sizes.",
            "import numpy as np" if self.numpy else "import tensorflow as tf",
        ]
        signature = ", ".join(self.arguments)
        parts = [("objective", derivation.expanded), ("gradient", derivation.gradient)]
        parts += [("hessian", derivation.hessian)] if derivation.hessian is not None else []
        for name, poly in parts:
            returned, shown = self.function(poly), problem.latex(poly)
            if name == "objective":  # as the author wrote it, where that is cheaper than expanded: rᵀWr
                expanded = (returned, shown, self.flops, self.locals)
                written = self.as_written(problem.translator(problem.objective).value(problem.objective))
                if written is None or not cost.size(self.flops) < cost.size(expanded[2]):
                    returned, shown, self.flops, self.locals = expanded
                else:
                    returned, shown = written, problem.text
            lines += ["", "", f"def {name}({signature}):", f"    # {' '.join(shown.split())}"]
            lines += [f"    # flops: {self.flop_count()}"] if self.flops != 0 else []  # numbers: a few flops
            lines += [f"    {local} = {code}" for local, code in self.locals.values()]
            lines += [f"    return {returned}"]
        return "\n".join(lines) + "\n"

    def function(self, poly: canonical.Poly) -> str:
        """The body's returned expression; :attr:`locals` and :attr:`flops` describe the rest."""
        self._begin(frozenset())
        self._body(poly)
        self._begin(frozenset(value for value, count in self.uses.items() if count > 1))
        return self._body(poly)

    def _body(self, poly: canonical.Poly) -> str:
        for word in [*poly.terms, *self._scalar_words(poly)]:
            for atom in word:
                if entrywise.is_entrywise(atom):
                    self.local(entrywise.argument(atom))  # first, so that yᵀXθ can use z0 = Xθ
        return self.poly(poly)

    def flop_count(self) -> str:
        """:attr:`flops` in the document's names of the sizes, highest order first."""
        names = {}
        flops = cost.as_expr(self.flops)
        for symbol in flops.free_symbols:
            name = self.problem.dimension(symbol)
            names[symbol] = sympy.Symbol(name if name.isidentifier() else str(symbol))
        count = sympy.expand(flops.xreplace(names))
        if count == 0:
            return "0"
        def degree(term: sympy.Expr) -> int:
            return sum(int(power) for base, power in term.as_powers_dict().items() if isinstance(base, sympy.Symbol))

        terms = sorted(sympy.Add.make_args(count), key=lambda term: (-degree(term), str(term)))
        return " + ".join(str(term).replace("**", "^") for term in terms).replace("+ -", "- ")

    def call(self, numpy: str, tensorflow: str, *arguments: str) -> str:
        return f"{numpy if self.numpy else tensorflow}({', '.join(arguments)})"

    # -- matrices --------------------------------------------------------------------------------

    def poly(self, poly: canonical.Poly) -> str:
        if canonical.is_scalar(poly):
            return self.value(canonical.as_scalar(poly)) if poly.terms else "0.0"
        if any(atom.function for word in poly.terms for atom in word):
            return self._function_poly(poly)
        if poly.is_zero():
            shape = self.dim(poly.rows) if poly.cols == 1 else f"({self.dim(poly.rows)}, {self.dim(poly.cols)})"
            return f"np.zeros({shape})" if self.numpy else f"tf.zeros({shape}, dtype=tf.float64)"
        ordered = sorted(poly.terms.items(), key=lambda item: printing.term_key(item, self.problem.identifier))
        return self._sum([(value, [self._item(atom) for atom in word]) for word, value in ordered], poly.rows, poly.cols).code

    def identity(self, size: sympy.Expr) -> Item:
        code = f"np.eye({self.dim(size)})" if self.numpy else f"tf.eye({self.dim(size)}, dtype=tf.float64)"
        return Item(code, size, size, flops=size * size)

    def dim(self, dim: sympy.Expr) -> str:
        return str(int(dim)) if dim.is_Integer else self.dims[str(dim)]

    def word(self, word: canonical.Word) -> str:
        return self._product([self._item(atom) for atom in word]).code

    def atom(self, atom: canonical.Atom) -> str:
        if atom.inverse_of:
            return self.call("np.linalg.inv", "tf.linalg.inv", self.poly(canonical.thaw(atom.inverse_of, atom.rows)))
        name = self.ids[atom.name]
        if not atom.transposed:
            return name
        if 1 in (atom.rows, atom.cols):  # a 1-D vector is its own transpose
            return name
        return f"{name}.T" if self.numpy else f"tf.transpose({name})"

    def as_written(self, expression: sympy.Basic) -> str | None:
        """The objective's own SymPy form as code, its sums computed once as locals (``r0 = A @ x - b``),
        or None where it is more than traces, products and sums of products."""
        returned = None
        for second in (False, True):  # the first pass counts what is used twice, as function() does
            self._begin(frozenset(v for v, c in self.uses.items() if c > 1) if second else frozenset())
            try:
                item = self._written(expression)
            except (canonical.NotCanonical, errors.UnsupportedNotation, KeyError):
                return None
            returned = None if item is None else item.code
        return returned

    def _written(self, expression: sympy.Basic) -> Item | None:
        one = sympy.Integer(1)
        if isinstance(expression, sympy.Trace) and isinstance(expression.arg, sympy.MatMul):
            items = self._written_factors(expression.arg)
            if items is None:
                return None
            if items[0].rows == 1:  # tr(rᵀr) of a 1×1 product is the product
                return self._product(items)
            return Item(self._trace_of(items), one, one)
        if isinstance(expression, sympy.MatMul) and expression.shape == (1, 1):
            items = self._written_factors(expression)
            return None if items is None else self._product(items)
        if isinstance(expression, sympy.MatrixExpr):
            return None
        if isinstance(expression, sympy.Add):  # SymPy's MatAdd is an Add too: matrices are ruled out above
            parts = [self._written_term(term) for term in expression.args]
            if any(part is None for part in parts):
                return None
            self.flops += len(parts) - 1
            return Item(self._joined([part for part in parts if part is not None]), one, one)
        if isinstance(expression, sympy.Mul):
            part = self._written_term(expression)
            return None if part is None else Item(self._joined([part]), one, one)
        return None

    def _written_term(self, term: sympy.Expr) -> tuple[sympy.Expr, str] | None:
        """A number or symbols times a trace or a product, as (coefficient, code)."""
        number, rest = term.as_coeff_Mul()
        factors = [factor for factor in sympy.Mul.make_args(rest) if factor.has(sympy.MatrixExpr)]
        if len(factors) != 1 or any(isinstance(f, sympy.MatrixExpr) for f in sympy.Mul.make_args(rest) if f not in factors):
            return None
        value = number * sympy.Mul(*(f for f in sympy.Mul.make_args(rest) if f not in factors))
        item = self._written(factors[0])
        if item is None or value.has(sympy.MatrixExpr):
            return None
        self.flops += 0 if value in (1, -1) else 1
        return value, item.code

    def _written_factors(self, product: sympy.MatMul) -> list[Item] | None:
        """A product's factors: a plain product's own atoms, a sum as the local that holds it."""
        items: list[Item] = []
        for factor in _flattened(product):
            if not isinstance(factor, sympy.MatrixExpr):
                return None  # a number inside a product: written as expanded
            poly = sympy_bridge.from_sympy(factor, self.problem.context)
            if any(atom.function for word in poly.terms for atom in word):
                return None
            if len(poly.terms) == 1 and next(iter(poly.terms.values())) == 1:
                (word,) = poly.terms
                items += [self._item(atom) for atom in word]
            else:
                items.append(self._sum_local(poly))
        return items

    def _sum_local(self, poly: canonical.Poly) -> Item:
        """A sum in a product (Ax - b), computed once: its transpose is the same local's."""
        if poly.rows == 1 and poly.cols != 1:  # (Ax - b)ᵀ: the column is the local
            return self._transposed(self._sum_local(self.builder.transpose(poly)))
        transposed = self.builder.transpose(poly)
        if _transposes(transposed) < _transposes(poly):  # (AXB - C)ᵀ: the plain one is the local
            return self._transposed(self._sum_local(transposed))
        key = (("sum", canonical.freeze(poly)),)
        tkey = (("sum", canonical.freeze(transposed)),)
        if key in self.values:
            return self.values[key]
        if tkey in self.values:
            return self._transposed(self.values[tkey])
        name = f"r{sum(1 for known in self.locals if isinstance(known, tuple) and known[:1] == ('sum',))}"
        while name in self.arguments:
            name += "_"
        self.locals[("sum", key)] = (name, self.poly(poly))
        self.values[key] = Item(name, poly.rows, poly.cols, key=key, tkey=tkey)
        return self.values[key]

    # -- products: their order, and the ones computed once ----------------------------------------

    def _product(self, items: Sequence[Item]) -> Item:
        """The product in its cheapest order (:func:`cost.chain`), reusing what this function has computed."""
        if len(items) == 1:
            return self._leaf(items[0])
        return self._fold(items, cost.chain(items, known=self._known()).tree)

    def _known(self) -> set[cost.Key]:
        """Products this function has computed, or will: the shared ones are computed once in any case,
        and one computed already is used again rather than another order (the first pass finds it shared)."""
        return {*self.values, *self.computed, *(key for value in self.shared for key in value)}

    def _fold(self, items: Sequence[Item], tree: cost.Tree) -> Item:
        if isinstance(tree, int):
            return self._leaf(items[tree])
        first, last = cost.span(tree)
        key, tkey = _keys(items[first:last])
        if key in self.values:
            return self.values[key]
        if tkey in self.values:
            return self._transposed(self.values[tkey])
        left_tree, right_tree = tree
        left_key, _ = _keys(items[slice(*cost.span(left_tree))])
        right_key, right_tkey = _keys(items[slice(*cost.span(right_tree))])
        if left_key == right_tkey:  # (Ax)ᵀ(Ax), (BA)ᵀ(BA): one half, and BLAS's symmetric product
            right = self._fold(items, right_tree)
            if not isinstance(right_tree, int):
                self.uses[frozenset((right_key, right_tkey))] += 1
            left = self._transposed(right)
        else:
            left, right = self._fold(items, left_tree), self._fold(items, right_tree)
        self.flops += cost.multiply(left, right, gram=left_key == right_tkey)
        result = dataclasses.replace(self._times(left, right), key=key, tkey=tkey)
        value = frozenset((key, tkey))
        self.uses[value] += 1
        self.computed.update(value)
        return self._store(result) if value in self.shared else result

    def _leaf(self, item: Item) -> Item:
        self.flops += item.flops
        return item

    def _store(self, item: Item) -> Item:
        """A local that holds ``item``'s value; later products find it by its keys."""
        name = f"u{sum(1 for key in self.locals if _is_product(key))}"
        while name in self.arguments:
            name += "_"
        self.locals[("product", item.key)] = (name, item.code)
        stored = Item(name, item.rows, item.cols, diagonal=item.diagonal, key=item.key, tkey=item.tkey)
        self.values[item.key] = stored
        return stored

    def _transposed(self, item: Item) -> Item:
        swapped: dict[str, Any] = {"rows": item.cols, "cols": item.rows, "key": item.tkey, "tkey": item.key}
        if item.diagonal or 1 in (item.rows, item.cols):  # a 1-D vector is its own transpose
            return dataclasses.replace(item, **swapped)
        if item.flipped:
            return Item(item.flipped, **swapped)
        code = f"{_wrapped(item.code)}.T" if self.numpy else f"tf.transpose({item.code})"
        return Item(code, flipped=item.code if item.code.isidentifier() else None, **swapped)

    def _trace(self, word: canonical.Word) -> str:
        return self._trace_of([self._item(atom) for atom in word])

    def _trace_of(self, items: list[Item]) -> str:
        """tr(LR) as the sum of L ⊙ Rᵀ where that is cheaper than the product: tr(MᵀM) = Σ M²."""
        flops, split = cost.chain(items, known=self._known()).flops + items[0].rows, None
        for turn in range(len(items)):
            rotated = items[turn:] + items[:turn]
            for cut in range(1, len(rotated)):
                left, right = rotated[:cut], rotated[cut:]
                gram = _keys(left)[0] == _keys(right)[1]
                candidate = (0 if gram else cost.chain(left, known=self._known()).flops)
                candidate += cost.chain(right, known=self._known()).flops + 2 * left[0].rows * left[-1].cols
                better = cost.size(candidate) < cost.size(flops)
                if better or (gram and cost.size(candidate) == cost.size(flops) and not (split and split[2])):
                    flops, split = candidate, (left, right, gram)  # a tie goes to Σ R ⊙ R
        if split is None:
            product = self._product(items)
            self.flops += items[0].rows
            return self.call("np.trace", "tf.linalg.trace", product.code)
        left, right, gram = split
        second = self._product(right)
        first = self._transposed(second) if gram else self._product(left)
        self.flops += 2 * first.rows * first.cols
        if gram:  # tr(RᵀR) = Σ R ⊙ R
            plain = second.flipped or _wrapped(second.code)  # Σ R ⊙ R = Σ Rᵀ ⊙ Rᵀ
            if self.numpy:  # BLAS's dot of the entries: no temporary R ⊙ R
                return f"np.vdot({plain}, {plain})"
            return f"tf.reduce_sum({plain} * {plain})"
        transposed = _wrapped(self._transposed(second).code)
        return self.call("np.sum", "tf.reduce_sum", f"{_wrapped(first.code)} * {transposed}")

    # -- sums: factored where that is cheaper ----------------------------------------------------

    def _sum(self, terms: list[tuple[sympy.Expr, list[Item]]], rows: sympy.Expr, cols: sympy.Expr) -> Item:
        _, parts = self._plan(tuple((value, tuple(items)) for value, items in terms), rows, cols)
        return self._print_parts(parts, rows, cols)

    def _plan(
        self, terms: tuple[tuple[sympy.Expr, tuple[Item, ...]], ...], rows: sympy.Expr, cols: sympy.Expr, depth: int = 0
    ) -> tuple[sympy.Expr, tuple[_Part, ...]]:
        """The cheapest of: the products as they stand, or a factor common to some of them taken out
        on the left or the right (2AᵀAx - 2Aᵀb as 2Aᵀ(Ax - b)), tried again inside."""
        parts = tuple(_Part(value, items) for value, items in terms)
        best = (self._sum_flops(parts, rows, cols, [cost.chain(items).flops if items else rows * cols for _, items in terms]), parts)
        if depth >= 3:
            return best
        for left in (True, False):
            groups: dict[cost.Key, list[int]] = collections.defaultdict(list)
            for index, (_, items) in enumerate(terms):
                if len(items) > 1:
                    groups[(items[0] if left else items[-1]).key].append(index)
            for members in groups.values():
                if len(members) < 2:
                    continue
                factor = terms[members[0]][1][0 if left else -1]
                inner_terms = tuple((terms[i][0], terms[i][1][1:] if left else terms[i][1][:-1]) for i in members)
                inner_rows, inner_cols = (factor.cols, cols) if left else (rows, factor.rows)
                inner_flops, inner = self._plan(inner_terms, inner_rows, inner_cols, depth + 1)
                shape = cost.Shape(inner_rows, inner_cols, (), ())
                flops = inner_flops + (cost.multiply(factor, shape) if left else cost.multiply(shape, factor))
                part = _Part(factor=factor, left=left, inner=inner, rows=inner_rows, cols=inner_cols)
                rest = tuple(terms[i] for i in range(len(terms)) if i not in members)
                if rest:
                    rest_flops, rest_parts = self._plan(rest, rows, cols, depth + 1)
                    flops, candidate = flops + rest_flops + rows * cols, (part, *rest_parts)
                else:
                    candidate = (part,)
                if cost.size(flops) < cost.size(best[0]):
                    best = (flops, candidate)
        return best

    @staticmethod
    def _sum_flops(parts: tuple[_Part, ...], rows: sympy.Expr, cols: sympy.Expr, products: list[sympy.Expr]) -> sympy.Expr:
        """The products, then one flop an entry for each sign, scaling and addition (a common number once)."""
        common = _common_number([part.value for part in parts])
        scalings = sum(1 for part in parts if part.value / common not in (1, -1)) + (common != 1)
        return sum(products, sympy.Integer(0)) + (len(parts) - 1 + scalings) * rows * cols

    def _print_parts(
        self, parts: Sequence[_Part], rows: sympy.Expr, cols: sympy.Expr, divided: sympy.Expr = sympy.Integer(1)
    ) -> Item:
        """The planned sum, a number common to all its coefficients applied once, last: 2 * (A.T @ (A @ x - b))."""
        values = [value / divided for value in _values(parts)]
        common = _common_number(values) if len(values) > 1 else sympy.Integer(1)
        pieces = []
        identity: sympy.Expr | None = None  # the coefficient of I, added to a diagonal rather than built
        for part in parts:
            if part.factor is not None:
                inner = self._print_parts(part.inner, part.rows, part.cols, divided * common)
                factor = self._leaf(part.factor)
                left, right = (factor, inner) if part.left else (inner, factor)
                self.flops += cost.multiply(left, right)
                pieces.append((sympy.Integer(1), self._times(left, right).code))
            elif not part.items and identity is None and len(parts) > 1:
                identity = part.value / divided / common
            else:
                body = self._product(part.items) if part.items else self._leaf(self.identity(rows))
                pieces.append((part.value / divided / common, body.code))
        self.flops += (len(pieces) - 1 + sum(1 for value, _ in pieces if value not in (1, -1))) * rows * cols
        text = self._joined(pieces)
        if identity is not None:
            text = self._plus_diagonal(text, identity, rows)
        if common != 1:
            self.flops += rows * cols
            text = f"{self.value(common, 1)} * {_wrapped(text)}"
        return Item(text, rows, cols)

    def _plus_diagonal(self, matrix: str, value: sympy.Expr, size: sympy.Expr) -> str:
        """``matrix + value I`` with the value added to the diagonal of a local (n flops, no n×n
        identity built): ``h0 = A.T @ A`` then ``h0[np.diag_indices_from(h0)] += λ`` in NumPy, in place
        (the local is a fresh array, never an argument), ``tf.linalg.set_diag`` in TensorFlow."""
        self.flops += size
        name = f"h{sum(1 for known in self.locals if isinstance(known, tuple) and known[:1] == ('diagonal',))}"
        while name in self.arguments:
            name += "_"
        copied = matrix in self.arguments or matrix.removesuffix(".T") in self.arguments
        held = f"np.array({matrix})" if copied and self.numpy else matrix  # an argument is never changed
        self.locals[("diagonal", name)] = (name, held)
        negative = value.as_coeff_Mul()[0] < 0
        change = f"{'-' if negative else '+'} {self.value(-value if negative else value, 1)}"
        if self.numpy:
            entries = f"{name}[np.diag_indices_from({name})]"
            self.locals[("diagonal", name, "add")] = (entries, f"{entries} {change}")
            return name
        return f"tf.linalg.set_diag({name}, tf.linalg.diag_part({name}) {change})"

    def _joined(self, pieces: Sequence[tuple[sympy.Expr, str]]) -> str:
        shown = []
        for value, body in pieces:
            if value == 1:
                shown.append(body)
            elif value == -1:
                shown.append(f"-{_wrapped(body)}")
            else:
                number = value.as_coeff_Mul()[0]
                scale = self.value(value if number > 0 else -value, 1)
                shown.append(f"{'' if number > 0 else '-'}{scale} * {_wrapped(body)}")
        text = shown[0]
        for piece in shown[1:]:
            text += f" - {piece[1:]}" if piece.startswith("-") else f" + {piece}"
        return text

    # -- entrywise functions and diag -------------------------------------------------------------

    def _function_poly(self, poly: canonical.Poly) -> str:
        """Terms gathered into named functions (σ(z) - y, not 𝟏 - [1/(1 + e^z)] - y), then planned as
        any sum (``X.T @ (σ(z) - y)``: one product with X, as a hand-written gradient has)."""
        terms: list[tuple[sympy.Expr, list[Item]]] = []
        gathered: set[canonical.Word] = set()
        for group in named_functions.groups(poly):
            function, a, b = group.split
            if function is None:
                continue
            gathered.update(group.words)
            z = self.local(group.argument)
            value = STABLE[function][0 if self.numpy else 1].format(z)
            shift = b / a  # scale·(a·g + b) = (scale·a)·(g + b/a)
            value = value if shift == 0 else f"{value} {'-' if shift < 0 else '+'} {self.value(abs(shift), 1)}"
            size = group.argument.rows
            if group.kind == named_functions.DIAGONAL:
                middle = [Item(value, size, size, diagonal=True, flops=size)]
            elif group.kind == named_functions.ROW:  # f(P)ᵀ, P a column or a matrix
                middle = [Item(value, group.argument.cols, size, flops=size * group.argument.cols)]
            else:
                middle = [Item(value, size, group.argument.cols, flops=size * group.argument.cols)]
            terms.append((group.scale * a, [self._item(atom) for atom in group.left] + middle
                          + [self._item(atom) for atom in group.right]))
        terms += [(value, [self._item(atom) for atom in word]) for word, value in poly.terms.items()
                  if word not in gathered]
        return self._sum(terms, poly.rows, poly.cols).code

    @staticmethod
    def _scalar_words(poly: canonical.Poly) -> list[canonical.Word]:
        """The words inside a polynomial's coefficients (its scalar terms yᵀXθ, 𝟏ᵀsoftplus(Xθ))."""
        words = []
        for value in poly.terms.values():
            for symbol in canonical.matrix_scalars(value):
                stands_for = canonical.meaning(symbol)
                if stands_for is not None and stands_for.kind != "det":
                    words.append(stands_for.word)
        return words

    def local(self, argument: canonical.Poly) -> str:
        """The name of the local that holds an entrywise function's argument, computed once per function."""
        key = canonical.freeze(argument)
        if key not in self.locals:
            code = self.poly(argument)  # first: it may take locals of its own (exp(XW)𝟏 needs XW)
            name = f"z{sum(1 for known in self.locals if not _is_product(known))}"
            while name in self.arguments:
                name += "_"
            self.locals[key] = (name, code)
            if len(argument.terms) == 1 and next(iter(argument.terms.values())) == 1:  # z0 = Xθ: products find it
                (word,) = argument.terms
                held = Item(name, argument.rows, argument.cols, key=canonical.word_key(word),
                            tkey=canonical.word_key(self.builder.transpose_word(word)))
                self.values[held.key] = held
        return self.locals[key][0]

    def _item(self, atom: canonical.Atom) -> Item:
        keys: dict[str, Any] = {"key": (atom.key,), "tkey": (self.builder.transpose_word((atom,))[0].key,)}
        if atom.function == entrywise.DIAGONAL:
            vector = entrywise.argument(atom)
            return Item(_wrapped(self.poly(vector)), atom.rows, atom.cols, diagonal=True, **keys)
        if atom.function:
            name = named_functions.name_of(entrywise.function_of(atom))
            z = self.local(entrywise.argument(atom))
            if name is not None:
                code = STABLE[name][0 if self.numpy else 1].format(z)
            else:
                function = entrywise.to_sympy_function(atom)
                self.ids[_ARGUMENT.name] = z
                code = self.value(function.expr.xreplace({function.variables[0]: _ARGUMENT}))
            return Item(code, atom.rows, atom.cols, flops=atom.rows * atom.cols, **keys)
        if atom.name == tree.ONES:
            size = self.dim(atom.cols if atom.transposed else atom.rows)
            ones = f"np.ones({size})" if self.numpy else f"tf.ones({size}, dtype=tf.float64)"
            return Item(ones, atom.rows, atom.cols, ones=True, **keys)
        if atom.inverse_of:
            matrix = self.poly(canonical.thaw(atom.inverse_of, atom.rows))
            return Item(self.atom(atom), atom.rows, atom.cols, solves=matrix, flops=atom.rows**3, **keys)
        plain = atom.transposed and 1 not in (atom.rows, atom.cols)
        return Item(self.atom(atom), atom.rows, atom.cols, flipped=self.ids[atom.name] if plain else None, **keys)

    def _times(self, left: Item, right: Item) -> Item:  # noqa: C901 - one rule per kind of factor
        rows, cols = left.rows, right.cols
        a, b = _wrapped(left.code), _wrapped(right.code)
        if left.diagonal and right.diagonal:
            return Item(f"{a} * {b}", rows, cols, diagonal=True)
        if left.diagonal:  # diag(v) M scales the rows of M
            return Item(f"{a} * {b}" if cols == 1 else f"{a}[:, None] * {b}", rows, cols)
        if right.diagonal:  # M diag(v) scales its columns
            return Item(f"{a} * {b}", rows, cols)
        if rows == 1 and cols == 1 and (left.ones or right.ones):  # 𝟏ᵀv sums v
            return Item(self.call("np.sum", "tf.reduce_sum", right.code if left.ones else left.code), rows, cols)
        if left.cols == 1 and right.rows == 1:
            return Item(f"np.outer({a}, {b})" if self.numpy else f"{a}[:, None] * {b}", rows, cols)
        if self.numpy:
            if left.solves is not None:  # P⁻¹R as a solve
                return Item(f"np.linalg.solve({left.solves}, {right.code})", rows, cols)
            return Item(f"{a} @ {b}", rows, cols)
        if rows == 1 and cols == 1:  # eager tensordot reshapes and transposes first: 1.5× this on short vectors
            return Item(f"tf.reduce_sum({a} * {b})", rows, cols)
        if cols == 1:
            matrix, flag = (left.flipped, ", transpose_a=True") if left.flipped else (left.code, "")
            return Item(f"tf.linalg.matvec({matrix}, {right.code}{flag})", rows, cols)
        if rows == 1:  # vᵀM = (Mᵀv)ᵀ, a 1-D vector either way
            matrix, flag = (right.flipped, "") if right.flipped else (right.code, ", transpose_a=True")
            return Item(f"tf.linalg.matvec({matrix}, {left.code}{flag})", rows, cols)
        first, flag_a = (left.flipped, ", transpose_a=True") if left.flipped else (left.code, "")
        second, flag_b = (right.flipped, ", transpose_b=True") if right.flipped else (right.code, "")
        return Item(f"tf.linalg.matmul({first}, {second}{flag_a}{flag_b})", rows, cols)


    # -- scalars ---------------------------------------------------------------------------------

    def value(self, expression: sympy.Expr, level: int = 0) -> str:  # noqa: C901 - one rule per SymPy type
        """A coefficient; ``level`` 1 inside a product, 2 as the base of a power."""
        if expression.is_Integer:
            text = str(int(expression))
            return f"({text})" if level and expression < 0 else text
        if expression.is_Rational:
            return f"({expression.p} / {expression.q})"
        if expression.is_Float:
            return repr(float(expression))
        if isinstance(expression, sympy.Symbol):
            return self.symbol(expression, level)
        if isinstance(expression, sympy.Add):
            order = sorted(expression.args, key=lambda term: printing.term_order(term, self.problem.identifier))
            terms = [self.value(term, 0) for term in order]
            text = terms[0]
            for term in terms[1:]:
                text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
            return f"({text})" if level else text
        if isinstance(expression, sympy.Heaviside):  # 𝟙[u > 0]
            inner = self.value(expression.args[0])
            return f"np.heaviside({inner}, 0.0)" if self.numpy else f"tf.cast({inner} > 0, tf.float64)"
        if isinstance(expression, sympy.Mul) and len(expression.args) == 2 and any(
            isinstance(f, sympy.Heaviside) and f.args[0] in expression.args for f in expression.args
        ):  # u·𝟙[u > 0] is ReLU
            inner = self.value(next(f for f in expression.args if not isinstance(f, sympy.Heaviside)))
            return f"np.maximum({inner}, 0.0)" if self.numpy else f"tf.nn.relu({inner})"
        if isinstance(expression, sympy.Mul):
            number, rest = expression.as_coeff_Mul()
            top = [f for f in sympy.Mul.make_args(rest) if not (f.is_Pow and f.exp.is_negative)]
            bottom = [1 / f for f in sympy.Mul.make_args(rest) if f.is_Pow and f.exp.is_negative]
            text = " * ".join([self.value(abs(number), 1)] * (abs(number) != 1) + [self.value(f, 1) for f in top]) or "1"
            if bottom:
                under = " * ".join(self.value(f, 1) for f in bottom)
                text += f" / {under if len(bottom) == 1 and under.isidentifier() else f'({under})'}"
            if number < 0:
                text = f"-{text}"
            return f"({text})" if level >= 2 or (level and number < 0) else text
        if isinstance(expression, sympy.Pow):
            base, exponent = expression.args
            if exponent == sympy.Rational(1, 2):
                return self.call("np.sqrt", "tf.sqrt", self.value(base))
            if exponent.is_negative:
                return f"1 / {self.value(base ** -exponent, 2)}"
            return f"{self.value(base, 2)} ** {self.value(exponent, 2)}"
        functions = {
            sympy.log: ("np.log", "tf.math.log"),
            sympy.exp: ("np.exp", "tf.exp"),
            sympy.Abs: ("np.abs", "tf.abs"),
            sympy.sin: ("np.sin", "tf.sin"),
            sympy.cos: ("np.cos", "tf.cos"),
            sympy.tanh: ("np.tanh", "tf.tanh"),
        }
        if expression.func in functions:
            return self.call(*functions[expression.func], self.value(expression.args[0]))
        raise errors.UnsupportedNotation(f"{expression} in generated code")

    def symbol(self, symbol: sympy.Symbol, level: int) -> str:
        stands_for = canonical.meaning(symbol)
        if stands_for is None:
            return self.ids.get(symbol.name) or self.dims[symbol.name]
        if stands_for.kind == "det":
            return self.call("np.linalg.det", "tf.linalg.det", self.poly(canonical.thaw(stands_for.matrix, stands_for.size)))
        word = printing.oriented(stands_for.word, self.problem.identifier, self.problem.context.symmetric)
        if word[0].rows != 1:
            return self._trace(word)
        text = self.word(word)
        return f"({text})" if level and " @ " in text else text


def _transposes(poly: canonical.Poly) -> int:
    return sum(atom.transposed for word in poly.terms for atom in word)


def _flattened(product: sympy.MatMul) -> list[sympy.Basic]:
    """A product's factors, products inside it opened: ((Ax - b)ᵀW)(Ax - b) has three."""
    return [f for factor in product.args for f in (_flattened(factor) if isinstance(factor, sympy.MatMul) else [factor])]


def _is_product(key: object) -> bool:
    """Whether a local's key is a product's (``u0``), not an entrywise function's argument (``z0``)."""
    return isinstance(key, tuple) and key[:1] == ("product",)


def _values(parts: Sequence[_Part]) -> list[sympy.Expr]:
    """The coefficients of a planned sum's products, inside its factored parts too."""
    return [value for part in parts for value in (_values(part.inner) if part.factor is not None else [part.value])]


def _common_number(values: Sequence[sympy.Expr]) -> sympy.Expr:
    """The positive number every coefficient is a multiple of (2 in 2AᵀAx - 2Aᵀb), taken out once."""
    numbers = [abs(value.as_coeff_Mul()[0]) for value in values]
    if len(numbers) < 2 or not all(number.is_Rational and number != 0 for number in numbers):
        return sympy.Integer(1)
    return functools.reduce(sympy.gcd, numbers)
