"""The lambdified gradient of ‖Ax − b‖² against hand-written NumPy.

What this times is ``numeric.lambdify.to_numpy``: the functions the float oracle of
``derive check`` compiles. It is not the code ``derive grad --emit numpy`` prints.

For n = 250, 500, 1000, 2000 and k = 2n, in one run, each timed as the best of
many calls on the same data:

* hand-written — ``2.0 * (A.T @ (A @ x - b))``, what a careful person writes;
* lambdified 2Aᵀ(Ax − b) — ``lambdify.to_numpy`` of the factored gradient: the
  generated NumPy function itself, and the checked call (``NumPyFunction``, which
  also validates shapes, converts inputs, traps floating-point errors and checks
  the result is finite — a fixed cost of about 15 µs per call);
* lambdified 2AᵀAx − 2Aᵀb — the expanded form a derivation usually states, which
  runs at matrix-vector cost only because the printer orders the chain AᵀAx
  (``multi_dot``) instead of forming AᵀA first.

Ratios are time / hand-written time (≤ 1.1 is the target).  A naive hand-written
``2 * A.T @ (A @ x - b)`` (which scales all of Aᵀ first) is shown for reference.

Run: ``python benchmarks/gradient_lambdified_vs_numpy.py [--sizes 250 500 1000 2000]``
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from numeric import lambdify  # noqa: E402

import least_squares_symbols  # noqa: E402 - benchmarks/, beside this script


def best_time(function: Callable[[], Any], repeats: int) -> float:
    """The fastest of ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--repeats", type=int, default=50)
    options = parser.parse_args()

    a_sym, x_sym, b_sym = least_squares_symbols.symbols()
    arguments = [a_sym, x_sym, b_sym]
    checked = lambdify.to_numpy(2 * a_sym.T * (a_sym * x_sym - b_sym), arguments)
    expanded_checked = lambdify.to_numpy(
        2 * a_sym.T * a_sym * x_sym - 2 * a_sym.T * b_sym, arguments
    )
    generated, expanded = checked.function, expanded_checked.function  # the printed NumPy code

    def hand_written(v0: np.ndarray, v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
        return 2.0 * (v0.T @ (v0 @ v1 - v2))

    def naive(v0: np.ndarray, v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
        return 2 * v0.T @ (v0 @ v1 - v2)

    print(f"numpy {np.__version__}, float64, best of {options.repeats} calls")
    header = (
        f"{'n':>5} {'k':>5} | {'hand-written':>12} | {'2Aᵀ(Ax−b) generated':>19} {'ratio':>6} "
        f"| {'checked call':>12} {'ratio':>6} | {'2AᵀAx−2Aᵀb generated':>21} {'ratio':>6} "
        f"| {'naive 2*A.T@(…)':>15} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in options.sizes:
        k = 2 * n
        rng = np.random.default_rng(n)
        instance = {
            "v0": rng.standard_normal((k, n)),
            "v1": rng.standard_normal((n, 1)),
            "v2": rng.standard_normal((k, 1)),
        }
        reference = hand_written(**instance)
        for function in (checked, generated, expanded, naive):
            np.testing.assert_allclose(function(**instance), reference, rtol=1e-9, atol=1e-9)
        times: dict[str, float] = {}
        variants = [
            ("hand", hand_written), ("generated", generated), ("checked", checked),
            ("expanded", expanded), ("naive", naive),
        ]
        for _ in range(2):  # interleave, so that drifts in machine load hit every variant alike
            for name, function in variants:
                measured = best_time(lambda: function(**instance), options.repeats)
                times[name] = min(times.get(name, float("inf")), measured)
        hand = times["hand"]
        cells = [f"{n:>5} {k:>5} | {hand * 1e3:9.3f} ms"]
        for name, width in [("generated", 19), ("checked", 12), ("expanded", 21), ("naive", 15)]:
            cells.append(f"{times[name] * 1e3:{width - 3}.3f} ms {times[name] / hand:5.2f}x")
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
