"""LaTeX, PDF, Markdown and HTML reports: escaping, sanitising, compiling, and safe writing.

The PDF tests need a TeX engine (pdflatex, latexmk) and poppler (pdftoppm, pdftotext).
When they are missing these tests FAIL, so that CI cannot pass without them; on a
machine without TeX set DERIVE_SKIP_TEX=1 to skip them instead.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import unicodedata
from typing import Any

import locations
import pytest

import derive
from derive import errors, results
from derive.report import files, latex, markdown, output, pdf, tex, values
from derive.report import html as html_report

REPOSITORY = locations.REPOSITORY
CORPUS = REPOSITORY.parent / "shared" / "corpus"
DATA = REPOSITORY / "tests" / "data" / "reports"
ORACLES = ("symbolic", "float", "solution")  # TensorFlow adds nothing to what a report shows


def _error_documents() -> dict[str, int]:
    """The corpus documents that are input errors by design, with the line their error names."""
    manifest = CORPUS / "manifest.json"
    return json.loads(manifest.read_text("utf-8")).get("error_docs", {}) if manifest.is_file() else {}


def _corpus_documents(*, errors_only: bool = False) -> list[Any]:
    folder = CORPUS / "docs"
    if not folder.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"the example corpus is not at {folder}"))]
    names = sorted(path.name for path in folder.iterdir() if path.suffix in (".md", ".tex", ".ipynb"))
    return [name for name in names if (name in _error_documents()) == errors_only]


@pytest.fixture(scope="module")
def tex_tools() -> None:
    """TeX and poppler, or a failure that says how to get them (a skip only with DERIVE_SKIP_TEX=1)."""
    if os.environ.get("DERIVE_SKIP_TEX") == "1":
        pytest.skip("DERIVE_SKIP_TEX=1: PDF reports are not tested on this machine")
    missing = [tool for tool in ("pdflatex", "pdftoppm", "pdftotext") if shutil.which(tool) is None]
    if missing or pdf.engine() is None:
        pytest.fail(
            f"missing {', '.join(missing)}: install texlive-latex-recommended texlive-latex-extra latexmk "
            "poppler-utils (as .ci/run does), or set DERIVE_SKIP_TEX=1 to skip the PDF tests"
        )


def _pdf_text(path: pathlib.Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    plain = unicodedata.normalize("NFKC", text.decode("utf-8", "replace"))
    return " ".join(plain.split())


def _ink(path: pathlib.Path, folder: pathlib.Path) -> float:
    """The share of page 1's pixels that are not white, read from pdftoppm's grey PGM."""
    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "1", str(path), str(folder / "page")], check=True)
    (image,) = folder.glob("page*.pgm")
    data = image.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval; comments start with '#'
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maxval = fields
    assert magic == b"P5" and int(maxval) == 255
    pixels = data[position + 1 : position + 1 + int(width) * int(height)]
    assert len(pixels) == int(width) * int(height)
    return sum(1 for value in pixels if value < 200) / len(pixels)


def _compile(text: str, folder: pathlib.Path, resources: dict[str, bytes] | None = None) -> pathlib.Path:
    source = folder / "report.tex"
    source.write_text(text, "utf-8")
    target = folder / "report.pdf"
    pdf.compile_pdf(source, target, resources=resources)
    return target


# --- escaping prose -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words, 1.5", "plain words, 1.5"),
        ("\\", "\\textbackslash{}"),
        ("{x}", "\\{x\\}"),
        ("$a$ & #1", "\\$a\\$ \\& \\#1"),
        ("x^2_3", "x{\\ttfamily\\char94}2{\\ttfamily\\char95}3"),
        ("100% ~", "100\\% {\\ttfamily\\char126}"),
        ("<a|b>", "\\textless{}a\\textbar{}b\\textgreater{}"),
        ("[opt]", "{[}opt{]}"),
        ("\\input{/etc/passwd}", "\\textbackslash{}input\\{/etc/passwd\\}"),
        ("\\write18{touch x}", "\\textbackslash{}write18\\{touch x\\}"),
        ("a\n\nb\t c", "a b c"),
        ("bell\x07", "bell"),
        ("MᵀM ≥ 0", "M\\textsuperscript{T}M $\\geq$ 0"),
        ("α and Σ", "$\\alpha$ and $\\Sigma$"),
        ("café", "cafe"),
        ("☃", "[U+2603]"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert tex.escape(text) == escaped


def test_escaped_text_compiles_and_reads_back(tex_tools: None, tmp_path: pathlib.Path) -> None:
    hostile = r"\input{/etc/passwd} \write18{touch x} $x^2_3$ 100% & #1 ~ [a] |b| <c> {{unbalanced \catcode"
    document = (
        "\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
        f"START {tex.escape(hostile)} END\n\\end{{document}}\n"
    )
    text = _pdf_text(_compile(document, tmp_path))
    assert f"START {hostile} END" in text


# --- sanitising math -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "math",
    [
        "x^TA^TAx",
        r"\nabla_{x} (x^TA^TAx)",
        r"\|Ax - b\|_2^{2}",
        r"\sum_{i=1}^{k} (a_{i}^Tx - b_{i})^{2}",
        r"\frac{d^2}{d t^2} x(t)",
        r"(A^TA)^{-1}A^Tb",
        r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}",
        r"\operatorname{tr}(A) + \log(x)",
        r"\left( x \right) \succeq 0",
        r"\text{left side} = \mathbb{R}^{n \times n}",
    ],
)
def test_sanitise_math_keeps_what_only_typesets(math: str) -> None:
    assert tex.sanitise_math(math) == math


@pytest.mark.parametrize(
    "math",
    [
        r"\input{/etc/passwd}",
        r"\include{chapter}",
        r"\write18{touch x}",
        r"\immediate\write18{touch x}",
        r"\openout1=x",
        r"\catcode`\^=7",
        r"\def\x{y}",
        r"\newcommand{\x}{y}",
        r"\csname input\endcsname",
        r"\read16 to \x",
        r"\special{x}",
        r"x^^5cinput",
        r"\inputx",
        r"\tr(A)",
        "{x",
        "x}",
        "}{",
        "x % a comment",
        "a & b",
        r"a \\ b",
        "$x$",
        "#1",
        "α",
        r"\left( x",
        r"x \right)",
        r"\begin{verbatim} x \end{verbatim}",
        r"\begin{bmatrix} 1 \end{pmatrix}",
        r"\text{\input{x}}",
        r"\text{a_b}",
        "x^",
        "",
    ],
)
def test_sanitise_math_refuses_anything_else(math: str) -> None:
    assert tex.sanitise_math(math) is None


@pytest.mark.parametrize("word", sorted(tex.FORBIDDEN))
def test_every_forbidden_control_word_is_refused(word: str) -> None:
    assert tex.sanitise_math(f"x + \\{word}{{y}}") is None
    assert f"\\{word}" not in tex.escape(f"\\{word}{{y}}")


# --- counterexample values --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "written"),
    [
        (2, "2"),
        (-1.5, "-1.5"),
        (3.0, "3"),
        (1.25e-7, "1.25 \\times 10^{-7}"),
        ("-1/2", "-\\frac{1}{2}"),
        ([[0, 1], [0, 0]], "\\begin{bmatrix} 0 & 1 \\\\ 0 & 0 \\end{bmatrix}"),
        ([1, 2], "\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}"),
        ("x\\input{y}", "\\text{x\\textbackslash{}input\\{y\\}}"),
    ],
)
def test_values_as_latex(value: object, written: str) -> None:
    assert values.latex(value) == written


# --- the LaTeX report -------------------------------------------------------------------------

def _least_squares() -> results.DocumentResult:
    return derive.check(REPOSITORY / "docs" / "examples" / "least_squares.md", oracles=ORACLES)


def test_latex_report_typesets_chains_from_the_parsed_tree() -> None:
    document = _least_squares()
    text = latex.render([document])
    assert text.startswith("% Written by derive")
    assert "\\begin{align*}" in text
    # line 27 starts a chain, lines 31 and 35 (written "= …") continue it as &= rows
    assert "f(x) &= (Ax - b)^T(Ax - b) \\tag*{\\dvverdict{\\dvproved}{proved}~[3]}" in text
    assert "\\relax &= ((Ax)^T - b^T)(Ax - b) \\tag*" in text
    assert "\\dvverdict{\\dvconditional}{conditional}" in text
    assert "Holds under: rank(A) = n ($A^TA$ invertible)." in text
    for claim in document.claims:
        assert claim.typeset is not None and claim.typeset[2] in text


def test_latex_report_lists_versions_without_importing_tensorflow() -> None:
    # GradientTape's evidence came from a worker process: its version is named all the same
    script = (
        "import sys\nfrom derive import results\nfrom derive.report import latex\n"
        "names = dict(latex.versions())\n"
        "taped = results.DocumentResult('a.md', (results.ClaimResult(1, 1, 'x', 'derivative', 'proved',"
        " evidence=(results.Evidence('autodiff', 'agrees', True),)),))\n"
        "with_tape = dict(latex.versions([taped]))\n"
        "assert 'tensorflow' not in sys.modules, 'imported TensorFlow'\n"
        "assert names['TensorFlow'] == 'not used in this run' and names['SymPy'][0].isdigit(), names\n"
        "assert with_tape['TensorFlow'][0].isdigit(), with_tape\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def _hostile_claims() -> results.DocumentResult:
    """Every text field of a result made hostile: what a report must print harmlessly."""
    bad = r"\input{/etc/passwd}\immediate\write18{touch pwned}{ % # & $ ^ _ ~ <script>alert(1)</script>"
    claim = results.ClaimResult(
        line=3, column=1, latex=bad, kind="derivative", verdict=results.FAILED,
        evidence=(results.Evidence("float}", bad, False), results.Evidence(bad, "ok", None)),
        counterexample=results.Counterexample({"n}": 1}, {"A": [[1]], bad: "\\x", "α": 2.5}, bad, [[1, 2]], 0),
        conditions=(bad,), message=bad, derived=r"\write18{touch pwned}",
        typeset=(r"\input{/etc/passwd}", "=", "x"),
        taylor=results.TaylorSeries((0.1, 0.01), (0.0, 0.0), None, 2.0),
    )
    continued = dataclasses.replace(claim, latex="= " + bad, typeset=("x", "=", r"\def\x{y}"), verdict=results.UNCHECKED)
    return results.DocumentResult(path="we#ird_{dir}/%doc~.md", claims=(claim, continued), seed=7)


def test_hostile_fields_are_escaped_or_dropped() -> None:
    text = latex.render([_hostile_claims()], source_text={"we#ird_{dir}/%doc~.md": "# \\input{/etc/passwd}\n"})
    body = text.split("\\begin{document}", 1)[1]
    for word in ("input", "write", "immediate", "def"):
        assert f"\\{word}" not in body
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in body


def test_hostile_fields_compile(tex_tools: None, tmp_path: pathlib.Path) -> None:
    document = _hostile_claims()
    text = _pdf_text(_compile(latex.render([document]), tmp_path))
    assert "failed [1]" in text and "unchecked [2]" in text
    assert not (tmp_path / "pwned").exists()


def test_reports_without_claims_compile(tex_tools: None, tmp_path: pathlib.Path) -> None:
    empty = results.DocumentResult(path="empty.md", claims=())
    for number, documents in enumerate(([], [empty])):
        folder = tmp_path / str(number)
        folder.mkdir()
        assert "Derivation check" in _pdf_text(_compile(latex.render(documents), folder))
    assert "0 relations" in markdown.render([empty]) and "No document was checked." in markdown.render([])
    assert "has no math that derive reads: nothing was checked" in markdown.render([empty])


@pytest.mark.parametrize("name", _corpus_documents())
def test_corpus_report_compiles(name: str, tex_tools: None, tmp_path: pathlib.Path) -> None:
    path = CORPUS / "docs" / name
    document = derive.check(path, oracles=ORACLES)
    report = latex.render([document], source_text={document.path: path.read_text("utf-8")})
    target = _compile(report, tmp_path)
    assert _ink(target, tmp_path) > 0.005
    text = _pdf_text(target)
    for number, claim in enumerate(document.claims, start=1):
        assert re.search(rf"{claim.verdict} \[{number}\]", text), f"no verdict {claim.verdict} [{number}] in the PDF"


@pytest.mark.parametrize("name", _corpus_documents(errors_only=True))
def test_a_corpus_document_with_an_error_is_reported_with_the_error_in_place(
    name: str, tex_tools: None, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from derive import cli

    target = tmp_path / "report.tex"
    line = _error_documents()[name]
    status = cli.main(["check", str(CORPUS / "docs" / name), "--format", "latex", "-o", str(target), "--pdf"])
    assert status == 2
    assert f"{name}:{line}:" in capsys.readouterr().err
    text = _pdf_text(tmp_path / "report.pdf")
    assert "Not read." in text and f"line {line}, column" in text  # the error, where it is, in the report


def test_a_file_that_cannot_be_read_gets_no_empty_report(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    from derive import cli

    source = tmp_path / "open.md"
    source.write_bytes(b"text\n\n$$ x = \xff $$\n")  # not UTF-8: nothing of it can be read
    target = tmp_path / "report.tex"
    assert cli.main(["check", str(source), "--format", "latex", "-o", str(target), "--pdf"]) == 2
    assert f"{source}:3:8: the file is not valid UTF-8" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["open.md"]  # no report with nothing in it


def test_hostile_document_gives_a_harmless_report(tex_tools: None, tmp_path: pathlib.Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pwned = tmp_path / "pwned"
    source = tmp_path / "hostile.md"
    source.write_text((DATA / "hostile.md").read_text("utf-8").replace("PWNED", str(pwned)), "utf-8")
    monkeypatch.chdir(tmp_path)
    document = derive.check(source, oracles=ORACLES)
    assert {c.verdict for c in document.claims} == {results.PROVED, results.FAILED, results.UNCHECKED}
    output.write([document], format="latex", output=str(tmp_path / "report.tex"), pdf=True, inputs=[str(source)])
    text = _pdf_text(tmp_path / "report.pdf")
    assert not pwned.exists() and not (tmp_path / "x").exists()
    assert "\\input{/etc/passwd}" in text  # shown, as text
    passwd = pathlib.Path("/etc/passwd")
    if passwd.is_file():
        first = passwd.read_text("utf-8", "replace").splitlines()[0]
        assert first not in text
    for number, claim in enumerate(document.claims, start=1):
        assert f"{claim.verdict} [{number}]" in text


def test_taylor_plot_is_drawn_and_included(tex_tools: None, tmp_path: pathlib.Path) -> None:
    document = _least_squares()
    hs = tuple(0.25 * 0.5**k for k in range(12))
    series = results.TaylorSeries(hs, tuple(3.0 * h * h for h in hs), 2.0, 2.0)
    index = next(i for i, c in enumerate(document.claims) if c.kind == "derivative")
    claims = list(document.claims)
    claims[index] = dataclasses.replace(claims[index], taylor=series)
    document = dataclasses.replace(document, claims=tuple(claims))
    plots = latex.figures_for([document], prefix="plot")
    assert list(plots) == [f"plot/taylor-0-{index}.pdf"] and plots[f"plot/taylor-0-{index}.pdf"].startswith(b"%PDF")
    source = tmp_path / "doc.md"
    source.write_text("# doc\n", "utf-8")
    output.write([document], format="latex", output=str(tmp_path / "report.tex"), pdf=True, inputs=[str(source)])
    assert len(list(tmp_path.glob(f"report-*-figures/taylor-0-{index}.pdf"))) == 1
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == ["doc.md", "report.pdf", "report.tex"]  # nothing else beside
    text = _pdf_text(tmp_path / "report.pdf")
    assert "observed order of the remainder 2.00, expected 2" in text
    assert "slope 1" in text and "slope 3" in text  # the plot's legend, inside the PDF


def test_the_checker_fills_the_taylor_plots_of_a_real_report(tex_tools: None, tmp_path: pathlib.Path) -> None:
    document = derive.check(REPOSITORY / "docs" / "examples" / "least_squares.md")
    gradients = [c for c in document.claims if c.taylor is not None and c.taylor.order is not None]
    assert gradients and all(abs(c.taylor.order - 2.0) < 0.3 for c in gradients)  # type: ignore[union-attr]
    source = tmp_path / "least_squares.md"
    source.write_text("# copy\n", "utf-8")
    output.write([document], format="latex", output=str(tmp_path / "report.tex"), pdf=True, inputs=[str(source)])
    assert len(list(tmp_path.glob("report-*-figures/taylor-*.pdf"))) >= len(gradients)
    text = _pdf_text(tmp_path / "report.pdf")
    assert "observed order of the remainder 2.00, expected 2" in text


# --- PDF compilation ----------------------------------------------------------------------------

MINIMAL = "\\documentclass{article}\\begin{document}%s\\end{document}\n"


def test_compile_never_touches_the_source(tex_tools: None, tmp_path: pathlib.Path) -> None:
    source = tmp_path / "mine.tex"
    source.write_text(MINIMAL % "hello", "utf-8")
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    pdf.compile_pdf(source, tmp_path / "mine.pdf")
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.pdf", "mine.tex"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("\\undefinedcommand", "Undefined control sequence"),
        ("\\input{/etc/passwd}", "passwd"),  # openin_any=p: no absolute paths
    ],
)
def test_compile_failure_quotes_the_log(tex_tools: None, tmp_path: pathlib.Path, body: str, expected: str) -> None:
    with pytest.raises(errors.ReportError, match=expected):
        _compile(MINIMAL % body, tmp_path)
    assert not (tmp_path / "report.pdf").exists()


def test_shell_escape_is_off(tex_tools: None, tmp_path: pathlib.Path) -> None:
    pwned = tmp_path / "pwned"
    _compile(MINIMAL % f"\\immediate\\write18{{touch {pwned}}}ok", tmp_path)
    assert not pwned.exists()


def test_compile_is_stopped_at_the_time_limit(tex_tools: None, tmp_path: pathlib.Path) -> None:
    source = tmp_path / "loop.tex"
    source.write_text(MINIMAL % "\\def\\loop{\\loop}\\loop", "utf-8")
    with pytest.raises(errors.ReportError, match="within 2 s"):
        pdf.compile_pdf(source, tmp_path / "loop.pdf", timeout=2)


def test_no_engine_is_a_clear_error(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    source = tmp_path / "a.tex"
    source.write_text(MINIMAL % "x", "utf-8")
    with pytest.raises(errors.ReportError, match="no TeX engine found"):
        pdf.compile_pdf(source, tmp_path / "a.pdf")


# --- writing files ----------------------------------------------------------------------------------

def _document_file(tmp_path: pathlib.Path) -> tuple[pathlib.Path, results.DocumentResult]:
    source = tmp_path / "doc.md"
    source.write_text("$$ (AC)^T = A^TC^T $$\n", "utf-8")
    return source, derive.check(source, oracles=ORACLES)


@pytest.mark.parametrize(("format", "name", "pdf_wanted"), [
    ("markdown", "doc.md", False), ("latex", "doc.md", False), ("html", "./doc.md", False),
    ("latex", "doc.pdf", True), ("latex", "link.md", False),
])
def test_a_report_never_overwrites_its_input(tmp_path: pathlib.Path, format: str, name: str, pdf_wanted: bool) -> None:
    source, document = _document_file(tmp_path)
    target = tmp_path / name
    if name == "link.md":
        target.symlink_to(source)
    if name == "doc.pdf":
        source = source.rename(tmp_path / "doc.pdf")  # a PDF report beside it would be the input itself
    before = source.read_bytes()
    with pytest.raises(errors.UsageError, match="would overwrite the input"):
        output.write([document], format=format, output=str(target), pdf=pdf_wanted, inputs=[str(source)])
    assert source.read_bytes() == before


def test_write_is_atomic(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.md"
    files.write_atomic(target, b"old")
    files.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["report.md"]

    def broken(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(errors.ReportError, match="No space left on device"):
        files.write_atomic(target, b"newer")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_write_options(tmp_path: pathlib.Path) -> None:
    source, document = _document_file(tmp_path)
    inputs = [str(source)]
    assert "| line | claim | kind | verdict |" in str(output.write([document], format="markdown", output=None, pdf=False, inputs=inputs))
    with pytest.raises(errors.UsageError, match="--pdf needs a file"):
        output.write([document], format="latex", output=None, pdf=True, inputs=inputs)
    with pytest.raises(errors.UsageError, match="use it with --format latex"):
        output.write([document], format="markdown", output=str(tmp_path / "r.md"), pdf=True, inputs=inputs)
    with pytest.raises(errors.UsageError, match="unknown report format"):
        output.write([document], format="docx", output=None, pdf=False, inputs=inputs)
    with pytest.raises(errors.ReportError, match="does not exist"):
        output.write([document], format="html", output=str(tmp_path / "no" / "r.html"), pdf=False, inputs=inputs)
    assert output.write([document], format="html", output=str(tmp_path / "r.html"), pdf=False, inputs=inputs) is None
    assert (tmp_path / "r.html").read_text("utf-8").startswith("<!DOCTYPE html>")


# --- Markdown and HTML --------------------------------------------------------------------------------

def test_markdown_has_the_table_and_the_failures(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "mixed.md"
    source.write_text((DATA / "hostile.md").read_text("utf-8"), "utf-8")
    document = derive.check(source, oracles=ORACLES)
    text = markdown.render([document])
    table = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(table) == len(document.claims)
    assert "| 6 | $`(Ax)^T = x^TA^T`$ | identity | ✔ proved |" in table
    assert any(row.startswith("| 12 | $`(AC)^T = A^TC^T`$ |") and row.endswith("✘ failed |") for row in table)
    assert "#### Failed and unchecked claims in" in text
    assert "\\begin{bmatrix}" in text and "\\text{left side}" in text
    assert "- unsupported: \\\\input" in text  # the message, escaped for Markdown
    assert "| 8 | `\\input{/etc/passwd} = x^T A^T` | unchecked | ? unchecked |" in table


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (markdown.text, "a|b <i>x</i> $y$ *z* _w_", "a\\|b \\<i\\>x\\</i\\> \\$y\\$ \\*z\\* \\_w\\_"),
        (markdown.code, "a`b", "``a`b``"),
        (markdown.math, r"\|x\|", r"$`\|x\|`$"),
    ],
)
def test_markdown_escaping(function: object, value: str, expected: str) -> None:
    assert function(value) == expected  # type: ignore[operator]


def test_markdown_math_in_a_table_keeps_norms() -> None:
    assert markdown.math(r"\|Ax - b\|_2 + |c|", in_table=True) == r"$`\Vert Ax - b\Vert _2 + \vert c\vert `$"
    assert markdown.math(r"\input{x}") is None


def test_html_is_self_contained_and_escaped() -> None:
    page = html_report.render([_hostile_claims()])
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    local = page.replace("http-equiv", "")
    for namespace in ("http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML", "http://www.w3.org/2000/svg"):
        local = local.replace(f'xmlns="{namespace}"', "")  # names, not addresses: nothing is fetched
    assert "http" not in local and "src=" not in page
    assert "\\input{/etc/passwd}" in page and "{ % # &amp; $" in page


@pytest.mark.parametrize(
    ("message", "typeset"),
    [
        ("holds where rank(A) = n (A^TA invertible)", "holds where rank(A) = n ($A^TA$ invertible)"),
        (r"holds where \Sigma is invertible", r"holds where $\Sigma$ is invertible"),
        ("x_1 > 0, and 50% & more", r"$x_1$ \textgreater{} 0, and 50\% \& more"),
        (r"the \frac alone", r"the \textbackslash{}frac alone"),  # math TeX would stop on stays prose
    ],
)
def test_the_latex_report_typesets_math_in_derives_prose(message: str, typeset: str) -> None:
    assert str(latex.prose(message)) == typeset


def test_a_conditional_solution_reads_as_mathematics_in_the_latex_report() -> None:
    document = derive.check(REPOSITORY / "docs" / "examples" / "least_squares.md")
    text = latex.render([document])
    condition = next(line for line in text.splitlines() if line.startswith("\\par holds where"))
    assert "$A^TA$ invertible" in condition and "\\char94" not in condition
    assert "computed symbolically, $2A^TAx$" in text  # evidence too
