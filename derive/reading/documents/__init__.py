"""Math blocks of Markdown, LaTeX and Jupyter documents, with exact source positions.

Each reader has its module (`markdown`, `latex_source`, `notebook`) over a shared
scan (`scanning`); the Markdown and LaTeX readers share what they know of LaTeX
math environments (`environments`) and of macro definitions (`definitions`);
what they produce is in `model`. `load` picks the reader by the file's suffix.
"""

from __future__ import annotations

import os
import pathlib
import stat
from typing import Protocol

from derive.reading.documents.latex_source import read_latex
from derive.reading.documents.markdown import read_markdown
from derive.reading.documents.model import Block, Document, DocumentError, Unclosed
from derive.reading.documents.notebook import read_notebook
from derive.reading.documents.scanning import LEAD_IN_LIMIT

__all__ = [
    "LEAD_IN_LIMIT",
    "MAX_SIZE",
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


MAX_SIZE = 5_000_000  # bytes: a document larger than this is refused (``--max-size``)


def load(path: str | os.PathLike[str], *, max_size: int = MAX_SIZE) -> Document:
    """Read a document from a UTF-8 file, choosing the reader by its suffix.

    Only a regular file (a symlink is followed) of at most ``max_size`` bytes is read: a device
    such as /dev/zero would be read without end, and a FIFO would block until written.

    Raises:
        DocumentError: if the file cannot be read or decoded, is not a regular file or is
            too large, its suffix is not a known document type, or its math is malformed
            (see `read_markdown`).
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
        data = _read_regular(name, max_size)
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


def _read_regular(name: str, max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    Raises:
        DocumentError: the path is a directory, device, FIFO or socket, or the file is too large.
        OSError: it cannot be opened or read.
    """
    # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells what was opened
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            kind = "a directory" if stat.S_ISDIR(status.st_mode) else "not a regular file (a device, FIFO or socket)"
            raise DocumentError(f"cannot read the file: it is {kind}", path=name)
        data = handle.read(max_size + 1)
    if len(data) > max_size:
        raise DocumentError(
            f"the file is larger than {max_size:,} bytes; split it, or raise the limit with --max-size",
            path=name,
        )
    return data
