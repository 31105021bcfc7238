"""Macro definitions written outside math: `\\newcommand`, `\\DeclareMathOperator`, `\\def` and their kin."""

from __future__ import annotations

import re

from derive.reading.documents import scanning

#: The commands that define a macro, without the backslash.
COMMANDS = frozenset(
    {"newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "def"}
)
_COMMAND = re.compile(
    r"\\(?:(?P<word>newcommand|renewcommand|providecommand|DeclareMathOperator)"
    r"(?![A-Za-z@])\*?|(?P<primitive>def)(?![A-Za-z@]))"
)
_NAME = re.compile(r"\\(?:[A-Za-z@]+|[^A-Za-z@\s])")  # `\tr`, `\@x`, `\*`
_BRACED_NAME = re.compile(r"\{[ \t\n]*(\\(?:[A-Za-z@]+|[^A-Za-z@\s]))[ \t\n]*\}")
_ARGUMENT_COUNT = re.compile(r"\[[ \t]*\d[ \t]*\]")  # `[1]`
_DEFAULT = re.compile(r"\[[^\]\n]*\]")  # the default of the first argument
_SPACES = re.compile(r"(?:[ \t]|%[^\n]*|\n(?![ \t]*\n))*")  # no blank line
_PARAMETERS = re.compile(r"[^{}%\\\n]*(?:\\.[^{}%\\\n]*)*")  # `#1#2`, `#1.#2`


def end(source: str, offset: int, stop: int | None = None) -> int | None:
    """The offset just after the definition starting at `source[offset]`, or
    None when no complete definition starts there.

    A definition is `\\newcommand`, `\\renewcommand` or `\\providecommand`
    (starred or not) with a macro name (braced or not), an optional argument
    count and default, and a braced body; `\\DeclareMathOperator` (starred or
    not) with a name and a braced body; or `\\def` with a name, its parameter
    text (`#1#2`) and a braced body. Bodies are balanced groups; spaces, single
    newlines and `%` comments may separate the pieces, a blank line may not.
    `\\input` and other macros are never followed.
    """
    stop = len(source) if stop is None else stop
    command = _COMMAND.match(source, offset, stop)
    if command is None:
        return None
    i = _skip_spaces(source, command.end(), stop)
    if command["primitive"]:
        name = _NAME.match(source, i, stop)
        if name is None:
            return None
        parameters = _PARAMETERS.match(source, name.end(), stop)
        i = parameters.end() if parameters else name.end()
    else:
        name = _BRACED_NAME.match(source, i, stop) or _NAME.match(source, i, stop)
        if name is None:
            return None
        i = name.end()
        if command["word"] != "DeclareMathOperator":
            i = _optional(source, i, stop, _ARGUMENT_COUNT)
            i = _optional(source, i, stop, _DEFAULT)
        i = _skip_spaces(source, i, stop)
    if i >= stop or not source.startswith("{", i):
        return None
    return scanning.group_end(source, i, stop)


def incomplete_end(source: str, offset: int, stop: int | None = None) -> int | None:
    """Where a definition at `offset` that `end` could not complete is cut
    off (the end of its line), or None when none began there (`\\newcommand`
    named in prose, with no macro name after it).

    A begun definition is still recorded, so that the macro reader reports what
    is missing at its place instead of the definition vanishing."""
    stop = len(source) if stop is None else stop
    command = _COMMAND.match(source, offset, stop)
    if command is None:
        return None
    i = _skip_spaces(source, command.end(), stop)
    named = _NAME.match(source, i, stop)
    if not command["primitive"]:
        named = _BRACED_NAME.match(source, i, stop) or named
    if named is None:
        return None
    newline = source.find("\n", offset, stop)
    return stop if newline < 0 else newline


def _optional(source: str, offset: int, stop: int, pattern: re.Pattern[str]) -> int:
    """The offset after `pattern` if it follows `offset` (after spaces), else `offset`."""
    found = pattern.match(source, _skip_spaces(source, offset, stop), stop)
    return found.end() if found else offset


def _skip_spaces(source: str, offset: int, stop: int) -> int:
    """The offset after the spaces, single newlines and `%` comments at `offset`."""
    found = _SPACES.match(source, offset, stop)
    return found.end() if found else offset
