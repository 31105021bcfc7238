"""Where a relation is written in the editor's text, and where its right side begins.

A result carries the line and column where its step starts and the step as written with its
whitespace collapsed; every other character of that text is, in order, a character of the source,
so walking the source from the start and matching them finds where the step ends, across lines.
Where the source differs (a ``%`` comment or a quote's ``>`` inside the step, a root of a list
written ``t = 3`` for the ``3`` of ``t = 1, 3``) the range ends with the start's line instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

_BREAK = re.compile(r"\r\n|\r|\n")  # the protocol's line breaks; the session turns others into spaces
_OPENERS, _CLOSERS = "{([", "})]"


@dataclasses.dataclass(frozen=True, order=True)
class Point:
    """A 0-based line and a column in code points (the server converts columns to the client's units)."""

    line: int
    column: int


@dataclasses.dataclass(frozen=True)
class Extent:
    """Where a step is written: ``start`` to ``end`` (exclusive), and where its right side begins,
    when the source matches the step character for character."""

    start: Point
    end: Point
    right_side: Point | None = None

    def holds(self, point: Point) -> bool:
        return self.start <= point <= self.end


def lines_of(text: str) -> list[str]:
    """The text's lines as the protocol counts them, without their line breaks."""
    return _BREAK.split(text)


def extent(lines: Sequence[str], line: int, column: int, written: str) -> Extent:
    """The extent of the step ``written`` that starts at 1-based ``line`` and ``column``."""
    start = Point(max(line - 1, 0), max(column - 1, 0))
    matched = _matched(lines, start, written)
    if matched is None:
        return to_line_end(lines, line, column)
    last = matched[-1] if matched else start
    end = Point(last.line, last.column + 1) if matched else start
    relation = _last_top_level_equals(written)
    right_side = None
    if relation is not None:
        before = sum(1 for char in written[: relation + 1] if not char.isspace())
        if before < len(matched):
            right_side = matched[before]
    return Extent(start, end, right_side)


def to_line_end(lines: Sequence[str], line: int, column: int) -> Extent:
    """From 1-based ``line`` and ``column`` to the end of that line's text."""
    start = Point(max(line - 1, 0), max(column - 1, 0))
    row = min(start.line, len(lines) - 1) if lines else 0
    end_column = len(lines[row].rstrip()) if lines else 0
    return Extent(start, Point(row, max(end_column, start.column)))


def _matched(lines: Sequence[str], start: Point, written: str) -> list[Point] | None:
    """The position of each non-space character of ``written`` in the source from ``start``."""
    wanted = [char for char in written if not char.isspace()]
    found: list[Point] = []
    row, column = start.line, start.column
    while len(found) < len(wanted):
        if row >= len(lines):
            return None
        text = lines[row]
        if column >= len(text):
            row, column = row + 1, 0
            continue
        char = text[column]
        if not char.isspace():
            if char != wanted[len(found)]:
                return None
            found.append(Point(row, column))
        column += 1
    return found


def _last_top_level_equals(written: str) -> int | None:
    """The index of the step's last ``=`` outside braces and brackets: where the right side begins."""
    depth = 0
    found = None
    for index, char in enumerate(written):
        if char in _OPENERS and not _escaped(written, index):
            depth += 1
        elif char in _CLOSERS and not _escaped(written, index):
            depth = max(depth - 1, 0)
        elif char == "=" and depth == 0:
            found = index
    return found


def _escaped(text: str, index: int) -> bool:
    # \{ and \} are printed braces, not groups (a \left\{ would otherwise open one that never closes)
    return index > 0 and text[index - 1] == "\\"
