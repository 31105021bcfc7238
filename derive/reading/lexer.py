"""Tokens of LaTeX math: prose blanked out, control words retyped, bars paired, TeX's one-token arguments split."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lark

from derive import errors
from derive.reading import notation

PROSE_COMMANDS = frozenset({"text", "textrm", "textit", "textbf", "mbox", "hbox", "tag", "label"})
"""Commands whose braced argument is prose or a label: blanked out before lexing, never read."""

_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
_PROSE_ARGUMENT = re.compile(r"\s*\*?\s*\{")


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
        closing = _closing_brace(text, opening)
        if closing is None:
            raise errors.LatexSyntaxError(
                f"unbalanced braces: the `{{` of \\{word.group(1)} is never closed; add the matching `}}`",
                offset=opening,
            )
        for offset in range(start, closing + 1):
            if blanked[offset] != "\n":
                blanked[offset] = " "
        position = closing + 1


def _closing_brace(text: str, opening: int) -> int | None:
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


class PostLexer(lark.lark.PostLex):
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
