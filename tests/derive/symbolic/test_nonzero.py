from __future__ import annotations

import sympy

from derive.symbolic import canonical, nonzero

n, k = sympy.Symbol("n", positive=True, integer=True), sympy.Symbol("k", positive=True, integer=True)


def _atom(name: str, rows: sympy.Expr, cols: sympy.Expr, **extra: object) -> canonical.Atom:
    return canonical.Atom(name, False, rows, cols, **extra)  # type: ignore[arg-type]


def _poly(*terms: tuple[canonical.Word, sympy.Expr]) -> canonical.Poly:
    return canonical.Poly(dict(terms), n, sympy.Integer(1))


def test_a_nonzero_polynomial_in_free_letters_is_certainly_nonzero() -> None:
    a, b = _atom("A", k, n), _atom("b", k, sympy.Integer(1))
    assert nonzero.certainly_nonzero(_poly(((a, b), sympy.Rational(1, 1000000))))


def test_zero_coefficients_are_not_nonzero() -> None:
    a, b = _atom("A", k, n), _atom("b", k, sympy.Integer(1))
    assert not nonzero.certainly_nonzero(_poly(((a, b), n - n)))
    assert not nonzero.certainly_nonzero(_poly())


def test_an_inverse_or_a_function_may_still_cancel() -> None:
    inverse = _atom("", n, n, inverse_of=((), ))
    b = _atom("b", n, sympy.Integer(1))
    # (I + C)⁻¹b − b + C(I + C)⁻¹b is zero, though no term is
    c = _atom("C", n, n)
    assert not nonzero.certainly_nonzero(_poly(((inverse, b), sympy.Integer(1)), ((b,), sympy.Integer(-1)), ((c, inverse, b), sympy.Integer(1))))
    assert not nonzero.certainly_nonzero(_poly(((b,), sympy.sin(n)), ((c, b), sympy.Integer(1))))


def test_one_term_of_letters_and_inverses_is_nonzero() -> None:
    inverse = _atom("", n, n, inverse_of=((), ))
    assert nonzero.certainly_nonzero(_poly(((inverse,), sympy.Rational(-1, 1000000))))
    assert not nonzero.certainly_nonzero(_poly(((inverse,), sympy.Integer(0))))


def test_small_numeric_sizes_may_satisfy_polynomial_identities() -> None:
    # 2 × 2 matrices satisfy identities of degree 4 (Amitsur–Levitzki), so a word that long is not trusted
    letters = tuple(_atom(name, sympy.Integer(2), sympy.Integer(2)) for name in "ABCD")
    assert not nonzero.certainly_nonzero(canonical.Poly({letters: sympy.Integer(1)}, sympy.Integer(2), sympy.Integer(2)))
    big = tuple(_atom(name, sympy.Integer(9), sympy.Integer(9)) for name in "ABCD")
    assert nonzero.certainly_nonzero(canonical.Poly({big: sympy.Integer(1)}, sympy.Integer(9), sympy.Integer(9)))


def test_the_vector_of_ones_and_unit_vectors_are_not_free_letters() -> None:
    from derive import tree

    ones = _atom(tree.ONES, n, sympy.Integer(1))
    unit = _atom("e_v0", n, sympy.Integer(1))
    assert not nonzero.certainly_nonzero(_poly(((ones,), sympy.Integer(1)), ((unit,), sympy.Integer(2))))
    assert not nonzero.certainly_nonzero(_poly(((ones,), sympy.Integer(1)), ((_atom("b", n, sympy.Integer(1)),), sympy.Integer(1))))
