"""The rows of a display (``\\\\`` at the top level), so that one row derive cannot read spares the others."""

from __future__ import annotations

import re

from derive import tree

_TOKEN = re.compile(r"\\(?P<word>[A-Za-z]+)|\\\\|\\.|[{}]", re.S)


def split(text: str) -> list[tree.Span]:
    """The spans of the rows of ``text``: cut at each ``\\\\`` (or plain TeX's ``\\cr``) outside braces, ``\\left … \\right``
    and environments (a ``bmatrix`` keeps its rows). Blank rows are left out."""
    depth = 0
    start = 0
    spans: list[tree.Span] = []
    for token in _TOKEN.finditer(text):
        piece, word = token.group(), token["word"]
        if piece == "{" or word in ("left", "begin"):
            depth += 1
        elif piece == "}" or word in ("right", "end"):
            depth = max(0, depth - 1)
        elif (piece == "\\\\" or word == "cr") and depth == 0:
            spans.append(tree.Span(start, token.start()))
            start = token.end()
    spans.append(tree.Span(start, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


def only(text: str, span: tree.Span) -> str:
    """``text`` with everything outside ``span`` blanked (newlines kept), so that offsets stay the same."""
    def blank(piece: str) -> str:
        return re.sub(r"[^\n]", " ", piece)

    return blank(text[: span.start]) + text[span.start : span.end] + blank(text[span.end :])


def trimmed(text: str, span: tree.Span) -> tree.Span:
    """``span`` without the blanks at either end, nor the ``&`` that aligns the row."""
    piece = text[span.start : span.end]
    start = span.start + len(piece) - len(piece.lstrip(" \t\n&"))
    return tree.Span(start, max(start, span.start + len(piece.rstrip())))
