"""What a claim's undeclared symbols were read as, said in its message so that a reader can settle it."""

from __future__ import annotations

from derive import tree
from derive.meaning import claims, document_analysis
from derive.reading import names


def symbols(claim: claims.Claim) -> set[str]:
    """The names of the symbols on both sides of ``claim``."""
    return {
        item.name
        for side in (claim.lhs, claim.rhs)
        if side is not None
        for item in tree.walk(side)
        if isinstance(item, tree.Symbol)
    }


def _undeclared(analysis: document_analysis.Analysis, claim: claims.Claim) -> list[str]:
    declared = analysis.assumptions.shapes
    return sorted(name for name in symbols(claim) if name not in declared)


def inferred_shapes(analysis: document_analysis.Analysis, claim: claims.Claim) -> str | None:
    """Which shapes were guessed for a failed or unchecked claim's undeclared symbols, and how to settle them."""
    guesses = []
    for name in _undeclared(analysis, claim):
        shape = analysis.table.symbols.get(name)
        if shape is None or name in analysis.table.dimensions or _given_a_number(claim, name):
            continue
        shown = names.latex(name)
        if shape.is_scalar and names.is_latin_lower(name):
            guesses.append(f"{shown} as a scalar (declare ${shown} \\in \\mathbb{{R}}^n$ if it is a vector)")
        elif any(isinstance(dim, str) and dim.startswith("d") and dim[1:].isdigit() for dim in (shape.rows, shape.cols)):
            space = "n" if shape.cols == 1 else "{n \\times n}" if shape.rows == shape.cols else "{m \\times n}"
            guesses.append(f"{shown} as a {shape.describe()} (declare ${shown} \\in \\mathbb{{R}}^{space}$ to name its sizes)")
    if not guesses:
        return None
    return "shapes inferred without a declaration: " + "; ".join(guesses)


def _given_a_number(claim: claims.Claim, name: str) -> bool:
    """``t = 4`` as a root: t is a number by what the claim says."""
    return (
        claim.kind == claims.SOLUTION
        and isinstance(claim.lhs, tree.Symbol)
        and claim.lhs.name == name
        and claim.rhs is not None
        and not any(isinstance(item, tree.Symbol) for item in tree.walk(claim.rhs))
    )


def vector_reading(analysis: document_analysis.Analysis, claim: claims.Claim) -> str | None:
    """Which undeclared lowercase letters a passing claim was checked as vectors (by their use)."""
    vectors = [
        name
        for name in _undeclared(analysis, claim)
        if (names.is_latin_lower(name) or names.is_greek_lower(name))
        and (shape := analysis.table.symbols.get(name)) is not None
        and shape.cols == 1
        and shape.rows != 1
    ]
    if not vectors:
        return None
    shown = ", ".join(names.latex(name) for name in vectors)
    one = len(vectors) == 1
    return (
        f"checked with {shown} read as {'a column vector' if one else 'column vectors'} "
        f"(by {'its' if one else 'their'} use; nothing declares {'it' if one else 'them'})"
    )
