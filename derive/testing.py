"""Assertions for test suites: LaTeX claims checked by derive, and users' own gradient code."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from derive import errors
from numeric import errors as numeric_errors
from numeric import tf_loader
from numeric import instances as draws

if TYPE_CHECKING:
    from derive import results

__all__ = [
    "DerivationAssertionError",
    "GradientCheck",
    "assert_gradient",
    "assert_gradient_impl",
    "assert_hessian",
    "assert_identity",
    "assert_solution",
    "dimensions_of",
]

DerivationAssertionError = errors.DerivationAssertionError

Dimension = Union[str, int]
ShapeSpec = Union[str, int, Sequence[Dimension], None]
"""How a test writes a shape: ``"k×n"``, ``("k", "n")``, ``(3, 2)`` (a matrix), ``"k"`` or
``3`` (a column vector), ``None`` or ``()`` (a scalar)."""

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa mu nu xi pi "
    "rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Upsilon Phi Psi Omega".split()
)
"""Names written as Greek letters: the key ``"beta"`` declares ``\\beta``."""

FINITE_DIFFERENCE_STEP = 1e-3
"""Central-difference step for a NumPy loss, relative to 1 + |entry|."""

FINITE_DIFFERENCE_RTOL = 1e-6
"""The smallest tolerance used against finite differences (they are exact to about 1e-10)."""

_DIMENSION = re.compile(r"[A-Za-z](?:_(?:\w|\{\w+\}))?|[1-9][0-9]*")
_SEPARATOR = re.compile(r"\s*(?:×|\\times|,|\*)\s*|\s+x\s+")
_WORDS = re.compile(
    r"^\s*(?P<name>\\?[A-Za-z]+(?:_\{?\w+\}?)?)\s+(?:is\s+)?"
    r"(?P<word>symmetric|invertible|non-?singular|positive\s+semi-?definite|positive\s+definite)\s*$",
    re.IGNORECASE,
)


# -- shapes and names ---------------------------------------------------------------------------


def dimensions_of(name: str, spec: ShapeSpec) -> tuple[Dimension, ...]:
    """The dimensions a shape spec names: ``()`` a scalar, ``(k,)`` a vector, ``(k, n)`` a matrix.

    Raises:
        errors.UsageError: a spec that is not one of the forms of ``ShapeSpec``.
    """
    parts: list[Any]
    if spec is None:
        parts = []
    elif isinstance(spec, bool):
        raise errors.UsageError(f"shape of {name}: expected dimensions, found {spec!r}")
    elif isinstance(spec, int):
        parts = [spec]
    elif isinstance(spec, str):
        text = spec.strip()
        parts = [] if text in ("", "scalar") else _SEPARATOR.split(text)
    elif isinstance(spec, Sequence):
        parts = list(spec)
    else:
        raise errors.UsageError(f"shape of {name}: expected a string, an int or a tuple, found {spec!r}")
    if len(parts) > 2:
        raise errors.UsageError(f"shape of {name}: at most two dimensions (rows, columns), found {spec!r}")
    found: list[Dimension] = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool) and part >= 1:
            found.append(part)
        elif isinstance(part, str) and _DIMENSION.fullmatch(part.strip()):
            text = part.strip()
            found.append(int(text) if text.isdigit() else text)
        else:
            raise errors.UsageError(
                f"shape of {name}: {part!r} is not a dimension; write a letter (k, n, d_1) or a positive int, "
                f"as in {{{name!r}: 'k×n'}} or {{{name!r}: (3, 2)}}"
            )
    return tuple(found)


def symbol_latex(name: str) -> str:
    """How a name is written in LaTeX: ``beta`` → ``\\beta``; ``A``, ``x_1`` and ``\\Sigma`` as given.

    Raises:
        errors.UsageError: text that cannot be a symbol's name in a formula.
    """
    text = name.strip()
    if text in GREEK:
        return "\\" + text
    if not text or "$" in text or "\n" in text:
        raise errors.UsageError(f"{name!r} is not a symbol's name; write A, x, x_1, beta or \\beta")
    return text


def _space(dimensions: tuple[Dimension, ...]) -> str:
    if not dimensions:
        return "\\mathbb{R}"
    if len(dimensions) == 1:
        return f"\\mathbb{{R}}^{{{dimensions[0]}}}"
    return f"\\mathbb{{R}}^{{{dimensions[0]} \\times {dimensions[1]}}}"


def _formula_text(role: str, text: str) -> str:
    if "$" in text:
        raise errors.UsageError(f"the {role} {text!r} holds a '$': give the formula without math delimiters")
    return text.strip()


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
        declared: list[str] = []
        for name, spec in (shapes or {}).items():
            declared.append(f"${symbol_latex(name)} \\in {_space(dimensions_of(name, spec))}$")
        if declared:
            lines += ["Let " + ", ".join(declared) + ".", ""]
        stated: dict[int, str] = {}
        assumptions = [assume] if isinstance(assume, str) else list(assume)
        for assumption in assumptions:
            words = _WORDS.match(assumption)
            if words:
                sentence = f"${symbol_latex(words.group('name'))}$ is {' '.join(words.group('word').split())}."
            else:
                sentence = f"Assume ${_formula_text('assumption', assumption)}$."
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
                ", ".join(f"{name}: {_describe(dimensions_of(name, spec))}" for name, spec in (shapes or {}).items()),
                ", ".join(assumptions),
            )
            if part
        )
        return cls("\n".join(lines), claim_line, stated, setting)


def _describe(dimensions: tuple[Dimension, ...]) -> str:
    return "scalar" if not dimensions else "×".join(str(dim) for dim in dimensions)


def _checked(
    helper: str,
    draft: _Draft,
    *,
    seed: int,
    oracles: Iterable[str] | None,
) -> results.ClaimResult:
    """Check the draft; return its claim when every part of it passes, else raise."""
    __tracebackhide__ = True  # pytest shows the caller's line, not ours
    from derive import checker, results

    try:
        document = checker.check_text(draft.text, path=f"<{helper}>", seed=seed, oracles=oracles)
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
    example = claim.counterexample
    if example is not None:
        sizes = ", ".join(f"{name} = {size}" for name, size in example.dimensions.items())
        lines.append(f"  counterexample{': ' + sizes if sizes else ''}")
        for name, value in example.values.items():
            lines.append(f"    {name} = {value}")
        lines.append(f"    left side  = {example.lhs}")
        lines.append(f"    right side = {example.rhs}")
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
    formula = f"{_formula_text('left side', lhs)} = {_formula_text('right side', rhs)}"
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
    formula = f"\\nabla_{{{symbol_latex(wrt)}}} \\left( {_formula_text('function', f)} \\right) = {_formula_text('gradient', grad)}"
    draft = _Draft.write([("We check that", formula)], shapes=shapes, assume=assume)
    return _checked("assert_gradient", draft, seed=seed, oracles=oracles)


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
    formula = f"\\nabla^{{2}}_{{{symbol_latex(wrt)}}} \\left( {_formula_text('function', f)} \\right) = {_formula_text('Hessian', hess)}"
    draft = _Draft.write([("We check that", formula)], shapes=shapes, assume=assume)
    return _checked("assert_hessian", draft, seed=seed, oracles=oracles)


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
    equation = f"{_formula_text('equation', equation_lhs)} = {_formula_text('equation', equation_rhs)}"
    answer = f"{symbol_latex(wrt)} = {_formula_text('solution', solution)}"
    draft = _Draft.write(
        [("We solve", equation), ("and claim the solution", answer)], shapes=shapes, assume=assume
    )
    return _checked("assert_solution", draft, seed=seed, oracles=oracles)


# -- a user's own gradient code -----------------------------------------------------------------

ConcreteShape = Union[tuple[int, int], int, None]


@dataclasses.dataclass(frozen=True)
class GradientCheck:
    """What ``assert_gradient_impl`` compared, when everything agreed."""

    instances: int
    worst_relative_error: float
    reference: str  # "GradientTape", "finite differences", or both joined by "and"
    claim: str | None


def assert_gradient_impl(
    loss: Callable[..., Any],
    grad: Callable[..., Any],
    *,
    shapes: Mapping[str, ConcreteShape],
    wrt: str,
    claim: str | None = None,
    instances: int = 5,
    seed: int = 0,
    rtol: float = 1e-7,
    symmetric: Iterable[str] = (),
    positive_definite: Iterable[str] = (),
) -> GradientCheck:
    """Assert that the Python function ``grad`` is the gradient of ``loss`` with respect to ``wrt``.

    Both are called with keyword arguments named as in ``shapes``: ``(rows, cols)`` a matrix,
    an int ``n`` a NumPy vector of shape ``(n,)`` (write ``(n, 1)`` for a column), ``None`` a
    float. They may be NumPy or TensorFlow code: a function that returns a tensor, or that runs
    only on tensors, is called with float64 ``tf.constant`` values. The reference is
    TensorFlow's ``GradientTape`` of ``loss``; a loss that TensorFlow cannot trace (NumPy code)
    is differentiated by extrapolated central differences instead. With ``claim`` (LaTeX such
    as ``"2A^T(Ax-b)"``) the formula is evaluated on the same instances and must agree too.

    Instances are standard normal (``symmetric``: (M + Mᵀ)/2; ``positive_definite``: MᵀM + nI),
    drawn from ``numpy.random.default_rng(seed)``.

    Raises:
        errors.DerivationAssertionError: a gradient that disagrees (with the instance, every
            gradient and the seed), or a claim derive cannot evaluate.
        errors.InputError: the claim's LaTeX cannot be read.
        errors.UsageError: ``wrt`` is not in ``shapes``, a bad shape, or a loss that is not scalar.
    """
    __tracebackhide__ = True
    from numeric import floating  # it loads SymPy: only when a gradient is checked

    sizes = {name: _concrete_shape(name, spec) for name, spec in shapes.items()}
    if wrt not in sizes:
        raise errors.UsageError(f"wrt={wrt!r} is not among the shapes ({', '.join(sizes)})")
    if instances < 1:
        raise errors.UsageError(f"instances must be at least 1, got {instances}")
    specs = _specs(sizes, frozenset(symmetric), frozenset(positive_definite))
    formula = None if claim is None else _ClaimFormula(claim, sizes, seed)
    rng = np.random.default_rng(seed)
    users_loss, users_grad = _UserFunction(loss, "loss"), _UserFunction(grad, "grad")
    worst, references = 0.0, set()
    for number in range(1, instances + 1):
        drawn = _draw(specs, sizes, rng)
        reference, how = _reference_gradient(users_loss, drawn, wrt)
        references.add(how)
        tolerance = rtol if how == "GradientTape" else max(rtol, FINITE_DIFFERENCE_RTOL)
        report = _Report(number, instances, drawn, sizes, wrt, seed)
        report.add(f"{how} of loss", reference)
        candidates = [("grad", _as_gradient(users_grad(drawn), sizes[wrt], wrt, "grad"))]
        if formula is not None:
            candidates.append((f"the claim {formula.latex}", formula.evaluate(drawn, wrt, report)))
        for label, value in candidates:
            report.add(label, value)
        for label, value in candidates:
            if isinstance(value, _WrongShape):
                raise DerivationAssertionError(report.message(label, value.reason), seed=seed)
            error = floating.relative_error(value, reference)
            if not error <= tolerance:
                reason = f"relative error {error:.3g} > {tolerance:g}"
                raise DerivationAssertionError(report.message(label, reason), seed=seed)
            worst = max(worst, error)
    return GradientCheck(instances, worst, " and ".join(sorted(references)), claim)


def _concrete_shape(name: str, spec: ConcreteShape) -> tuple[int, ...]:
    """``None`` → ``()``, ``n`` → ``(n,)``, ``(r, c)`` → ``(r, c)``, checked."""
    if spec is None:
        return ()
    if isinstance(spec, int) and not isinstance(spec, bool) and spec >= 1:
        return (spec,)
    if (
        isinstance(spec, tuple)
        and len(spec) == 2
        and all(isinstance(size, int) and not isinstance(size, bool) and size >= 1 for size in spec)
    ):
        return (spec[0], spec[1])
    raise errors.UsageError(
        f"shape of {name}: expected (rows, cols), a positive int (a vector) or None (a scalar), found {spec!r}"
    )


def _column(shape: tuple[int, ...]) -> tuple[int, int] | None:
    """The project's shape for a concrete one: vectors are columns, scalars have none."""
    if not shape:
        return None
    return (shape[0], 1) if len(shape) == 1 else (shape[0], shape[1])


def _specs(
    sizes: Mapping[str, tuple[int, ...]], symmetric: frozenset[str], positive_definite: frozenset[str]
) -> list[draws.Spec]:
    unknown = sorted((symmetric | positive_definite) - set(sizes))
    if unknown:
        raise errors.UsageError(f"{', '.join(unknown)}: declared symmetric or positive definite but not among the shapes")
    try:
        return [
            draws.Spec(name, _column(shape), name in symmetric, name in positive_definite)
            for name, shape in sizes.items()
        ]
    except numeric_errors.InvalidArgument as problem:
        raise errors.UsageError(str(problem)) from None


def _draw(specs: Sequence[draws.Spec], sizes: Mapping[str, tuple[int, ...]], rng: np.random.Generator) -> dict[str, Any]:
    drawn = draws.draw_float(specs, rng)
    return {name: np.reshape(value, sizes[name]) if len(sizes[name]) == 1 else value for name, value in drawn.items()}


def _is_tensor(value: object) -> bool:
    tf = sys.modules.get("tensorflow")
    return tf is not None and bool(tf.is_tensor(value))


def _constants(values: Mapping[str, Any]) -> dict[str, Any]:
    tf = tf_loader.tensorflow()
    return {name: tf.constant(value, dtype=tf.float64) for name, value in values.items()}


def _copies(values: Mapping[str, Any]) -> dict[str, Any]:
    """Fresh arrays for each call, so that code which writes into its arguments changes nothing here."""
    return {name: np.array(value) if isinstance(value, np.ndarray) else value for name, value in values.items()}


class _UserFunction:
    """A user's function: called with NumPy arrays, or with tf constants once it shows it is TensorFlow code."""

    def __init__(self, function: Callable[..., Any], role: str) -> None:
        self.function = function
        self.role = role
        self.tensorflow: bool | None = None

    def __call__(self, values: Mapping[str, Any]) -> Any:
        if self.tensorflow is None:
            self.tensorflow = self._detect(values)
        return self.function(**(_constants(values) if self.tensorflow else _copies(values)))

    def _detect(self, values: Mapping[str, Any]) -> bool:
        try:
            result = self.function(**_copies(values))
        except Exception as problem:  # noqa: BLE001 - user code; retried with tensors, else re-raised
            if "tensorflow" not in sys.modules:
                raise
            try:
                self.function(**_constants(values))
            except Exception:  # noqa: BLE001
                raise problem from None
            return True
        return _is_tensor(result)


def _scalar(value: Any, role: str) -> float:
    array = np.asarray(value.numpy() if _is_tensor(value) else value, dtype=np.float64)
    if array.size != 1:
        raise errors.UsageError(f"{role} must return a scalar, but it returned a value of shape {array.shape}")
    return float(array.reshape(()))


def _reference_gradient(loss: _UserFunction, values: Mapping[str, Any], wrt: str) -> tuple[np.ndarray, str]:
    """GradientTape's gradient of the loss if TensorFlow can trace it, else central differences."""
    _scalar(loss(values), "loss")  # the first call also decides whether the loss is TensorFlow code
    if loss.tensorflow:
        tf = tf_loader.tensorflow()
        tensors = _constants(values)
        with tf.GradientTape() as tape:
            tape.watch(tensors[wrt])
            output = loss.function(**tensors)
        if _is_tensor(output):
            _scalar(output, "loss")
            taped = tape.gradient(output, tensors[wrt])
            if taped is not None:
                return np.asarray(taped.numpy(), dtype=np.float64), "GradientTape"
    return _central_differences(loss, values, wrt), "finite differences"


def _central_differences(loss: _UserFunction, values: Mapping[str, Any], wrt: str) -> np.ndarray:
    """Each partial derivative by Richardson-extrapolated central differences (exact for quartics)."""
    point = np.asarray(values[wrt], dtype=np.float64)
    flat = point.reshape(-1)
    found = np.empty(flat.size)
    for index in range(flat.size):
        step = FINITE_DIFFERENCE_STEP * (1.0 + abs(float(flat[index])))

        def at(offset: float) -> float:
            moved = flat.copy()
            moved[index] += offset
            value = moved.reshape(point.shape)
            return _scalar(loss({**values, wrt: float(value) if value.ndim == 0 else value}), "loss")

        wide = (at(step) - at(-step)) / (2.0 * step)
        narrow = (at(step / 2.0) - at(-step / 2.0)) / step
        found[index] = (4.0 * narrow - wide) / 3.0
    return found.reshape(point.shape)


@dataclasses.dataclass(frozen=True)
class _WrongShape:
    """A gradient whose shape is not its variable's: nothing to compare, only to report."""

    value: np.ndarray
    reason: str


def _as_gradient(raw: Any, shape: tuple[int, ...], wrt: str, role: str) -> np.ndarray | _WrongShape:
    try:
        array = np.asarray(raw.numpy() if _is_tensor(raw) else raw, dtype=np.float64)
    except (TypeError, ValueError) as problem:
        raise errors.UsageError(f"{role} returned {type(raw).__name__}, not an array of numbers: {problem}") from None
    if not shape and array.size == 1:
        return array.reshape(())
    if array.shape == shape:
        return array
    reason = f"{role} has shape {array.shape}, but {wrt} has shape {shape}: a gradient has the shape of its variable"
    if array.shape == shape[::-1] or array.shape == (1, *shape):
        reason += f"; {role} is written as the transpose of the gradient"
    return _WrongShape(array, reason)


class _ClaimFormula:
    """The claim's LaTeX, compiled to NumPy with the concrete shapes of the instances."""

    def __init__(self, latex: str, sizes: Mapping[str, tuple[int, ...]], seed: int) -> None:
        __tracebackhide__ = True
        from derive import assumptions, canonical, claims, documents, pipeline, symbolic, tree
        import sympy

        from numeric import lambdify

        self.latex = _formula_text("claim", latex)
        self._seed = seed
        spelled = {name: symbol_latex(name) for name in sizes}
        try:
            names = {assumptions.latex_name(text): name for name, text in spelled.items()}
        except errors.InputError:
            raise errors.UsageError(
                f"the shapes' names must be symbols a formula can use (A, x, x_1, beta), found {sorted(sizes)}"
            ) from None
        declared = ", ".join(f"${spelled[name]} \\in {_space(shape)}$" for name, shape in sizes.items())
        target = next(letter for letter in "GHJKLMNPQRSUVYZ" if letter not in self.latex and letter not in names)
        text = f"Let {declared}.\n\n$$ {target} = {self.latex} $$\n"
        try:
            analysis = pipeline.analyse(documents.read_markdown(text, path="<assert_gradient_impl claim>"))
        except errors.InputError as problem:
            problem.add_note(f"in the document written to evaluate the claim:\n{text}")
            raise
        found = analysis.claims[-1] if analysis.claims else None
        if found is None or found.kind != claims.DEFINITION or found.rhs is None:
            reason = getattr(found, "reason", None) or "it is not read as one expression"
            raise DerivationAssertionError(f"unchecked: derive cannot evaluate the claim {self.latex}: {reason}", seed=seed)
        used = {item.name for item in tree.walk(found.rhs) if isinstance(item, tree.Symbol)}
        unknown = sorted(used - set(names) - {"I"})
        if unknown:
            raise errors.UsageError(f"the claim {self.latex} uses {', '.join(unknown)}, which shapes does not give")
        naming = symbolic.Naming()
        translator = symbolic.Translator(analysis.table, naming, dims={}, context=canonical.Context())
        try:
            expression = translator.value(found.rhs)
            arguments = sorted(expression.atoms(sympy.Symbol, sympy.MatrixSymbol), key=str)
            self._function = lambdify.to_numpy(expression, arguments)
        except (errors.UnsupportedNotation, canonical.NotCanonical, numeric_errors.NumericError, KeyError) as problem:
            raise DerivationAssertionError(
                f"unchecked: derive cannot evaluate the claim {self.latex}: {problem}", seed=seed
            ) from None
        self._identifiers = {name: naming.identifier(tree_name) for tree_name, name in names.items()}

    def evaluate(self, values: Mapping[str, Any], wrt: str, report: _Report) -> np.ndarray | _WrongShape:
        """The claim's value at an instance, in the shape of the variable ``wrt``."""
        __tracebackhide__ = True
        arguments = {
            self._identifiers[name]: np.reshape(value, (-1, 1)) if np.ndim(value) == 1 else value
            for name, value in values.items()
        }
        try:
            value = np.asarray(self._function(**arguments), dtype=np.float64)
        except numeric_errors.NumericError as problem:
            raise DerivationAssertionError(report.message(f"the claim {self.latex}", str(problem)), seed=self._seed) from None
        shape = tuple(np.shape(values[wrt]))
        column = _column(shape)
        if column is None and value.size == 1:
            return value.reshape(())
        if value.shape == column:
            return value.reshape(shape)
        reason = (
            f"the claim has shape {value.shape}, but {wrt} is {_describe(shape)} (as a matrix {column}): "
            "a gradient has the shape of its variable"
        )
        if column is not None and value.shape == column[::-1]:
            reason += "; the claim is the transpose of the gradient"
        return _WrongShape(value, reason)


class _Report:
    """The instance and every gradient computed there, for the message of a mismatch."""

    def __init__(
        self, number: int, total: int, values: Mapping[str, Any], sizes: Mapping[str, tuple[int, ...]], wrt: str, seed: int
    ) -> None:
        self._number, self._total, self._values, self._sizes = number, total, values, sizes
        self._wrt, self._seed = wrt, seed
        self._gradients: list[tuple[str, Any]] = []

    def add(self, label: str, value: np.ndarray | _WrongShape) -> None:
        self._gradients.append((label, value.value if isinstance(value, _WrongShape) else value))

    def message(self, culprit: str, reason: str) -> str:
        sizes = ", ".join(f"{name}: {_describe(shape)}" for name, shape in self._sizes.items())
        lines = [
            f"{culprit} is not the gradient of loss with respect to {self._wrt}: {reason}",
            f"  instance {self._number} of {self._total} ({sizes}):",
        ]
        lines += [_show(f"    {name} = ", value) for name, value in self._values.items()]
        width = max(len(label) for label, _ in self._gradients)
        lines += [_show(f"  {label.ljust(width)} = ", value) for label, value in self._gradients]
        lines.append(f"  reproduce with seed={self._seed}")
        return "\n".join(lines)


def _show(prefix: str, value: Any) -> str:
    """``prefix`` and the value, its later rows indented under the first."""
    text = np.array2string(np.asarray(value), precision=6, max_line_width=100)
    return prefix + text.replace("\n", "\n" + " " * len(prefix))
