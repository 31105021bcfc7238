"""The rows of a display (``\\\\`` at the top level), so that one row derive cannot read spares the others."""

from __future__ import annotations

import re

from derive import tree

_TOKEN = re.compile(r"\\(?P<word>[A-Za-z]+)|\\\\|\\.|[{}]", re.S)
# what may follow a row break and belongs to it: amsmath's star and space, \\*[1ex], \\[-2pt]
SPACE_AFTER_BREAK = re.compile(r"\*?\s*\[\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:pt|em|ex|mm|cm|in|bp|pc|sp|dd|cc|mu)\s*\]|\*")


# What may stand before the operator of a row that continues the row above: `&`, spacing, `\\quad`.
_LEAD = re.compile(r"(?:\s|&|~|\\[,;:!> ]|\\(?:quad|qquad|hspace\*?\{[^{}]*\}|phantom\{[^{}]*\}))*")
_RELATION = re.compile(
    r"[=<>]|\\(?:le|leq|ge|geq|ne|neq|approx|equiv|iff|implies|Rightarrow|Leftrightarrow|coloneqq|triangleq|in|to)(?![A-Za-z])"
)


def breaks(text: str) -> list[tuple[tree.Span, tree.Span | None]]:
    """Each top-level row break of ``text`` (``\\\\`` or plain TeX's ``\\cr``; not inside braces,
    ``\\left … \\right`` or environments, so a ``bmatrix`` keeps its rows), with, when the row
    after it only continues the expression above (``&\\quad + b^Tb``: it starts with ``+`` or
    ``-`` and holds no relation), the span of what joins the two rows (the break and the lead).
    """
    depth = 0
    found: list[tree.Span] = []
    for token in _TOKEN.finditer(text):
        piece, word = token.group(), token["word"]
        if piece == "{" or word in ("left", "begin"):
            depth += 1
        elif piece == "}" or word in ("right", "end"):
            depth = max(0, depth - 1)
        elif (piece == "\\\\" or word == "cr") and depth == 0:
            space = SPACE_AFTER_BREAK.match(text, token.end()) if piece == "\\\\" else None
            found.append(tree.Span(token.start(), token.end() if space is None else space.end()))
    result: list[tuple[tree.Span, tree.Span | None]] = []
    for position, cut in enumerate(found):
        row_end = found[position + 1].start if position + 1 < len(found) else len(text)
        lead = _LEAD.match(text, cut.end)
        assert lead is not None
        following = text[lead.end() : row_end]
        continues = following[:1] in ("+", "-") and _RELATION.search(following) is None
        result.append((cut, tree.Span(cut.start, lead.end()) if continues else None))
    return result


def joined(text: str) -> str:
    """``text`` with the breaks before continuation rows blanked (offsets unchanged), so that
    ``a \\\\ &\\quad + b`` reads as ``a + b``."""
    if "\\\\" not in text and "\\cr" not in text:
        return text
    pieces = list(text)
    for _, join in breaks(text):
        if join is not None:
            for offset in range(join.start, join.end):
                if pieces[offset] != "\n":
                    pieces[offset] = " "
    return "".join(pieces)


def split(text: str) -> list[tree.Span]:
    """The spans of the rows of ``text``, cut at each row break that does not join a continuation
    row (see :func:`breaks`). Blank rows are left out."""
    start = 0
    spans: list[tree.Span] = []
    for cut, join in breaks(text):
        if join is None:
            spans.append(tree.Span(start, cut.start))
            start = cut.end
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
