"""Identities lhs = rhs: float64 on stacked batches (hard instances included) and exact rationals."""

from __future__ import annotations

import dataclasses

from derive import results, tree
from derive.checking.sampling import Finding, Sampler, usable
from numeric import errors as numeric_errors
from numeric import exact, floating, instances, precise

GENERIC = 32  # standard normal instances per assignment of sizes
LARGE = 40  # from this size on: a few generic instances, float64 only (50 digits would take minutes)
HARD = 8  # instances per family of hard ones: ill-conditioned, rank-deficient
CONDITION = 1e10
EXACT_TRIALS = 3
EXACT_TARGET = 1e-9  # the Schwartz–Zippel bound asked of each assignment of sizes
EXACT_ASSIGNMENTS = 3  # sizes 3, 2 and 4 for the first dimension: an identity true only for n ≤ 3 fails
EXACT_MAX_SIZE = 64  # larger declared sizes make exact arithmetic slow; float and symbolic decide there


def floating_point(sampler: Sampler, lhs: tree.Node, rhs: tree.Node, salt: int) -> Finding:
    """Both sides on stacked float64 instances; disagreements are settled at 50 digits.

    Each assignment of sizes gets generic instances, then ill-conditioned (cond ≈ 1e10)
    and rank-deficient matrices as their structure allows; where a side has no value
    there (a singular inverse) the instance is skipped.
    """
    rng = sampler.rng(salt)
    checked = rescued = 0
    worst = 0.0
    sizes, hard = [], set()
    for dims in sampler.assignments():
        specs = sampler.specs(dims, sampler.names_in((lhs, rhs), dims))
        try:
            left, right = sampler.batched((lhs, rhs), dims)
        except numeric_errors.UnsupportedError:
            return _one_at_a_time(sampler, lhs, rhs, salt)
        large = any(spec.shape is not None and max(spec.shape) >= LARGE for spec in specs)
        for family, variant in _families(specs)[: 1 if large else None]:
            count = (4 if large else GENERIC) if family == "generic" else HARD
            stacked = instances.draw_float_batch(variant, rng, count)
            try:
                comparison = floating.compare_batched(left, right, stacked, digits=None if large else precise.DIGITS)
            except numeric_errors.InvalidArgument:  # nothing to stack: no symbol at all
                return _one_at_a_time(sampler, lhs, rhs, salt)
            except numeric_errors.UnsupportedError:
                if family == "generic":
                    return _one_at_a_time(sampler, lhs, rhs, salt)
                continue
            if comparison.failing is not None:
                detail = f"{sampler.describe(dims, lhs, rhs)}, {family} instance: {comparison.detail}"
                return Finding((results.Evidence("float", detail, False),), comparison.failing)
            if not comparison.agreed:
                continue  # no instance of this family had a value (inverses of singular draws)
            checked += comparison.instances
            rescued += comparison.rescued
            worst = max(worst, comparison.worst_relative_error)
            if family != "generic":
                hard.add(family)
        sizes.append(sampler.describe(dims, lhs, rhs))
    if not checked:
        return _one_at_a_time(sampler, lhs, rhs, salt)
    detail = f"{checked} float64 instances ({'; '.join(sizes)}"
    detail += f"; {' and '.join(sorted(hard))} ones included)" if hard else ")"
    detail += f", worst relative error {worst:.1e}"
    if rescued:
        detail += f"; {rescued} float64 disagreements were rounding, shown by 50-digit re-evaluation"
    return Finding((results.Evidence("float", detail, True),))


def _families(specs: list[instances.Spec]) -> list[tuple[str, list[instances.Spec]]]:
    """Generic instances, then each kind of hard one that some matrix here can be."""
    def matrix(spec: instances.Spec) -> bool:
        return spec.shape is not None and min(spec.shape) >= 2

    found = [("generic", specs)]
    if any(matrix(spec) for spec in specs):
        found.append(
            ("ill-conditioned", [dataclasses.replace(s, condition=CONDITION) if matrix(s) else s for s in specs])
        )
    deficient = [
        dataclasses.replace(s, rank=min(s.shape) - 1) if matrix(s) and not s.positive_definite else s  # type: ignore[arg-type]
        for s in specs
    ]
    if deficient != specs:
        found.append(("rank-deficient", deficient))
    return found


def _one_at_a_time(sampler: Sampler, lhs: tree.Node, rhs: tree.Node, salt: int) -> Finding:
    """The float oracle for what the batched evaluator cannot read (elementwise functions)."""
    rng = sampler.rng(salt)
    details, checked = [], 0
    worst = 0.0
    for dims in sampler.assignments():
        try:
            specs = sampler.specs(dims, sampler.names_in((lhs, rhs), dims))
            left, right = sampler.compile(lhs, dims), sampler.compile(rhs, dims)
            draws = usable(specs, rng, (left, right))
            if not draws:
                continue
            comparison = floating.compare(left, right, draws)
        except numeric_errors.EvaluationError:
            continue
        checked += comparison.instances
        worst = max(worst, comparison.worst_relative_error)
        if not comparison.agreed:
            detail = f"{sampler.describe(dims, lhs, rhs)}: {comparison.detail}"
            return Finding((results.Evidence("float", detail, False),), comparison.failing)
        details.append(sampler.describe(dims, lhs, rhs))
    if not checked:
        return Finding((results.Evidence("float", "no instance could be evaluated", None),))
    detail = f"{checked} float64 instances ({'; '.join(details)}), worst relative error {worst:.1e}"
    return Finding((results.Evidence("float", detail, True),))


def exact_rational(sampler: Sampler, lhs: tree.Node, rhs: tree.Node, salt: int) -> Finding:
    """Both sides in exact rational arithmetic at random integer instances of each assignment.

    Agreement carries the Schwartz–Zippel bound on the chance that a false identity
    passes (``Evidence.error_bound``, the largest over the assignments); a side that
    is not a rational function of the entries (exp, log, roots) leaves no bound.
    """
    rng = sampler.rng(salt, stream=1)
    names = frozenset(item.name for side in (lhs, rhs) for item in tree.walk(side) if isinstance(item, tree.Symbol))
    checks = []
    for dims in sampler.assignments(EXACT_ASSIGNMENTS):
        specs = sampler.specs(dims, names)
        if any(spec.shape is not None and max(spec.shape) > EXACT_MAX_SIZE for spec in specs):
            detail = f"not evaluated exactly: sizes above {EXACT_MAX_SIZE} ({sampler.describe(dims, lhs, rhs)})"
            return Finding((results.Evidence("exact", detail, None),))
        try:
            left, right = sampler.expression(lhs, dims), sampler.expression(rhs, dims)
            check = exact.check_identity(
                left, right, specs, rng, trials=EXACT_TRIALS, target=EXACT_TARGET, dimensions=dims
            )
        except numeric_errors.UnsupportedError as problem:
            return Finding((results.Evidence("exact", f"not evaluated exactly: {problem}", None),))
        except numeric_errors.NumericError as problem:
            return Finding((results.Evidence("exact", f"no exact value: {problem}", None),))
        if not check.agreed:
            return Finding((results.Evidence("exact", f"{sampler.describe(dims, lhs, rhs)}: {check.detail}", False),), check.failing)
        checks.append((dims, check))
    if not checks:
        return Finding(())
    where = "; ".join(sampler.describe(dims, lhs, rhs) for dims, _ in checks)
    bounds = [check.error_bound for _, check in checks]
    if any(bound is None for bound in bounds):
        detail = f"equal at {EXACT_TRIALS} random integer instances each ({where}); no error bound: not a rational function"
        return Finding((results.Evidence("exact", detail, True),))
    worst = float(max(bound for bound in bounds if bound is not None))
    degrees = max(check.degree or 0 for _, check in checks)
    largest = max(check.sample_size for _, check in checks) // 2
    detail = (
        f"equal in exact rational arithmetic at {EXACT_TRIALS} random integer instances each ({where}; "
        f"entries up to ±{largest}); at these sizes a false identity of degree ≤ {degrees} passes with "
        f"probability ≤ {worst:.1e} (Schwartz–Zippel)"
    )
    return Finding((results.Evidence("exact", detail, True, error_bound=worst),))
