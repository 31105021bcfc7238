"""Shared checks for the document readers' tests: blocks by kind, and exact positions."""

from __future__ import annotations

import json

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


def assert_positions_exact(document: documents.Document) -> None:
    """Every character of every block's text sits where `position` says it does.

    Characters of LaTeX comments are blanked in `text`; they must map onto the
    comment in the source.
    """
    lines = document.source.split("\n")
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            source_line = lines[line - 1]
            if char == "\n":
                assert column == len(source_line) + 1, (block, offset)
            elif char != source_line[column - 1]:
                assert char == " " and "%" in source_line[:column], (block, offset)


def notebook(*cells: dict[str, object]) -> str:
    """A notebook's JSON text with these cells."""
    return json.dumps({"cells": list(cells), "nbformat": 4, "nbformat_minor": 5})
