"""Random documents in the LaTeX that authors write, and mutations of them, for fuzzing derive.

``document(rng)`` composes declarations, prose and display formulas (products, transposes,
inverses, norms, traces, log-determinants, gradients, fractions, sums, σ/exp/log, ⊙); ``mutated``
then damages the text the way editing and copying do (deleted, doubled or swapped pieces,
unbalanced braces, control characters, huge exponents, deep nesting, other scripts). Both take a
``random.Random`` so that the test suite and ``benchmarks/fuzz_campaign.py`` draw the same inputs
from the same seeds.
"""

from __future__ import annotations

import random

MATRICES = ("A", "B", "C", "W", "X", "\\Sigma")
VECTORS = ("x", "y", "b", "\\theta", "\\mu", "w")
SCALARS = ("t", "\\lambda", "a")
FACTORS = ("2", "\\frac{1}{2}", "\\lambda", "-3", "t")
DECLARED = {
    "A": "m \\times n", "B": "n \\times n", "C": "n \\times n", "W": "k \\times n", "X": "N \\times n",
    "\\Sigma": "n \\times n", "x": "n", "y": "m", "b": "m", "\\theta": "n", "\\mu": "n", "w": "n",
}
PROSE = (
    "where $B$ is symmetric.", "Assume $\\Sigma$ is positive definite.", "Hence,", "Then the gradient is",
    "for all $t > 0$,", "and $\\lambda > 0$.", "Expanding gives", "Setting it to zero:", "<!-- derive: C symmetric -->",
)
NASTY = ("\x1b[2J", "\x1b]0;x\x07", "\u2028", "\u202e", "\x00", "\t", "é", "𝐱", "∑", "\\\\", "&", "%", "#", "$", "{", "}")


def _vector(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.35:
        return rng.choice(VECTORS)
    choice = rng.randrange(7)
    if choice == 0:
        return f"{_matrix(rng, depth - 1)}{_vector(rng, depth - 1)}"
    if choice == 1:
        return f"({_vector(rng, depth - 1)} {rng.choice('+-')} {_vector(rng, depth - 1)})"
    if choice == 2:
        factor = rng.choice(FACTORS)
        return f"{factor} {_vector(rng, depth - 1)}"
    if choice == 3:
        return f"\\sigma({_matrix(rng, depth - 1)}{rng.choice(VECTORS)})"
    if choice == 4:
        return f"{_vector(rng, depth - 1)} \\odot {_vector(rng, depth - 1)}"
    if choice == 5:
        return f"\\exp({_vector(rng, depth - 1)})"
    return f"{_matrix(rng, depth - 1)}^{{-1}}{_vector(rng, depth - 1)}"


def _matrix(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.35:
        return rng.choice(MATRICES)
    choice = rng.randrange(6)
    if choice == 0:
        return f"{_matrix(rng, depth - 1)}^T"
    if choice == 1:
        return f"({_matrix(rng, depth - 1)} + {_matrix(rng, depth - 1)})"
    if choice == 2:
        return f"{_matrix(rng, depth - 1)}{_matrix(rng, depth - 1)}"
    if choice == 3:
        return f"({_matrix(rng, depth - 1)})^{{-1}}"
    if choice == 4:
        factor = rng.choice(FACTORS)
        return f"{factor} I"
    return f"\\operatorname{{diag}}({_vector(rng, depth - 1)})"


def _scalar(rng: random.Random, depth: int) -> str:
    choice = rng.randrange(9)
    vector, matrix = _vector(rng, depth), _matrix(rng, depth)
    if choice == 0:
        return f"{vector}^T{_vector(rng, depth)}"
    if choice == 1:
        return f"\\|{vector}\\|^2"
    if choice == 2:
        return f"\\operatorname{{tr}}({matrix})"
    if choice == 3:
        return f"\\log\\det({matrix})"
    if choice == 4:
        return f"\\frac{{1}}{{2}} {vector}^T {matrix} {_vector(rng, depth)}"
    if choice == 5:
        return f"\\sum_{{i=1}}^{{n}} {rng.choice(VECTORS)}_i^2"
    if choice == 6:
        return f"\\mathbf{{1}}^T \\log \\sigma({vector})"
    if choice == 7:
        return rng.choice(SCALARS)
    return f"\\det({matrix})"


def formula(rng: random.Random) -> str:
    """One display formula: an identity, a derivative, a chain, an equation or a definiteness claim."""
    depth = rng.randrange(1, 4)
    kind = rng.randrange(7)
    if kind == 0:
        return f"{_matrix(rng, depth)} = {_matrix(rng, depth)}"
    if kind == 1:
        return f"{_scalar(rng, depth)} = {_scalar(rng, depth)}"
    if kind == 2:
        wrt = rng.choice(VECTORS)
        return f"\\nabla_{{{wrt}}} {_scalar(rng, depth)} = {_vector(rng, depth)}"
    if kind == 3:
        return f"\\frac{{\\partial}}{{\\partial {rng.choice(VECTORS)}}} {_scalar(rng, depth)} = {_vector(rng, depth)}"
    if kind == 4:
        return f"{_scalar(rng, depth)} = {_scalar(rng, depth)} = {_scalar(rng, depth)}"
    if kind == 5:
        return f"{_matrix(rng, depth)} \\succeq 0"
    return f"{_matrix(rng, depth)}{rng.choice(VECTORS)} = {_vector(rng, depth)}"


def document(rng: random.Random) -> str:
    """A short Markdown document: declarations, then display formulas with prose between them."""
    names = rng.sample(sorted(DECLARED), rng.randrange(2, len(DECLARED)))
    parts = [
        "Let " + ", ".join(f"${name} \\in \\mathbb{{R}}^{{{DECLARED[name]}}}$" for name in names) + "."
    ]
    for _ in range(rng.randrange(1, 5)):
        if rng.random() < 0.4:
            parts.append(rng.choice(PROSE))
        if rng.random() < 0.15:
            parts.append(f"\\begin{{align}} {formula(rng)} \\\\ &= {_scalar(rng, 1)} \\end{{align}}")
        else:
            parts.append(f"$$ {formula(rng)} $$")
    return "\n\n".join(parts) + "\n"


def mutated(text: str, rng: random.Random) -> str:
    """``text`` damaged by one to four edits."""
    for _ in range(rng.randrange(1, 5)):
        if not text:
            text = rng.choice(NASTY)
            continue
        at = rng.randrange(len(text))
        span = rng.randrange(1, 12)
        edit = rng.randrange(9)
        if edit == 0:  # delete a piece
            text = text[:at] + text[at + span :]
        elif edit == 1:  # double a piece
            text = text[: at + span] + text[at : at + span] + text[at + span :]
        elif edit == 2:  # swap two pieces
            other = rng.randrange(len(text))
            first, second = sorted((at, other))
            text = text[:first] + text[second : second + span] + text[first + span : second] + text[first : first + span] + text[second + span :]
        elif edit == 3:  # a nasty character
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif edit == 4:  # a huge exponent
            text = text[:at] + rng.choice(["^{99}", "^{10^{8}}", "^{-40}", "^{1000000}", "^{0.5}"]) + text[at:]
        elif edit == 5:  # deep nesting
            depth = rng.choice([10, 70, 400])
            text = text[:at] + "(" * depth + "x" + ")" * depth + text[at:]
        elif edit == 6:  # a long chain without brackets
            text = text[:at] + rng.choice(["^T", "^{-1}", "/x", "+x", "\\odot x"]) * rng.choice([5, 200, 600]) + text[at:]
        elif edit == 7:  # a stray environment or delimiter
            text = text[:at] + rng.choice(["\\begin{align}", "\\end{align}", "$$", "\\left(", "\\right)", "```math\n"]) + text[at:]
        else:  # a control word that may not exist
            text = text[:at] + rng.choice(["\\frac", "\\sqrt", "\\nabla", "\\operatorname{", "\\mathbb{R}^{", "\\input{x}", "\\def\\a{\\a}\\a"]) + text[at:]
    return text


def case(seed: int) -> str:
    """The fuzz input for ``seed``: a document, mutated three times out of four."""
    rng = random.Random(seed)
    text = document(rng)
    return mutated(text, rng) if rng.random() < 0.75 else text
