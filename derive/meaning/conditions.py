"""What an expression needs to be defined: inverted matrices invertible, logarithms of positive values."""

from __future__ import annotations

from derive import tree
from derive.meaning import shapes
from derive.reading import render


def required(table: shapes.ShapeTable, *sides: tree.Node) -> tuple[str, ...]:
    """What must hold for the expressions to be defined: inverted matrices invertible, and so on."""
    found: list[str] = []
    for side in sides:
        for node in tree.walk(side):
            texts = [] if (needed := domain(node, table)) is None else [needed]
            if isinstance(node, tree.Inverse):
                texts = invertible(table, node.operand)
            if isinstance(node, (tree.Gradient, tree.Derivative)):  # ReLU has no derivative where its argument is 0
                texts = [f"no entry of {render.latex(inner.argument)} is 0 (where ReLU has no derivative)"
                         for inner in tree.walk(node.body) if isinstance(inner, tree.Function) and inner.name == "relu"]
            for text in texts:
                if text not in found:
                    found.append(text)
    return tuple(found)


def invertible(table: shapes.ShapeTable, operand: tree.Node) -> list[str]:
    """Why ``operand`` must be invertible, said about the symbols when that is simpler."""
    while isinstance(operand, (tree.Group, tree.Transpose)) and not (isinstance(operand, tree.Group) and len(operand.items) != 1):
        operand = operand.items[0] if isinstance(operand, tree.Group) else operand.operand  # (Xᵀ)⁻¹ needs X⁻¹
    if isinstance(operand, tree.Symbol):
        return [f"{render.name(operand.name)} is invertible"]
    if isinstance(operand, tree.Function) and operand.name == "diag" and positive(operand.argument):
        return []  # diag(exp(Z)𝟏): positive entries, always invertible
    if isinstance(operand, tree.Mul):
        factors = [f.operand if isinstance(f, tree.Transpose) else f for f in operand.factors]
        if len(factors) == 2 and operand.factors[0] == tree.Transpose(factors[1]) and isinstance(factors[1], tree.Symbol):
            name = factors[1].name
            shape = table.symbols.get(name)
            if shape is not None and shape.cols == 1:  # xᵀx is invertible exactly when x is not zero
                return [f"{render.name(name)} \\neq 0 ({render.latex(operand)} invertible)"]
            if shape is not None:
                return [f"rank({name}) = {shape.cols} ({render.latex(operand)} invertible)"]
        shapes_of = [table.symbols.get(f.name) if isinstance(f, tree.Symbol) else None for f in factors]
        if all(shape is not None and shape.rows == shape.cols for shape in shapes_of):
            return [f"{render.name(f.name)} is invertible" for f in factors if isinstance(f, tree.Symbol)]
    return [f"{render.latex(operand)} is invertible"]


def _nonnegative(node: tree.Node) -> bool:
    """Whether ``node`` is never negative by its form: positive, an even power, a norm, or sums of those
    (\\sqrt{t^2} needs no condition)."""
    if positive(node) or isinstance(node, tree.Norm):
        return True
    if isinstance(node, tree.Power) and isinstance(node.exponent, tree.Number):
        return node.exponent.text.isdigit() and int(node.exponent.text) % 2 == 0
    if isinstance(node, tree.Group):
        return len(node.items) == 1 and _nonnegative(node.items[0])
    if isinstance(node, tree.Add):
        return all(_nonnegative(term) for term in node.terms)
    if isinstance(node, tree.Hadamard):  # x ⊙ x, the squares of the entries
        return len(node.factors) == 2 and node.factors[0] == node.factors[1]
    return False


def positive(node: tree.Node) -> bool:
    """Whether ``node`` is positive (every entry) whatever its symbols: 1 + e^{-z}, σ(Xθ), 𝟏ᵀexp(z).
    A condition that such a value is positive or non-zero always holds and is not listed."""
    if isinstance(node, tree.Number):
        return float(node.text) > 0
    if isinstance(node, tree.Function):
        return node.name == "exp"
    if isinstance(node, tree.Group):
        return len(node.items) == 1 and positive(node.items[0])
    if isinstance(node, tree.Transpose):
        return positive(node.operand)
    if isinstance(node, tree.Symbol):
        return node.name == tree.ONES
    if isinstance(node, tree.Add):
        if len(node.terms) == 2 and isinstance(node.terms[1], tree.Neg) and _below_one(node.terms[1].operand):
            first = node.terms[0]  # 1 - σ(z), 𝟏 - σ(Xθ)
            return first == tree.Symbol(tree.ONES) or (isinstance(first, tree.Number) and float(first.text) >= 1)
        # positive terms, or one positive term and the rest never negative (1 + x ⊙ x, x^{∘2} + 𝟏)
        return any(positive(term) for term in node.terms) and all(_nonnegative(term) for term in node.terms)
    if isinstance(node, tree.Mul):
        factors = [f for f in node.factors if f != tree.Transpose(tree.Symbol(tree.ONES))]  # 𝟏ᵀv sums v
        return bool(factors) and all(positive(factor) for factor in factors)
    if isinstance(node, tree.Div):
        return positive(node.numerator) and positive(node.denominator)
    if isinstance(node, tree.Apply):
        return node.body is not None and positive(node.body)
    if isinstance(node, tree.Sum):  # \sum_k \exp(w_k^Tx): a sum of positive terms
        return positive(node.body)
    return False


def _below_one(node: tree.Node) -> bool:
    """1/(1 + p) with p positive, as σ(z) is: a value between 0 and 1."""
    if isinstance(node, tree.Apply):
        return node.body is not None and _below_one(node.body)
    if isinstance(node, tree.Group):
        return len(node.items) == 1 and _below_one(node.items[0])
    return (
        isinstance(node, tree.Div) and node.numerator == tree.Number("1") and isinstance(node.denominator, tree.Add)
        and node.denominator.terms[0] == tree.Number("1") and all(positive(t) for t in node.denominator.terms[1:])
    )


def _size_multiple(node: tree.Node, table: shapes.ShapeTable) -> bool:
    """A product of sizes and positive numbers (n, 2m, N - 0 excluded): never zero."""
    if isinstance(node, tree.Symbol):
        return node.name in table.dimensions
    if isinstance(node, tree.Number):
        return float(node.text) > 0
    if isinstance(node, tree.Group):
        return len(node.items) == 1 and _size_multiple(node.items[0], table)
    return isinstance(node, tree.Mul) and all(_size_multiple(factor, table) for factor in node.factors)


def domain(node: tree.Node, table: shapes.ShapeTable) -> str | None:
    """What a logarithm, a square root or a division needs: a positive (nonnegative) argument, a non-zero denominator."""
    if (
        isinstance(node, tree.Function)
        and node.name == "log"
        and not isinstance(node.argument, tree.Number)
        and not positive(node.argument)
    ):
        return f"{render.latex(node.argument)} > 0"
    if isinstance(node, tree.Function) and node.name == "sqrt" and not isinstance(node.argument, tree.Number) and not _nonnegative(node.argument):
        return f"{render.latex(node.argument)} \\geq 0"  # a real square root
    if isinstance(node, tree.Div) and not isinstance(node.denominator, tree.Number) and not positive(node.denominator):
        denominator = node.denominator
        if _size_multiple(denominator, table):
            return None  # \frac{1}{n}, \frac{1}{2m}: a size is never zero
        if isinstance(denominator, tree.Function) and denominator.name == "det":
            return f"{render.latex(denominator.argument)} is invertible"
        return f"{render.latex(denominator)} \\neq 0"
    return None
