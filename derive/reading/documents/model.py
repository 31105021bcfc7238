"""Documents, their math blocks, the source text positions refer to, and read errors."""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

from derive import errors


class DocumentError(errors.DocumentError):
    """A document that cannot be read: a missing or undecodable file, an unknown
    file type, or math whose delimiters are not closed.

    `line` and `column` are 1-based and point at what is wrong (an opening
    delimiter that is never closed); they are None for errors about the whole file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        location = errors.Location(path, line, column or 1) if line is not None else None
        super().__init__(message, location=location)
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.location is None:
            return f"{self.path}: {self.message}"
        return super().__str__()


@dataclasses.dataclass(frozen=True)
class Block:
    """One piece of math found in a document.

    `text` is the LaTeX between the delimiters exactly as written, except that the
    characters of LaTeX `%` comments are replaced by spaces, so that every offset
    into `text` is also an offset into the source (see `position`). The markers
    of environments that only lay out rows (`\\begin{aligned}[t]`, `\\end{split}`,
    `alignedat` and `array` with their arguments, `gathered`, `multlined`, display
    environments nested in `$$...$$`, `\\eqalign{` and its `}`) are blanked the
    same way when they stand at the top of the math; their rows stay (see
    `environments.blank_markers`). In Markdown, the `>` of a block quote that
    starts a line inside the math is blanked too.

    `cell` is the 1-based index of the notebook cell holding the block, counted
    among all the notebook's cells; it is None outside notebooks. In a notebook,
    `line`, `column` and `position` refer to the cell's own text.
    """

    text: str
    line: int
    column: int
    display: bool
    continues: bool = False
    lead_in: str = ""
    markers: tuple[str, ...] = ()
    cell: int | None = dataclasses.field(default=None, kw_only=True)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the source (the cell's text in a
        notebook) of `text[offset]`.

        `offset` may equal `len(text)`: the position just after the text.

        Raises:
            ValueError: if `offset` is outside `0..len(text)`.
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(
                f"offset {offset} is outside the block text (0..{len(self.text)})"
            )
        newlines = self.text.count("\n", 0, offset)
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - self.text.rfind("\n", 0, offset)


@dataclasses.dataclass(frozen=True)
class Unclosed:
    """Math whose opener is never closed: where the opener is, and what to do.

    The reader reports it and reads on after the next blank line (where a renderer
    ends the math too), so the rest of the document is still read."""

    line: int
    column: int
    message: str
    cell: int | None = None


@dataclasses.dataclass(frozen=True)
class Document:
    """A document's math blocks in source order, and its `derive:` comments.

    `source` is the text positions refer to (line endings normalised to `\\n`);
    for a notebook it is the notebook's JSON, and positions refer to cells (see
    `Block.cell`).
    `comments` holds (line, text) for every comment that starts with `derive:`:
    in Markdown, HTML comments, LaTeX `%` comments inside math, and front matter
    (whose text is its whole body, starting on line 2); in LaTeX, `%` comments
    anywhere that are not only marker words (`derive: A \\in \\mathbb{R}^n`, not
    `derive: equation`); in a notebook, those of its Markdown cells, with lines
    inside their cell.
    `unclosed` lists the math whose delimiters or environments are never closed
    (before the next blank line); what follows it is read as usual.
    `definitions` holds (line, column, text) for every macro definition written
    outside math (`\\newcommand`, `\\renewcommand`, `\\providecommand`,
    `\\DeclareMathOperator`, starred or not, and `\\def`): in LaTeX, in the
    preamble and the body; in Markdown (and notebooks' Markdown cells, with lines
    inside their cell), in prose. `text` is the whole command with its arguments,
    e.g. `\\newcommand{\\norm}[1]{\\left\\|#1\\right\\|}`, with `%` comments blanked
    as in `Block.text`. Definitions inside math stay in their block's text.
    """

    path: str
    source: str
    blocks: tuple[Block, ...]
    comments: tuple[tuple[int, str], ...] = ()
    definitions: tuple[tuple[int, int, str], ...] = ()
    unclosed: tuple[Unclosed, ...] = ()

    def source_line(self, line: int, cell: int | None = None) -> str:
        """Return the text of the 1-based `line` of the source, without its `\\n`:
        the line a position such as `(Block.line, Block.column)` points into, and
        the one an error message prints with a caret under the column.

        With `cell`, the line is one of the source of the notebook's Markdown cell
        numbered `cell` (1-based among all cells, as `Block.cell`), normalised as
        the notebook reader reads it.

        Returns "" when there is no such line: `line` outside the source, or
        `cell` naming no Markdown cell (a code cell, a number past the last cell,
        a document that is not a notebook).
        """
        lines = self._lines if cell is None else self._cell_lines.get(cell, ())
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    @functools.cached_property
    def _lines(self) -> tuple[str, ...]:
        return tuple(self.source.split("\n"))

    @functools.cached_property
    def _cell_lines(self) -> dict[int, tuple[str, ...]]:
        """The lines of each Markdown cell with a readable source, by cell number;
        empty when `source` is not a notebook."""
        try:
            notebook: Any = json.loads(self.source)
        except (ValueError, RecursionError):  # not JSON: not a notebook
            return {}
        cells = notebook.get("cells") if isinstance(notebook, dict) else None
        if not isinstance(cells, list):
            return {}
        found: dict[int, tuple[str, ...]] = {}
        for number, cell in enumerate(cells, start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
                continue
            text = cell_text(cell.get("source", ""))
            if text is not None:
                found[number] = tuple(normalise(text).split("\n"))
        return found


# every character str.splitlines() breaks at, besides \n and \r: positions count lines by "\n" alone,
# so each of these becomes one, once, when the document is read (U+2028 in prose moved every position)
_OTHER_BREAKS = str.maketrans({char: "\n" for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def normalise(source: str) -> str:
    """Line endings as `\\n`, without a byte-order mark: the text positions refer to."""
    return source.replace("\r\n", "\n").replace("\r", "\n").translate(_OTHER_BREAKS).removeprefix("\ufeff")


def cell_text(source: object) -> str | None:
    """A notebook cell's source, which is a string or a list of strings."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(piece, str) for piece in source):
        return "".join(source)
    return None
