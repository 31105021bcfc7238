"""Results as SARIF 2.1.0, the static-analysis log format code-scanning services read.

One run of the tool ``derive``, with four rules (a failed step, input not read, an unchecked step,
a step that holds only under conditions) and one result per such step at its file, line and column
(columns count Unicode code points, as derive's do). Proved steps give no result. A step in a
notebook has no region (its line counts inside a cell): the cell is named in the message.
"""

from __future__ import annotations

import json
import pathlib
import urllib.parse
from collections.abc import Sequence
from typing import Any

from derive import errors, results
from derive.report import steps, totals
from derive.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = (  # id, name, description, level
    ("derive/failed", "FailedStep", "A step of the derivation does not hold.", "error"),
    ("derive/not-read", "NotRead", "derive could not read this input.", "error"),
    ("derive/unchecked", "UncheckedStep", "derive could not check this step.", "warning"),
    ("derive/conditional", "ConditionalStep", "The step holds only under conditions.", "note"),
)
_RULE_OF = {results.FAILED: 0, results.UNCHECKED: 2, results.CONDITIONAL: 3}


def render(documents: Sequence[results.DocumentResult]) -> str:
    """The SARIF log of ``documents`` as JSON text."""
    found: list[dict[str, Any]] = []
    for document in documents:
        for problem in document.errors:
            found.append(_result(1, problem.message, document.path, problem.line, problem.column))
        for claim in document.claims:
            rule = _RULE_OF.get(claim.verdict)
            if rule is None:
                continue
            if claim.cell is not None:
                found.append(_result(rule, f"at {claim.where}: {_message(claim)}", document.path, None, None))
            else:
                found.append(_result(rule, _message(claim), document.path, claim.line, claim.column))
    rules = [
        {"id": rule, "name": name, "shortDescription": {"text": text}, "defaultConfiguration": {"level": level}}
        for rule, name, text, level in _RULES
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "derive", "version": __version__, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": found,
            "properties": {"summary": totals.of(documents).line()},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _result(rule: int, message: str, path: str, line: int | None, column: int | None) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    if line is not None and column is not None:
        location["region"] = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    return {
        "ruleId": _RULES[rule][0],
        "ruleIndex": rule,
        "level": _RULES[rule][3],
        "message": {"text": errors.printable(errors.shortened(message, limit=4000))},
        "locations": [{"physicalLocation": location}],
    }


def _message(claim: results.ClaimResult) -> str:
    first, *rest = steps.explanation(claim)
    return "\n".join([f"{claim.verdict} ({claim.kind}): {first}", *rest])


def _uri(path: str) -> str:
    """A relative or absolute path as a URI reference (``notes/a b.md`` → ``notes/a%20b.md``)."""
    posix = pathlib.PurePath(path).as_posix()
    if pathlib.PurePath(path).is_absolute():
        return "file://" + urllib.parse.quote(posix)
    return urllib.parse.quote(posix)
