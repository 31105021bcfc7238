"""Which relations define a name: ``f(x) = …``, ``J(\\theta) = …``, ``\\mathrm{RSS}(\\beta) = …``, ``g := …``.

Any name may be defined as a function, whatever its case, font or subscript; an uppercase
letter is a matrix by convention, so ``A(x) = …`` defines a function only when its body uses
the parameter or a signature (``A: \\mathbb{R}^n \\to \\mathbb{R}``) says ``A`` is a function.
Whether the name is new is the classifier's to say.
"""

from __future__ import annotations

from collections.abc import Mapping

from derive import tree
from derive.meaning import shapes
from derive.reading import names, resolve


def head(lhs: tree.Node, rhs: tree.Node, *, signed: bool = False) -> tuple[str, tuple[str, ...]] | None:
    """The name and parameters that ``lhs = rhs`` would define, or None when it cannot be a definition.

    ``signed``: the name has a signature, so it is a function whatever its case.
    """
    found = resolve.definition_head(lhs)
    if found is None and isinstance(lhs, tree.Symbol):
        found = (lhs.name, ())
    if found is None:
        return None
    name, parameters = found
    if mentions(rhs, name):
        return None  # x = x + 0 or f(x) = f(x) compares; it defines nothing
    if parameters and names.is_latin_upper(name) and not signed and not any(mentions(rhs, p) for p in parameters):
        return None  # A(x) = b: a matrix times x
    return found


def parameter_shapes(
    parameters: tuple[str, ...], signature: tuple[shapes.Shape, shapes.Shape] | None, declared: Mapping[str, shapes.Shape]
) -> dict[str, shapes.Shape]:
    """The shapes a signature gives to a definition's undeclared parameter: ``f: \\mathbb{R}^n \\to \\mathbb{R}``
    then ``f(x) = …`` makes x a vector of length n."""
    if signature is None or len(parameters) != 1 or parameters[0] in declared:
        return {}
    return {parameters[0]: signature[0]}


def mentions(node: tree.Node, name: str) -> bool:
    """Whether the symbol ``name`` occurs in ``node``."""
    return any(isinstance(item, tree.Symbol) and item.name == name for item in tree.walk(node))


def is_variant_of(lhs: tree.Node, variable: tree.Symbol | None) -> bool:
    """``\\hat\\beta`` (or ``\\beta^*``, ``\\mathbf w_{\\mathrm{ML}}``) after an equation in β: a name for its solution."""
    return (
        variable is not None
        and isinstance(lhs, tree.Symbol)
        and lhs.name != variable.name
        and names.family(lhs.name) == variable.name
    )
