"""Whether a formula is well-formed LaTeX: its braces, ``\\left``/``\\right`` and environments balance.

A formula can be well-formed and still outside what derive reads (``J: \\Bbb R^d \\to \\Bbb R``,
an unmatched ``)`` in a remark): such a step is shown as unchecked. One whose braces or
environments do not balance would not compile at all: that is an input error.
"""

from __future__ import annotations

import dataclasses
import re

_TOKEN = re.compile(r"\\(?:(?P<word>[A-Za-z]+)\*?|.)|(?P<brace>[{}])", re.S)
_ENVIRONMENT = re.compile(r"[ \t]*\{(?P<name>[A-Za-z]+\*?)\}")


@dataclasses.dataclass(frozen=True)
class Imbalance:
    """The first thing that does not balance: where it is (an offset into the text), and what to do."""

    offset: int
    message: str


def imbalance(text: str) -> Imbalance | None:
    """The first unbalanced brace, ``\\left``/``\\right`` or ``\\begin``/``\\end`` of ``text``, if any."""
    openers: list[tuple[str, int]] = []  # ("{" | "left" | "begin:name", offset)
    for token in _TOKEN.finditer(text):
        word, offset = token["word"], token.start()
        if token["brace"] == "{":
            openers.append(("{", offset))
        elif token["brace"] == "}":
            if not openers or openers[-1][0] != "{":
                return _unexpected_close(openers, offset, "`}`")
            openers.pop()
        elif word == "left":
            openers.append(("left", offset))
        elif word == "right":
            if not openers or openers[-1][0] != "left":
                return _unexpected_close(openers, offset, "`\\right`")
            openers.pop()
        elif word in ("begin", "end"):
            environment = _ENVIRONMENT.match(text, token.end())
            if environment is None:
                return Imbalance(offset, f"`\\{word}` needs an environment name in braces, as in `\\{word}{{aligned}}`")
            name = environment["name"]
            if word == "begin":
                openers.append((f"begin:{name}", offset))
            elif not openers or openers[-1][0] != f"begin:{name}":
                return _unexpected_close(openers, offset, f"`\\end{{{name}}}`")
            else:
                openers.pop()
    if openers:
        kind, offset = openers[-1]
        return Imbalance(offset, _never_closed(kind))
    return None


def _unexpected_close(openers: list[tuple[str, int]], offset: int, what: str) -> Imbalance:
    if not openers:
        return Imbalance(offset, f"{what} closes nothing: remove it or add what it closes")
    kind, _ = openers[-1]
    return Imbalance(offset, f"{what} comes before {_closer(kind)}: " + _never_closed(kind))


def _closer(kind: str) -> str:
    if kind == "{":
        return "the `}` of an open `{`"
    if kind == "left":
        return "the `\\right` of an open `\\left`"
    return f"the `\\end{{{kind.removeprefix('begin:')}}}` of an open environment"


def _never_closed(kind: str) -> str:
    if kind == "{":
        return "unbalanced braces: a `{` is never closed; add the matching `}`"
    if kind == "left":
        return "a `\\left` is never closed; add the matching `\\right`"
    name = kind.removeprefix("begin:")
    return f"`\\begin{{{name}}}` is never closed; add `\\end{{{name}}}`"
