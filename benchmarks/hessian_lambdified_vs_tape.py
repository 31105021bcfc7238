"""The derived Hessian 2AᵀA, lambdified, against GradientTape's Hessian of ‖Ax − b‖².

For n = 250, 500, 1000, 2000 and k = 2n, in one run:

* lambdified — ``lambdify.to_numpy(2*A.T*A)``, the Hessian the derivation produced;
* tape, compiled — ``autodiff.hessian(..., compiled=True)``: nested GradientTapes,
  ``jacobian`` vectorised with pfor, traced once by ``tf.function`` (tracing excluded);
* tape, eager — ``autodiff.hessian``: nested tapes, ``jacobian`` as a loop of n
  backward passes (the default oracle), measured where it fits the time budget.

Times are the best of a few repetitions; the ratios are tape time / lambdified time
from the same run.  The lambdified times are taken before TensorFlow starts and again
after, keeping the better (TensorFlow's idle thread pools can compete with NumPy's
BLAS on a small machine), with more repetitions for the fast cases.  Both Hessians
are checked to agree before any time is printed.

Run: ``python benchmarks/hessian_lambdified_vs_tape.py [--sizes 250 500 1000 2000]``
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

from numeric import autodiff, lambdify, tf_loader  # noqa: E402

import least_squares_symbols  # noqa: E402 - benchmarks/, beside this script

EAGER_BUDGET_S = 75.0
"""Skip the eager tape where one Hessian would take longer than this (estimated)."""


def best_time(function: Callable[[], Any], repeats: int, budget: float = 0.5) -> float:
    """The fastest of at least ``repeats`` runs (more, up to 200, while under ``budget`` s)."""
    best, spent, runs = float("inf"), 0.0, 0
    while runs < repeats or (spent < budget and runs < 200):
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    a_sym, x_sym, b_sym = least_squares_symbols.symbols()
    arguments = [a_sym, x_sym, b_sym]
    objective = sympy.Trace((a_sym * x_sym - b_sym).T * (a_sym * x_sym - b_sym))
    derived = lambdify.to_numpy(2 * a_sym.T * a_sym, arguments)
    problems, lambdified_times = {}, {}
    for n in options.sizes:
        rng = np.random.default_rng(n)
        problems[n] = {
            "v0": rng.standard_normal((2 * n, n)),
            "v1": rng.standard_normal((n, 1)),
            "v2": rng.standard_normal((2 * n, 1)),
        }
        lambdified_times[n] = best_time(lambda: derived(**problems[n]), options.repeats + 2)

    tf = tf_loader.tensorflow()
    f_tf = lambdify.to_tensorflow(objective, arguments)

    threads = tf.config.threading.get_intra_op_parallelism_threads() or "default"
    print(
        f"numpy {np.__version__}, tensorflow {tf.__version__}, float64, CPU threads: "
        f"numpy default, tensorflow intra-op {threads}"
    )
    header = (
        f"{'n':>5} {'k':>5} | {'lambdified 2AᵀA':>15} | {'tape, compiled':>14} {'ratio':>7} "
        f"| {'tape, eager loop':>16} {'ratio':>7} | {'max |ΔH| / max |H|':>18}"
    )
    print(header)
    print("-" * len(header))
    last_eager: tuple[int, float] | None = None  # (n, seconds) of the last eager Hessian
    for n in options.sizes:
        k, instance = 2 * n, problems[n]
        lambdified = derived(**instance)
        compiled = autodiff.hessian(f_tf, instance, "v1", compiled=True)  # traces once
        gap = float(np.max(np.abs(lambdified - compiled)) / np.max(np.abs(lambdified)))
        assert gap < 1e-10, f"the Hessians disagree at n = {n}: {gap}"
        # once more now that TensorFlow runs, keeping the better of the two measurements
        again = best_time(lambda: derived(**instance), options.repeats)
        t_lambdified = min(lambdified_times[n], again)
        t_compiled = best_time(
            lambda: autodiff.hessian(f_tf, instance, "v1", compiled=True), options.repeats
        )
        # n backward passes, each O(kn) = O(n²): the eager Hessian grows like n³
        estimate = None if last_eager is None else last_eager[1] * (n / last_eager[0]) ** 3
        if estimate is None or estimate < EAGER_BUDGET_S:
            t_eager = best_time(lambda: autodiff.hessian(f_tf, instance, "v1"), 1)
            last_eager = (n, t_eager)
            eager_cell = f"{t_eager * 1e3:13.1f} ms {t_eager / t_lambdified:6.1f}x"
        else:
            eager_cell = f"{f'~{estimate:.0f} s (est.)':>16} {'':>7}"
        print(
            f"{n:>5} {k:>5} | {t_lambdified * 1e3:12.1f} ms | {t_compiled * 1e3:11.1f} ms "
            f"{t_compiled / t_lambdified:6.1f}x | {eager_cell} | {gap:18.1e}"
        )


if __name__ == "__main__":
    main()
