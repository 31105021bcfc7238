"""Names in context: ``f(x)`` as an application, defined functions, operators written as names, index notation in sums.

Once the document defines a function (``J(\\theta) = …``, ``\\mathrm{RSS}(\\beta) = …``), its name
followed by parentheses is an application, also inside another function (``\\log L(\\mu)``);
``f'(t)`` and ``\\dot x`` are its derivatives; ``D_x f(x)`` is the derivative in x; ``|X|`` of a
matrix is its determinant; ``x^{(i)}`` in a sum over i is the i-th row of ``X``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from derive import errors, tree
from derive.reading import names, render


@dataclasses.dataclass(frozen=True)
class FunctionDefinition:
    """``f(x) = body``: a function the document defines."""

    name: str
    parameters: tuple[str, ...]
    body: tree.Node


def definition_head(node: tree.Node) -> tuple[str, tuple[str, ...]] | None:
    """``f(x)``, ``J(\\theta)``, ``E_D(\\mathbf w)`` or ``p(x \\mid \\mu, \\Sigma)`` as the left side of a
    definition: its name and parameters. Whether an uppercase ``A(x)`` defines a function or is a
    matrix times x is for the caller to decide (it is a definition only of a new name).
    """
    if not (isinstance(node, tree.Mul) and len(node.factors) == 2):
        return None
    name, group = node.factors
    if not (isinstance(name, tree.Symbol) and isinstance(group, tree.Group)):
        return None
    if not all(isinstance(item, tree.Symbol) for item in group.items):
        return None
    return name.name, tuple(item.name for item in group.items)  # type: ignore[union-attr]


class Resolver:
    """Rewrites a parsed expression using what the document has defined so far.

    ``functions`` maps a name to its definition; ``matrices`` and ``vectors`` are the
    names whose shape is known, used for the index convention (``a_i^T`` is row i of
    ``A``; ``b_i`` is entry i of ``b``).
    """

    def __init__(
        self,
        functions: Mapping[str, FunctionDefinition],
        matrices: frozenset[str],
        vectors: frozenset[str],
    ) -> None:
        self._functions = functions
        self._matrices = matrices
        self._vectors = vectors

    def resolve(self, node: tree.Node, indices: frozenset[str] = frozenset()) -> tree.Node:
        """``node`` with applications and index notation made explicit.

        Raises:
            errors.UnsupportedNotation: an indexed symbol that no matrix or vector explains.
        """
        if isinstance(node, tree.Symbol):
            return self._symbol(node, indices)
        if isinstance(node, tree.Mul):
            return self._product(node, indices)
        if isinstance(node, tree.Sum):
            inner = indices | {node.index.name}
            resolved = dataclasses.replace(node, body=self.resolve(node.body, inner))
            if isinstance(node.upper, tree.Extent) and node.upper.of is None:
                return dataclasses.replace(resolved, upper=_extent(node.upper, resolved.body))
            return resolved
        if isinstance(node, tree.Extent):
            return node
        if isinstance(node, tree.Components):
            free = {node.index.name} | ({node.column.name} if node.column is not None else set())
            return dataclasses.replace(
                node,
                body=self.resolve(node.body, indices | free),
                rows_of=self.resolve(node.rows_of, indices),
                cols_of=self.resolve(node.cols_of, indices) if node.cols_of is not None else None,
            )
        if isinstance(node, tree.Entry):
            outside = next((i.name for i in (node.index, node.column) if i is not None and i.name not in indices), None)
            if outside is not None:
                raise errors.UnsupportedNotation(
                    f"the entry {render.latex(node)} outside a sum over {outside}", offset=node.span.start
                )
            return dataclasses.replace(node, of=self.resolve(node.of, indices))
        if isinstance(node, tree.Derivative) and node.order == 1 and isinstance(node.wrt, tree.Symbol) and indices:
            entry = self._symbol(node.wrt, indices)  # ∂f/∂x_k for a free k: entry k of ∂f/∂x
            if isinstance(entry, tree.Indexed) and entry.kind in ("entry", "element"):
                whole = tree.Derivative(self.resolve(node.body, indices), entry.symbol, 1, node.partial, node.span)
                return tree.Entry(whole, entry.index, node.span, entry.column)
        if isinstance(node, tree.Prime):
            return self._prime(node, None, indices)
        if isinstance(node, tree.Div) and (quotient := self._differential_quotient(node)) is not None:
            return self.resolve(quotient, indices)
        if isinstance(node, tree.Power) and self._is_euler(node.base):
            return tree.Function("exp", self.resolve(node.exponent, indices), node.span)
        if isinstance(node, tree.Function) and node.name == "abs" and self._is_matrix(node.argument):
            return tree.Function("det", self.resolve(node.argument, indices), node.span)  # |X| of a matrix: det X
        if isinstance(node, (tree.Number, tree.Space, tree.Indexed, tree.Dots)):
            return node
        changes: dict[str, object] = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if field.name == "wrt" or field.name == "function":
                continue
            if isinstance(value, tuple):
                changes[field.name] = tuple(self.resolve(item, indices) for item in value)
            elif value is not None and not isinstance(value, (str, int, tree.Span)):
                changes[field.name] = self.resolve(value, indices)
        return dataclasses.replace(node, **changes)  # type: ignore[arg-type]

    def _differential(self, node: tree.Node) -> tree.Symbol | None:
        """``x`` when ``node`` is ``dx`` (d written before a symbol, d not given a meaning of its own)."""
        if (
            isinstance(node, tree.Mul)
            and len(node.factors) == 2
            and self._is_d(node.factors[0])
            and isinstance(node.factors[1], tree.Symbol)
        ):
            return node.factors[1]
        return None

    def _is_d(self, node: tree.Node) -> bool:
        return (
            isinstance(node, tree.Symbol)
            and node.name == "d"
            and "d" not in self._functions
            and "d" not in self._vectors
            and "d" not in self._matrices
        )

    def _differential_of(self, d: tree.Node, following: tree.Node) -> tree.Symbol:
        """``dX`` of a variable: a symbol of its own, shaped as X (an increment, as in tr(A(X + dX)B)).

        The differential of a function or of a name the document defines (``dS``, ``d\\operatorname{tr}(AXB)``)
        would need the differential's rules, which derive does not apply yet.
        """
        if isinstance(following, tree.Symbol) and following.name not in self._functions:
            return tree.Symbol(names.with_mark(following.name, names.DIFFERENTIAL), tree.Span(d.span.start, following.span.end))
        what = names.latex(following.name) if isinstance(following, tree.Symbol) else "a function"
        raise errors.UnsupportedNotation(
            f"the differential of {what}: derive does not read differentials of functions yet "
            "(write the derivative, as \\frac{\\partial f}{\\partial x})",
            offset=d.span.start,
        )

    def _differential_quotient(self, node: tree.Div) -> tree.Derivative | None:
        """``dx/dt`` written inline: the derivative of x with respect to t."""
        body, variable = self._differential(node.numerator), self._differential(node.denominator)
        if body is None or variable is None:
            return None
        return tree.Derivative(body, variable, 1, False, node.span)

    def _is_euler(self, node: tree.Node) -> bool:
        """``e`` in ``e^{-z}``: Euler's number, unless the document gives e a meaning of its own."""
        return (
            isinstance(node, tree.Symbol)
            and node.name in ("e", "\\mathrm{e}")
            and not ({"e"} & (set(self._functions) | set(self._vectors) | set(self._matrices)))
        )

    def _is_matrix(self, node: tree.Node) -> bool:
        """Whether ``node`` is a matrix by what is known before shapes are inferred: ``X``, ``X^T``, ``AB``."""
        if isinstance(node, tree.Symbol):
            return node.name in self._matrices or (names.is_latin_upper(node.name) and node.name not in self._vectors)
        if isinstance(node, (tree.Transpose, tree.Inverse)):
            return self._is_matrix(node.operand)
        if isinstance(node, tree.Group) and len(node.items) == 1:
            return self._is_matrix(node.items[0])
        if isinstance(node, tree.Mul):
            return all(self._is_matrix(factor) for factor in node.factors)
        return False

    def _symbol(self, symbol: tree.Symbol, indices: frozenset[str]) -> tree.Node:
        parts = names.split(symbol.name)
        if parts.index is not None and parts.index in indices and parts.subscript is None:
            return self._example(symbol, parts)
        subscript = symbol.subscript
        if subscript is not None and subscript in indices:
            base = symbol.base
            index = tree.Symbol(subscript, symbol.span)
            if base in self._vectors:  # b_i is an entry of the vector b, even when B is a matrix
                return tree.Indexed(tree.Symbol(base, symbol.span), index, "entry", symbol.span)
            if base.upper() in self._matrices and base.islower():
                return tree.Indexed(tree.Symbol(base.upper(), symbol.span), index, "row", symbol.span)
            raise errors.UnsupportedNotation(
                f"{symbol.name} (declare {base.upper()} as a matrix or {base} as a vector)", offset=symbol.span.start
            )
        definition = self._functions.get(symbol.name)
        if definition is not None:
            # a bare name of a defined function stands for its value: x for x(t)
            parameters = tuple(tree.Symbol(name, symbol.span) for name in definition.parameters)
            return self._apply(symbol, parameters, symbol.span)
        dotted = self._time_derivative(symbol)
        if dotted is not None:
            return self._prime(dotted, None, indices)
        rate = self._rate(symbol)
        if rate is not None:
            return rate
        if subscript is not None and len(subscript) == 2 and all(letter in indices for letter in subscript):
            matrix = names.matrix_of(symbol.base)
            if names.is_latin_upper(symbol.base) or matrix in self._matrices:  # A_{ij}, a_{ij} in a sum over i and j
                return tree.Indexed(
                    tree.Symbol(matrix, symbol.span), tree.Symbol(subscript[0], symbol.span), "element", symbol.span,
                    tree.Symbol(subscript[1], symbol.span),
                )
        if subscript is not None and len(subscript) == 2 and subscript.isalpha() and subscript.islower() and (
            names.is_latin_upper(symbol.name) or symbol.base in self._matrices
        ):  # A_{ij}: an entry of A, not a matrix named A_ij
            raise errors.UnsupportedNotation(
                f"the entry {names.latex(symbol.name)} with more free indices than a relation holds (sum over them, "
                "or say that repeated indices are summed: <!-- derive: einstein -->)",
                offset=symbol.span.start,
            )
        if names.is_word(symbol.name):
            raise errors.UnsupportedNotation(
                f"{symbol.name}, which the document does not define (define it, as \\mathrm{{{symbol.name}}}(x) = …)",
                offset=symbol.span.start,
            )
        return symbol

    def _example(self, symbol: tree.Symbol, parts: names.Parts) -> tree.Node:
        """``x^{(i)}`` in a sum over i: the i-th row of ``X`` (the i-th example), or the i-th entry of ``x``."""
        assert parts.index is not None
        index = tree.Symbol(parts.index, symbol.span)
        base = names.Parts(parts.letter, parts.marks, parts.starred).text
        if base.upper() in self._matrices and base.islower():
            return tree.Indexed(tree.Symbol(base.upper(), symbol.span), index, "row", symbol.span)
        if base in self._vectors:
            return tree.Indexed(tree.Symbol(base, symbol.span), index, "entry", symbol.span)
        raise errors.UnsupportedNotation(
            f"{names.latex(symbol.name)} (declare {base.upper()} as a matrix or {base} as a vector)",
            offset=symbol.span.start,
        )

    def is_derivative(self, name: str) -> bool:
        """Whether the name ``name`` stands for a derivative here: ``\\dot x`` once x(t) is defined."""
        symbol = tree.Symbol(name)
        return self._time_derivative(symbol) is not None or self._rate(symbol) is not None

    def _rate(self, symbol: tree.Symbol) -> tree.Derivative | None:
        """``\\dot x`` as dx/dt when x is defined without parameters as an expression in t (x = 2t^3 - 5t)."""
        dotted = names.without_time_derivative(symbol.name)
        if dotted is None:
            return None
        name, order = dotted
        definition = self._functions.get(name)
        time = tree.Symbol("t", symbol.span)
        if definition is None or definition.parameters or not any(node == time for node in tree.walk(definition.body)):
            return None
        return tree.Derivative(self._apply(tree.Symbol(name, symbol.span), (), symbol.span), time, order, False, symbol.span)

    def _time_derivative(self, symbol: tree.Symbol) -> tree.Prime | None:
        """``\\dot x`` as ``x'`` when the document defines x as a function of one variable (x(t) = …)."""
        dotted = names.without_time_derivative(symbol.name)
        if dotted is None:
            return None
        name, order = dotted
        definition = self._functions.get(name)
        if definition is None or len(definition.parameters) != 1:
            return None
        return tree.Prime(tree.Symbol(name, symbol.span), order, symbol.span)

    def _prime(self, node: tree.Prime, arguments: tree.Group | None, indices: frozenset[str]) -> tree.Node:
        """``f'(t)`` is a derivative of a defined function; otherwise ``A'`` is a transpose."""
        operand = node.operand
        if isinstance(operand, tree.Symbol) and operand.name in self._functions:
            definition = self._functions[operand.name]
            if len(definition.parameters) != 1:
                raise errors.UnsupportedNotation(
                    f"{operand.name}' for a function of {len(definition.parameters)} variables", offset=node.span.start
                )
            if arguments is None:
                given: tuple[tree.Node, ...] = (tree.Symbol(definition.parameters[0], node.span),)
            else:
                given = tuple(self.resolve(item, indices) for item in arguments.items)
            span = node.span if arguments is None else tree.Span(node.span.start, arguments.span.end)
            application = self._apply(operand, given, span)
            variable = given[0] if isinstance(given[0], tree.Symbol) else None
            if variable is None:
                raise errors.UnsupportedNotation(f"{operand.name}' at an expression", offset=node.span.start)
            return tree.Derivative(application, variable, node.order, False, span)
        if arguments is not None and isinstance(operand, tree.Symbol) and operand.base[:1].islower():
            raise errors.UnsupportedNotation(
                f"{operand.name}'(…) before {operand.name} is defined (write {operand.name}(t) = … first)",
                offset=node.span.start,
            )
        inner = self.resolve(operand, indices)
        result = tree.Transpose(inner, node.span) if node.order % 2 else inner
        if arguments is not None:
            return tree.Mul((result, self.resolve(arguments, indices)), tree.Span(node.span.start, arguments.span.end))
        return result

    def _application(self, item: tree.Node, following: tree.Node, indices: frozenset[str]) -> tree.Node | None:
        """``f(x)`` or ``f'(t)`` when ``item`` is a defined function (or its prime) and ``following`` its
        parenthesised arguments; None otherwise.

        A power, transpose or inverse after the parenthesis applies to the value: ``f(x)^2`` is ``(f(x))^2``.
        """
        if isinstance(following, tree.Group):
            if isinstance(item, tree.Symbol) and (dotted := self._time_derivative(item)) is not None:
                item = dotted
            if isinstance(item, tree.Prime):
                return self._prime(item, following, indices)
            if isinstance(item, tree.Symbol) and item.name in self._functions and not self._takes_arguments(item.name):
                if len(following.items) == 1 and isinstance(following.items[0], tree.Number):
                    raise errors.UnsupportedNotation(  # v(3) after v = dx/dt: a value at t = 3, or 3v?
                        f"{names.latex(item.name)}({following.items[0].text}): {names.latex(item.name)} is defined "
                        f"without a variable; define it as {names.latex(item.name)}(t) = … to evaluate it",
                        offset=item.span.start,
                    )
            if isinstance(item, tree.Symbol) and self._takes_arguments(item.name):
                arguments = tuple(self.resolve(argument, indices) for argument in following.items)
                return self._apply(item, arguments, tree.Span(item.span.start, following.span.end))
            if isinstance(item, (tree.Function, tree.Power)):
                return self._composed(item, following, indices)
            return self._feature_row(item, following, indices)
        named = item.operand if isinstance(item, tree.Prime) else item
        if not (isinstance(named, tree.Symbol) and self._takes_arguments(named.name)):
            return None  # A'(x)^2 is A^T (x)^2: only a defined function's value takes the script
        span = tree.Span(item.span.start, following.span.end)
        if isinstance(following, tree.Power):
            base = self._application(item, following.base, indices)
            if base is None:
                return None
            return dataclasses.replace(following, base=base, exponent=self.resolve(following.exponent, indices), span=span)
        if isinstance(following, (tree.Transpose, tree.Inverse, tree.PseudoInverse)):
            operand = self._application(item, following.operand, indices)
            return None if operand is None else dataclasses.replace(following, operand=operand, span=span)
        return None

    def _feature_row(self, item: tree.Node, following: tree.Group, indices: frozenset[str]) -> tree.Node | None:
        """``\\phi(x_n)`` in a sum over n, with Φ a declared matrix: the n-th row of the design matrix Φ
        (as a column), the features of the n-th example; None otherwise."""
        if not (isinstance(item, tree.Symbol) and names.is_greek_lower(item.name) and len(following.items) == 1):
            return None
        (example,) = following.items
        matrix = names.matrix_of(item.name)
        index = example.subscript if isinstance(example, tree.Symbol) else None
        if matrix not in self._matrices or index is None or index not in indices or item.name in self._functions:
            return None
        return tree.Indexed(tree.Symbol(matrix, item.span), tree.Symbol(index, example.span), "row", item.span)

    def _takes_arguments(self, name: str) -> bool:
        """Whether ``name`` is a defined function of some variables: ``\\beta`` defined as
        ``(X^TX)^{-1}X^Ty`` is a value, so ``\\beta(X^TX + \\lambda I)`` is a product."""
        definition = self._functions.get(name)
        return definition is not None and bool(definition.parameters)

    def _composed(self, item: tree.Function | tree.Power, arguments: tree.Group, indices: frozenset[str]) -> tree.Node | None:
        """``\\log L(\\mu)``: a named function of a defined function's value, parsed as (log L)(μ); None otherwise."""
        inner = item.base if isinstance(item, tree.Power) else item.argument
        span = tree.Span(item.span.start, arguments.span.end)
        if isinstance(inner, (tree.Function, tree.Power)):
            applied = self._composed(inner, arguments, indices)
        elif isinstance(inner, (tree.Symbol, tree.Prime)):
            applied = self._application(inner, arguments, indices)
        else:
            return None
        if applied is None:
            return None
        if isinstance(item, tree.Power):
            return tree.Power(applied, self.resolve(item.exponent, indices), span)
        return tree.Function(item.name, applied, span)

    def _operator(self, item: tree.Node, rest: list[tree.Node], indices: frozenset[str]) -> tree.Node | None:
        """``D_x f(x)``: the derivative in x of what follows, when ``D_x`` names nothing else and a
        defined function follows; None otherwise."""
        if not (isinstance(item, tree.Symbol) and item.base == "D" and item.subscript is not None and rest):
            return None
        if item.name in self._functions or item.name in self._matrices or "D" in self._functions:
            return None
        head = rest[0].operand if isinstance(rest[0], tree.Prime) else rest[0]
        if not (isinstance(head, tree.Symbol) and head.name in self._functions):
            return None
        body = rest[0] if len(rest) == 1 else tree.Mul(tuple(rest), tree.Span(rest[0].span.start, rest[-1].span.end))
        variable = tree.Symbol(item.subscript, item.span)
        return tree.Derivative(self.resolve(body, indices), variable, 1, False, tree.Span(item.span.start, body.span.end))

    def _apply(self, function: tree.Symbol, arguments: tuple[tree.Node, ...], span: tree.Span) -> tree.Apply:
        application = tree.Apply(function, arguments, None, span)
        body = expand_application(application, self._functions)
        return tree.Apply(function, arguments, body, span)

    def _product(self, node: tree.Mul, indices: frozenset[str]) -> tree.Node:
        factors: list[tree.Node] = []
        items = list(node.factors)
        position = 0
        while position < len(items):
            item = items[position]
            operator = self._operator(item, items[position + 1 :], indices)
            if operator is not None:
                factors.append(operator)
                break
            following = items[position + 1] if position + 1 < len(items) else None
            if self._is_d(item) and isinstance(following, tree.Transpose) and isinstance(following.operand, tree.Symbol):
                factors.append(tree.Transpose(self._differential_of(item, following.operand), following.span))  # dx^T
                position += 2
                continue
            if self._is_d(item) and isinstance(following, (tree.Symbol, tree.Function, tree.Apply)):
                factors.append(self.resolve(self._differential_of(item, following), indices))  # dX_{jk}: an entry of dX
                position += 2
                continue
            application = self._application(item, following, indices) if following is not None else None
            if application is not None:
                factors.append(application)
                position += 2
                continue
            factors.append(self.resolve(item, indices))
            position += 1
        if len(factors) == 1:
            return factors[0]
        return tree.Mul(tuple(factors), node.span)


def _extent(extent: tree.Extent, body: tree.Node) -> tree.Extent:
    """The range of ``\\sum_i`` written without one: the first vector (or matrix, by rows) that i subscripts."""
    for node in tree.walk(body):
        if isinstance(node, tree.Indexed) and node.index.name == extent.index.name:
            return dataclasses.replace(extent, of=node.symbol)
        if isinstance(node, tree.Indexed) and node.column is not None and node.column.name == extent.index.name:
            return dataclasses.replace(extent, of=node.symbol, columns=True)
    raise errors.UnsupportedNotation(
        f"\\sum_{extent.index.name} without its range, where {extent.index.name} subscripts no declared vector "
        f"(write \\sum_{{{extent.index.name}=1}}^{{n}}, or declare the vector it runs over)",
        offset=extent.span.start,
    )


def substitute(node: tree.Node, bindings: Mapping[str, tree.Node]) -> tree.Node:
    """``node`` with free symbols replaced by the expressions in ``bindings``."""
    if isinstance(node, tree.Symbol):
        return bindings.get(node.name, node)
    if isinstance(node, (tree.Number, tree.Space)):
        return node
    if isinstance(node, tree.Sum) and node.index.name in bindings:
        inner = {name: value for name, value in bindings.items() if name != node.index.name}
        return dataclasses.replace(node, body=substitute(node.body, inner))
    changes: dict[str, object] = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if field.name in ("wrt", "index", "function", "symbol"):
            continue
        if isinstance(value, tuple):
            changes[field.name] = tuple(substitute(item, bindings) for item in value)
        elif value is not None and not isinstance(value, (str, int, tree.Span)):
            changes[field.name] = substitute(value, bindings)
    return dataclasses.replace(node, **changes)  # type: ignore[arg-type]


def expand_application(node: tree.Apply, functions: Mapping[str, FunctionDefinition]) -> tree.Node:
    """The body of the applied function with its parameters replaced by the arguments."""
    definition = functions[node.function.name]
    if len(definition.parameters) != len(node.arguments):
        raise errors.LatexSyntaxError(
            f"{definition.name} takes {len(definition.parameters)} argument(s), got {len(node.arguments)}",
            offset=node.span.start,
        )
    bindings = {
        parameter: argument
        for parameter, argument in zip(definition.parameters, node.arguments)
        if not (isinstance(argument, tree.Symbol) and argument.name == parameter)
    }
    return substitute(definition.body, bindings) if bindings else definition.body
