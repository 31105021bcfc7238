"""``assert_gradient_impl``: a user's gradient code against GradientTape (or finite differences) and a claim."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

import numpy as np

from derive import errors
from derive.testing import shape_specs
from numeric import errors as numeric_errors
from numeric import instances as draws
from numeric import tf_loader

FINITE_DIFFERENCE_STEP = 1e-3
"""Central-difference step for a NumPy loss, relative to 1 + |entry|."""

FINITE_DIFFERENCE_RTOL = 1e-6
"""The smallest tolerance used against finite differences (they are exact to about 1e-10)."""

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
                raise errors.DerivationAssertionError(report.message(label, value.reason), seed=seed)
            error = floating.relative_error(value, reference)
            if not error <= tolerance:
                reason = f"relative error {error:.3g} > {tolerance:g}"
                raise errors.DerivationAssertionError(report.message(label, reason), seed=seed)
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
        from derive import tree
        from derive.meaning import assumptions, claims, document_analysis
        from derive.reading import documents
        from derive.symbolic import canonical, translation
        import sympy

        from numeric import lambdify

        self.latex = shape_specs.formula_text("claim", latex)
        self._seed = seed
        spelled = {name: shape_specs.symbol_latex(name) for name in sizes}
        names = {}
        for name, text in spelled.items():
            try:
                names[assumptions.latex_name(text)] = name
            except errors.InputError:
                raise errors.UsageError(
                    f"shapes names {name!r}, which is not a symbol a formula can use "
                    "(A, x, x_1, beta, lambda_ or lam for \\lambda)"
                ) from None
        declared = ", ".join(
            f"${spelled[name]} \\in {shape_specs.space_latex(shape)}$" for name, shape in sizes.items()
        )
        target = next(letter for letter in "GHJKLMNPQRSUVYZ" if letter not in self.latex and letter not in names)
        text = f"Let {declared}.\n\n$$ {target} = {self.latex} $$\n"
        try:
            analysis = document_analysis.analyse(documents.read_markdown(text, path="<assert_gradient_impl claim>"))
            if analysis.problems:
                raise analysis.problems[0]
        except errors.InputError as problem:
            problem.add_note(f"in the document written to evaluate the claim:\n{text}")
            raise
        found = analysis.claims[-1] if analysis.claims else None
        if found is None or found.kind != claims.DEFINITION or found.rhs is None:
            reason = getattr(found, "reason", None) or "it is not read as one expression"
            raise errors.DerivationAssertionError(f"unchecked: derive cannot evaluate the claim {self.latex}: {reason}", seed=seed)
        used = {item.name for item in tree.walk(found.rhs) if isinstance(item, tree.Symbol)}
        unknown = sorted(used - set(names) - {"I"})
        if unknown:
            raise errors.UsageError(f"the claim {self.latex} uses {', '.join(unknown)}, which shapes does not give")
        naming = translation.Naming()
        translator = translation.Translator(analysis.table, naming, dims={}, context=canonical.Context())
        try:
            expression = translator.value(found.rhs)
            arguments = sorted(expression.atoms(sympy.Symbol, sympy.MatrixSymbol), key=str)
            self._function = lambdify.to_numpy(expression, arguments)
        except (errors.UnsupportedNotation, canonical.NotCanonical, numeric_errors.NumericError, KeyError) as problem:
            raise errors.DerivationAssertionError(
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
            raise errors.DerivationAssertionError(report.message(f"the claim {self.latex}", str(problem)), seed=self._seed) from None
        shape = tuple(np.shape(values[wrt]))
        column = _column(shape)
        if column is None and value.size == 1:
            return value.reshape(())
        if value.shape == column:
            return value.reshape(shape)
        reason = (
            f"the claim has shape {value.shape}, but {wrt} is {shape_specs.describe(shape)} (as a matrix {column}): "
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
        sizes = ", ".join(f"{name}: {shape_specs.describe(shape)}" for name, shape in self._sizes.items())
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
