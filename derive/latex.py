"""LaTeX math -> our expression tree, with a lark LALR grammar shipped as package data."""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import re
from collections.abc import Iterator

import lark

from derive import errors, notation, tree

MAX_FORMULA_LENGTH = 20_000
MAX_NESTING = 60


def parse(text: str) -> tree.Formula:
    """Parse one math block into a :class:`tree.Formula`.

    Raises:
        errors.LatexSyntaxError: the text is not well-formed LaTeX math.
        errors.UnsupportedNotation: a construct derive does not understand yet.
    """
    if len(text) > MAX_FORMULA_LENGTH:
        raise errors.LatexSyntaxError(
            f"formula too long ({len(text)} characters; at most {MAX_FORMULA_LENGTH}): split it into steps"
        )
    _check_nesting(text)
    cleaned = _strip_trailing_punctuation(text)
    try:
        result = _parser().parse(cleaned)
    except lark.exceptions.UnexpectedInput as problem:
        raise _syntax_error(problem, cleaned) from None
    except lark.exceptions.VisitError as problem:
        if isinstance(problem.orig_exc, errors.DeriveError):
            raise problem.orig_exc from None
        raise
    assert isinstance(result, tree.Formula)
    return result


def _check_nesting(text: str) -> None:
    # lark's LALR parser is iterative, but our transformer and later stages recurse:
    # refuse absurd nesting up front with a clear message instead of a RecursionError.
    depth = 0
    for offset, char in enumerate(text):
        if char in "({[":
            depth += 1
            if depth > MAX_NESTING:
                raise errors.LatexSyntaxError(
                    f"brackets nested more than {MAX_NESTING} deep", offset=offset
                )
        elif char in ")}]":
            depth -= 1


def _strip_trailing_punctuation(text: str) -> str:
    # "x = 1." and "a = b," end sentences; blank them out so offsets stay valid.
    match = re.search(r"[\s.,;]*$", text)
    assert match is not None
    tail = match.group(0)
    return text[: match.start()] + " " * len(tail)


def _syntax_error(problem: lark.exceptions.UnexpectedInput, text: str) -> errors.LatexSyntaxError:
    unclosed = _unclosed_brace(text)
    if unclosed is not None:
        return errors.LatexSyntaxError(
            "unbalanced braces: this `{` is never closed; add the matching `}`", offset=unclosed
        )
    token = getattr(problem, "token", None)
    offset = getattr(problem, "pos_in_stream", None) or 0
    if token is not None and token.type != "$END" and token.start_pos is not None:
        offset, found = token.start_pos, f"`{token}`"
    elif isinstance(problem, lark.exceptions.UnexpectedCharacters):
        found = f"`{text[offset]}`"
    else:
        offset, found = len(text.rstrip()), ""
    names = set(getattr(problem, "expected", ()) or ()) | set(getattr(problem, "allowed", ()) or ())
    expected = sorted({notation.TOKEN_DESCRIPTIONS.get(name, name.lower()) for name in names})
    message = f"unexpected {found}" if found else "the formula ends too early"
    if expected:
        message += "; expected " + ", ".join(expected[:6]) + (", …" if len(expected) > 6 else "")
    return errors.LatexSyntaxError(message, offset=offset)


def _unclosed_brace(text: str) -> int | None:
    stack: list[int] = []
    for offset, char in enumerate(text):
        if char == "\\":
            continue
        if char == "{" and (offset == 0 or text[offset - 1] != "\\"):
            stack.append(offset)
        elif char == "}" and (offset == 0 or text[offset - 1] != "\\") and stack:
            stack.pop()
    return stack[0] if stack else None


@functools.cache
def _parser() -> lark.Lark:
    grammar = importlib.resources.files("derive.grammar").joinpath("latex.lark").read_text("utf-8")
    return lark.Lark(
        grammar,
        parser="lalr",
        lexer="basic",
        postlex=_PostLexer(),
        transformer=_ToTree(),
        propagate_positions=True,
        maybe_placeholders=False,
    )


class _PostLexer(lark.lark.PostLex):
    """Retypes control words, drops layout, and decides which bars open and close."""

    always_accept = ("CMD", "DBAR", "BAR", "COMMA", "LINEBREAK", "SEMICOLON", "STAR", "NUMBER")

    def process(self, stream: Iterator[lark.Token]) -> Iterator[lark.Token]:
        previous: str | None = None
        depth = 0  # parentheses and braces: a comma inside them is not a separator
        open_bars: list[str] = []
        force: str | None = None  # "open" after \left, "close" after \right
        dropped_start: int | None = None  # where a dropped \left began: the next token's span starts there
        arguments = _Arguments()
        for token in stream:
            kind = token.type
            if kind == "CMD":
                word = token.value[1:]
                if word in notation.IGNORED:
                    force = {"left": "open", "right": "close"}.get(word, force)
                    if word == "left":
                        dropped_start = token.start_pos
                    continue
                kind = notation.TOKEN_TYPES.get(word, "CMD")
            elif kind in ("LINEBREAK", "SEMICOLON") or (kind == "COMMA" and depth == 0):
                kind = "_SEP"
            elif kind == "STAR":
                kind = "MULOP"
            elif kind in ("DBAR", "BAR"):
                kind = self._bar(kind, previous, open_bars, force)
            if kind in ("LPAR", "LBRACK", "LBRACE"):
                depth += 1
            elif kind in ("RPAR", "RBRACK", "RBRACE"):
                depth -= 1
            if kind != token.type or dropped_start is not None:
                token = _retyped(token, kind, token.value, 0, start=dropped_start)
                dropped_start = None
            for piece in arguments.split(token, depth):
                yield piece
            force = None if kind != "_SEP" else force
            previous = kind

    @staticmethod
    def _bar(kind: str, previous: str | None, open_bars: list[str], force: str | None) -> str:
        opener, closer = ("LNORM", "RNORM") if kind == "DBAR" else ("LBAR", "RBAR")
        closes = force == "close" or (
            force != "open" and previous in notation.OPERAND_ENDS and open_bars and open_bars[-1] == kind
        )
        if closes and open_bars:
            open_bars.pop()
            return closer
        open_bars.append(kind)
        return opener


class _Arguments:
    """TeX's rule that an unbraced argument of ``^``, ``_`` or ``\\frac`` is one token.

    ``x^23`` is x²·3 and ``\\frac123`` is ½·3, but ``x^{23}`` and ``\\frac{12}{5}`` keep
    their numbers whole.
    """

    def __init__(self) -> None:
        self._expected = 0  # single-token arguments the next tokens must supply
        self._resume: list[tuple[int, int]] = []  # (brace depth, arguments still expected after it)

    def split(self, token: lark.Token, depth: int) -> list[lark.Token]:
        kind = token.type
        if kind in ("CARET", "UNDERSCORE"):
            self._expected = 1
            return [token]
        if kind == "FRAC":
            self._expected = 2
            return [token]
        if kind == "RBRACE" and self._resume and self._resume[-1][0] == depth + 1:
            self._expected = self._resume.pop()[1]
            return [token]
        if not self._expected:
            return [token]
        if kind == "LBRACE":
            self._resume.append((depth, self._expected - 1))
            self._expected = 0
            return [token]
        if kind == "NUMBER" and token.value[0].isdigit():
            pieces = []
            offset = 0
            while self._expected and offset < len(token.value) - 1 and token.value[offset].isdigit():
                pieces.append(_retyped(token, "DIGIT", token.value[offset], offset))
                offset += 1
                self._expected -= 1
            rest = token.value[offset:]
            pieces.append(_retyped(token, "DIGIT" if len(rest) == 1 else "NUMBER", rest, offset))
            self._expected = max(self._expected - 1, 0)
            return pieces
        self._expected -= 1
        return [token]


def _retyped(token: lark.Token, kind: str, value: str, shift: int, *, start: int | None = None) -> lark.Token:
    begin = (token.start_pos or 0) + shift
    end = token.end_pos if shift == 0 and token.end_pos is not None and value == token.value else begin + len(value)
    return lark.Token(
        kind, value, start_pos=begin if start is None else start, line=token.line,
        column=(token.column or 0) + shift, end_line=token.end_line, end_column=token.end_column, end_pos=end,
    )


# --- intermediate results that exist only while the transformer runs -------------------


@dataclasses.dataclass(frozen=True)
class _Script:
    kind: str  # "sup", "sub" or "prime"
    argument: object
    span: tree.Span


@dataclasses.dataclass(frozen=True)
class _Mark:
    """A script argument that is not an expression: ``\\top``, ``+``, ``\\dagger``."""

    name: str
    span: tree.Span


@dataclasses.dataclass(frozen=True)
class _Prefix:
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
class _FunctionName:
    """A named function that applies to the next factor: ``\\log``, ``\\operatorname{tr}``."""

    name: str
    span: tree.Span


PARTIAL = "∂"
TRANSPOSE_NAMES = frozenset({"T", "top", "intercal", "⊤"})


def _token_span(token: lark.Token) -> tree.Span:
    start = token.start_pos or 0
    return tree.Span(start, token.end_pos if token.end_pos is not None else start + len(token.value))


def _join(*spans: tree.Span) -> tree.Span:
    real = [span for span in spans if span != tree.NO_SPAN]
    if not real:
        return tree.NO_SPAN
    return tree.Span(min(span.start for span in real), max(span.end for span in real))


def _widened(item: object, span: tree.Span) -> object:
    if dataclasses.is_dataclass(item) and not isinstance(item, type) and hasattr(item, "span"):
        return dataclasses.replace(item, span=_join(span, item.span))
    return item


def _span_of(item: object) -> tree.Span:
    return getattr(item, "span", tree.NO_SPAN)


def _unsupported(what: str, span: tree.Span) -> errors.UnsupportedNotation:
    return errors.UnsupportedNotation(what, offset=span.start)


@lark.v_args(inline=True)
class _ToTree(lark.Transformer):  # type: ignore[type-arg]
    """Builds :mod:`derive.tree` nodes; method names follow the grammar's rule aliases."""

    # -- formulas and chains --------------------------------------------------------------

    def start(self, formula: tree.Formula) -> tree.Formula:
        for chain in formula.chains:
            for operand in chain.operands:
                for node in tree.walk(operand) if operand is not None else ():
                    if _is_partial(node):
                        raise _unsupported("\\partial outside a derivative fraction", node.span)
        return formula

    def formula(self, *chains: tree.Chain) -> tree.Formula:
        return tree.Formula(tuple(chains), _join(*(chain.span for chain in chains)))

    def chain(self, *items: object) -> tree.Chain:
        operands = [_expression(items[0])]
        relations = []
        for relation, operand in zip(items[1::2], items[2::2]):
            relations.append(notation.RELATIONS[str(relation)])
            operands.append(_expression(operand))
        return tree.Chain(tuple(operands), tuple(relations), _join(*(_span_of(op) for op in operands)))

    def continuation(self, *items: object) -> tree.Chain:
        operands: list[tree.Node | None] = [None]
        relations = []
        for relation, operand in zip(items[0::2], items[1::2]):
            relations.append(notation.RELATIONS[str(relation)])
            operands.append(_expression(operand))
        start = items[0].start_pos if isinstance(items[0], lark.Token) else 0
        return tree.Chain(
            tuple(operands), tuple(relations), _join(tree.Span(start or 0, start or 0), *(_span_of(op) for op in operands[1:]))
        )

    # -- sums and products ----------------------------------------------------------------

    def add(self, left: object, _plus: lark.Token, right: object) -> tree.Add:
        return _add(_expression(left), _expression(right))

    def subtract(self, left: object, minus: lark.Token, right: object) -> tree.Add:
        negated = tree.Neg(_expression(right), _join(_token_span(minus), _span_of(right)))
        return _add(_expression(left), negated)

    def neg(self, minus: lark.Token, operand: object) -> tree.Neg:
        return tree.Neg(_expression(operand), _join(_token_span(minus), _span_of(operand)))

    def pos(self, _plus: lark.Token, operand: object) -> tree.Node:
        return _expression(operand)

    def mul(self, left: object, _op: lark.Token, right: object) -> tree.Mul:
        factors = [_expression(left), _expression(right)]
        flat: list[tree.Node] = []
        for factor in factors:
            flat.extend(factor.factors if isinstance(factor, tree.Mul) else (factor,))
        return tree.Mul(tuple(flat), _join(*(f.span for f in factors)))

    def hadamard(self, left: object, _op: lark.Token, right: object) -> tree.Hadamard:
        factors: list[tree.Node] = []
        for side in (_expression(left), _expression(right)):
            factors.extend(side.factors if isinstance(side, tree.Hadamard) else (side,))
        return tree.Hadamard(tuple(factors), _join(*(f.span for f in factors)))

    def div(self, left: object, _op: lark.Token, right: object) -> tree.Div:
        numerator, denominator = _expression(left), _expression(right)
        return tree.Div(numerator, denominator, _join(numerator.span, denominator.span))

    def juxt(self, *items: object) -> object:
        return _fold(list(items))

    # -- factors and scripts ----------------------------------------------------------------

    def factor(self, primary: object, *scripts: _Script) -> object:
        subs = [script for script in scripts if script.kind == "sub"]
        others = [script for script in scripts if script.kind != "sub"]
        result = primary
        for script in subs:
            result = _subscript(result, script)
        for script in others:
            result = _superscript(result, script)
        return result

    def superscript(self, caret: lark.Token, argument: object) -> _Script:
        return _Script("sup", argument, _join(_token_span(caret), _span_of(argument)))

    def subscript(self, underscore: lark.Token, argument: object) -> _Script:
        return _Script("sub", argument, _join(_token_span(underscore), _span_of(argument)))

    def prime(self, token: lark.Token) -> _Script:
        return _Script("prime", None, _token_span(token))

    def braced_arg(self, open_: lark.Token, formula: tree.Formula, close: lark.Token) -> object:
        chains = formula.chains
        span = _join(_token_span(open_), _token_span(close))
        if len(chains) == 1 and len(chains[0].operands) == 1 and chains[0].operands[0] is not None:
            return dataclasses.replace(chains[0].operands[0], span=span)
        return dataclasses.replace(formula, span=span)

    def braced_mark(self, open_: lark.Token, token: lark.Token, close: lark.Token) -> object:
        return _widened(self.token_arg(token), _join(_token_span(open_), _token_span(close)))

    def token_arg(self, token: lark.Token) -> object:
        span = _token_span(token)
        if token.type == "LETTER":
            return tree.Symbol(str(token), span)
        if token.type in ("DIGIT", "NUMBER"):
            return tree.Number(str(token), span)
        if token.type == "GREEK":
            return tree.Symbol(str(token)[1:], span)
        return _Mark(str(token).lstrip("\\"), span)

    def unknown_arg(self, token: lark.Token) -> object:
        raise _unsupported(str(token), _token_span(token))

    def font_arg(self, font: lark.Token, argument: object) -> object:
        return _widened(argument, _token_span(font))

    def opname_arg(self, command: lark.Token, _open: lark.Token, *letters: lark.Token) -> object:
        name = "".join(str(letter) for letter in letters[:-1])
        span = _join(_token_span(command), _token_span(letters[-1]))
        if len(name) == 1:
            return tree.Symbol(name, span)
        return _Mark(name, span)

    # -- primaries --------------------------------------------------------------------------

    def letter(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(str(token), _token_span(token))

    def greek(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(str(token)[1:], _token_span(token))

    def number(self, token: lark.Token) -> tree.Number:
        return tree.Number(str(token), _token_span(token))

    def paren(self, open_: lark.Token, *items: object) -> tree.Group:
        close = items[-1]
        expressions = tuple(_expression(item) for item in items[:-1] if not isinstance(item, lark.Token))
        assert isinstance(close, lark.Token)
        return tree.Group(expressions, _join(_token_span(open_), _token_span(close)))

    def bracket(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Group:
        return tree.Group((_expression(inner),), _join(_token_span(open_), _token_span(close)))

    def brace(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Node:
        # {x} groups only for TeX; it is not a parenthesis, so it never marks an application.
        return _expression(inner)

    def norm(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Norm:
        return tree.Norm(_expression(inner), "", _join(_token_span(open_), _token_span(close)))

    def abs(self, open_: lark.Token, inner: object, close: lark.Token) -> tree.Function:
        return tree.Function("abs", _expression(inner), _join(_token_span(open_), _token_span(close)))

    def frac(self, command: lark.Token, numerator: object, denominator: object) -> object:
        span = _join(_token_span(command), _span_of(numerator), _span_of(denominator))
        derivative = _derivative_fraction(numerator, denominator, span)
        if derivative is not None:
            return derivative
        return tree.Div(_expression(numerator), _expression(denominator), span)

    def sqrt(self, command: lark.Token, argument: object) -> tree.Function:
        return tree.Function("sqrt", _expression(argument), _join(_token_span(command), _span_of(argument)))

    def func(self, token: lark.Token) -> _FunctionName:
        return _FunctionName(notation.FUNCTIONS[str(token)[1:]], _token_span(token))

    def opname(self, command: lark.Token, _open: lark.Token, *letters: lark.Token) -> object:
        name = "".join(str(letter) for letter in letters[:-1])
        span = _join(_token_span(command), _token_span(letters[-1]))
        if name in notation.OPERATOR_NAMES:
            return _FunctionName(notation.OPERATOR_NAMES[name], span)
        if len(name) == 1:
            return tree.Symbol(name, span)
        raise _unsupported(f"\\operatorname{{{name}}}", span)

    def font(self, command: lark.Token, argument: object) -> object:
        return _widened(argument, _token_span(command))

    def blackboard(self, command: lark.Token, argument: object) -> tree.Space:
        span = _join(_token_span(command), _span_of(argument))
        if not (isinstance(argument, tree.Symbol) and argument.name == "R"):
            raise _unsupported("\\mathbb other than \\mathbb{R}", span)
        return tree.Space(None, None, span)

    def nabla(self, token: lark.Token) -> _Prefix:
        return _Prefix("nabla", _token_span(token))

    def sumop(self, token: lark.Token) -> _Prefix:
        return _Prefix("sum", _token_span(token))

    def partial(self, token: lark.Token) -> tree.Symbol:
        return tree.Symbol(PARTIAL, _token_span(token))

    def dots(self, token: lark.Token) -> tree.Dots:
        return tree.Dots(_token_span(token))

    def unknown(self, token: lark.Token) -> object:
        raise _unsupported(str(token), _token_span(token))


# --- helpers of the transformer ------------------------------------------------------------


def _expression(item: object) -> tree.Node:
    """``item`` as a finished expression, or an error saying what stands alone."""
    if isinstance(item, _Prefix):
        raise errors.LatexSyntaxError(f"`\\{item.kind}` needs something to apply to", offset=item.span.start)
    if isinstance(item, _FunctionName):
        raise errors.LatexSyntaxError(f"`{item.name}` needs an argument", offset=item.span.start)
    if isinstance(item, _Mark):
        raise errors.LatexSyntaxError(f"`{item.name}` cannot stand alone here", offset=item.span.start)
    if isinstance(item, tree.Formula):
        raise errors.LatexSyntaxError("a relation cannot stand inside braces here", offset=item.span.start)
    return item  # type: ignore[return-value]  # a stray \partial is caught at the end, in start()


def _is_partial(item: object) -> bool:
    return isinstance(item, tree.Symbol) and item.name == PARTIAL


def _add(left: tree.Node, right: tree.Node) -> tree.Add:
    terms = (left.terms if isinstance(left, tree.Add) else (left,)) + (right,)
    return tree.Add(terms, _join(left.span, right.span))


def _fold(items: list[object]) -> object:
    """Apply prefix operators and named functions inside one juxtaposition."""
    factors: list[tree.Node] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, _Prefix):
            rest = items[index + 1 :]
            if not rest:
                return item if not factors else _expression(item)
            body = _expression(_fold(rest))
            factors.append(_apply_prefix(item, body))
            break
        if isinstance(item, _FunctionName):
            if index + 1 >= len(items):
                return item if not factors else _expression(item)
            applied, index = _apply_function(items, index)
            factors.append(applied)
            continue
        factors.append(_expression(item))
        index += 1
    if len(factors) == 1:
        return factors[0]
    return tree.Mul(tuple(factors), _join(*(factor.span for factor in factors)))


def _apply_function(items: list[object], index: int) -> tuple[tree.Function, int]:
    """``\\log x``, ``\\log\\det(X)``: a named function and the factor it applies to."""
    name = items[index]
    assert isinstance(name, _FunctionName)
    if index + 1 >= len(items):
        raise errors.LatexSyntaxError(f"`{name.name}` needs an argument", offset=name.span.start)
    following = items[index + 1]
    argument: tree.Node
    if isinstance(following, _FunctionName):
        argument, after = _apply_function(items, index + 1)
    else:
        argument, after = _expression(_fold([following])), index + 2
    span = _join(name.span, argument.span)
    if isinstance(argument, tree.Group) and len(argument.items) == 1:
        argument = argument.items[0]
    return tree.Function(name.name, argument, span), after


def _apply_prefix(prefix: _Prefix, body: tree.Node) -> tree.Node:
    span = _join(prefix.span, body.span)
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


def _subscript(base: object, script: _Script) -> object:
    argument = script.argument
    span = _join(_span_of(base), script.span)
    if isinstance(base, tree.Symbol):
        return tree.Symbol(f"{base.name}_{_subscript_text(argument)}", span)
    if isinstance(base, tree.Norm):
        kind = _subscript_text(argument)
        if kind not in ("2", "F"):
            raise _unsupported(f"the norm \\|·\\|_{kind}", script.span)
        return tree.Norm(base.operand, kind, span)
    if isinstance(base, _Prefix) and base.kind == "nabla":
        if not isinstance(argument, tree.Symbol):
            raise errors.LatexSyntaxError("\\nabla_ takes the variable, as \\nabla_x", offset=script.span.start)
        return dataclasses.replace(base, wrt=argument, span=span)
    if isinstance(base, _Prefix) and base.kind == "sum":
        return _sum_lower(base, argument, span)
    raise _unsupported("a subscript here", script.span)


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
                raise _unsupported("this subscript", _span_of(argument))
        return "".join(pieces)
    raise _unsupported("this subscript", _span_of(argument))


def _sum_lower(base: _Prefix, argument: object, span: tree.Span) -> _Prefix:
    if isinstance(argument, tree.Formula) and len(argument.chains) == 1:
        chain = argument.chains[0]
        if chain.relations == ("=",) and isinstance(chain.operands[0], tree.Symbol) and chain.operands[1] is not None:
            return dataclasses.replace(base, index=chain.operands[0], lower=chain.operands[1], span=span)
    raise errors.LatexSyntaxError("write the sum's range as \\sum_{i=1}^{k}", offset=span.start)


def _superscript(base: object, script: _Script) -> object:
    argument = script.argument
    span = _join(_span_of(base), script.span)
    if script.kind == "prime":
        if isinstance(base, tree.Prime):
            return tree.Prime(base.operand, base.order + 1, span)
        return tree.Prime(_expression(base), 1, span)
    if isinstance(base, _Prefix):
        if base.kind == "sum":
            return dataclasses.replace(base, upper=_expression(argument), span=span)
        if base.kind == "nabla":
            if not (isinstance(argument, tree.Number) and argument.text in ("1", "2")):
                raise _unsupported("\\nabla with this power", script.span)
            return dataclasses.replace(base, order=int(argument.text), span=span)
    if isinstance(base, tree.Space):
        return _space(argument, span)
    if _is_transpose_mark(argument):
        return tree.Transpose(_expression(base), span)
    if isinstance(argument, tree.Neg) and argument.operand == tree.Number("1"):
        return tree.Inverse(_expression(base), span)
    if isinstance(argument, tree.Neg) and _is_transpose_mark(argument.operand):  # X^{-T} = (X^{-1})^T
        return tree.Transpose(tree.Inverse(_expression(base), span), span)
    if isinstance(argument, _Mark):
        if argument.name in ("+", "dagger"):
            return tree.PseudoInverse(_expression(base), span)
        raise _unsupported(f"the superscript {argument.name}", script.span)
    if isinstance(argument, tree.Formula):
        raise _unsupported("a relation in a superscript", script.span)
    return tree.Power(_expression(base), _expression(argument), span)


def _is_transpose_mark(argument: object) -> bool:
    if isinstance(argument, _Mark):
        return argument.name in TRANSPOSE_NAMES
    return isinstance(argument, tree.Symbol) and argument.name == "T"


def _space(argument: object, span: tree.Span) -> tree.Space:
    if isinstance(argument, tree.Mul) and len(argument.factors) == 2:
        return tree.Space(argument.factors[0], argument.factors[1], span)
    if isinstance(argument, (tree.Symbol, tree.Number)):
        return tree.Space(argument, None, span)
    raise errors.LatexSyntaxError("write a space as \\mathbb{R}^{k \\times n} or \\mathbb{R}^n", offset=span.start)


def _derivative_fraction(numerator: object, denominator: object, span: tree.Span) -> object | None:
    """``\\frac{d^n y}{dt^n}`` (or with ``\\partial``) as a derivative, else None."""
    top = _derivative_parts(numerator)
    hessian_variable = _second_partial_variable(denominator)
    if top is not None and hessian_variable is not None and top[0] == PARTIAL and top[1] == 2:
        if top[2] is None:
            return _Prefix("derivative", span, wrt=hessian_variable, order=2, partial=True)
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
        return _Prefix("derivative", span, wrt=variable, order=top_order, partial=partial)
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
    rest = [_expression(factor) for factor in factors[1:]]
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
    return head.name, order, tree.Mul(tuple(rest), _join(*(f.span for f in rest)))
