"""Derive mode: derived forms asserted symbolically, the emitted document re-checked, generated code run."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import pathlib

import numpy as np
import pytest

from derive import errors, results
from derive.checking import checker
from derive.deriving import codegen, derivation, grad_command, quadratic
from derive.symbolic import canonical
from numeric import floating


@dataclasses.dataclass(frozen=True)
class Case:
    objective: str
    wrt: str
    shapes: dict[str, str] | None
    gradient: str  # any LaTeX with the same canonical form as the gradient
    hessian: str
    solution: str | None  # x = this, or None when ∇f = 0 is not linear
    conditions: tuple[str, ...] = ()


CASES = {
    "least squares": Case(r"\|Ax - b\|_2^2", "x", None, "2A^T(Ax - b)", "2A^TA", "(A^TA)^{-1}A^Tb", ("rank(A) = n",)),
    "ridge": Case(
        r"\|Ax - b\|_2^2 + \lambda \|x\|_2^2", "x", {"A": "k×n", "b": "k"},
        r"2A^TAx + 2\lambda x - 2A^Tb", r"2A^TA + 2\lambda I", r"(A^TA + \lambda I)^{-1}A^Tb",
        (r"A^TA + \lambda I is invertible",),
    ),
    "weighted": Case(
        "(Ax - b)^TW(Ax - b)", "x", {"A": "k×n", "b": "k", "W": "k×k symmetric"},
        "2A^TWAx - 2A^TWb", "2A^TWA", "(A^TWA)^{-1}A^TWb", ("A^TWA is invertible",),
    ),
    "quadratic form": Case("x^TBx + c^Tx", "x", None, "(B + B^T)x + c", "B^T + B", "-(B + B^T)^{-1}c", ("B + B^T is invertible",)),
    "scalar": Case("t^3 + 2t", "t", None, "3t^2 + 2", "6t", None),
}


@functools.cache
def derived(name: str) -> derivation.Derivation:
    case = CASES[name]
    return derivation.derive_objective(case.objective, wrt=case.wrt, shapes=case.shapes)


@pytest.mark.parametrize("name", CASES)
def test_gradient_hessian_and_solution_are_the_right_polynomials(name: str) -> None:
    case, result = CASES[name], derived(name)
    problem = result.problem
    assert canonical.equal(result.gradient, problem.poly(case.gradient), problem.context)
    assert result.hessian is not None and canonical.equal(result.hessian, problem.poly(case.hessian), problem.context)
    if case.solution is None:
        assert result.solution is None
        return
    assert result.solution is not None
    assert canonical.equal(result.solution.value, problem.poly(case.solution), problem.context)
    assert result.solution.conditions == case.conditions


@pytest.mark.parametrize("name", CASES)
def test_the_emitted_document_passes_derive_check(name: str, tmp_path: pathlib.Path) -> None:
    result = derived(name)
    assert result.ok, [c for c in result.report.claims if c.verdict not in results.PASSING | {results.STATED}]
    path = tmp_path / "derivation.md"
    path.write_text(result.markdown, encoding="utf-8")
    again = checker.check(path)  # what `derive check derivation.md` runs
    assert not again.failed and not again.unchecked
    assert [c.verdict for c in again.claims] == [s.verdict for s in result.steps]


def test_the_running_example_step_by_step() -> None:
    result = derived("least squares")
    expected = [
        ("objective", r"f(x) = \|Ax - b\|_2^2", results.STATED),
        ("expanded", "= x^TA^TAx - 2b^TAx + b^Tb", results.PROVED),
        ("gradient", r"\nabla f(x) = 2A^TAx - 2A^Tb", results.PROVED),
        ("factored", "= 2A^T(Ax - b)", results.PROVED),
        ("hessian", r"\nabla^2 f(x) = 2A^TA", results.PROVED),
        ("stationarity", r"\nabla f(x) = 0", results.STATED),
        ("system", "A^TAx = A^Tb", results.PROVED),
        ("solution", "x = (A^TA)^{-1}A^Tb", results.CONDITIONAL),
        ("minimum-norm", "x = A^{+}b", results.CONSISTENT),
        ("convexity", r"2A^TA \succeq 0", results.PROVED),
    ]
    assert [(s.name, s.latex, s.verdict) for s in result.steps] == expected
    solution = result.step("solution")
    assert solution is not None and solution.result is not None
    assert solution.result.conditions == ("rank(A) = n (A^TA invertible)",)
    assert result.convexity is not None and result.convexity.convex is True


@pytest.mark.parametrize(
    ("name", "factored", "convex"),
    [
        ("ridge", r"2((A^TA + \lambda I)x - A^Tb)", True),
        ("weighted", "2A^TW(Ax - b)", True),
        ("quadratic form", "(B + B^T)x + c", False),
        ("scalar", None, False),
    ],
)
def test_factored_gradient_and_convexity(name: str, factored: str | None, convex: bool) -> None:
    result = derived(name)
    assert result.factored == factored
    assert result.convexity is not None and result.convexity.convex is convex
    if not convex:
        assert result.convexity.witness is not None and result.convexity.witness.curvature < 0


def test_ridge_convexity_needs_a_non_negative_lambda() -> None:
    convexity = derived("ridge").convexity
    assert convexity is not None and convexity.conditions == (r"\lambda \geq 0",)


def test_the_scalar_solution_of_a_linear_derivative() -> None:
    result = derivation.derive_objective("(t - a)^2", wrt="t")
    assert result.ok and result.solution is not None
    assert canonical.equal(result.solution.value, result.problem.poly("a"), result.problem.context)


def test_a_scalar_solution_and_an_identity_hessian_are_checked_steps() -> None:
    scalar = derivation.derive_objective("a t^2 - 2bt", wrt="t")
    solution = scalar.step("solution")
    assert solution is not None and solution.latex == r"t = \frac{b}{a}" and solution.verdict == results.CONDITIONAL
    wrong = derivation.derive_objective("(t - a)^2", wrt="t").report
    assert [c.verdict for c in wrong.claims if c.kind == "solution"] == [results.PROVED]
    vector = derivation.derive_objective(r"\|x - c\|^2", shapes={"x": "n", "c": "n"})
    convexity = vector.step("convexity")
    assert convexity is not None and convexity.latex == r"2I \succeq 0" and convexity.verdict == results.PROVED


def test_the_variable_of_a_bare_norm_gets_its_solution_directly() -> None:
    result = derivation.derive_objective(r"\|x - c\|^2 + 2\|x\|^2")
    assert result.ok
    assert [s.latex for s in result.steps if s.name in ("system", "solution")] == ["3x = c", r"x = \frac{1}{3} c"]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("backend", codegen.BACKENDS)
def test_generated_code_agrees_with_gradient_tape(name: str, backend: str) -> None:
    result = derived(name)
    source = {"numpy": codegen.emit_numpy, "tensorflow": codegen.emit_tensorflow}[backend](result)
    functions = codegen.load(source)
    assert set(functions) == {"objective", "gradient", "hessian"}
    for instance, expected in codegen.samples(result, np.random.default_rng(7), count=3):
        for function, value in expected.items():
            got = codegen.call(functions[function], instance, backend)
            assert floating.relative_error(np.ravel(got), np.ravel(value)) <= 1e-12, (function, source)


def _hand_written(name: str) -> dict[str, object]:
    """What a careful person writes by hand for these problems (the forms benchmarks/generated_code.py times)."""
    if name == "least squares":
        return {"objective": lambda A, b, x: (A @ x - b) @ (A @ x - b), "gradient": lambda A, b, x: 2 * A.T @ (A @ x - b),
                "hessian": lambda A, b, x: 2 * A.T @ A}
    if name == "ridge":
        return {"objective": lambda A, b, lambda_, x: (A @ x - b) @ (A @ x - b) + lambda_ * x @ x,
                "gradient": lambda A, b, lambda_, x: 2 * A.T @ (A @ x - b) + 2 * lambda_ * x,
                "hessian": lambda A, b, lambda_, x: 2 * A.T @ A + 2 * lambda_ * np.eye(A.shape[1])}
    assert name == "weighted"
    return {"objective": lambda A, b, W, x: (A @ x - b) @ W @ (A @ x - b), "gradient": lambda A, b, W, x: 2 * A.T @ W @ (A @ x - b),
            "hessian": lambda A, b, W, x: 2 * A.T @ W @ A}


@pytest.mark.parametrize("name", ["least squares", "ridge", "weighted"])
@pytest.mark.parametrize("backend", codegen.BACKENDS)
def test_generated_code_equals_hand_written_numpy(name: str, backend: str) -> None:
    functions = codegen.load(codegen.generate(derived(name), backend).source)
    rng = np.random.default_rng(11)
    k, n = 7, 4
    M = rng.standard_normal((k, k))
    instance = {"A": rng.standard_normal((k, n)), "b": rng.standard_normal(k), "x": rng.standard_normal(n),
                "lambda_": 0.3, "W": M @ M.T}
    for function, hand in _hand_written(name).items():
        arguments = {key: instance[key] for key in hand.__code__.co_varnames[: hand.__code__.co_argcount]}  # type: ignore[attr-defined]
        got = np.asarray(codegen.call(functions[function], arguments, backend))
        assert floating.relative_error(np.ravel(got), np.ravel(hand(**arguments))) <= 1e-13, (name, function)  # type: ignore[operator]


def test_generated_frobenius_gradient_equals_hand_written_numpy() -> None:
    result = derivation.derive_objective(r"\|AXB - C\|_F^2", wrt="X")
    rng = np.random.default_rng(5)
    A, X, B, C = (rng.standard_normal(shape) for shape in ((6, 4), (4, 3), (3, 5), (6, 5)))
    for backend in codegen.BACKENDS:
        functions = codegen.load(codegen.generate(result, backend).source)
        got = np.asarray(codegen.call(functions["gradient"], {"A": A, "B": B, "C": C, "X": X}, backend))
        assert floating.relative_error(np.ravel(got), np.ravel(2 * A.T @ (A @ X @ B - C) @ B.T)) <= 1e-13
        value = float(codegen.call(functions["objective"], {"A": A, "B": B, "C": C, "X": X}, backend))
        assert abs(value - np.linalg.norm(A @ X @ B - C) ** 2) <= 1e-12 * value


def test_generated_numpy_reads_like_the_math() -> None:
    source = codegen.emit_numpy(derived("least squares"))
    # the factored form, a matrix-vector product each way, the 2 applied last: never the n×n AᵀA
    assert "def gradient(A, b, x):\n    # 2A^TAx - 2A^Tb\n    # flops: 4*k*n + k + n\n    return 2 * (A.T @ (A @ x - b))\n" in source
    assert "    r0 = A @ x - b\n    return r0 @ r0\n" in source  # as written: cheaper than expanded, which reads A twice
    assert "    return 2 * (A.T @ A)\n" in source  # BLAS's symmetric product, then the scaling
    assert "def objective(A, b, lambda_, x):" in codegen.emit_numpy(derived("ridge"))  # a keyword made safe


def test_generated_tensorflow_uses_single_kernels() -> None:
    source = codegen.emit_tensorflow(derived("least squares"))
    # eager tf.tensordot reshapes and transposes before its product: an inner product is one multiply and one sum
    assert "    r0 = tf.linalg.matvec(A, x) - b\n    return tf.reduce_sum(r0 * r0)\n" in source and "tensordot" not in source
    assert "tf.linalg.matvec(A, tf.linalg.matvec(A, x) - b, transpose_a=True)" in source  # Aᵀ never materialised
    assert "tf.linalg.matmul(A, A, transpose_a=True)" in source


def test_expanded_where_written_is_dearer() -> None:
    # x^TAx - 2c^Tx has no sum to compute once: the expanded form is what is printed
    source = codegen.emit_numpy(derivation.derive_objective("x^TBx - 2c^Tx", shapes={"B": "n×n symmetric"}))
    assert "    # x^TBx - 2c^Tx\n" in source and "r0" not in source


@pytest.mark.parametrize(
    ("objective", "wrt", "shapes", "decision", "form"),
    [
        (r"\|Ax - b\|_2^2", "x", None, True, r"\|Ax - b\|^2"),
        (r"\|Ax - b\|_2^2 + \lambda \|x\|_2^2", "x", None, True, r"\|Ax - b\|^2 + \lambda\|x\|^2"),
        ("(Ax - b)^TW(Ax - b)", "x", {"W": "k×k symmetric"}, True, "(Ax - b)^TW(Ax - b)"),
        ("x^Tx - 2c^Tx", "x", None, True, r"\|x - c\|^2 - c^Tc"),
        ("(t - 1)^2 + 3", "t", None, True, "(t - 1)^2 + 3"),
        ("-x^2", "x", None, False, None),
        ("x^TBx + c^Tx", "x", None, False, None),
        (r"\|Ax\|^2 + c^Tx", "x", None, False, None),
        ("t^3 + 2t", "t", None, False, None),
    ],
)
def test_is_it_least_squares(objective: str, wrt: str, shapes: dict[str, str] | None, decision: bool, form: str | None) -> None:
    answer = quadratic.least_squares_form(objective, wrt=wrt, shapes=shapes)
    assert answer.decision is decision, answer.reason
    assert answer.form == form
    if decision:
        assert answer.check is not None and answer.check.verdict == results.PROVED
    elif "t^3" not in objective:  # a quadratic that is not least squares: a direction along which f is unbounded below
        assert answer.direction is not None
        assert answer.direction.curvature < 0 or answer.direction.slope < 0


def test_minus_x_squared_has_a_direction_of_negative_curvature() -> None:
    answer = quadratic.least_squares_form("-x^2")
    assert answer.direction is not None
    assert answer.direction.direction == (1.0,) and answer.direction.curvature == -1.0


def test_ridge_as_one_norm() -> None:
    answer = quadratic.least_squares_form(r"\|Ax - b\|_2^2 + \lambda \|x\|_2^2")
    assert answer.conditions == (r"\lambda \geq 0",)
    assert answer.stacked == (r"\begin{bmatrix} A \\ \sqrt{\lambda} I \end{bmatrix}", r"\begin{bmatrix} b \\ 0 \end{bmatrix}")


@pytest.mark.parametrize(
    ("objective", "options", "error", "message", "offset"),
    [
        (r"\|Ax - b\|_2^2 + (", {}, errors.LatexSyntaxError, "ends too early", 18),
        ("Ax", {}, errors.ShapeError, "must be a number (1×1); it is a column vector", 0),
        ("x^TAx", {"shapes": {"A": "k×n"}}, errors.ShapeError, "cannot multiply", 4),
        ("x^TAx", {"wrt": "y"}, errors.UsageError, "does not depend on y", None),
        ("x^TAx", {"shapes": {"A": "k×"}}, errors.UsageError, "expected rows×cols", None),
        ("x^TAx", {"shapes": {"B": "n×n"}}, errors.UsageError, "shapes given for B", None),
        ("$x^Tx$", {}, errors.LatexSyntaxError, "without `$`", 0),
    ],
)
def test_input_errors_say_what_and_where(objective: str, options: dict, error: type, message: str, offset: int | None) -> None:
    with pytest.raises(error) as raised:
        derivation.derive_objective(objective, **options)
    assert message in str(raised.value)
    if offset is not None:
        assert raised.value.offset == offset


def _grad(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="derive")
    grad_command.add_parser(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["grad", *argv])
    return grad_command.run(arguments)


def test_cli_markdown_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    assert _grad([r"\|Ax - b\|_2^2", "--format", "markdown"]) == grad_command.EXIT_OK
    document = capsys.readouterr().out
    assert not checker.check_text(document).failed
    assert "$$ = 2A^T(Ax - b) $$" in document


def test_cli_table_and_code(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    assert _grad([r"\|Ax - b\|_2^2", "--emit", "numpy", "--least-squares", "--no-color"]) == grad_command.EXIT_OK
    captured = capsys.readouterr()
    # `--emit numpy > grad.py`: the table goes to stderr, standard output is the module alone
    assert "conditional" in captured.err and "least squares: yes" in captured.err and "def hessian(A, b, x):" in captured.out
    assert "┃" not in captured.out and "derivation:" not in captured.out
    namespace: dict[str, object] = {}
    exec(compile(captured.out, "grad.py", "exec"), namespace)  # noqa: S102 - the code derive printed
    assert {"objective", "gradient", "hessian"} <= set(namespace)
    target = tmp_path / "grad.py"
    assert _grad(["t^3 + 2t", "--wrt", "t", "--emit", "tensorflow", "-o", str(target)]) == grad_command.EXIT_OK
    assert "def gradient(t):\n    # 3t^{2} + 2\n    return 3 * t ** 2 + 2\n" in target.read_text("utf-8")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([r"\|Ax - b\|_2^2 + ("], "objective:1:19: the formula ends too early"),
        (["x^TAx", "--wrt", "y"], "derive grad: error: the objective does not depend on y"),
        (["x^TAx", "--shapes", "A k×n"], "derive grad: error: --shapes: expected name:shape"),
    ],
)
def test_cli_input_errors_exit_2(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _grad(argv) == grad_command.EXIT_INPUT
    assert capsys.readouterr().err.startswith(expected)


@pytest.mark.parametrize("wrt", ["theta", "\\theta"])
def test_a_greek_variable_may_be_named_without_its_backslash(wrt: str) -> None:
    derived = derivation.derive_objective("\\|X\\theta - y\\|^2", wrt=wrt)
    spelled = derivation.derive_objective("\\|Xv - y\\|^2", wrt="v")
    assert derived.ok
    # the same gradient as for a Latin name, 2XᵀXθ - 2Xᵀy
    shown = derived.problem.latex(derived.gradient)
    assert "\\theta" in shown
    assert shown.replace("\\theta", "v") == spelled.problem.latex(spelled.gradient)


@pytest.mark.parametrize("backend", codegen.BACKENDS)
def test_a_multiple_of_the_identity_is_added_to_the_diagonal_and_no_argument_is_changed(backend: str) -> None:
    # ½xᵀWx + λ‖x‖² with W symmetric: the Hessian is W + 2λI, where W alone is an argument
    result = derivation.derive_objective(r"\frac12 x^T W x + \lambda \|x\|^2", shapes={"W": "n×n symmetric", "x": "n"})
    source = codegen.generate(result, backend).source
    hessian_code = source[source.index("def hessian"):]
    assert "eye" not in hessian_code and ("diag_indices_from" in hessian_code or "set_diag" in hessian_code)
    functions = codegen.load(source)
    rng = np.random.default_rng(5)
    M = rng.standard_normal((4, 4))
    W = M + M.T
    kept = W.copy()
    got = np.asarray(codegen.call(functions["hessian"], {"W": W, "lambda_": 0.7, "x": rng.standard_normal(4)}, backend))
    assert np.allclose(got, W + 1.4 * np.eye(4), rtol=1e-13, atol=1e-13)
    assert np.array_equal(W, kept)  # the in-place update worked on a copy
