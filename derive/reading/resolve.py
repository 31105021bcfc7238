"""Names in context: ``f(x)`` as an application, defined functions, and index notation in sums."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from derive import errors, tree


@dataclasses.dataclass(frozen=True)
class FunctionDefinition:
    """``f(x) = body``: a function the document defines."""

    name: str
    parameters: tuple[str, ...]
    body: tree.Node


def definition_head(node: tree.Node) -> tuple[str, tuple[str, ...]] | None:
    """``f(x)`` or ``f_0(x, y)`` written as the left side of a definition: its name and parameters."""
    if not (isinstance(node, tree.Mul) and len(node.factors) == 2):
        return None
    name, group = node.factors
    if not (isinstance(name, tree.Symbol) and isinstance(group, tree.Group)):
        return None
    if not all(isinstance(item, tree.Symbol) for item in group.items):
        return None
    if name.base[:1].isupper():
        return None  # A(x) is a matrix times x
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
            return dataclasses.replace(node, body=self.resolve(node.body, inner))
        if isinstance(node, tree.Prime):
            return self._prime(node, None, indices)
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

    def _symbol(self, symbol: tree.Symbol, indices: frozenset[str]) -> tree.Node:
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
        return symbol

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
            if isinstance(item, tree.Prime):
                return self._prime(item, following, indices)
            if isinstance(item, tree.Symbol) and item.name in self._functions:
                arguments = tuple(self.resolve(argument, indices) for argument in following.items)
                return self._apply(item, arguments, tree.Span(item.span.start, following.span.end))
            return None
        named = item.operand if isinstance(item, tree.Prime) else item
        if not (isinstance(named, tree.Symbol) and named.name in self._functions):
            return None  # A'(x)^2 is A^T (x)^2: only a defined function's value takes the script
        span = tree.Span(item.span.start, following.span.end)
        if isinstance(following, tree.Power):
            base = self._application(item, following.base, indices)
            if base is None:
                return None
            return tree.Power(base, self.resolve(following.exponent, indices), span)
        if isinstance(following, (tree.Transpose, tree.Inverse, tree.PseudoInverse)):
            operand = self._application(item, following.operand, indices)
            return None if operand is None else dataclasses.replace(following, operand=operand, span=span)
        return None

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
            following = items[position + 1] if position + 1 < len(items) else None
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
