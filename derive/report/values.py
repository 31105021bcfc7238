"""Counterexample values as LaTeX: numbers, and lists of rows as ``bmatrix``."""

from __future__ import annotations

import fractions
import math
import re
from typing import Any

from derive.reading import render
from derive.report import tex

MAX_ENTRIES = 12  # rows or columns shown before an ellipsis
_RATIO = re.compile(r"(-?)(\d+)/(\d+)")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def name(symbol: str) -> str:
    """A symbol's name as math (``alpha`` → ``\\alpha``), or as escaped text if it is not plain."""
    written = tex.sanitise_math(render.name(symbol))
    return written if written is not None else f"\\text{{{tex.escape(symbol)}}}"


def latex(value: Any) -> str:
    """``value`` as math: a number, or a ``bmatrix`` for a list of rows (a flat list is a column)."""
    value = _plain(value)
    if isinstance(value, list):
        rows = [_plain(row) for row in value]
        if not rows:
            return "[\\,]"
        if not any(isinstance(row, list) for row in rows):
            rows = [[row] for row in rows]
        elif not all(isinstance(row, list) for row in rows):
            return _text(value)
        return _matrix(rows)
    return number(value)


def number(value: Any) -> str:
    """One entry as math: integers as they are, fractions as ``\\frac``, floats to 6 digits."""
    value = _plain(value)
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, fractions.Fraction):
        return _fraction(value.numerator, value.denominator)
    if isinstance(value, float):
        if math.isnan(value):
            return "\\text{NaN}"
        if math.isinf(value):
            return "\\infty" if value > 0 else "-\\infty"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        mantissa, _, exponent = f"{value:.6g}".partition("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}" if exponent else mantissa
    written = str(value).replace(" ", "")
    if _DECIMAL.fullmatch(written):
        return written
    ratio = _RATIO.fullmatch(written)
    if ratio is not None:
        sign, top, bottom = ratio.groups()
        return _fraction(int(sign + top), int(bottom))
    return _text(value)


def _fraction(numerator: int, denominator: int) -> str:
    if denominator == 1:
        return str(numerator)
    sign = "-" if numerator < 0 else ""
    return f"{sign}\\frac{{{abs(numerator)}}}{{{denominator}}}"


def _matrix(rows: list[list[Any]]) -> str:
    shown = rows[:MAX_ENTRIES]
    width = max(len(row) for row in rows)
    lines = []
    for row in shown:
        cells = [latex(entry) if isinstance(_plain(entry), list) else number(entry) for entry in row[:MAX_ENTRIES]]
        if len(row) > MAX_ENTRIES:
            cells.append("\\cdots")
        lines.append(" & ".join(cells))
    if len(rows) > MAX_ENTRIES:
        lines.append(" & ".join(["\\vdots"] * min(width, MAX_ENTRIES + 1)))
    return "\\begin{bmatrix} " + " \\\\ ".join(lines) + " \\end{bmatrix}"


def _plain(value: Any) -> Any:
    """NumPy arrays and scalars as Python lists and numbers, without importing NumPy."""
    if hasattr(value, "tolist") and callable(value.tolist):
        return value.tolist()
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (int, float)):
        try:
            return value.item()
        except (TypeError, ValueError):
            return value
    return value


def _text(value: Any) -> str:
    text = str(value)
    if len(text) > 200:
        text = text[:197] + "..."
    return f"\\text{{{tex.escape(text)}}}"
