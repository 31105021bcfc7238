"""Time of the exact oracle against the dimension, with python-flint and with fractions.

Three identities with A: k x n, k = 2n, x: n x 1, b: k x 1, entries drawn from
{−1000, ..., 1000}, three trials each (``exact.check_identity`` defaults):

* polynomial — 2AᵀAx − 2Aᵀb = 2Aᵀ(Ax − b)              (the gradient)
* inverses   — (AᵀA + I)⁻¹Aᵀ = Aᵀ(AAᵀ + I)⁻¹            (push-through: n x n and k x k inverses)
* determinants — det(I + AᵀA) = det(I + AAᵀ)            (Sylvester)

For each: the time of one check, the degree d of the difference and the
Schwartz–Zippel bound reached.  The fractions backend is skipped where one check
would exceed the time budget.  Ratios are fractions time / flint time.  The last
columns ask for an error bound of at most 1e-9 (``target=1e-9``): the entry range
[−B, B] widens until the bound is reached, and the check takes the time shown.

Run: ``python benchmarks/exact_vs_dimension.py [--sizes 2 4 8 16 32]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np
import sympy

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from numeric import exact, instances, rational  # noqa: E402

FRACTIONS_BUDGET_S = 10.0
"""Skip the fractions backend where a check is estimated to take longer than this."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 8, 16, 32])
    options = parser.parse_args()
    if rational.flint_module() is None:
        sys.exit("python-flint is not installed: pip install python-flint")

    k, n = sympy.symbols("k n", integer=True, positive=True)
    a, x = sympy.MatrixSymbol("v0", k, n), sympy.MatrixSymbol("v1", n, 1)
    b = sympy.MatrixSymbol("v2", k, 1)
    identities = [
        ("polynomial", 2 * a.T * a * x - 2 * a.T * b, 2 * a.T * (a * x - b)),
        ("inverses", sympy.Inverse(a.T * a + sympy.Identity(n)) * a.T,
         a.T * sympy.Inverse(a * a.T + sympy.Identity(k))),
        ("determinants", sympy.Determinant(sympy.Identity(n) + a.T * a),
         sympy.Determinant(sympy.Identity(k) + a * a.T)),
    ]
    warm = [instances.Spec("v0", (2, 1))]
    exact.check_identity(a, a, warm, np.random.default_rng(0), backend="flint")  # imports, caches
    print("entries in [-1000, 1000], 3 trials per check, k = 2n")
    header = (
        f"{'identity':<13} {'n':>3} {'k':>3} | {'flint':>10} | {'fractions':>10} {'ratio':>7} "
        f"| {'degree':>6} | {'error bound':>11} | {'flint, target 1e-9':>18} {'B':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, lhs, rhs in identities:
        last_fractions: tuple[int, float] | None = None
        for size in options.sizes:
            specs = [
                instances.Spec("v0", (2 * size, size)),
                instances.Spec("v1", (size, 1)),
                instances.Spec("v2", (2 * size, 1)),
            ]
            start = time.perf_counter()
            rng = np.random.default_rng(size)
            check = exact.check_identity(lhs, rhs, specs, rng, backend="flint")
            t_flint = time.perf_counter() - start
            assert check.agreed, check.detail
            # Gaussian elimination on fractions: entries grow with n, cost like n⁴ or worse
            estimate = None
            if last_fractions is not None:
                estimate = last_fractions[1] * (size / last_fractions[0]) ** 4
            if estimate is None or estimate < FRACTIONS_BUDGET_S:
                start = time.perf_counter()
                rng = np.random.default_rng(size)
                slow = exact.check_identity(lhs, rhs, specs, rng, backend="fractions")
                t_fractions = time.perf_counter() - start
                assert slow.agreed and slow.error_bound == check.error_bound
                last_fractions = (size, t_fractions)
                fractions_cell = f"{t_fractions * 1e3:7.1f} ms {t_fractions / t_flint:6.1f}x"
            else:
                fractions_cell = f"{f'~{estimate:.0f} s est.':>10} {'':>7}"
            start = time.perf_counter()
            strict = exact.check_identity(
                lhs, rhs, specs, np.random.default_rng(size), backend="flint", target=1e-9
            )
            t_strict = time.perf_counter() - start
            assert strict.agreed and strict.error_bound <= 1e-9
            print(
                f"{name:<13} {size:>3} {2 * size:>3} | {t_flint * 1e3:7.1f} ms | {fractions_cell} "
                f"| {check.degree:>6} | {float(check.error_bound):11.2e} "
                f"| {t_strict * 1e3:15.1f} ms {(strict.sample_size - 1) // 2:>9}"
            )


if __name__ == "__main__":
    main()
