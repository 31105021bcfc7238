"""The walker reads every supported node as the matching operation, and refuses the rest."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from numeric import errors, interpreter, rational, supported

N = sympy.Symbol("n", integer=True, positive=True)
A = sympy.MatrixSymbol("v0", N, N)
X = sympy.MatrixSymbol("v1", N, 1)
S = sympy.Symbol("v2")
VALUES = {
    "v0": ((Fraction(1), Fraction(2)), (Fraction(3), Fraction(4))),
    "v1": ((Fraction(1),), (Fraction(-1),)),
    "v2": Fraction(3, 2),
}


def _walk(expr: sympy.Basic, dimensions: dict | None = None):
    arithmetic = rational.FractionArithmetic()
    converted = {
        name: arithmetic.scalar(value) if isinstance(value, Fraction) else arithmetic.matrix(value)
        for name, value in VALUES.items()
    }
    walker = interpreter.Walker(arithmetic, converted.get, dimensions or {"n": 2})
    return arithmetic.plain(walker.value(expr))


def _m(*rows) -> tuple:
    return tuple(tuple(Fraction(entry) for entry in row) for row in rows)


CASES = [
    ("sum and scalar multiple", A + 2 * A, _m((3, 6), (9, 12))),
    ("product", A * A, _m((7, 10), (15, 22))),
    ("transpose", A.T, _m((1, 3), (2, 4))),
    ("inverse", sympy.Inverse(A), _m((-2, 1), (Fraction(3, 2), Fraction(-1, 2)))),
    (
        "negative matrix power",
        sympy.MatPow(A, -2),
        _m((Fraction(11, 2), Fraction(-5, 2)), (Fraction(-15, 4), Fraction(7, 4))),
    ),
    ("zeroth matrix power", sympy.MatPow(A, 0), _m((1, 0), (0, 1))),
    ("determinant", sympy.Determinant(A), Fraction(-2)),
    ("trace", sympy.Trace(A), Fraction(5)),
    ("quadratic form", sympy.Trace(X.T * A * X), Fraction(1 - 2 - 3 + 4)),
    ("hadamard product", sympy.HadamardProduct(A, A.T), _m((1, 6), (6, 16))),
    ("hadamard power", sympy.HadamardPower(A, 3), _m((1, 8), (27, 64))),
    ("scalar powers", S**3 - S**-1, Fraction(27, 8) - Fraction(2, 3)),
    ("identity and zero", sympy.Identity(N) + sympy.ZeroMatrix(N, N), _m((1, 0), (0, 1))),
    ("ones", sympy.OneMatrix(N, 1), _m((1,), (1,))),
    (
        "explicit matrix",
        sympy.ImmutableMatrix([[S, 1], [0, S**2]]),
        _m((Fraction(3, 2), 1), (0, Fraction(9, 4))),
    ),
    ("dimension as a number", sympy.Trace(sympy.Identity(N)) * S, Fraction(3)),
    ("float constant, exactly", sympy.Float(0.5) * S, Fraction(3, 4)),
    ("absolute value", sympy.Abs(-S), Fraction(3, 2)),
    ("perfect square root", sympy.sqrt(4 * S**2), Fraction(3)),
]


@pytest.mark.parametrize(("name", "expr", "expected"), CASES, ids=[c[0] for c in CASES])
def test_walker_evaluates_each_node(name: str, expr, expected) -> None:
    assert _walk(expr) == expected


def test_shared_subexpressions_are_evaluated_once() -> None:
    calls = []
    arithmetic = rational.FractionArithmetic()
    original = arithmetic.inverse
    counting = lambda value: calls.append(1) or original(value)  # noqa: E731
    arithmetic.inverse = counting  # type: ignore[method-assign]
    converted = {"v0": arithmetic.matrix(VALUES["v0"])}
    walker = interpreter.Walker(arithmetic, converted.get, {"n": 2})
    walker.value(sympy.Inverse(A) * A + sympy.Inverse(A).T)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("expr", "error", "message"),
    [
        (sympy.MatrixSymbol("v9", N, N), errors.InvalidArgument, "no value for v9"),
        (sympy.Identity(sympy.Symbol("m")), errors.InvalidArgument, "the size m is unknown"),
        (sympy.tan(S), errors.UnsupportedError, "cannot read tan: tan"),
        (S ** sympy.Symbol("p"), errors.UnsupportedError, "non-numeric exponent"),
        (sympy.MatPow(A, sympy.Rational(1, 2)), errors.UnsupportedError, "non-integer exponent"),
        (
            sympy.Inverse(A - sympy.ImmutableMatrix([[1, 2], [3, 4]])),  # the zero matrix
            errors.EvaluationError,
            "singular",
        ),
    ],
)
def test_walker_refuses(expr, error, message: str) -> None:
    with pytest.raises(error, match=message):
        _walk(expr)


@pytest.mark.parametrize(
    ("expr", "readable"),
    [
        (sympy.Trace(sympy.Inverse(A) * A.T) + sympy.log(S) * sympy.exp(S), True),
        (sympy.Determinant(sympy.HadamardProduct(A, A.T)) ** sympy.Rational(1, 3), True),
        (sympy.ImmutableMatrix([[S, sympy.Abs(S)]]), True),
        (sympy.sin(S) * sympy.cos(S) + sympy.tanh(S), True),
        (sympy.tan(S), False),
        (sympy.HadamardPower(A, -1), False),
        (sympy.MatPow(A, S), False),
        (sympy.Trace(A) * sympy.pi, False),
    ],
)
def test_check_supported_before_any_evaluation(expr, readable: bool) -> None:
    if readable:
        supported.check_supported(expr)
    else:
        with pytest.raises(errors.UnsupportedError):
            supported.check_supported(expr)


def test_bind_dimensions_reads_sizes_and_names_conflicts() -> None:
    k = sympy.Symbol("k")
    b = sympy.MatrixSymbol("v3", k, N)
    assert interpreter.bind_dimensions([A * X, b], {"v0": (3, 3), "v3": (5, 3)}) == {"n": 3, "k": 5}
    message = r"v3 has shape \(k, n\), but its value has shape \(5, 4\)"
    with pytest.raises(errors.InvalidArgument, match=message):
        interpreter.bind_dimensions([A, b], {"v0": (3, 3), "v3": (5, 4)})
    with pytest.raises(errors.InvalidArgument, match="its value has shape"):
        interpreter.bind_dimensions([A], {"v0": ()})


def test_concrete_substitutes_sizes_everywhere() -> None:
    expr = interpreter.concrete(sympy.Identity(N) + A, {"n": 2})
    assert expr.shape == (2, 2)
    assert interpreter.size(N + 1, {"n": 2}) == 3
