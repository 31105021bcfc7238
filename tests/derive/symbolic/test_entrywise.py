"""Entrywise functions in the canonical form (issue 15, part 2): equal functions of one argument have
one canonical polynomial, so identities and derivatives of σ, log σ, softplus and diag(·) are proved;
every verdict here is also checked numerically, so a canonical equality can never hide a difference."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy.matrices import expressions as mx

from derive.symbolic import calculus, canonical, sympy_bridge
from derive.symbolic.matrices import Elementwise
from numeric import lambdify

N = sympy.Symbol("n", positive=True, integer=True)
X = mx.MatrixSymbol("X", N, 3)
W = mx.MatrixSymbol("w", 3, 1)
Y = mx.MatrixSymbol("y", N, 1)
P = X * W
U = sympy.Symbol("u")
SIGMA = sympy.Lambda(U, 1 / (1 + sympy.exp(-U)))


def sigma(argument: sympy.Basic) -> Elementwise:
    return Elementwise(SIGMA, argument)


def ones() -> mx.OneMatrix:
    return mx.OneMatrix(N, 1)


def _numeric(expression: sympy.Basic, size: int, rng: np.random.Generator) -> np.ndarray:
    """The expression at random values, through the NumPy code derive compiles for the oracles."""
    concrete = expression.xreplace({N: size})
    symbols = [X.xreplace({N: size}), W, Y.xreplace({N: size})]
    function = lambdify.to_numpy(concrete, [s for s in symbols if s in concrete.free_symbols])
    values = {"X": rng.normal(size=(size, 3)), "w": rng.normal(size=(3, 1)), "y": rng.normal(size=(size, 1))}
    return np.asarray(function(**values), dtype=float)


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        pytest.param(
            mx.HadamardProduct(sigma(P), ones() - sigma(P)),
            Elementwise(sympy.Lambda(U, sympy.exp(-U) / (1 + sympy.exp(-U)) ** 2), P),
            True,
            id="sigma-prime",
        ),
        pytest.param(
            Elementwise("log", sigma(P)), P - Elementwise("log", ones() + Elementwise("exp", P)), True, id="log-sigma"
        ),
        pytest.param(sigma(-P), ones() - sigma(P), True, id="sigma-of-minus"),
        pytest.param(mx.HadamardProduct(sigma(P), sigma(P)), sigma(P), False, id="sigma-squared-is-not-sigma"),
        pytest.param(
            Elementwise("log", ones() - sigma(P)), -Elementwise("log", ones() + Elementwise("exp", P)), True,
            id="log-one-minus-sigma",
        ),
        pytest.param(Elementwise("log", Elementwise("exp", P)), P, True, id="log-exp"),
        pytest.param(Elementwise("exp", Elementwise("log", sigma(P))), sigma(P), True, id="exp-log"),
        pytest.param(Elementwise("log", ones() + sigma(P)), Elementwise("log", sigma(P)), False, id="different-logs"),
    ],
)
def test_canonical_equality_of_entrywise_functions_matches_the_numbers(
    left: sympy.Basic, right: sympy.Basic, same: bool
) -> None:
    assert canonical.equal(sympy_bridge.from_sympy(left), sympy_bridge.from_sympy(right)) is same
    rng = np.random.default_rng(3)
    assert np.allclose(_numeric(left, 4, rng), _numeric(right, 4, np.random.default_rng(3))) is same


def test_the_logistic_loss_has_its_gradient_and_hessian_in_closed_form() -> None:
    builder = canonical.Builder()
    loss = -(Y.T * Elementwise("log", sigma(P))) - (ones() - Y).T * Elementwise("log", ones() - sigma(P))
    poly = sympy_bridge.from_sympy(mx.Trace(loss))
    gradient = calculus.gradient(builder, poly, W)
    assert canonical.equal(gradient, sympy_bridge.from_sympy(X.T * (sigma(P) - Y)))
    hessian = calculus.hessian(builder, poly, W)
    weights = mx.DiagMatrix(mx.HadamardProduct(sigma(P), ones() - sigma(P)))
    assert canonical.equal(hessian, sympy_bridge.from_sympy(X.T * weights * X))
    assert not canonical.equal(hessian, sympy_bridge.from_sympy(X.T * mx.DiagMatrix(sigma(P)) * X))


def test_an_entrywise_function_is_not_treated_as_constant_in_a_number() -> None:
    builder = canonical.Builder()
    t = sympy.Symbol("t")
    poly = sympy_bridge.from_sympy(mx.Trace(mx.OneMatrix(N, 1).T * Elementwise("exp", t * P)))
    with pytest.raises(canonical.NotCanonical):
        calculus.derivative(builder, poly, t, 1)


def test_the_log_of_a_softmax_splits_off_the_log_sum_exp_and_differentiates_right() -> None:
    # log(exp(z)/(1ᵀexp(z))) = z - log(1ᵀexp(z))𝟏: 1ᵀexp(z) depends on z (treating it as a constant of
    # the function gave ∇ = -t); split, the gradient of -tᵀ log softmax(z) is (1ᵀt) softmax(z) - t
    z = mx.MatrixSymbol("z", N, 1)
    t = mx.MatrixSymbol("t", N, 1)
    ones = mx.MatrixSymbol("𝟏", N, 1)
    total = mx.Trace(ones.T * Elementwise("exp", z))
    loss = mx.Trace(-t.T * Elementwise("log", Elementwise("exp", z) * (1 / total)))
    builder = canonical.Builder()
    found = calculus.gradient(builder, sympy_bridge.from_sympy(loss), z)
    expected = sympy_bridge.from_sympy(mx.Trace(t.T * ones) * (1 / total) * Elementwise("exp", z) - t)
    assert canonical.equal(found, expected)
    assert not canonical.equal(found, sympy_bridge.from_sympy(-t))


def test_a_hessian_through_diag_of_a_data_vector_is_taken_and_right() -> None:
    # ∇ of -yᵀlog σ(Xw) is -Xᵀ diag(𝟏 - σ(Xw)) y; its Jacobian goes through the diag: Xᵀ diag(y ⊙ σ ⊙ (𝟏 - σ)) X
    loss = mx.Trace(-(Y.T * Elementwise("log", sigma(P))))
    hessian = calculus.hessian(canonical.Builder(), sympy_bridge.from_sympy(loss), W)
    expected = X.T * mx.DiagMatrix(mx.HadamardProduct(Y, sigma(P), ones() - sigma(P))) * X
    assert np.allclose(
        _numeric(sympy_bridge.to_sympy(hessian), 5, np.random.default_rng(4)), _numeric(expected, 5, np.random.default_rng(4))
    )


def test_the_transpose_of_an_entrywise_function_compiles_as_the_transpose_of_the_whole() -> None:
    # σ(x)ᵀ prints as a power of a sum; without brackets ``.T`` would bind to the exponent
    x = mx.MatrixSymbol("v0", 3, 1)
    expression = mx.MatMul(mx.Transpose(sigma(x)), x)
    value = np.array([[1.0], [2.0], [-4.0]])
    expected = ((1 / (1 + np.exp(-value))).T @ value)[0, 0]
    np.testing.assert_allclose(lambdify.to_numpy(expression, [x])(v0=value), expected)
    np.testing.assert_allclose(np.reshape(lambdify.to_tensorflow(expression, [x])(v0=value).numpy(), ()), expected)
