"""One display derive cannot read never sinks its document: it is shown where it is, the rest is checked."""

from __future__ import annotations

import json
import pathlib

import pytest

from derive import cli, results
from derive.checking import checker
from derive.report import html, latex, markdown

ORACLES = ["symbolic", "exact", "float"]
RIGHT = "$$ (AB)^T = B^TA^T $$"
WRONG = "$$ (AB)^T = A^TB^T $$"


def _check(text: str) -> results.DocumentResult:
    return checker.check_text(text, path="notes.md", oracles=ORACLES)


def _verdicts(result: results.DocumentResult) -> list[tuple[int, str]]:
    return [(claim.line, claim.verdict) for claim in result.claims]


# -- well-formed LaTeX that derive does not read: an unchecked claim, with the reason and the place ------

UNREAD = [
    # (display, a fragment of the reason)
    (r"x \odot \odot y = 0", "unexpected `\\odot`"),  # (a signature, J: \Bbb R^d \to \Bbb R, is now a declaration)
    (r"(AB)^T = B^T A^T)", "unexpected `)`"),
    (r"\left< x \right> = x", "unexpected"),
]


@pytest.mark.parametrize(("display", "reason"), UNREAD)
def test_a_display_derive_does_not_read_is_unchecked_and_the_rest_is_checked(display: str, reason: str) -> None:
    result = _check(f"{RIGHT}\n\n$$ {display} $$\n\n{WRONG}\n")
    assert _verdicts(result) == [(1, "proved"), (3, "unchecked"), (5, "failed")]
    unread = result.claims[1]
    assert unread.latex == display  # quoted as written, from its first character
    assert unread.column == 4
    assert unread.message is not None and unread.message.startswith("derive does not read this yet: ")
    assert reason in unread.message and "(at 3:" in unread.message
    assert result.errors == ()


# -- malformed LaTeX: a located error entry; every other claim is still checked --------------------------

MALFORMED = [
    # (display, column of the culprit, message fragment)
    (r"\frac{1}{2 = \frac12", 12, "unbalanced braces: a `{` is never closed"),
    (r"\left( x = x", 4, r"a `\left` is never closed"),
    (r"\begin{bmatrix} 1 & 2 \end{pmatrix} = I", 26, r"`\end{pmatrix}` comes before the `\end{bmatrix}`"),
    (r"x = y }", 10, "`}` closes nothing"),
]


@pytest.mark.parametrize(("display", "column", "message"), MALFORMED)
def test_malformed_latex_is_an_error_in_place_and_the_rest_is_checked(display: str, column: int, message: str) -> None:
    result = _check(f"{RIGHT}\n\n$$ {display} $$\n\n{WRONG}\n")
    assert _verdicts(result) == [(1, "proved"), (5, "failed")]
    (error,) = result.errors
    assert (error.line, error.column, error.kind) == (3, column, "syntax")
    assert message in error.message
    assert error.source_line == f"$$ {display} $$"
    assert result.relations == 3 and result.checked == 2


@pytest.mark.parametrize(
    ("opened", "message"),
    [
        ("$$ (AB)^T = ", "unterminated display math: `$$` opened here is never closed"),
        ("\\[ (AB)^T = ", "unterminated display math: `\\[` opened here is never closed"),
        ("\\begin{align} (AB)^T &= ", "unterminated environment: `\\begin{align}` opened here is never closed"),
    ],
)
def test_math_never_closed_is_an_error_at_its_opener_and_the_rest_is_checked(opened: str, message: str) -> None:
    result = _check(f"{RIGHT}\n\nso {opened}B^TA^T\nstill open\n\n{WRONG}\n")
    assert _verdicts(result) == [(1, "proved"), (6, "failed")]
    (error,) = result.errors
    assert (error.line, error.column, error.kind) == (3, 4, "syntax")
    assert error.message.startswith(message)
    assert error.source_line == f"so {opened}B^TA^T"


def test_one_row_of_an_aligned_chain_that_does_not_parse_spares_the_other_rows() -> None:
    text = (
        "Let $A \\in \\mathbb{R}^{k\\times n}$, $x \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^k$.\n\n"
        "$$\n"
        "\\begin{aligned}\n"
        "\\|Ax - b\\|^2 &= (Ax - b)^T(Ax - b) \\\\\n"
        "&= (Ax - b) \\circledast (Ax - b) \\\\\n"
        "&= x^TA^TAx - 2b^TAx + b^Tb \\\\\n"
        "(AB)^T &= A^TB^T\n"
        "\\end{aligned}\n"
        "$$\n"
    )
    result = _check(text)
    by_line = {claim.line: claim for claim in result.claims}
    assert by_line[5].verdict == "proved"
    assert (by_line[6].verdict, by_line[6].message) == ("unchecked", "unsupported: \\circledast")
    assert by_line[6].latex == "= (Ax - b) \\circledast (Ax - b)"
    # the row after the unreadable one cannot be linked to a left side: said so, never guessed
    assert by_line[7].verdict == "unchecked" and by_line[7].message == "this step continues one that derive could not read"
    assert by_line[8].verdict == "failed"
    assert result.errors == ()


def test_a_product_that_cannot_be_formed_is_an_error_and_the_rest_is_checked() -> None:
    text = "$A \\in \\mathbb{R}^{4 \\times 3}$, $b \\in \\mathbb{R}^{4}$.\n\n$$ c = A b $$\n\n" + RIGHT + "\n"
    result = _check(text)
    (error,) = result.errors
    assert (error.line, error.kind) == (3, "shape") and "cannot" in error.message
    assert _verdicts(result) == [(5, "proved")]


def test_an_unknown_derive_comment_is_an_error_at_its_line_and_the_rest_is_checked() -> None:
    result = _check("<!-- derive: A \\in \\mathbb{R}^{k \\times -->\n\n" + RIGHT + "\n")
    (error,) = result.errors
    assert error.line == 1 and error.message.startswith("in a derive: comment")
    assert _verdicts(result) == [(3, "proved")]


# -- the problems in every output format ------------------------------------------------------------------

BROKEN = f"# Notes\n\n{RIGHT}\n\n$$ \\frac{{1}}{{2 = 3 $$\n\n{WRONG}\n"


def test_every_format_shows_the_error_and_the_checked_claims(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "notes.md"
    source.write_text(BROKEN, "utf-8")
    result = checker.check(source, oracles=ORACLES)

    status = cli.main(["check", "--format", "json", "--oracles", ",".join(ORACLES), str(source)])
    captured = capsys.readouterr()
    assert status == cli.EXIT_INPUT  # an input error still fails CI, although the rest was checked
    (document,) = json.loads(captured.out)["documents"]
    assert (document["relations"], document["checked"]) == (3, 2)
    assert [(c["line"], c["verdict"]) for c in document["claims"]] == [(3, "proved"), (7, "failed")]
    assert document["errors"] == [{
        "line": 5, "column": 12, "cell": None, "kind": "syntax",
        "message": "unbalanced braces: a `{` is never closed; add the matching `}`",
        "source_line": "$$ \\frac{1}{2 = 3 $$",
    }]
    assert f"{source}:5:12: unbalanced braces" in captured.err and "\n               ^" in captured.err

    assert cli.main(["check", "--no-color", "--oracles", ",".join(ORACLES), str(source)]) == cli.EXIT_INPUT
    table = " ".join(capsys.readouterr().out.split())
    assert "✘ not read" in table and "3 relations: 1 proved, 1 failed, 1 not read" in table

    summary = markdown.render([result])
    assert "3 relations: ✔ 1 proved, ✘ 1 failed, ✘ 1 not read" in summary
    assert f"**`{source}:5:12`** unbalanced braces" in summary

    page = html.render([result])
    assert "✘ not read" in page and "unbalanced braces: a `{` is never closed" in page

    report = latex.render([result])
    assert r"\textbf{Not read.}" in report and "line 5, column 12" in report


# -- counts, the loud warning, and --strict ------------------------------------------------------------------


def test_the_summary_counts_relations_found_and_checked(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    source = tmp_path / "counted.md"
    source.write_text(f"{RIGHT}\n\n$$ \\hat\\beta = \\hat\\beta \\circledast 1 $$\n\n$$ f(x) = x^Tx $$\n", "utf-8")
    assert cli.main(["check", "--no-color", "--oracles", ",".join(ORACLES), str(source)]) == cli.EXIT_OK
    printed = "".join(capsys.readouterr().out.split())  # a long path may wrap anywhere
    assert "".join(f"{source}: 3 relations: 1 proved, 1 unchecked, 1 stated".split()) in printed


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Only prose, and $5 for a coffee.\n", "has no math that derive reads: nothing was checked"),
        ("$$ a \\circledast b = c $$\n", "was checked: derive could not read or decide any of its relations"),
    ],
)
def test_a_document_with_nothing_checked_says_so_and_fails_strict(
    text: str, warning: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "quiet.md"
    source.write_text(text, "utf-8")
    assert cli.main(["check", "--no-color", str(source)]) == cli.EXIT_OK
    assert warning in " ".join(capsys.readouterr().out.split())
    assert cli.main(["check", "--no-color", "--strict", str(source)]) == cli.EXIT_INPUT
    assert "(--strict)" in capsys.readouterr().err


def test_strict_passes_a_document_whose_every_claim_is_checked(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "fine.md"
    source.write_text(RIGHT + "\n", "utf-8")
    assert cli.main(["check", "--strict", "--oracles", ",".join(ORACLES), str(source)]) == cli.EXIT_OK


# -- the claim shown is the claim written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "shown"),
    [
        (r"\big[ (AB)^T \big] = B^TA^T", r"\big[ (AB)^T \big] = B^TA^T"),
        (r"\left( AB \right)^T = B^TA^T", r"\left( AB \right)^T = B^TA^T"),
        (r"\, (AB)^T = B^TA^T", r"(AB)^T = B^TA^T"),
    ],
)
def test_the_claim_is_quoted_from_its_first_written_character(display: str, shown: str) -> None:
    (claim,) = _check(f"$$ {display} $$\n").claims
    assert claim.latex == shown and claim.verdict == "proved"


def test_text_from_the_document_reaches_the_terminal_without_control_characters(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "escape.md"
    source.write_text("$$ x = \x1b[31m y $$\n\n$$ \\frac{1}{\x1b]0;title\x07 $$\n", "utf-8")
    cli.main(["check", "--no-color", str(source)])
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream
    assert "\\x1b" in captured.out + captured.err
