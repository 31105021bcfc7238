"""Assumptions hold from where they are stated: which properties a claim may not lean on yet."""

from __future__ import annotations

import dataclasses

from derive.checking import guesses
from derive.meaning import claims, document_analysis
from derive.reading import names

_PROPERTY_WORDS = {
    "symmetric": "{name} = {name}^T",
    "invertible": "{name} is invertible",
    "positive_definite": "{name} \\succ 0",
    "semidefinite": "{name} \\succeq 0",
}


def stated_later(analysis: document_analysis.Analysis, claim: claims.Claim, line: int) -> list[tuple[int, str, str]]:
    """(line, property, name) for each property of the claim's symbols stated after ``line``."""
    mentioned = guesses.symbols(claim)
    return sorted(
        (stated, kind, name)
        for (kind, name), stated in analysis.assumptions.stated_on.items()
        if stated > line and name in mentioned
    )


def before(analysis: document_analysis.Analysis, later: list[tuple[int, str, str]]) -> document_analysis.Analysis:
    """``analysis`` with the properties ``later`` not yet stated."""
    assumptions = analysis.assumptions.without((kind, name) for _, kind, name in later)
    return dataclasses.replace(analysis, assumptions=assumptions)


def needed(later: list[tuple[int, str, str]]) -> str:
    """``holds if A = A^T (stated later, on line 7)``."""
    return "holds if " + "; ".join(
        f"{_PROPERTY_WORDS[kind].format(name=names.latex(name))} (stated later, on line {line})"
        for line, kind, name in later
    )
