"""Which relations are claims, and of which kind (PRODUCT.md, "Which relations are claims")."""

from __future__ import annotations

import pytest

from derive.meaning import claims, document_analysis
from derive.reading import documents

DECLARE = "$A \\in \\mathbb{R}^{k \\times n}$, $b \\in \\mathbb{R}^k$, $x \\in \\mathbb{R}^n$.\n\n"

CASES = [
    ("$$ f(x) = \\|Ax - b\\|^2 $$", ["definition"]),
    ("$$ g := x^Tx $$", ["definition"]),
    ("$$ f(x) = \\|Ax-b\\|^2 = (Ax-b)^T(Ax-b) $$", ["definition", "identity"]),
    ("$$ (Ax)^T = x^TA^T $$", ["identity"]),
    ("$$ (Ax)^T = x^TA^T, \\quad b^TAx = x^TA^Tb $$", ["identity", "identity"]),
    ("$$ \\nabla_x (b^TAx) = A^Tb $$", ["derivative"]),
    ("$$ \\nabla^2 f(x) = 2A^TA \\succeq 0 $$", ["derivative", "optimality"]),
    ("$$ \\nabla_x \\|Ax-b\\|^2 = 0 $$", ["equation"]),
    ("$$ \\nabla_x \\|Ax-b\\|^2 = 0 \\iff A^TAx = A^Tb $$", ["equation", "equation"]),
    ("$$ \\nabla_x \\|Ax-b\\|^2 = 0 $$\n\nthen\n\n$$ A^TAx = A^Tb $$", ["equation", "equation"]),
    ("$$ A^TAx = A^Tb $$\n\nso\n\n$$ x = (A^TA)^{-1}A^Tb $$", ["identity", "identity"]),
    ("Setting the gradient to zero,\n\n$$ A^TAx = A^Tb $$\n\n$$ x = (A^TA)^{-1}A^Tb $$", ["equation", "solution"]),
    ("<!-- derive: equation -->\n$$ A^TAx = A^Tb $$", ["equation"]),
    ("$$ A^TAx = A^Tb % derive: equation\n $$", ["equation"]),
    ("$$ \\Gamma(x) = 1 $$", ["unchecked"]),
    ("$$ x^Tx \\leq 1 $$", ["unchecked"]),
    ("$$ (Ax-b)^T(Ax-b) $$\n\n$$ = x^TA^TAx - 2b^TAx + b^Tb $$", ["identity"]),
    ("$$ = x^Tx $$", ["unchecked"]),
    ("inline $b^TAx = x^TA^Tb$ is checked", ["identity"]),
    ("inline $\\operatorname{rank}(A) = n$ is an assumption", []),
]


def _kinds(text: str) -> list[str]:
    analysis = document_analysis.analyse(documents.read_markdown(DECLARE + text, path="case.md"))
    return [claim.kind for claim in analysis.claims]


@pytest.mark.parametrize(("text", "kinds"), CASES)
def test_relations_are_classified(text: str, kinds: list[str]) -> None:
    assert _kinds(text) == kinds


def test_a_continued_chain_compares_with_the_previous_block() -> None:
    text = DECLARE + "$$ (Ax-b)^T(Ax-b) $$\n\n$$ = x^TA^TAx - 2b^TAx + b^Tb $$"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="case.md"))
    (claim,) = analysis.claims
    assert claim.block.line == 5 and claim.text == "= x^TA^TAx - 2b^TAx + b^Tb"
    assert claim.lhs is not None and claim.lhs.span.start < claim.lhs.span.end


def test_unsubscripted_nabla_takes_the_function_argument() -> None:
    text = DECLARE + "$$ f(y) = y^Ty $$\n\n$$ \\nabla f(y) = 2y $$"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="case.md"))
    derivative = analysis.claims[1]
    assert derivative.kind == claims.DERIVATIVE and derivative.variable is not None
    assert derivative.variable.name == "y"


def test_declarations_and_assumptions_are_collected() -> None:
    text = "$A, B \\in \\mathbb{R}^{m \\times n}$, $W \\in \\mathbb{R}^{n\\times n}$ with $W = W^T$.\n\n$$ (A+B)^T = A^T + B^T $$"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="case.md"))
    assert str(analysis.assumptions.shapes["A"]) == "m×n" and str(analysis.assumptions.shapes["B"]) == "m×n"
    assert analysis.assumptions.symmetric == {"W"}


EQUATION_STEPS = [
    # (chain, verdicts of the steps after the first equation, conditions of the last)
    (r"\nabla_x \|Ax-b\|^2 = 0 \iff A^TAx = A^Tb", ["proved"], ()),
    (r"A^TAx = A^Tb \iff x = (A^TA)^{-1}A^Tb", ["conditional"], ("rank(A) = n (A^TA invertible)",)),
    (r"x = (A^TA)^{-1}A^Tb \Rightarrow A^TAx = A^Tb", ["proved"], ()),
    (r"A^TAx = A^Tb \iff Ax = b", ["failed"], ()),
]


@pytest.mark.parametrize(("chain", "verdicts", "conditions"), EQUATION_STEPS)
def test_equation_steps_are_checked_as_equivalences_or_implications(
    chain: str, verdicts: list[str], conditions: tuple[str, ...]
) -> None:
    from derive.checking import checker

    result = checker.check_text(DECLARE + "Setting the gradient to zero,\n\n$$ " + chain + " $$")
    steps = [claim for claim in result.claims if claim.kind == "equation"][1:]
    assert [claim.verdict for claim in steps] == verdicts
    assert steps[-1].conditions == conditions
