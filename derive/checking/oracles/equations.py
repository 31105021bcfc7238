"""Equations: a claimed solution, a step between linear equations, an optimality condition."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from derive import results, tree
from derive.checking.sampling import Finding, INSTANCES, Sampler, SIZES
from numeric import errors as numeric_errors
from numeric import instances, lstsq


def solution(
    sampler: Sampler,
    residual: tree.Node,
    unknown: str,
    claimed: tree.Node,
    inverted: frozenset[str],
    salt: int,
) -> Finding:
    """The claimed solution against substitution and ``numpy.linalg.lstsq``, full rank and not."""
    rng = sampler.rng(salt)
    identifier = sampler.identifier(unknown)
    evidence: list[results.Evidence] = []
    full_rank_done = deficient_done = False
    for dims in sampler.assignments(len(SIZES)):
        specs = sampler.specs(dims, sampler.names_in((residual, claimed), dims, unknown))
        size, scalar = _unknown_size(specs, identifier)
        if _is_matrix(specs, identifier):  # Σ_ML: no linear system to solve, substitute
            return _substituted(sampler, residual, claimed, identifier, dims, instances.draw_float(specs, rng))
        for deficient in (False, True):
            if (deficient and deficient_done) or (not deficient and full_rank_done):
                continue
            draw = instances.draw_float(specs, rng)
            if deficient:
                if not _make_deficient(draw, specs, {sampler.identifier(n) for n in inverted}, rng):
                    continue
            try:
                r = sampler.compile(residual, dims)
                x = sampler.compile(claimed, dims)
                try:
                    value = np.asarray(x(**draw), dtype=float).reshape(size, 1)
                except numeric_errors.EvaluationError:
                    value = None

                def at(v: np.ndarray) -> Any:
                    return r(**{**draw, identifier: float(v[0, 0]) if scalar else v})

                check = lstsq.check_solution(at, size, value)
            except numeric_errors.EvaluationError:
                continue
            except numeric_errors.InvalidArgument:  # not linear in the unknown: substitute only
                return _substituted(sampler, residual, claimed, identifier, dims, draw)
            if deficient:
                deficient_done = True
                detail = f"rank-deficient instance ({sampler.describe(dims, residual, claimed)}, rank {check.rank} < {check.n}): {check.detail}"
                # where the claim has no value there, the instance only shows what its condition means
                agrees = None if value is None else check.agreed
                evidence.append(results.Evidence("solution", detail, agrees))
                if agrees is False:
                    return Finding(tuple(evidence), draw)
            else:
                if value is None:  # the claim's own condition fails at these sizes (AAᵀ of a tall A)
                    continue
                full_rank_done = True  # or an underdetermined system, where it must still solve it
                evidence.append(results.Evidence("solution", f"{sampler.describe(dims, residual, claimed)}: {check.detail}", check.agreed))
                if not check.agreed:
                    return Finding(tuple(evidence), draw)
        if full_rank_done and (deficient_done or not inverted):
            break
    return Finding(tuple(evidence))


def _unknown_size(specs: list[instances.Spec], identifier: str) -> tuple[int, bool]:
    """The unknown's number of entries, and whether it is a scalar (then taken as 1×1)."""
    for spec in specs:
        if spec.name == identifier:
            return (1, True) if spec.shape is None else (spec.shape[0], False)
    return 1, True


def _is_matrix(specs: list[instances.Spec], identifier: str) -> bool:
    return any(spec.name == identifier and spec.shape is not None and 1 not in spec.shape for spec in specs)


def _substituted(
    sampler: Sampler, residual: tree.Node, claimed: tree.Node, identifier: str, dims: Mapping[str, int], draw: dict[str, Any]
) -> Finding:
    """For an equation that is not linear: does the claimed value make the residual vanish?"""
    try:
        value = sampler.compile(claimed, dims)(**draw)
        left = np.asarray(sampler.compile(residual, dims)(**{**draw, identifier: value}), dtype=float)
    except numeric_errors.NumericError as problem:
        return Finding((results.Evidence("solution", f"could not substitute the solution: {problem}", None),))
    scale = max(1.0, float(np.max(np.abs(value))) if np.size(value) else 1.0)
    gap = float(np.max(np.abs(left))) if left.size else 0.0
    if gap <= 1e-8 * scale:
        detail = f"{sampler.describe(dims, residual, claimed)}: substituted, the equation holds (residual {gap:.1e}); not linear, so other solutions are not ruled out"
        return Finding((results.Evidence("solution", detail, True),))
    return Finding((results.Evidence("solution", f"{sampler.describe(dims, residual, claimed)}: substituted, the residual is {gap:.3g}", False),), draw)


def equation_step(
    sampler: Sampler, before: tree.Node, after: tree.Node, unknown: str, connective: str, salt: int
) -> Finding:
    """Linear equations in ``unknown``: compare solution sets through the systems M x = c."""
    rng = sampler.rng(salt)
    identifier = sampler.identifier(unknown)
    checked = 0
    for dims in sampler.assignments():
        specs = sampler.specs(dims, sampler.names_in((before, after), dims, unknown))
        size, scalar = _unknown_size(specs, identifier)
        for _ in range(INSTANCES):
            draw = instances.draw_float(specs, rng)
            try:
                first = _augmented(sampler.compile(before, dims), draw, identifier, size, scalar)
                second = _augmented(sampler.compile(after, dims), draw, identifier, size, scalar)
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
                    f"{sampler.describe(dims, before, after)}: the solution sets differ (ranks {rank_first}, {rank_second}, together {both})"
                )
                return Finding((results.Evidence("solution", detail, False),), draw)
    if not checked:
        return Finding((results.Evidence("solution", "no instance could be evaluated", None),))
    relation = "the same solutions" if connective == "iff" else "every solution of the earlier equation solves this one"
    return Finding((results.Evidence("solution", f"{relation} on {checked} instances (compared as linear systems)", True),))


DEFINITE_INSTANCES = 12
"""Instances per size a (semi)definiteness claim is evaluated at: a failing region such as
ln z < 0 on 0 < z < 1 holds only part of the draws, so a few are not enough."""

ATTEMPTS = 4 * DEFINITE_INSTANCES
"""Draws tried per size, those outside the domain (√t at t < 0) not counting."""


def optimality(sampler: Sampler, matrix: tree.Node, salt: int) -> Finding:
    """Smallest eigenvalue of the (symmetric part of the) matrix on random instances."""
    rng = sampler.rng(salt)
    lowest = np.inf
    count = 0
    for dims in sampler.assignments():
        specs = sampler.specs(dims, sampler.names_in((matrix,), dims))
        function = sampler.compile(matrix, dims)
        evaluated = 0
        for _ in range(ATTEMPTS):
            if evaluated == DEFINITE_INSTANCES:
                break
            draw = instances.draw_float(specs, rng)
            try:
                value = np.atleast_2d(function(**draw))
            except numeric_errors.EvaluationError:
                continue  # outside the domain (√t at t < 0): the conditions say where it is defined
            evaluated += 1
            if value.shape[0] != value.shape[1]:  # undeclared sizes read so: no definiteness to test
                detail = (f"{sampler.describe(dims, matrix)}: the matrix is {value.shape[0]}×{value.shape[1]}; "
                          "(semi)definiteness needs a square matrix (declare the shapes)")
                return Finding((results.Evidence("float", detail, None),))
            symmetric_part = (value + value.T) / 2
            eigenvalue = float(np.linalg.eigvalsh(symmetric_part).min())
            scale = max(1.0, float(np.abs(value).max()))
            count += 1
            lowest = min(lowest, eigenvalue / scale)
            if eigenvalue < -1e-9 * scale:
                detail = f"{sampler.describe(dims, matrix)}: smallest eigenvalue {eigenvalue:.3g} < 0"
                return Finding((results.Evidence("float", detail, False),), draw)
    if not count:
        return Finding((results.Evidence("float", "no instance had a value", None),))
    return Finding((results.Evidence("float", f"smallest eigenvalue ≥ 0 on {count} instances", True),))


def _augmented(residual: Any, draw: Mapping[str, Any], identifier: str, size: int, scalar: bool) -> np.ndarray:
    """[M | c] of the linear system M x = c that ``residual`` = M x − c stands for."""
    matrix, constant = lstsq.linear_system(
        lambda v: residual(**{**draw, identifier: float(v[0, 0]) if scalar else v}), size
    )
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
