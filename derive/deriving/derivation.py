"""Derive mode: an objective in LaTeX -> a worked derivation whose every step derive check verifies."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping

import sympy

from derive import errors, results
from derive.deriving import problems, quadratic
from derive.reading import latex, render
from derive.symbolic import canonical, printing

REPORT_FORMATS = ("latex", "html", "json")


@dataclasses.dataclass(frozen=True)
class Solution:
    """The stationarity condition as ``P x = q``, and its closed-form solution ``P⁻¹q``."""

    matrix: canonical.Poly
    vector: canonical.Poly
    value: canonical.Poly
    system: str
    latex: str
    conditions: tuple[str, ...]  # when the solution is unique (rank(A) = n)
    minimum_norm: str | None = None  # the pseudo-inverse's answer when the conditions fail


@dataclasses.dataclass(frozen=True)
class Derivation:
    """A worked derivation: the canonical polynomials, the steps, and derive check's report on them."""

    problem: problems.Problem
    expanded: canonical.Poly
    gradient: canonical.Poly
    factored: str | None
    hessian: canonical.Poly | None
    solution: Solution | None
    convexity: quadratic.Convexity | None
    steps: tuple[problems.Step, ...]
    markdown: str
    report: results.DocumentResult
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Every step holds: no failed and no unchecked claim in the emitted document."""
        return not (self.report.failed or self.report.unchecked)

    @property
    def title(self) -> str:
        """``Derivation of $f(x) = …$``: the objective typeset again from its parsed tree, for a report's title."""
        return f"Derivation of ${self.problem.head()} = {render.latex(self.problem.objective)}$"

    def step(self, name: str) -> problems.Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def write_report(self, *, format: str, output: str | None = None, pdf: bool = False) -> str | None:
        """derive check's report on the derivation (``report``): ``latex``, ``html`` or ``json``, titled :attr:`title`.

        Written to ``output`` atomically, or returned when ``output`` is None or ``-``.
        With ``pdf`` (LaTeX and a file only) the report is compiled as well: see
        :func:`derive.report.output.write` for where the ``.tex`` and ``.pdf`` go.

        Raises:
            errors.UsageError: another format, or ``pdf`` without LaTeX or without ``output``.
            errors.ReportError: no TeX engine for ``pdf``, a failed compilation, or a file that cannot be written.
        """
        from derive.report import output as report_output  # Jinja and the templates load only for a report

        if format not in REPORT_FORMATS:
            raise errors.UsageError(f"a derivation's report is {', '.join(REPORT_FORMATS)}, not {format!r}")
        sources = {self.report.path: self.markdown}  # its heading and source lines
        return report_output.write(
            [self.report], format=format, output=output, pdf=pdf, inputs=(), title=self.title, sources=sources
        )


# --- the derivation -------------------------------------------------------------------------------


def _code(text: str) -> str:
    return f"`{text}`"  # LaTeX in prose: a code span, never inline math that would be read as a claim


def derive_objective(
    objective: str,
    *,
    wrt: str = "x",
    shapes: Mapping[str, str] | None = None,
    hessian: bool = True,
    solve: bool = True,
    symmetric: Collection[str] = (),
    seed: int = 0,
) -> Derivation:
    """Expand an objective, take its gradient and Hessian, solve ∇f = 0, and check every step.

    ``shapes`` declares shapes (``{"A": "k×n", "b": "k", "W": "k×k symmetric"}``); the
    others are inferred. The steps are written as a Markdown document that
    ``derive check`` accepts, and each carries the verdict ``derive check`` gives it.

    Raises:
        errors.InputError: the objective cannot be parsed or formed (``offset`` points into it).
        errors.UsageError: a malformed shape, or a variable the objective does not use.
        errors.UnsupportedNotation: notation outside what derive mode can differentiate.
    """
    problem = problems.read(objective, wrt=wrt, declared=shapes, symmetric=symmetric)
    column = problem.shapes[problem.variable].cols == 1
    expanded, gradient, second = problems.derivatives(problem, hessian=hessian and column)
    x, f, head = render.name(problem.variable), problem.function, problem.head()
    first, twice = (f"{f}'({x})", f"{f}''({x})") if problem.is_scalar else (f"\\nabla {head}", f"\\nabla^2 {head}")
    writer = problems.Writer(problem, f"The derivatives of ${f}$ with respect to ${x}$")
    notes = [] if second is not None or not hessian else [f"no Hessian: {x} is a matrix"]
    writer.step("objective", "The objective is", f"{head} = {problem.text}")
    shown = problem.latex(expanded)
    if printing.UNNAMED in shown:  # a function printed as [f(u)]_{u = P}, which derive check cannot read
        notes.append("the objective multiplied out holds an entrywise function with no name: not written")
    elif _parsed(shown) != _parsed(problem.text):
        writer.step("expanded", "Multiplied out, with like terms collected:", f"= {shown}")
    derivative = "derivative" if problem.is_scalar else "gradient"
    writer.step("gradient", f"Its {derivative} with respect to ${x}$ is", f"{first} = {problem.latex(gradient)}")
    factored = printing.factored(gradient, problem.naming.name, variable=problem.identifier, context=problem.context)
    if factored is not None:
        writer.step("factored", "or, factored,", f"= {factored}")
    if second is not None:
        what = "second derivative" if problem.is_scalar else "Hessian"
        writer.step("hessian", f"The {what} is", f"{twice} = {problem.latex(second)}")
    solution = None
    if solve and column:
        writer.step("stationarity", f"Setting the {derivative} to zero,", f"{first} = 0")
        solution = closed_form(problem, gradient)
        if solution is not None:
            _write_solution(writer, problem, solution, notes)
        elif not any(problem.mentions(word, value) for word, value in gradient.terms.items()):
            notes.append(f"the {derivative} does not depend on {x}: no stationary point unless it is zero")
        else:
            notes.append(f"no closed-form solution: the stationarity condition is not linear in {x}")
            writer.prose(f"This equation is not linear in ${x}$: it has no closed-form solution, and is solved "
                         "numerically, by gradient descent or Newton's method.")
    convex = quadratic.convexity(problem, second, seed=seed) if second is not None else None
    if convex is not None and second is not None:
        _write_convexity(writer, problem, second, convex)
    markdown, steps, report = writer.check(seed=seed)
    return Derivation(
        problem, expanded, gradient, factored, second, solution, convex, steps, markdown, report, tuple(notes)
    )


def _parsed(text: str) -> object:
    try:
        return latex.parse(text)
    except errors.DeriveError:
        return text


def _write_solution(
    writer: problems.Writer, problem: problems.Problem, solution: Solution, notes: list[str]
) -> None:
    x = render.name(problem.variable)
    if not solution.system.startswith(f"{x} = "):
        writer.step("system", "equivalently,", solution.system)
    where = f"Where {', '.join(map(_code, solution.conditions))}, the" if solution.conditions else "The"
    writer.step("solution", f"{where} stationary point is unique:", f"{x} = {solution.latex}")
    if solution.minimum_norm is not None:
        lead = "Otherwise there are infinitely many, and the pseudo-inverse gives the one of minimum norm:"
        writer.step("minimum-norm", lead, f"{x} = {solution.minimum_norm}")


def _write_convexity(
    writer: problems.Writer, problem: problems.Problem, hessian: canonical.Poly, convex: quadratic.Convexity
) -> None:
    f, second = problem.function, "second derivative" if problem.is_scalar else "Hessian"
    if convex.convex and not convex.conditions and hessian.terms:
        lead = f"The {second} is positive semidefinite, so ${f}$ is convex and a stationary point is a global minimum:"
        writer.step("convexity", lead, f"{problem.latex(hessian)} \\succeq 0")
        return
    builder = canonical.Builder(problem.context)
    sure = [(s.weight, builder.transpose_word(s.factor) + s.factor) for s in quadratic.gram_split(problem, hessian)[0]
            if s.weight.is_number and s.middle is None and s.factor]
    if convex.convex and sure:
        part = problem.latex(builder.poly(sure, hessian.rows, hessian.cols))
        writer.step("convexity", f"The {second}'s Gram part is positive semidefinite,", f"{part} \\succeq 0")
    if convex.convex:
        where = f" where {', '.join(map(_code, convex.conditions))}" if convex.conditions else ""
        there = " there" if where else ""
        writer.prose(f"The {second} {_code(problem.latex(hessian))} is positive semidefinite{where}: ${f}$ is convex{there}.")
    elif convex.witness is not None:
        shown = convex.witness.describe(f"{f}''" if problem.is_scalar else "∇²f", vector=not problem.is_scalar)
        writer.prose(f"The {second} is not positive semidefinite: {shown}. So ${f}$ is not convex.")
    else:
        writer.prose(f"No negative curvature was found on random instances, but convexity of ${f}$ is not proved.")


# --- the algebra: ∇f = 0 as a linear system --------------------------------------------------------


def linear(problem: problems.Problem, gradient: canonical.Poly) -> tuple[canonical.Poly, canonical.Poly] | None:
    """``gradient = P x - q`` with P and q free of x, or None when it is not linear in x."""
    builder = canonical.Builder(problem.context)
    if problem.is_scalar:
        t, value = problem.symbol(problem.variable), canonical.as_scalar(gradient)
        slope = sympy.expand(sympy.diff(value, t))
        if slope == 0 or slope.has(t):
            return None
        return builder.scalar(slope), builder.scalar(sympy.expand(-value.subs(t, 0)))
    matrix, constant = [], []
    for word, value in gradient.terms.items():
        ends = bool(word) and word[-1].name == problem.identifier and not word[-1].transposed
        if ends and not problem.mentions(word[:-1], value):
            matrix.append((value, word[:-1]))
        elif problem.mentions(word, value):
            return None
        else:
            constant.append((-value, word))
    if not matrix or gradient.cols != 1:
        return None
    size = problem.translator(problem.objective).dim(problem.shapes[problem.variable].rows)
    return builder.poly(matrix, gradient.rows, size), builder.poly(constant, gradient.rows, gradient.cols)


def closed_form(problem: problems.Problem, gradient: canonical.Poly) -> Solution | None:
    """``∇f = 0`` as ``P x = q`` with common numbers divided out, and its solution; None when not linear."""
    split = linear(problem, gradient)
    if split is None:
        return None
    builder = canonical.Builder(problem.context)
    matrix, vector = split
    scale = sympy.gcd(printing.content(matrix), printing.content(vector)) if vector.terms else printing.content(matrix)
    leading = min(matrix.terms.items(), key=lambda item: (-len(item[0]), canonical.word_key(item[0])))[1]
    scale = -scale if leading.as_coeff_Mul()[0] < 0 else scale
    matrix, vector = builder.scale(matrix, 1 / scale), builder.scale(vector, 1 / scale)
    if problem.is_scalar:
        lhs = problem.scalar(canonical.as_scalar(matrix) * problem.symbol(problem.variable))
        value = builder.scalar(sympy.cancel(canonical.as_scalar(vector) / canonical.as_scalar(matrix)))
    else:
        x = render.name(problem.variable)
        product = builder.multiply(matrix, problem.variable_poly)
        lhs = f"({problem.latex(matrix)}){x}" if len(matrix.terms) > 1 else problem.latex(product)
        value = builder.multiply(builder.inverse(matrix), vector)
    conditions, minimum_norm = _uniqueness(problem, matrix, vector)
    system = f"{lhs} = {problem.latex(vector)}"
    return Solution(matrix, vector, value, system, problem.latex(value), conditions, minimum_norm)


def _uniqueness(
    problem: problems.Problem, matrix: canonical.Poly, vector: canonical.Poly
) -> tuple[tuple[str, ...], str | None]:
    """When ``P x = q`` has one solution; for ``P = c·MᵀM``, ``q = Mᵀe`` also the minimum-norm one, M⁺e/c."""
    if canonical.is_scalar(matrix):
        value = canonical.as_scalar(matrix)
        return ((), None) if value.is_number else ((f"{problem.scalar(value)} \\neq 0",), None)
    squares, conditions, complete = quadratic.gram_split(problem, matrix)
    if complete and any(not s.factor and s.weight.is_number for s in squares):
        return (), None  # MᵀM + cI with c > 0 is positive definite
    if not (complete and len(squares) == 1 and squares[0].factor and squares[0].middle is None and not conditions):
        return (f"{problem.latex(matrix)} is invertible",), None
    builder, (square,) = canonical.Builder(problem.context), squares
    factor = printing.word_latex(square.factor, problem.naming.name)
    rank = (f"rank({factor}) = {problem.dimension(square.factor[-1].cols)}",)
    transposed = builder.transpose_word(square.factor)
    if not all(canonical.word_key(word[: len(transposed)]) == canonical.word_key(transposed) for word in vector.terms):
        return rank, None
    shares = [(v / square.weight, w[len(transposed) :]) for w, v in vector.terms.items()]
    shift = builder.poly(shares, square.factor[0].rows, 1)
    plus = f"{factor}^{{+}}" if len(square.factor) == 1 else f"({factor})^{{+}}"
    shown = problem.latex(shift)
    return rank, plus + (f"({shown})" if " " in shown else shown)
