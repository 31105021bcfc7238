"""Results as JSON, schema version 1 (see docs/json.md)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from derive import results
from derive.report import totals

SCHEMA = 1


def document(result: results.DocumentResult) -> dict[str, Any]:
    """One document as a JSON-ready dict."""
    return {
        "path": result.path,
        "seed": result.seed,
        "relations": result.relations,
        "checked": result.checked,
        "claims": [_claim(claim) for claim in result.claims],
        "errors": [_error(error) for error in result.errors],
        "summary": result.summary,
    }


def _error(error: results.ReadError) -> dict[str, Any]:
    return {
        "line": error.line,
        "column": error.column,
        "cell": error.cell,
        "kind": error.kind,
        "message": error.message,
        "source_line": error.source_line,
    }


def _claim(claim: results.ClaimResult) -> dict[str, Any]:
    counterexample = None
    if claim.counterexample is not None:
        counterexample = dataclasses.asdict(claim.counterexample)
    return {
        "line": claim.line,
        "column": claim.column,
        "cell": claim.cell,
        "latex": claim.latex,
        "kind": claim.kind,
        "verdict": claim.verdict,
        "evidence": [
            {"oracle": e.oracle, "detail": e.detail, "agrees": e.agrees, "error_bound": e.error_bound}
            for e in claim.evidence
        ],
        "counterexample": counterexample,
        "conditions": list(claim.conditions),
        "message": claim.message,
        "typeset": " ".join(claim.typeset) if claim.typeset else None,
        "derived": claim.derived,
        "taylor": None if claim.taylor is None else dataclasses.asdict(claim.taylor),
    }


def render(documents: Sequence[results.DocumentResult]) -> str:
    """The whole run as a JSON text."""
    found = totals.of(documents)
    summary = {
        "documents": found.documents,
        "relations": found.relations,
        "claims": found.claims,
        "not_read": found.not_read,
        "failed_documents": list(found.failed_documents),
        "unread_documents": list(found.unread_documents),
    }
    return json.dumps({"schema": SCHEMA, "documents": [document(d) for d in documents], "summary": summary}, indent=2)
