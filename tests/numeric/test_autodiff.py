"""GradientTape agrees with closed-form gradients and Hessians and catches wrong ones."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from numeric import autodiff, errors, lambdify


def _cases(least_squares, count: int = 6) -> list[dict]:
    rng = np.random.default_rng(11)
    sizes = [(1, 1), (4, 2), (2, 4), (6, 3), (3, 3), (8, 5)]
    return [least_squares.instance(rng, k, n) for k, n in sizes[:count]]


def test_gradient_of_least_squares_is_two_a_transpose_residual(least_squares) -> None:
    f = lambdify.to_tensorflow(least_squares.objective, least_squares.args)
    for case in _cases(least_squares):
        a, x, b = case["v0"], case["v1"], case["v2"]
        gradient = autodiff.gradient(f, case, "v1")
        assert isinstance(gradient, np.ndarray) and gradient.shape == x.shape
        np.testing.assert_allclose(gradient, 2 * a.T @ (a @ x - b), rtol=1e-10, atol=1e-12)


def test_hessian_of_least_squares_is_two_a_transpose_a(least_squares) -> None:
    f = lambdify.to_tensorflow(least_squares.objective, least_squares.args)
    for case in _cases(least_squares):
        a = case["v0"]
        np.testing.assert_allclose(
            autodiff.hessian(f, case, "v1"), 2 * a.T @ a, rtol=1e-10, atol=1e-12
        )


def test_hessian_over_a_matrix_variable_is_taken_column_by_column(least_squares) -> None:
    f = lambdify.to_tensorflow(least_squares.objective, least_squares.args)
    case = least_squares.instance(np.random.default_rng(2), 3, 2)
    x = case["v1"]
    np.testing.assert_allclose(
        autodiff.hessian(f, case, "v0"), 2 * np.kron(x @ x.T, np.eye(3)), atol=1e-12
    )


def test_compare_gradient_passes_the_right_gradient_and_catches_the_wrong_one(
    least_squares,
) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(ls.objective, ls.args)
    cases = _cases(ls)
    right = autodiff.compare_gradient(f, lambdify.to_numpy(ls.gradient, ls.args), cases, "v1")
    wrong = autodiff.compare_gradient(f, lambdify.to_numpy(ls.wrong_gradient, ls.args), cases, "v1")
    assert right.agreed and right.instances == len(cases), right.detail
    assert not wrong.agreed and wrong.worst_relative_error > 0.01
    a, x, b = (wrong.failing[name] for name in ("v0", "v1", "v2"))
    np.testing.assert_allclose(wrong.lhs, 2 * a.T @ a @ x - a.T @ b)
    np.testing.assert_allclose(wrong.rhs, 2 * a.T @ (a @ x - b))


def test_compare_gradient_reports_a_row_vector_gradient(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(ls.objective, ls.args)
    result = autodiff.compare_gradient(
        f, lambdify.to_numpy(ls.gradient.T, ls.args), _cases(ls)[1:2], "v1"
    )
    assert not result.agreed
    assert result.detail == "shapes differ on instance 1: lhs (1, 2), rhs (2, 1)"


def test_compare_hessian_passes_two_a_transpose_a_and_catches_a_transpose_a(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(ls.objective, ls.args)
    cases = _cases(ls)[1:]  # k = n = 1 may have |2a²| below the floor of relative errors
    assert autodiff.compare_hessian(f, lambdify.to_numpy(ls.hessian, ls.args), cases, "v1").agreed
    wrong = autodiff.compare_hessian(f, lambdify.to_numpy(ls.wrong_hessian, ls.args), cases, "v1")
    assert not wrong.agreed
    assert wrong.worst_relative_error == pytest.approx(0.5)


T = sympy.Symbol("v0")
POSITION = 4 * T**3 - 3 * T**2 + sympy.exp(T / 2) + sympy.log(T)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (1, 12 * T**2 - 6 * T + sympy.exp(T / 2) / 2 + 1 / T),
        (2, 24 * T - 6 + sympy.exp(T / 2) / 4 - 1 / T**2),
    ],
)
def test_derivative_of_position_gives_velocity_and_acceleration(
    order: int, expected: sympy.Expr
) -> None:
    position = lambdify.to_tensorflow(POSITION, [T])
    for t in (0.25, 1.0, 3.5):
        assert autodiff.derivative(position, {"v0": t}, "v0", order) == pytest.approx(
            float(expected.subs(T, t)), rel=1e-12
        )


def test_gradient_of_a_function_that_ignores_the_variable_is_zero(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(sympy.Trace(ls.b.T * ls.b), ls.args)
    case = _cases(ls)[3]
    np.testing.assert_array_equal(autodiff.gradient(f, case, "v1"), np.zeros((3, 1)))
    np.testing.assert_array_equal(autodiff.hessian(f, case, "v1"), np.zeros((3, 3)))


def test_linear_function_has_zero_hessian(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(sympy.Trace(ls.b.T * ls.a * ls.x), ls.args)
    np.testing.assert_array_equal(autodiff.hessian(f, _cases(ls)[3], "v1"), np.zeros((3, 3)))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda f, case: autodiff.gradient(f, case, "v1"),
            errors.InvalidArgument,
            r"must be scalar-valued, but it returned shape \(3, 1\)",
        ),
        (
            lambda f, case: autodiff.gradient(f, case, "v9"),
            errors.InvalidArgument,
            "no value for v9",
        ),
        (
            lambda f, case: autodiff.derivative(f, case, "v1", 1),
            errors.InvalidArgument,
            "needs a scalar variable",
        ),
        (
            lambda f, case: autodiff.derivative(f, case, "v1", 3),
            errors.InvalidArgument,
            "must be 1 or 2, got 3",
        ),
    ],
)
def test_bad_requests_are_refused(least_squares, call, error, message: str) -> None:
    f = lambdify.to_tensorflow(least_squares.gradient, least_squares.args)
    with pytest.raises(error, match=message):
        call(f, _cases(least_squares)[3])


def test_compare_hessian_of_a_cubic_with_constant_matrices() -> None:
    n = sympy.Symbol("n", integer=True, positive=True)
    x, b = sympy.MatrixSymbol("v1", n, 1), sympy.MatrixSymbol("v2", n, 1)
    xx, bx = sympy.Trace(x.T * x), sympy.Trace(b.T * x)
    f = lambdify.to_tensorflow(xx * bx, [x, b])
    right = 2 * bx * sympy.Identity(n) + 2 * x * b.T + 2 * b * x.T
    wrong = 2 * bx * sympy.Identity(n) + 4 * x * b.T
    rng = np.random.default_rng(12)
    cases = [
        {"v1": rng.standard_normal((4, 1)), "v2": rng.standard_normal((4, 1))} for _ in range(5)
    ]
    hessian = lambdify.to_numpy(right, [x, b], dimensions={"n": 4})
    assert autodiff.compare_hessian(f, hessian, cases, "v1").agreed
    tf_hessian = lambdify.to_tensorflow(right, [x, b], dimensions={"n": 4})
    np.testing.assert_allclose(tf_hessian(**cases[0]).numpy(), hessian(**cases[0]), rtol=1e-12)
    assert not autodiff.compare_hessian(
        f, lambdify.to_numpy(wrong, [x, b], dimensions={"n": 4}), cases, "v1"
    ).agreed


def test_hessian_vector_products_match_the_hessian(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(ls.objective, ls.args)
    rng = np.random.default_rng(13)
    for case in _cases(ls):
        for wrt in ("v1", "v0"):
            vector = rng.standard_normal(case[wrt].shape)
            product = autodiff.hessian_vector_product(f, case, wrt, vector)
            hessian = autodiff.hessian(f, case, wrt)
            expected = (hessian @ vector.reshape(-1, order="F")).reshape(vector.shape, order="F")
            assert product.shape == vector.shape
            np.testing.assert_allclose(product, expected, rtol=1e-10, atol=1e-12)


def test_hessian_vector_product_of_a_cubic_and_of_a_scalar_function() -> None:
    n = sympy.Symbol("n", integer=True, positive=True)
    x, b = sympy.MatrixSymbol("v1", n, 1), sympy.MatrixSymbol("v2", n, 1)
    f = lambdify.to_tensorflow(sympy.Trace(x.T * x) * sympy.Trace(b.T * x), [x, b])
    rng = np.random.default_rng(14)
    xv, bv, v = (rng.standard_normal((5, 1)) for _ in range(3))
    hessian = 2 * float((bv.T @ xv)[0, 0]) * np.eye(5) + 2 * xv @ bv.T + 2 * bv @ xv.T
    np.testing.assert_allclose(
        autodiff.hessian_vector_product(f, {"v1": xv, "v2": bv}, "v1", v), hessian @ v, rtol=1e-12
    )
    position = lambdify.to_tensorflow(POSITION, [T])
    assert autodiff.hessian_vector_product(position, {"v0": 2.0}, "v0", 3.0) == pytest.approx(
        3.0 * float((24 * T - 6 + sympy.exp(T / 2) / 4 - 1 / T**2).subs(T, 2.0)), rel=1e-12
    )


def test_hessian_vector_product_of_a_linear_function_is_zero(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(sympy.Trace(ls.b.T * ls.a * ls.x), ls.args)
    case = _cases(ls)[3]
    np.testing.assert_array_equal(
        autodiff.hessian_vector_product(f, case, "v1", np.ones((3, 1))), np.zeros((3, 1))
    )


def test_hessian_vector_product_needs_a_vector_shaped_like_the_variable(least_squares) -> None:
    f = lambdify.to_tensorflow(least_squares.objective, least_squares.args)
    message = r"the vector has shape \(1, 3\), but v1 has shape \(3, 1\)"
    with pytest.raises(errors.InvalidArgument, match=message):
        autodiff.hessian_vector_product(f, _cases(least_squares)[3], "v1", np.ones((1, 3)))


def test_compiled_hessian_matches_the_eager_one(least_squares) -> None:
    ls = least_squares
    f = lambdify.to_tensorflow(ls.objective, ls.args)
    for case in _cases(ls)[1:4]:
        for wrt in ("v1", "v0"):
            compiled = autodiff.hessian(f, case, wrt, compiled=True)
            np.testing.assert_allclose(compiled, autodiff.hessian(f, case, wrt), atol=1e-12)
    position = lambdify.to_tensorflow(POSITION, [T])
    assert autodiff.hessian(position, {"v0": 1.0}, "v0", compiled=True) == pytest.approx(
        autodiff.derivative(position, {"v0": 1.0}, "v0", 2), rel=1e-12
    )


def test_compiled_functions_report_singular_inverses() -> None:
    n = sympy.Symbol("n", integer=True, positive=True)
    a, x = sympy.MatrixSymbol("v0", n, n), sympy.MatrixSymbol("v1", n, 1)
    f = lambdify.to_tensorflow(sympy.Trace(x.T * sympy.Inverse(a) * x), [a, x])
    with pytest.raises(errors.EvaluationError, match="no value here"):
        singular = {"v0": np.ones((2, 2)), "v1": np.ones((2, 1))}
        autodiff.hessian_vector_product(f, singular, "v1", np.ones((2, 1)))
