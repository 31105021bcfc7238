"""LaTeX math environments: which hold math, where one ends, and the markers blanked inside math."""

from __future__ import annotations

import re

from derive.reading.documents import scanning

#: Environments holding math, by name without the star: True for display.
MATH: dict[str, bool] = {
    "equation": True,
    "align": True,
    "alignat": True,
    "flalign": True,
    "gather": True,
    "multline": True,
    "eqnarray": True,
    "displaymath": True,
    "math": False,
}
#: Alignment environments nested in math: their markers are blanked, their rows stay.
ALIGNMENTS = frozenset(
    {"aligned", "alignedat", "split", "gathered", "multlined", "array"}
)
#: Environments a Markdown document may hold outside any other delimiter, read as
#: display math (MathJax reads any environment there; these are the ones of math
#: that is written as rows).
STANDALONE = frozenset(name for name, display in MATH.items() if display) | frozenset(
    {"aligned", "alignedat", "gathered", "multlined"}
)
#: Environments whose markers are blanked inside math: the alignments, and the
#: display environments, which MathJax also accepts inside `$$...$$`.
_BLANKED = ALIGNMENTS | frozenset(name for name, display in MATH.items() if display)
_POSITIONED = frozenset({"aligned", "alignedat", "gathered", "multlined", "array"})
_COUNTED = frozenset({"alignat", "alignedat"})

BEGIN = re.compile(r"\\begin[ \t]*\{(?P<name>[A-Za-z]+\*?)\}")
_MARKER = re.compile(r"\\(?P<kind>begin|end)[ \t]*\{(?P<name>[A-Za-z]+\*?)\}")
_POSITION = re.compile(r"[ \t]*\[[a-z]\]")  # `\begin{aligned}[t]`
_COUNT = re.compile(r"[ \t]*\{[^{}\n]*\}")  # `\begin{alignat}{2}`
_SPACES = re.compile(r"[ \t]*")
_CONTROL = re.compile(r"\\(?:(?P<word>[A-Za-z]+)|.)", re.DOTALL)
_EQALIGN = re.compile(r"\\eqalign[ \t]*\{")
_NOT_NEWLINE = re.compile(r"[^\n]")


def arguments_end(text: str, start: int, name: str) -> int:
    """The offset after the arguments of the environment `name` whose
    `\\begin{name}` ends at `start`: `[t]` of `aligned` and its kin, the column
    count of `alignat` and `alignedat`, the column spec of `array` (balanced
    braces, as in `{r@{}l}`). `start` itself when there are none."""
    base = name.removesuffix("*")
    i = start
    if base in _POSITIONED and (position := _POSITION.match(text, i)):
        i = position.end()
    if base in _COUNTED and (count := _COUNT.match(text, i)):
        i = count.end()
    elif base == "array":
        spaces = _SPACES.match(text, i)
        brace = spaces.end() if spaces else i
        if text.startswith("{", brace):
            i = scanning.group_end(text, brace) or i
    return i


def end(source: str, start: int, stop: int, name: str) -> re.Match[str] | None:
    """The `\\end{name}` closing an environment whose body starts at `start`,
    searched before `stop`; `%` comments and escaped characters are skipped."""
    closer = re.compile(rf"\\end[ \t]*\{{{re.escape(name)}\}}")
    i = start
    while i < stop:
        char = source[i]
        if char == "%":
            line_end = source.find("\n", i, stop)
            i = stop if line_end == -1 else line_end
        elif char == "\\":
            found = closer.match(source, i, stop)
            if found:
                return found
            i += 2
        else:
            i += 1
    return None


def unclosed(name: str, *, paragraph: bool) -> str:
    """The message for `\\begin{name}` never closed (`paragraph`: before the next
    blank line)."""
    before = " before the next blank line" if paragraph else ""
    return (
        f"unterminated environment: `\\begin{{{name}}}` opened here is never "
        f"closed (close it with `\\end{{{name}}}`{before})"
    )


def blank_markers(text: str) -> str:
    """Replace by spaces, in math `text`, the markers of the environments that
    only lay out rows: `\\begin{aligned}` and `\\end{aligned}` (with `[t]`),
    `alignedat` (with its `{n}`), `split`, `gathered`, `multlined`, `array`
    (with its column spec), display environments nested in math (`$$
    \\begin{align} ... \\end{align} $$`), and `\\eqalign{` with its closing `}`.

    Only markers at the top of the math are blanked: inside a `{...}` group,
    a `\\left ... \\right` pair or another environment (`cases`, `bmatrix`),
    an alignment is part of a formula, not rows of the derivation, and stays.
    Newlines stay, so every offset into the result is one into `text`.
    """
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # open groups: "group", "eqalign", "left" or "environment"
    i = 0
    while i < len(text):
        char = text[i]
        if char == "{":
            stack.append("group")
            i += 1
            continue
        if char == "}":
            if stack and stack[-1] in ("group", "eqalign") and stack.pop() == "eqalign":
                spans.append((i, i + 1))
            i += 1
            continue
        control = _CONTROL.match(text, i) if char == "\\" else None
        if control is None:
            i += 1
            continue
        word = control["word"]
        top = all(entry == "eqalign" for entry in stack)
        marker = _MARKER.match(text, i) if word in ("begin", "end") else None
        eqalign = _EQALIGN.match(text, i) if word == "eqalign" and top else None
        if marker is not None:
            name = marker["name"]
            begins = marker["kind"] == "begin"
            if name.removesuffix("*") not in _BLANKED:
                if begins:
                    stack.append("environment")
                elif stack and stack[-1] == "environment":
                    stack.pop()
                i = marker.end()
                continue
            stop = arguments_end(text, marker.end(), name) if begins else marker.end()
            if top:
                spans.append((i, stop))
            i = stop
            continue
        if eqalign is not None:
            spans.append((i, eqalign.end()))
            stack.append("eqalign")
            i = eqalign.end()
            continue
        if word == "left":
            stack.append("left")
        elif word == "right" and stack and stack[-1] == "left":
            stack.pop()
        i = control.end()
    return _blank(text, spans)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    pieces: list[str] = []
    last = 0
    for start, stop in spans:
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:stop]))
        last = stop
    pieces.append(text[last:])
    return "".join(pieces)
