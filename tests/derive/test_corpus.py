"""Every document of the shared corpus gives exactly what its manifest says."""

from __future__ import annotations

import json
import pathlib

import pytest

import locations
from derive import cli, results
from derive.checking import checker
from derive.reading import documents

CORPUS = locations.CORPUS


def _names(group: str) -> list[str]:
    """The documents of one manifest group (read at collection; the tests skip without a corpus)."""
    manifest = CORPUS / "manifest.json"
    if not manifest.is_file():
        return ["(corpus missing)"]
    return sorted(json.loads(manifest.read_text("utf-8"))[group])


@pytest.mark.parametrize("name", _names("ok_docs"))
def test_ok_document_passes_every_claim(name: str, corpus: pathlib.Path) -> None:
    result = checker.check(CORPUS / "docs" / name)
    verdicts = {claim.verdict for claim in result.claims}
    assert results.FAILED not in verdicts and results.UNCHECKED not in verdicts, result.claims
    assert any(claim.verdict in results.PASSING for claim in result.claims)
    assert cli.main(["check", "--quiet", str(CORPUS / "docs" / name)]) == cli.EXIT_OK


@pytest.mark.parametrize("name", _names("bad_docs"))
def test_bad_document_fails_exactly_the_listed_lines(name: str, manifest: dict) -> None:
    expected = manifest["bad_docs"][name]
    result = checker.check(CORPUS / "docs" / name)
    failed = sorted({claim.line for claim in result.claims if claim.verdict == results.FAILED})
    assert failed == expected
    for claim in result.claims:
        if claim.verdict == results.FAILED:
            assert claim.counterexample is not None
            assert claim.counterexample.lhs != claim.counterexample.rhs
    assert cli.main(["check", "--quiet", str(CORPUS / "docs" / name)]) == cli.EXIT_FAILED


@pytest.mark.parametrize("name", _names("error_docs"))
def test_error_document_is_an_input_error_at_its_line(
    name: str, manifest: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    line = manifest["error_docs"][name]
    path = CORPUS / "docs" / name
    result = checker.check(path)
    assert [error.line for error in result.errors] == [line]
    assert not result.claims or all(claim.line != line for claim in result.claims)  # not also a claim
    assert cli.main(["check", str(path)]) == cli.EXIT_INPUT
    message = capsys.readouterr().err
    assert f"{path}:{line}:" in message
    assert "^" in message  # the caret under the column


def test_least_squares_steps_in_the_corpus(corpus: pathlib.Path) -> None:
    result = checker.check(CORPUS / "docs" / "least_squares.md")
    by_line = {}
    for claim in result.claims:
        by_line.setdefault(claim.line, []).append(claim)
    assert [c.kind for c in by_line[38]] == ["derivative", "optimality"]
    solution = by_line[34][0]
    assert solution.kind == "solution" and solution.verdict == results.CONDITIONAL
    assert any("rank(A) = n" in condition for condition in solution.conditions)
    assert documents.load(CORPUS / "docs" / "least_squares.md").blocks
