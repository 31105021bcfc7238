"""Every step has a time and a memory limit (issue 16, item 2): a claim over either is unchecked,
its worker process is replaced, and the other claims of the document are checked; inside a step the
work is bounded (no expansion or ``simplify`` without a size limit)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import locations
import pytest
import worker_hooks

from derive import results
from derive.checking import checker, isolation
from derive.meaning import document_analysis
from derive.reading import documents

DOCUMENT = (
    "Let $A, B \\in \\mathbb{{R}}^{{n \\times n}}$.\n\n"
    "$$ (A + B)^T = A^T + B^T $$\n\n"
    "$$ \\operatorname{{{word}}}(A) = \\operatorname{{{word}}}(A) $$\n\n"
    "$$ (AB)^T = B^TA^T $$\n"
)
OPTIONS = checker.Options(timeout=None, memory=None, oracles=frozenset({"symbolic", "exact", "float"}))


@pytest.fixture
def mischief(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    folder = worker_hooks.install(tmp_path / "hooks", monkeypatch)
    return folder


def _check(word: str, limits: isolation.Limits) -> tuple[results.DocumentResult, list[int | None]]:
    worker = isolation.Worker()
    try:
        document = documents.read_markdown(DOCUMENT.format(word=word), path="notes.md")
        pids: list[int | None] = []
        result = worker.check(document, OPTIONS, limits, progress=lambda done, total: pids.append(worker.pid))
        return result, pids
    finally:
        worker.close()


def _verdicts(result: results.DocumentResult) -> list[str]:
    return [claim.verdict for claim in result.claims]


@pytest.mark.skipif(not isolation.available(), reason="worker processes are watched with POSIX pipes")
def test_a_claim_past_its_time_is_stopped_and_the_rest_are_checked(mischief: pathlib.Path) -> None:
    result, pids = _check("slowly", isolation.Limits(seconds=2, megabytes=None))
    assert _verdicts(result) == [results.PROVED, results.UNCHECKED, results.PROVED]
    assert result.claims[1].message == "stopped after 2 s" and result.claims[1].line == 5
    assert pids[0] != pids[-1]  # the worker that overran was replaced


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="resident memory is read from /proc")
def test_a_claim_past_its_memory_is_stopped_and_the_rest_are_checked(mischief: pathlib.Path) -> None:
    result, _ = _check("greedily", isolation.Limits(seconds=60, megabytes=1024))
    assert _verdicts(result) == [results.PROVED, results.UNCHECKED, results.PROVED]
    assert result.claims[1].message == "stopped: used more than 1024 MiB of memory"


@pytest.mark.skipif(not isolation.available(), reason="worker processes are watched with POSIX pipes")
def test_a_worker_that_dies_leaves_its_claim_unchecked_and_named(mischief: pathlib.Path) -> None:
    result, _ = _check("crashing", isolation.Limits(seconds=60, megabytes=None))
    assert _verdicts(result) == [results.PROVED, results.UNCHECKED, results.PROVED]
    message = result.claims[1].message or ""
    assert "internal error" in message and "exit status -9" in message


@pytest.mark.skipif(not isolation.available(), reason="worker processes are watched with POSIX pipes")
def test_the_command_line_takes_a_timeout(mischief: pathlib.Path, tmp_path: pathlib.Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(DOCUMENT.format(word="slowly"), encoding="utf-8")
    command = [sys.executable, "-m", "derive", "check", "--timeout", "2", "--oracles", "symbolic,float", str(notes)]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=locations.REPOSITORY, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr  # unchecked is not failed (--strict makes it so)
    assert "stopped after 2 s" in completed.stdout and "2 proved, 1 unchecked" in completed.stdout


def test_a_worker_checks_as_this_process_does() -> None:
    text = DOCUMENT.format(word="tr") + "\n$$ (AB)^T = A^TB^T $$\n"
    document = documents.read_markdown(text, path="notes.md")
    here = checker.check_document(document, OPTIONS)
    worker = isolation.Worker()
    try:
        there = worker.check(document, OPTIONS, isolation.Limits(seconds=60, megabytes=None))
    finally:
        worker.close()
    assert there == here
    assert _verdicts(here) == [results.PROVED, results.PROVED, results.PROVED, results.FAILED]


@pytest.mark.parametrize("limit", [{"timeout": 0}, {"timeout": -1.0}, {"memory": 0}])
def test_limits_must_be_positive(limit: dict[str, float]) -> None:
    with pytest.raises(checker.errors.UsageError, match="must be positive"):
        checker.Options().merge(**limit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("(A+B+C+D)^{16} = (D+C+B+A)^{16}", results.VERIFIED),  # 4^16 words: left to exact arithmetic
        ("(a+b+c+d+e)^{32} = (e+d+c+b+a)^{32}", results.VERIFIED),  # 58,905 terms
        ("(A+B+C+D)^{3} = (D+C+B+A)^{3}", results.PROVED),  # small enough to expand
        ("\\sin(10^{8} t) = 0.5", results.FAILED),  # simplify would expand sin(10^8 t) in sin t and cos t
    ],
)
def test_work_inside_a_step_is_bounded(claim: str, verdict: str) -> None:
    text = "Let $A, B, C, D \\in \\mathbb{R}^{n\\times n}$ and $a, b, c, d, e, t \\in \\mathbb{R}$.\n\n" f"$$ {claim} $$\n"
    (result,) = checker.check_text(text, oracles=["symbolic", "exact", "float"]).claims
    assert result.verdict == verdict, result.message
    if verdict == results.VERIFIED:
        (symbolic,) = [evidence for evidence in result.evidence if evidence.oracle == "symbolic"]
        assert "too large to expand" in symbolic.detail


TAPED = (
    "Let $A, B \\in \\mathbb{{R}}^{{n \\times n}}$ and $x \\in \\mathbb{{R}}^{{n}}$.\n\n"
    "$$ \\nabla_x (x^TAx) = (A + A^T)x $$\n\n"
    "$$ \\operatorname{{{word}}}(A) = \\operatorname{{{word}}}(A) $$\n\n"
    "$$ (AB)^T = B^TA^T $$\n"
)
TAPE_OPTIONS = checker.Options(timeout=None, memory=None, oracles=frozenset({"symbolic", "exact", "float", "autodiff"}))


def test_steps_needing_gradient_tape_are_checked_last_and_reported_in_place() -> None:
    document = documents.read_markdown(TAPED.format(word="tr"), path="notes.md")
    assert checker.checking_order(document_analysis.analyse(document), TAPE_OPTIONS) == (1, 2, 0)
    assert checker.checking_order(document_analysis.analyse(document), OPTIONS) == (0, 1, 2)  # no tape: as written
    result = checker.check_document(document, TAPE_OPTIONS)
    assert [claim.line for claim in result.claims] == [3, 5, 7]
    assert _verdicts(result) == [results.PROVED, results.PROVED, results.PROVED]


@pytest.mark.skipif(not isolation.available(), reason="worker processes are watched with POSIX pipes")
def test_a_stopped_step_is_named_rightly_when_the_order_is_not_the_documents(mischief: pathlib.Path) -> None:
    worker = isolation.Worker()
    try:
        document = documents.read_markdown(TAPED.format(word="slowly"), path="notes.md")
        # 8 s: the fresh worker that follows the stop must import TensorFlow within the gradient's limit
        result = worker.check(document, TAPE_OPTIONS, isolation.Limits(seconds=8, megabytes=None))
    finally:
        worker.close()
    assert _verdicts(result) == [results.PROVED, results.UNCHECKED, results.PROVED]
    assert result.claims[1].message == "stopped after 8 s" and result.claims[1].line == 5
    assert "autodiff" in {item.oracle for item in result.claims[0].evidence}  # the gradient, checked after the restart
