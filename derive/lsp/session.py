"""The editor's documents checked on a warm worker, each re-check reusing the unchanged claims.

The worker (:mod:`derive.checking.isolation`) keeps SymPy and TensorFlow imported between checks
and holds each step to its time and memory limits. A claim's result is reused when its cache key
(:mod:`derive.checking.fingerprints`: its text, its place, the shapes and assumptions it reads,
derive's code) is the one of the last check, so an edit inside a relation re-checks that relation
and those whose context it changed; an edit that moves lines re-checks the relations below it,
whose places are part of their results.

A notebook's Markdown cells are checked as one document, in order, so that a cell sees the
declarations of the cells above it; each step is shown in the cell that holds it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from derive import errors, results
from derive.checking import checker
from derive.lsp import ranges
from derive.lsp.views import Step
from derive.reading import documents

MARKDOWN, LATEX, NOTEBOOK_FILE, CELLS = "markdown", "latex", "notebook file", "cells"
_LATEX_LANGUAGES = frozenset({"latex", "tex", "plaintex", "context"})
# positions count lines at \n, \r\n and \r only; a character derive's reader also breaks lines at
# (or a byte-order mark) becomes a space, so that both count the same lines and columns
_NOT_BREAKS = str.maketrans({char: " " for char in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff"})
_TOP = ranges.Extent(ranges.Point(0, 0), ranges.Point(0, 0))
WARM_UP = "$$ \\nabla_x (x^T x) = 2x $$\n"  # a derivative: the worker imports SymPy and TensorFlow


@dataclasses.dataclass(frozen=True)
class Text:
    """One text the editor holds: a document, or one Markdown cell of a notebook."""

    uri: str
    source: str


@dataclasses.dataclass(frozen=True)
class Checked:
    """A check's result and each step where it is written, by the uri of the text holding it."""

    result: results.DocumentResult
    steps: tuple[Step, ...]

    def in_text(self, uri: str) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.uri == uri)


def kind_of(uri: str, language: str) -> str:
    """How to read a text document: by its language identifier, else by its name."""
    name = uri.lower().rsplit("?", 1)[0]
    if language in _LATEX_LANGUAGES or name.endswith(".tex"):
        return LATEX
    if name.endswith(".ipynb"):
        return NOTEBOOK_FILE
    return MARKDOWN


class Session:
    """Checks documents with the options given, remembering each document's last results."""

    def __init__(self, options: checker.Options) -> None:
        self._options = options
        self._known: dict[str, dict[str, results.ClaimResult]] = {}

    def warm_up(self) -> None:
        """Have the worker import what checking needs, before the first document arrives."""
        checker.check_document(documents.read_markdown(WARM_UP, path="<warm-up>"), self._options)

    def check(self, key: str, path: str, texts: Sequence[Text], kind: str) -> Checked:
        """Check the document ``key`` (its uri, or a notebook's), made of ``texts`` read as ``kind``."""
        sources = [text.source.translate(_NOT_BREAKS) for text in texts]
        try:
            size = sum(len(source.encode("utf-8", "surrogatepass")) for source in sources)
            if size > documents.MAX_SIZE:  # as derive check --max-size: a document this large is refused
                raise errors.DocumentError(
                    f"the document has {size:,} bytes, more than the {documents.MAX_SIZE:,} derive reads",
                    location=errors.Location(path, 1, 1),
                )
            document = _read(path, sources, kind)
        except errors.InputError as problem:
            result = results.DocumentResult(path, (), self._options.seed, (checker.read_error(problem),))
        else:
            keyed = checker.check_keyed(document, self._options, self._known.get(key, {}))
            self._known[key] = {k: claim for k, claim in zip(keyed.keys, keyed.result.claims, strict=True) if k}
            result = keyed.result
        return Checked(result, tuple(_located(result, texts, sources, kind)))

    def forget(self, key: str) -> None:
        self._known.pop(key, None)


def _read(path: str, sources: Sequence[str], kind: str) -> documents.Document:
    if kind == CELLS:  # the cells as a notebook of Markdown cells: cell n is texts[n - 1]
        cells = [{"cell_type": "markdown", "metadata": {}, "source": source} for source in sources]
        notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        return documents.read_notebook(json.dumps(notebook), path=path)
    (source,) = sources
    if kind == LATEX:
        return documents.read_latex(source, path=path)
    if kind == NOTEBOOK_FILE:
        return documents.read_notebook(source, path=path)
    return documents.read_markdown(source, path=path)


def _located(
    result: results.DocumentResult, texts: Sequence[Text], sources: Sequence[str], kind: str
) -> list[Step]:
    lines = [ranges.lines_of(source) for source in sources]
    found = []
    for error in result.errors:
        uri, text_lines, note = _place(error.cell, error.line, texts, lines, kind)
        extent = _TOP if note else ranges.to_line_end(text_lines, error.line, error.column)
        found.append(Step(uri, extent, error=error, note=note))
    for claim in result.claims:
        uri, text_lines, note = _place(claim.cell, claim.line, texts, lines, kind)
        # a notebook file's JSON: the cell's lines are not the file's, the note says where it is
        extent = _TOP if note else ranges.extent(text_lines, claim.line, claim.column, claim.latex)
        found.append(Step(uri, extent, claim=claim, note=note))
    return found


def _place(
    cell: int | None, line: int, texts: Sequence[Text], lines: Sequence[list[str]], kind: str
) -> tuple[str, list[str], str]:
    """The uri and lines of the text holding a step, or a note saying where it is when they do not."""
    if kind == CELLS and cell is not None and 1 <= cell <= len(texts):
        return texts[cell - 1].uri, lines[cell - 1], ""
    if cell is not None:
        return texts[0].uri, lines[0], f"cell {cell}, line {line}: "
    return texts[0].uri, lines[0], ""
