"""What the LaTeX transformer builds before tree nodes, and how it combines: operators, scripts, Leibniz fractions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from derive import errors, tree


# -- pieces that exist only while the transformer runs ------------------------------------------


@dataclasses.dataclass(frozen=True)
class Script:
    """A superscript, a subscript or a prime, waiting for its base."""

    kind: str  # "sup", "sub" or "prime"
    argument: object
    span: tree.Span


@dataclasses.dataclass(frozen=True)
class Mark:
    """A script argument that is not an expression: ``\\top``, ``+``, ``\\dagger``."""

    name: str
    span: tree.Span


@dataclasses.dataclass(frozen=True)
class Prefix:
    """An operator that applies to the rest of a juxtaposition: ``\\nabla``, ``\\sum``, ``\\frac{d}{dt}``."""

    kind: str  # "nabla", "sum", "derivative"
    span: tree.Span
    wrt: tree.Symbol | None = None
    order: int = 1
    partial: bool = False
    index: tree.Symbol | None = None
    lower: tree.Node | None = None
    upper: tree.Node | None = None


@dataclasses.dataclass(frozen=True)
class FunctionName:
    """A named function that applies to the next factor: ``\\log``, ``\\operatorname{tr}``."""

    name: str
    span: tree.Span


PARTIAL = "∂"
TRANSPOSE_NAMES = frozenset({"T", "top", "intercal", "⊤"})


# -- spans ---------------------------------------------------------------------------------------


def join(*spans: tree.Span) -> tree.Span:
    """The smallest span covering every real one of ``spans``."""
    real = [span for span in spans if span != tree.NO_SPAN]
    if not real:
        return tree.NO_SPAN
    return tree.Span(min(span.start for span in real), max(span.end for span in real))


def widened(item: object, span: tree.Span) -> object:
    """``item`` with its span stretched over ``span`` (a font or braces around it)."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type) and hasattr(item, "span"):
        return dataclasses.replace(item, span=join(span, item.span))
    return item


def span_of(item: object) -> tree.Span:
    """Where ``item`` stands in the source, if it knows."""
    return getattr(item, "span", tree.NO_SPAN)


def unsupported(what: str, span: tree.Span) -> errors.UnsupportedNotation:
    """The error for a construct derive does not read yet, at ``span``."""
    return errors.UnsupportedNotation(what, offset=span.start)


# -- combining pieces ----------------------------------------------------------------------------


def expression(item: object) -> tree.Node:
    """``item`` as a finished expression, or an error saying what stands alone."""
    if isinstance(item, Prefix):
        raise errors.LatexSyntaxError(f"`\\{item.kind}` needs something to apply to", offset=item.span.start)
    if isinstance(item, FunctionName):
        raise errors.LatexSyntaxError(f"`{item.name}` needs an argument", offset=item.span.start)
    if isinstance(item, Mark):
        raise errors.LatexSyntaxError(f"`{item.name}` cannot stand alone here", offset=item.span.start)
    if isinstance(item, tree.Formula):
        raise errors.LatexSyntaxError("a relation cannot stand inside braces here", offset=item.span.start)
    return item  # type: ignore[return-value]  # a stray \partial is caught at the end, in start()


def is_partial(item: object) -> bool:
    """Whether ``item`` is a bare ``\\partial``."""
    return isinstance(item, tree.Symbol) and item.name == PARTIAL


def add_term(left: tree.Node, right: tree.Node) -> tree.Add:
    """The sum ``left + right``, flattened into ``left``'s terms."""
    terms = (left.terms if isinstance(left, tree.Add) else (left,)) + (right,)
    return tree.Add(terms, join(left.span, right.span))


def fold(items: list[object]) -> object:
    """Apply prefix operators and named functions inside one juxtaposition."""
    factors: list[tree.Node] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Prefix):
            rest = items[index + 1 :]
            if not rest:
                return item if not factors else expression(item)
            body = expression(fold(rest))
            factors.append(_apply_prefix(item, body))
            break
        if isinstance(item, FunctionName):
            if index + 1 >= len(items):
                return item if not factors else expression(item)
            applied, index = _apply_function(items, index)
            factors.append(applied)
            continue
        factors.append(expression(item))
        index += 1
    if len(factors) == 1:
        return factors[0]
    return tree.Mul(tuple(factors), join(*(factor.span for factor in factors)))


def _apply_function(items: list[object], index: int) -> tuple[tree.Node, int]:
    """``\\log x``, ``\\log\\det(X)``: a named function and the factor it applies to."""
    name = items[index]
    assert isinstance(name, FunctionName)
    if index + 1 >= len(items):
        raise errors.LatexSyntaxError(f"`{name.name}` needs an argument", offset=name.span.start)
    following = items[index + 1]
    argument: tree.Node
    if isinstance(following, FunctionName):
        argument, after = _apply_function(items, index + 1)
    else:
        argument, after = expression(fold([following])), index + 2

    def apply(group: tree.Group) -> tree.Node:
        inner: tree.Node = group.items[0] if len(group.items) == 1 else group
        return tree.Function(name.name, inner, join(name.span, group.span))

    # \exp(t)^2 is (\exp(t))^2: a script after the argument's parenthesis applies to the value
    lifted = apply_under_scripts(argument, apply, name.span)
    if lifted is not None:
        return lifted, after
    span = join(name.span, argument.span)
    if isinstance(argument, tree.Group) and len(argument.items) == 1:
        argument = argument.items[0]
    return tree.Function(name.name, argument, span), after


def apply_under_scripts(
    node: tree.Node, apply: Callable[[tree.Group], tree.Node], start: tree.Span
) -> tree.Node | None:
    """``(x)^2`` after a function name, with the function applied under the scripts: ``(f(x))^2``.

    ``node`` is a parenthesised group carrying powers, transposes or inverses; ``apply``
    turns the group into the application, and the scripts are put back around it, their
    spans widened to ``start``. None when ``node`` is not a scripted group.
    """
    if isinstance(node, tree.Power):
        base = _applied(node.base, apply, start)
        return None if base is None else tree.Power(base, node.exponent, join(start, node.span))
    if isinstance(node, (tree.Transpose, tree.Inverse, tree.PseudoInverse)):
        operand = _applied(node.operand, apply, start)
        return None if operand is None else dataclasses.replace(node, operand=operand, span=join(start, node.span))
    return None


def _applied(node: tree.Node, apply: Callable[[tree.Group], tree.Node], start: tree.Span) -> tree.Node | None:
    if isinstance(node, tree.Group):
        return apply(node)
    return apply_under_scripts(node, apply, start)


def _apply_prefix(prefix: Prefix, body: tree.Node) -> tree.Node:
    span = join(prefix.span, body.span)
    if prefix.kind == "nabla":
        return tree.Gradient(body, prefix.wrt, prefix.order, span)
    if prefix.kind == "derivative":
        assert prefix.wrt is not None
        return tree.Derivative(body, prefix.wrt, prefix.order, prefix.partial, span)
    if prefix.index is None or prefix.lower is None or prefix.upper is None:
        raise errors.LatexSyntaxError(
            "write the sum with its range, as \\sum_{i=1}^{k}", offset=prefix.span.start
        )
    return tree.Sum(prefix.index, prefix.lower, prefix.upper, body, span)


def subscript(base: object, script: Script) -> object:
    """``base`` with a subscript: a symbol's name, a norm's kind, a gradient's variable or a sum's start."""
    argument = script.argument
    span = join(span_of(base), script.span)
    if isinstance(base, tree.Symbol):
        return tree.Symbol(f"{base.name}_{_subscript_text(argument)}", span)
    if isinstance(base, tree.Norm):
        kind = _subscript_text(argument)
        if kind not in ("2", "F"):
            raise unsupported(f"the norm \\|·\\|_{kind}", script.span)
        return tree.Norm(base.operand, kind, span)
    if isinstance(base, Prefix) and base.kind == "nabla":
        if not isinstance(argument, tree.Symbol):
            raise errors.LatexSyntaxError("\\nabla_ takes the variable, as \\nabla_x", offset=script.span.start)
        return dataclasses.replace(base, wrt=argument, span=span)
    if isinstance(base, Prefix) and base.kind == "sum":
        return _sum_lower(base, argument, span)
    raise unsupported("a subscript here", script.span)


def _subscript_text(argument: object) -> str:
    if isinstance(argument, tree.Symbol):
        return argument.name
    if isinstance(argument, tree.Number):
        return argument.text
    if isinstance(argument, tree.Mul):
        pieces = []
        for factor in argument.factors:
            if isinstance(factor, tree.Symbol):
                pieces.append(factor.name)
            elif isinstance(factor, tree.Number):
                pieces.append(factor.text)
            else:
                raise unsupported("this subscript", span_of(argument))
        return "".join(pieces)
    raise unsupported("this subscript", span_of(argument))


def _sum_lower(base: Prefix, argument: object, span: tree.Span) -> Prefix:
    if isinstance(argument, tree.Formula) and len(argument.chains) == 1:
        chain = argument.chains[0]
        if chain.relations == ("=",) and isinstance(chain.operands[0], tree.Symbol) and chain.operands[1] is not None:
            return dataclasses.replace(base, index=chain.operands[0], lower=chain.operands[1], span=span)
    raise errors.LatexSyntaxError("write the sum's range as \\sum_{i=1}^{k}", offset=span.start)


def superscript(base: object, script: Script) -> object:
    """``base`` with a superscript or a prime: a power, a transpose, an inverse, an order or a space."""
    argument = script.argument
    span = join(span_of(base), script.span)
    if script.kind == "prime":
        if isinstance(base, tree.Prime):
            return tree.Prime(base.operand, base.order + 1, span)
        return tree.Prime(expression(base), 1, span)
    if isinstance(base, Prefix):
        if base.kind == "sum":
            return dataclasses.replace(base, upper=expression(argument), span=span)
        if base.kind == "nabla":
            if not (isinstance(argument, tree.Number) and argument.text in ("1", "2")):
                raise unsupported("\\nabla with this power", script.span)
            return dataclasses.replace(base, order=int(argument.text), span=span)
    if isinstance(base, tree.Space):
        return _space(argument, span)
    if _is_transpose_mark(argument):
        return tree.Transpose(expression(base), span)
    if isinstance(argument, tree.Neg) and argument.operand == tree.Number("1"):
        return tree.Inverse(expression(base), span)
    if isinstance(argument, tree.Neg) and isinstance(argument.operand, tree.Number) and argument.operand.text.isdigit():
        return tree.Power(tree.Inverse(expression(base), span), argument.operand, span)  # X^{-2} = (X^{-1})^2
    if isinstance(argument, tree.Neg) and _is_transpose_mark(argument.operand):  # X^{-T} = (X^{-1})^T
        return tree.Transpose(tree.Inverse(expression(base), span), span)
    if isinstance(argument, Mark):
        if argument.name in ("+", "dagger"):
            return tree.PseudoInverse(expression(base), span)
        raise unsupported(f"the superscript {argument.name}", script.span)
    if isinstance(argument, tree.Formula):
        raise unsupported("a relation in a superscript", script.span)
    return tree.Power(expression(base), expression(argument), span)


def _is_transpose_mark(argument: object) -> bool:
    if isinstance(argument, Mark):
        return argument.name in TRANSPOSE_NAMES
    return isinstance(argument, tree.Symbol) and argument.name == "T"


def _space(argument: object, span: tree.Span) -> tree.Space:
    if isinstance(argument, tree.Mul) and len(argument.factors) == 2:
        return tree.Space(argument.factors[0], argument.factors[1], span)
    if isinstance(argument, (tree.Symbol, tree.Number)):
        return tree.Space(argument, None, span)
    raise errors.LatexSyntaxError("write a space as \\mathbb{R}^{k \\times n} or \\mathbb{R}^n", offset=span.start)


def derivative_fraction(numerator: object, denominator: object, span: tree.Span) -> object | None:
    """``\\frac{d^n y}{dt^n}`` (or with ``\\partial``) as a derivative, else None."""
    top = _derivative_parts(numerator)
    hessian_variable = _second_partial_variable(denominator)
    if top is not None and hessian_variable is not None and top[0] == PARTIAL and top[1] == 2:
        if top[2] is None:
            return Prefix("derivative", span, wrt=hessian_variable, order=2, partial=True)
        return tree.Derivative(top[2], hessian_variable, 2, True, span)
    bottom = _derivative_parts(denominator)
    if top is None or bottom is None:
        return None
    top_symbol, top_order, body = top
    bottom_symbol, bottom_order, variable = bottom
    if top_symbol != bottom_symbol or not isinstance(variable, tree.Symbol):
        return None
    if isinstance(variable, tree.Symbol) and top_order != bottom_order:
        raise errors.LatexSyntaxError(
            f"the orders of this derivative do not match ({top_order} above, {bottom_order} below)",
            offset=span.start,
        )
    partial = top_symbol == PARTIAL
    if body is None:
        return Prefix("derivative", span, wrt=variable, order=top_order, partial=partial)
    return tree.Derivative(body, variable, top_order, partial, span)


def _second_partial_variable(denominator: object) -> tree.Symbol | None:
    """The x of ``\\partial x \\partial x^T`` (or ``\\partial x \\partial x``), else None."""
    if not (isinstance(denominator, tree.Mul) and len(denominator.factors) == 4):
        return None
    first, variable, second, again = denominator.factors
    is_partial = all(isinstance(f, tree.Symbol) and f.name == PARTIAL for f in (first, second))
    if is_partial and isinstance(variable, tree.Symbol) and again in (variable, tree.Transpose(variable)):
        return variable
    return None


def _derivative_parts(item: object) -> tuple[str, int, tree.Node | None] | None:
    """Split ``d^n rest`` into (``d`` or ``∂``, n, rest); None when it is not that shape."""
    factors = list(item.factors) if isinstance(item, tree.Mul) else [item]
    head = factors[0]
    order = 1
    if isinstance(head, tree.Power) and isinstance(head.exponent, tree.Number) and head.exponent.text.isdigit():
        order = int(head.exponent.text)
        head = head.base
    if not (isinstance(head, tree.Symbol) and head.name in ("d", PARTIAL)):
        return None
    rest = [expression(factor) for factor in factors[1:]]
    if not rest:
        return head.name, order, None
    if len(rest) == 1:
        only = rest[0]
        # the denominator's variable carries the order: dt^2
        if (
            isinstance(only, tree.Power)
            and isinstance(only.exponent, tree.Number)
            and only.exponent.text.isdigit()
            and isinstance(only.base, tree.Symbol)
            and order == 1
        ):
            return head.name, int(only.exponent.text), only.base
        return head.name, order, only
    return head.name, order, tree.Mul(tuple(rest), join(*(f.span for f in rest)))
