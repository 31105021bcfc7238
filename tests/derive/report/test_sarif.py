"""--format sarif: a SARIF 2.1.0 log, valid against the official SARIF 2.1.0 schema and against the
stricter schema of the parts derive writes (tests/data/sarif/README.md)."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import jsonschema
import pytest

from derive import results
from derive.report import sarif

ROOT = pathlib.Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "tests" / "data" / "sarif"
OFFICIAL = json.loads((SCHEMAS / "sarif-2.1.0.schema.json").read_text("utf-8"))
SUBSET = json.loads((SCHEMAS / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))


def _validate(log: object) -> None:
    jsonschema.Draft202012Validator(OFFICIAL, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(log)
    jsonschema.Draft7Validator(SUBSET, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)


@pytest.mark.parametrize(("schema", "validator"), [
    (OFFICIAL, jsonschema.Draft202012Validator), (SUBSET, jsonschema.Draft7Validator),
])
def test_each_schema_alone_refuses_a_log_that_is_not_sarif(schema: dict[str, object], validator: type) -> None:
    validator.check_schema(schema)
    log = json.loads(sarif.render([_document()]))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator(schema).validate(log)


def _document() -> results.DocumentResult:
    failed = results.ClaimResult(5, 4, "(AB)^T = A^TB^T", "identity", results.FAILED, message="the sides differ",
                                 evidence=(results.Evidence("exact", "differs at n = 2", False),))
    return results.DocumentResult("notes/a b.md", (
        results.ClaimResult(3, 4, "(AB)^T = B^TA^T", "identity", results.PROVED),
        failed,
        results.ClaimResult(7, 1, "\\foo", "unchecked", results.UNCHECKED, message="derive does not read this yet"),
        results.ClaimResult(9, 4, "x = (A^TA)^{-1}A^Tb", "solution", results.CONDITIONAL, conditions=("rank(A) = n",)),
        results.ClaimResult(2, 3, "x = y\x1b[2J", "identity", results.FAILED, cell=3),
    ), errors=(results.ReadError(11, 2, "the formula ends too early"),))


def test_the_log_is_valid_sarif_with_one_result_per_step_that_needs_attention() -> None:
    log = json.loads(sarif.render([_document()]))
    _validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "derive" and run["columnKind"] == "unicodeCodePoints"
    found = [(result["ruleId"], result["level"]) for result in run["results"]]
    assert found == [("derive/not-read", "error"), ("derive/failed", "error"), ("derive/unchecked", "warning"),
                     ("derive/conditional", "note"), ("derive/failed", "error")]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(rules[result["ruleIndex"]] == result["ruleId"] for result in run["results"])
    failed = run["results"][1]
    where = failed["locations"][0]["physicalLocation"]
    assert where == {"artifactLocation": {"uri": "notes/a%20b.md"}, "region": {"startLine": 5, "startColumn": 4}}
    assert "the sides differ" in failed["message"]["text"] and "exact: differs at n = 2" in failed["message"]["text"]
    in_cell = run["results"][4]
    assert "region" not in in_cell["locations"][0]["physicalLocation"] and in_cell["message"]["text"].startswith("at cell 3:2:3")
    assert "\x1b" not in in_cell["message"]["text"]


@pytest.mark.parametrize(
    "broken",
    [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["results"][0].update(level="fatal"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda log: log["runs"][0]["results"][0].update(mesage={"text": "typo"}),
    ],
)
def test_the_schema_refuses_what_sarif_does_not_allow(broken: object) -> None:
    log = json.loads(sarif.render([_document()]))
    broken(log)  # type: ignore[operator]
    with pytest.raises(jsonschema.ValidationError):
        _validate(log)


def test_the_command_writes_sarif(tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$ (A^2)^T = A^2 $$\n", "utf-8")
    target = tmp_path / "derive.sarif"
    done = subprocess.run([sys.executable, "-m", "derive", "check", "--no-cache", "--format", "sarif", "-o", str(target),
                           str(notes)], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    log = json.loads(target.read_text("utf-8"))
    _validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "derive/failed"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 4}
