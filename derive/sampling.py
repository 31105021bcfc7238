"""The numeric oracles applied to claims: instances, float, autodiff, solution, counterexamples."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy
from sympy.matrices import expressions as mx

from derive import canonical, results, shapes, symbolic, tree
from numeric import errors as numeric_errors
from numeric import autodiff, floating, instances, lambdify, lstsq, shrink

SIZES = (3, 2, 4, 5)  # dimension sizes, rotated between assignments so that some are not square
ASSIGNMENTS = 2
INSTANCES = 3
MAX_SIZE = 1000  # declared sizes above this are not sampled
MATCH = 1e-9  # relative error below which exact integer instances count as equal

Evaluation = Callable[..., Any]


@dataclasses.dataclass(frozen=True)
class Finding:
    """Numeric evidence on one claim; ``failure`` holds the instance that refutes it."""

    evidence: tuple[results.Evidence, ...]
    failure: Mapping[str, Any] | None = None


class Sampler:
    """Runs the numeric oracles on the claims of one analysed document."""

    def __init__(
        self,
        table: shapes.ShapeTable,
        naming: symbolic.Naming,
        context: canonical.Context,
        *,
        seed: int,
        oracles: frozenset[str],
        symmetric: frozenset[str] = frozenset(),
        positive_definite: frozenset[str] = frozenset(),
    ) -> None:
        self._symmetric = symmetric
        self._positive_definite = positive_definite
        self._table = table
        self._naming = naming
        self._context = context
        self._seed = seed
        self._oracles = oracles
        self._compiled: dict[tuple[int, tuple[tuple[str, int], ...], str], Any] = {}

    # -- building blocks -------------------------------------------------------------------------

    def rng(self, salt: int) -> np.random.Generator:
        return np.random.default_rng([self._seed, salt])

    def assignments(self, count: int = ASSIGNMENTS) -> list[dict[str, int]]:
        """Sizes for the named dimensions, rotated so that some matrices are not square.

        None when a declared size is too large to sample (the numeric oracles then abstain).
        """
        fixed = [dim for shape in self._table.symbols.values() for dim in (shape.rows, shape.cols) if isinstance(dim, int)]
        if fixed and max(fixed) > MAX_SIZE:
            return []
        names = self._table.dimensions
        found = []
        for offset in range(count):
            found.append({name: SIZES[(index + offset) % len(SIZES)] for index, name in enumerate(names)})
        return found

    def compile(self, node: tree.Node, dims: Mapping[str, int], backend: str = "numpy") -> Any:
        """``node`` as a callable of the instance (keywords are the generated identifiers)."""
        key = (id(node), tuple(sorted(dims.items())), backend)
        if key not in self._compiled:
            translator = symbolic.Translator(self._table, self._naming, dims=dims, context=self._context)
            expression = translator.value(node)
            arguments = _arguments(expression)
            function: lambdify.NumPyFunction | lambdify.TensorFlowFunction
            if backend == "numpy":
                function = lambdify.to_numpy(expression, arguments)
            else:
                function = lambdify.to_tensorflow(expression, arguments)
            self._compiled[key] = (node, function)
        return self._compiled[key][1]

    def specs(self, dims: Mapping[str, int], names: frozenset[str] | None = None) -> list[instances.Spec]:
        """What to draw for the document's symbols (only ``names``, when given) at ``dims``."""
        found = []
        dimensions = set(self._table.dimensions)
        for name, shape in sorted(self._table.symbols.items()):
            if name in dimensions or (names is not None and name not in names):
                continue  # k in \sum_{i=1}^{k} is a size, not a value to draw
            identifier = self._naming.identifier(name)
            if shape.is_scalar:
                found.append(instances.Spec(identifier, None))
                continue
            rows, cols = _size(shape.rows, dims), _size(shape.cols, dims)
            square = rows == cols
            found.append(
                instances.Spec(
                    identifier,
                    (rows, cols),
                    symmetric=square and name in self._symmetric,
                    positive_definite=square and name in self._positive_definite,
                )
            )
        return found

    def identifier(self, name: str) -> str:
        return self._naming.identifier(name)

    # -- oracles ---------------------------------------------------------------------------------

    def identity(self, lhs: tree.Node, rhs: tree.Node, salt: int) -> Finding:
        """Both sides on random float instances at several dimensions."""
        rng = self.rng(salt)
        details, checked = [], 0
        worst = 0.0
        for dims in self.assignments():
            specs = self.specs(dims)
            try:
                left, right = self.compile(lhs, dims), self.compile(rhs, dims)
                draws = self._usable(specs, rng, (left, right))
                if not draws:
                    continue
                comparison = floating.compare(left, right, draws)
            except numeric_errors.EvaluationError:
                continue
            checked += comparison.instances
            worst = max(worst, comparison.worst_relative_error)
            if not comparison.agreed:
                detail = f"{_dims_text(dims)}: {comparison.detail}"
                return Finding((results.Evidence("float", detail, False),), comparison.failing)
            details.append(_dims_text(dims))
        if not checked:
            return Finding((results.Evidence("float", "no instance could be evaluated", None),))
        detail = f"{checked} float64 instances ({'; '.join(details)}), worst relative error {worst:.1e}"
        return Finding((results.Evidence("float", detail, True),))

    def _usable(self, specs: list[instances.Spec], rng: np.random.Generator, functions: tuple[Any, ...]) -> list[dict[str, Any]]:
        """Random instances at which every function has a value (log det X needs det X > 0).

        After a few failed draws the square matrices are drawn positive definite.
        """
        found: list[dict[str, Any]] = []
        definite = [dataclasses.replace(spec, positive_definite=True) if spec.shape and spec.shape[0] == spec.shape[1] else spec for spec in specs]
        for attempt in range(4 * INSTANCES):
            draw = instances.draw_float(specs if attempt < 2 * INSTANCES else definite, rng)
            try:
                for function in functions:
                    function(**draw)
            except numeric_errors.EvaluationError:
                continue
            found.append(draw)
            if len(found) == INSTANCES:
                break
        return found

    def derivative(
        self, claim_lhs: tree.Gradient | tree.Derivative, claimed: tree.Node, salt: int
    ) -> Finding:
        """Finite differences (float) and GradientTape (autodiff) against the claimed derivative."""
        rng = self.rng(salt)
        wrt = self.identifier(claim_lhs.wrt.name)  # type: ignore[union-attr]
        order = claim_lhs.order
        body = claim_lhs.body
        evidence: list[results.Evidence] = []
        failure: Mapping[str, Any] | None = None
        use_float = "float" in self._oracles
        use_autodiff = "autodiff" in self._oracles
        float_count = tape_count = 0
        float_worst = tape_worst = 0.0
        for dims in self.assignments():
            specs = self.specs(dims)
            try:
                f = self.compile(body, dims)
                g = self.compile(claimed, dims)
                draws = self._usable(specs, rng, (f, g))
                if use_float:
                    for draw in draws:
                        check = (floating.gradient_check if order == 1 else floating.hessian_check)(f, g, draw, wrt, rng)
                        float_count += 1
                        float_worst = max(float_worst, check.worst_relative_error)
                        if not check.agreed:
                            evidence.append(results.Evidence("float", f"{_dims_text(dims)}: finite differences: {check.detail}", False))
                            failure = failure or draw
                            use_float = False
                            break
                if use_autodiff:
                    f_tf = self.compile(body, dims, "tensorflow")
                    for draw in draws:
                        tape = _tape(f_tf, draw, wrt, order)
                        error = floating.relative_error(g(**draw), tape)
                        tape_count += 1
                        tape_worst = max(tape_worst, error)
                        if not error <= 1e-8:
                            detail = f"{_dims_text(dims)}: GradientTape gives {_short(tape)}, the claim {_short(g(**draw))}"
                            evidence.append(results.Evidence("autodiff", detail, False))
                            failure = failure or draw
                            use_autodiff = False
                            break
            except numeric_errors.NumericError:
                continue
        what = "gradient" if order == 1 else "Hessian"
        if use_float and float_count:
            evidence.append(results.Evidence("float", f"central differences on {float_count} instances, worst relative error {float_worst:.1e}", True))
        if use_autodiff and tape_count:
            evidence.append(results.Evidence("autodiff", f"GradientTape {what} on {tape_count} instances, worst relative error {tape_worst:.1e}", True))
        return Finding(tuple(evidence), failure)

    def solution(
        self,
        residual: tree.Node,
        unknown: str,
        claimed: tree.Node,
        inverted: frozenset[str],
        salt: int,
    ) -> Finding:
        """The claimed solution against substitution and ``numpy.linalg.lstsq``, full rank and not."""
        rng = self.rng(salt)
        identifier = self.identifier(unknown)
        evidence: list[results.Evidence] = []
        full_rank_done = deficient_done = False
        for dims in self.assignments(len(SIZES)):
            specs = self.specs(dims)
            size = next(s.shape[0] for s in specs if s.name == identifier and s.shape is not None)
            for deficient in (False, True):
                if (deficient and deficient_done) or (not deficient and full_rank_done):
                    continue
                draw = instances.draw_float(specs, rng)
                if deficient:
                    if not _make_deficient(draw, specs, {self.identifier(n) for n in inverted}, rng):
                        continue
                try:
                    r = self.compile(residual, dims)
                    x = self.compile(claimed, dims)
                    try:
                        value = np.asarray(x(**draw))
                    except numeric_errors.EvaluationError:
                        value = None
                    check = lstsq.check_solution(lambda v: r(**{**draw, identifier: v}), size, value)
                except numeric_errors.EvaluationError:
                    continue
                if deficient:
                    deficient_done = True
                    detail = f"rank-deficient instance ({_dims_text(dims)}, rank {check.rank} < {check.n}): {check.detail}"
                    evidence.append(results.Evidence("solution", detail, None))
                else:
                    if check.rank < check.n:
                        continue
                    full_rank_done = True
                    evidence.append(results.Evidence("solution", f"{_dims_text(dims)}: {check.detail}", check.agreed))
                    if not check.agreed:
                        return Finding(tuple(evidence), draw)
            if full_rank_done and (deficient_done or not inverted):
                break
        return Finding(tuple(evidence))

    def equation_step(
        self, before: tree.Node, after: tree.Node, unknown: str, connective: str, salt: int
    ) -> Finding:
        """Linear equations in ``unknown``: compare solution sets through the systems M x = c."""
        rng = self.rng(salt)
        identifier = self.identifier(unknown)
        checked = 0
        for dims in self.assignments():
            specs = self.specs(dims)
            size = next((s.shape[0] for s in specs if s.name == identifier and s.shape is not None), None)
            if size is None:
                return Finding((results.Evidence("solution", "the unknown is not a vector", None),))
            for _ in range(INSTANCES):
                draw = instances.draw_float(specs, rng)
                try:
                    first = _augmented(self.compile(before, dims), draw, identifier, size)
                    second = _augmented(self.compile(after, dims), draw, identifier, size)
                except numeric_errors.EvaluationError:
                    continue  # a singular draw: try another
                except (numeric_errors.NumericError, ValueError):
                    return Finding((results.Evidence("solution", "the equations are not linear in the unknown", None),))
                both = np.linalg.matrix_rank(np.vstack([first, second]))
                rank_first, rank_second = np.linalg.matrix_rank(first), np.linalg.matrix_rank(second)
                holds = both == rank_first and (connective == "implies" or both == rank_second)
                checked += 1
                if not holds:
                    detail = (
                        f"{_dims_text(dims)}: the solution sets differ (ranks {rank_first}, {rank_second}, together {both})"
                    )
                    return Finding((results.Evidence("solution", detail, False),), draw)
        if not checked:
            return Finding((results.Evidence("solution", "no instance could be evaluated", None),))
        relation = "the same solutions" if connective == "iff" else "every solution of the earlier equation solves this one"
        return Finding((results.Evidence("solution", f"{relation} on {checked} instances (compared as linear systems)", True),))

    def optimality(self, matrix: tree.Node, salt: int) -> Finding:
        """Smallest eigenvalue of the (symmetric part of the) matrix on random instances."""
        rng = self.rng(salt)
        lowest = np.inf
        count = 0
        for dims in self.assignments():
            specs = self.specs(dims)
            function = self.compile(matrix, dims)
            for _ in range(INSTANCES):
                draw = instances.draw_float(specs, rng)
                value = np.atleast_2d(function(**draw))
                symmetric_part = (value + value.T) / 2
                eigenvalue = float(np.linalg.eigvalsh(symmetric_part).min())
                scale = max(1.0, float(np.abs(value).max()))
                count += 1
                lowest = min(lowest, eigenvalue / scale)
                if eigenvalue < -1e-9 * scale:
                    detail = f"{_dims_text(dims)}: smallest eigenvalue {eigenvalue:.3g} < 0"
                    return Finding((results.Evidence("float", detail, False),), draw)
        return Finding((results.Evidence("float", f"smallest eigenvalue ≥ 0 on {count} instances", True),))

    def counterexample(
        self,
        fails: Callable[[dict[str, int], dict[str, Any]], bool],
        evaluate: Callable[[dict[str, int], dict[str, Any]], tuple[Any, Any]],
        salt: int,
        names: frozenset[str],
    ) -> results.Counterexample | None:
        """The smallest integer instance on which ``fails`` holds, in the document's names.

        Only the symbols in ``names`` (those of the claim) are drawn and shown.
        """
        used = {dim for name in names if name in self._table.symbols for dim in _dims_of(self._table.symbols[name])}
        dimension_names = [dim for dim in self._table.dimensions if dim in used]
        found = shrink.smallest_counterexample(
            fails, dimension_names, lambda dims: self.specs(dims, names), self.rng(salt), max_dim=3, tries=12
        )
        if found is None:
            return None
        lhs, rhs = evaluate(found.dimensions, found.values)
        if np.size(lhs) == 1 and np.size(rhs) == 1:  # a number and a 1×1 matrix read the same
            lhs, rhs = float(np.ravel(lhs)[0]), float(np.ravel(rhs)[0])
        values = {self._naming.name(identifier): _plain(value) for identifier, value in sorted(found.values.items())}
        return results.Counterexample(dict(found.dimensions), values, _plain(lhs), _plain(rhs), self._seed)

    def differs(self, left: Any, right: Any) -> bool:
        return not floating.comparable(left, right) or floating.relative_error(left, right) > MATCH


def _tape(f_tf: Any, draw: Mapping[str, Any], wrt: str, order: int) -> Any:
    if order > 2:
        raise numeric_errors.UnsupportedError(f"derivatives of order {order} (GradientTape checks orders 1 and 2)")
    if np.ndim(draw[wrt]) == 0:
        return autodiff.derivative(f_tf, draw, wrt, order)
    if order == 1:
        return autodiff.gradient(f_tf, draw, wrt)
    return autodiff.hessian(f_tf, draw, wrt)


def _short(value: Any) -> str:
    return np.array2string(np.asarray(value, dtype=float).ravel(), precision=4, threshold=8)


def _augmented(residual: Any, draw: Mapping[str, Any], identifier: str, size: int) -> np.ndarray:
    matrix, constant = lstsq.linear_system(lambda v: residual(**{**draw, identifier: v}), size)
    return np.hstack([matrix, np.reshape(constant, (-1, 1))])


def _make_deficient(
    draw: dict[str, Any], specs: list[instances.Spec], names: set[str], rng: np.random.Generator
) -> bool:
    """Replace the inverted matrices' factors by rank-deficient ones; False if none fits."""
    changed = False
    for spec in specs:
        if spec.name in names and spec.shape is not None and min(spec.shape) >= 2:
            rows, cols = spec.shape
            draw[spec.name] = instances.rank_deficient(rows, cols, min(rows, cols) - 1, rng)
            changed = True
    return changed


def _dims_of(shape: shapes.Shape) -> list[str]:
    return [dim for dim in (shape.rows, shape.cols) if isinstance(dim, str)]


def _size(dim: shapes.Dim, dims: Mapping[str, int]) -> int:
    return dim if isinstance(dim, int) else dims[dim]


def _dims_text(dims: Mapping[str, int]) -> str:
    return ", ".join(f"{name}={size}" for name, size in dims.items()) or "scalars"


def _arguments(expression: sympy.Basic) -> list[Any]:
    found = [
        symbol
        for symbol in expression.atoms(sympy.Symbol, mx.MatrixSymbol)
        if isinstance(symbol, mx.MatrixSymbol) or str(symbol).startswith("v")
    ]
    return sorted(found, key=str)


def _plain(value: Any) -> Any:
    """A value as JSON-ready numbers: integers where they are whole."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        number = float(array)
        return int(number) if number.is_integer() else number
    return [[int(x) if float(x).is_integer() else float(x) for x in row] for row in array.tolist()]

