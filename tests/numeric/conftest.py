"""Shared expressions for the numeric tests: the least-squares running example."""

from __future__ import annotations

import dataclasses
import pathlib
import sys

import numpy as np
import pytest
import sympy

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the project need not be installed to run its tests
    sys.path.insert(0, str(ROOT))

K, N = sympy.Symbol("k", integer=True, positive=True), sympy.Symbol(
    "n", integer=True, positive=True
)


@dataclasses.dataclass(frozen=True)
class LeastSquares:
    """f(x) = (Ax − b)ᵀ(Ax − b) with A: k x n (``v0``), x: n x 1 (``v1``), b: k x 1 (``v2``)."""

    a: sympy.MatrixSymbol
    x: sympy.MatrixSymbol
    b: sympy.MatrixSymbol

    @property
    def args(self) -> list[sympy.MatrixSymbol]:
        return [self.a, self.x, self.b]

    @property
    def objective(self) -> sympy.Expr:
        residual = self.a * self.x - self.b
        return sympy.Trace(residual.T * residual)

    @property
    def gradient(self) -> sympy.MatrixExpr:
        return 2 * self.a.T * (self.a * self.x - self.b)

    @property
    def wrong_gradient(self) -> sympy.MatrixExpr:
        return 2 * self.a.T * self.a * self.x - self.a.T * self.b

    @property
    def hessian(self) -> sympy.MatrixExpr:
        return 2 * self.a.T * self.a

    @property
    def wrong_hessian(self) -> sympy.MatrixExpr:
        return self.a.T * self.a

    def instance(self, rng: np.random.Generator, k: int, n: int) -> dict[str, np.ndarray]:
        return {
            "v0": rng.standard_normal((k, n)),
            "v1": rng.standard_normal((n, 1)),
            "v2": rng.standard_normal((k, 1)),
        }


@pytest.fixture
def least_squares() -> LeastSquares:
    return LeastSquares(
        sympy.MatrixSymbol("v0", K, N),
        sympy.MatrixSymbol("v1", N, 1),
        sympy.MatrixSymbol("v2", K, 1),
    )
