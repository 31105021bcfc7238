"""The functions of machine-learning notes that a document uses without defining them: the logistic
σ, softplus, softmax and log-sum-exp, given as definitions in the document's own terms.

A function of a number (σ, softplus) applied to a vector acts on each entry, as any function the
document defines on numbers does; softmax and log-sum-exp take the vector whole. A document that
defines one of these names itself keeps its own definition.
"""

from __future__ import annotations

from collections.abc import Iterable

from derive import tree
from derive.reading import notation, resolve

WORDS = notation.FUNCTION_WORDS  # written as \operatorname{…} or \mathrm{…}: always a function
LOGISTIC = "sigma"  # \sigma( … ): the logistic function, when σ is used nowhere else


def _parameter(name: str) -> tree.Symbol:
    return tree.Symbol(f"z_{name}")  # a name no document writes (a subscript that is a word)


def _definition(name: str) -> resolve.FunctionDefinition:
    z = _parameter(name)
    one = tree.Number("1")
    exp_z = tree.Function("exp", z)
    total = tree.Mul((tree.Transpose(tree.Symbol(tree.ONES)), exp_z))  # 1ᵀ exp(z)
    bodies: dict[str, tree.Node] = {
        "sigma": tree.Div(one, tree.Add((one, tree.Function("exp", tree.Neg(z))))),
        "softplus": tree.Function("log", tree.Add((one, exp_z))),
        "softmax": tree.Div(exp_z, total),
        "logsumexp": tree.Function("log", total),
    }
    aliases = {"sigmoid": "sigma", "LSE": "logsumexp"}
    return resolve.FunctionDefinition(name, (z.name,), bodies[aliases.get(name, name)])


def used(formulas: Iterable[tree.Formula]) -> dict[str, resolve.FunctionDefinition]:
    """The builtin functions ``formulas`` use: the words, and σ when every σ is applied (``\\sigma(X\\theta)``,
    ``\\sigma'(z)``), never a number of its own (``\\sigma^2``, ``\\sigma x``)."""
    applied: set[int] = set()
    names: dict[str, list[tree.Symbol]] = {}
    for formula in formulas:
        for chain in formula.chains:
            for operand in chain.operands:
                for node in tree.walk(operand) if operand is not None else ():
                    if isinstance(node, tree.Symbol):
                        names.setdefault(node.name, []).append(node)
                    if isinstance(node, tree.Mul):
                        for factor, following in zip(node.factors, node.factors[1:]):
                            head = factor.operand if isinstance(factor, tree.Prime) else factor
                            if isinstance(factor, tree.Function):  # \log\sigma(X\theta)
                                head = factor.argument
                            if isinstance(head, tree.Symbol) and isinstance(following, tree.Group):
                                applied.add(id(head))
    found = {name: _definition(name) for name in WORDS if name in names}
    uses = names.get(LOGISTIC, [])
    if uses and all(id(symbol) in applied for symbol in uses):
        found[LOGISTIC] = _definition(LOGISTIC)
    return found
