"""How long the symbolic oracle takes, and how its canonical forms grow.

1. The time to prove each step of docs/examples/least_squares.md (symbolic oracle only).
2. For f = ‖A₁A₂⋯A_m x − b‖², m = 1…8: the time to prove the expansion
   f = xᵀPᵀPx − 2bᵀPx + bᵀb (P = A₁⋯A_m) and the gradient ∇f = 2Pᵀ(Px − b), with the
   size of the canonical forms (terms and atoms). The growth must be polynomial: the
   script fits the exponent of time and size against m on a log–log scale.

    python benchmarks/symbolic_growth.py
"""

from __future__ import annotations

import math
import pathlib
import time

from derive.meaning import claims, document_analysis
from derive.reading import documents
from derive.symbolic import canonical, proof, sympy_bridge, translation

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def _prover(analysis: document_analysis.Analysis) -> tuple[proof.Prover, translation.Translator, canonical.Context]:
    naming = translation.Naming()
    context = canonical.Context(frozenset(naming.identifier(n) for n in analysis.assumptions.symmetric))
    translator = translation.Translator(analysis.table, naming, context=context)
    return proof.Prover(translator, context, naming.name), translator, context


def _size(poly: canonical.Poly) -> tuple[int, int]:
    """Monomials in the canonical form, and atoms in its words and traces."""
    import sympy

    terms = sum(len(sympy.Add.make_args(value)) for value in poly.terms.values())
    atoms = sum(len(word) for word in poly.terms)
    for value in poly.terms.values():
        for symbol in canonical.matrix_scalars(value):
            meaning = canonical.meaning(symbol)
            atoms += len(meaning.word) if meaning is not None else 0
    return terms, atoms


def steps_of_the_example() -> None:
    analysis = document_analysis.analyse(documents.load(REPOSITORY / "docs" / "examples" / "least_squares.md"))
    prover, _, _ = _prover(analysis)
    print("Proof time per step of docs/examples/least_squares.md (symbolic oracle):")
    total = 0.0
    for claim in analysis.claims:
        if claim.kind in (claims.DEFINITION, claims.UNCHECKED):
            continue
        start = time.perf_counter()
        found = prover.prove(claim, as_identity=claim.kind == claims.EQUATION and claim.maybe_identity and claim.previous is None)
        elapsed = time.perf_counter() - start
        total += elapsed
        print(f"  line {claim.block.line:>3}  {elapsed * 1000:7.1f} ms  {str(found.agrees):>5}  {claim.text[:60]}")
    print(f"  total {total * 1000:.1f} ms\n")


def _document(m: int) -> str:
    names = [f"A_{i}" for i in range(1, m + 1)]
    declarations = ", ".join(f"${name} \\in \\mathbb{{R}}^{{n \\times n}}$" for name in names)
    product = "".join(names)
    transposed = "".join(f"{name}^T" for name in reversed(names))
    return (
        f"{declarations}, $b, x \\in \\mathbb{{R}}^n$.\n\n"
        f"$$ \\|{product}x - b\\|^2 = x^T{transposed}{product}x - 2b^T{product}x + b^Tb $$\n\n"
        f"$$ \\nabla_x \\|{product}x - b\\|^2 = 2{transposed}({product}x - b) $$\n"
    )


def growth(top: int = 8) -> None:
    print("Growth for f = ||A_1...A_m x - b||^2 (expansion and gradient):")
    print(f"  {'m':>2} {'expansion ms':>13} {'gradient ms':>12} {'terms':>6} {'atoms':>6}")
    rows = []
    for m in range(1, top + 1):
        analysis = document_analysis.analyse(documents.read_markdown(_document(m), path=f"growth-{m}.md"))
        prover, translator, context = _prover(analysis)
        expansion, gradient = analysis.claims
        start = time.perf_counter()
        proved_expansion = prover.prove(expansion).agrees
        middle = time.perf_counter()
        proved_gradient = prover.prove(gradient).agrees
        end = time.perf_counter()
        assert proved_expansion and proved_gradient, m
        size = _size(sympy_bridge.from_sympy(translator.value(expansion.lhs), context))
        rows.append((m, middle - start, end - middle, *size))
        print(f"  {m:>2} {1000 * (middle - start):13.1f} {1000 * (end - middle):12.1f} {size[0]:>6} {size[1]:>6}")
    for column, label in ((1, "expansion time"), (2, "gradient time"), (4, "canonical atoms")):
        exponent = _loglog_slope([row[0] for row in rows], [row[column] for row in rows])
        print(f"  {label} grows like m^{exponent:.2f} (log-log slope, m = 1..{top})")


def _loglog_slope(xs: list[float], ys: list[float]) -> float:
    points = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if y > 0]
    mean_x = sum(p[0] for p in points) / len(points)
    mean_y = sum(p[1] for p in points) / len(points)
    numerator = sum((px - mean_x) * (py - mean_y) for px, py in points)
    denominator = sum((px - mean_x) ** 2 for px, _ in points)
    return numerator / denominator


if __name__ == "__main__":
    steps_of_the_example()
    growth()
