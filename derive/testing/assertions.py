"""Assertions for test suites: LaTeX claims checked by derive, and (re-exported) users' own gradient code."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from derive import errors
from derive.testing import gradient_code, shape_specs

if TYPE_CHECKING:
    from derive import results

__all__ = [
    "DerivationAssertionError",
    "Dimension",
    "GradientCheck",
    "ShapeSpec",
    "assert_gradient",
    "assert_gradient_impl",
    "assert_hessian",
    "assert_identity",
    "assert_solution",
    "dimensions_of",
]

DerivationAssertionError = errors.DerivationAssertionError
Dimension = shape_specs.Dimension
ShapeSpec = shape_specs.ShapeSpec
dimensions_of = shape_specs.dimensions_of
GradientCheck = gradient_code.GradientCheck
assert_gradient_impl = gradient_code.assert_gradient_impl

_WORDS = re.compile(
    r"^\s*(?P<name>\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s+(?:is\s+)?"
    r"(?P<word>symmetric|invertible|non-?singular|positive\s+semi-?definite|positive\s+definite)\s*$",
    re.IGNORECASE,
)


# -- the generated document ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Draft:
    """A Markdown document written for one assertion, and which of its lines hold what."""

    text: str
    claim_line: int
    assumption_lines: Mapping[int, str]
    setting: str  # the shapes and assumptions, said in one line for messages

    @classmethod
    def write(
        cls,
        display: Sequence[tuple[str, str]],
        *,
        shapes: Mapping[str, ShapeSpec] | None,
        assume: Iterable[str],
    ) -> _Draft:
        """A document declaring ``shapes``, stating ``assume`` and ending with the ``display`` blocks.

        ``display`` holds (lead-in sentence, formula) pairs; the claim is the last one.

        Raises:
            errors.UsageError: a shape or an assumption that cannot be written down.
        """
        lines: list[str] = []
        dimensions = {name: shape_specs.dimensions_of(name, spec) for name, spec in (shapes or {}).items()}
        declared = [
            f"${shape_specs.symbol_latex(name)} \\in {shape_specs.space_latex(dims)}$" for name, dims in dimensions.items()
        ]
        if declared:
            lines += ["Let " + ", ".join(declared) + ".", ""]
        stated: dict[int, str] = {}
        assumptions = [assume] if isinstance(assume, str) else list(assume)
        for assumption in assumptions:
            words = _WORDS.match(assumption)
            if words:
                symbol, property_ = shape_specs.symbol_latex(words.group("name")), " ".join(words.group("word").split())
                sentence = f"${symbol}$ is {property_}."
            else:
                sentence = f"Assume ${shape_specs.formula_text('assumption', assumption)}$."
            stated[len(lines) + 1] = assumption
            lines += [sentence, ""]
        claim_line = 0
        for lead_in, formula in display:
            if lead_in:
                lines += [lead_in, ""]
            claim_line = len(lines) + 1
            lines += [f"$$ {formula} $$", ""]
        setting = "; ".join(
            part
            for part in (
                ", ".join(f"{name}: {shape_specs.describe(dims)}" for name, dims in dimensions.items()),
                ", ".join(assumptions),
            )
            if part
        )
        return cls("\n".join(lines), claim_line, stated, setting)


def _checked(
    helper: str,
    draft: _Draft,
    *,
    seed: int,
    oracles: Iterable[str] | None,
) -> results.ClaimResult:
    """Check the draft; return its claim when every part of it passes, else raise."""
    __tracebackhide__ = True  # pytest shows the caller's line, not ours
    from derive import results
    from derive.checking import checker
    from derive.meaning import document_analysis

    try:
        document = checker.check_text(draft.text, path=f"<{helper}>", seed=seed, oracles=oracles)
        if document.errors:
            raise checker.as_error(document.path, document.errors[0])
        for claim in document.claims:  # a claim that does not parse is the caller's input error, not a verdict
            if claim.verdict == results.UNCHECKED and (claim.message or "").startswith(document_analysis.NOT_READ):
                reason = (claim.message or "").removeprefix(document_analysis.NOT_READ)
                raise errors.LatexSyntaxError(reason, location=errors.Location(document.path, claim.line, claim.column))
    except errors.InputError as problem:
        problem.add_note(f"in the document {helper} wrote for the claim:\n{draft.text}")
        raise
    for claim in document.claims:
        if claim.line in draft.assumption_lines:
            raise errors.UsageError(
                f"derive does not read {draft.assumption_lines[claim.line]!r} as an assumption (it would be checked "
                "as a claim); assume properties such as 'W symmetric', 'A invertible', 'Sigma positive definite', "
                "'W = W^T' or '\\operatorname{rank}(A) = n'"
            )
    claimed = [claim for claim in document.claims if claim.line >= draft.claim_line]
    if not claimed:
        raise errors.UsageError(f"{helper}: derive found no claim in {draft.text.splitlines()[draft.claim_line - 1]!r}")
    for claim in claimed:
        if claim.verdict not in results.PASSING:
            raise DerivationAssertionError(_explain(claim, seed=seed, setting=draft.setting), seed=seed, result=claim)
    return claimed[-1]


def _explain(claim: results.ClaimResult, *, seed: int, setting: str = "") -> str:
    """Why a claim does not pass: its verdict, the reason, the refuting evidence and the counterexample."""
    from derive import results

    kind = f"  ({claim.kind})" if claim.kind != claim.verdict else ""
    lines = [f"{claim.verdict}: {claim.latex}{kind}"]
    if claim.verdict == results.STATED and not claim.message:
        lines.append("  nothing was checked: derive reads this as a definition or as the equation to solve")
    if claim.message:
        lines.append(f"  {claim.message}")
    for condition in claim.conditions:
        lines.append(f"  condition: {condition}")
    for evidence in claim.evidence:
        if evidence.agrees is False:
            lines.append(f"  {evidence.oracle}: {evidence.detail}")
    if claim.counterexample is not None:
        lines.extend("  " + line for line in claim.counterexample.lines(with_seed=False))
    if setting:
        lines.append(f"  given: {setting}")
    if claim.verdict == results.FAILED:
        lines.append(f"  reproduce with seed={seed}")
    return "\n".join(lines)


# -- assertions on LaTeX claims -----------------------------------------------------------------


def assert_identity(
    lhs: str,
    rhs: str,
    *,
    shapes: Mapping[str, ShapeSpec] | None = None,
    assume: Iterable[str] = (),
    seed: int = 0,
    oracles: Iterable[str] | None = None,
) -> results.ClaimResult:
    """Assert that ``lhs = rhs`` holds for every value of its symbols (under ``assume``).

    ``shapes`` declares symbols (``{"A": "k×n", "x": "n"}``); undeclared ones are inferred.
    Returns the passing claim's result.

    Raises:
        errors.DerivationAssertionError: the identity fails (with a counterexample and the
            seed), is unchecked, or is read as a definition.
        errors.InputError: the LaTeX cannot be read.
        errors.UsageError: a shape or an assumption that cannot be written down.
    """
    __tracebackhide__ = True
    formula = f"{shape_specs.formula_text('left side', lhs)} = {shape_specs.formula_text('right side', rhs)}"
    draft = _Draft.write([("We check that", formula)], shapes=shapes, assume=assume)
    return _checked("assert_identity", draft, seed=seed, oracles=oracles)


def assert_gradient(
    f: str,
    grad: str,
    *,
    wrt: str = "x",
    shapes: Mapping[str, ShapeSpec] | None = None,
    assume: Iterable[str] = (),
    seed: int = 0,
    oracles: Iterable[str] | None = None,
) -> results.ClaimResult:
    """Assert that ``grad`` is the gradient of the scalar ``f`` with respect to ``wrt``.

    The gradient has the shape of the variable (a column for a vector).

    Raises:
        errors.DerivationAssertionError: the claim fails, or is unchecked.
        errors.InputError: the LaTeX cannot be read.
        errors.UsageError: a shape or an assumption that cannot be written down.
    """
    __tracebackhide__ = True
    return _assert_derivative(
        "assert_gradient", _GRADIENT, f, grad, wrt=wrt, shapes=shapes, assume=assume, seed=seed, oracles=oracles
    )


def assert_hessian(
    f: str,
    hess: str,
    *,
    wrt: str = "x",
    shapes: Mapping[str, ShapeSpec] | None = None,
    assume: Iterable[str] = (),
    seed: int = 0,
    oracles: Iterable[str] | None = None,
) -> results.ClaimResult:
    """Assert that ``hess`` is the Hessian of the scalar ``f`` with respect to ``wrt`` (n×n for an n-vector).

    Raises:
        errors.DerivationAssertionError: the claim fails, or is unchecked.
        errors.InputError: the LaTeX cannot be read.
        errors.UsageError: a shape or an assumption that cannot be written down.
    """
    __tracebackhide__ = True
    return _assert_derivative(
        "assert_hessian", _HESSIAN, f, hess, wrt=wrt, shapes=shapes, assume=assume, seed=seed, oracles=oracles
    )


def assert_solution(
    equation_lhs: str,
    equation_rhs: str,
    solution: str,
    *,
    wrt: str = "x",
    shapes: Mapping[str, ShapeSpec] | None = None,
    assume: Iterable[str] = (),
    seed: int = 0,
    oracles: Iterable[str] | None = None,
) -> results.ClaimResult:
    """Assert that ``wrt = solution`` solves ``equation_lhs = equation_rhs``.

    A solution that needs a condition (``A^TA`` invertible) passes as ``conditional``, with the
    condition in the result; assume it (``"\\operatorname{rank}(A) = n"``) to say it holds.

    Raises:
        errors.DerivationAssertionError: the solution fails, or is unchecked.
        errors.InputError: the LaTeX cannot be read.
        errors.UsageError: a shape or an assumption that cannot be written down.
    """
    __tracebackhide__ = True
    sides = (shape_specs.formula_text("equation", side) for side in (equation_lhs, equation_rhs))
    equation = " = ".join(sides)
    answer = f"{shape_specs.symbol_latex(wrt)} = {shape_specs.formula_text('solution', solution)}"
    draft = _Draft.write(
        [("We solve", equation), ("and claim the solution", answer)], shapes=shapes, assume=assume
    )
    return _checked("assert_solution", draft, seed=seed, oracles=oracles)


@dataclasses.dataclass(frozen=True)
class _Derivative:
    """How one kind of derivative claim is written: its operator and what its right side is called."""

    operator: str  # LaTeX before the subscript naming the variable
    role: str


_GRADIENT = _Derivative("\\nabla", "gradient")
_HESSIAN = _Derivative("\\nabla^{2}", "Hessian")


def _assert_derivative(
    helper: str,
    derivative: _Derivative,
    f: str,
    claimed: str,
    *,
    wrt: str,
    shapes: Mapping[str, ShapeSpec] | None,
    assume: Iterable[str],
    seed: int,
    oracles: Iterable[str] | None,
) -> results.ClaimResult:
    """The body of ``assert_gradient`` and ``assert_hessian``: ``claimed`` is that derivative of ``f``."""
    __tracebackhide__ = True
    function = shape_specs.formula_text("function", f)
    formula = (
        f"{derivative.operator}_{{{shape_specs.symbol_latex(wrt)}}} \\left( {function} \\right) "
        f"= {shape_specs.formula_text(derivative.role, claimed)}"
    )
    draft = _Draft.write([("We check that", formula)], shapes=shapes, assume=assume)
    return _checked(helper, draft, seed=seed, oracles=oracles)
