"""A guessed shape never makes a proof: a size nothing fixes is free, never silently 1.

The cases quoted in the meaning issue (row gradients proved, x read as a scalar) and more: each
asserts the verdict and what the message says, and a Hypothesis test drops a transpose or swaps
a factor in random well-formed expressions and checks that the result is never passed unless it
really holds (by our own NumPy evaluation).
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derive import results
from derive.checking import checker

ORACLES = ["symbolic", "exact", "float"]
PASSING = frozenset(results.PASSING)


def _claims(text: str, path: pathlib.Path | None = None) -> list[results.ClaimResult]:
    if path is None:
        result = checker.check_text(text, path="notes.md", oracles=ORACLES)
    else:
        path.write_text(text, "utf-8")
        result = checker.check(path, oracles=ORACLES)
    assert result.errors == (), result.errors
    return [claim for claim in result.claims if claim.kind != "definition"]


@pytest.mark.parametrize(
    ("text", "verdicts", "said"),
    [
        pytest.param(  # a row vector claimed as the derivative: right in numerator layout, and only there
            "$$ f(\\vec x) = \\vec x^TA\\vec x $$\n\n$$ \\frac{df}{d\\vec x} = \\vec x^T(A + A^T) $$",
            ["conditional"],
            "the right side is a row: it holds in numerator layout",
            id="row-gradient",
        ),
        pytest.param(
            "$$ f(x) = x^TQx $$\n\n$$ \\nabla f(x) = x^T(Q + Q^T) = 2Qx $$",
            ["failed", "failed"],
            "the two sides have different shapes: the left side is a column vector (d1×1), the right side a row vector (1×d1)",
            id="row-gradient-then-2Qx",
        ),
        pytest.param(
            "$$ \\frac{\\partial \\Vert X - A \\Vert^2}{\\partial X} = 2X^T - A - A^T $$",
            ["failed"],
            "the derivative is 2X - 2A",
            id="frobenius-gradient-with-transposes",
        ),
        pytest.param(  # Δx(A + Aᵀ)Δx: a column times a matrix exists only for length 1
            "$$ \\frac12 \\Delta x(A + A^T)\\Delta x = \\frac12 \\Delta x^T(A + A^T)\\Delta x $$",
            ["failed"],
            "holds only when x is a scalar (length 1): cannot multiply",
            id="column-times-matrix",
        ),
        pytest.param(
            "$$ x x^T = x^Tx $$",
            ["failed"],
            "the left side is a matrix (d1×d1), the right side a scalar",
            id="outer-is-not-inner",
        ),
        pytest.param(
            "$$ x^T(A + A^T) + b = 2x $$",
            ["failed"],
            "holds only when x is a scalar (length 1): cannot add b, a scalar, to a row vector",
            id="row-plus-column",
        ),
    ],
)
def test_a_claim_that_needs_a_length_of_1_fails_and_says_why(text: str, verdicts: list[str], said: str) -> None:
    found = _claims(text)
    assert [claim.verdict for claim in found] == verdicts
    assert said in found[0].message


@pytest.mark.parametrize(
    ("text", "verdicts"),
    [
        pytest.param(  # Y is a vector by its use, N a scalar: readings, not degenerate sizes
            "$$ J(\\theta) = (X\\theta - Y)^T(X\\theta - Y) $$\n\n$$ \\nabla_\\theta J(\\theta) = 2X^TX\\theta - 2X^TY $$",
            ["proved"],
            id="uppercase-vector",
        ),
        pytest.param("$$ \\frac{N}{2} + \\frac{N}{2} = N $$", ["proved"], id="uppercase-scalar"),
        pytest.param(
            "$$ \\operatorname{tr}(AB) = \\operatorname{tr}(BA) $$\n\n$$ x^TAx = x^TA^Tx $$",
            ["proved", "proved"],
            id="true-for-every-size",
        ),
        pytest.param(
            "$$ L(\\beta) = (y - X\\beta)^T(y - X\\beta) $$\n\n$$ \\nabla L(\\beta) = 2X^TX\\beta - 2X^Ty $$",
            ["proved"],
            id="greek-vector-after-a-matrix",
        ),
    ],
)
def test_guessed_shapes_that_are_readings_still_prove(text: str, verdicts: list[str]) -> None:
    assert [claim.verdict for claim in _claims(text)] == verdicts


def test_a_claim_false_for_square_sizes_has_a_counterexample_beyond_1x1() -> None:
    (claim,) = _claims("$$ AB = BA $$")
    assert claim.verdict == "failed" and claim.counterexample is not None
    sizes = list(claim.counterexample.dimensions.values())
    assert sizes and max(sizes) >= 2  # at 1×1 it would hold: the counterexample is not there


ROW_GRADIENTS = (
    "$$ f(x) = x^TAx $$\n\n"
    "$$ \\frac{\\partial f}{\\partial x} = x^T(A + A^T) $$\n\n"
    "$$ \\frac{\\partial f}{\\partial x} = x^TA $$"
)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        pytest.param("<!-- derive: layout numerator -->\n\n" + ROW_GRADIENTS, "notes.md", id="html-comment"),
        pytest.param("---\nderive: layout numerator\n---\n\n" + ROW_GRADIENTS, "notes.md", id="front-matter"),
        pytest.param(
            "% derive: layout numerator\n\\begin{document}\n"
            "\\[ f(x) = x^TAx \\]\n\n"
            "\\[ \\frac{\\partial f}{\\partial x} = x^T(A + A^T) \\]\n\n"
            "\\[ \\frac{\\partial f}{\\partial x} = x^TA \\]\n\\end{document}\n",
            "notes.tex",
            id="tex-comment",
        ),
    ],
)
def test_numerator_layout_checks_row_gradients_as_such(text: str, path: str, tmp_path: pathlib.Path) -> None:
    found = _claims(text, tmp_path / path)
    assert [claim.verdict for claim in found] == ["proved", "failed"]
    assert "numerator layout" in found[0].message


def test_without_the_declaration_a_row_derivative_holds_only_in_numerator_layout() -> None:
    found = _claims(ROW_GRADIENTS)
    assert [claim.verdict for claim in found] == ["conditional", "failed"]  # x^TA is wrong in either layout
    assert checker.NUMERATOR_LAYOUT in found[0].conditions and "derive: layout numerator" in found[0].message
    assert "derive: layout numerator" in found[1].message


def test_a_row_derivative_fails_where_the_document_declares_denominator_layout() -> None:
    found = _claims("<!-- derive: layout denominator -->\n\n" + ROW_GRADIENTS)
    assert [claim.verdict for claim in found] == ["failed", "failed"]
    assert "the right side is the transpose of the derivative" in found[0].message


# -- dropping a transpose or changing a factor never passes ------------------------------------------

FACTORS = ("A", "A^T", "B", "B^T")


@st.composite
def _forms(draw: st.DrawFn) -> tuple[str, str]:
    """``x^T P y`` or ``P`` for a product P of matrices, and a mutation of it."""
    factors = draw(st.lists(st.sampled_from(FACTORS), min_size=1, max_size=3))
    position = draw(st.integers(0, len(factors) - 1))
    mutated = list(factors)
    if factors[position].endswith("^T") and draw(st.booleans()):
        mutated[position] = factors[position][0]  # a transpose dropped
    else:
        mutated[position] = draw(st.sampled_from([f for f in FACTORS if f != factors[position]]))
    if draw(st.booleans()):
        if draw(st.booleans()):  # the vector's transpose dropped: x P y exists only for length 1
            return f"x^T {' '.join(factors)} y", f"x {' '.join(factors)} y"
        return f"x^T {' '.join(factors)} y", f"x^T {' '.join(mutated)} y"
    return " ".join(factors), " ".join(mutated)


def _value(text: str, values: dict[str, np.ndarray]) -> np.ndarray | None:
    """``text`` evaluated at 3×3 matrices and length-3 vectors; None where it cannot be formed."""
    result = np.eye(3)
    parts = text.split()
    if parts[0] == "x":
        return None
    if parts[0] == "x^T":
        inner = _value(" ".join(parts[1:-1]), values)
        assert inner is not None
        return values["x"].T @ inner @ values["y"]
    for part in parts:
        matrix = values[part[0]]
        result = result @ (matrix.T if part.endswith("^T") else matrix)
    return result


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_forms())
def test_a_dropped_transpose_or_changed_factor_is_never_passed_unless_it_holds(forms: tuple[str, str]) -> None:
    original, mutated = forms
    rng = np.random.default_rng(7)
    values = {name: rng.standard_normal((3, 3)) for name in "AB"} | {
        name: rng.standard_normal((3, 1)) for name in "xy"
    }
    left, right = _value(original, values), _value(mutated, values)
    holds = left is not None and right is not None and np.allclose(left, right)
    result = checker.check_text(f"$$ {original} = {mutated} $$", path="notes.md", oracles=ORACLES)
    verdicts = [claim.verdict for claim in result.claims]
    if not holds:
        assert not (set(verdicts) & PASSING), (original, mutated, verdicts)


def test_a_passing_claim_says_which_reading_of_an_undeclared_letter_it_used() -> None:
    (claim,) = _claims("$$ x^TAx = x^TA^Tx $$")
    assert claim.verdict == "proved"
    assert claim.message == "checked with x read as a column vector (by its use; nothing declares it)"
    (declared,) = _claims(r"Let $x \in \mathbb{R}^n$, $A \in \mathbb{R}^{n\times n}$." "\n\n$$ x^TAx = x^TA^Tx $$")
    assert declared.verdict == "proved" and not declared.message
