"""Shared checks for the document readers' tests: blocks by kind, and exact positions."""

from __future__ import annotations

import json
import re

import pytest

import locations
from derive.reading import documents

needs_corpus = pytest.mark.skipif(
    not (locations.CORPUS / "docs").is_dir(), reason=f"the shared corpus is absent ({locations.CORPUS})"
)


def display_blocks(document: documents.Document) -> list[documents.Block]:
    return [block for block in document.blocks if block.display]


def inline_blocks(document: documents.Document) -> list[documents.Block]:
    return [block for block in document.blocks if not block.display]


#: What a reader may blank in a block's text, besides comments: environment
#: markers with their arguments, `\eqalign{`, and a block quote's `>` markers.
_MARKER = re.compile(
    r"\\(?:begin|end)[ \t]*\{[A-Za-z]+\*?\}(?:[ \t]*\[[a-z]\])?"
    r"(?:[ \t]*\{(?:[^{}\n]|\{[^{}\n]*\})*\})?"
    r"|\\eqalign[ \t]*\{"
)
_QUOTE = re.compile(r"[ \t]*>(?:[ \t]*>)*[ \t]?")


def assert_positions_exact(document: documents.Document) -> None:
    """Every character of every block's text sits where `position` says it does.

    Characters of LaTeX comments are blanked in `text`; they must map onto the
    comment in the source. So are environment markers (`\\begin{aligned}`,
    `\\eqalign{` and the `}` closing it) and the `>` of a block quote starting a
    line; a blank must map onto one of them.
    """
    lines = document.source.split("\n")
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            source_line = lines[line - 1]
            if char == "\n":
                assert column == len(source_line) + 1, (block, offset)
            elif char != source_line[column - 1]:
                assert char == " " and _blankable(source_line, column), (block, offset)


def _blankable(line: str, column: int) -> bool:
    """Whether a reader may blank the character at the 1-based `column` of `line`."""
    if "%" in line[:column]:
        return True
    if (quote := _QUOTE.match(line)) and column <= quote.end():
        return True
    if line[column - 1] == "}" and "\\eqalign" in line:
        return True
    return any(
        marker.start() < column <= marker.end() for marker in _MARKER.finditer(line)
    )


def notebook(*cells: dict[str, object]) -> str:
    """A notebook's JSON text with these cells."""
    return json.dumps({"cells": list(cells), "nbformat": 4, "nbformat_minor": 5})
