"""The exact oracle: both sides at random integer instances, in rational arithmetic, no tolerance.

An identity lhs = rhs between matrix expressions is checked at ``trials`` random
instances whose entries are integers drawn uniformly from S = {−B, ..., B}
(|S| = 2B + 1; a scalar declared positive from {1, ..., 2B + 1}, the same size).
Evaluation is exact — python-flint's ``fmpq_mat`` when it is installed, otherwise
``fractions.Fraction`` (see ``numeric.rational``) — so equality means equality.
A draw at which a side is undefined (a singular matrix is inverted) is redrawn.

Why a few trials suffice (Schwartz–Zippel).  Both sides are rational functions of
the sampled integers: lhs = N_l / D_l and rhs = N_r / D_r, with the degrees bounded
by ``numeric.degree``.  Over L = lcm(D_l, D_r), lhs − rhs = P / L with

    deg P ≤ d = max(deg N_l + deg L − deg D_l,  deg N_r + deg L − deg D_r).

If the identity is false, some entry of P is a non-zero polynomial of degree ≤ d,
and at a uniform draw from S^m it vanishes with probability ≤ d / |S|.  A draw is
kept only where the product Q of every polynomial whose zero makes evaluation fail
(each inverted matrix's determinant, each divisor; degree q) is non-zero, which
happens with probability ≥ 1 − q / |S|, so

    Pr[a false identity passes one trial] ≤ (d / |S|) / (1 − q / |S|) = d / (|S| − q),

and, trials being independent, Pr[it passes all t trials] ≤ (d / (|S| − q))^t.
That number (capped at 1) is ``ExactCheck.error_bound``.  A positive definite
matrix is drawn as BᵀB + I with B sampled, so its entries count with degree 2 in
the sampled integers; a symmetric one samples its upper triangle.  Roots, ``exp``,
``log`` and ``Abs`` leave the rational functions: they are evaluated where their
value is rational (√4, exp(0), log(1), |−3|), with no bound (``None``), and an
irrational value raises ``UnsupportedError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from numeric import degree, errors, instances, interpreter, rational, supported, values

DEFAULT_BOUND = 1000
"""Entries are drawn from {−B, ..., B} with this B by default: |S| = 2001."""

MAX_BOUND = 2**20
"""Largest accepted B: positive definite entries n·B² + 1 stay exact in float64 for the report."""

REDRAWS = 10
"""Draws tried per trial before a side that never has a value is reported."""

MAX_DEGREE = 256
"""Identities of higher degree are not evaluated exactly: x^(10^8) has 10^8-digit values."""
"""Draws tried per trial before a side that never has a value is reported."""


@dataclasses.dataclass(frozen=True)
class ExactCheck:
    """The outcome of checking an identity exactly at random integer instances.

    ``error_bound`` is the Schwartz–Zippel bound (d / (|S| − q))^trials on the
    probability that a false identity passes all trials (``None`` when the degree
    is unknown or the check failed); ``degree`` is d, ``singular_degree`` q and
    ``sample_size`` |S|.  When the sides differ, ``failing`` is the instance (float64
    values holding integers) and ``lhs``/``rhs`` are the exact values there.
    """

    agreed: bool
    trials: int
    error_bound: Fraction | None
    degree: int | None
    singular_degree: int | None
    sample_size: int
    failing: dict[str, values.Value] | None
    lhs: rational.Plain | None
    rhs: rational.Plain | None
    backend: str
    detail: str


def check_identity(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    specs: Sequence[instances.Spec],
    rng: np.random.Generator,
    *,
    trials: int = 3,
    bound: int = DEFAULT_BOUND,
    redraws: int = REDRAWS,
    backend: str | None = None,
    dimensions: Mapping[str, int] | None = None,
    target: float | None = None,
) -> ExactCheck:
    """Check ``lhs = rhs`` exactly at ``trials`` random integer instances shaped by ``specs``.

    Entries are drawn from [−bound, bound].  With ``target``, the largest error bound
    acceptable, that range is widened (up to ``MAX_BOUND``) until the Schwartz–Zippel
    bound of a passing check is at most ``target``; high degrees (large inverses)
    need it.  The specs fix concrete shapes; symbolic dimensions of the expressions
    (``Identity(n)``) are read from them, or from ``dimensions`` where no symbol has
    that size (``Inverse(A)*A`` is already ``Identity(n)`` in SymPy).  ``backend`` is
    "flint", "fractions" or ``None`` (flint when installed).  Stops at the first
    instance where the sides differ, or their shapes do (a scalar and a 1x1 matrix
    count as equal).

    Raises:
        InvalidArgument: a symbol has no spec, a spec contradicts a symbol's shape,
            ``trials``, ``bound``, ``redraws`` or ``target`` is out of range, or the
            backend is unknown.
        UnsupportedError: an expression has a node the evaluator cannot read, takes
            a root, exp or log whose value is irrational, or has a degree above ``MAX_DEGREE``.
        EvaluationError: a side has no value on ``redraws`` draws in a row.
    """
    if trials < 1 or redraws < 1:
        raise errors.InvalidArgument(
            f"trials and redraws must be at least 1, got {trials}, {redraws}"
        )
    if not 1 <= bound <= MAX_BOUND:
        raise errors.InvalidArgument(f"bound must be in 1..{MAX_BOUND}, got {bound}")
    arithmetic = rational.arithmetic(backend)
    for side in (lhs, rhs):  # before the specs: a summation index A[i, 0] has none
        supported.check_supported(side)
    _check_covered((lhs, rhs), specs)
    shapes = {spec.name: spec.shape or () for spec in specs}
    dimensions = {**(dimensions or {}), **interpreter.bind_dimensions((lhs, rhs), shapes)}
    lhs, rhs = interpreter.concrete(lhs, dimensions), interpreter.concrete(rhs, dimensions)
    entry_degrees = {
        spec.name: 2 if spec.positive_definite and spec.shape is not None else 1 for spec in specs
    }
    found = degree.identity_degree(lhs, rhs, entry_degrees, dimensions)
    if found is not None and max(found.difference, found.singular) > MAX_DEGREE:
        raise errors.UnsupportedError(
            f"degree {max(found.difference, found.singular)} is above {MAX_DEGREE}: too large to evaluate exactly"
        )
    if target is not None:
        if not 0 < target < 1:
            raise errors.InvalidArgument(f"target must be a probability in (0, 1), got {target}")
        if found is not None:
            bound = max(bound, _bound_for(found, trials, target))
    sample_size = 2 * bound + 1
    for trial in range(1, trials + 1):
        draw, left, right = _defined_draw(
            lhs, rhs, specs, rng, bound, redraws, arithmetic, dimensions
        )
        if rational.same(left, right):
            continue
        failing = {name: _as_value(value) for name, value in draw.items()}
        shape_l, shape_r = rational.shape(left), rational.shape(right)
        if shape_l != shape_r and {shape_l, shape_r} != {(), (1, 1)}:
            detail = f"shapes differ: lhs {shape_l}, rhs {shape_r}"
        else:
            detail = (
                f"the sides differ exactly at random integer instance {trial} "
                f"(entries in [-{bound}, {bound}])"
            )
        return ExactCheck(
            False, trial, None, None, None, sample_size, failing, left, right,
            arithmetic.backend, detail,
        )
    where = (
        f"{trials} random integer instances "
        f"(entries in [-{bound}, {bound}], {arithmetic.backend})"
    )
    if found is None:
        detail = (
            f"equal at {where}; no error bound: a side is not a rational function of its entries"
        )
        return ExactCheck(
            True, trials, None, None, None, sample_size, None, None, None,
            arithmetic.backend, detail,
        )
    error_bound = schwartz_zippel_bound(found.difference, found.singular, sample_size, trials)
    detail = (
        f"equal at {where}; a false identity of degree {found.difference} would pass with "
        f"probability at most {float(error_bound):.3g} (Schwartz–Zippel)"
    )
    return ExactCheck(
        True, trials, error_bound, found.difference, found.singular, sample_size, None, None, None,
        arithmetic.backend, detail,
    )


def _bound_for(found: degree.IdentityDegree, trials: int, target: float) -> int:
    """The smallest entry bound B whose sample set reaches ``target`` (capped at MAX_BOUND)."""
    goal = Fraction(target)

    def reaches(bound: int) -> bool:
        achieved = schwartz_zippel_bound(found.difference, found.singular, 2 * bound + 1, trials)
        return achieved <= goal

    # |S| = 2B + 1 ≥ d / p + q, with p the per-trial target; then settle it exactly
    guess = (found.difference / target ** (1.0 / trials) + found.singular - 1) / 2
    bound = min(MAX_BOUND, max(1, int(np.ceil(guess))))
    while bound < MAX_BOUND and not reaches(bound):
        bound += 1
    while bound > 1 and reaches(bound - 1):
        bound -= 1
    return bound


def schwartz_zippel_bound(
    difference: int, singular: int, sample_size: int, trials: int
) -> Fraction:
    """(d / (|S| − q))^trials for d = ``difference``, q = ``singular``, capped at 1.

    See the module docstring for why this bounds the chance of a false identity
    passing ``trials`` independent trials.
    """
    room = sample_size - singular
    if room <= difference:
        return Fraction(1)
    return Fraction(difference, room) ** trials


def evaluate(
    expr: sympy.Basic,
    instance: Mapping[str, Any],
    *,
    backend: str | None = None,
    dimensions: Mapping[str, int] | None = None,
) -> rational.Plain:
    """The exact value of ``expr`` at ``instance``.

    Values may be floats, integers, ``Fraction`` or arrays of them; a float is taken
    at its exact binary value, so a float64 instance (an ill-conditioned matrix, say)
    is evaluated without any rounding.  ``dimensions`` sizes what no value's shape
    fixes.

    Raises:
        InvalidArgument: a value is missing or has the wrong shape.
        UnsupportedError: the expression cannot be evaluated exactly.
        EvaluationError: it has no value here (a singular inverse, a division by zero).
    """
    arithmetic = rational.arithmetic(backend)
    plain = {name: _plain_input(name, value) for name, value in instance.items()}
    shapes = {name: rational.shape(value) for name, value in plain.items()}
    bound = {**(dimensions or {}), **interpreter.bind_dimensions([expr], shapes)}
    return _evaluate(interpreter.concrete(expr, bound), plain, arithmetic, bound)


def _evaluate(
    expr: sympy.Basic,
    plain: Mapping[str, rational.Plain],
    arithmetic: rational.FlintArithmetic | rational.FractionArithmetic,
    dimensions: Mapping[str, int],
) -> rational.Plain:
    converted: dict[str, Any] = {}

    def lookup(name: str) -> Any:
        if name not in plain:
            return None
        if name not in converted:
            value = plain[name]
            if isinstance(value, Fraction):
                converted[name] = arithmetic.scalar(value)
            else:
                converted[name] = arithmetic.matrix(value)
        return converted[name]

    walker = interpreter.Walker(arithmetic, lookup, dimensions)
    return arithmetic.plain(walker.value(expr))


def _defined_draw(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    specs: Sequence[instances.Spec],
    rng: np.random.Generator,
    bound: int,
    redraws: int,
    arithmetic: rational.FlintArithmetic | rational.FractionArithmetic,
    dimensions: Mapping[str, int],
) -> tuple[dict[str, rational.Plain], rational.Plain, rational.Plain]:
    """A draw at which both sides have a value, with the two values."""
    last: errors.EvaluationError | None = None
    for _ in range(redraws):
        draw = {spec.name: _draw(spec, rng, bound) for spec in specs}
        try:
            left = _evaluate(lhs, draw, arithmetic, dimensions)
            right = _evaluate(rhs, draw, arithmetic, dimensions)
        except errors.EvaluationError as error:
            last = error
            continue
        return draw, left, right
    raise errors.EvaluationError(
        f"the sides had no value on {redraws} random integer draws in a row ({last}); "
        "the expression may be undefined everywhere (a singular matrix inverted)"
    )


def _draw(spec: instances.Spec, rng: np.random.Generator, bound: int) -> rational.Plain:
    """Integers uniform in [−bound, bound] (positive scalars in [1, 2·bound + 1])."""
    if spec.shape is None:
        if spec.positive_definite:
            return Fraction(int(rng.integers(1, 2 * bound + 1, endpoint=True)))
        return Fraction(int(rng.integers(-bound, bound, endpoint=True)))
    if spec.signs:  # labels yᵢ ∈ {-1, 1}
        matrix = rng.choice(np.array([-1, 1]), size=spec.shape).astype(object)
        return tuple(tuple(Fraction(int(entry)) for entry in row) for row in matrix)
    matrix = rng.integers(-bound, bound, size=spec.shape, endpoint=True).astype(object)
    if spec.positive_definite:
        matrix = matrix.T @ matrix + np.eye(spec.shape[0], dtype=int).astype(object)
    elif spec.symmetric:
        matrix = np.triu(matrix) + np.triu(matrix, 1).T
    entries = tuple(tuple(Fraction(int(entry)) for entry in row) for row in matrix)
    if spec.total is not None and 1 in spec.shape:  # 𝟏ᵀy = c: the last entry makes up the sum
        flat = [entry for row in entries for entry in row]
        flat[-1] = Fraction(spec.total).limit_denominator() - sum(flat[:-1], Fraction(0))
        rows, cols = spec.shape
        entries = tuple(tuple(flat[i * cols : (i + 1) * cols]) for i in range(rows))
    return entries


def _plain_input(name: str, value: Any) -> rational.Plain:
    if np.ndim(value) == 0:
        return _fraction(value)
    array = np.asarray(value, dtype=object)
    if array.ndim != 2:
        raise errors.InvalidArgument(
            f"{name} must be a scalar or a 2-d matrix, but its value has shape {array.shape}"
        )
    return tuple(tuple(_fraction(entry) for entry in row) for row in array)


def _fraction(value: Any) -> Fraction:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
        if isinstance(value, float) and not np.isfinite(value):
            raise errors.InvalidArgument(f"cannot evaluate exactly at the non-finite value {value}")
        return Fraction(value)
    raise errors.InvalidArgument(
        f"expected a number, found {value!r} of type {type(value).__name__}"
    )


def _as_value(value: rational.Plain) -> values.Value:
    converted = rational.as_float(value)
    return converted if isinstance(converted, np.ndarray) else float(converted)


def _check_covered(expressions: Sequence[sympy.Basic], specs: Sequence[instances.Spec]) -> None:
    """Every symbol has a spec, except dimensions, which are read from the shapes."""
    named = {spec.name for spec in specs}
    sizes = {
        symbol
        for expr in expressions
        for matrix in expr.atoms(sympy.MatrixExpr)
        for dimension in matrix.shape
        for symbol in sympy.sympify(dimension).free_symbols
    }
    for expr in expressions:
        for symbol in sorted(expr.free_symbols, key=str):
            if symbol.name not in named and symbol not in sizes:
                raise errors.InvalidArgument(
                    f"no spec for {symbol.name}; the specs name {sorted(named)}"
                )
