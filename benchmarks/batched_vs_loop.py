"""The batched float oracle against a Python loop over the same 1,000 instances.

For each claim of the least-squares derivation (and one with inverses of
ill-conditioned matrices), in one run:

* loop — ``floating.compare`` with ``lambdify.to_numpy`` functions, one instance
  per call (the per-instance oracle);
* batched — ``floating.compare_batched``: both sides on the stacked batch at once,
  rounding-error magnitudes included, 50-digit re-evaluation of any flagged instance;
* batched values only — ``batch.to_numpy_batched`` on the batch, both sides.

Ratios are loop time / batched time.  Both verdicts are printed: where they differ,
it is the per-instance oracle's fixed tolerance (rtol 1e-8, relative to the values)
failing a right identity on ill-conditioned instances — the false failure that the
batched oracle's magnitude-scaled tolerance and 50-digit arbiter exist to prevent.
For a wrong claim both stop at the first failure, so the loop's time is one
instance's and the batched time includes evaluating the whole batch once and the
50-digit confirmation.

Run: ``python benchmarks/batched_vs_loop.py [--count 1000]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from numeric import batch, floating, instances, lambdify, values  # noqa: E402


def best_time(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """The fastest of ``repeats`` runs in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    k, n = sympy.symbols("k n", integer=True, positive=True)
    a, x = sympy.MatrixSymbol("v0", k, n), sympy.MatrixSymbol("v1", n, 1)
    b = sympy.MatrixSymbol("v2", k, 1)
    c = sympy.MatrixSymbol("v3", n, n)
    arguments = [a, x, b, c]
    claims = [  # (name, lhs, rhs)
        ("expansion of ‖Ax−b‖²", sympy.Trace((a * x - b).T * (a * x - b)),
         sympy.Trace(x.T * a.T * a * x) - 2 * sympy.Trace(b.T * a * x) + sympy.Trace(b.T * b)),
        ("gradient 2AᵀAx−2Aᵀb", 2 * a.T * a * x - 2 * a.T * b, 2 * a.T * (a * x - b)),
        ("wrong gradient", 2 * a.T * a * x - a.T * b, 2 * a.T * (a * x - b)),
        ("Hessian 2AᵀA", 2 * a.T * a, a.T * a + a.T * a),
        (
            "(AᵀA C)⁻¹ = C⁻¹(AᵀA)⁻¹",
            sympy.Inverse(a.T * a * c),
            sympy.Inverse(c) * sympy.Inverse(a.T * a),
        ),
    ]
    print(f"{options.count} instances per claim, float64, best of {options.repeats}")
    header = (
        f"{'claim':<26} {'k x n':>7} {'cond(A)':>7} | {'loop':>9} "
        f"| {'batched oracle':>14} {'ratio':>7} "
        f"| {'batched values':>14} {'ratio':>7} | verdict: loop / batched"
    )
    print(header)
    print("-" * len(header))
    for (rows, cols), condition in [((6, 4), None), ((6, 4), 1e5), ((40, 20), None)]:
        specs = [
            instances.Spec("v0", (rows, cols), condition=condition),
            instances.Spec("v1", (cols, 1)),
            instances.Spec("v2", (rows, 1)),
            instances.Spec("v3", (cols, cols)),
        ]
        stacked = instances.draw_float_batch(specs, np.random.default_rng(rows), options.count)
        one_by_one = [values.unstack(stacked, index) for index in range(options.count)]
        for name, lhs, rhs in claims:
            left, right = lambdify.to_numpy(lhs, arguments), lambdify.to_numpy(rhs, arguments)
            left_b = batch.to_numpy_batched(lhs, arguments)
            right_b = batch.to_numpy_batched(rhs, arguments)
            t_loop, looped = best_time(
                lambda: floating.compare(left, right, one_by_one), options.repeats
            )
            t_batch, batched = best_time(
                lambda: floating.compare_batched(left_b, right_b, stacked), options.repeats
            )
            t_values, _ = best_time(
                lambda: (left_b(**stacked), right_b(**stacked)), options.repeats
            )
            verdict = " / ".join(
                "agreed" if result.agreed else "FAILED" for result in (looped, batched)
            )
            shown_condition = "-" if condition is None else f"{condition:.0e}"
            print(
                f"{name:<26} {f'{rows}x{cols}':>7} {shown_condition:>7} | {t_loop * 1e3:6.1f} ms "
                f"| {t_batch * 1e3:11.2f} ms {t_loop / t_batch:6.1f}x "
                f"| {t_values * 1e3:11.2f} ms {t_loop / t_values:6.1f}x | {verdict}"
            )


if __name__ == "__main__":
    main()
