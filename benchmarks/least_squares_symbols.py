"""The symbols of ‖Ax − b‖² shared by the benchmarks: A (k×n), x (n), b (k), named as derive names them."""

from __future__ import annotations

import sympy


def symbols() -> tuple[sympy.MatrixSymbol, sympy.MatrixSymbol, sympy.MatrixSymbol]:
    """A, x and b with symbolic sizes k and n, under derive's generated names v0, v1, v2."""
    k, n = sympy.symbols("k n", integer=True, positive=True)
    return sympy.MatrixSymbol("v0", k, n), sympy.MatrixSymbol("v1", n, 1), sympy.MatrixSymbol("v2", k, 1)
