"""Tests for derive.reading.documents.notebook: Markdown cells of Jupyter notebooks."""

from __future__ import annotations

import pathlib

import pytest

import locations
from derive.reading import documents
from document_blocks import notebook, display_blocks

DATA = locations.DATA / "documents"
CORPUS = locations.CORPUS


# -- Jupyter notebooks ---------------------------------------------------------


def test_notebook_blocks() -> None:
    document = documents.load(DATA / "least_squares.ipynb")
    found = [
        (
            block.cell,
            block.line,
            block.column,
            block.display,
            block.continues,
            block.text,
        )
        for block in document.blocks
    ]
    assert found == [
        (1, 3, 6, False, False, r"A \in \mathbb{R}^{k \times n}"),
        (1, 3, 39, False, False, r"b \in \mathbb{R}^{k}"),
        (1, 3, 66, False, False, r"x \in \mathbb{R}^{n}"),
        (1, 6, 3, True, False, r" f(x)=\left\| Ax-b\right\|_2^2=(Ax-b)^T(Ax-b) "),
        # cell 2 is code and cell 4 raw: skipped, but counted
        (3, 2, 3, True, True, "\n=x^TA^TAx-2b^TAx+b^Tb\n"),
        (3, 6, 21, False, False, r"\nabla f(x) = 0"),
        (3, 8, 3, True, False, " A^TAx=A^Tb "),
        (5, 1, 14, False, False, r"\operatorname{rank}(A) = n"),  # one string
        (5, 3, 3, True, False, " x=(A^TA)^{-1}A^Tb "),
    ]
    assert [block.markers for block in document.blocks if block.line == 8] == [
        ("equation",)
    ]
    assert [block.lead_in for block in display_blocks(document)][1:] == [
        "Expanding,",
        r"A minimiser solves \nabla f(x) = 0, that is",
        r"which, when \operatorname{rank}(A) = n, has the unique solution",
    ]
    assert document.comments == ((7, "derive: equation"),)
    assert document.source.startswith('{\n "cells": [')


@pytest.mark.parametrize(
    ("cell", "line", "offset", "position"),
    [
        (3, 2, 0, (2, 3)),  # the newline ending the `$$` line
        (3, 2, 1, (3, 1)),  # the `=` continuing the chain, inside cell 3
        (3, 2, 23, (4, 1)),  # just past the text: the closing `$$`
        (5, 3, 1, (3, 4)),
    ],
)
def test_notebook_positions_are_inside_the_cell(
    cell: int, line: int, offset: int, position: tuple[int, int]
) -> None:
    document = documents.load(DATA / "least_squares.ipynb")
    (block,) = [
        block
        for block in display_blocks(document)
        if (block.cell, block.line) == (cell, line)
    ]
    assert block.position(offset) == position


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            [{"cell_type": "markdown", "metadata": {}, "source": "Let $x$\n\n$$ y $$"}],
            [(1, 1, 6, "x"), (1, 3, 3, " y ")],
        ),
        (
            [
                {"cell_type": "code", "source": ["$$ a $$"], "outputs": []},
                {"cell_type": "markdown", "source": ["a\n", "b $c$"]},
                {"cell_type": "markdown", "source": []},
                {"cell_type": "markdown"},
                {"metadata": {}},
                {"cell_type": "markdown", "source": "\r\n$$ d $$"},
            ],
            [(2, 2, 4, "c"), (6, 2, 3, " d ")],
        ),
        ([], []),
    ],
)
def test_notebook_cells(
    cells: list[dict[str, object]], expected: list[tuple[int, int, int, str]]
) -> None:
    document = documents.read_notebook(notebook(*cells), path="n.ipynb")
    found = [
        (block.cell, block.line, block.column, block.text) for block in document.blocks
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        (
            '{\n  "cells": [\n    {"cell_type": "markdown",}\n  ]\n}',
            3,
            30,
            "the notebook is not valid JSON: Expecting property name enclosed in "
            "double quotes; save it again from Jupyter or repair the JSON here",
        ),
        (
            "",
            1,
            1,
            "the notebook is not valid JSON: Expecting value; save it again from "
            "Jupyter or repair the JSON here",
        ),
        (
            "[1, 2]",
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            "(nbformat 4), found a JSON array",
        ),
        (
            '{"worksheets": []}',
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            '(nbformat 4), found an object without "cells"',
        ),
        (
            '{"cells": {}}',
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            '(nbformat 4), found "cells" holding a JSON object',
        ),
        (
            notebook({"cell_type": "code"}, "text"),  # type: ignore[arg-type]
            None,
            None,
            "cell 2 is a JSON string, not an object",
        ),
        (
            notebook({"cell_type": "markdown", "source": ["a", 1]}),
            None,
            None,
            "cell 1: its source is a JSON array; expected a string or an array "
            "of strings",
        ),
    ],
)
def test_notebook_errors(
    source: str, line: int | None, column: int | None, message: str
) -> None:
    with pytest.raises(documents.DocumentError) as caught:
        documents.read_notebook(source, path="n.ipynb")
    error = caught.value
    assert (error.path, error.line, error.column, error.message) == (
        "n.ipynb",
        line,
        column,
        message,
    )


def test_load_notebook_with_invalid_json_points_at_the_error(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [\n  {"cell_type": "markdown" "source": []}\n]}\n')
    with pytest.raises(documents.DocumentError) as caught:
        documents.load(path)
    assert str(caught.value) == (
        f"{path}:2:28: the notebook is not valid JSON: Expecting ',' delimiter; "
        "save it again from Jupyter or repair the JSON here"
    )


def test_blocks_outside_notebooks_have_no_cell() -> None:
    (block,) = documents.read_markdown("$$ a $$").blocks
    assert block.cell is None
    assert documents.Block("a", 1, 1, True).cell is None
    with pytest.raises(TypeError):
        documents.Block("a", 1, 1, True, False, "", (), 3)  # type: ignore[call-arg]


# -- environments and definitions in Markdown cells ------------------------------


def test_notebook_cells_read_environments_and_definitions() -> None:
    source = notebook(
        {"cell_type": "code", "source": "\\begin{align} not = math \\end{align}"},
        {
            "cell_type": "markdown",
            "source": ["\\newcommand{\\tr}{\\operatorname{tr}}\n", "so\n",
                       "\\begin{align}\n", "a &= b\n", "\\end{align}\n"],
        },
        {"cell_type": "markdown", "source": "> $$\n> c = d\n> $$"},
    )
    document = documents.read_notebook(source, path="n.ipynb")
    found = [
        (block.cell, block.line, block.column, block.display, block.text)
        for block in document.blocks
    ]
    assert found == [
        (2, 3, 14, True, "\na &= b\n"),
        (3, 1, 5, True, "\n  c = d\n  "),
    ]
    assert document.definitions == ((1, 1, "\\newcommand{\\tr}{\\operatorname{tr}}"),)


def test_notebook_unclosed_math_names_its_cell_and_the_other_cells_are_read() -> None:
    source = notebook(
        {"cell_type": "markdown", "source": "a\n\\begin{gather}\nx"},
        {"cell_type": "code", "source": "$$"},
        {"cell_type": "markdown", "source": ["Intro\n", "\n", "$$ x = y\n"]},
        {"cell_type": "markdown", "source": "$$ y = z $$"},
    )
    document = documents.read_notebook(source, path="n.ipynb")
    assert [(u.cell, u.line, u.column) for u in document.unclosed] == [(1, 2, 1), (3, 3, 1)]
    assert document.unclosed[0].message.startswith("unterminated environment: `\\begin{gather}` opened here")
    assert document.unclosed[1].message.startswith("unterminated display math: `$$` opened here")
    assert [(block.cell, block.text) for block in document.blocks] == [(4, " y = z ")]
