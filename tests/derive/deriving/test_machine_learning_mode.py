"""Derive mode on logistic regression: gradient, Hessian, convexity proved; stable code checked against GradientTape."""

from __future__ import annotations

import argparse
import functools
import pathlib

import numpy as np
import pytest

from derive import results
from derive.checking import checker
from derive.deriving import codegen, derivation, grad_command
from derive.symbolic import canonical
from numeric import floating, tf_loader

LOGISTIC = r"-y^T\log\sigma(X\theta) - (\mathbf 1 - y)^T\log(\mathbf 1 - \sigma(X\theta))"


@functools.cache
def logistic() -> derivation.Derivation:
    return derivation.derive_objective(LOGISTIC, wrt="theta", shapes={"X": "N×d", "y": "N"})


def test_logistic_gradient_and_hessian_are_the_textbook_ones() -> None:
    result = logistic()
    problem = result.problem
    assert canonical.equal(result.gradient, problem.poly(r"X^T(\sigma(X\theta) - y)"), problem.context)
    assert result.hessian is not None
    textbook = r"X^T\operatorname{diag}(\sigma(X\theta) \odot (\mathbf 1 - \sigma(X\theta)))X"
    assert canonical.equal(result.hessian, problem.poly(textbook), problem.context)
    # a wrong Hessian (the sign of the weights flipped) is a different polynomial
    assert not canonical.equal(result.hessian, problem.poly(r"-" + textbook), problem.context)


def test_every_logistic_step_is_proved_and_convexity_is_said() -> None:
    result = logistic()
    verdicts = {step.name: step.verdict for step in result.steps}
    assert verdicts == {
        "objective": results.STATED, "expanded": results.PROVED, "gradient": results.PROVED,
        "factored": results.PROVED, "hessian": results.PROVED, "stationarity": results.STATED,
        "convexity": results.PROVED,
    }
    assert result.convexity is not None and result.convexity.convex is True
    assert result.solution is None
    assert any("no closed-form solution" in note for note in result.notes)
    assert "no closed-form solution" in result.markdown
    factored = result.step("factored")
    assert factored is not None and factored.latex == r"= X^T(\sigma(X\theta) - y)"


def test_the_emitted_logistic_document_passes_derive_check(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "logistic.md"
    path.write_text(logistic().markdown, encoding="utf-8")
    again = checker.check(path)
    assert not again.failed and not again.unchecked
    assert [claim.verdict for claim in again.claims] == [step.verdict for step in logistic().steps]


def _naive_loss(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> float:
    p = 1 / (1 + np.exp(-(X @ theta)))
    return float(-(y @ np.log(p)) - (1 - y) @ np.log(1 - p))


def _overflowing_instance() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20, 3))
    theta = np.array([300.0, -250.0, 400.0])  # |Xθ| in the hundreds: exp(-z) overflows, σ rounds to 0 or 1
    y = (rng.random(20) < 0.5).astype(float)
    return X, y, theta


def _stable_reference(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """The loss written with tf.math.log_sigmoid by hand, differentiated by GradientTape (twice)."""
    tf = tf_loader.tensorflow()
    X_t, y_t, t = (tf.constant(v, dtype=tf.float64) for v in (X, y, theta))
    with tf.GradientTape() as outer:
        outer.watch(t)
        with tf.GradientTape() as inner:
            inner.watch(t)
            z = tf.linalg.matvec(X_t, t)
            loss = -tf.reduce_sum(y_t * tf.math.log_sigmoid(z) + (1 - y_t) * tf.math.log_sigmoid(-z))
        gradient = inner.gradient(loss, t)
    hessian = outer.jacobian(gradient, t)
    return float(loss.numpy()), gradient.numpy(), hessian.numpy()


@pytest.mark.parametrize("backend", codegen.BACKENDS)
def test_generated_logistic_code_is_finite_where_the_naive_form_overflows(backend: str) -> None:
    X, y, theta = _overflowing_instance()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        assert not np.isfinite(_naive_loss(X, y, theta))  # log(1/(1 + exp(-z))) gives inf or nan here
    functions = codegen.load(codegen.generate(logistic(), backend).source)
    instance = {"X": X, "y": y, "theta": theta}
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        got = {name: np.asarray(codegen.call(functions[name], instance, backend)) for name in functions}
    loss, gradient, hessian = _stable_reference(X, y, theta)
    assert all(np.all(np.isfinite(value)) for value in got.values())
    assert loss > 100  # a confident wrong prediction costs |z|: the value is large, not inf
    assert floating.relative_error(got["objective"].ravel(), np.array([loss])) < 1e-12
    assert floating.relative_error(got["gradient"].ravel(), gradient.ravel()) < 1e-12
    assert floating.relative_error(got["hessian"].ravel(), hessian.ravel()) < 1e-9


def test_generated_numpy_is_one_product_with_x_each_way() -> None:
    source = codegen.emit_numpy(logistic())
    assert "    z0 = X @ theta\n    return X.T @ (0.5 + 0.5 * np.tanh(0.5 * z0) - y)\n" in source
    assert "np.diag" not in source and "[:, None] * X" in source  # diag(s)X scales rows: no N×N matrix
    tensorflow = codegen.emit_tensorflow(logistic())
    assert "tf.math.softplus(z0)" in tensorflow and "tf.math.sigmoid(z0) - y" in tensorflow


def test_cli_emits_checked_logistic_code(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="derive")
    grad_command.add_parser(parser.add_subparsers(dest="command"))
    status = grad_command.run(parser.parse_args(["grad", LOGISTIC, "--wrt", "theta", "--emit", "numpy", "--no-color"]))
    captured = capsys.readouterr()
    assert status == grad_command.EXIT_OK
    assert "no closed-form solution" in captured.err and "convex:" in captured.err and "np.exp(-np.abs(z0))" in captured.out


def test_a_tanh_objective_gets_named_derivatives_and_checked_code() -> None:
    result = derivation.derive_objective(r"\mathbf 1^T \tanh(Ax) + \lambda x^Tx", wrt="x")
    gradient = result.step("gradient")
    assert gradient is not None and gradient.verdict == results.PROVED
    assert gradient.latex == r"\nabla f(x) = A^T(\mathbf{1} - \tanh(Ax) \odot \tanh(Ax)) + 2\lambda x"
    hessian = result.step("hessian")
    assert hessian is not None and hessian.verdict == results.PROVED and r"\tanh(Ax) \odot" in hessian.latex
    # tanh multiplied out is 𝟏 - 2/(e^{2u} + 1): a function with no name, written with ⊘ and read back
    expanded = result.step("expanded")
    assert expanded is not None and expanded.verdict == results.PROVED and r"\oslash (\exp(2 Ax) + \mathbf{1})" in expanded.latex
    assert not any("no name" in note for note in result.notes)
    for backend in codegen.BACKENDS:  # generate() runs the code against GradientTape before returning it
        assert "tanh" in codegen.generate(result, backend).source


def test_logsumexp_derivatives_print_as_softmax_and_its_hessian_is_proved_convex() -> None:
    result = derivation.derive_objective(r"\operatorname{logsumexp}(a)", wrt="a", shapes={"a": "K"})
    gradient, hessian = result.step("gradient"), result.step("hessian")
    assert gradient is not None and gradient.latex == r"\nabla f(a) = \operatorname{softmax}(a)"
    assert hessian is not None and hessian.verdict == results.PROVED
    assert hessian.latex == (r"\nabla^2 f(a) = -\operatorname{softmax}(a)\operatorname{softmax}(a)^T"
                             r" + \operatorname{diag}(\operatorname{softmax}(a))")
    assert result.convexity is not None and result.convexity.convex is True
    assert "covariance" in result.convexity.reason


def test_diag_p_minus_ppt_is_positive_semidefinite_and_twice_ppt_is_not() -> None:
    text = ("Let $a \\in \\mathbb{R}^K$.\n\n"
            "$$ \\operatorname{diag}(\\operatorname{softmax}(a)) - \\operatorname{softmax}(a)\\operatorname{softmax}(a)^T \\succeq 0 $$\n\n"
            "$$ \\operatorname{diag}(\\operatorname{softmax}(a)) - 2\\operatorname{softmax}(a)\\operatorname{softmax}(a)^T \\succeq 0 $$\n")
    first, second = checker.check_text(text).claims
    assert first.verdict == results.PROVED and first.evidence[0].oracle == "symbolic"
    assert second.verdict == results.FAILED


def test_a_function_with_no_name_is_written_entrywise_and_every_step_is_read_back_and_proved() -> None:
    # before: 2[u/(u² + 1)]_{u = x}, which derive could not read, so the steps were unchecked
    result = derivation.derive_objective(r"\mathbf{1}^T \log(\mathbf{1} + x \odot x)", wrt="x", shapes={"x": "n"})
    gradient, hessian = result.step("gradient"), result.step("hessian")
    assert gradient is not None and gradient.latex == r"\nabla f(x) = 2(x \oslash (x^{\circ 2} + \mathbf{1}))"
    assert hessian is not None and r"\oslash (x^{\circ 4} + 2 x^{\circ 2} + \mathbf{1})" in hessian.latex
    verdicts = {step.name: step.verdict for step in result.steps}
    assert verdicts["expanded"] == verdicts["gradient"] == verdicts["hessian"] == results.PROVED
    assert result.convexity is not None and result.convexity.convex is False  # log(1 + x²) bends down for |x| > 1
