"""Exceptions for input that derive cannot read; wrong steps are verdicts, not errors."""

from __future__ import annotations

import dataclasses
import unicodedata


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, bells, bidirectional
    overrides) are shown as ``\\xNN`` / ``\\uNNNN`` instead of acting on the terminal."""
    return "".join(
        char if char in "\n\t" or not (unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS)
        else (f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}")
        for char in text
    )


SHOWN = 400  # characters of a document's text shown in one place; the rest is cut with an ellipsis


def shortened(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis and the full length (a 1 MB formula
    is not echoed whole)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


@dataclasses.dataclass(frozen=True)
class Location:
    """Where something was found: a file, a 1-based line and column, and that line's text."""

    path: str
    line: int
    column: int
    source_line: str = ""
    cell: int | None = None  # a notebook's cell; then ``line`` counts inside the cell

    def __str__(self) -> str:
        cell = f"cell {self.cell}:" if self.cell is not None else ""
        return f"{self.path}:{cell}{self.line}:{self.column}"


class DeriveError(Exception):
    """Root of every exception derive raises on purpose."""


class InputError(DeriveError, ValueError):
    """Input that cannot be read: says what was found, where, and how to fix it.

    ``offset`` is a 0-based position inside the formula being parsed; the checker
    turns it into a file location with :meth:`at`.
    """

    def __init__(self, message: str, *, offset: int = 0, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.location = location

    def at(self, location: Location) -> InputError:
        """The same error, placed at ``location`` in a file."""
        located = type(self).__new__(type(self))
        located.__dict__.update(self.__dict__)
        located.args = self.args
        located.location = location
        return located

    def __str__(self) -> str:
        if self.location is None:
            return printable(self.message)
        text = f"{self.location}: {self.message}"
        if self.location.source_line:
            caret = " " * (self.location.column - 1) + "^"
            text += f"\n    {self.location.source_line}\n    {caret}"
        return printable(text)


class LatexSyntaxError(InputError):
    """Malformed LaTeX: unbalanced braces, a missing operand, an unexpected token."""


class ShapeError(InputError):
    """An expression that cannot be formed, such as a product of incompatible shapes."""


class OnlyWhenScalar(ShapeError):
    """An expression that can be formed only if a vector derive inferred had length 1.

    Not an input error but a failed claim: ``x(A + A^T)`` of a column vector x exists only when
    x is a scalar. ``symbols`` are the vectors that would have to be scalars.
    """

    def __init__(self, message: str, *, symbols: tuple[str, ...], offset: int = 0) -> None:
        super().__init__(message, offset=offset)
        self.symbols = symbols


class DocumentError(InputError):
    """A document that cannot be split into math blocks (an unterminated ``$$``)."""


class UsageError(DeriveError, ValueError):
    """Options or arguments that do not make sense together."""


class UnsupportedNotation(DeriveError):
    """Notation derive does not understand yet; the claim becomes ``unchecked``.

    Not an input error: the rest of the document is still checked.
    """

    def __init__(self, what: str, *, offset: int = 0) -> None:
        super().__init__(f"unsupported: {what}")
        self.what = what
        self.offset = offset


class DerivationAssertionError(DeriveError, AssertionError):
    """A claim asserted from a test does not hold, or could not be checked.

    The message gives the verdict, the counterexample (dimensions, values, both
    sides) and the seed that reproduces it; ``seed`` holds that seed, and
    ``result`` the checked claim (a ``derive.results.ClaimResult``) when there is one.
    """

    def __init__(self, message: str, *, seed: int, result: object | None = None) -> None:
        super().__init__(message)
        self.seed = seed
        self.result = result


class ReportError(DeriveError):
    """A report that could not be made: no TeX engine, a failed compilation, a file that cannot be written.

    The message says which file, what went wrong (the first error lines of the TeX
    log when compilation failed) and what to do about it.
    """
