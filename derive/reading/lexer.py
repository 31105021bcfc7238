"""Tokens of LaTeX math: prose blanked out, control words retyped, bars paired, TeX's one-token arguments split."""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Iterator

import lark

from derive import errors
from derive.reading import notation

PROSE_COMMANDS = frozenset(
    "text textrm textup textnormal textit textbf textsf mbox hbox tag label "
    "hspace vspace phantom hphantom vphantom".split()
)
"""Commands whose braced argument is prose, a label or a space: blanked out before lexing, never read."""

NAME_COMMANDS = frozenset(PROSE_COMMANDS - {"tag", "label", "hspace", "vspace", "phantom", "hphantom", "vphantom"})
"""Prose commands kept (and read as ``\\operatorname``) when they write a name: ``\\text{tr}``, ``x_{\\text{ML}}``."""

_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
_PROSE_ARGUMENT = re.compile(r"\s*\*?\s*\{")
_NAME_TEXT = re.compile(r"\s*[A-Za-z]+\s*")
_SCRIPT_BEFORE = re.compile(r"[_^]\s*\{?\s*$")

Remap = Callable[[int, int], tuple[int, int]]
"""Where the characters ``[start, end)`` of the lexed text came from in the source (after macro expansion)."""

_REMAP: contextvars.ContextVar[Remap | None] = contextvars.ContextVar("derive_lexer_remap", default=None)


@contextlib.contextmanager
def positions_from(remap: Remap | None) -> Iterator[None]:
    """While lexing inside this block, token positions are mapped through ``remap`` (None: kept)."""
    token = _REMAP.set(remap)
    try:
        yield
    finally:
        _REMAP.reset(token)


def blank_prose(text: str) -> str:
    """``text`` with every prose command and its braced argument (nested braces included) blanked out.

    Blanks are spaces (newlines are kept), so offsets into the result are offsets into ``text``.

    Raises:
        errors.LatexSyntaxError: a prose command whose ``{`` is never closed.
    """
    blanked = list(text)
    position = 0
    while True:
        start = text.find("\\", position)
        if start < 0:
            return "".join(blanked)
        word = _CONTROL_WORD.match(text, start)
        if word is None:
            position = start + 2  # a control symbol such as `\\` or `\{`: the next character is taken
            continue
        position = word.end()
        if word.group(1) not in PROSE_COMMANDS:
            continue
        argument = _PROSE_ARGUMENT.match(text, position)
        if argument is None:
            continue  # no braced argument: the command stays, and is refused as unsupported notation
        opening = argument.end() - 1
        closing = closing_brace(text, opening)
        if closing is None:
            raise errors.LatexSyntaxError(
                f"unbalanced braces: the `{{` of \\{word.group(1)} is never closed; add the matching `}}`",
                offset=opening,
            )
        if word.group(1) in NAME_COMMANDS and _writes_a_name(text, start, opening, closing):
            position = closing + 1
            continue
        for offset in range(start, closing + 1):
            if blanked[offset] != "\n":
                blanked[offset] = " "
        _blank_remark_brackets(blanked, start, closing)
        position = closing + 1


_SPACING_BEFORE = re.compile(r"\\(?:q?quad|[,;:> ])\s*$")


def _blank_remark_brackets(blanked: list[str], start: int, end: int) -> None:
    """``\\quad[\\text{chain rule}]``, ``\\quad (\\text{by symmetry})``: brackets that held only the prose
    just blanked go with it. Parentheses only after a space command: in ``f(\\text{RSS})`` they
    apply f, and reading f alone would change what was written."""
    before, after = start - 1, end + 1
    while before >= 0 and blanked[before].isspace():
        before -= 1
    while after < len(blanked) and blanked[after].isspace():
        after += 1
    if before < 0 or after >= len(blanked) or (before > 0 and blanked[before - 1] == "\\"):
        return  # \[ and \( open math, they are no brackets
    opening, closing = blanked[before], blanked[after]
    spaced = _SPACING_BEFORE.search("".join(blanked[max(0, before - 12) : before])) is not None
    if (opening, closing) == ("[", "]") or ((opening, closing) == ("(", ")") and spaced):
        blanked[before] = blanked[after] = " "


def _writes_a_name(text: str, start: int, opening: int, closing: int) -> bool:
    """Whether ``\\text{…}`` at ``start`` writes a name: an operator (``\\text{tr}``), a script
    (``_{\\text{ML}}``) or a function applied to a parenthesis (``\\mbox{RSS}(b)``)."""
    content = text[opening + 1 : closing]
    if _NAME_TEXT.fullmatch(content) is None:
        return False
    return (
        content.strip() in notation.OPERATOR_NAMES
        or _SCRIPT_BEFORE.search(text, max(0, start - 16), start) is not None
        or text[closing + 1 :].lstrip().startswith("(")
    )


def closing_brace(text: str, opening: int) -> int | None:
    """The offset of the ``}`` that closes the ``{`` at ``opening``; escaped braces do not count."""
    depth = 0
    offset = opening
    while offset < len(text):
        char = text[offset]
        if char == "\\":
            offset += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return offset
        offset += 1
    return None


_MAPS_TO = frozenset({"\\to", "\\mapsto", "\\rightarrow", "\\longrightarrow", "\\longmapsto"})
_ENDS = frozenset({"LINEBREAK", "SEMICOLON"})


def _frobenius_colons(tokens: list[lark.Token]) -> Iterator[lark.Token]:
    """``A:B`` is the Frobenius product tr(AᵀB), a product of the matrices beside it; the colon of
    a signature (``f: \\mathbb{R}^n \\to \\mathbb{R}``, a \\to or \\mapsto later in the same row, or
    a ``\\mathbb`` space right after it) stays a relation."""
    for index, token in enumerate(tokens):
        if token.type == "REL" and token.value == ":" and not _signature_colon(tokens, index):
            yield _retyped(token, "FROBENIUS", ":", 0)
        else:
            yield token


def _signature_colon(tokens: list[lark.Token], index: int) -> bool:
    following = tokens[index + 1 :]
    if following and following[0].type == "CMD" and following[0].value == "\\mathbb":
        return True  # x: \mathbb{R}^n; a bold letter after it is a matrix (\mathbf U : \mathbf V)
    for token in following:
        if token.type in _ENDS:
            return False
        if token.type == "CMD" and token.value in _MAPS_TO:
            return True
    return False


class PostLexer(lark.lark.PostLex):
    """Retypes control words, drops layout, and decides which bars open and close.

    A ``|`` inside the parentheses of an application (``p(x | \\mu)``) separates the
    conditioning variables, like ``\\mid``; ``||`` is a norm's bar, as ``\\|``. Inside
    :func:`positions_from`, token positions are mapped back to the source.
    """

    always_accept = ("CMD", "DBAR", "BAR", "PIPES", "COMMA", "LINEBREAK", "SEMICOLON", "STAR", "NUMBER")

    def process(self, stream: Iterator[lark.Token]) -> Iterator[lark.Token]:
        remap = _REMAP.get()
        tokens = self._tokens(_frobenius_colons(list(stream)))
        return tokens if remap is None else (_remapped(token, remap) for token in tokens)

    def _tokens(self, stream: Iterator[lark.Token]) -> Iterator[lark.Token]:
        previous: str | None = None
        depth = 0  # parentheses and braces: a comma inside them is not a separator
        bars = _Bars()
        force: str | None = None  # "open" after \left, "close" after \right
        dropped_start: int | None = None  # where a dropped \left or \big began: the next token's span starts there
        arguments = _Arguments()
        earlier: str | None = None  # the kind before ``previous``
        sum_scripts: list[int] = []  # depths of the braces of \sum_{j,k}, where a comma separates indices
        subscripts: list[int] = []  # depths of other subscript braces: x_{i,j} is x_{ij}
        letter_before = False  # the token before was one letter or digit
        for token in stream:
            kind = token.type
            closing: lark.Token | None = None  # the first bar of a `||` that closes a `|`
            if kind == "CMD":
                word = token.value[1:]
                if word in notation.IGNORED:
                    force = {"left": "open", "right": "close"}.get(word, force)
                    if dropped_start is None:
                        dropped_start = token.start_pos
                    continue
                kind = notation.TOKEN_TYPES.get(word, "CMD")
            elif kind in ("LINEBREAK", "SEMICOLON") or (kind == "COMMA" and depth == 0):
                kind = "_SEP"
            elif kind == "COMMA" and sum_scripts and sum_scripts[-1] == depth:
                kind = "_SEP"  # \sum_{j,k}: two indices
            elif kind == "COMMA" and subscripts and subscripts[-1] == depth and letter_before:
                continue  # a_{k,l}: the comma only separates the indices
            elif kind == "STAR":
                if previous == "OPNAME":
                    continue  # \operatorname*{argmin}: the star only places limits
                kind = "MULOP"
            elif kind == "PIPES":
                if bars.closes_single(previous, force):  # |a||b|: one bar closes, the next is read after it
                    first, token = _halves(token)
                    closing = _retyped(first, bars.kind("BAR", previous, force), "|", 0)
                    kind = bars.kind("BAR", "RBAR", None)
                else:
                    kind = bars.kind("DBAR", previous, force)
            elif kind in ("DBAR", "BAR"):
                kind = bars.kind(kind, previous, force)
            elif kind == "REL" and (force, token.value) in (("open", "<"), ("close", ">")):
                kind = "LANGLE" if force == "open" else "RANGLE"  # \left< a, b \right>
            if kind in ("LPAR", "LBRACK", "LBRACE", "LSET", "LANGLE"):
                depth += 1
                if kind == "LBRACE" and previous == "UNDERSCORE" and earlier == "SUMOP":
                    sum_scripts.append(depth)
                elif kind == "LBRACE" and previous == "UNDERSCORE":
                    subscripts.append(depth)
                if kind == "LPAR":
                    bars.enter(previous)
            elif kind in ("RPAR", "RBRACK", "RBRACE", "RSET", "RANGLE"):
                if sum_scripts and sum_scripts[-1] == depth:
                    sum_scripts.pop()
                if subscripts and subscripts[-1] == depth:
                    subscripts.pop()
                depth -= 1
                if kind == "RPAR":
                    bars.leave()
            if kind != token.type or dropped_start is not None:
                token = _retyped(token, kind, token.value, 0, start=dropped_start)
                dropped_start = None
            if closing is not None:
                yield from arguments.split(closing, depth)
            yield from arguments.split(token, depth)
            force = None if kind != "_SEP" else force
            earlier, previous = previous, kind
            letter_before = len(token.value) == 1 and token.value.isalnum()


class _Bars:
    """Which ``|`` and ``\\|`` open and which close, and which separate conditioning variables."""

    def __init__(self) -> None:
        self._open: list[str] = []
        self._calls: list[int | None] = []  # per open parenthesis: the bars open at it, if it follows a name

    def enter(self, previous: str | None) -> None:
        self._calls.append(len(self._open) if previous in _NAME_ENDS else None)

    def leave(self) -> None:
        if self._calls:
            self._calls.pop()

    def closes_single(self, previous: str | None, force: str | None) -> bool:
        return force != "open" and previous in notation.OPERAND_ENDS and bool(self._open) and self._open[-1] == "BAR"

    def kind(self, kind: str, previous: str | None, force: str | None) -> str:
        opener, closer = ("LNORM", "RNORM") if kind == "DBAR" else ("LBAR", "RBAR")
        after_operand = force != "open" and previous in notation.OPERAND_ENDS
        closes = force == "close" or (after_operand and self._open and self._open[-1] == kind)
        if closes and self._open:
            self._open.pop()
            return closer
        if kind == "BAR" and after_operand and self._calls and self._calls[-1] == len(self._open):
            return "MID"  # p(x | \mu): no bar is open inside this application's parentheses
        self._open.append(kind)
        return opener


_NAME_ENDS = frozenset({"LETTER", "GREEK", "RBRACE", "PRIME"})  # what stands before the `(` of an application


def _halves(token: lark.Token) -> tuple[lark.Token, lark.Token]:
    """``||`` as two ``|`` tokens."""
    return _retyped(token, "BAR", "|", 0), _retyped(token, "BAR", "|", 1)


def _remapped(token: lark.Token, remap: Remap) -> lark.Token:
    start = token.start_pos or 0
    end = token.end_pos if token.end_pos is not None else start + len(token.value)
    begin, finish = remap(start, max(end, start + 1))
    return lark.Token(
        token.type, token.value, start_pos=begin, line=token.line, column=token.column,
        end_line=token.end_line, end_column=token.end_column, end_pos=finish,
    )


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
