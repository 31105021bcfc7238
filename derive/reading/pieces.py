"""What the LaTeX transformer builds before tree nodes, and how operators and named functions combine with what follows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from derive import errors, tree
from derive.reading import notation


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
class EntrywiseExponent:
    """The superscript of ``x^{\\circ 2}``: a power taken entry by entry."""

    exponent: tree.Node
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
    inner: tuple[tree.Symbol, ...] = ()  # \sum_{j,k}: the indices after the first, each over its own range


@dataclasses.dataclass(frozen=True)
class FunctionName:
    """A named function that applies to the next factor: ``\\log``, ``\\operatorname{tr}``.

    ``power`` is the power written on the name itself: ``\\cos^2(t)`` is (cos t)².
    """

    name: str
    span: tree.Span
    power: tree.Node | None = None


PARTIAL = "∂"


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
    """A named function and what it applies to, raised to the power written on its name."""
    name = items[index]
    assert isinstance(name, FunctionName)
    applied, after = _argument_of(items, index)
    if name.power is None:
        return applied, after
    return tree.Power(applied, name.power, join(name.span, applied.span)), after


def _argument_of(items: list[object], index: int) -> tuple[tree.Node, int]:
    """``\\log x``, ``\\log\\det(X)``, ``\\log\\sum_i …``, ``\\operatorname{tr} AB``: the application, and where it ends.

    A function takes the next factor; a parenthesis right after it is its argument (with the
    scripts after the parenthesis applied to the value); the trace of an unparenthesised
    product takes the whole product, and an operator (``\\sum``, ``\\nabla``) takes the rest.
    """
    name = items[index]
    assert isinstance(name, FunctionName)
    if index + 1 >= len(items):
        raise errors.LatexSyntaxError(f"`{name.name}` needs an argument", offset=name.span.start)
    following = items[index + 1]
    argument: tree.Node
    if isinstance(following, FunctionName):
        argument, after = _apply_function(items, index + 1)
    elif isinstance(following, Prefix) or (
        name.name in notation.WHOLE_PRODUCT_FUNCTIONS and not _parenthesised(following)
    ):
        argument, after = expression(fold(items[index + 1 :])), len(items)
    else:
        argument, after = expression(fold([following])), index + 2

    def apply(group: tree.Group) -> tree.Node:
        inner: tree.Node = group.items[0] if len(group.items) == 1 else group
        return tree.Function(name.name, inner, join(name.span, group.span))

    # \exp(t)^2 is (\exp(t))^2: a script after the argument's parenthesis applies to the value
    lifted = apply_under_scripts(argument, apply, name.span) if after == index + 2 else None
    if lifted is not None:
        return lifted, after
    span = join(name.span, argument.span)
    if isinstance(argument, tree.Group) and len(argument.items) == 1:
        argument = argument.items[0]
    return tree.Function(name.name, argument, span), after


def _parenthesised(item: object) -> bool:
    """A parenthesis, perhaps with scripts: ``(A)``, ``(A)^2``, ``(AB)^T``."""
    while isinstance(item, (tree.Power, tree.Transpose, tree.Inverse, tree.PseudoInverse)):
        item = item.base if isinstance(item, tree.Power) else item.operand
    return isinstance(item, tree.Group)


def apply_under_scripts(
    node: tree.Node, apply: Callable[[tree.Group], tree.Node], start: tree.Span
) -> tree.Node | None:
    """``(x)^2`` after a function name, with the function applied under the scripts: ``(f(x))^2``.

    ``node`` is a parenthesised group carrying powers, transposes or inverses; ``apply``
    turns the group into the application, and the scripts are put back around it, their
    spans widened to ``start``. None when ``node`` is not a scripted group.
    """
    chain: list[tree.Node] = []  # the scripts from the outside in, walked without recursion
    while isinstance(node, (tree.Power, tree.Transpose, tree.Inverse, tree.PseudoInverse)):
        chain.append(node)
        node = node.base if isinstance(node, tree.Power) else node.operand
    if not chain or not isinstance(node, tree.Group):
        return None
    result = apply(node)
    for script in reversed(chain):
        span = join(start, script.span)
        if isinstance(script, tree.Power):
            result = dataclasses.replace(script, base=result, span=span)
        else:
            assert isinstance(script, (tree.Transpose, tree.Inverse, tree.PseudoInverse))
            result = dataclasses.replace(script, operand=result, span=span)
    return result


def _apply_prefix(prefix: Prefix, body: tree.Node) -> tree.Node:
    span = join(prefix.span, body.span)
    if prefix.kind == "nabla":
        if isinstance(body, tree.Gradient) and body.order == prefix.order == 1 and body.wrt == prefix.wrt:
            return tree.Gradient(body.body, prefix.wrt, 2, span)  # \nabla\nabla E is the Hessian
        return tree.Gradient(body, prefix.wrt, prefix.order, span)
    if prefix.kind == "derivative":
        assert prefix.wrt is not None
        return tree.Derivative(body, prefix.wrt, prefix.order, prefix.partial, span)
    if prefix.index is None or prefix.lower is None or prefix.upper is None:
        raise errors.LatexSyntaxError(
            "write the sum with its range, as \\sum_{i=1}^{k}", offset=prefix.span.start
        )
    for index in reversed(prefix.inner):  # \sum_{j,k} B_{jk} is \sum_j \sum_k B_{jk}
        body = tree.Sum(index, tree.Number("1", index.span), tree.Extent(index, None, index.span), body, span)
    return tree.Sum(prefix.index, prefix.lower, prefix.upper, body, span)
