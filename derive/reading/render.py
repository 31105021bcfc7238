"""Our expression tree back to compact LaTeX, for messages and reports."""

from __future__ import annotations

import re

from derive import tree
from derive.reading import names

# How tightly each node binds; a part that binds less tightly than its place needs parentheses.
_SUM, _ELEMENTWISE, _PRODUCT, _BASE, _ATOM = 1, 2, 3, 4, 5
_PRECEDENCE = {tree.Add: _SUM, tree.Neg: _SUM, tree.Hadamard: _ELEMENTWISE, tree.Mul: _PRODUCT, tree.Div: _PRODUCT}
_POSTFIX = (tree.Transpose, tree.Inverse, tree.PseudoInverse, tree.Power, tree.Prime)  # parenthesised as a base
_CONTROL_WORD_END = re.compile(r"(?<!\\)(?:\\\\)*\\[A-Za-z]+$")  # an unescaped backslash, then letters, at the end


def latex(node: tree.Node | None) -> str:
    """Compact LaTeX for ``node`` (``x^TA^TAx``, ``2A^T(Ax - b)``)."""
    if node is None:
        return ""
    if isinstance(node, tree.Symbol):
        return _name(node.name)
    if isinstance(node, tree.Number):
        return node.text
    if isinstance(node, tree.Add):
        text = latex(node.terms[0])
        for term in node.terms[1:]:
            if isinstance(term, tree.Neg):
                text += " - " + _wrap(term.operand, _ELEMENTWISE)
            else:
                text += " + " + latex(term)
        return text
    if isinstance(node, tree.Neg):
        return "-" + _wrap(node.operand, _ELEMENTWISE)
    if isinstance(node, tree.Mul):
        parts = [_wrap(factor, _PRODUCT) for factor in node.factors]
        text = parts[0]
        for part in parts[1:]:
            text += (" " if _needs_space(text, part) else "") + part
        return text
    if isinstance(node, tree.Hadamard):
        return " \\odot ".join(_wrap(factor, _PRODUCT) for factor in node.factors)
    if isinstance(node, tree.Dots):
        return "\\dots"
    if isinstance(node, tree.Div):
        return f"\\frac{{{latex(node.numerator)}}}{{{latex(node.denominator)}}}"
    if isinstance(node, tree.Power):
        if node.entrywise:
            return f"{_wrap(node.base, _BASE)}^{{\\circ {latex(node.exponent)}}}"
        if isinstance(node.base, tree.Inverse) and isinstance(node.exponent, tree.Number):  # X^{-2}
            return f"{_wrap(node.base.operand, _BASE)}^{{-{node.exponent.text}}}"
        return f"{_wrap(node.base, _BASE)}^{{{latex(node.exponent)}}}"
    if isinstance(node, tree.Transpose):
        return f"{_wrap(node.operand, _BASE)}^T"
    if isinstance(node, tree.Inverse):
        return f"{_wrap(node.operand, _BASE)}^{{-1}}"
    if isinstance(node, tree.PseudoInverse):
        return f"{_wrap(node.operand, _BASE)}^{{+}}"
    if isinstance(node, tree.Prime):
        return _wrap(node.operand, _BASE) + "'" * node.order
    if isinstance(node, tree.Group):
        return "(" + ", ".join(latex(item) for item in node.items) + ")"
    if isinstance(node, tree.Norm):
        suffix = f"_{node.kind}" if node.kind else ""
        return f"\\|{latex(node.operand)}\\|{suffix}"
    if isinstance(node, tree.Function):
        if node.name == "abs":
            return f"|{latex(node.argument)}|"
        if node.name == "sqrt":
            return f"\\sqrt{{{latex(node.argument)}}}"
        command = {"exp": "\\exp", "log": "\\log", "det": "\\det", "sin": "\\sin", "cos": "\\cos", "tanh": "\\tanh"}.get(node.name, f"\\operatorname{{{node.name}}}")
        return f"{command}({latex(node.argument)})"
    if isinstance(node, tree.Apply) and not node.arguments:
        return _name(node.function.name)  # a defined value, as \\beta for \\beta = (X^TX)^{-1}X^Ty
    if isinstance(node, tree.Apply):
        return f"{_name(node.function.name)}({', '.join(latex(a) for a in node.arguments)})"
    if isinstance(node, tree.Sum) and isinstance(node.upper, tree.Extent):
        return f"\\sum_{{{latex(node.index)}}} {_wrap(node.body, _PRODUCT)}"
    if isinstance(node, tree.Sum):
        return f"\\sum_{{{latex(node.index)}={latex(node.lower)}}}^{{{latex(node.upper)}}} {_wrap(node.body, _PRODUCT)}"
    if isinstance(node, tree.Gradient):
        script = f"_{{{latex(node.wrt)}}}" if node.wrt is not None else ""
        power = "^2" if node.order == 2 else ""
        return f"\\nabla{script}{power} {_wrap(node.body, _BASE)}"
    if isinstance(node, tree.Derivative):
        d = "\\partial" if node.partial else "d"
        power = f"^{node.order}" if node.order > 1 else ""
        return f"\\frac{{{d}{power}}}{{{d} {latex(node.wrt)}{power}}} {_wrap(node.body, _BASE)}"
    if isinstance(node, tree.Entry):
        column = node.column.name if node.column is not None else ""
        return f"({latex(node.of)})_{{{node.index.name}{column}}}"
    if isinstance(node, tree.Components):
        column = node.column.name if node.column is not None else ""
        return f"[{latex(node.body)}]_{{{node.index.name}{column}}}"
    if isinstance(node, tree.Indexed):
        if node.kind == "element" and node.column is not None:
            return f"{_name(node.symbol.name)}_{{{node.index.name}{node.column.name}}}"
        if node.kind == "row":
            return f"{node.symbol.name.lower()}_{{{node.index.name}}}"
        return f"{_name(node.symbol.name)}_{{{node.index.name}}}"
    if isinstance(node, tree.Space):
        if node.structure:
            marks = {"positive definite": "_{++}", "positive semidefinite": "_{+}"}.get(node.structure, "")
            return f"\\mathbb{{S}}^{{{latex(node.rows)}}}{marks}"
        if node.rows is None:
            return "\\mathbb{R}"
        if node.cols is None:
            return f"\\mathbb{{R}}^{{{latex(node.rows)}}}"
        return f"\\mathbb{{R}}^{{{latex(node.rows)} \\times {latex(node.cols)}}}"
    raise TypeError(f"cannot render {type(node).__name__}")


def _needs_space(left: str, right: str) -> bool:
    """Whether juxtaposing two factors needs a space to keep them two.

    A control word runs on through letters (``\\lambda`` then ``I`` would read as the
    unknown ``\\lambdaI``) and digits run into digits (``2`` ``3`` is not ``23``); a letter
    before a command is spaced for legibility only (``A \\Sigma``).
    """
    ends_in_command = _CONTROL_WORD_END.search(left) is not None
    return (
        ends_in_command and right[0].isalpha()
        or left[-1].isalpha() and right[0] == "\\"
        or left[-1].isdigit() and right[0].isdigit()
    )


def _wrap(node: tree.Node, level: int) -> str:
    text = latex(node)
    own = _PRECEDENCE.get(type(node), _ATOM)
    if isinstance(node, tree.Number) and level >= _BASE and node.text.startswith("-"):
        own = _SUM
    if own < level:
        return f"({text})"
    if level >= _BASE and isinstance(node, _POSTFIX):
        return f"({text})"
    return text


def name(name: str) -> str:
    """A symbol's name as LaTeX (``alpha_1`` → ``\\alpha_1``, ``x̂`` → ``\\hat{x}``)."""
    return _name(name)


def _name(name: str) -> str:
    if name == tree.ONES:
        return "\\mathbf{1}"
    return names.latex(name)
