"""An objective read for derive mode: its names, shapes and canonical derivatives, and the checked document about it."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import sympy

from derive import errors, results, tree
from derive.checking import checker
from derive.meaning import assumptions, builtins, shape_inference, shapes
from derive.reading import latex, render, resolve
from derive.symbolic import calculus, canonical, printing, sympy_bridge, translation

FUNCTION_NAMES = ("f", "g", "h", "F", "J", "L")
DIMENSION_NAMES = ("n", "k", "m", "p", "q", "r", "s")  # for inferred dimensions, the variable's first
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
    naming: translation.Naming = dataclasses.field(repr=False, compare=False)
    functions: Mapping[str, resolve.FunctionDefinition] = dataclasses.field(default_factory=dict, compare=False)

    @functools.cached_property
    def context(self) -> canonical.Context:
        return canonical.Context(frozenset(self.naming.identifier(name) for name in self.symmetric))

    @property
    def identifier(self) -> str:
        return self.naming.identifier(self.variable)

    @property
    def is_scalar(self) -> bool:
        return self.shapes[self.variable].is_scalar

    def translator(self, node: tree.Node) -> translation.Translator:
        """A translator (symbolic dimensions) that knows the shapes of ``node``'s parts."""
        dims = {dim for shape in self.shapes.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
        inference = shape_inference.Inference(self.shapes, scalars=dims, functions=_templates(self.functions))
        inference.find_vectors([node])
        inference.shape(node)
        return translation.Translator(inference.finish(), self.naming, context=self.context)

    def poly(self, text: str) -> canonical.Poly:
        """The canonical form of a LaTeX expression in this problem's symbols and shapes.

        Raises:
            errors.InputError: the text cannot be parsed or formed.
        """
        node = latex.parse(text).chains[0].operands[0]
        assert node is not None
        node = resolve.Resolver(self.functions, frozenset(), frozenset()).resolve(node)
        return sympy_bridge.from_sympy(self.translator(node).value(node), self.context)

    def symbol(self, name: str) -> Any:
        return self.translator(self.objective).symbol(name)

    def latex(self, poly: canonical.Poly) -> str:
        return printing.latex(poly, self.naming.name, variable=self.identifier, symmetric=self.context.symmetric)

    def scalar(self, value: sympy.Expr) -> str:
        return printing.scalar(value, self.naming.name, variable=self.identifier, symmetric=self.context.symmetric)

    def dimension(self, dim: sympy.Expr) -> str:
        text = str(dim)  # a generated n_v3 stands for the document's n
        return self.naming.name(text[2:]).removeprefix("dim:") if text.startswith("n_") else text

    @functools.cached_property
    def variable_poly(self) -> canonical.Poly:
        """The variable as a canonical polynomial, for building forms in it."""
        return sympy_bridge.from_sympy(self.symbol(self.variable), self.context)

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
    functions = builtins.used([formula])  # σ(Xθ), softplus, softmax: the functions of machine-learning notes
    body = resolve.Resolver(functions, frozenset(), frozenset()).resolve(body)
    variable = assumptions.latex_name(wrt)
    given, symmetric_names = _declared(declared or {})
    symmetric_names |= {assumptions.latex_name(name) for name in symmetric}
    names = {node.name for node in tree.walk(body) if isinstance(node, tree.Symbol) and node.name not in functions}
    parameters = {parameter for definition in functions.values() for parameter in definition.parameters}
    names -= parameters
    if variable not in names:
        raise errors.UsageError(f"the objective does not depend on {variable}; its symbols are {', '.join(sorted(names))}")
    unused = ", ".join(sorted(set(given) - names))
    if unused:
        raise errors.UsageError(f"shapes given for {unused}, which the objective does not use")
    table = _infer(body, given, functions)
    rename = _dimension_names(table, variable, given, names)
    final = {name: shapes.Shape(rename(s.rows), rename(s.cols)) for name, s in table.symbols.items() if name in names}
    _infer(body, final, functions)
    function = head[0] if head is not None and head[0] not in names else next(
        (name for name in FUNCTION_NAMES if name not in names), "f_0")
    text = " ".join(objective[body.span.start : body.span.end].split())
    return Problem(text, body, variable, function, final, frozenset(symmetric_names), translation.Naming(), functions)


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


def _templates(functions: Mapping[str, resolve.FunctionDefinition]) -> dict[str, tuple[tuple[str, ...], tree.Node]]:
    return {name: (definition.parameters, definition.body) for name, definition in functions.items()}


def _infer(
    body: tree.Node, declared: Mapping[str, shapes.Shape], functions: Mapping[str, resolve.FunctionDefinition]
) -> shapes.ShapeTable:
    dims = {dim for shape in declared.values() for dim in (shape.rows, shape.cols) if isinstance(dim, str)}
    inference = shape_inference.Inference(declared, scalars=dims, functions=_templates(functions))
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


def derivatives(problem: Problem, *, hessian: bool) -> tuple[canonical.Poly, canonical.Poly, canonical.Poly | None]:
    """The objective's canonical form, its gradient, and (when asked) its Hessian.

    Raises:
        errors.UnsupportedNotation: the objective is outside the canonical form or the derivative rules.
    """
    builder, variable = canonical.Builder(problem.context), problem.symbol(problem.variable)
    try:
        value = sympy_bridge.from_sympy(problem.translator(problem.objective).value(problem.objective), problem.context)
        first = calculus.gradient(builder, value, variable)
        return value, first, calculus.hessian(builder, value, variable) if hessian else None
    except canonical.NotCanonical as reason:
        raise errors.UnsupportedNotation(f"{reason} (derive mode differentiates canonical forms)") from None


# --- the document ---------------------------------------------------------------------------------


class Writer:
    """A Markdown document about a problem: declarations inline, one display block per step, lines remembered."""

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
