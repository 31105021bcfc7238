"""The lark transformer: rules of ``grammar/latex.lark`` -> :mod:`derive.tree` nodes, with spans."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import lark

from derive import tree
from derive.reading import leibniz, names, notation, pieces, scripts


def _token_span(token: lark.Token) -> tree.Span:
    """Where a token stands in the source."""
    start = token.start_pos or 0
    return tree.Span(start, token.end_pos if token.end_pos is not None else start + len(token.value))


@lark.v_args(inline=True)
class ToTree(lark.Transformer):  # type: ignore[type-arg]
    """Builds :mod:`derive.tree` nodes; method names follow the grammar's rule aliases."""

    # -- formulas and chains --------------------------------------------------------------

    def start(self, formula: tree.Formula) -> tree.Formula:
        for chain in formula.chains:
            for operand in chain.operands:
                for node in tree.walk(operand) if operand is not None else ():
                    if pieces.is_partial(node):
                        raise pieces.unsupported("\\partial outside a derivative fraction", node.span)
        return formula

    def formula(self, *chains: tree.Chain) -> tree.Formula:
        return tree.Formula(tuple(chains), pieces.join(*(chain.span for chain in chains)))

    def chain(self, *items: object) -> tree.Chain:
        operands = [pieces.expression(items[0])]
        relations = []
        for relation, operand in zip(items[1::2], items[2::2]):
            relations.append(notation.RELATIONS[str(relation)])
            operands.append(_operand_after(relations[-1], pieces.expression(operand)))
        _check_signature(operands, relations, items[1::2])
        return tree.Chain(tuple(operands), tuple(relations), pieces.join(*(pieces.span_of(op) for op in operands)))

    def continuation(self, *items: object) -> tree.Chain:
        operands: list[tree.Node | None] = [None]
        relations = []
        for relation, operand in zip(items[0::2], items[1::2]):
            relations.append(notation.RELATIONS[str(relation)])
            operands.append(_operand_after(relations[-1], pieces.expression(operand)))
        _check_signature([None, *operands[1:]], relations, items[0::2])
        start = items[0].start_pos if isinstance(items[0], lark.Token) else 0
        return tree.Chain(
            tuple(operands),
            tuple(relations),
            pieces.join(tree.Span(start or 0, start or 0), *(pieces.span_of(op) for op in operands[1:])),
        )

    # -- sums and products ----------------------------------------------------------------

    def add(self, left: object, _plus: lark.Token, right: object) -> tree.Add:
        return pieces.add_term(pieces.expression(left), pieces.expression(right))

    def subtract(self, left: object, minus: lark.Token, right: object) -> tree.Add:
        negated = tree.Neg(pieces.expression(right), pieces.join(_token_span(minus), pieces.span_of(right)))
        return pieces.add_term(pieces.expression(left), negated)

    def neg(self, minus: lark.Token, operand: object) -> tree.Neg:
        return tree.Neg(pieces.expression(operand), pieces.join(_token_span(minus), pieces.span_of(operand)))

    def pos(self, _plus: lark.Token, operand: object) -> tree.Node:
        return pieces.expression(operand)

    def mul(self, left: object, _op: lark.Token, right: object) -> tree.Mul:
        factors = [pieces.expression(left), pieces.expression(right)]
        flat: list[tree.Node] = []
        for factor in factors:
            flat.extend(factor.factors if isinstance(factor, tree.Mul) else (factor,))
        return tree.Mul(tuple(flat), pieces.join(*(f.span for f in factors)))

    def hadamard(self, left: object, _op: lark.Token, right: object) -> tree.Hadamard:
        factors: list[tree.Node] = []
        for side in (pieces.expression(left), pieces.expression(right)):
            factors.extend(side.factors if isinstance(side, tree.Hadamard) else (side,))
        return tree.Hadamard(tuple(factors), pieces.join(*(f.span for f in factors)))

    def hadamard_divide(self, left: object, _op: lark.Token, right: object) -> tree.Hadamard:
        """``a \\oslash b`` is a ⊙ b^{∘-1}: the entrywise quotient."""
        divisor = pieces.expression(right)
        reciprocal = tree.Power(divisor, tree.Number("-1", divisor.span), divisor.span, entrywise=True)
        return self.hadamard(left, _op, reciprocal)

    def div(self, left: object, _op: lark.Token, right: object) -> tree.Div:
        numerator, denominator = pieces.expression(left), pieces.expression(right)
        return tree.Div(numerator, denominator, pieces.join(numerator.span, denominator.span))

    def juxt(self, *items: object) -> object:
        return pieces.fold(list(items))

    # -- factors and scripts ----------------------------------------------------------------

    def factor(self, primary: object, *written: pieces.Script) -> object:
        subs = [script for script in written if script.kind == "sub"]
        others = [script for script in written if script.kind != "sub"]
        result = primary
        for script in subs:
            result = scripts.subscript(result, script)
        for script in others:
            result = scripts.superscript(result, script)
        return result

    def superscript(self, caret: lark.Token, argument: object) -> pieces.Script:
        return pieces.Script("sup", argument, pieces.join(_token_span(caret), pieces.span_of(argument)))

    def subscript(self, underscore: lark.Token, argument: object) -> pieces.Script:
        return pieces.Script("sub", argument, pieces.join(_token_span(underscore), pieces.span_of(argument)))

    def prime(self, token: lark.Token) -> pieces.Script:
        return pieces.Script("prime", None, _token_span(token))

    def braced_arg(self, open_: lark.Token, formula: tree.Formula, close: lark.Token) -> object:
        chains = formula.chains
        span = pieces.join(_token_span(open_), _token_span(close))
        if len(chains) == 1 and len(chains[0].operands) == 1 and chains[0].operands[0] is not None:
            return dataclasses.replace(chains[0].operands[0], span=span)
        return dataclasses.replace(formula, span=span)

    def entrywise_exponent(self, open_: lark.Token, _circle: lark.Token, formula: tree.Formula, close: lark.Token) -> object:
        exponent = self.braced_arg(open_, formula, close)
        if not isinstance(exponent, (tree.Number, tree.Neg, tree.Symbol)):
            raise pieces.unsupported("an entrywise power other than a number or a letter", pieces.span_of(exponent))
        return pieces.EntrywiseExponent(exponent, pieces.join(_token_span(open_), _token_span(close)))

    def braced_mark(self, open_: lark.Token, token: lark.Token, close: lark.Token) -> object:
        return pieces.widened(self.token_arg(token), pieces.join(_token_span(open_), _token_span(close)))

    def braced_inverse_transpose(self, open_: lark.Token, minus: lark.Token, top: lark.Token, close: lark.Token) -> object:
        # X^{-\top}: read as X^{-T} is, the transpose of the inverse
        span = pieces.join(_token_span(open_), _token_span(close))
        return tree.Neg(self.token_arg(top), span)  # type: ignore[arg-type]

    def braced_marks(self, open_: lark.Token, first: lark.Token, _second: lark.Token, close: lark.Token) -> object:
        return pieces.Mark(str(first) * 2, pieces.join(_token_span(open_), _token_span(close)))  # {++}

    def token_arg(self, token: lark.Token) -> object:
        span = _token_span(token)
        if token.type == "LETTER":
            return tree.Symbol(str(token), span)
        if token.type in ("DIGIT", "NUMBER"):
            return tree.Number(str(token), span)
        if token.type == "GREEK":
            return tree.Symbol(str(token)[1:], span)
        return pieces.Mark(str(token).lstrip("\\"), span)

    def unknown_arg(self, token: lark.Token) -> object:
        raise pieces.unsupported(str(token), _token_span(token))

    def font_arg(self, font: lark.Token, argument: object) -> object:
        return _ones_or(pieces.widened(argument, _token_span(font)), font)

    def opname_arg(self, command: lark.Token, _open: lark.Token, *letters: lark.Token) -> object:
        name = "".join(str(letter) for letter in letters[:-1])
        span = pieces.join(_token_span(command), _token_span(letters[-1]))
        return tree.Symbol(name, span)  # x_\mathrm{ML}, A^\mathrm{T}: a name (a word stays one name)

    def opname_letter(self, command: lark.Token, letter: lark.Token) -> tree.Symbol:
        # \mathrm T, \mathrm d: TeX's one-token argument, an upright letter (A^{\mathrm T} is the transpose)
        return tree.Symbol(str(letter), pieces.join(_token_span(command), _token_span(letter)))

    def accent(self, command: lark.Token, argument: object) -> tree.Symbol:
        """``\\hat\\beta``, ``\\bar x``, ``\\tilde{\\mathbf w}``, ``\\dot x``: a name of its own."""
        span = pieces.join(_token_span(command), pieces.span_of(argument))
        word = str(command)[1:]
        if not isinstance(argument, tree.Symbol) or argument.name == tree.ONES:
            raise pieces.unsupported(f"\\{word} over an expression (only over a name)", span)
        return tree.Symbol(names.with_mark(argument.name, names.ACCENTS[word]), span)

    def script_letter(self, command: lark.Token, argument: object) -> tree.Symbol:
        """``\\mathcal{L}``: a script letter, a name other than ``L``."""
        span = pieces.join(_token_span(command), pieces.span_of(argument))
        script = names.script_letter(argument.name) if isinstance(argument, tree.Symbol) else None
        if script is None:
            raise pieces.unsupported(f"{command} of anything but a letter", span)
        return tree.Symbol(script, span)

    # -- primaries --------------------------------------------------------------------------

    def letter(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(str(token), _token_span(token))

    def greek(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(str(token)[1:], _token_span(token))

    def number(self, token: lark.Token) -> tree.Number:
        return tree.Number(str(token), _token_span(token))

    def paren(self, open_: lark.Token, *items: object) -> tree.Group:
        close = items[-1]
        expressions = tuple(pieces.expression(item) for item in items[:-1] if not isinstance(item, lark.Token))
        assert isinstance(close, lark.Token)
        return tree.Group(expressions, pieces.join(_token_span(open_), _token_span(close)))

    def bracket(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Group:
        return tree.Group((pieces.expression(inner),), pieces.join(_token_span(open_), _token_span(close)))

    def brace(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Node:
        # {x} groups only for TeX; it is not a parenthesis, so it never marks an application.
        return pieces.expression(inner)

    def norm(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Norm:
        return tree.Norm(pieces.expression(inner), "", pieces.join(_token_span(open_), _token_span(close)))

    def inner_product(self, open_: lark.Token, left: object, _comma: lark.Token, right: object, close: lark.Token) -> tree.Function:
        # ⟨a, b⟩ = tr(aᵀb): aᵀb for vectors, the Frobenius product for matrices
        span = pieces.join(_token_span(open_), _token_span(close))
        product = tree.Mul((tree.Transpose(pieces.expression(left), span), pieces.expression(right)), span)
        return tree.Function("tr", product, span)

    def frobenius(self, left: object, colon: lark.Token, right: object) -> tree.Function:
        # A:B = tr(AᵀB), as ⟨A, B⟩ is read; between two numbers a colon is a ratio, which is not read
        sides = pieces.expression(left), pieces.expression(right)
        if all(isinstance(side, tree.Number) for side in sides):
            raise pieces.unsupported("a ratio written with `:`", _token_span(colon))
        span = pieces.join(*(side.span for side in sides))
        return tree.Function("tr", tree.Mul((tree.Transpose(sides[0], span), sides[1]), span), span)

    def abs(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Function:
        return tree.Function("abs", pieces.expression(inner), pieces.join(_token_span(open_), _token_span(close)))

    def frac(self, command: lark.Token, numerator: object, denominator: object) -> object:
        span = pieces.join(_token_span(command), pieces.span_of(numerator), pieces.span_of(denominator))
        derivative = leibniz.derivative_fraction(numerator, denominator, span)
        if derivative is not None:
            return derivative
        return tree.Div(pieces.expression(numerator), pieces.expression(denominator), span)

    def sqrt(self, command: lark.Token, argument: object) -> tree.Function:
        span = pieces.join(_token_span(command), pieces.span_of(argument))
        return tree.Function("sqrt", pieces.expression(argument), span)

    def func(self, token: lark.Token) -> pieces.FunctionName:
        return pieces.FunctionName(notation.FUNCTIONS[str(token)[1:]], _token_span(token))

    def opname(self, command: lark.Token, _open: lark.Token, *letters: lark.Token) -> object:
        name = "".join(str(letter) for letter in letters[:-1])
        span = pieces.join(_token_span(command), _token_span(letters[-1]))
        if name in notation.OPERATOR_NAMES:
            return pieces.FunctionName(notation.OPERATOR_NAMES[name], span)
        # \mathrm{RSS}, \operatorname{RSS}: a name; resolve refuses it unless the document defines it
        # (RSS = eᵀe, RSS(β) = …), so an operator derive does not know (\operatorname{vec}) is never a product
        return tree.Symbol(name, span)

    def font(self, command: lark.Token, argument: object) -> object:
        if str(command) == "\\rm" and (name := _spelled(argument)) in notation.OPERATOR_NAMES:
            return pieces.FunctionName(notation.OPERATOR_NAMES[name], pieces.join(_token_span(command), pieces.span_of(argument)))
        return _ones_or(pieces.widened(argument, _token_span(command)), command)

    def indicator(self, command: lark.Token, _open: lark.Token, left: object, relation: lark.Token, right: object,
                  close: lark.Token) -> tree.Function:
        """``\\mathbb{1}[z > 0]``: 1 where the condition holds, entry by entry (the derivative of ReLU)."""
        span = pieces.join(_token_span(command), _token_span(close))
        if notation.RELATIONS.get(str(relation)) not in (">", "geq") or pieces.expression(right) != tree.Number("0"):
            raise pieces.unsupported("an indicator of other than z > 0", span)
        return tree.Function("step", pieces.expression(left), span)

    def blackboard(self, command: lark.Token, argument: object) -> tree.Space:
        span = pieces.join(_token_span(command), pieces.span_of(argument))
        if isinstance(argument, tree.Symbol) and argument.name == "S":
            return tree.Space(None, None, span, "symmetric")  # \mathbb{S}^n, its superscript gives n×n
        if not (isinstance(argument, tree.Symbol) and argument.name == "R"):
            raise pieces.unsupported("\\mathbb other than \\mathbb{R}", span)
        return tree.Space(None, None, span)

    def nabla(self, token: lark.Token) -> pieces.Prefix:
        return pieces.Prefix("nabla", _token_span(token))

    def sumop(self, token: lark.Token) -> pieces.Prefix:
        return pieces.Prefix("sum", _token_span(token))

    def partial(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(pieces.PARTIAL, _token_span(token))

    def dots(self, token: lark.Token) -> tree.Dots:
        return tree.Dots(_token_span(token))

    def unknown(self, token: lark.Token) -> object:
        raise pieces.unsupported(str(token), _token_span(token))


_SPACE_RELATIONS = frozenset({"in", "colon", "to"})  # after these only a space can stand: x \in \mathbf{R}^n


_SIGNATURE_RELATIONS = frozenset({"colon", "to", "mapsto"})


def _check_signature(operands: Sequence[tree.Node | None], relations: list[str], tokens: tuple[object, ...]) -> None:
    """``:``, ``\\to`` and ``\\mapsto`` are read only in a signature, ``f: \\mathbb{R}^n \\to \\mathbb{R}``.

    Elsewhere (``h \\to 0``, the Frobenius product ``A : B``) they are refused, so that nothing
    around them is read as a claim it is not.

    Raises:
        errors.UnsupportedNotation: one of them outside a signature.
    """
    if not _SIGNATURE_RELATIONS.intersection(relations):
        return
    if (
        len(relations) == 2
        and relations[0] == "colon"
        and relations[1] in ("to", "mapsto")
        and isinstance(operands[0], tree.Symbol)
        and isinstance(operands[1], tree.Space)
    ):
        return
    position = next(index for index, relation in enumerate(relations) if relation in _SIGNATURE_RELATIONS)
    token = tokens[position]
    assert isinstance(token, lark.Token)
    written = str(token) if str(token).startswith("\\") else f"`{token}`"
    raise pieces.unsupported(f"{written} outside a signature such as f: \\mathbb{{R}}^n \\to \\mathbb{{R}}", _token_span(token))


def _operand_after(relation: str, operand: tree.Node) -> tree.Node:
    if relation in _SPACE_RELATIONS:
        return scripts.space(operand) or operand
    return operand


def _spelled(argument: object) -> str | None:
    """The word that ``tr`` (a product of one-letter symbols) spells, or None."""
    letters = argument.factors if isinstance(argument, tree.Mul) else (argument,)
    if all(isinstance(letter, tree.Symbol) and len(letter.name) == 1 for letter in letters):
        return "".join(letter.name for letter in letters if isinstance(letter, tree.Symbol))
    return None


def _ones_or(argument: object, command: lark.Token) -> object:
    """``\\mathbf{1}`` (or ``\\boldsymbol{1}``, ``\\bm{1}``) is the vector of ones; other bold text is itself."""
    if isinstance(argument, tree.Number) and argument.text == "1" and "mathrm" not in str(command):
        return tree.Symbol(tree.ONES, argument.span)
    return argument
