"""Chains of steps: a claim and the ``= …`` claims that continue it, as reports lay them out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from derive import results


@dataclasses.dataclass(frozen=True)
class Chain:
    """Consecutive claims of one derivation: the first states ``lhs rel rhs``, the rest ``rel rhs``."""

    claims: tuple[results.ClaimResult, ...]


def continues(claim: results.ClaimResult) -> bool:
    """Whether the step as written starts with ``=`` and so continues the step before it."""
    return claim.latex.lstrip().startswith("=")


def chains(claims: Iterable[results.ClaimResult]) -> tuple[Chain, ...]:
    """``claims`` in source order, grouped into chains."""
    grouped: list[list[results.ClaimResult]] = []
    for claim in claims:
        if grouped and continues(claim) and grouped[-1][-1].cell == claim.cell:
            grouped[-1].append(claim)
        else:
            grouped.append([claim])
    return tuple(Chain(tuple(group)) for group in grouped)


def failures(document: results.DocumentResult) -> tuple[results.ClaimResult, ...]:
    """The claims a reader must look at: failed or unchecked ones."""
    return tuple(c for c in document.claims if c.verdict in (results.FAILED, results.UNCHECKED))


def explanation(claim: results.ClaimResult) -> list[str]:
    """A step that needs attention, as plain lines: as written, derive's message, the conditions,
    the refuting evidence and the smallest counterexample (annotation formats share these)."""
    lines = [claim.latex]
    if claim.message:
        lines.append(claim.message)
    conditions = condition_line(claim)
    if conditions:
        lines.append(conditions)
    lines.extend(f"{item.oracle}: {item.detail}" for item in claim.evidence if item.agrees is False)
    if claim.counterexample is not None:
        lines.extend(claim.counterexample.lines())
    return lines


def condition_line(claim: results.ClaimResult) -> str | None:
    """The conditions a step holds under, as a line; None when there are none or the message
    already names them all ("holds where rank(A) = n")."""
    if not claim.conditions or all(condition in (claim.message or "") for condition in claim.conditions):
        return None
    return "holds under: " + "; ".join(claim.conditions)
