"""Leibniz notation: ``\\frac{d^n y}{dt^n}``, ``\\frac{\\partial f}{\\partial x}`` and the Hessian fraction, as derivatives."""

from __future__ import annotations

from derive import errors, tree
from derive.reading import pieces


def derivative_fraction(numerator: object, denominator: object, span: tree.Span) -> object | None:
    """``\\frac{d^n y}{dt^n}`` (or with ``\\partial``) as a derivative, else None."""
    top = _derivative_parts(numerator)
    hessian_variable = _second_partial_variable(denominator)
    if top is not None and hessian_variable is not None and top[0] == pieces.PARTIAL and top[1] == 2:
        if top[2] is None:
            return pieces.Prefix("derivative", span, wrt=hessian_variable, order=2, partial=True)
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
    partial = top_symbol == pieces.PARTIAL
    if body is None:
        return pieces.Prefix("derivative", span, wrt=variable, order=top_order, partial=partial)
    return tree.Derivative(body, variable, top_order, partial, span)


def _second_partial_variable(denominator: object) -> tree.Symbol | None:
    """The x of ``\\partial x \\partial x^T`` (or ``\\partial x \\partial x``), else None."""
    if not (isinstance(denominator, tree.Mul) and len(denominator.factors) == 4):
        return None
    first, variable, second, again = denominator.factors
    is_partial = all(isinstance(f, tree.Symbol) and f.name == pieces.PARTIAL for f in (first, second))
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
    if not (isinstance(head, tree.Symbol) and head.name in ("d", pieces.PARTIAL)):
        return None
    rest = [pieces.expression(factor) for factor in factors[1:]]
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
    return head.name, order, tree.Mul(tuple(rest), pieces.join(*(f.span for f in rest)))
