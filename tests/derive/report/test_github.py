"""--format github: workflow commands that annotate a pull request at each step that needs attention."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

from derive import results
from derive.report import github

ROOT = pathlib.Path(__file__).resolve().parents[3]
COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def _claim(line: int, verdict: str, **fields: object) -> results.ClaimResult:
    return results.ClaimResult(line, 4, fields.pop("latex", "x = y"), fields.pop("kind", "identity"), verdict, **fields)  # type: ignore[arg-type]


def _properties(command: str) -> dict[str, str]:
    match = COMMAND.match(command)
    assert match is not None, command
    return dict(item.split("=", 1) for item in (match.group(2) or "").strip().split(",") if item)


def test_each_step_that_needs_attention_is_one_command_at_its_place() -> None:
    document = results.DocumentResult("notes/a,b:c.md", (
        _claim(3, results.PROVED),
        _claim(5, results.FAILED, message="100% wrong\nsee below", evidence=(results.Evidence("float", "differs", False),)),
        _claim(7, results.UNCHECKED, message="derive does not read this yet"),
        _claim(9, results.CONDITIONAL, conditions=("A^TA is invertible",)),
        _claim(2, results.FAILED, cell=4),
    ), errors=(results.ReadError(11, 2, "the formula ends too early"),))
    lines = github.render([document]).splitlines()
    assert all(COMMAND.match(line) for line in lines)
    levels = [COMMAND.match(line).group(1) for line in lines]  # type: ignore[union-attr]
    assert levels == ["error", "error", "warning", "notice", "error", "notice"]  # read error first, the totals last
    read, failed, unchecked, conditional, in_cell, total = lines
    assert _properties(read) == {"file": "notes/a%2Cb%3Ac.md", "line": "11", "col": "2", "title": "derive%3A not read"}
    assert _properties(failed)["line"] == "5" and _properties(failed)["col"] == "4"
    assert failed.endswith("::x = y%0A100%25 wrong%0Asee below%0Afloat: differs")  # % and newlines escaped
    assert "derive does not read this yet" in unchecked
    assert "holds under: A^TA is invertible" in conditional
    assert "line" not in _properties(in_cell) and "at cell 4:2:4" in in_cell  # a cell's line is not the file's
    assert "6 relations" in total and "1 proved" in total and "1 not read" in total


def test_control_characters_never_reach_the_log() -> None:
    document = results.DocumentResult("n.md", (_claim(1, results.FAILED, latex="x\x1b[31m = y\x07"),))
    text = github.render([document])
    assert "\x1b" not in text and "\x07" not in text and "\\x1b" in text


def test_the_command_annotates_a_failed_step(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (A^2)^T = A^2 $$\n\n$$ (AB)^T = B^TA^T $$\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "derive", "check", "--no-cache", "--format", "github", str(notes)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    first, *rest = done.stdout.splitlines()
    assert first.startswith(f"::error file={notes},line=3,col=4,title=derive%3A failed (identity)::(A^2)^T = A^2")
    assert rest[-1].startswith("::notice title=derive::1 document, 2 relations")
