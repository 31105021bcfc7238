"""Derivative claims: finite differences, GradientTape (Hessian-vector products for large n), Taylor."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from derive import errors, results, tree
from derive.checking.sampling import Finding, Sampler, usable
from derive.symbolic import canonical
from numeric import autodiff, differences, floating, taylor
from numeric import errors as numeric_errors

TAPE_MATCH = 1e-8  # relative error up to which GradientTape and the claim agree
LARGE = 64  # from this many entries on, Hessians are checked by products H v, never formed
PRODUCTS = 3  # random directions v per instance for a large Hessian
TAPE_DRAWS = 1
"""Instances per size GradientTape differentiates at: for the analytic functions of a derivation, two
different derivatives agree at a random point with probability 0, and the finite differences and the
remainder test still run at every draw (a Hessian taped costs a backward pass per entry of x)."""
TAYLOR_POINTS = 3  # instances the remainder test may try before it refutes


def check(sampler: Sampler, lhs: tree.Gradient | tree.Derivative, claimed: tree.Node, salt: int) -> Finding:
    """The claimed derivative against finite differences, GradientTape and the remainder test."""
    rng = sampler.rng(salt)
    assert lhs.wrt is not None
    wrt = sampler.identifier(lhs.wrt.name)
    order = lhs.order
    evidence: list[results.Evidence] = []
    failure: Mapping[str, Any] | None = None
    use_float = "float" in sampler.oracles
    use_autodiff = "autodiff" in sampler.oracles
    float_count = tape_count = 0
    float_worst = tape_worst = 0.0
    first: tuple[Mapping[str, int], dict[str, Any]] | None = None
    candidates: list[tuple[Mapping[str, int], dict[str, Any]]] = []  # points for the remainder test
    for dims in sampler.assignments():
        try:
            specs = sampler.specs(dims, sampler.names_in((lhs.body, claimed), dims, lhs.wrt.name))
            f = sampler.compile(lhs.body, dims)
            g = sampler.compile(claimed, dims)
            draws = usable(specs, rng, (f, g))
            if draws and np.size(f(**draws[0])) > 1:  # d/dt of a vector or matrix: not a gradient
                return _vector_valued(sampler, lhs, claimed, dims, draws, wrt)
            if draws and first is None:
                first = (dims, draws[0])
            candidates.extend((dims, draw) for draw in draws)
            if use_float:
                for draw in draws:
                    found = (differences.gradient_check if order == 1 else differences.hessian_check)(f, g, draw, wrt, rng)
                    float_count += 1
                    float_worst = max(float_worst, found.worst_relative_error)
                    if not found.agreed:
                        evidence.append(results.Evidence("float", f"{sampler.describe(dims, lhs.body, claimed)}: finite differences: {found.detail}", False))
                        failure = failure or draw
                        use_float = False
                        break
            if use_autodiff:
                f_tf = sampler.compile(lhs.body, dims, "tensorflow")
                for draw in draws[:TAPE_DRAWS]:
                    error, tape = _against_tape(f_tf, g, draw, wrt, order, rng)
                    tape_count += 1
                    tape_worst = max(tape_worst, error)
                    if not error <= TAPE_MATCH:
                        detail = f"{sampler.describe(dims, lhs.body, claimed)}: GradientTape gives {_short(tape)}, the claim {_short(g(**draw))}"
                        evidence.append(results.Evidence("autodiff", detail, False))
                        failure = failure or draw
                        use_autodiff = False
                        break
        except numeric_errors.NumericError:
            continue
    what = "gradient" if order == 1 else "Hessian"
    if order == 2 and first is not None and np.size(first[1][wrt]) >= LARGE:
        what = f"Hessian-vector products (forward-over-backward, {PRODUCTS} directions each)"
    if use_float and float_count:
        detail = f"central differences on {float_count} instances, worst relative error {float_worst:.1e}"
        evidence.append(results.Evidence("float", detail, True))
    if use_autodiff and tape_count:
        detail = f"GradientTape {what} on {tape_count} instances, worst relative error {tape_worst:.1e}"
        evidence.append(results.Evidence("autodiff", detail, True))
    series = None
    if "taylor" in sampler.oracles and candidates:
        # a point near a singularity can bend the slope: a claim fails only if no point passes
        rng_taylor = sampler.rng(salt, stream=2)
        for point_dims, draw in candidates[:TAYLOR_POINTS]:
            found_taylor = _remainder_test(sampler, lhs, claimed, point_dims, draw, wrt, rng_taylor)
            if found_taylor is None or found_taylor[0].agrees is not False:
                break
        if found_taylor is not None:
            evidence.append(found_taylor[0])
            series = found_taylor[1]
            if found_taylor[0].agrees is False:
                failure = failure or draw
    return Finding(tuple(evidence), failure, series)


def _vector_valued(
    sampler: Sampler,
    lhs: tree.Gradient | tree.Derivative,
    claimed: tree.Node,
    dims: Mapping[str, int],
    draws: list[dict[str, Any]],
    wrt: str,
) -> Finding:
    """d/dt of a vector or matrix by a scalar: central differences entry by entry; Jacobians abstain."""
    if np.ndim(draws[0][wrt]) != 0 or lhs.order != 1 or "float" not in sampler.oracles:
        detail = "the derivative of a vector or matrix by a vector (a Jacobian) is checked symbolically only"
        return Finding((results.Evidence("float", detail, None),))
    f, g = sampler.compile(lhs.body, dims), sampler.compile(claimed, dims)
    worst = 0.0
    for draw in draws:
        t = float(draw[wrt])
        step = 1e-5 * max(1.0, abs(t))
        ahead = np.asarray(f(**{**draw, wrt: t + step}), dtype=float)
        behind = np.asarray(f(**{**draw, wrt: t - step}), dtype=float)
        numerical, value = (ahead - behind) / (2 * step), np.asarray(g(**draw), dtype=float)
        if numerical.shape != value.shape:
            detail = f"the claim has shape {value.shape}, the derivative {numerical.shape}"
            return Finding((results.Evidence("float", detail, False),), draw)
        error = floating.relative_error(value, numerical)
        worst = max(worst, error)
        if error > 1e-6:
            detail = f"{sampler.describe(dims, lhs.body, claimed)}: central differences differ by relative error {error:.3g}"
            return Finding((results.Evidence("float", detail, False),), draw)
    detail = f"central differences entry by entry on {len(draws)} instances, worst relative error {worst:.1e}"
    return Finding((results.Evidence("float", detail, True),))


def _against_tape(
    f_tf: Any, g: Callable[..., Any], draw: Mapping[str, Any], wrt: str, order: int, rng: np.random.Generator
) -> tuple[float, Any]:
    """The relative error between the claim and GradientTape at ``draw``, and the taped value."""
    if order > 2:
        raise numeric_errors.UnsupportedError(f"derivatives of order {order} (GradientTape checks orders 1 and 2)")
    tape: Any
    if np.ndim(draw[wrt]) == 0:
        tape = autodiff.derivative(f_tf, draw, wrt, order)
    elif order == 1:
        tape = autodiff.gradient(f_tf, draw, wrt)
    elif np.size(draw[wrt]) < LARGE:
        tape = autodiff.hessian(f_tf, draw, wrt)
    else:  # H v against the claim times v, for a few directions: H itself is never taped
        claimed = np.asarray(g(**draw), dtype=float)
        worst = 0.0
        for _ in range(PRODUCTS):
            vector = rng.standard_normal(np.shape(draw[wrt]))
            tape = autodiff.hessian_vector_product(f_tf, draw, wrt, vector)
            product = (claimed @ np.reshape(vector, -1, order="F")).reshape(np.shape(vector), order="F")
            worst = max(worst, floating.relative_error(product, tape))
        return worst, tape
    return floating.relative_error(g(**draw), tape), tape


def _remainder_test(
    sampler: Sampler,
    lhs: tree.Gradient | tree.Derivative,
    claimed: tree.Node,
    dims: Mapping[str, int],
    draw: dict[str, Any],
    wrt: str,
    rng: np.random.Generator,
) -> tuple[results.Evidence, results.TaylorSeries | None] | None:
    """The Taylor remainder of f along a random direction: order 2 for a right gradient, 3 with a Hessian.

    A Hessian claim needs the gradient too: derived symbolically, or taped where that fails.
    """
    f = sampler.compile(lhs.body, dims)
    g = sampler.compile(claimed, dims)
    try:
        if lhs.order == 1:
            found = taylor.remainder_test(f, g, draw, wrt, rng)
        elif lhs.order == 2:
            # dᵀHd cannot see an antisymmetric error, but a Hessian is symmetric: test that first
            matrix = np.atleast_2d(np.asarray(g(**draw), dtype=float))
            skew = float(np.max(np.abs(matrix - matrix.T))) if matrix.shape[0] == matrix.shape[1] else 0.0
            if skew > 1e-9 * max(1.0, float(np.max(np.abs(matrix)))):
                detail = f"{sampler.describe(dims, lhs.body, claimed)}: the claimed Hessian is not symmetric (|H − Hᵀ| up to {skew:.3g}); a Hessian is"
                return results.Evidence("taylor", detail, False), None
            found = taylor.remainder_test(f, _gradient(sampler, lhs, dims), draw, wrt, rng, hess=g)
        else:
            return None
    except numeric_errors.NumericError as problem:
        return results.Evidence("taylor", f"no remainder test: {problem}", None), None
    agrees = {"passed": True, "exact": True, "failed": False}.get(found.verdict)
    detail = f"{sampler.describe(dims, lhs.body, claimed)}: {found.detail}"
    series = results.TaylorSeries(found.hs, found.remainders, found.order, float(found.expected))
    return results.Evidence("taylor", detail, agrees), series


def reference(sampler: Sampler, lhs: tree.Gradient | tree.Derivative, dims: Mapping[str, int]) -> Callable[..., Any]:
    """The derivative ``lhs`` stands for, as a function of an instance: SymPy's when it can take it,
    else GradientTape's (first or second order); used to show a counterexample."""
    try:
        return sampler.compile(lhs, dims)  # type: ignore[no-any-return]
    except (canonical.NotCanonical, errors.UnsupportedNotation, numeric_errors.UnsupportedError):
        if "autodiff" not in sampler.oracles or lhs.wrt is None:
            raise
    wrt = sampler.identifier(lhs.wrt.name)
    f_tf = sampler.compile(lhs.body, dims, "tensorflow")

    def taped(**instance: Any) -> Any:
        if np.ndim(instance[wrt]) == 0:
            return autodiff.derivative(f_tf, instance, wrt, lhs.order)
        if lhs.order == 1:
            return autodiff.gradient(f_tf, instance, wrt)
        return autodiff.hessian(f_tf, instance, wrt)

    return taped


def _gradient(sampler: Sampler, lhs: tree.Gradient | tree.Derivative, dims: Mapping[str, int]) -> Callable[..., Any]:
    """The first derivative of the claim's function: SymPy's, else GradientTape's (never the claim's)."""
    first = dataclasses.replace(lhs, order=1, span=lhs.body.span)
    try:
        return reference(sampler, first, dims)
    except (canonical.NotCanonical, errors.UnsupportedNotation, numeric_errors.UnsupportedError) as problem:
        if "autodiff" in sampler.oracles:
            raise
        raise numeric_errors.UnsupportedError(
            "the gradient is needed, and neither SymPy nor GradientTape (not chosen) gave it"
        ) from problem


def _short(value: Any) -> str:
    return np.array2string(np.asarray(value, dtype=float).ravel(), precision=4, threshold=8)
