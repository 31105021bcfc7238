"""Macros a document defines (``\\newcommand``, ``\\def``, ``\\DeclareMathOperator``, …), expanded before parsing.

A :class:`Macros` table is read from definition texts (:meth:`Macros.from_texts`) or taken out
of a math block (:meth:`Macros.take_definitions`, which blanks the definitions so that offsets
stay offsets into the block), and :meth:`Macros.expand` rewrites a formula with them. Every
character of an expansion remembers where it came from: a character of a macro's body comes
from the whole invocation (``\\norm{Ax-b}``), a character of an argument from its own place, so
that error carets and claim spans point into the source. Expansion is bounded: a macro that
expands without end (``\\def\\x{\\x}``) is an error, never a hang, and nothing is ever read from a
file (``\\input`` in a body stays a command the parser refuses).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
from collections.abc import Iterable, Mapping

from derive import errors
from derive.reading import lexer

MAX_EXPANDED = 100_000  # characters an expansion may reach
MAX_EXPANSIONS = 10_000  # macro invocations one formula may expand

_DEFINITION = re.compile(
    r"\\(?:(?P<command>newcommand|renewcommand|providecommand)|(?P<operator>DeclareMathOperator)|(?P<primitive>def))"
    r"(?![A-Za-z@])(?P<star>\s*\*)?"
)
_NAME = re.compile(r"\s*\\([A-Za-z@]+|[^A-Za-z@\s])")
_BRACED_NAME = re.compile(r"\s*\{\s*\\([A-Za-z@]+|[^A-Za-z@\s])\s*\}")
_COUNT = re.compile(r"\s*\[\s*(\d)\s*\]")
_PARAMETERS = re.compile(r"(?:#\d)*")
_LETTERS = re.compile(r"[A-Za-z]+")


@dataclasses.dataclass(frozen=True)
class Macro:
    """One macro: its name (without the backslash), how many arguments it takes, and its body.

    ``default`` is the default of an optional first argument (``\\newcommand{\\x}[2][1]{…}``).
    """

    name: str
    parameters: int = 0
    body: str = ""
    default: str | None = None


@dataclasses.dataclass(frozen=True)
class Expansion:
    """A formula with its macros expanded, and where each of its characters came from."""

    text: str
    expanded: bool = False  # whether a macro was expanded; if not, positions are positions in the source
    starts: tuple[int, ...] = ()  # per character of ``text``: the source span it came from
    ends: tuple[int, ...] = ()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span the characters ``[start, end)`` of :attr:`text` came from."""
        if not self.expanded:
            return start, end
        last = len(self.starts)
        if not last:
            return 0, 0
        if start >= last:
            return self.ends[-1], self.ends[-1]
        end = min(max(end, start + 1), last)
        return min(self.starts[start:end]), max(self.ends[start:end])

    def offset(self, offset: int) -> int:
        """The source offset of the character at ``offset`` of :attr:`text`."""
        return self.span(offset, offset + 1)[0]


@dataclasses.dataclass(frozen=True)
class Macros:
    """The macros in force, by name."""

    table: Mapping[str, Macro] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Macros:
        """The macros defined by ``texts``, read in order (a later definition wins, except ``\\providecommand``).

        Each text holds definitions such as ``\\newcommand{\\norm}[1]{\\left\\|#1\\right\\|}`` (the
        document reader's ``Document.definitions``); anything else in it is ignored.

        Raises:
            errors.LatexSyntaxError: a definition that cannot be read (``offset`` is into its text).
        """
        found = cls()
        for text in texts:
            _, found = found._taken(text)
        return found

    @classmethod
    def take_definitions(cls, text: str) -> tuple[str, Macros]:
        """``text`` (a math block) with its macro definitions blanked out (offsets unchanged), and the
        macros they define.

        ``\\newcommand``, ``\\renewcommand``, ``\\providecommand``, ``\\DeclareMathOperator`` and
        ``\\def`` are taken, as MathJax and KaTeX take them inside math.

        Raises:
            errors.LatexSyntaxError: a definition that cannot be read.
        """
        if _DEFINITION.search(text) is None:
            return text, cls()
        return cls()._taken(text)

    def merged(self, other: Macros) -> Macros:
        """These macros, with ``other``'s defined on top."""
        if not other.table:
            return self
        if not self.table:
            return other
        return Macros(types.MappingProxyType({**self.table, **other.table}))

    def expand(self, text: str) -> Expansion:
        """``text`` with every macro invocation replaced by its body, recursively.

        Raises:
            errors.LatexSyntaxError: a macro that expands without end, an expansion past
                :data:`MAX_EXPANDED` characters, or an invocation without its arguments.
        """
        if not self.table or self._invocation.search(text) is None:
            return Expansion(text)
        return _Expander(self.table, text).run()

    @functools.cached_property
    def _invocation(self) -> re.Pattern[str]:
        words = sorted((re.escape(name) for name in self.table if _LETTERS.fullmatch(name)), key=len, reverse=True)
        return re.compile(r"\\(?:" + "|".join(words) + r")(?![A-Za-z])" if words else r"(?!)")

    def _taken(self, text: str) -> tuple[str, Macros]:
        blanked = list(text)
        table = dict(self.table)
        position = 0
        while (found := _DEFINITION.search(text, position)) is not None:
            macro, end, keep = _definition(text, found)
            if not (keep and macro.name in table):
                table[macro.name] = macro
            for offset in range(found.start(), end):
                if blanked[offset] != "\n":
                    blanked[offset] = " "
            position = end
        return "".join(blanked), Macros(types.MappingProxyType(table))


def _definition(text: str, found: re.Match[str]) -> tuple[Macro, int, bool]:
    """The macro defined at ``found``, the offset after its definition, and whether an existing one is kept."""
    position = found.end()
    start = found.start()
    if found["primitive"]:
        name = _NAME.match(text, position)
        if name is None:
            raise _malformed("\\def", "a name, as \\def\\x{…}", start)
        parameters = _PARAMETERS.match(text, name.end())
        assert parameters is not None
        count = len(parameters.group()) // 2
        if parameters.group() != "".join(f"#{n}" for n in range(1, count + 1)):
            raise errors.LatexSyntaxError("write the parameters of \\def as #1#2…, in order", offset=name.end())
        body, end = _braced(text, parameters.end(), "\\def", start)
        return Macro(name.group(1), count, body), end, False
    command = "\\" + (found["command"] or found["operator"])
    name = _BRACED_NAME.match(text, position) or _NAME.match(text, position)
    if name is None:
        raise _malformed(command, f"a name, as {command}{{\\x}}{{…}}", start)
    position = name.end()
    if found["operator"]:
        body, end = _braced(text, position, command, start)
        return Macro(name.group(1), 0, f"\\mathrm{{{body}}}"), end, False
    count, default = 0, None
    if (counted := _COUNT.match(text, position)) is not None:
        count, position = int(counted.group(1)), counted.end()
        after = _skip_spaces(text, position)
        if text.startswith("[", after):
            closing = text.find("]", after)
            if closing < 0:
                raise _malformed(command, "the default of its first argument closed with `]`", after)
            default, position = text[after + 1 : closing], closing + 1
    body, end = _braced(text, position, command, start)
    return Macro(name.group(1), count, body, default), end, found["command"] == "providecommand"


def _braced(text: str, position: int, command: str, start: int) -> tuple[str, int]:
    """The content of the braced group at ``position`` (after spaces), and the offset after it."""
    opening = _skip_spaces(text, position)
    if not text.startswith("{", opening):
        raise _malformed(command, "its body in braces", start)
    closing = lexer.closing_brace(text, opening)
    if closing is None:
        raise errors.LatexSyntaxError(
            f"unbalanced braces: the body of {command} is never closed; add the matching `}}`", offset=opening
        )
    return text[opening + 1 : closing], closing + 1


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _malformed(command: str, expected: str, offset: int) -> errors.LatexSyntaxError:
    return errors.LatexSyntaxError(f"{command} expects {expected}", offset=offset)


_Char = tuple[str, int, int]  # a character and the source span it came from


class _Expander:
    """TeX's expansion, for macros only: characters wait on a stack, an expansion is pushed back onto it."""

    def __init__(self, table: Mapping[str, Macro], text: str) -> None:
        self._table = table
        self._pending: list[_Char] = [(char, offset, offset + 1) for offset, char in enumerate(text)][::-1]
        self._out: list[_Char] = []
        self._expansions = 0

    def run(self) -> Expansion:
        pending, out = self._pending, self._out
        while pending:
            char = pending.pop()
            if char[0] != "\\":
                out.append(char)
                continue
            word = self._word(char)
            macro = self._table.get("".join(c[0] for c in word[1:]))
            if macro is None or len(word) == 1:
                out.extend(word)
                if len(word) == 1 and pending:
                    out.append(pending.pop())  # a control symbol, `\\` or `\{`: its character is taken as is
                continue
            self._expand(macro, word)
            if len(out) + len(pending) > MAX_EXPANDED:
                raise errors.LatexSyntaxError(
                    f"the macros expand past {MAX_EXPANDED} characters (\\{macro.name} keeps growing)", offset=word[0][1]
                )
        return Expansion("".join(c[0] for c in out), True, tuple(c[1] for c in out), tuple(c[2] for c in out))

    def _word(self, backslash: _Char) -> list[_Char]:
        word = [backslash]
        while self._pending and self._pending[-1][0].isascii() and self._pending[-1][0].isalpha():
            word.append(self._pending.pop())
        return word

    def _expand(self, macro: Macro, word: list[_Char]) -> None:
        self._expansions += 1
        if self._expansions > MAX_EXPANSIONS:
            raise errors.LatexSyntaxError(
                f"the macro \\{macro.name} expands without end (it refers to itself)", offset=word[0][1]
            )
        arguments: list[list[_Char]] = []
        consumed = list(word)
        if macro.default is not None and macro.parameters:
            arguments.append(self._optional(macro, consumed))
        while len(arguments) < macro.parameters:
            arguments.append(self._argument(macro, word[0][1], consumed))
        start, end = min(c[1] for c in consumed), max(c[2] for c in consumed)
        replacement: list[_Char] = [(" ", start, end)]  # spaces keep the body apart from its neighbours
        body = macro.body
        position = 0
        while position < len(body):
            char = body[position]
            if char == "#" and position + 1 < len(body) and body[position + 1].isdigit():
                number = int(body[position + 1])
                if not 1 <= number <= len(arguments):
                    raise errors.LatexSyntaxError(
                        f"the body of \\{macro.name} uses #{number}, but it takes {len(arguments)} argument(s)",
                        offset=start,
                    )
                replacement.extend(arguments[number - 1])
                position += 2
                continue
            if char == "#" and body.startswith("##", position):
                position += 1
            replacement.append((char, start, end))
            position += 1
        replacement.append((" ", start, end))
        self._pending.extend(reversed(replacement))

    def _optional(self, macro: Macro, consumed: list[_Char]) -> list[_Char]:
        self._skip_spaces(consumed)
        if not self._pending or self._pending[-1][0] != "[":
            start, end = consumed[0][1], consumed[-1][2]
            return [(char, start, end) for char in macro.default or ""]
        consumed.append(self._pending.pop())
        found: list[_Char] = []
        while self._pending and self._pending[-1][0] != "]":
            found.append(self._pending.pop())
        if not self._pending:
            raise errors.LatexSyntaxError(f"the optional argument of \\{macro.name} is never closed with `]`", offset=consumed[0][1])
        consumed.extend(found)
        consumed.append(self._pending.pop())
        return found

    def _argument(self, macro: Macro, offset: int, consumed: list[_Char]) -> list[_Char]:
        self._skip_spaces(consumed)
        if not self._pending or self._pending[-1][0] == "}":
            raise errors.LatexSyntaxError(
                f"\\{macro.name} takes {macro.parameters} argument(s); write them in braces, as \\{macro.name}{{…}}",
                offset=offset,
            )
        first = self._pending.pop()
        consumed.append(first)
        if first[0] == "\\":
            word = self._word(first)
            if len(word) == 1 and self._pending:
                word.append(self._pending.pop())
            consumed.extend(word[1:])
            return word
        if first[0] != "{":
            return [first]
        found: list[_Char] = []
        depth = 1
        while self._pending:
            char = self._pending.pop()
            consumed.append(char)
            if char[0] == "\\" and self._pending:
                found.append(char)
                char = self._pending.pop()
                consumed.append(char)
                found.append(char)
                continue
            depth += {"{": 1, "}": -1}.get(char[0], 0)
            if depth == 0:
                return found
            found.append(char)
        raise errors.LatexSyntaxError(f"the argument of \\{macro.name} is never closed; add the matching `}}`", offset=first[1])

    def _skip_spaces(self, consumed: list[_Char]) -> None:
        while self._pending and self._pending[-1][0].isspace():
            consumed.append(self._pending.pop())
