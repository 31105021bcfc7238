"""Markup that changes how a formula looks, not what it says: boxes, colours, braces with notes, ``\\prime``.

``\\boxed{x = 1}``, ``\\color{blue}{A^T}``, ``\\textcolor{red}{x}``, ``\\underbrace{y^T}_{1\\times T}`` and
``\\overbrace{…}^{note}`` read as what they wrap; ``x^\\prime`` (or ``x^{\\prime}``) as ``x'``. The
markup is blanked with spaces (newlines kept), so offsets into the result are offsets into the text.
Characters pasted from word processors and web pages are read as what they look like: the minus
sign ``−`` as ``-``, the apostrophe ``’`` and the prime ``′`` as ``'``.
"""

from __future__ import annotations

import re

from derive import errors
from derive.reading import lexer, notation, rows

_MARKUP = re.compile(r"\\(boxed|color|textcolor|underbrace|overbrace)(?![A-Za-z])|\^\s*(?:\\prime|\{\s*\\prime\s*\})")
_SWITCHED_OPERATOR = re.compile(r"\{\s*\\rm\s+([A-Za-z]+)\s*\}")  # {\rm tr}: written as \rm{tr}, same length
_TYPED = str.maketrans({"\u2212": "-", "\u2019": "'", "\u2032": "'"})  # one character for one: offsets kept
_COMMAND = re.compile(r"\\[A-Za-z]+")
_NOTE_SCRIPT = {"underbrace": "_", "overbrace": "^"}


_INDICATOR = re.compile(r"\\math(?:bb|ds)\{1\}(?=\s*[\[(])")  # 𝟙[z > 0], the indicator of a condition


def plain(text: str) -> str:
    """``text`` with presentation markup blanked out and ``^\\prime`` written as ``'``.

    Raises:
        errors.LatexSyntaxError: a ``{`` of the markup that is never closed.
    """
    text = text.translate(_TYPED)
    if "\\" not in text:
        return text
    text = _INDICATOR.sub(r"\\indicator", text)  # the same length: positions stay
    if "{\\rm" in text:
        text = _SWITCHED_OPERATOR.sub(_operator_switch, text)
    blanked = list(text)
    for found in re.finditer(r"\\\\", text):  # \\[1ex]: the space after a row break is layout
        space = rows.SPACE_AFTER_BREAK.match(text, found.end())
        if space is not None:
            _blank(blanked, space.start(), space.end())
    for found in _MARKUP.finditer(text):
        command = found.group(1)
        if command is None:  # ^\prime: the prime itself, where the caret was
            blanked[found.start()] = "'"
            _blank(blanked, found.start() + 1, found.end())
            continue
        end = found.end()
        if command == "boxed":  # its braces go too: the box may hold a whole relation
            closing = _group_end(text, end, command) - 1
            blanked[closing] = " "
            end = _skip_spaces(text, end) + 1
        elif command in ("color", "textcolor"):  # the colour's name is blanked, what it colours stays
            end = _group_end(text, end, command)
        elif command in _NOTE_SCRIPT:  # the note under (or over) the brace is blanked with its script
            wrapped = _group_end(text, end, command)
            note = _skip_spaces(text, wrapped)
            if text.startswith(_NOTE_SCRIPT[command], note):
                _blank(blanked, note, _script_end(text, note + 1, command))
        _blank(blanked, found.start(), end)
    return "".join(blanked)


def _operator_switch(found: re.Match[str]) -> str:
    """``{\\rm tr}`` as ``\\rm{tr}`` (padded to its length) when it names an operator, so that it reads as one."""
    name = found.group(1)
    if name not in notation.OPERATOR_NAMES:
        return found.group()
    written = f"\\rm{{{name}}}"
    return written + " " * (len(found.group()) - len(written))


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _blank(blanked: list[str], start: int, end: int) -> None:
    for offset in range(start, end):
        if blanked[offset] != "\n":
            blanked[offset] = " "


def _group_end(text: str, position: int, command: str) -> int:
    """The offset after the braced group at ``position`` (after spaces)."""
    opening = _skip_spaces(text, position)
    if not text.startswith("{", opening):
        raise errors.LatexSyntaxError(f"\\{command} needs its argument in braces", offset=position)
    closing = lexer.closing_brace(text, opening)
    if closing is None:
        raise errors.LatexSyntaxError(
            f"unbalanced braces: the `{{` of \\{command} is never closed; add the matching `}}`", offset=opening
        )
    return closing + 1


def _script_end(text: str, position: int, command: str) -> int:
    """The offset after a script's argument at ``position``: a braced group, a command with its
    braced argument, or one character."""
    start = _skip_spaces(text, position)
    if text.startswith("{", start):
        return _group_end(text, start, command)
    word = _COMMAND.match(text, start)
    if word is not None:
        after = _skip_spaces(text, word.end())
        return _group_end(text, after, command) if text.startswith("{", after) else word.end()
    return min(start + 1, len(text))
