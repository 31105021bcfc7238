"""Both exact backends compute the same exact values, and refuse irrational ones."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from numeric import errors, rational

BACKENDS = ["flint", "fractions"]
M = ((Fraction(1), Fraction(2)), (Fraction(3), Fraction(4)))
SINGULAR = ((Fraction(1), Fraction(2)), (Fraction(2), Fraction(4)))


def _m(*rows) -> tuple:
    return tuple(tuple(Fraction(entry) for entry in row) for row in rows)


OPERATIONS = [
    ("inverse", lambda a, m: a.inverse(m), _m((-2, 1), (Fraction(3, 2), Fraction(-1, 2)))),
    ("determinant", lambda a, m: a.determinant(m), Fraction(-2)),
    ("trace", lambda a, m: a.trace(m), Fraction(5)),
    ("transpose", lambda a, m: a.transpose(m), _m((1, 3), (2, 4))),
    ("product", lambda a, m: a.matmul(m, m), _m((7, 10), (15, 22))),
    ("entrywise product", lambda a, m: a.hadamard(m, m), _m((1, 4), (9, 16))),
    (
        "scalar multiple",
        lambda a, m: a.scale(a.scalar(Fraction(1, 3)), m),
        _m((Fraction(1, 3), Fraction(2, 3)), (1, Fraction(4, 3))),
    ),
    ("sum", lambda a, m: a.add(m, a.identity(2)), _m((2, 2), (3, 5))),
    ("ones and zeros", lambda a, m: a.add(a.ones(2, 2), a.zeros(2, 2)), _m((1, 1), (1, 1))),
    ("singular determinant", lambda a, m: a.determinant(a.matrix(SINGULAR)), Fraction(0)),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("name", "operation", "expected"), OPERATIONS, ids=[operation[0] for operation in OPERATIONS]
)
def test_operations_are_exact(backend: str, name: str, operation, expected) -> None:
    arithmetic = rational.arithmetic(backend)
    assert arithmetic.plain(operation(arithmetic, arithmetic.matrix(M))) == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_inverse_of_a_larger_matrix_times_itself_is_the_identity(backend: str) -> None:
    arithmetic = rational.arithmetic(backend)
    hilbert = arithmetic.matrix([[Fraction(1, i + j + 1) for j in range(6)] for i in range(6)])
    product = arithmetic.matmul(arithmetic.inverse(hilbert), hilbert)
    assert arithmetic.plain(product) == _m(*[[int(i == j) for j in range(6)] for i in range(6)])
    # det of the 6 x 6 Hilbert matrix is 1 / 186313420339200000
    assert arithmetic.plain(arithmetic.determinant(hilbert)) == Fraction(1, 186313420339200000)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("value", "exponent", "expected"),
    [
        (Fraction(9, 4), sympy.Rational(1, 2), Fraction(3, 2)),
        (Fraction(-8, 27), sympy.Rational(1, 3), Fraction(-2, 3)),
        (Fraction(4), sympy.Rational(-3, 2), Fraction(1, 8)),
        (Fraction(10**40), sympy.Rational(1, 4), Fraction(10**10)),
        (Fraction(0), sympy.Rational(1, 2), Fraction(0)),
    ],
)
def test_perfect_roots_are_exact(backend: str, value, exponent, expected) -> None:
    arithmetic = rational.arithmetic(backend)
    assert arithmetic.plain(arithmetic.root(arithmetic.scalar(value), exponent)) == expected


HALF = sympy.Rational(1, 2)


def _root(arithmetic, value: int, exponent: sympy.Rational):
    return arithmetic.root(arithmetic.scalar(Fraction(value)), exponent)


def _call(arithmetic, name: str, value: int):
    return arithmetic.function(name, arithmetic.scalar(Fraction(value)))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda a: _root(a, 2, HALF), errors.UnsupportedError, r"2\^\(1/2\) is irrational"),
        (lambda a: _root(a, -4, HALF), errors.EvaluationError, "no real value"),
        (lambda a: _root(a, 0, -HALF), errors.EvaluationError, "division by zero"),
        (lambda a: _call(a, "exp", 1), errors.UnsupportedError, r"exp\(1\) is transcendental"),
        (lambda a: _call(a, "log", 2), errors.UnsupportedError, r"log\(2\) is transcendental"),
        (lambda a: _call(a, "log", -1), errors.EvaluationError, "no real value"),
        (lambda a: a.inverse(a.matrix(SINGULAR)), errors.EvaluationError, "singular"),
        (lambda a: a.reciprocal(a.scalar(Fraction(0))), errors.EvaluationError, "division by zero"),
    ],
)
def test_irrational_and_undefined_values_are_refused(backend: str, call, error, message) -> None:
    with pytest.raises(error, match=message):
        call(rational.arithmetic(backend))


@pytest.mark.parametrize("backend", BACKENDS)
def test_elementary_functions_at_their_rational_points(backend: str) -> None:
    a = rational.arithmetic(backend)
    assert a.plain(a.function("exp", a.scalar(Fraction(0)))) == 1
    assert a.plain(a.function("log", a.scalar(Fraction(1)))) == 0
    assert a.plain(a.function("abs", a.scalar(Fraction(-7, 3)))) == Fraction(7, 3)


def test_flint_is_preferred_and_fractions_are_the_fallback(monkeypatch) -> None:
    assert isinstance(rational.arithmetic(), rational.FlintArithmetic)
    monkeypatch.setattr(rational, "flint_module", lambda: None)
    assert isinstance(rational.arithmetic(), rational.FractionArithmetic)
    with pytest.raises(errors.InvalidArgument, match="python-flint is not installed"):
        rational.arithmetic("flint")


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(errors.InvalidArgument, match="unknown exact backend 'gmp'"):
        rational.arithmetic("gmp")


def test_plain_values_compare_a_scalar_with_a_one_by_one_matrix() -> None:
    assert rational.same(Fraction(2), _m((2,)))
    assert not rational.same(Fraction(2), _m((2, 0)))
    assert rational.shape(_m((1, 2), (3, 4))) == (2, 2) and rational.shape(Fraction(1)) == ()
    assert rational.as_float(_m((Fraction(1, 4),))).tolist() == [[0.25]]
