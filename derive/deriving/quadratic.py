"""Quadratic forms in derive mode: Gram terms MᵀM, convexity, and whether an objective is least squares."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import sympy

from derive import errors, results
from derive.deriving import problems
from derive.reading import render
from derive.symbolic import calculus, canonical, entrywise, named_functions, printing

NEGATIVE = 1e-9  # an eigenvalue below -NEGATIVE·scale is negative


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
class Square:
    """A term ``c·MᵀM`` (or ``c·MᵀSM``, S symmetric) of a quadratic form; ``factor`` () is the identity."""

    weight: sympy.Expr
    factor: canonical.Word
    middle: canonical.Atom | None = None  # S, or diag(f(P)) with f > 0
    words: tuple[canonical.Word, ...] = ()  # the terms a weighted square diag(f(P)) gathers


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


# --- Gram terms -----------------------------------------------------------------------------------


def gram_split(problem: problems.Problem, poly: canonical.Poly) -> tuple[list[Square], list[str], bool]:
    """The terms ``c·MᵀM`` / ``c·MᵀSM`` with c ≥ 0, the conditions that takes, and whether every term is one."""
    builder = canonical.Builder(problem.context)
    found, conditions, complete = [], set(), True
    weighted = _weighted_grams(problem, poly)
    found += weighted
    skip = {word for square in weighted for word in square.words}
    for word, value in poly.terms.items():
        if word in skip:
            continue
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


def _weighted_grams(problem: problems.Problem, poly: canonical.Poly) -> list[Square]:
    """Terms ``c·Mᵀdiag(f(P))M`` with c > 0 and f positive (the logistic Hessian XᵀSX): Gram forms too."""
    builder, found = canonical.Builder(problem.context), []
    for group in named_functions.groups(poly):
        number, rest = group.scale.as_coeff_Mul()
        if (
            group.kind == named_functions.DIAGONAL and entrywise.positive(group.function) and number > 0
            and rest == 1 and canonical.word_key(builder.transpose_word(group.right)) == canonical.word_key(group.left)
        ):
            middle = group.words[0][len(group.left)]
            found.append(Square(group.scale, group.right, middle, group.words))
    return found


# --- numbers: negative curvature ------------------------------------------------------------------


def witness(
    problem: problems.Problem, matrix: canonical.Poly, slope: canonical.Poly | None, *, seed: int = 0
) -> Witness | None:
    """Small integer, then float, instances searched for v with vᵀQv < 0 (or Qv = 0 and gᵀv ≠ 0)."""
    from derive.deriving import instances  # the numeric side of derive mode

    rng = np.random.default_rng(seed)
    for dims, bound in instances.trials(problem):
        values = instances.draw(problem, dims, rng, bound=bound)
        try:
            q = np.atleast_2d(instances.evaluate(problem, matrix, dims, values))
            g = None if slope is None else np.ravel(instances.evaluate(problem, slope, dims, values))
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
            shown = instances.shown(problem, matrix, slope if curvature == 0 else None, values=values)
            return Witness(dims, shown, tuple(float(c) for c in direction), curvature, fall, seed)
    return None


def convexity(problem: problems.Problem, hessian: canonical.Poly, *, seed: int = 0) -> Convexity:
    """Positive semidefinite for non-negative combinations of Gram forms; otherwise searched numerically."""
    squares, conditions, complete = gram_split(problem, hessian)
    if complete:
        where = f" where {', '.join(conditions)}" if conditions else ""
        grams = "MᵀM and MᵀDM, D diagonal and positive" if any(s.words for s in squares) else "MᵀM"
        reason = f"the Hessian is a non-negative combination of Gram matrices {grams}{where}"
        return Convexity(True, reason, tuple(conditions))
    if calculus.is_covariance_of_weights(hessian):
        return Convexity(True, "the Hessian is diag(p) - ppᵀ with positive weights p that sum to one (a covariance matrix)")
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
        errors.InputError, errors.UsageError, errors.UnsupportedNotation: as
            :func:`derive.deriving.derivation.derive_objective`.
    """
    problem = problems.read(objective, wrt=wrt, declared=shapes, symmetric=symmetric)
    builder, x = canonical.Builder(problem.context), problem.variable_poly
    if x.cols != 1:
        raise errors.UsageError("least squares needs a vector or a scalar variable")
    f, gradient, hessian = problems.derivatives(problem, hessian=True)
    assert hessian is not None
    if any(problem.mentions(word, value) for word, value in hessian.terms.items()):
        return LeastSquares(False, f"not quadratic in {problem.variable}: its Hessian {problem.latex(hessian)} depends on it")
    q_term = builder.scale(hessian, sympy.Rational(1, 2))
    slope, constant = _at_zero(problem, gradient), _at_zero(problem, f)
    quad = builder.multiply(builder.transpose(x), builder.multiply(q_term, x))
    if not canonical.equal(f, builder.add(quad, builder.multiply(builder.transpose(slope), x), constant), problem.context):
        return LeastSquares(False, f"not a quadratic polynomial in {problem.variable}")
    squares, conditions, complete = gram_split(problem, q_term)
    shifts = _shifts(problem, squares, slope) if complete else None
    if shifts is None:
        found = witness(problem, q_term, slope, seed=seed)
        if found is not None:
            shown = found.describe("Q", vector=not problem.is_scalar)
            return LeastSquares(False, f"f is unbounded below: {shown}", direction=found)
        missing = "Q ⪰ 0" if not complete else "that the linear term lies in the range of Q"
        return LeastSquares(None, f"no counterexample on random instances, but {missing} is not proved")
    form, stacked = _squares_form(problem, squares, shifts, constant)
    writer = problems.Writer(problem, f"${problem.function}$ as a least-squares objective")
    writer.step("objective", "The objective is", f"{problem.head()} = {problem.text}")
    writer.step("form", "As a sum of squares,", f"= {form}")
    where = f" where {', '.join(conditions)}" if conditions else ""
    reason = f"Q = {problem.latex(q_term)} is a sum of Gram matrices and the linear term lies in its range{where}"
    return LeastSquares(True, reason, form, stacked, tuple(conditions), writer.check(seed=seed)[1][-1].result)


def _at_zero(problem: problems.Problem, poly: canonical.Poly) -> canonical.Poly:
    """``poly`` at ``x = 0``: the terms that mention the variable dropped."""
    terms = []
    for word, value in poly.terms.items():
        if not calculus.mentions_word(word, problem.identifier):
            zero = {s: 0 for s in value.free_symbols if problem.mentions((), s)}
            terms.append((value.xreplace(zero), word))
    return canonical.Builder(problem.context).poly(terms, poly.rows, poly.cols)


def _shifts(problem: problems.Problem, squares: list[Square], slope: canonical.Poly) -> list[canonical.Poly] | None:
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
    problem: problems.Problem, squares: list[Square], shifts: list[canonical.Poly], constant: canonical.Poly
) -> tuple[str, tuple[str, str] | None]:
    """``Σ c‖Mx − e‖² + r`` as LaTeX, and the stacked C and d of ``‖Cx − d‖²`` when every square is plain."""
    builder, x = canonical.Builder(problem.context), problem.variable_poly
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
