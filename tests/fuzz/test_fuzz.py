"""Fuzzing (issue 16): the grammar that ``benchmarks/fuzz_campaign.py`` draws its inputs from.

The property test over mutated documents (only derive's errors, no internal error, no step over
its limit) is not in the suite yet: the campaign still finds internal errors (39 in 3,000 inputs,
the classes listed in issue 16's note), and a failing test cannot land."""

from __future__ import annotations

import random

import fuzz_grammar

from derive.checking import checker


def test_the_grammar_writes_documents_that_are_mostly_read() -> None:
    # the fuzzing is worth something only if unmutated documents reach the oracles
    checked = 0
    for seed in range(20):
        result = checker.check_text(fuzz_grammar.document(random.Random(seed)), oracles=["symbolic"])
        checked += sum(claim.verdict != "unchecked" for claim in result.claims)
    assert checked >= 10
