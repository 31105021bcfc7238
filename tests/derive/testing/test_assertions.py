"""Tests for derive.testing.assertions (assertions for test suites), the modules it re-exports
(derive.testing.shape_specs, derive.testing.gradient_code) and derive.testing.strategies (Hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

import derive
from derive import errors, results
from derive.testing import assertions, gradient_code, shape_specs, strategies
from numeric import tf_loader

LEAST_SQUARES = {"A": "k×n", "b": "k", "x": "n"}


@pytest.fixture(scope="module")
def tf() -> Any:
    return tf_loader.tensorflow()


# --- shapes, written the ways a test writes them -------------------------------------------------

SHAPES = [
    ("k×n", ("k", "n")),
    ("k \\times n", ("k", "n")),
    (("k", "n"), ("k", "n")),
    ((3, 2), (3, 2)),
    ("n", ("n",)),
    ("d_1", ("d_1",)),
    (4, (4,)),
    (None, ()),
    ((), ()),
]


@pytest.mark.parametrize(("spec", "dimensions"), SHAPES)
def test_shape_specs(spec: assertions.ShapeSpec, dimensions: tuple[assertions.Dimension, ...]) -> None:
    assert assertions.dimensions_of("A", spec) == dimensions


@pytest.mark.parametrize("spec", ["k×n×m", "2k", 0, True, ("k", -1), 2.5])
def test_bad_shape_specs_are_usage_errors(spec: Any) -> None:
    with pytest.raises(errors.UsageError, match="shape of A"):
        assertions.dimensions_of("A", spec)


def test_the_helpers_are_exported_lazily_from_derive() -> None:
    assert derive.assert_identity is assertions.assert_identity
    assert derive.assert_gradient_impl is assertions.assert_gradient_impl
    assert issubclass(errors.DerivationAssertionError, AssertionError)
    assert issubclass(errors.DerivationAssertionError, errors.DeriveError)


def test_the_documented_names_stay_in_derive_testing() -> None:
    assert set(assertions.__all__) <= set(vars(assertions))
    assert assertions.assert_gradient_impl is gradient_code.assert_gradient_impl
    assert assertions.GradientCheck is gradient_code.GradientCheck
    assert assertions.dimensions_of is shape_specs.dimensions_of


# --- claims in LaTeX that hold ------------------------------------------------------------------

HOLDING: list[tuple[Callable[..., results.ClaimResult], tuple[str, ...], dict[str, Any], str]] = [
    (assertions.assert_identity, ("(AB)^T", "B^TA^T"), {}, results.PROVED),
    (assertions.assert_identity, (r"\|Ax-b\|_2^2", "x^TA^TAx - 2b^TAx + b^Tb"), {"shapes": LEAST_SQUARES}, results.PROVED),
    (assertions.assert_identity, (r"\operatorname{tr}(AB)", r"\operatorname{tr}(BA)"), {"shapes": {"A": (2, 3), "B": (3, 2)}}, results.PROVED),
    (assertions.assert_gradient, (r"\|Ax-b\|^2", "2A^T(Ax-b)"), {"shapes": LEAST_SQUARES}, results.PROVED),
    (assertions.assert_gradient, ("x^TWx", "2Wx"), {"shapes": {"W": "n×n", "x": "n"}, "assume": ["W symmetric"]}, results.PROVED),
    (assertions.assert_gradient, ("x^TWx", "2Wx"), {"shapes": {"W": "n×n", "x": "n"}, "assume": ["W = W^T"]}, results.PROVED),
    (assertions.assert_gradient, (r"\operatorname{tr}(AXB)", "A^TB^T"), {"wrt": "X"}, results.PROVED),
    (assertions.assert_gradient, (r"\beta^2 t", r"2\beta t"), {"wrt": "beta"}, results.PROVED),
    (assertions.assert_hessian, (r"\|Ax-b\|^2", "2A^TA"), {"shapes": LEAST_SQUARES}, results.PROVED),
    (
        assertions.assert_solution,
        ("A^TAx", "A^Tb", "(A^TA)^{-1}A^Tb"),
        {"shapes": LEAST_SQUARES, "assume": [r"\operatorname{rank}(A) = n"]},
        results.CONDITIONAL,
    ),
]


@pytest.mark.parametrize(("helper", "latex", "options", "verdict"), HOLDING)
def test_claims_that_hold_pass_and_return_their_result(
    helper: Callable[..., results.ClaimResult], latex: tuple[str, ...], options: dict[str, Any], verdict: str
) -> None:
    claim = helper(*latex, **options)
    assert claim.verdict == verdict


def test_a_conditional_solution_names_its_condition() -> None:
    claim = assertions.assert_solution("A^TAx", "A^Tb", "(A^TA)^{-1}A^Tb", shapes=LEAST_SQUARES)
    assert claim.conditions == ("rank(A) = n (A^TA invertible)",)


# --- claims that do not hold -----------------------------------------------------------------------

FAILING = [
    (
        assertions.assert_identity,
        (r"\|Ax-b\|^2", "x^TA^TAx - b^TAx + b^Tb"),
        {"shapes": LEAST_SQUARES},
        ["failed: \\|Ax-b\\|^2 = x^TA^TAx - b^TAx + b^Tb  (identity)", "  counterexample: k = 1, n = 1"],
    ),
    (
        assertions.assert_gradient,
        ("x^TWx", "2Wx"),
        {"shapes": {"W": "n×n", "x": "n"}},
        ["  the derivative is Wx + W^Tx; it holds if W = W^T (declare W symmetric if it is)", "  counterexample: n = 2"],
    ),
    (
        assertions.assert_gradient,
        ("x^TA^TAx", "A^TAx"),
        {"shapes": {"A": "k×n", "x": "n"}},
        ["  the derivative is 2A^TAx", "  counterexample: k = 1, n = 1", "    left side  = 2", "    right side = 1"],
    ),
    (
        assertions.assert_hessian,
        (r"\|Ax-b\|^2", "A^TA"),
        {"shapes": LEAST_SQUARES},
        ["  the derivative is 2A^TA", "    left side  = 2", "    right side = 1"],
    ),
    (
        assertions.assert_solution,
        ("A^TAx", "A^Tb", "A^Tb"),
        {"shapes": LEAST_SQUARES},
        ["failed: x = A^Tb  (solution)"],
    ),
]


@pytest.mark.parametrize(("helper", "latex", "options", "lines"), FAILING)
def test_claims_that_fail_raise_with_the_counterexample_and_the_seed(
    helper: Callable[..., results.ClaimResult], latex: tuple[str, ...], options: dict[str, Any], lines: list[str]
) -> None:
    with pytest.raises(errors.DerivationAssertionError) as raised:
        helper(*latex, seed=7, **options)
    message = str(raised.value).splitlines()
    assert message[0].startswith("failed: ")
    for line in lines:
        assert line in message
    assert message[-1] == "  reproduce with seed=7"
    assert raised.value.seed == 7
    assert isinstance(raised.value.result, results.ClaimResult)
    assert raised.value.result.verdict == results.FAILED


def test_a_failing_identity_shows_both_sides_of_its_counterexample() -> None:
    with pytest.raises(AssertionError) as raised:  # a plain AssertionError to pytest
        assertions.assert_identity("(AB)^T", "A^TB^T", shapes={"A": "n×n", "B": "n×n"}, seed=3)
    message = str(raised.value)
    assert "counterexample: n = 2" in message
    assert "    left side  = " in message and "    right side = " in message
    assert "reproduce with seed=3" in message


@pytest.mark.parametrize(
    ("lhs", "rhs", "first_line", "reason"),
    [
        (r"\Gamma(x)", "x", r"unchecked: \Gamma(x) = x", r"  unsupported: \Gamma"),
        ("f(x)", "x^2", "stated: f(x) = x^2  (definition)", "  a definition: nothing to check"),
    ],
)
def test_claims_that_are_not_checked_raise_with_the_reason(lhs: str, rhs: str, first_line: str, reason: str) -> None:
    with pytest.raises(errors.DerivationAssertionError) as raised:
        assertions.assert_identity(lhs, rhs)
    assert str(raised.value).splitlines()[:2] == [first_line, reason]


def test_an_assumption_derive_cannot_read_is_a_usage_error() -> None:
    with pytest.raises(errors.UsageError, match=r"does not read 'A\^TA \\\\succ 0' as an assumption"):
        assertions.assert_identity("(AB)^T", "B^TA^T", assume=[r"A^TA \succ 0"])


def test_latex_that_cannot_be_read_is_an_input_error_that_shows_the_generated_document() -> None:
    with pytest.raises(errors.LatexSyntaxError) as raised:
        assertions.assert_identity("(AB", "B^TA^T")
    assert "unexpected `=`" in str(raised.value)
    assert "$$ (AB = B^TA^T $$" in raised.value.__notes__[0]


# --- a user's own gradient code: NumPy and TensorFlow ------------------------------------------------


def np_least_squares(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    residual = A @ x - b
    return float(residual @ residual)


NUMPY_GRADIENTS = {
    "right": lambda A, b, x: 2 * A.T @ (A @ x - b),
    "half": lambda A, b, x: A.T @ (A @ x - b),  # off by a factor of 2
    "untransposed": lambda A, b, x: 2 * A @ (A @ x - b),  # Aᵀ written A (A is square here)
}


@pytest.mark.parametrize(
    ("name", "error"),
    [("half", "grad is not the gradient of loss with respect to x: relative error 0.5 > 1e-06"), ("untransposed", None)],
)
def test_numpy_least_squares_gradients_that_are_wrong_are_caught(name: str, error: str | None) -> None:
    with pytest.raises(errors.DerivationAssertionError) as raised:
        assertions.assert_gradient_impl(
            np_least_squares, NUMPY_GRADIENTS[name], shapes={"A": (3, 3), "b": 3, "x": 3}, wrt="x", seed=11
        )
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("grad is not the gradient of loss with respect to x: relative error")
    if error is not None:
        assert lines[0] == error
    assert lines[1] == "  instance 1 of 5 (A: 3×3, b: 3, x: 3):"
    assert lines[2].startswith("    A = [[")
    assert any(line.startswith("  finite differences of loss = [") for line in lines)
    assert any(line.startswith("  grad                       = [") for line in lines)
    assert lines[-1] == "  reproduce with seed=11"
    assert raised.value.seed == 11


def test_a_right_numpy_gradient_passes_against_finite_differences_and_the_claim() -> None:
    check = assertions.assert_gradient_impl(
        np_least_squares, NUMPY_GRADIENTS["right"], shapes={"A": (5, 3), "b": 5, "x": 3}, wrt="x", claim="2A^T(Ax-b)"
    )
    assert check.reference == "finite differences"
    assert check.instances == 5
    assert check.worst_relative_error < 1e-8


def test_a_numpy_gradient_written_as_a_row_is_the_transpose() -> None:
    def row(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
        return 2 * (A @ x - b).T @ A

    with pytest.raises(errors.DerivationAssertionError, match=r"grad has shape \(1, 3\), but x has shape \(3, 1\)"):
        assertions.assert_gradient_impl(
            lambda A, b, x: float(((A @ x - b) ** 2).sum()), row, shapes={"A": (4, 3), "b": (4, 1), "x": (3, 1)}, wrt="x"
        )


def tf_gradients(tf: Any) -> dict[str, Callable[..., Any]]:
    return {
        "right": lambda A, b, x: 2 * tf.transpose(A) @ (A @ x - b),
        "half": lambda A, b, x: tf.transpose(A) @ (A @ x - b),
        "untransposed": lambda A, b, x: 2 * A @ (A @ x - b),
        "row": lambda A, b, x: 2 * tf.transpose(A @ x - b) @ A,
    }


@pytest.mark.parametrize(
    ("name", "shapes", "reason"),
    [
        ("half", {"A": (4, 3), "b": (4, 1), "x": (3, 1)}, "relative error 0.5 > 1e-07"),
        ("untransposed", {"A": (3, 3), "b": (3, 1), "x": (3, 1)}, "relative error"),
        ("row", {"A": (4, 3), "b": (4, 1), "x": (3, 1)}, "grad has shape (1, 3), but x has shape (3, 1)"),
    ],
)
def test_tensorflow_least_squares_gradients_that_are_wrong_are_caught(
    tf: Any, name: str, shapes: dict[str, Any], reason: str
) -> None:
    def loss(A: Any, b: Any, x: Any) -> Any:
        return tf.reduce_sum(tf.square(A @ x - b))

    with pytest.raises(errors.DerivationAssertionError) as raised:
        assertions.assert_gradient_impl(loss, tf_gradients(tf)[name], shapes=shapes, wrt="x", seed=2)
    message = str(raised.value)
    assert reason in message.splitlines()[0]
    assert "  GradientTape of loss = [[" in message
    assert message.endswith("reproduce with seed=2")


def test_a_right_tensorflow_gradient_passes_against_gradient_tape_and_the_claim(tf: Any) -> None:
    def loss(A: Any, b: Any, x: Any) -> Any:
        residual = tf.linalg.matvec(A, x) - b
        return tf.tensordot(residual, residual, 1)

    def grad(A: Any, b: Any, x: Any) -> Any:
        return 2 * tf.linalg.matvec(A, tf.linalg.matvec(A, x) - b, transpose_a=True)

    check = assertions.assert_gradient_impl(loss, grad, shapes={"A": (5, 3), "b": 5, "x": 3}, wrt="x", claim="2A^T(Ax-b)")
    assert check.reference == "GradientTape"
    assert check.worst_relative_error < 1e-12


def test_a_wrong_claim_is_caught_even_when_the_code_is_right(tf: Any) -> None:
    with pytest.raises(errors.DerivationAssertionError) as raised:
        assertions.assert_gradient_impl(
            lambda A, b, x: tf.reduce_sum(tf.square(A @ x - b)),
            tf_gradients(tf)["right"],
            shapes={"A": (4, 3), "b": (4, 1), "x": (3, 1)},
            wrt="x",
            claim="A^T(Ax-b)",
        )
    lines = str(raised.value).splitlines()
    assert lines[0] == "the claim A^T(Ax-b) is not the gradient of loss with respect to x: relative error 0.5 > 1e-07"
    assert any(line.startswith("  the claim A^T(Ax-b)") and line.endswith("= [[-1.765836]") for line in lines)


def test_a_claim_written_as_a_row_is_the_transpose() -> None:
    with pytest.raises(errors.DerivationAssertionError, match="the claim is the transpose of the gradient"):
        assertions.assert_gradient_impl(
            np_least_squares, NUMPY_GRADIENTS["right"], shapes={"A": (4, 3), "b": 4, "x": 3}, wrt="x", claim="2(Ax-b)^TA"
        )


# tr(A X B): the gradient with respect to X is AᵀBᵀ; BA is its transpose, 2AᵀBᵀ off by 2.
TRACE_SHAPES = {"A": (2, 3), "X": (3, 4), "B": (4, 2)}
SQUARE_SHAPES = {"A": (3, 3), "X": (3, 3), "B": (3, 3)}


@pytest.mark.parametrize("backend", ["numpy", "tensorflow"])
@pytest.mark.parametrize(
    ("name", "shapes", "reason"),
    [
        ("right", TRACE_SHAPES, None),
        ("double", TRACE_SHAPES, "relative error 0.5 > "),
        ("transposed", SQUARE_SHAPES, "relative error"),
        ("transposed", TRACE_SHAPES, "grad has shape (4, 3), but X has shape (3, 4)"),
    ],
)
def test_trace_gradients_in_numpy_and_tensorflow(
    request: pytest.FixtureRequest, backend: str, name: str, shapes: dict[str, Any], reason: str | None
) -> None:
    if backend == "numpy":
        loss: Callable[..., Any] = lambda A, X, B: np.trace(A @ X @ B)
        grads = {"right": lambda A, X, B: A.T @ B.T, "double": lambda A, X, B: 2 * A.T @ B.T, "transposed": lambda A, X, B: B @ A}
    else:
        tf = request.getfixturevalue("tf")
        loss = lambda A, X, B: tf.linalg.trace(A @ X @ B)
        grads = {
            "right": lambda A, X, B: tf.transpose(A) @ tf.transpose(B),
            "double": lambda A, X, B: 2 * tf.transpose(B @ A),
            "transposed": lambda A, X, B: B @ A,
        }
    if reason is None:
        check = assertions.assert_gradient_impl(loss, grads[name], shapes=shapes, wrt="X", claim="A^TB^T")
        assert check.reference == ("finite differences" if backend == "numpy" else "GradientTape")
        return
    with pytest.raises(errors.DerivationAssertionError) as raised:
        assertions.assert_gradient_impl(loss, grads[name], shapes=shapes, wrt="X")
    assert reason in str(raised.value).splitlines()[0]


def test_the_same_seed_gives_the_same_failure() -> None:
    def fail(seed: int) -> str:
        with pytest.raises(errors.DerivationAssertionError) as raised:
            assertions.assert_gradient_impl(
                np_least_squares, NUMPY_GRADIENTS["half"], shapes={"A": (3, 2), "b": 3, "x": 2}, wrt="x", seed=seed
            )
        return str(raised.value)

    assert fail(4) == fail(4)
    assert fail(4) != fail(5)


def test_scalar_variables_and_greek_names() -> None:
    check = assertions.assert_gradient_impl(
        lambda t, beta: beta * t**3, lambda t, beta: 3 * beta * t**2, shapes={"t": None, "beta": None}, wrt="t", claim=r"3\beta t^2"
    )
    assert check.claim == r"3\beta t^2"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"shapes": {"A": (3, 3)}, "wrt": "x"}, "wrt='x' is not among the shapes"),
        ({"shapes": {"x": (0, 3)}, "wrt": "x"}, "shape of x"),
        ({"shapes": {"x": 3}, "wrt": "x", "instances": 0}, "instances must be at least 1"),
        ({"shapes": {"x": 3}, "wrt": "x", "claim": "2y"}, "uses y, which shapes does not give"),
        ({"shapes": {"x": 3, "W": (2, 3)}, "wrt": "x", "symmetric": ["W"]}, "must be square"),
    ],
)
def test_gradient_impl_usage_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(errors.UsageError, match=message):
        assertions.assert_gradient_impl(lambda **values: 0.0, lambda x, **rest: 0 * x, **options)


def test_a_loss_that_is_not_scalar_is_a_usage_error() -> None:
    with pytest.raises(errors.UsageError, match=r"loss must return a scalar, but it returned a value of shape \(3,\)"):
        assertions.assert_gradient_impl(lambda x: 2 * x, lambda x: 2 * x, shapes={"x": 3}, wrt="x")


# --- Hypothesis strategies -----------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(strategies.instances({"A": "k×n", "b": "k", "x": "n", "W": "n×n", "t": None}, symmetric=["W"]))
def test_instances_share_their_dimensions_and_follow_the_conventions(values: dict[str, Any]) -> None:
    A, b, x, W = values["A"], values["b"], values["x"], values["W"]
    k, n = A.shape
    assert b.shape == (k, 1) and x.shape == (n, 1) and W.shape == (n, n)
    assert all(value.dtype == np.float64 for value in (A, b, x, W))
    assert isinstance(values["t"], float)
    np.testing.assert_array_equal(W, W.T)
    # ‖Ax − b‖² = xᵀAᵀAx − 2bᵀAx + bᵀb on every instance
    residual = A @ x - b
    expanded = x.T @ A.T @ A @ x - 2 * b.T @ A @ x + b.T @ b
    assert (residual.T @ residual).item() == pytest.approx(expanded.item(), rel=1e-9, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(strategies.positive_definite_matrices(strategies.dimensions(["n"]).map(lambda sizes: sizes["n"])))
def test_positive_definite_matrices_have_a_cholesky_factor(matrix: np.ndarray) -> None:
    np.testing.assert_array_equal(matrix, matrix.T)
    assert np.all(np.linalg.eigvalsh(matrix) > 0)


@settings(max_examples=10, deadline=None)
@given(strategies.matrices(2, 3, elements=strategies.entries(bound=3, integer=True)), strategies.vectors(4))
def test_matrices_and_vectors_have_fixed_shapes(matrix: np.ndarray, vector: np.ndarray) -> None:
    assert matrix.shape == (2, 3) and vector.shape == (4, 1)
    assert np.all(matrix == np.round(matrix)) and np.all(np.abs(matrix) <= 3)


def test_instances_refuse_a_symmetric_matrix_that_is_not_square() -> None:
    @settings(max_examples=1, database=None)
    @given(strategies.instances({"W": "k×n"}, symmetric=["W"]))
    def draw(values: dict[str, Any]) -> None:
        raise AssertionError("no instance should be drawn")

    with pytest.raises(errors.UsageError, match="needs a square shape"):
        draw()


@pytest.mark.parametrize("python_name", ["lambda_", "lam"])
def test_a_keyword_latex_name_is_given_by_its_python_name(python_name: str) -> None:
    # \lambda cannot be a keyword argument: lambda_ (as derive's generated code names it) or lam
    def loss(**values: Any) -> float:
        A, b, x = values["A"], values["b"], values["x"]
        return float((A @ x - b) @ (A @ x - b) + values[python_name] * x @ x)

    def gradient(**values: Any) -> np.ndarray:
        A, b, x = values["A"], values["b"], values["x"]
        return 2 * A.T @ (A @ x - b) + 2 * values[python_name] * x

    shapes = {"A": (4, 3), "b": 4, python_name: None, "x": 3}
    check = derive.assert_gradient_impl(loss, gradient, shapes=shapes, wrt="x", claim=r"2A^T(Ax - b) + 2\lambda x")
    assert check.worst_relative_error < 1e-6
    with pytest.raises(errors.DerivationAssertionError):  # the λ of the claim is the python_name value
        derive.assert_gradient_impl(loss, gradient, shapes=shapes, wrt="x", claim=r"2A^T(Ax - b) + \lambda x")


def test_a_name_a_formula_cannot_use_is_named_alone() -> None:
    with pytest.raises(errors.UsageError, match=r"shapes names '2x', which is not a symbol") as raised:
        derive.assert_gradient_impl(
            lambda **values: 0.0, lambda **values: np.zeros(3),
            shapes={"A": (4, 3), "2x": 3, "x": 3}, wrt="x", claim="A^Tx",
        )
    assert "'A'" not in str(raised.value)  # only the wrong one is named
