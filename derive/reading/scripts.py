"""What a subscript, a superscript or a prime does to its base: a name, a power, a transpose, an order, a space."""

from __future__ import annotations

import dataclasses

from derive import errors, tree
from derive.reading import names, pieces

TRANSPOSE_NAMES = frozenset({"T", "top", "intercal", "⊤"})
STAR_MARKS = frozenset({"*", "star", "ast"})
_STRUCTURES = {"symmetric": {"+": "positive semidefinite", "++": "positive definite"}}


def subscript(base: object, script: pieces.Script) -> object:
    """``base`` with a subscript: a symbol's name, a norm's kind, a derivative's variable, a sum's start."""
    argument = script.argument
    span = pieces.join(pieces.span_of(base), script.span)
    if pieces.is_partial(base):  # \partial_x is d/dx, partially
        return pieces.Prefix("derivative", span, wrt=_variable(argument, "\\partial_", script), partial=True)
    if isinstance(base, tree.Symbol):
        return tree.Symbol(names.with_subscript(base.name, _subscript_text(argument)), span)
    if isinstance(base, tree.Function) and base.name == "abs" and _subscript_text(argument) == "2":
        return tree.Norm(base.argument, "2", span)  # |y|_2: the Euclidean norm written with single bars
    if isinstance(base, tree.Function) and _is_inner_product(base) and _subscript_text(argument) == "F":
        return dataclasses.replace(base, span=span)  # ⟨A, X⟩_F: the Frobenius product ⟨A, X⟩ already is
    if isinstance(base, tree.Norm):
        kind = _subscript_text(argument)
        if kind not in ("2", "F"):
            raise pieces.unsupported(f"the norm \\|·\\|_{kind}", script.span)
        return tree.Norm(base.operand, kind, span)
    if isinstance(base, pieces.Prefix) and base.kind == "nabla":
        return dataclasses.replace(base, wrt=_variable(argument, "\\nabla_", script), span=span)
    if isinstance(base, pieces.Prefix) and base.kind == "sum":
        return _sum_lower(base, argument, span)
    if isinstance(base, tree.Group) and len(base.items) == 1 and isinstance(argument, tree.Symbol) and _is_index(argument):
        return tree.Entry(base.items[0], tree.Symbol(argument.name, argument.span), span)  # (Xw)_n
    if (
        isinstance(base, tree.Group) and len(base.items) == 1 and isinstance(argument, tree.Mul) and len(argument.factors) == 2
        and all(isinstance(factor, tree.Symbol) and _is_index(factor) for factor in argument.factors)
    ):  # [A^T]_{ij}, [A^T]_{i,j}
        row, column = argument.factors
        assert isinstance(row, tree.Symbol) and isinstance(column, tree.Symbol)
        return tree.Entry(base.items[0], tree.Symbol(row.name, row.span), span, tree.Symbol(column.name, column.span))
    if isinstance(base, tree.Space) and isinstance(argument, pieces.Mark):
        structure = _STRUCTURES.get(base.structure, {}).get(argument.name)
        if structure is None:
            raise pieces.unsupported(f"the space with the subscript {argument.name}", script.span)
        return dataclasses.replace(base, structure=structure, span=span)
    raise pieces.unsupported("a subscript here", script.span)


def _is_inner_product(base: object) -> bool:
    """Whether ``base`` is tr(aᵀb), as ⟨a, b⟩ is read."""
    return (
        isinstance(base, tree.Function) and base.name == "tr" and isinstance(base.argument, tree.Mul)
        and len(base.argument.factors) == 2 and isinstance(base.argument.factors[0], tree.Transpose)
    )


def _variable(argument: object, written: str, script: pieces.Script) -> tree.Symbol:
    if not isinstance(argument, tree.Symbol):
        raise errors.LatexSyntaxError(f"{written} takes the variable, as {written}x", offset=script.span.start)
    return argument


def _subscript_text(argument: object) -> str:
    if isinstance(argument, tree.Symbol):
        return argument.name
    if isinstance(argument, tree.Number):
        return argument.text
    if isinstance(argument, pieces.Mark) and argument.name in ("+", "++"):
        return argument.name  # \mathbf{S}^n_{++}, read as a space after \in
    if isinstance(argument, pieces.Mark) and argument.name in STAR_MARKS:
        return "*"  # \mathbf y_*
    if isinstance(argument, tree.Mul):
        parts = []
        for factor in argument.factors:
            if isinstance(factor, tree.Symbol):
                parts.append(factor.name)
            elif isinstance(factor, tree.Number):
                parts.append(factor.text)
            else:
                raise pieces.unsupported("this subscript", pieces.span_of(argument))
        return "".join(parts)
    raise pieces.unsupported("this subscript", pieces.span_of(argument))


def _sum_lower(base: pieces.Prefix, argument: object, span: tree.Span) -> pieces.Prefix:
    if isinstance(argument, tree.Formula) and len(argument.chains) > 1 and all(
        not chain.relations and isinstance(chain.operands[0], tree.Symbol) and _is_index(chain.operands[0])
        for chain in argument.chains
    ):  # \sum_{j,k}: a sum over each index, each over what it subscripts
        first, *rest = (chain.operands[0] for chain in argument.chains)
        assert isinstance(first, tree.Symbol)
        base = _sum_lower(base, first, span)
        return dataclasses.replace(base, inner=tuple(item for item in rest if isinstance(item, tree.Symbol)))
    if isinstance(argument, tree.Symbol) and _is_index(argument):
        # \sum_i z_i: from 1 to the length of what i subscripts, found when index notation is resolved
        index = tree.Symbol(argument.name, argument.span)
        upper = tree.Extent(index, None, span)
        return dataclasses.replace(base, index=index, lower=tree.Number("1", span), upper=upper, span=span)
    if isinstance(argument, tree.Formula) and len(argument.chains) == 1:
        chain = argument.chains[0]
        if chain.relations == ("=",) and isinstance(chain.operands[0], tree.Symbol) and chain.operands[1] is not None:
            return dataclasses.replace(base, index=chain.operands[0], lower=chain.operands[1], span=span)
    raise errors.LatexSyntaxError("write the sum's range as \\sum_{i=1}^{k}", offset=span.start)


def _is_index(symbol: tree.Symbol) -> bool:
    return len(symbol.name) == 1 and "a" <= symbol.name <= "z"


def superscript(base: object, script: pieces.Script) -> object:  # noqa: C901 - one rule per kind of superscript
    """``base`` with a superscript or a prime: a power, a transpose, an inverse, an order, a name or a space."""
    argument = script.argument
    span = pieces.join(pieces.span_of(base), script.span)
    if script.kind == "prime":
        if isinstance(base, tree.Prime):
            return tree.Prime(base.operand, base.order + 1, span)
        return tree.Prime(pieces.expression(base), 1, span)
    if isinstance(base, pieces.Prefix):
        return _prefix_power(base, argument, script, span)
    if isinstance(base, pieces.FunctionName):
        return _function_power(base, argument, script, span)
    if isinstance(base, tree.Space):
        return _space(argument, span, base.structure)
    if isinstance(argument, pieces.EntrywiseExponent):
        return tree.Power(pieces.expression(base), argument.exponent, span, entrywise=True)
    if _is_transpose_mark(argument):
        return tree.Transpose(pieces.expression(base), span)
    named = _decorated_name(base, argument, script, span)
    if named is not None:
        return named
    if isinstance(argument, tree.Neg) and argument.operand == tree.Number("1"):
        return tree.Inverse(pieces.expression(base), span)
    if isinstance(argument, tree.Neg) and isinstance(argument.operand, tree.Number) and argument.operand.text.isdigit():
        inverse = tree.Inverse(pieces.expression(base), span)
        return tree.Power(inverse, argument.operand, span)  # X^{-2} = (X^{-1})^2
    if isinstance(argument, tree.Neg) and _is_transpose_mark(argument.operand):  # X^{-T} = (X^{-1})^T
        return tree.Transpose(tree.Inverse(pieces.expression(base), span), span)
    if isinstance(argument, pieces.Mark):
        if argument.name in ("+", "dagger"):
            return tree.PseudoInverse(pieces.expression(base), span)
        raise pieces.unsupported(f"the superscript {argument.name}", script.span)
    if isinstance(argument, tree.Formula):
        raise pieces.unsupported("a relation in a superscript", script.span)
    return tree.Power(pieces.expression(base), pieces.expression(argument), span)


def _prefix_power(base: pieces.Prefix, argument: object, script: pieces.Script, span: tree.Span) -> pieces.Prefix:
    if base.kind == "sum":
        return dataclasses.replace(base, upper=pieces.expression(argument), span=span)
    if not (isinstance(argument, tree.Number) and argument.text in ("1", "2")):
        raise pieces.unsupported(f"\\{base.kind} with this power", script.span)
    if base.kind == "derivative" and base.order != 1:
        raise pieces.unsupported("a derivative with two orders", script.span)
    return dataclasses.replace(base, order=int(argument.text), span=span)


def _function_power(
    base: pieces.FunctionName, argument: object, script: pieces.Script, span: tree.Span
) -> pieces.FunctionName:
    """``\\cos^2`` waits for its argument: ``\\cos^2(\\omega t)`` is (cos ωt)²."""
    if base.power is not None:
        raise pieces.unsupported(f"\\{base.name} with two powers", script.span)
    if isinstance(argument, tree.Neg):
        raise pieces.unsupported(f"\\{base.name}^{{-1}} (the inverse function)", script.span)
    if not isinstance(argument, (tree.Number, tree.Symbol)) or _is_transpose_mark(argument):
        raise pieces.unsupported(f"\\{base.name} with this power", script.span)
    return dataclasses.replace(base, power=argument, span=span)


def _decorated_name(base: object, argument: object, script: pieces.Script, span: tree.Span) -> tree.Symbol | None:
    """``x^*``, ``x^\\star`` (a name of its own) and ``x^{(i)}`` (an index); None for other superscripts.

    A star on an expression would be a conjugate transpose, which derive does not read: real
    matrices are the rule here, and ``A^*`` is taken as a name, like ``x^*``.
    """
    star = isinstance(argument, pieces.Mark) and argument.name in STAR_MARKS
    index = _parenthesised_index(argument)
    if not star and index is None:
        return None
    if not isinstance(base, tree.Symbol):
        what = "a star (conjugate transpose)" if star else "a superscript in parentheses"
        raise pieces.unsupported(f"{what} on an expression", script.span)
    if star:
        return tree.Symbol(names.with_mark(base.name, names.STAR), span)
    assert index is not None
    return tree.Symbol(names.with_index(base.name, index), span)


def _parenthesised_index(argument: object) -> str | None:
    if isinstance(argument, tree.Group) and len(argument.items) == 1:
        item = argument.items[0]
        if isinstance(item, tree.Symbol):
            return item.name
        if isinstance(item, tree.Number) and item.text.isdigit():
            return item.text
    return None


def _is_transpose_mark(argument: object) -> bool:
    if isinstance(argument, pieces.Mark):
        return argument.name in TRANSPOSE_NAMES
    return isinstance(argument, tree.Symbol) and argument.name == "T"


def _space(argument: object, span: tree.Span, structure: str = "") -> tree.Space:
    if structure:  # \mathbb{S}^n: n×n
        if not isinstance(argument, (tree.Symbol, tree.Number)):
            raise errors.LatexSyntaxError("write a space of symmetric matrices as \\mathbb{S}^n", offset=span.start)
        return tree.Space(argument, argument, span, structure)
    if isinstance(argument, tree.Mul) and len(argument.factors) == 2:
        return tree.Space(argument.factors[0], argument.factors[1], span)
    if isinstance(argument, (tree.Symbol, tree.Number)):
        return tree.Space(argument, None, span)
    raise errors.LatexSyntaxError("write a space as \\mathbb{R}^{k \\times n} or \\mathbb{R}^n", offset=span.start)


def space(node: tree.Node) -> tree.Space | None:
    """``node`` read as a space, where only a space can stand (after ``\\in``, in ``f: … \\to …``).

    ``\\mathbf{R}^n`` and ``R^{m \\times n}`` are written with a plain letter; ``\\mathbf{S}^n``,
    ``\\mathbf{S}^n_{++}`` and ``\\mathbf{S}^n_+`` are the symmetric, positive definite and
    positive semidefinite n×n matrices. None when ``node`` is not one of these.
    """
    if isinstance(node, tree.Space):
        return node
    if isinstance(node, tree.Symbol) and node.name == "R":
        return tree.Space(None, None, node.span)
    if not (isinstance(node, tree.Power) and isinstance(node.base, tree.Symbol)):
        return None
    letter, _, subscript = node.base.name.partition("_")
    if letter == "R" and not subscript:
        return _space(node.exponent, node.span)
    structure = _STRUCTURES["symmetric"].get(subscript, "symmetric" if not subscript else None)
    if letter == "S" and structure is not None:
        return _space(node.exponent, node.span, structure)
    return None
