"""The flop model and the cheapest order of a product chain, against every order written out."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
import sympy

from derive.deriving import cost

k, n, p = sympy.symbols("k n p", positive=True)
ONE = sympy.Integer(1)


@dataclasses.dataclass(frozen=True)
class F:
    """A factor: a named matrix or vector, maybe transposed."""

    name: str
    rows: sympy.Expr
    cols: sympy.Expr
    transposed: bool = False
    diagonal: bool = False
    ones: bool = False

    @property
    def key(self) -> cost.Key:
        return ((self.name, self.transposed),)

    @property
    def tkey(self) -> cost.Key:
        return ((self.name, not self.transposed),)


A, At = F("A", k, n), F("A", n, k, True)
B, C = F("B", n, p), F("C", p, n)
x, xt, b_t = F("x", n, ONE), F("x", ONE, n, True), F("b", ONE, k, True)


def all_orders(factors: list[F]) -> list[sympy.Expr]:
    """Every parenthesisation's flops, plainly: no reuse of halves."""
    if len(factors) == 1:
        return [sympy.Integer(0)]
    found = []
    for cut in range(1, len(factors)):
        for left, right in itertools.product(all_orders(factors[:cut]), all_orders(factors[cut:])):
            shape_left = cost.Shape(factors[0].rows, factors[cut - 1].cols, (), ())
            shape_right = cost.Shape(factors[cut].rows, factors[-1].cols, (), ())
            found.append(left + right + cost.multiply(shape_left, shape_right))
    return found


@pytest.mark.parametrize(
    ("factors", "flops", "tree"),
    [
        ([At, A, x], 4 * k * n, (0, (1, 2))),  # Aᵀ(Ax): never the n×n AᵀA
        ([A, B, C, x], 2 * n * p + 2 * p * n + 2 * k * n, (0, (1, (2, 3)))),  # ABCx right to left
        ([b_t, A, B], 2 * k * n + 2 * n * p, ((0, 1), 2)),  # bᵀAB left to right
    ],
)
def test_chain_is_the_cheapest_order(factors: list[F], flops: sympy.Expr, tree: cost.Tree) -> None:
    ordered = cost.chain(factors)
    assert sympy.expand(ordered.flops - flops) == 0
    assert ordered.tree == tree
    assert cost.size(ordered.flops) == min(cost.size(f) for f in all_orders(factors))


def test_a_gram_chain_computes_one_half() -> None:
    ordered = cost.chain([xt, At, A, x])  # xᵀAᵀAx = (Ax)ᵀ(Ax)
    assert ordered.tree == ((0, 1), (2, 3))
    assert sympy.expand(ordered.flops - (2 * k * n + 2 * k)) == 0
    assert cost.size(ordered.flops) < min(cost.size(f) for f in all_orders([xt, At, A, x]))  # 4kn + 2k without it
    gram = cost.chain([At, A])
    assert sympy.expand(gram.flops - k * n**2) == 0  # the symmetric half of 2kn²


def test_a_known_product_is_free() -> None:
    ordered = cost.chain([b_t, A, x], known={A.key + x.key})  # bᵀ(Ax) once Ax is a local
    assert ordered.tree == (0, (1, 2))
    assert sympy.expand(ordered.flops - 2 * k) == 0
    transposed = cost.chain([xt, At, b_t.__class__("b", k, ONE)], known={A.key + x.key})  # (xᵀAᵀ) is (Ax)ᵀ
    assert sympy.expand(transposed.flops - 2 * k) == 0


def test_diagonal_and_ones() -> None:
    d = F("d", n, n, diagonal=True)
    assert cost.multiply(d, x) == n  # diag(d)x scales entries
    assert cost.multiply(F("1", ONE, n, True, ones=True), x) == n  # 𝟏ᵀx sums


def test_size_takes_free_sizes_large() -> None:
    assert cost.size(2 * k * n + k) == 2 * cost.LARGE**2 + cost.LARGE
    assert cost.size(sympy.Integer(7)) == 7.0
