"""``derive lsp`` driven as an editor drives it: pygls's client over a pipe to the real command.

Each server is started once per test (a minute at most: its worker imports SymPy and TensorFlow),
so each test walks through a whole editing session.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from lsp_client import Editor
from lsprotocol import types

from derive import results
from derive.lsp import ranges, views

DECLARATIONS = "Let $A \\in \\mathbb{R}^{m \\times n}$, $b \\in \\mathbb{R}^m$, $x \\in \\mathbb{R}^n$.\n"
DOCUMENT = (
    DECLARATIONS
    + "\n$$ f(x) = \\|Ax - b\\|_2^2 $$\n"
    + "\nThe gradient:\n\n$$\n\\nabla f(x) = 2 A^T A x\n  - A^T b\n$$\n"  # wrong: -2A^Tb; lines 7-8 (0-based)
    + "\n$$ A^T A x = A^T b $$\n"
    + "\n$$ x = (A^T A)^{-1} A^T b $$\n"  # conditional: A^T A invertible; line 13
    + "\n$$ \\lim_{t \\to 0} \\sin(t) / t = 1 $$\n"  # unchecked; line 15
)
URI = "file:///notes/least_squares.md"


def run(session: object) -> None:
    asyncio.run(asyncio.wait_for(session, 600))  # type: ignore[arg-type]


def by_code(params: types.PublishDiagnosticsParams) -> dict[str, list[types.Diagnostic]]:
    found: dict[str, list[types.Diagnostic]] = {}
    for diagnostic in params.diagnostics:
        found.setdefault(str(diagnostic.code), []).append(diagnostic)
    return found


def applied(text: str, edit: types.TextEdit) -> str:
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    before = "\n".join(lines[: start.line] + [lines[start.line][: start.character]])
    after = "\n".join([lines[end.line][end.character :]] + lines[end.line + 1 :])
    return before + edit.new_text + after


def test_a_wrong_step_is_an_error_at_its_range_with_hover_and_fix(tmp_path):
    async def session() -> None:
        async with Editor(str(tmp_path / "server.log")) as editor:
            editor.open(URI, DOCUMENT)
            first = by_code(await editor.published(URI, 1))
            (failed,) = first["failed"]
            assert failed.severity == types.DiagnosticSeverity.Error
            assert (failed.range.start.line, failed.range.start.character) == (7, 0)
            assert (failed.range.end.line, failed.range.end.character) == (8, 9)  # over both lines of the step
            assert "the derivative is 2A^TAx - 2A^Tb" in failed.message
            (conditional,) = first["conditional"]
            assert conditional.severity == types.DiagnosticSeverity.Information
            assert conditional.range.start.line == 13 and "A^TA" in conditional.message
            (unchecked,) = first["unchecked"]
            assert unchecked.severity == types.DiagnosticSeverity.Warning and unchecked.range.start.line == 15
            assert "unsupported" in unchecked.message
            assert set(first) == {"failed", "conditional", "unchecked"}  # steps that hold show nothing

            hover = await editor.hover(URI, 8, 4)
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            text = hover.contents.value
            assert "failed" in text and "counterexample" in text and "left side" in text
            assert "autodiff (refutes): " in text and "derive computes: 2A^TAx - 2A^Tb" in text
            assert await editor.hover(URI, 0, 0) is None  # prose: no step

            (action,) = await editor.code_actions(URI, failed)
            assert action.kind == types.CodeActionKind.QuickFix and "2A^TAx - 2A^Tb" in action.title
            assert action.edit is not None and action.edit.changes is not None
            (edit,) = action.edit.changes[URI]
            fixed = applied(DOCUMENT, edit)
            assert "\\nabla f(x) = 2A^TAx - 2A^Tb\n$$" in fixed

            # the editor applies the fix: the error is cleared, the other steps stay as they were
            editor.replace(URI, (edit.range.start.line, edit.range.start.character),
                           (edit.range.end.line, edit.range.end.character), edit.new_text)
            second = by_code(await editor.published(URI, 2))
            assert "failed" not in second
            assert set(second) == {"conditional", "unchecked"}

            # break it again by typing: the error comes back at the new text
            editor.replace(URI, (7, 14), (7, 15), "3")
            third = by_code(await editor.published(URI, 3))
            (again,) = third["failed"]
            assert again.range.start.line == 7

    run(session())


def test_debounced_changes_are_checked_once_at_the_last_version_and_close_clears(tmp_path):
    async def session() -> None:
        async with Editor(str(tmp_path / "server.log"), ("--debounce", "1.5")) as editor:
            editor.open(URI, DECLARATIONS + "\n$$ \\nabla_x (x^T x) = 2x $$\n")
            assert not (await editor.published(URI, 1)).diagnostics
            for typed in ("3", "4", "5"):  # typing 2 → 3 → 4 → 5 quickly: one check, of the last text
                editor.replace(URI, (2, 22), (2, 23), typed)
            published = await editor.published(URI)
            assert published.version == 4
            (failed,) = published.diagnostics
            assert failed.code == "failed" and "2x" in failed.message
            editor.client.text_document_did_close(
                types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
            )
            assert not (await editor.published(URI)).diagnostics

    run(session())


def test_unreadable_math_is_an_error_and_the_rest_is_checked(tmp_path):
    text = DECLARATIONS + "\n$$ a = {b $$\n\n$$ \\nabla_x (x^T x) = x $$\n"

    async def session() -> None:
        async with Editor(str(tmp_path / "server.log")) as editor:
            editor.open(URI, text)
            found = by_code(await editor.published(URI, 1))
            (syntax,) = found[views.NOT_READ]
            assert syntax.severity == types.DiagnosticSeverity.Error and syntax.range.start.line == 2
            assert "never closed" in syntax.message
            (failed,) = found["failed"]
            assert failed.range.start.line == 4

    run(session())


def test_a_latex_file_and_a_notebooks_markdown_cells(tmp_path):
    latex = (
        "\\documentclass{article}\\begin{document}\n"
        "Let $x \\in \\mathbb{R}^n$.\n\\begin{equation}\n\\nabla_x (x^T x) = x\n\\end{equation}\n\\end{document}\n"
    )
    notebook = "file:///notes/nb.ipynb"
    cells = [f"{notebook}#cell1", f"{notebook}#cell2", f"{notebook}#cell3"]

    async def session() -> None:
        async with Editor(str(tmp_path / "server.log")) as editor:
            editor.open("file:///notes/paper.tex", latex, "latex")
            (failed,) = (await editor.published("file:///notes/paper.tex", 1)).diagnostics
            assert failed.code == "failed" and failed.range.start.line == 3

            # the declarations are in the first Markdown cell, the wrong step in the third
            sources = [DECLARATIONS, "import numpy as np\n", "$$ \\nabla_x (b^T A x) = 2 A^T b $$\n"]
            kinds = [types.NotebookCellKind.Markup, types.NotebookCellKind.Code, types.NotebookCellKind.Markup]
            editor.client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
                notebook_document=types.NotebookDocument(
                    uri=notebook, notebook_type="jupyter-notebook", version=1,
                    cells=[types.NotebookCell(kind=kind, document=uri) for kind, uri in zip(kinds, cells, strict=True)],
                ),
                cell_text_documents=[
                    types.TextDocumentItem(uri=uri, language_id="markdown" if kind == types.NotebookCellKind.Markup
                                           else "python", version=1, text=source)
                    for uri, kind, source in zip(cells, kinds, sources, strict=True)
                ],
            ))
            shown: dict[str, list[types.Diagnostic]] = {}
            while len(shown) < 2:
                params = await editor.diagnostics.get()
                shown[params.uri] = list(params.diagnostics)
            assert set(shown) == {cells[0], cells[2]} and shown[cells[0]] == []
            (wrong,) = shown[cells[2]]
            assert wrong.code == "failed" and wrong.range.start.line == 0 and "A^Tb" in wrong.message

            # the same notebook opened as a file: its JSON's lines are not the cell's, so the step
            # is shown at the top and the message says where it is
            raw = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": source}
                                        for source in (DECLARATIONS, sources[2])],
                              "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
            editor.open("file:///notes/raw.ipynb", raw, "json")
            (located,) = (await editor.published("file:///notes/raw.ipynb", 1)).diagnostics
            assert located.range.start.line == 0 and located.message.startswith("cell 2, line 1: failed")

    run(session())


def test_the_command_refuses_bad_options_and_explains_itself():
    refused = subprocess.run(
        [sys.executable, "-m", "derive", "lsp", "--debounce", "-1"], capture_output=True, text=True, timeout=120, check=False
    )
    assert refused.returncode == 2 and "--debounce must be 0 or more" in refused.stderr
    helped = subprocess.run([sys.executable, "-m", "derive", "lsp", "--help"], capture_output=True, text=True, timeout=120, check=False)
    assert helped.returncode == 0 and "docs/editors.md" in helped.stdout and "--debounce" in helped.stdout


# -- where a step is written, without a server ----------------------------------------------------


def test_an_extent_follows_the_step_across_lines_and_finds_its_right_side():
    lines = ranges.lines_of("$$\n\\nabla f(x) = 2 A^T\n   A x $$")
    found = ranges.extent(lines, 2, 1, "\\nabla f(x) = 2 A^T A x")
    assert found.start == ranges.Point(1, 0) and found.end == ranges.Point(2, 6)
    assert found.right_side == ranges.Point(1, 14)
    braces = ranges.extent(["f_{a=b} = c"], 1, 1, "f_{a=b} = c")
    assert braces.right_side == ranges.Point(0, 10)  # the = inside the subscript is not the relation


def test_a_step_that_differs_from_its_source_ends_with_its_line_and_has_no_fix():
    lines = ["$$ t = 1, 3 $$"]
    found = ranges.extent(lines, 1, 11, "t = 3")  # a root of a list, written for the reader
    assert found.end == ranges.Point(0, 14) and found.right_side is None
    claim = results.ClaimResult(1, 11, "t = 3", "derivative", results.FAILED, derived="2")
    step = views.Step("file:///a.md", found, claim=claim)
    assert views.fix(step, lambda point: types.Position(point.line, point.column)) is None


def test_hover_text_cannot_be_closed_early_or_carry_control_characters():
    claim = results.ClaimResult(1, 1, "a = b", "identity", results.FAILED, message="```\x1b[31m``` and ````")
    shown = views.hover(views.Step("file:///a.md", ranges.Extent(ranges.Point(0, 0), ranges.Point(0, 5)), claim=claim))
    fence = shown.split("\n")[2].removesuffix("text")
    assert fence == "`````" and shown.endswith("\n" + fence)
    assert "\x1b" not in shown


@pytest.mark.parametrize("uri, language, kind", [
    ("file:///a.md", "markdown", "markdown"), ("file:///a.tex", "plaintext", "latex"),
    ("untitled:1", "latex", "latex"), ("file:///n.IPYNB", "json", "notebook file"),
])
def test_the_reader_follows_the_language_then_the_name(uri, language, kind):
    from derive.lsp import session

    assert session.kind_of(uri, language) == kind


def test_a_document_over_the_size_limit_is_one_located_error_not_a_check(monkeypatch):
    from derive.checking import checker
    from derive.lsp import session
    from derive.reading import documents

    monkeypatch.setattr(documents, "MAX_SIZE", 100)
    checked = session.Session(checker.Options(timeout=None)).check(
        "file:///big.md", "/big.md", [session.Text("file:///big.md", "$$ x = x $$\n" * 20)], session.MARKDOWN
    )
    assert checked.result.claims == ()
    (step,) = checked.steps
    assert step.error is not None and "more than the 100 derive reads" in step.error.message
