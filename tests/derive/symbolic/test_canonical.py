"""Tests for derive.symbolic.canonical and derive.symbolic.calculus: canonical matrix polynomials and their derivatives."""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices import expressions as mx

from derive.symbolic import calculus, canonical, sympy_bridge
from derive.symbolic.matrices import Elementwise

k, n, m = (sympy.Symbol(name, integer=True, positive=True) for name in "knm")
c = sympy.Symbol("c", real=True)
t = sympy.Symbol("t", real=True)

A = mx.MatrixSymbol("A", k, n)  # a tall data matrix
C = mx.MatrixSymbol("C", n, m)
X = mx.MatrixSymbol("X", k, n)
P = mx.MatrixSymbol("P", n, n)  # square, no assumptions
Q = mx.MatrixSymbol("Q", n, n)
M = mx.MatrixSymbol("M", n, n)  # symmetric where the context says so
x = mx.MatrixSymbol("x", n, 1)
y = mx.MatrixSymbol("y", n, 1)
b = mx.MatrixSymbol("b", k, 1)
e = mx.MatrixSymbol("e", k, 1)  # the unit vector of an index over the rows of A
ONES_K = mx.MatrixSymbol("𝟏", k, 1)  # the vector of ones (tree.ONES)
I = mx.Identity(n)

T, Tr, Inv = mx.Transpose, mx.Trace, mx.Inverse

SYMMETRIC = canonical.Context(symmetric=frozenset({"M"}))
PLAIN = canonical.Context()

RESIDUAL = A * x - b
LEAST_SQUARES = Tr(T(RESIDUAL) * RESIDUAL)
EXPANDED = Tr(T(x) * T(A) * A * x) - 2 * Tr(T(b) * A * x) + Tr(T(b) * b)


def poly(expression: sympy.Basic, context: canonical.Context = PLAIN) -> canonical.Poly:
    return sympy_bridge.from_sympy(expression, context)


def same(first: sympy.Basic, second: sympy.Basic, context: canonical.Context = PLAIN) -> bool:
    return canonical.equal(poly(first, context), poly(second, context), context)


# --- canonical.equal -----------------------------------------------------------------------

EQUALITIES = [
    # (name, lhs, rhs, context, equal?)
    ("least squares expands", LEAST_SQUARES, EXPANDED, PLAIN, True),
    ("expansion needs the factor 2", LEAST_SQUARES, EXPANDED + Tr(T(b) * A * x), PLAIN, False),
    ("scalar transpose", Tr(T(b) * A * x), Tr(T(x) * T(A) * b), PLAIN, True),
    ("scalar transpose keeps the order", Tr(T(x) * P * y), Tr(T(x) * T(P) * y), PLAIN, False),
    ("transpose of a product", T(A * C), T(C) * T(A), PLAIN, True),
    ("transpose of a product is reversed", T(P * Q), T(P) * T(Q), PLAIN, False),
    ("transpose of a sum", T(P + Q), T(P) + T(Q), PLAIN, True),
    ("transpose of Ax", T(A * x), T(x) * T(A), PLAIN, True),
    ("double transpose", T(T(A)), A, PLAIN, True),
    ("normal equations vanish", T(A) * A * Inv(T(A) * A) * T(A) * b - T(A) * b, mx.ZeroMatrix(n, 1), PLAIN, True),
    ("inverse on the left", Inv(P) * P, I, PLAIN, True),
    ("inverse on the right", P * Inv(P), I, PLAIN, True),
    ("inverse of a product cancels", Inv(P * Q) * P * Q, I, PLAIN, True),
    ("inverse of a sum cancels", Inv(P + Q) * (P + Q), I, PLAIN, True),
    ("inverse does not cancel the wrong way", Inv(P) * Q, Q * Inv(P), PLAIN, False),
    ("transpose of an inverse", T(Inv(P)), Inv(T(P)), PLAIN, True),
    ("scaled inverse", Inv(2 * P), Inv(P) / 2, PLAIN, True),
    ("scaled inverse cancels", Inv(2 * P) * 2 * P, I, PLAIN, True),
    ("inverse of a scaled identity", Inv(c * I), I / c, PLAIN, True),
    ("negative power", mx.MatPow(P, -1), Inv(P), PLAIN, True),
    ("square", mx.MatPow(P, 2), P * P, PLAIN, True),
    ("zeroth power", mx.MatPow(P, 0), I, PLAIN, True),
    ("identity drops", I * x, x, PLAIN, True),
    ("zero drops", mx.ZeroMatrix(n, n) + P, P, PLAIN, True),
    ("scalars commute with matrices", Tr(T(x) * x) * P, P * Tr(T(x) * x), PLAIN, True),
    ("scalar symbols commute", c * Tr(T(x) * y), Tr(T(y) * x) * c, PLAIN, True),
    ("square of a scalar word", Tr(T(x) * y) ** 2, Tr(T(x) * y) * Tr(T(y) * x), PLAIN, True),
    ("rational coefficients", Tr(T(x) * x) / 2, sympy.Rational(1, 2) * Tr(T(x) * x), PLAIN, True),
    ("1×1 sub-word is pulled out", x * T(x) * x, Tr(T(x) * x) * x, PLAIN, True),
    ("outer products are ordered", x * T(y), y * T(x), PLAIN, False),
    ("a vector is not its transpose", x, T(x), PLAIN, False),
    ("Gram inverse is symmetric", T(Inv(T(A) * A)), Inv(T(A) * A), PLAIN, True),
    ("symmetric symbol", T(M), M, SYMMETRIC, True),
    ("no symmetry without the context", T(M), M, PLAIN, False),
    ("symmetric inverse", T(Inv(M)), Inv(M), SYMMETRIC, True),
    ("symmetric product", T(M * x), T(x) * M, SYMMETRIC, True),
    ("symmetric quadratic form", Tr(T(x) * M * y), Tr(T(y) * M * x), SYMMETRIC, True),
    ("quadratic form without symmetry", Tr(T(x) * M * y), Tr(T(y) * M * x), PLAIN, False),
]


@pytest.mark.parametrize(
    ("lhs", "rhs", "context", "expected"),
    [pytest.param(lhs, rhs, context, expected, id=name) for name, lhs, rhs, context, expected in EQUALITIES],
)
def test_equal(lhs: sympy.Basic, rhs: sympy.Basic, context: canonical.Context, expected: bool) -> None:
    assert same(lhs, rhs, context) is expected
    assert same(rhs, lhs, context) is expected


def test_normal_equation_residual_is_the_zero_polynomial() -> None:
    residual = poly(T(A) * A * Inv(T(A) * A) * T(A) * b - T(A) * b)
    assert residual.is_zero()
    assert (residual.rows, residual.cols) == (n, 1)
    assert sympy_bridge.to_sympy(residual) == mx.ZeroMatrix(n, 1)


def test_difference_is_zero_exactly_when_equal() -> None:
    assert canonical.difference(poly(LEAST_SQUARES), poly(EXPANDED)).is_zero()
    rest = canonical.difference(poly(LEAST_SQUARES), poly(Tr(T(b) * b)))
    assert canonical.equal(rest, poly(Tr(T(x) * T(A) * A * x) - 2 * Tr(T(b) * A * x)))


SHAPES = [
    (A * x, (k, 1)),
    (T(A * x), (1, k)),
    (LEAST_SQUARES, (1, 1)),
    (Tr(T(x) * x) * P, (n, n)),
    (P * Tr(T(x) * x), (n, n)),
    (T(A) * A, (n, n)),
    (c, (1, 1)),
]


@pytest.mark.parametrize(("expression", "shape"), SHAPES)
def test_poly_shape(expression: sympy.Basic, shape: tuple[sympy.Expr, sympy.Expr]) -> None:
    result = poly(expression)
    assert (result.rows, result.cols) == shape


ROUND_TRIPS = [LEAST_SQUARES, A * x - b, T(A) * A * x, Inv(T(A) * A) * T(A) * b, 3 * P + c * I, x * T(y), c]


@pytest.mark.parametrize("expression", ROUND_TRIPS)
def test_to_sympy_round_trips(expression: sympy.Basic) -> None:
    canonical_form = poly(expression)
    assert canonical.equal(poly(sympy_bridge.to_sympy(canonical_form)), canonical_form)
    assert canonical.freeze(poly(sympy_bridge.to_sympy(canonical_form))) == canonical.freeze(canonical_form)


def test_scalar_results_are_plain_sympy_scalars() -> None:
    value = sympy_bridge.to_sympy(poly(EXPANDED))
    assert not isinstance(value, mx.MatrixExpr)
    assert value.has(mx.Trace)


NOT_CANONICAL = [
    (mx.HadamardProduct(P, Q), "a Hadamard product of matrices"),
]


@pytest.mark.parametrize(("expression", "reason"), NOT_CANONICAL)
def test_outside_the_canonical_form(expression: sympy.Basic, reason: str) -> None:
    with pytest.raises(canonical.NotCanonical, match="^" + reason.replace("(", r"\(") + "$"):
        poly(expression)


def test_equal_tells_shapes_apart() -> None:
    assert not same(I, sympy.Integer(1))
    assert not same(mx.ZeroMatrix(n, 1), mx.ZeroMatrix(1, n))


# --- calculus ------------------------------------------------------------------------------

BUILDER = canonical.Builder()

GRADIENTS = [
    # (name, scalar function, variable, context, gradient)
    ("least squares", LEAST_SQUARES, x, PLAIN, 2 * T(A) * A * x - 2 * T(A) * b),
    ("least squares expanded", EXPANDED, x, PLAIN, 2 * T(A) * A * x - 2 * T(A) * b),
    ("linear", Tr(T(b) * A * x), x, PLAIN, T(A) * b),
    ("linear, transposed", Tr(T(x) * T(A) * b), x, PLAIN, T(A) * b),
    ("constant", Tr(T(b) * b), x, PLAIN, mx.ZeroMatrix(n, 1)),
    ("quadratic form", Tr(T(x) * P * x), x, PLAIN, P * x + T(P) * x),
    ("symmetric quadratic form", Tr(T(x) * M * x), x, SYMMETRIC, 2 * M * x),
    ("inverse not involving x", Tr(T(x) * Inv(P) * x), x, PLAIN, Inv(P) * x + T(Inv(P)) * x),
    ("squared norm squared", Tr(T(x) * x) ** 2, x, PLAIN, 4 * Tr(T(x) * x) * x),
    ("with respect to a matrix", LEAST_SQUARES, A, PLAIN, 2 * A * x * T(x) - 2 * b * T(x)),
    ("bilinear in a matrix", Tr(T(b) * X * x), X, PLAIN, b * T(x)),
    ("scalar variable", t**2 * Tr(T(x) * x), t, PLAIN, 2 * t * Tr(T(x) * x)),
]


@pytest.mark.parametrize(
    ("function", "variable", "context", "expected"),
    [pytest.param(f, v, ctx, g, id=name) for name, f, v, ctx, g in GRADIENTS],
)
def test_gradient(
    function: sympy.Basic, variable: sympy.Basic, context: canonical.Context, expected: sympy.Basic
) -> None:
    builder = canonical.Builder(context)
    gradient = calculus.gradient(builder, poly(function, context), variable)
    assert canonical.equal(gradient, poly(expected, context), context)
    if not isinstance(variable, sympy.Symbol):
        assert (gradient.rows, gradient.cols) == variable.shape


def test_wrong_gradients_are_told_apart() -> None:
    gradient = calculus.gradient(BUILDER, poly(LEAST_SQUARES), x)
    assert not canonical.equal(gradient, poly(T(A) * A * x - T(A) * b))
    assert not canonical.equal(gradient, poly(2 * T(A) * A * x + 2 * T(A) * b))
    quadratic = calculus.gradient(BUILDER, poly(Tr(T(x) * M * x)), x)
    assert not canonical.equal(quadratic, poly(2 * M * x))  # M is not known to be symmetric


HESSIANS = [
    # (name, function, variable, context, Hessian, positive semidefinite by is_gram)
    ("least squares", LEAST_SQUARES, x, PLAIN, 2 * T(A) * A, True),
    ("quadratic form", Tr(T(x) * P * x), x, PLAIN, P + T(P), False),
    ("symmetric quadratic form", Tr(T(x) * M * x), x, SYMMETRIC, 2 * M, False),
    ("squared norm squared", Tr(T(x) * x) ** 2, x, PLAIN, 4 * Tr(T(x) * x) * I + 8 * x * T(x), False),
    ("ridge", LEAST_SQUARES + Tr(T(x) * x), x, PLAIN, 2 * T(A) * A + 2 * I, True),
]


@pytest.mark.parametrize(
    ("function", "variable", "context", "expected", "gram"),
    [pytest.param(f, v, ctx, h, g, id=name) for name, f, v, ctx, h, g in HESSIANS],
)
def test_hessian(
    function: sympy.Basic, variable: sympy.Basic, context: canonical.Context, expected: sympy.Basic, gram: bool
) -> None:
    builder = canonical.Builder(context)
    hessian = calculus.hessian(builder, poly(function, context), variable)
    assert canonical.equal(hessian, poly(expected, context), context)
    assert calculus.is_gram(builder, hessian) is gram


def test_hessian_with_respect_to_a_scalar() -> None:
    assert canonical.equal(calculus.hessian(BUILDER, poly(t**3 * Tr(T(x) * x)), t), poly(6 * t * Tr(T(x) * x)))


JACOBIANS = [
    ("affine", A * x - b, x, A),
    ("square", P * x, x, P),
    ("scaled by a quadratic", Tr(T(x) * x) * x, x, Tr(T(x) * x) * I + 2 * x * T(x)),
    ("vector times a scalar", y * Tr(T(x) * x), x, 2 * y * T(x)),
    ("quadratic form times x", x * T(x) * P * x, x, Tr(T(x) * P * x) * I + x * T(x) * P + x * T(x) * T(P)),
    ("inner 1×1 factor", P * x * T(x) * y, x, Tr(T(x) * y) * P + P * x * T(y)),
]


@pytest.mark.parametrize(
    ("function", "variable", "expected"), [pytest.param(f, v, j, id=name) for name, f, v, j in JACOBIANS]
)
def test_jacobian(function: sympy.Basic, variable: sympy.Basic, expected: sympy.Basic) -> None:
    jacobian = calculus.jacobian(BUILDER, poly(function), variable)
    assert canonical.equal(jacobian, poly(expected))
    assert (jacobian.rows, jacobian.cols) == (poly(function).rows, variable.rows)


DERIVATIVES = [
    (t**2 * Tr(T(x) * x) + 3 * t, 1, 2 * t * Tr(T(x) * x) + 3),
    (t**3 * x, 2, 6 * t * x),
    (sympy.exp(t) * P + t * x * T(x), 1, sympy.exp(t) * P + x * T(x)),
    (c * P, 1, mx.ZeroMatrix(n, n)),
]


@pytest.mark.parametrize(("function", "order", "expected"), DERIVATIVES)
def test_derivative_with_respect_to_a_scalar(function: sympy.Basic, order: int, expected: sympy.Basic) -> None:
    assert canonical.equal(calculus.derivative(BUILDER, poly(function), t, order), poly(expected))


CALCULUS_REFUSALS = [
    (
        "gradient of a vector",
        lambda: calculus.gradient(BUILDER, poly(A * x), x),
        "the gradient of a non-scalar (a Jacobian)",
    ),
    (
        "row-vector Jacobian",
        lambda: calculus.jacobian(BUILDER, poly(T(x) * P), x),
        "a Jacobian other than column by column vector",
    ),
    (
        "Jacobian through an inverse",
        lambda: calculus.jacobian(BUILDER, poly(Inv(P + x * T(x)) * y), x),
        "a Jacobian through an inverse",
    ),
]


@pytest.mark.parametrize(("run", "reason"), [pytest.param(r, m, id=name) for name, r, m in CALCULUS_REFUSALS])
def test_calculus_refuses_what_it_cannot_do(run, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(canonical.NotCanonical) as caught:
        run()
    assert str(caught.value) == reason


# --- index sums, written with the unit vector e as derive.symbolic.translation builds them --------------

A_I = T(A) * e  # a_i, row i of A as a column
B_I = Tr(T(e) * b)  # b_i, entry i of b

SUMS = [
    ("least squares", (Tr(T(A_I) * x) - B_I) ** 2, LEAST_SQUARES),
    ("least squares, other orientation", (Tr(T(x) * A_I) - B_I) ** 2, EXPANDED),
    ("outer products", A_I * T(A_I), T(A) * A),
    ("weighted rows", B_I * A_I, T(A) * b),
    ("projection", A_I * Tr(T(A_I) * x), T(A) * A * x),
    ("squared entries", B_I**2, Tr(T(b) * b)),
    ("cross term", 2 * B_I * Tr(T(A_I) * x), 2 * Tr(T(b) * A * x)),
    ("no index", Tr(T(x) * x), k * Tr(T(x) * x)),
    ("a sum of rows", A_I, T(A) * ONES_K),  # Σ_i e_i = 𝟏
    ("a sum of entries", 3 * B_I, 3 * Tr(T(ONES_K) * b)),
    ("a sum of exponentials", sympy.exp(B_I), Tr(T(ONES_K) * Elementwise("exp", b))),  # Σ_i h(e_iᵀb) = 𝟏ᵀh(b)
]


@pytest.mark.parametrize(("body", "closed"), [pytest.param(body, s, id=name) for name, body, s in SUMS])
def test_sum_over_index_closes(body: sympy.Basic, closed: sympy.Basic) -> None:
    result = calculus.sum_over_index(BUILDER, poly(body), "e", k)
    assert canonical.equal(result, poly(closed))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (sympy.exp(Tr(T(A_I) * A_I)), "the index inside a function of other than one entry"),
        (B_I**3, "a sum whose terms do not pair the index twice"),
    ],
)
def test_sum_over_index_refuses(body: sympy.Basic, reason: str) -> None:
    with pytest.raises(canonical.NotCanonical) as caught:
        calculus.sum_over_index(BUILDER, poly(body), "e", k)
    assert str(caught.value) == reason


def test_gradient_of_the_closed_sum() -> None:
    closed = calculus.sum_over_index(BUILDER, poly((Tr(T(A_I) * x) - B_I) ** 2), "e", k)
    gradient = calculus.gradient(BUILDER, closed, x)
    assert canonical.equal(gradient, poly(2 * T(A) * A * x - 2 * T(A) * b))


GRAM = [
    # (name, matrix, context, is it a sum of c·MᵀM with c > 0)
    ("AᵀA", T(A) * A, PLAIN, True),
    ("AAᵀ", A * T(A), PLAIN, True),
    ("2AᵀA", 2 * T(A) * A, PLAIN, True),
    ("AᵀA + I", T(A) * A + I, PLAIN, True),
    ("identity", I, PLAIN, True),
    ("outer product", x * T(x), PLAIN, True),
    ("MM, M symmetric", M * M, SYMMETRIC, True),
    ("MM without symmetry", M * M, PLAIN, False),
    ("-AᵀA", -T(A) * A, PLAIN, False),
    ("cAᵀA, sign unknown", c * T(A) * A, PLAIN, False),
    ("AᵀA - PᵀP", T(A) * A - T(P) * P, PLAIN, False),
    ("P", P, PLAIN, False),
    ("PᵀQ", T(P) * Q, PLAIN, False),
    ("scalar-weighted", Tr(T(x) * x) * T(A) * A, PLAIN, False),
    ("not square", x, PLAIN, False),
    ("zero", mx.ZeroMatrix(n, n), PLAIN, False),
]


@pytest.mark.parametrize(
    ("matrix", "context", "expected"), [pytest.param(mat, ctx, g, id=name) for name, mat, ctx, g in GRAM]
)
def test_is_gram(matrix: sympy.Basic, context: canonical.Context, expected: bool) -> None:
    assert calculus.is_gram(canonical.Builder(context), poly(matrix, context)) is expected


def test_a_sum_of_squared_rows_closes_into_a_trace() -> None:
    closed = calculus.sum_over_index(BUILDER, poly(Tr(T(A_I) * A_I)), "e", k)
    assert canonical.equal(closed, poly(Tr(A * T(A))))
    assert canonical.equal(closed, poly(Tr(T(A) * A)))


TRACES = [
    ("cyclic", Tr(A * T(A) * A * T(A)), Tr(T(A) * A * T(A) * A)),
    ("transpose", Tr(T(A * T(A) * A * T(A))), Tr(A * T(A) * A * T(A))),
    ("outer product", Tr(x * T(x)), Tr(T(x) * x)),
    ("identity", Tr(sympy.Identity(k)), k),
    ("linear", Tr(A * T(A) + 2 * A * T(A)), 3 * Tr(T(A) * A)),
]


@pytest.mark.parametrize(("left", "right"), [pytest.param(a, b, id=name) for name, a, b in TRACES])
def test_traces_are_cyclic_and_transpose_invariant(left: sympy.Basic, right: sympy.Basic) -> None:
    assert canonical.equal(poly(left), poly(right))


def test_a_trace_is_not_confused_with_its_reordering() -> None:
    square = sympy.MatrixSymbol("S", k, k)
    other = sympy.MatrixSymbol("R", k, k)
    third = sympy.MatrixSymbol("Q", k, k)
    assert not canonical.equal(poly(Tr(square * other * third)), poly(Tr(square * third * other)))


# Scalars made of matrices are coefficients: roots, reciprocals, logarithms, determinants.
SCALAR_FUNCTIONS = [
    ("norm squared", sympy.sqrt(Tr(T(x) * x)) ** 2, Tr(T(x) * x)),
    ("reciprocal", 1 / Tr(T(x) * x) * Tr(T(x) * x), sympy.Integer(1)),
    ("scaled inverse", Inv(Tr(T(x) * x) * P), Inv(P) / Tr(T(x) * x)),
    ("exp of a sum", sympy.exp(Tr(T(x) * x) + Tr(T(y) * y)), sympy.exp(Tr(T(x) * x)) * sympy.exp(Tr(T(y) * y))),
    ("det transpose", mx.Determinant(T(P)), mx.Determinant(P)),
    ("det product", mx.Determinant(P * Q), mx.Determinant(Q) * mx.Determinant(P)),
    ("det inverse", mx.Determinant(Inv(P)) * mx.Determinant(P), sympy.Integer(1)),
    ("inverse of a product", Inv(P * Q), Inv(Q) * Inv(P)),
]


@pytest.mark.parametrize(("left", "right"), [pytest.param(a, b, id=name) for name, a, b in SCALAR_FUNCTIONS])
def test_scalar_functions_of_matrices(left: sympy.Basic, right: sympy.Basic) -> None:
    assert canonical.equal(poly(left), poly(right))


def test_inverse_of_a_gram_matrix_is_not_split() -> None:
    # (AᵀA)⁻¹ ≠ A⁻¹A⁻ᵀ: A is not square, so the inverse stays one atom
    gram = poly(Inv(T(A) * A))
    assert len(gram.terms) == 1 and len(next(iter(gram.terms))) == 1  # one atom: (AᵀA)⁻¹


COOKBOOK_GRADIENTS = [
    ("d log det X", sympy.log(mx.Determinant(P)), P, T(Inv(P))),
    ("d det X", mx.Determinant(P), P, mx.Determinant(P) * T(Inv(P))),
    ("d tr(X^{-1}Q)", Tr(Inv(P) * Q), P, -T(Inv(P) * Q * Inv(P))),
    ("d a^TX^{-1}b", Tr(T(x) * Inv(P) * y), P, -T(Inv(P)) * x * T(y) * T(Inv(P))),
    ("d norm", sympy.sqrt(Tr(T(x) * x)), x, x / sympy.sqrt(Tr(T(x) * x))),
    ("d x^TQ^{-1}x", Tr(T(x) * Inv(Q) * x), x, (Inv(Q) + T(Inv(Q))) * x),
]


@pytest.mark.parametrize(
    ("function", "variable", "expected"), [pytest.param(f, v, e, id=name) for name, f, v, e in COOKBOOK_GRADIENTS]
)
def test_gradients_through_inverses_determinants_and_roots(function, variable, expected) -> None:  # type: ignore[no-untyped-def]
    assert canonical.equal(calculus.gradient(BUILDER, poly(function), variable), poly(expected))
