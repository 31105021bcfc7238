"""The wild corpus (derivations in their authors' notation, graded by NumPy): no false pass, no internal error.

benchmarks/wild_reading.py measures how many relations derive reads and checks correctly;
these tests hold the lines that must never move: a wrong step reported as holding, and a
crash reported as "internal error".
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest

import locations
from derive.checking import checker

WILD = locations.DATA / "wild"


def _measuring() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wild_reading", locations.REPOSITORY / "benchmarks" / "wild_reading.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("wild_reading", module)
    spec.loader.exec_module(module)
    return module


def _documents() -> list[str]:
    return sorted(json.loads((WILD / "grades.json").read_text("utf-8")))


def test_the_corpus_is_large_and_every_document_is_graded() -> None:
    grades = json.loads((WILD / "grades.json").read_text("utf-8"))
    assert len(grades) >= 30
    assert sum(len(relations) for relations in grades.values()) >= 280
    assert sum(1 for relations in grades.values() for r in relations if r["holds"] is False) >= 10
    assert {path.name for path in WILD.glob("*.md") if path.name != "README.md"} == set(grades)


@pytest.mark.parametrize("name", _documents())
def test_no_wrong_step_passes_and_nothing_crashes(name: str) -> None:
    expected = json.loads((WILD / "grades.json").read_text("utf-8"))[name]
    result = checker.check(WILD / name)
    crashes = [c for c in result.claims if "internal error" in (c.message or "")]
    assert not crashes, crashes
    judged = _measuring().grade(name, expected, result)
    false_passes = [item for item in judged if item.outcome == "false pass"]
    assert not false_passes, false_passes
