"""The exact oracle verifies identities with a Schwartz–Zippel bound and refutes false ones."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from numeric import errors, exact, instances

N, M = sympy.symbols("n m", integer=True, positive=True)
A, C = sympy.MatrixSymbol("v0", N, N), sympy.MatrixSymbol("v1", N, N)
U, W = sympy.MatrixSymbol("v2", N, M), sympy.MatrixSymbol("v3", M, M)
V = sympy.MatrixSymbol("v4", M, N)
X, S = sympy.MatrixSymbol("v5", N, 1), sympy.Symbol("v6")
I = sympy.Identity(N)


def _specs(n: int = 3, m: int = 2, **structure) -> list[instances.Spec]:
    shapes = {
        "v0": (n, n), "v1": (n, n), "v2": (n, m), "v3": (m, m), "v4": (m, n), "v5": (n, 1),
        "v6": None,
    }
    return [
        instances.Spec(name, shape, **structure.get(name, {})) for name, shape in shapes.items()
    ]


A_INV = sympy.Inverse(A)
IDENTITIES = [  # (name, lhs, rhs, holds)
    ("transpose of a product", (A * C).T, C.T * A.T, True),
    ("transpose of a product, wrong order", (A * C).T, A.T * C.T, False),
    ("inverse of a product", sympy.Inverse(A * C), sympy.Inverse(C) * A_INV, True),
    ("inverse of a product, wrong order", sympy.Inverse(A * C), A_INV * sympy.Inverse(C), False),
    (
        "determinant is multiplicative",
        sympy.Determinant(A * C),
        sympy.Determinant(A) * sympy.Determinant(C),
        True,
    ),
    (
        "determinant is not additive",
        sympy.Determinant(A + C),
        sympy.Determinant(A) + sympy.Determinant(C),
        False,
    ),
    ("trace is cyclic", sympy.Trace(A * C * U * V), sympy.Trace(V * A * C * U), True),
    ("trace is not symmetric", sympy.Trace(A * C * A.T), sympy.Trace(C * A * A.T), False),
    (
        "Woodbury",
        sympy.Inverse(A + U * W * V),
        A_INV - A_INV * U * sympy.Inverse(sympy.Inverse(W) + V * A_INV * U) * V * A_INV,
        True,
    ),
    (
        "Woodbury with a sign slip",
        sympy.Inverse(A + U * W * V),
        A_INV + A_INV * U * sympy.Inverse(sympy.Inverse(W) + V * A_INV * U) * V * A_INV,
        False,
    ),
    (
        "matrix determinant lemma",
        sympy.Determinant(A + U * V),
        sympy.Determinant(sympy.Identity(M) + V * A_INV * U) * sympy.Determinant(A),
        True,
    ),
    ("scalar quotient", (S**2 - 1) / (S - 1), S + 1, True),
    ("scalar quotient, wrong", (S**2 - 1) / (S + 1), S + 1, False),
]


@pytest.mark.parametrize("backend", ["flint", "fractions"])
@pytest.mark.parametrize(
    ("name", "lhs", "rhs", "holds"), IDENTITIES, ids=[identity[0] for identity in IDENTITIES]
)
def test_identities(backend: str, name: str, lhs, rhs, holds: bool) -> None:
    check = exact.check_identity(lhs, rhs, _specs(), np.random.default_rng(1), backend=backend)
    assert check.agreed is holds, check.detail
    assert check.sample_size == 2 * exact.DEFAULT_BOUND + 1 and check.backend == backend
    if holds:
        assert check.trials == 3 and check.failing is None
        expected = (Fraction(check.degree, check.sample_size - check.singular_degree)) ** 3
        assert check.error_bound == expected and 0 < check.error_bound < 1e-4
        assert "Schwartz–Zippel" in check.detail
    else:
        assert check.trials == 1 and check.error_bound is None
        assert check.failing is not None and not exact.rational.same(check.lhs, check.rhs)
        assert check.detail.startswith("the sides differ exactly at random integer instance 1")


def test_the_failing_instance_reproduces_the_difference() -> None:
    check = exact.check_identity((A * C).T, A.T * C.T, _specs(), np.random.default_rng(4))
    a, c = check.failing["v0"], check.failing["v1"]
    assert np.array_equal(a, np.round(a)) and np.abs(a).max() <= exact.DEFAULT_BOUND
    assert exact.rational.as_float(check.lhs).tolist() == (a @ c).T.tolist()
    assert exact.rational.as_float(check.rhs).tolist() == (a.T @ c.T).tolist()


def test_checks_are_deterministic_for_a_seed() -> None:
    first = exact.check_identity(A * C, C * A, _specs(), np.random.default_rng(9))
    second = exact.check_identity(A * C, C * A, _specs(), np.random.default_rng(9))
    assert first.lhs == second.lhs and first.rhs == second.rhs


def test_the_bound_holds_empirically() -> None:
    """v6² = v6 is false, of degree 2: on S = {−1, 0, 1} it passes one trial w.p. exactly 2/3."""
    specs = [instances.Spec("v6", None)]
    passed = 0
    for seed in range(600):
        check = exact.check_identity(S**2, S, specs, np.random.default_rng(seed), trials=1, bound=1)
        if check.agreed:
            passed += 1
            assert check.error_bound == Fraction(2, 3) and check.degree == 2
    assert abs(passed / 600 - 2 / 3) < 0.06


def test_non_square_dimensions_and_shape_mismatch() -> None:
    k = sympy.Symbol("k", integer=True, positive=True)
    rect = sympy.MatrixSymbol("v0", k, N)
    for rows, cols in [(2, 4), (5, 3)]:
        specs = [instances.Spec("v0", (rows, cols))]
        rng = np.random.default_rng(0)
        assert exact.check_identity((rect.T * rect).T, rect.T * rect, specs, rng).agreed
        wrong = exact.check_identity(rect * rect.T, rect.T * rect, specs, rng)
        assert not wrong.agreed
        assert wrong.detail == f"shapes differ: lhs {(rows, rows)}, rhs {(cols, cols)}"


def test_positive_definite_and_symmetric_draws() -> None:
    specs = _specs(v0={"positive_definite": True}, v1={"symmetric": True})
    # a symmetric matrix equals its transpose; a generic one does not
    assert exact.check_identity(C.T, C, specs, np.random.default_rng(2)).agreed
    assert not exact.check_identity(C.T, C, _specs(), np.random.default_rng(2)).agreed
    trace = sympy.Trace(A_INV * A * C)
    check = exact.check_identity(trace, sympy.Trace(C), specs, np.random.default_rng(2))
    assert check.agreed


def test_singular_draws_are_redrawn() -> None:
    """With entries in {−1, 0, 1} a 2 x 2 matrix is singular a third of the time."""
    specs = _specs(n=2)
    rng = np.random.default_rng(0)
    check = exact.check_identity(A_INV * A * X, X, specs, rng, trials=20, bound=1)
    assert check.agreed and check.trials == 20


def test_an_everywhere_singular_inverse_is_an_error() -> None:
    with pytest.raises(errors.EvaluationError, match="no value on 10 random integer draws"):
        exact.check_identity(sympy.Inverse(X * X.T), I, _specs(n=2), np.random.default_rng(0))


def test_roots_are_exact_where_perfect_and_unsupported_elsewhere() -> None:
    check = exact.check_identity(sympy.sqrt(S**2), sympy.Abs(S), _specs(), np.random.default_rng(0))
    assert check.agreed and check.error_bound is None and check.degree is None
    assert "no error bound" in check.detail
    with pytest.raises(errors.UnsupportedError, match="is irrational"):
        root = sympy.sqrt(sympy.Trace(X.T * X))
        exact.check_identity(root, S, _specs(), np.random.default_rng(0))
    with pytest.raises(errors.UnsupportedError, match="transcendental"):
        exact.check_identity(sympy.exp(S), S, _specs(), np.random.default_rng(0))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trials": 0}, "trials and redraws must be at least 1"),
        ({"bound": 0}, "bound must be in"),
        ({"backend": "gmp"}, "unknown exact backend"),
    ],
)
def test_bad_options_are_refused(kwargs, message: str) -> None:
    with pytest.raises(errors.InvalidArgument, match=message):
        exact.check_identity(A, A, _specs(), np.random.default_rng(0), **kwargs)


def test_missing_specs_and_unknown_sizes_are_named() -> None:
    with pytest.raises(errors.InvalidArgument, match=r"no spec for v9; the specs name \['v0'\]"):
        other = sympy.MatrixSymbol("v9", N, N)
        exact.check_identity(A, other, [instances.Spec("v0", (2, 2))], np.random.default_rng(0))
    # SymPy already reduced Inverse(A)*A to Identity(n): no symbol fixes n
    with pytest.raises(errors.InvalidArgument, match="the size n is unknown"):
        exact.check_identity(A_INV * A, I, [], np.random.default_rng(0))
    sized = exact.check_identity(A_INV * A, I, [], np.random.default_rng(0), dimensions={"n": 2})
    assert sized.agreed


@pytest.mark.parametrize("condition", [1e10, 1e14])
def test_evaluate_at_a_float_instance_is_free_of_rounding(condition: float) -> None:
    rng = np.random.default_rng(3)
    a = instances.full_rank(4, 4, rng, condition=condition)
    c = rng.standard_normal((4, 4))
    instance = {"v0": a, "v1": c}
    left = exact.evaluate(sympy.Inverse(A * C), instance)
    right = exact.evaluate(sympy.Inverse(C) * A_INV, instance)
    assert left == right  # float64 gets this wrong in the 6th digit (1e10) or everywhere (1e14)
    product = exact.evaluate(A_INV * C * sympy.Inverse(C) * A, instance, dimensions={"n": 4})
    assert product == tuple(tuple(Fraction(int(i == j)) for j in range(4)) for i in range(4))


def test_evaluate_refuses_a_singular_float_instance() -> None:
    a = instances.rank_deficient(3, 3, 2, np.random.default_rng(0))
    a[2] = 2 * a[0]  # exactly singular in binary floating point too
    with pytest.raises(errors.EvaluationError, match="singular"):
        exact.evaluate(A_INV, {"v0": a})
    assert exact.evaluate(sympy.Determinant(A), {"v0": a}) == 0


def test_a_target_widens_the_sample_set_until_the_bound_is_reached() -> None:
    """Push-through (AᵀA + I)⁻¹Aᵀ = Aᵀ(AAᵀ + I)⁻¹ at 4 x 8: degree 23 is too high for B = 1000."""
    k = sympy.Symbol("k", integer=True, positive=True)
    rect = sympy.MatrixSymbol("v0", k, N)
    lhs = sympy.Inverse(rect.T * rect + sympy.Identity(N)) * rect.T
    rhs = rect.T * sympy.Inverse(rect * rect.T + sympy.Identity(k))
    specs = [instances.Spec("v0", (8, 4))]
    plain = exact.check_identity(lhs, rhs, specs, np.random.default_rng(0))
    assert plain.agreed and plain.error_bound > 1e-9
    targeted = exact.check_identity(lhs, rhs, specs, np.random.default_rng(0), target=1e-12)
    assert targeted.agreed and targeted.error_bound <= 1e-12
    assert targeted.sample_size > plain.sample_size
    one_less = (targeted.sample_size - 1) // 2 - 1
    smaller = exact.check_identity(lhs, rhs, specs, np.random.default_rng(0), bound=one_less)
    assert smaller.error_bound > 1e-12  # the widening stops at the first bound that suffices
    with pytest.raises(errors.InvalidArgument, match="target must be a probability"):
        exact.check_identity(lhs, rhs, specs, np.random.default_rng(0), target=2.0)
