"""Verdicts: a claim's evidence combined into proved, verified, consistent, conditional, failed or unchecked."""

from __future__ import annotations

import dataclasses
import re

from derive import results
from derive.meaning import assumptions
from derive.reading import render
from derive.symbolic import proof


INEXACT = frozenset({"float", "autodiff", "taylor"})
"""Oracles computing in rounded arithmetic (finite differences report as float)."""


def combine(
    base: results.ClaimResult,
    found: proof.Proof | None,
    evidence: list[results.Evidence],
    conditions: tuple[str, ...],
    *,
    stated: assumptions.Assumptions,
) -> results.ClaimResult:
    """One verdict from the symbolic proof and the oracles' evidence; a refutation wins, and is
    called an internal inconsistency when a proof or an exact agreement says otherwise. A proof
    disputed only by rounded arithmetic (float, finite differences, autodiff, Taylor) stays proved,
    with the disagreement stated: such an oracle can be fooled by its step or tolerance, a proof
    and exact rationals cannot; exact rationals refuting a proof still fail the claim."""
    refuted = [e for e in evidence if e.agrees is False]
    proved = found is not None and found.agrees is True
    verified = [e for e in evidence if e.oracle == "exact" and e.agrees is True and e.error_bound is not None]
    supported = [e for e in evidence if e.agrees is True]
    disputed: list[results.Evidence] = []
    if proved and refuted and all(e.oracle in INEXACT for e in refuted):
        disputed, refuted = refuted, []
    if refuted:
        message: str | None = None
        strong = (["symbolic"] if proved else []) + [e.oracle for e in verified]
        if strong:
            message = (
                f"internal inconsistency: {' and '.join(strong)} {'support' if len(strong) > 1 else 'supports'} "
                f"this, but {', '.join(e.oracle for e in refuted)} {'refute' if len(refuted) > 1 else 'refutes'} it; "
                "please report it"
            )
        elif supported:  # a refutation decides, but the oracles that found nothing wrong are named
            agreeing = ", ".join(dict.fromkeys(e.oracle for e in supported))
            message = (
                f"oracles disagree: {', '.join(dict.fromkeys(e.oracle for e in refuted))} "
                f"{'refute' if len(refuted) > 1 else 'refutes'} this, {agreeing} found it holding on their instances"
            )
        return dataclasses.replace(base, verdict=results.FAILED, evidence=tuple(evidence), message=message)
    if proved:
        verdict = results.CONDITIONAL if conditions else results.PROVED
    elif verified:
        verdict = results.CONDITIONAL if conditions else results.VERIFIED
    elif supported:
        verdict = results.CONDITIONAL if conditions else results.CONSISTENT
    else:
        reasons = "; ".join(e.detail for e in evidence) or "no oracle was run"
        return dataclasses.replace(base, evidence=tuple(evidence), message=f"no oracle could decide: {reasons}")
    message = None
    if disputed:
        proving = " and ".join(["symbolic", *(e.oracle for e in verified)])
        names = ", ".join(dict.fromkeys(e.oracle for e in disputed))
        message = (
            f"oracles disagree: {proving} {'prove' if verified else 'proves'} this, but {names} "
            f"{'refute' if len(disputed) > 1 else 'refutes'} it ({disputed[0].detail}); "
            "the proof decides, please report the disagreement"
        )
    if conditions:
        stated_here = [c for c in conditions if assumed(c, stated)]
        held = f"holds where {', '.join(conditions)}"
        if stated_here and len(stated_here) == len(conditions):
            held += ", as the document assumes"
        elif stated_here:
            held += f"; the document assumes {', '.join(stated_here)}"
        message = held if message is None else f"{held}; {message}"
    return dataclasses.replace(base, verdict=verdict, evidence=tuple(evidence), conditions=conditions, message=message)


def assumed(condition: str, stated: assumptions.Assumptions) -> bool:
    """Whether the document states this condition (X invertible, X positive definite, rank(A) = n)."""
    for name in stated.invertible | stated.positive_definite:
        if condition == f"{render.name(name)} is invertible":
            return True
    for name in stated.positive_definite:  # X ≻ 0 has det X > 0, det(2πX) > 0; t > 0 is not zero
        if condition in (f"\\det({render.name(name)}) > 0", f"{render.name(name)} \\neq 0"):
            return True
        if re.fullmatch(r"\\det\((?:\d+(?:\.\d+)?\s*)?(?:\\pi\s*)?" + re.escape(render.name(name)) + r"\) > 0", condition):
            return True
    compact = condition.replace(" ", "")
    return any(
        statement.replace(" ", "").replace("\\operatorname{rank}", "rank") in compact for statement in stated.statements
    )
