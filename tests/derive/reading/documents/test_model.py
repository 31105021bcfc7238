"""Tests for derive.reading.documents.model: source lines and positions of every reader's blocks."""

from __future__ import annotations

import pytest

import locations
from derive.reading import documents
from document_blocks import notebook

DATA = locations.DATA / "documents"
CORPUS = locations.CORPUS


# -- source lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "cell", "text"),
    [
        ("multiline.md", 1, None, "# Multi-line display math"),
        ("multiline.md", 6, None, r"\begin{aligned}"),
        (
            "multiline.md",
            12,
            None,
            r"and the gradient is \[ \nabla f(x) = 2A^TAx - 2A^Tb \] so that",
        ),
        ("multiline.md", 17, None, "$$"),
        ("multiline.md", 18, None, ""),  # after the last newline
        ("multiline.md", 19, None, ""),
        ("multiline.md", 0, None, ""),
        ("multiline.md", -1, None, ""),
        ("multiline.md", 1, 1, ""),  # not a notebook: no cells
        ("least_squares.tex", 1, None, r"\documentclass{article}"),
        (
            "least_squares.tex",
            8,
            None,
            r"Let $A \in \mathbb{R}^{k \times n}$ with rows $a_i^T$, $b \in \mathbb{R}^{k}$,",
        ),
        ("least_squares.tex", 30, None, "% derive: equation"),
        ("least_squares.tex", 39, None, r"    x &= (A^TA)^{-1}A^Tb % derive: solution"),
        ("least_squares.tex", 56, None, ""),
        ("least_squares.ipynb", 1, 1, "# Least squares from first principles"),
        (
            "least_squares.ipynb",
            3,
            1,
            r"Let $A \in \mathbb{R}^{k \times n}$, $b \in \mathbb{R}^{k}$ and "
            r"$x \in \mathbb{R}^{n}$.",
        ),
        ("least_squares.ipynb", 6, 1, r"$$ f(x)=\left\| Ax-b\right\|_2^2=(Ax-b)^T(Ax-b) $$"),
        ("least_squares.ipynb", 7, 1, ""),  # the source has no final newline
        ("least_squares.ipynb", 2, 3, "$$"),
        ("least_squares.ipynb", 3, 3, "=x^TA^TAx-2b^TAx+b^Tb"),
        ("least_squares.ipynb", 7, 3, "<!-- derive: equation -->"),
        ("least_squares.ipynb", 8, 3, r"\[ A^TAx=A^Tb \]"),
        ("least_squares.ipynb", 9, 3, ""),
        ("least_squares.ipynb", 3, 5, "$$ x=(A^TA)^{-1}A^Tb $$"),  # a one-string source
        ("least_squares.ipynb", 1, 2, ""),  # a code cell
        ("least_squares.ipynb", 1, 4, ""),  # a raw cell
        ("least_squares.ipynb", 1, 6, ""),  # past the last cell
        ("least_squares.ipynb", 1, 0, ""),
        ("least_squares.ipynb", 1, None, "{"),  # without a cell: the JSON itself
        ("least_squares.ipynb", 2, None, ' "cells": ['),
    ],
)
def test_source_line(name: str, line: int, cell: int | None, text: str) -> None:
    assert documents.load(DATA / name).source_line(line, cell) == text


@pytest.mark.parametrize(
    "name",
    [
        "multiline.md",
        "comments.md",
        "dollars.md",
        "fences.md",
        "least_squares.tex",
        "least_squares.ipynb",
    ],
)
def test_block_positions_point_into_their_source_line(name: str) -> None:
    """Every character of a block is where `position` says on `source_line`, in
    a notebook too; blanks may stand for comments or nested-environment markers."""
    document = documents.load(DATA / name)
    assert document.blocks
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            text = document.source_line(line, block.cell)
            if char == "\n":
                assert column == len(text) + 1, (block, offset)
            elif char != " ":
                assert text[column - 1] == char, (block, offset)


@pytest.mark.parametrize(
    ("document", "line", "cell", "text"),
    [
        (documents.read_markdown("a\r\n\r\n$$ x $$\r"), 3, None, "$$ x $$"),
        (documents.read_markdown("\ufeff$$ x $$"), 1, None, "$$ x $$"),
        (documents.read_latex("a\r\\[ x \\]"), 2, None, "\\[ x \\]"),
        (documents.read_markdown(""), 1, None, ""),
        (
            documents.read_notebook(
                notebook(
                    {"cell_type": "markdown", "source": ["\ufeffa\r\n", "b $c$"]},
                    {"cell_type": "markdown"},
                )
            ),
            2,
            1,
            "b $c$",
        ),
        (
            documents.read_notebook(
                notebook({"cell_type": "markdown", "source": "\ufeffa $b$"})
            ),
            1,
            1,
            "a $b$",
        ),
        (documents.read_notebook(notebook({"cell_type": "markdown"})), 1, 1, ""),
        (documents.Document("x.md", "[1, 2]", ()), 1, 1, ""),  # JSON, not a notebook
    ],
)
def test_source_line_is_the_normalised_text(
    document: documents.Document, line: int, cell: int | None, text: str
) -> None:
    """Lines are those of the text positions refer to: line endings as `\\n`,
    no byte-order mark, in a notebook cell as in a file."""
    assert document.source_line(line, cell) == text
