"""The Jupyter (.ipynb) reader: each Markdown cell read as a Markdown document."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from derive.reading.documents import markdown, model


def read_notebook(source: str, *, path: str = "<string>") -> model.Document:
    """Extract the math of a Jupyter notebook's Markdown cells.

    Each Markdown cell is read on its own, as `read_markdown` reads a document;
    its blocks carry the cell's index among all cells (`Block.cell`) and lines
    inside the cell; its comments and macro definitions (`Document.comments`,
    `Document.definitions`) carry lines inside the cell. Code and raw cells are
    ignored.

    Raises:
        DocumentError: if the text is not JSON (at the JSON error's line and
            column), not a notebook (no "cells" list), has a cell whose source is
            not text, or has a Markdown cell whose math is malformed.
    """
    source = model.normalise(source)
    try:
        notebook: Any = json.loads(source)
    except json.JSONDecodeError as error:
        raise model.DocumentError(
            f"the notebook is not valid JSON: {error.msg}; "
            "save it again from Jupyter or repair the JSON here",
            path=path,
            line=error.lineno,
            column=error.colno,
        ) from error
    except RecursionError:  # 200,000 "[": deeper than the decoder can follow
        raise model.DocumentError(
            "the notebook's JSON is nested too deeply to read; save it again from Jupyter",
            path=path,
            line=1,
            column=1,
        ) from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        if not isinstance(notebook, dict):
            found = f"a JSON {_json_kind(notebook)}"
        elif "cells" not in notebook:
            found = 'an object without "cells"'
        else:
            found = f'"cells" holding a JSON {_json_kind(cells)}'
        raise model.DocumentError(
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            f"(nbformat 4), found {found}",
            path=path,
        )
    blocks: list[model.Block] = []
    comments: list[tuple[int, str]] = []
    found_definitions: list[tuple[int, int, str]] = []
    unclosed: list[model.Unclosed] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise model.DocumentError(
                f"cell {number} is a JSON {_json_kind(cell)}, not an object",
                path=path,
            )
        if cell.get("cell_type") != "markdown":
            continue
        text = model.cell_text(cell.get("source", ""))
        if text is None:
            raise model.DocumentError(
                f"cell {number}: its source is a JSON {_json_kind(cell['source'])}; "
                "expected a string or an array of strings",
                path=path,
            )
        try:
            document = markdown.read_markdown(text, path=path)
        except model.DocumentError as error:
            raise model.DocumentError(
                f"cell {number}: {error.message}",
                path=path,
                line=error.line,
                column=error.column,
            ) from error
        blocks.extend(
            dataclasses.replace(block, cell=number) for block in document.blocks
        )
        comments.extend(document.comments)
        found_definitions.extend(document.definitions)
        unclosed.extend(dataclasses.replace(problem, cell=number) for problem in document.unclosed)
    return model.Document(
        path=path,
        source=source,
        blocks=tuple(blocks),
        comments=tuple(comments),
        definitions=tuple(found_definitions),
        unclosed=tuple(unclosed),
    )


def _json_kind(value: object) -> str:
    """The JSON name of a decoded value's type."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"
