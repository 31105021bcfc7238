"""Fuzzing (issue 16): documents in the LaTeX authors write, mutated, never end in a foreign exception,
an internal error or a step over its limit. ``benchmarks/fuzz_campaign.py`` runs the same inputs
by the thousand; this test runs a fixed sample of them, about a minute, in CI."""

from __future__ import annotations

import fuzz_grammar
import hypothesis
import pytest
from hypothesis import strategies as st

from derive import errors
from derive.checking import checker, isolation

STEP_LIMIT = 10.0  # seconds a step may take here; a step stopped by it counts as a hang


@hypothesis.settings(max_examples=120, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[hypothesis.HealthCheck.too_slow])
@hypothesis.given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_documents_end_in_verdicts_or_located_errors(seed: int) -> None:
    text = fuzz_grammar.case(seed)
    try:
        result = checker.check_text(text, path="fuzz.md", oracles=["symbolic", "exact", "float"], timeout=STEP_LIMIT)
    except isolation.WorkerFailed as problem:  # DERIVE_DEBUG=1 (the suite's setting) passes internal errors on
        pytest.fail(f"internal error for seed {seed}:\n{text!r}\n{problem}")
    except errors.DeriveError:
        return  # a located error for input derive cannot read: what the user should get
    for claim in result.claims:
        message = claim.message or ""
        assert "internal error" not in message, (seed, text, message)
        assert not message.startswith("stopped"), (seed, text, message)


def test_the_grammar_writes_documents_that_are_mostly_read() -> None:
    # the fuzzing is worth something only if unmutated documents reach the oracles
    checked = 0
    for seed in range(20):
        result = checker.check_text(fuzz_grammar.document(__import__("random").Random(seed)), oracles=["symbolic"])
        checked += sum(claim.verdict != "unchecked" for claim in result.claims)
    assert checked >= 10
