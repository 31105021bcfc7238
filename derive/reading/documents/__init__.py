"""Math blocks of Markdown, LaTeX and Jupyter documents, with exact source positions.

Each reader has its module (`markdown`, `latex_source`, `notebook`) over a shared
scan (`scanning`); the Markdown and LaTeX readers share what they know of LaTeX
math environments (`environments`) and of macro definitions (`definitions`);
what they produce is in `model`. `load` picks the reader by the file's suffix.
"""

from __future__ import annotations

import os
import pathlib
from typing import Protocol

from derive.reading.documents.latex_source import read_latex
from derive.reading.documents.markdown import read_markdown
from derive.reading.documents.model import Block, Document, DocumentError, Unclosed
from derive.reading.documents.notebook import read_notebook
from derive.reading.documents.scanning import LEAD_IN_LIMIT

__all__ = [
    "LEAD_IN_LIMIT",
    "Block",
    "Document",
    "DocumentError",
    "Unclosed",
    "load",
    "read_latex",
    "read_markdown",
    "read_notebook",
]


class _Reader(Protocol):
    def __call__(self, source: str, *, path: str) -> Document: ...


_READERS: dict[str, _Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_markdown,
    ".tex": read_latex,
    ".ipynb": read_notebook,
}


def load(path: str | os.PathLike[str]) -> Document:
    """Read a document from a UTF-8 file, choosing the reader by its suffix.

    Raises:
        DocumentError: if the file cannot be read or decoded, its suffix is not a
            known document type, or its math is malformed (see `read_markdown`).
    """
    name = os.fspath(path)
    suffix = pathlib.Path(name).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(_READERS))
        found = f"{suffix!r}" if suffix else "no suffix"
        raise DocumentError(
            f"unknown document type ({found}); expected a file ending in {known}",
            path=name,
        )
    try:
        data = pathlib.Path(name).read_bytes()
    except OSError as error:
        raise DocumentError(
            f"cannot read the file: {error.strerror or error}", path=name
        ) from error
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        if line_start == 0 and data.startswith(b"\xef\xbb\xbf"):
            line_start = 3
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        raise DocumentError(
            f"the file is not valid UTF-8: byte 0x{data[error.start]:02x} cannot be "
            "decoded; save the file as UTF-8",
            path=name,
            line=data.count(b"\n", 0, error.start) + 1,
            column=column,
        ) from error
    return reader(source, path=name)
