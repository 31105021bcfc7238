"""Never crash, never destroy (issue 16): what derive reads is bounded and refused with a located
error when it cannot be read; a report never replaces a device, a link or another report's plots."""

from __future__ import annotations

import os
import pathlib
import stat
import subprocess
import sys
import threading

import pytest

import locations
from derive import errors, results
from derive.checking import checker
from derive.reading import documents
from derive.report import output

CLAIM = "$$ (AB)^T = B^TA^T $$\n"


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "derive", *argv]
    return subprocess.run(command, capture_output=True, text=True, cwd=locations.REPOSITORY, timeout=300, check=False)


# -- item 3: deep formulas, deep JSON, devices, FIFOs, huge files -----------------------------------


@pytest.mark.parametrize("chain", ["x" + "^T" * 500, "x/" * 500 + "x", "x" + "^{-1}" * 500], ids=["transposes", "divisions", "inverses"])
def test_a_formula_nested_without_brackets_is_refused_at_its_place_and_the_rest_is_checked(chain: str) -> None:
    result = checker.check_text(f"$$ {chain} = x $$\n\n{CLAIM}", oracles=["symbolic"])
    refused, checked = result.claims
    assert refused.verdict == results.UNCHECKED and refused.line == 1
    assert refused.message is not None and "nested more than 150 deep" in refused.message
    assert checked.verdict == results.PROVED


def test_a_notebook_nested_past_the_json_decoder_is_a_located_error(tmp_path: pathlib.Path) -> None:
    notebook = tmp_path / "deep.ipynb"
    notebook.write_text("[" * 200_000, encoding="utf-8")
    with pytest.raises(errors.DocumentError, match="nested too deeply") as raised:
        documents.load(notebook)
    assert raised.value.location is not None and raised.value.location.line == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_and_a_link_to_a_device_are_refused_without_reading(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    endless = tmp_path / "zero.md"
    endless.symlink_to("/dev/zero")
    for path in (fifo, endless):
        with pytest.raises(errors.DocumentError, match="not a regular file"):
            documents.load(path)
    completed = _run("check", str(fifo), str(endless))
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert f"{fifo}:1:1: cannot read the file: it is not a regular file" in completed.stderr


def test_a_document_over_the_size_limit_is_refused(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(CLAIM * 10, encoding="utf-8")
    with pytest.raises(errors.DocumentError, match="larger than 100 bytes"):
        documents.load(notes, max_size=100)
    assert len(documents.load(notes).blocks) == 10  # the default, 5 MB, reads it
    completed = _run("check", "--max-size", "100", str(notes))
    assert completed.returncode == 2 and "larger than 100 bytes" in completed.stderr and "--max-size" in completed.stderr


def test_a_bug_while_reading_a_document_is_a_located_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.meaning import document_analysis

    def broken(*_: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(document_analysis, "analyse", broken)
    monkeypatch.setattr(checker, "DEBUG", False)
    with pytest.raises(errors.DocumentError, match="internal error in derive while reading") as raised:
        checker.check_text(CLAIM, path="notes.md", timeout=None)  # in this process, where the patch is
    assert raised.value.location == errors.Location("notes.md", 1, 1)


# -- item 1: -o writes through devices and links, and refuses what is not a file --------------------


def _report() -> list[results.DocumentResult]:
    return [checker.check_text(CLAIM, path="notes.md", oracles=["symbolic"])]


def test_a_report_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    output.write(_report(), format="json", output=str(link), pdf=False, inputs=[])
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert '"verdict": "proved"' in target.read_text(encoding="utf-8")


def test_a_report_to_dev_null_writes_into_it_and_leaves_the_device(tmp_path: pathlib.Path) -> None:
    output.write(_report(), format="json", output=os.devnull, pdf=False, inputs=[])
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert not list(pathlib.Path("/dev").glob(".null.*.tmp"))  # no temporary file was made beside it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_report_to_a_fifo_is_streamed_into_it(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    output.write(_report(), format="json", output=str(fifo), pdf=False, inputs=[])
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a file put in its place
    assert b'"verdict": "proved"' in received[0]


def test_a_report_to_standard_output_by_its_device_name_is_printed(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(CLAIM, encoding="utf-8")
    completed = _run("check", "--format", "json", "--oracles", "symbolic", "-o", "/dev/stdout", str(notes))
    assert completed.returncode == 0, completed.stderr
    assert '"verdict": "proved"' in completed.stdout


def test_a_report_is_not_written_over_a_directory_and_needs_a_name(tmp_path: pathlib.Path) -> None:
    with pytest.raises(errors.ReportError, match="it is a directory"):
        output.write(_report(), format="json", output=str(tmp_path), pdf=False, inputs=[])
    with pytest.raises(errors.UsageError, match="-o needs a file name"):
        output.write(_report(), format="json", output="", pdf=False, inputs=[])


# -- item 9: each report has its own plots -------------------------------------------------------


def test_reports_whose_names_differ_only_in_punctuation_get_their_own_plots(tmp_path: pathlib.Path) -> None:
    document = derive_example()
    for name in ("r_1.tex", "r-1.tex"):
        output.write([document], format="latex", output=str(tmp_path / name), pdf=False, inputs=[])
    first, second = ((tmp_path / name).read_text(encoding="utf-8") for name in ("r_1.tex", "r-1.tex"))
    folders = sorted(path.name for path in tmp_path.glob("*-figures"))
    assert len(folders) == 2  # one folder of plots per report
    plots = [f"{path.parent.name}/{path.name}" for path in tmp_path.glob("*-figures/taylor-*.pdf")]
    assert plots and len(plots) % 2 == 0
    first_plots = {name for name in plots if name in first}
    second_plots = {name for name in plots if name in second}
    assert first_plots and second_plots and not first_plots & second_plots


def derive_example() -> results.DocumentResult:
    return checker.check(locations.REPOSITORY / "docs" / "examples" / "least_squares.md")


# -- item 7: line breaks other than \n ---------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\r\n", "\r", "\u0085"])
def test_a_line_break_of_any_kind_in_prose_keeps_properties_and_positions(separator: str) -> None:
    text = f"Some words.{separator}Let $W \\in \\mathbb{{R}}^{{n\\times n}}$ be symmetric.{separator}{separator}$$ W^T = W $$\n"
    (claim,) = checker.check_text(text, oracles=["symbolic"]).claims
    assert claim.verdict == results.PROVED  # "symmetric" was still read after the declaration
    assert (claim.line, claim.column) == (4, 4)


# -- item 8: heading math that does not typeset -------------------------------------------------


@pytest.mark.parametrize("heading", ["# Gradient of $\\frac$", "# Deep $" + "{" * 300 + "x" + "}" * 300 + "$"])
def test_heading_math_that_would_stop_tex_is_shown_as_prose(heading: str, tmp_path: pathlib.Path) -> None:
    from derive.report import latex

    notes = tmp_path / "notes.md"
    notes.write_text(f"{heading}\n\n{CLAIM}", encoding="utf-8")
    result = checker.check(notes, oracles=["symbolic"])
    text = latex.render([result], source_text={str(notes): notes.read_text(encoding="utf-8")})
    assert "\\emph{Gradient of \\$\\textbackslash{}frac\\$}" in text or "\\emph{Deep \\$\\{" in text
    assert latex.inline("Gradient of $\\frac{1}{2}x^Tx$") == "Gradient of $\\frac{1}{2}x^Tx$"  # well-formed math is typeset


def test_a_failed_compilation_names_the_users_file_not_a_scratch_one(tmp_path: pathlib.Path) -> None:
    from derive.report import pdf

    if pdf.engine() is None:
        pytest.skip("no TeX engine (latexmk or pdflatex) on this machine")
    source = tmp_path / "scratch.tex"
    source.write_text("\\documentclass{article}\\begin{document}\\undefinedcommand\\end{document}\n", encoding="utf-8")
    with pytest.raises(errors.ReportError) as raised:
        pdf.compile_pdf(source, tmp_path / "out.pdf", shown="my-report.tex")
    assert "'my-report.tex'" in str(raised.value) and "scratch.tex" not in str(raised.value).splitlines()[0]


# -- item 10: terminal escapes -------------------------------------------------------------------


def test_control_characters_in_a_document_are_shown_escaped_in_every_format(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "$$ \\Gamma(x\x1b]0;PWNED\x07\x1b[2J) = 1 $$\n\n$$ \\frac{x\x1b[31m $$\n\n<!-- derive: \x1b[2Jred -->\n", encoding="utf-8"
    )
    for format in ("table", "json", "markdown", "html", "latex"):
        completed = _run("check", "--format", format, "--oracles", "symbolic", str(notes))
        assert "\x1b" not in completed.stdout and "\x07" not in completed.stdout, format
        assert "\x1b" not in completed.stderr, format
    completed = _run("grad", "\\|x\x1b[2J\\|^2", "--wrt", "x")
    assert completed.returncode == 2 and "\x1b" not in completed.stdout + completed.stderr
    assert "\\x1b[2J" in completed.stderr


# -- item 11: smaller ---------------------------------------------------------------------------


def test_check_text_reads_a_fenced_math_block_as_the_command_line_does() -> None:
    (claim,) = checker.check_text("```math\n(AB)^T = B^TA^T\n```\n").claims
    assert claim.latex == "(AB)^T = B^TA^T" and claim.verdict == results.PROVED


def test_a_huge_formula_is_not_echoed_whole(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("$$ " + "x + " * 250_000 + "x = \\frac{ $$\n", encoding="utf-8")
    completed = _run("check", "--oracles", "symbolic", str(notes))
    assert completed.returncode == 2
    assert len(completed.stdout) + len(completed.stderr) < 20_000  # the formula is a megabyte
    assert "…" in completed.stderr


def test_an_inline_declaration_that_cannot_be_read_is_a_located_error() -> None:
    result = checker.check_text("Let $A \\in \\mathbb{R}^{-3\\times 2.5}$.\n\n$$ A^T = A $$\n", path="notes.md")
    (error,) = result.errors
    assert (error.line, error.column) == (1, 12) and "\\mathbb{R}^{k \\times n}" in error.message
