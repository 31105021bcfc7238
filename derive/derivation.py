"""Derive mode: an objective in LaTeX -> a worked derivation whose every step derive check verifies."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np
import sympy

from derive import assumptions, calculus, canonical, checker, errors, latex, printing, render, resolve, results, shapes
from derive import symbolic, tree

FUNCTION_NAMES = ("f", "g", "h", "F", "J", "L")
DIMENSION_NAMES = ("n", "k", "m", "p", "q", "r", "s")  # for inferred dimensions, the variable's first
NEGATIVE = 1e-9  # an eigenvalue below -NEGATIVE·scale is negative
_DIM = r"[A-Za-z](?:_\w+|\d*)|\d+"
_SHAPE = re.compile(rf"^\s*(?P<rows>{_DIM})\s*(?:(?:×|\\times|\*|x|X)\s*(?P<cols>{_DIM}))?\s*(?P<sym>symmetric)?\s*$")


@dataclasses.dataclass(frozen=True)
class Problem:
    """An objective read and shape-checked: the names and shapes every later stage shares."""

    text: str  # the objective's LaTeX, as given
    objective: tree.Node
    variable: str
    function: str  # the name the document gives the objective: f, or g when f is taken
    shapes: Mapping[str, shapes.Shape]
    symmetric: frozenset[str]
    naming: symbolic.Naming = dataclasses.field(repr=False, compare=False)

    @functools.cached_property
    def context(self) -> canonical.Context:
        return canonical.Context(frozenset(self.naming.identifier(name) for name in self.symmetric))

    @property
    def identifier(self) -> str:
        return self.naming.identifier(self.variable)

    @property
    def is_scalar(self) -> bool:
        return self.shapes[self.variable].is_scalar

    def translator(self, node: tree.Node) -> symbolic.Translator:
        """A translator (symbolic dimensions) that knows the shapes of ``node``'s parts."""
        dims = {dim for shape in self.shapes.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
        inference = shapes.Inference(self.shapes, scalars=dims)
        inference.find_vectors([node])
        inference.shape(node)
        return symbolic.Translator(inference.finish(), self.naming, context=self.context)

    def poly(self, text: str) -> canonical.Poly:
        """The canonical form of a LaTeX expression in this problem's symbols and shapes.

        Raises:
            errors.InputError: the text cannot be parsed or formed.
        """
        node = latex.parse(text).chains[0].operands[0]
        assert node is not None
        return canonical.from_sympy(self.translator(node).value(node), self.context)

    def symbol(self, name: str) -> Any:
        return self.translator(self.objective).symbol(name)

    def latex(self, poly: canonical.Poly) -> str:
        return printing.latex(poly, self.naming.name, variable=self.identifier, symmetric=self.context.symmetric)

    def scalar(self, value: sympy.Expr) -> str:
        return printing.scalar(value, self.naming.name, variable=self.identifier, symmetric=self.context.symmetric)

    def dimension(self, dim: sympy.Expr) -> str:
        text = str(dim)  # a generated n_v3 stands for the document's n
        return self.naming.name(text[2:]).removeprefix("dim:") if text.startswith("n_") else text

    def head(self) -> str:
        return f"{self.function}({render.name(self.variable)})"

    def mentions(self, word: canonical.Word, value: sympy.Expr = sympy.Integer(1)) -> bool:
        """Whether the variable occurs in a term: in its word, its traces, or as a scalar."""
        name = self.identifier
        return calculus.mentions_word(word, name) or calculus.mentions_value(value, name) or any(
            s.name == name for s in value.free_symbols if isinstance(s, sympy.Symbol)
        )


@dataclasses.dataclass(frozen=True)
class Step:
    """One display formula of the derivation, with derive check's verdict on it."""

    name: str  # objective, expanded, gradient, factored, hessian, stationarity, system, solution, …
    lead_in: str
    latex: str
    line: int  # in the Markdown document
    result: results.ClaimResult | None = None

    @property
    def verdict(self) -> str:
        return self.result.verdict if self.result is not None else results.UNCHECKED


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
class Witness:
    """A small instance and a direction v along which a quadratic is unbounded below."""

    dimensions: Mapping[str, int]
    values: Mapping[str, Any]
    direction: tuple[float, ...]
    curvature: float  # vᵀQv < 0, or 0 when v is a null direction of Q
    slope: float  # gᵀv < 0 along a null direction: f falls linearly
    seed: int

    def describe(self, quantity: str, *, vector: bool = True) -> str:
        where = ", ".join(f"{name} = {value}" for name, value in self.values.items())
        at = f"at {where}, " if where else ""
        direction = "(" + ", ".join(f"{v:.4g}" for v in self.direction) + ")"
        if self.curvature < 0 and not vector:
            return f"{at}{quantity} = {self.curvature:.4g} < 0 (seed {self.seed})"
        if self.curvature < 0:
            form = quantity if len(quantity) == 1 else f"({quantity})"
            return f"{at}v = {direction} gives vᵀ{form}v = {self.curvature:.4g} < 0 (seed {self.seed})"
        slope = f"{self.slope:.4g}"
        return f"{at}v = {direction} is a null direction of {quantity} with gᵀv = {slope} ≠ 0 (seed {self.seed})"


@dataclasses.dataclass(frozen=True)
class Convexity:
    """Whether the Hessian is positive semidefinite: proved (maybe under conditions), refuted, or open."""

    convex: bool | None
    reason: str
    conditions: tuple[str, ...] = ()
    witness: Witness | None = None


@dataclasses.dataclass(frozen=True)
class Derivation:
    """A worked derivation: the canonical polynomials, the steps, and derive check's report on them."""

    problem: Problem
    expanded: canonical.Poly
    gradient: canonical.Poly
    factored: str | None
    hessian: canonical.Poly | None
    solution: Solution | None
    convexity: Convexity | None
    steps: tuple[Step, ...]
    markdown: str
    report: results.DocumentResult
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Every step holds: no failed and no unchecked claim in the emitted document."""
        return not (self.report.failed or self.report.unchecked)

    def step(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)


@dataclasses.dataclass(frozen=True)
class Square:
    """A term ``c·MᵀM`` (or ``c·MᵀSM``, S symmetric) of a quadratic form; ``factor`` () is the identity."""

    weight: sympy.Expr
    factor: canonical.Word
    middle: canonical.Atom | None = None


@dataclasses.dataclass(frozen=True)
class LeastSquares:
    """Whether an objective is ``‖Cx − d‖² + c``: proved (the form, checked), refuted (a direction), or open."""

    decision: bool | None
    reason: str
    form: str | None = None  # \|Ax - b\|^2 + \lambda\|x\|^2
    stacked: tuple[str, str] | None = None  # C and d of the single norm ‖Cx − d‖²
    conditions: tuple[str, ...] = ()
    check: results.ClaimResult | None = None  # derive check's verdict on f(x) = form
    direction: Witness | None = None


# --- reading the objective ------------------------------------------------------------------------


def parse_shapes(text: str) -> dict[str, str]:
    """``"A:k×n, b:k, W:k×k symmetric"`` -> ``{"A": "k×n", "b": "k", "W": "k×k symmetric"}``.

    Raises:
        errors.UsageError: an entry that is not ``name:shape``.
    """
    found = {}
    for entry in filter(None, (piece.strip() for piece in re.split(r"[,;]", text))):
        name, colon, shape = entry.partition(":")
        if not (colon and name.strip() and shape.strip()):
            raise errors.UsageError(f"--shapes: expected name:shape such as A:k×n, found {entry!r}")
        found[name.strip()] = shape.strip()
    return found


def read(
    objective: str, *, wrt: str = "x", declared: Mapping[str, str] | None = None, symmetric: Collection[str] = ()
) -> Problem:
    """Parse and shape-check an objective, ``f(x) = …`` or a bare expression.

    Raises:
        errors.InputError: the objective cannot be parsed or formed (``offset`` points into it).
        errors.UsageError: a malformed shape, or a variable the objective does not use.
    """
    if "$" in objective:
        raise errors.LatexSyntaxError("write the objective without `$`", offset=objective.index("$"))
    formula = latex.parse(objective)
    if len(formula.chains) != 1:
        raise errors.LatexSyntaxError("expected one expression, found several", offset=formula.chains[1].span.start)
    chain = formula.chains[0]
    body, head = chain.operands[-1], None
    if chain.relations:
        head = resolve.definition_head(chain.operands[0]) if chain.operands[0] is not None else None
        if chain.relations not in (("=",), (":=",)) or head is None:
            raise errors.LatexSyntaxError("expected an expression, or f(x) = expression", offset=chain.span.start)
    assert body is not None
    variable = assumptions.latex_name(wrt)
    given, symmetric_names = _declared(declared or {})
    symmetric_names |= {assumptions.latex_name(name) for name in symmetric}
    names = {node.name for node in tree.walk(body) if isinstance(node, tree.Symbol)}
    if variable not in names:
        raise errors.UsageError(f"the objective does not depend on {variable}; its symbols are {', '.join(sorted(names))}")
    unused = ", ".join(sorted(set(given) - names))
    if unused:
        raise errors.UsageError(f"shapes given for {unused}, which the objective does not use")
    table = _infer(body, given)
    rename = _dimension_names(table, variable, given, names)
    final = {name: shapes.Shape(rename(s.rows), rename(s.cols)) for name, s in table.symbols.items()}
    _infer(body, final)
    function = head[0] if head is not None and head[0] not in names else next(
        (name for name in FUNCTION_NAMES if name not in names), "f_0")
    text = " ".join(objective[body.span.start : body.span.end].split())
    return Problem(text, body, variable, function, final, frozenset(symmetric_names), symbolic.Naming())


def _declared(given: Mapping[str, str]) -> tuple[dict[str, shapes.Shape], set[str]]:
    declared, symmetric = {}, set()
    for key, text in given.items():
        name, match = assumptions.latex_name(key), _SHAPE.match(text.replace("\\,", " "))
        if match is None:
            raise errors.UsageError(f"shape of {key}: expected rows×cols such as k×n, or n for a vector; found {text!r}")
        rows, cols = (_dim(match.group("rows")), _dim(match.group("cols") or "1"))
        if match.group("sym"):
            if rows != cols:
                raise errors.UsageError(f"shape of {key}: a symmetric matrix is square; found {text!r}")
            symmetric.add(name)
        declared[name] = shapes.Shape(rows, cols)
    return declared, symmetric


def _dim(text: str) -> shapes.Dim:
    if text.isdigit() and int(text) < 1:
        raise errors.UsageError(f"a dimension must be positive, found {text}")
    return int(text) if text.isdigit() else text


def _infer(body: tree.Node, declared: Mapping[str, shapes.Shape]) -> shapes.ShapeTable:
    dims = {dim for shape in declared.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
    inference = shapes.Inference(declared, scalars=dims)
    inference.find_vectors([body])
    shape = inference.resolved(inference.shape(body))
    if not shape.is_scalar:
        what = shape.describe() if "?" not in str(shape) else shape.describe().split(" (")[0]
        raise errors.ShapeError(f"the objective must be a number (1×1); it is a {what}", offset=body.span.start)
    return inference.finish()


def _dimension_names(
    table: shapes.ShapeTable, variable: str, declared: Mapping[str, shapes.Shape], names: set[str]
) -> Callable[[shapes.Dim], shapes.Dim]:
    """Inferred dimensions (``d1``, ``d2``) renamed ``n`` (the variable's), ``k``, ``m``, …"""
    fixed = {dim for shape in declared.values() for dim in (shape.rows, shape.cols)}
    free = [name for name in DIMENSION_NAMES if name not in names and name not in fixed]
    order = [table.symbols[variable].rows, table.symbols[variable].cols]
    order += [dim for _, shape in sorted(table.symbols.items()) for dim in (shape.rows, shape.cols)]
    mapping: dict[shapes.Dim, shapes.Dim] = {}
    for dim in order:
        if isinstance(dim, str) and dim not in fixed and dim not in mapping and free:
            mapping[dim] = free.pop(0)
    return lambda dim: mapping.get(dim, dim)


# --- the derivation -------------------------------------------------------------------------------


class _Writer:
    """The Markdown document: declarations inline, one display block per step, lines remembered."""

    def __init__(self, problem: Problem, title: str) -> None:
        listed = [f"${render.name(name)} \\in {_space(shape)}$" for name, shape in sorted(problem.shapes.items())]
        listed += [f"${render.name(name)} = {render.name(name)}^T$" for name in sorted(problem.symmetric)]
        declared = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
        self.lines = [f"# {title}", "", f"Let {declared}.", ""]
        self.steps: list[tuple[str, str, str, int]] = []

    def prose(self, text: str) -> None:
        self.lines += [text, ""]

    def step(self, name: str, lead_in: str, math: str) -> None:
        self.lines += [lead_in, ""]
        self.steps.append((name, lead_in, math, len(self.lines) + 1))
        self.lines += [f"$$ {math} $$", ""]

    def check(self, *, seed: int) -> tuple[str, tuple[Step, ...], results.DocumentResult]:
        """The document, its steps with their verdicts, and derive check's whole report."""
        text = "\n".join(self.lines)
        report = checker.check_text(text, path="derivation.md", seed=seed)
        by_line = {claim.line: claim for claim in report.claims}
        return text, tuple(Step(name, lead, math, line, by_line.get(line)) for name, lead, math, line in self.steps), report


def _space(shape: shapes.Shape) -> str:
    if shape.is_scalar:
        return "\\mathbb{R}"
    return f"\\mathbb{{R}}^{{{shape.rows}}}" if shape.cols == 1 else f"\\mathbb{{R}}^{{{shape.rows} \\times {shape.cols}}}"


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
    problem = read(objective, wrt=wrt, declared=shapes, symmetric=symmetric)
    column = problem.shapes[problem.variable].cols == 1
    expanded, gradient, second = _calculus(problem, hessian=hessian and column)
    x, f, head = render.name(problem.variable), problem.function, problem.head()
    first, twice = (f"{f}'({x})", f"{f}''({x})") if problem.is_scalar else (f"\\nabla {head}", f"\\nabla^2 {head}")
    writer = _Writer(problem, f"The derivatives of ${f}$ with respect to ${x}$")
    notes = [] if second is not None or not hessian else [f"no Hessian: {x} is a matrix"]
    writer.step("objective", "The objective is", f"{head} = {problem.text}")
    if _parsed(problem.latex(expanded)) != _parsed(problem.text):
        writer.step("expanded", "Multiplied out, with like terms collected:", f"= {problem.latex(expanded)}")
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
            notes.append(f"the stationarity condition is not linear in {x}: no closed form")
    convex = convexity(problem, second, seed=seed) if second is not None else None
    if convex is not None and second is not None:
        _write_convexity(writer, problem, second, convex)
    markdown, steps, report = writer.check(seed=seed)
    return Derivation(
        problem, expanded, gradient, factored, second, solution, convex, steps, markdown, report, tuple(notes)
    )


def _calculus(problem: Problem, *, hessian: bool) -> tuple[canonical.Poly, canonical.Poly, canonical.Poly | None]:
    """The objective's canonical form, its gradient, and (when asked) its Hessian.

    Raises:
        errors.UnsupportedNotation: the objective is outside the canonical form or the derivative rules.
    """
    builder, variable = canonical.Builder(problem.context), problem.symbol(problem.variable)
    try:
        value = canonical.from_sympy(problem.translator(problem.objective).value(problem.objective), problem.context)
        first = calculus.gradient(builder, value, variable)
        return value, first, calculus.hessian(builder, value, variable) if hessian else None
    except canonical.NotCanonical as reason:
        raise errors.UnsupportedNotation(f"{reason} (derive mode differentiates canonical forms)") from None


def _parsed(text: str) -> object:
    try:
        return latex.parse(text)
    except errors.DeriveError:
        return text


def _write_solution(writer: _Writer, problem: Problem, solution: Solution, notes: list[str]) -> None:
    x = render.name(problem.variable)
    if not solution.system.startswith(f"{x} = "):
        writer.step("system", "equivalently,", solution.system)
    where = f"Where {', '.join(map(_code, solution.conditions))}, the" if solution.conditions else "The"
    if problem.is_scalar:  # derive check cannot sample a scalar solution yet: stated in prose, not displayed
        where_text = f" where {', '.join(solution.conditions)}" if solution.conditions else ""
        notes.append(f"solution {x} = {solution.latex}{where_text}")
        writer.prose(f"{where} solution is {_code(f'{x} = {solution.latex}')}.")
    else:
        writer.step("solution", f"{where} stationary point is unique:", f"{x} = {solution.latex}")
    if solution.minimum_norm is not None:
        lead = "Otherwise there are infinitely many, and the pseudo-inverse gives the one of minimum norm:"
        writer.step("minimum-norm", lead, f"{x} = {solution.minimum_norm}")


def _write_convexity(writer: _Writer, problem: Problem, hessian: canonical.Poly, convex: Convexity) -> None:
    f, second = problem.function, "second derivative" if problem.is_scalar else "Hessian"
    sized = problem.is_scalar or any(hessian.terms.keys())  # a claim about I alone has no size to check it at
    if convex.convex and not convex.conditions and hessian.terms and sized:
        lead = f"The {second} is positive semidefinite, so ${f}$ is convex and a stationary point is a global minimum:"
        writer.step("convexity", lead, f"{problem.latex(hessian)} \\succeq 0")
        return
    builder = canonical.Builder(problem.context)
    sure = [(s.weight, builder.transpose_word(s.factor) + s.factor) for s in gram_split(problem, hessian)[0]
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


# --- the algebra: linear systems and sums of squares ----------------------------------------------


def linear(problem: Problem, gradient: canonical.Poly) -> tuple[canonical.Poly, canonical.Poly] | None:
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


def closed_form(problem: Problem, gradient: canonical.Poly) -> Solution | None:
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
        product = builder.multiply(matrix, _variable(problem))
        lhs = f"({problem.latex(matrix)}){x}" if len(matrix.terms) > 1 else problem.latex(product)
        value = builder.multiply(builder.inverse(matrix), vector)
    conditions, minimum_norm = _uniqueness(problem, matrix, vector)
    system = f"{lhs} = {problem.latex(vector)}"
    return Solution(matrix, vector, value, system, problem.latex(value), conditions, minimum_norm)


def _uniqueness(problem: Problem, matrix: canonical.Poly, vector: canonical.Poly) -> tuple[tuple[str, ...], str | None]:
    """When ``P x = q`` has one solution; for ``P = c·MᵀM``, ``q = Mᵀe`` also the minimum-norm one, M⁺e/c."""
    if canonical.is_scalar(matrix):
        value = canonical.as_scalar(matrix)
        return ((), None) if value.is_number else ((f"{problem.scalar(value)} \\neq 0",), None)
    squares, conditions, complete = gram_split(problem, matrix)
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


def _variable(problem: Problem) -> canonical.Poly:
    return canonical.from_sympy(problem.symbol(problem.variable), problem.context)


def gram_split(problem: Problem, poly: canonical.Poly) -> tuple[list[Square], list[str], bool]:
    """The terms ``c·MᵀM`` / ``c·MᵀSM`` with c ≥ 0, the conditions that takes, and whether every term is one."""
    builder = canonical.Builder(problem.context)
    found, conditions, complete = [], set(), True
    for word, value in poly.terms.items():
        half = len(word) // 2
        middle = word[half] if len(word) % 2 else None
        right = word[half + 1 :] if middle is not None else word[half:]
        number, rest = value.as_coeff_Mul()
        if (
            (middle is not None and (middle.name not in problem.context.symmetric or middle.inverse_of))
            or canonical.word_key(builder.transpose_word(right)) != canonical.word_key(word[:half])
            or number <= 0 or canonical.matrix_scalars(rest) or problem.mentions((), rest)
        ):
            complete = False
            continue
        for base, power in rest.as_powers_dict().items():
            if base != 1 and not (power.is_Integer and power % 2 == 0):
                conditions.add(f"{problem.scalar(base)} \\geq 0")
        if middle is not None:
            conditions.add(f"{render.name(problem.naming.name(middle.name))} \\succeq 0")
        found.append(Square(value, right, middle))
    return found, sorted(conditions), complete


# --- numbers: negative curvature ------------------------------------------------------------------


def witness(problem: Problem, matrix: canonical.Poly, slope: canonical.Poly | None, *, seed: int = 0) -> Witness | None:
    """Small integer, then float, instances searched for v with vᵀQv < 0 (or Qv = 0 and gᵀv ≠ 0)."""
    from derive import codegen  # the numeric side of derive mode

    rng = np.random.default_rng(seed)
    for dims, bound in codegen.trials(problem):
        values = codegen.draw(problem, dims, rng, bound=bound)
        try:
            q = np.atleast_2d(codegen.evaluate(problem, matrix, dims, values))
            g = None if slope is None else np.ravel(codegen.evaluate(problem, slope, dims, values))
        except (ArithmeticError, ValueError):
            continue
        eigenvalues, vectors = np.linalg.eigh((q + q.T) / 2)
        scale = max(1.0, float(np.abs(q).max()))
        direction, curvature, fall = None, 0.0, 0.0
        if eigenvalues[0] < -NEGATIVE * scale:
            direction = vectors[:, 0] / np.abs(vectors[:, 0]).max()
            curvature = float(direction @ ((q + q.T) / 2) @ direction)
        elif g is not None:
            null = vectors[:, np.abs(eigenvalues) <= NEGATIVE * scale]
            escape = null @ (null.T @ g)
            if np.abs(escape).max(initial=0.0) > NEGATIVE * max(1.0, float(np.abs(g).max())):
                direction = -escape / np.abs(escape).max()
                fall = float(g @ direction)
        if direction is not None:
            shown = codegen.shown(problem, matrix, slope if curvature == 0 else None, values=values)
            return Witness(dims, shown, tuple(float(c) for c in direction), curvature, fall, seed)
    return None


def convexity(problem: Problem, hessian: canonical.Poly, *, seed: int = 0) -> Convexity:
    """Positive semidefinite for non-negative combinations of Gram forms; otherwise searched numerically."""
    _, conditions, complete = gram_split(problem, hessian)
    if complete:
        where = f" where {', '.join(conditions)}" if conditions else ""
        reason = f"the Hessian is a non-negative combination of Gram matrices MᵀM{where}"
        return Convexity(True, reason, tuple(conditions))
    found = witness(problem, hessian, None, seed=seed)
    if found is not None:
        quantity = f"{problem.function}''" if problem.is_scalar else "∇²f"
        shown = found.describe(quantity, vector=not problem.is_scalar)
        return Convexity(False, f"negative curvature: {shown}", witness=found)
    return Convexity(None, "no negative curvature on random instances, but positive semidefiniteness is not proved")


# --- is it least squares? -------------------------------------------------------------------------


def least_squares_form(
    objective: str,
    *,
    wrt: str = "x",
    shapes: Mapping[str, str] | None = None,
    symmetric: Collection[str] = (),
    seed: int = 0,
) -> LeastSquares:
    """Decide whether ``f = xᵀQx + gᵀx + d`` is a least-squares objective: Q ⪰ 0 and g in the range of Q.

    When it is, ``form`` writes it as a sum of squares and ``check`` is derive check's
    verdict on that; when it is not, ``direction`` is a v along which f is unbounded below.

    Raises:
        errors.InputError, errors.UsageError, errors.UnsupportedNotation: as :func:`derive_objective`.
    """
    problem = read(objective, wrt=wrt, declared=shapes, symmetric=symmetric)
    builder, x = canonical.Builder(problem.context), _variable(problem)
    if x.cols != 1:
        raise errors.UsageError("least squares needs a vector or a scalar variable")
    f, gradient, hessian = _calculus(problem, hessian=True)
    assert hessian is not None
    if any(problem.mentions(word, value) for word, value in hessian.terms.items()):
        return LeastSquares(False, f"not quadratic in {problem.variable}: its Hessian {problem.latex(hessian)} depends on it")
    quadratic = builder.scale(hessian, sympy.Rational(1, 2))
    slope, constant = _at_zero(problem, gradient), _at_zero(problem, f)
    quad = builder.multiply(builder.transpose(x), builder.multiply(quadratic, x))
    if not canonical.equal(f, builder.add(quad, builder.multiply(builder.transpose(slope), x), constant), problem.context):
        return LeastSquares(False, f"not a quadratic polynomial in {problem.variable}")
    squares, conditions, complete = gram_split(problem, quadratic)
    shifts = _shifts(problem, squares, slope) if complete else None
    if shifts is None:
        found = witness(problem, quadratic, slope, seed=seed)
        if found is not None:
            shown = found.describe("Q", vector=not problem.is_scalar)
            return LeastSquares(False, f"f is unbounded below: {shown}", direction=found)
        missing = "Q ⪰ 0" if not complete else "that the linear term lies in the range of Q"
        return LeastSquares(None, f"no counterexample on random instances, but {missing} is not proved")
    form, stacked = _squares_form(problem, squares, shifts, constant)
    writer = _Writer(problem, f"${problem.function}$ as a least-squares objective")
    writer.step("objective", "The objective is", f"{problem.head()} = {problem.text}")
    writer.step("form", "As a sum of squares,", f"= {form}")
    where = f" where {', '.join(conditions)}" if conditions else ""
    reason = f"Q = {problem.latex(quadratic)} is a sum of Gram matrices and the linear term lies in its range{where}"
    return LeastSquares(True, reason, form, stacked, tuple(conditions), writer.check(seed=seed)[1][-1].result)


def _at_zero(problem: Problem, poly: canonical.Poly) -> canonical.Poly:
    """``poly`` at ``x = 0``: the terms that mention the variable dropped."""
    terms = []
    for word, value in poly.terms.items():
        if not calculus.mentions_word(word, problem.identifier):
            zero = {s: 0 for s in value.free_symbols if problem.mentions((), s)}
            terms.append((value.xreplace(zero), word))
    return canonical.Builder(problem.context).poly(terms, poly.rows, poly.cols)


def _shifts(problem: Problem, squares: list[Square], slope: canonical.Poly) -> list[canonical.Poly] | None:
    """The e of each ``c(Mx − e)ᵀS(Mx − e)`` that makes up the linear term, or None if a term fits none."""
    builder = canonical.Builder(problem.context)
    prefixes = [builder.transpose_word(s.factor) + ((s.middle,) if s.middle is not None else ()) for s in squares]
    shares: list[list[tuple[sympy.Expr, canonical.Word]]] = [[] for _ in squares]
    for word, value in slope.terms.items():
        key = canonical.word_key
        homes = [i for i, prefix in enumerate(prefixes) if key(word[: len(prefix)]) == key(prefix)]
        if not homes:
            return None
        home = max(homes, key=lambda i: len(prefixes[i]))
        shares[home].append((-value / (2 * squares[home].weight), word[len(prefixes[home]) :]))
    rows = [s.factor[0].rows if s.factor else slope.rows for s in squares]
    return [builder.poly(share, size, slope.cols) for share, size in zip(shares, rows)]


def _squares_form(
    problem: Problem, squares: list[Square], shifts: list[canonical.Poly], constant: canonical.Poly
) -> tuple[str, tuple[str, str] | None]:
    """``Σ c‖Mx − e‖² + r`` as LaTeX, and the stacked C and d of ``‖Cx − d‖²`` when every square is plain."""
    builder, x = canonical.Builder(problem.context), _variable(problem)
    form, rows_c, rows_d, rest = [], [], [], constant
    for square, shift in zip(squares, shifts):
        mapped = builder.multiply(_word(builder, square.factor), x) if square.factor else x
        inner = problem.latex(builder.add(mapped, builder.scale(shift, -1)))
        middle = builder.scalar(sympy.Integer(1)) if square.middle is None else _word(builder, (square.middle,))
        shifted = builder.multiply(builder.transpose(shift), builder.multiply(middle, shift))
        rest = builder.add(rest, builder.scale(shifted, -square.weight))
        weight = "" if square.weight == 1 else problem.scalar(square.weight)
        weight = f"({weight})" if " " in weight else weight
        if square.middle is not None:
            form.append(f"{weight}({inner})^T{render.name(problem.naming.name(square.middle.name))}({inner})")
        else:
            form.append(f"{weight}({inner})^2" if problem.is_scalar else f"{weight}\\|{inner}\\|^2")
        root = "" if square.weight == 1 else problem.scalar(sympy.sqrt(square.weight)) + " "
        rows_c.append(root + (printing.word_latex(square.factor, problem.naming.name) or "I"))
        rows_d.append("0" if shift.is_zero() else root + problem.latex(shift))
    text = printing.join([*form, problem.latex(rest)] if not rest.is_zero() else form)
    if problem.is_scalar or any(square.middle is not None for square in squares):
        return text, None
    return text, (_stacked(rows_c), _stacked(rows_d))


def _stacked(rows: list[str]) -> str:
    newline = " \\\\ "
    return f"\\begin{{bmatrix}} {newline.join(rows)} \\end{{bmatrix}}" if len(rows) > 1 else rows[0]


def _word(builder: canonical.Builder, word: canonical.Word) -> canonical.Poly:
    return builder.poly([(sympy.Integer(1), word)], word[0].rows, word[-1].cols)
