"""Reports of derive mode: `derive grad --format latex|html|json`, `--pdf`, and ``Derivation.write_report``.

The report is derive check's DocumentResult on the derivation document, so these tests
assert that the steps derive mode derived come back re-typeset with the verdicts it
reported. The PDF tests need pdflatex and pdftotext; like tests/derive/test_reports.py
they fail without them unless DERIVE_SKIP_TEX=1.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import shutil
import subprocess
import unicodedata

import pytest

from derive import cli, errors, results
from derive.deriving import derivation, grad_command
from derive.report import latex as latex_report, pdf

LEAST_SQUARES = r"\|Ax - b\|_2^2"
RIDGE = r"\|Ax - b\|_2^2 + \lambda \|x\|_2^2"


@functools.cache
def derived(objective: str) -> derivation.Derivation:
    return derivation.derive_objective(objective, shapes={"A": "k×n", "b": "k"})


@pytest.fixture(scope="module")
def tex_tools() -> None:
    """pdflatex and pdftotext, or a failure that says how to get them (a skip only with DERIVE_SKIP_TEX=1)."""
    if os.environ.get("DERIVE_SKIP_TEX") == "1":
        pytest.skip("DERIVE_SKIP_TEX=1: PDF reports are not tested on this machine")
    if pdf.engine() is None or shutil.which("pdftotext") is None:
        pytest.fail("install texlive-latex-recommended latexmk poppler-utils, or set DERIVE_SKIP_TEX=1")


def _pdf_text(path: pathlib.Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text.decode("utf-8", "replace")).split())


def _row(lhs: str, relation: str, rhs: str, verdict: str, number: int) -> str:
    """One step of the LaTeX report: re-typeset, then its mark, verdict and note number."""
    return f"{lhs} &{relation} {rhs} \\tag*{{\\dvverdict{{\\dv{verdict}}}{{{verdict}}}~[{number}]}}"


def test_the_latex_report_retypesets_every_step_with_its_mark() -> None:
    text = derived(LEAST_SQUARES).write_report(format="latex")
    assert text is not None
    assert r"\title{Derivation of $f(x) = \|Ax - b\|_2^{2}$}" in text
    assert r"\noindent\emph{The derivatives of $f$ with respect to $x$}" in text  # the document's heading, typeset
    expected = [
        _row("f(x)", "=", r"\|Ax - b\|_2^{2}", results.STATED, 1),
        _row("", "=", "x^TA^TAx - 2b^TAx + b^Tb", results.PROVED, 2),
        _row(r"\nabla_{x} f(x)", "=", "2A^TAx - 2A^Tb", results.PROVED, 3),
        _row("", "=", "2A^T(Ax - b)", results.PROVED, 4),
        _row(r"\nabla_{x}^2 f(x)", "=", "2A^TA", results.PROVED, 5),
        _row("A^TAx", "=", "A^Tb", results.PROVED, 7),
        _row("x", "=", "(A^TA)^{-1}A^Tb", results.CONDITIONAL, 8),
        _row("x", "=", "A^{+}b", results.CONSISTENT, 9),
        _row("2A^TA", r"\succeq", "0", results.PROVED, 10),
    ]
    for row in expected:
        assert row in text
    assert "Holds under: rank(A) = n ($A^TA$ invertible)." in text


def test_the_ridge_solution_is_typeset_not_quoted() -> None:
    """``\\lambda I`` must stay two tokens, or the row would fall back to typewriter text."""
    text = derived(RIDGE).write_report(format="latex")
    assert text is not None
    assert _row("x", "=", r"(A^TA + \lambda I)^{-1}A^Tb", results.CONDITIONAL, 8) in text
    assert r"\lambdaI" not in text


def test_json_and_html_reports_carry_the_steps_verdicts(tmp_path: pathlib.Path) -> None:
    result = derived(LEAST_SQUARES)
    text = result.write_report(format="json")
    assert text is not None
    (document,) = json.loads(text)["documents"]
    assert [claim["verdict"] for claim in document["claims"]] == [step.verdict for step in result.steps]
    target = tmp_path / "least_squares.html"
    assert result.write_report(format="html", output=str(target)) is None
    page = target.read_text("utf-8")
    assert r"<h1>Derivation of $f(x) = \|Ax - b\|_2^{2}$</h1>" in page
    assert page.count('class="proved"') >= 6 and '<td class="conditional">' in page


def test_write_report_refuses_other_formats() -> None:
    assert grad_command.REPORTS == derivation.REPORT_FORMATS
    with pytest.raises(errors.UsageError, match="latex, html, json, not 'markdown'"):
        derived(LEAST_SQUARES).write_report(format="markdown")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The derivatives of $f$ with respect to $x$", "The derivatives of $f$ with respect to $x$"),
        (r"Derivation of $f(x) = \|Ax - b\|^2$", r"Derivation of $f(x) = \|Ax - b\|^2$"),
        ("$a$ $b$", "$a$ $b$"),
        (r"bad $\input{x}$ math", r"bad \$\textbackslash{}input\{x\}\$ math"),
        ("costs 5% & $1", r"costs 5\% \& \$1"),
    ],
)
def test_inline_math_in_titles_is_typeset_only_when_safe(text: str, expected: str) -> None:
    assert latex_report.inline(text) == expected


def test_cli_latex_report_to_a_file(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ridge.tex"
    argv = ["grad", RIDGE, "--shapes", "A:k×n, b:k", "--format", "latex", "-o", str(target)]
    assert cli.main(argv) == grad_command.EXIT_OK
    assert capsys.readouterr().out == ""
    assert _row(r"\nabla_{x} f(x)", "=", r"2A^TAx + 2\lambda x - 2A^Tb", results.PROVED, 3) in target.read_text("utf-8")


def test_cli_code_goes_to_standard_output_when_the_report_goes_to_a_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.json"
    assert cli.main(["grad", LEAST_SQUARES, "--format", "json", "--emit", "numpy", "-o", str(target)]) == 0
    assert "return 2 * (A.T @ (A @ x - b))" in capsys.readouterr().out
    assert json.loads(target.read_text("utf-8"))["documents"][0]["path"] == "derivation.md"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pdf"], "--pdf needs a file to write: add -o report.pdf"),
        (["--pdf", "--format", "markdown", "-o", "x.md"], "--pdf compiles the LaTeX report: use it with --format latex"),
        (["--format", "html", "--emit", "numpy"], "--emit and --format html would both print to standard output"),
        (["--least-squares", "--pdf", "-o", "x.pdf"], "--least-squares answers in the table, not in --format latex"),
        (["--least-squares", "--format", "markdown"], "--least-squares answers in the table, not in --format markdown"),
    ],
)
def test_cli_report_usage_errors_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["grad", LEAST_SQUARES, *argv]) == grad_command.EXIT_INPUT
    assert capsys.readouterr().err.startswith(f"derive grad: error: {message}")


def test_cli_pdf_without_tex_says_so(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "engine", lambda: None)
    assert cli.main(["grad", LEAST_SQUARES, "--pdf", "-o", str(tmp_path / "r.pdf")]) == grad_command.EXIT_INPUT
    assert capsys.readouterr().err.startswith("derive grad: error: no TeX engine found: --pdf needs pdflatex")
    assert not (tmp_path / "r.pdf").exists()


def test_cli_pdf_compiles_and_reads_proved(tex_tools: None, tmp_path: pathlib.Path) -> None:
    target = tmp_path / "least_squares.pdf"
    assert cli.main(["grad", LEAST_SQUARES, "--pdf", "-o", str(target)]) == grad_command.EXIT_OK
    text = _pdf_text(target)
    assert "Derivation of f (x) =" in text and "The derivatives of f with respect to x" in text
    assert "proved [3]" in text and "conditional [8]" in text and "consistent [9]" in text
    assert not (tmp_path / "least_squares.tex").exists()  # -o FILE.pdf keeps only the PDF


def test_python_api_writes_tex_and_pdf(tex_tools: None, tmp_path: pathlib.Path) -> None:
    target = tmp_path / "ridge.tex"
    assert derived(RIDGE).write_report(format="latex", output=str(target), pdf=True) is None
    assert r"\lambda I)^{-1}" in target.read_text("utf-8")
    text = _pdf_text(target.with_suffix(".pdf"))
    assert "proved [2]" in text and "conditional [8]" in text
