"""The objective, gradient and Hessian that ``derive grad`` prints, against hand-written NumPy and TensorFlow.

Each problem's code is produced by the installed command, exactly as a user gets it,

    derive grad OBJECTIVE --wrt V [--shapes …] --emit numpy -o problem.py
    derive grad OBJECTIVE --wrt V [--shapes …] --emit tensorflow -o problem.py

and the printed module is imported and its functions called with the arguments their signatures
name. Each function is timed against what a careful person writes by hand for the same problem
(below, ``HAND``), calling the two in turn on the same data (interleaved, order reversed each round)
and taking the median of the rounds' ratios generated / hand-written as the figure (target ≤ 1.1 for every
function at n ≥ 1000). Every row also says how far the two results are apart (max. relative
difference), so that a fast wrong answer cannot pass. With TensorFlow each call ends in
``.numpy()``, so that the time covers the work, not just its scheduling; the TensorFlow rows also
time GradientTape on the hand-written objective (gradient, and the Hessian as the Jacobian of the
taped gradient up to ``--tape-hessian-max``), the alternative a TensorFlow user has.

Sizes: A is 2n × n for least squares, ridge and weighted least squares (W is 2n × 2n, symmetric
positive definite); for ‖AXB − C‖_F², A is n × n, X and C are n × 50 and B is 50 × 50; logistic
regression has N = 20n samples and d = n/10 features. Hessians cost O(n³): they are timed up to
``--hessian-max`` (2000 by default; the 4000 row would take minutes).

Run: ``python benchmarks/generated_code.py [--sizes 500 1000 2000 4000] [--backends numpy tensorflow]``
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import inspect
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import running

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

FUNCTIONS = ("objective", "gradient", "hessian")
LOGISTIC = r"-y^T\log\sigma(X\theta) - (\mathbf 1 - y)^T\log(\mathbf 1 - \sigma(X\theta))"


@dataclasses.dataclass(frozen=True)
class Problem:
    name: str
    objective: str
    wrt: str
    shapes: str | None
    data: Callable[[int, np.random.Generator], dict[str, Any]]  # n → arguments by the printed code's names


def _least_squares_data(n: int, rng: np.random.Generator) -> dict[str, Any]:
    return {"A": rng.standard_normal((2 * n, n)) / np.sqrt(n), "b": rng.standard_normal(2 * n), "x": rng.standard_normal(n)}


def _ridge_data(n: int, rng: np.random.Generator) -> dict[str, Any]:
    return {**_least_squares_data(n, rng), "lambda_": 0.5}


def _weighted_data(n: int, rng: np.random.Generator) -> dict[str, Any]:
    data = _least_squares_data(n, rng)
    M = rng.standard_normal((2 * n, 2 * n)) / np.sqrt(2 * n)
    return {**data, "W": M @ M.T + np.eye(2 * n)}


def _frobenius_data(n: int, rng: np.random.Generator) -> dict[str, Any]:
    p = 50
    return {"A": rng.standard_normal((n, n)) / np.sqrt(n), "X": rng.standard_normal((n, p)),
            "B": rng.standard_normal((p, p)) / np.sqrt(p), "C": rng.standard_normal((n, p))}


def _logistic_data(n: int, rng: np.random.Generator) -> dict[str, Any]:
    samples, features = 20 * n, max(n // 10, 1)
    X = rng.standard_normal((samples, features))
    return {"X": X, "y": (rng.random(samples) < 0.5).astype(float), "theta": rng.standard_normal(features) / np.sqrt(features)}


PROBLEMS = (
    Problem("least squares", r"\|Ax-b\|_2^2", "x", None, _least_squares_data),
    Problem("ridge", r"\|Ax-b\|_2^2 + \lambda\|x\|_2^2", "x", None, _ridge_data),
    Problem("weighted LS", r"(Ax-b)^TW(Ax-b)", "x", "W:k×k symmetric", _weighted_data),
    Problem("‖AXB−C‖_F²", r"\|AXB-C\|_F^2", "X", None, _frobenius_data),
    Problem("logistic", LOGISTIC, "theta", "X:N×d, y:N", _logistic_data),
)


def _hand_numpy() -> dict[str, dict[str, Callable[..., Any]]]:
    """What a careful person writes in NumPy: residuals once, products right to left, the Gram product for AᵀA."""

    def ls_objective(A: Any, b: Any, x: Any) -> Any:
        r = A @ x - b
        return r @ r

    def ridge_hessian(A: Any, b: Any, lambda_: Any, x: Any) -> Any:
        H = 2 * (A.T @ A)
        H[np.diag_indices_from(H)] += 2 * lambda_
        return H

    def wls_objective(A: Any, b: Any, W: Any, x: Any) -> Any:
        r = A @ x - b
        return r @ (W @ r)

    def fro_gradient(A: Any, B: Any, C: Any, X: Any) -> Any:
        R = A @ (X @ B) - C
        return 2 * (A.T @ (R @ B.T))

    def logistic_hessian(X: Any, y: Any, theta: Any) -> Any:
        s = 1 / (1 + np.exp(-(X @ theta)))
        return X.T @ ((s * (1 - s))[:, None] * X)

    def logistic_objective(X: Any, y: Any, theta: Any) -> Any:
        z = X @ theta
        return np.sum(np.logaddexp(0, z)) - y @ z

    return {
        "least squares": {"objective": ls_objective, "gradient": lambda A, b, x: 2 * (A.T @ (A @ x - b)),
                          "hessian": lambda A, b, x: 2 * (A.T @ A)},
        "ridge": {"objective": lambda A, b, lambda_, x: ls_objective(A, b, x) + lambda_ * (x @ x),
                  "gradient": lambda A, b, lambda_, x: 2 * (A.T @ (A @ x - b)) + 2 * lambda_ * x,
                  "hessian": ridge_hessian},
        "weighted LS": {"objective": wls_objective, "gradient": lambda A, b, W, x: 2 * (A.T @ (W @ (A @ x - b))),
                        "hessian": lambda A, b, W, x: 2 * (A.T @ (W @ A))},
        "‖AXB−C‖_F²": {"objective": lambda A, B, C, X: np.linalg.norm(A @ (X @ B) - C) ** 2, "gradient": fro_gradient},
        "logistic": {"objective": logistic_objective,
                     "gradient": lambda X, y, theta: X.T @ (1 / (1 + np.exp(-(X @ theta))) - y),
                     "hessian": logistic_hessian},
    }


def _hand_tensorflow(tf: Any) -> dict[str, dict[str, Callable[..., Any]]]:
    """What a careful person writes in TensorFlow, the same forms as ``_hand_numpy``."""
    mv, mm = tf.linalg.matvec, tf.linalg.matmul

    def ls_objective(A: Any, b: Any, x: Any) -> Any:
        r = mv(A, x) - b
        return tf.reduce_sum(r * r)

    def wls_objective(A: Any, b: Any, W: Any, x: Any) -> Any:
        r = mv(A, x) - b
        return tf.reduce_sum(r * mv(W, r))

    def ridge_hessian(A: Any, b: Any, lambda_: Any, x: Any) -> Any:
        H = 2 * mm(A, A, transpose_a=True)
        return tf.linalg.set_diag(H, tf.linalg.diag_part(H) + 2 * lambda_)

    def logistic_hessian(X: Any, y: Any, theta: Any) -> Any:
        s = tf.math.sigmoid(mv(X, theta))
        return mm(X, (s * (1 - s))[:, None] * X, transpose_a=True)

    def logistic_objective(X: Any, y: Any, theta: Any) -> Any:
        z = mv(X, theta)
        return tf.reduce_sum(tf.math.softplus(z)) - tf.reduce_sum(y * z)

    return {
        "least squares": {"objective": ls_objective,
                          "gradient": lambda A, b, x: 2 * mv(A, mv(A, x) - b, transpose_a=True),
                          "hessian": lambda A, b, x: 2 * mm(A, A, transpose_a=True)},
        "ridge": {"objective": lambda A, b, lambda_, x: ls_objective(A, b, x) + lambda_ * tf.reduce_sum(x * x),
                  "gradient": lambda A, b, lambda_, x: 2 * mv(A, mv(A, x) - b, transpose_a=True) + 2 * lambda_ * x,
                  "hessian": ridge_hessian},
        "weighted LS": {"objective": wls_objective,
                        "gradient": lambda A, b, W, x: 2 * mv(A, mv(W, mv(A, x) - b), transpose_a=True),
                        "hessian": lambda A, b, W, x: 2 * mm(A, mm(W, A), transpose_a=True)},
        "‖AXB−C‖_F²": {"objective": lambda A, B, C, X: tf.reduce_sum(tf.square(mm(A, mm(X, B)) - C)),
                       "gradient": lambda A, B, C, X: 2 * mm(A, mm(mm(A, mm(X, B)) - C, B, transpose_b=True), transpose_a=True)},
        "logistic": {"objective": logistic_objective,
                     "gradient": lambda X, y, theta: mv(X, tf.math.sigmoid(mv(X, theta)) - y, transpose_a=True),
                     "hessian": logistic_hessian},
    }


def generate(problems: tuple[Problem, ...], backends: list[str]) -> dict[tuple[str, str], str]:
    """Run the installed ``derive grad`` once per problem and backend (two at a time); the printed sources."""
    argv = running.derive_command()

    def run(problem: Problem, backend: str) -> str:
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "generated.py")
            shapes = ["--shapes", problem.shapes] if problem.shapes else []
            subprocess.run([*argv, "grad", problem.objective, "--wrt", problem.wrt, *shapes, "--emit", backend, "-o", target],
                           check=True, capture_output=True)
            return pathlib.Path(target).read_text("utf-8")

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {(problem.name, backend): pool.submit(run, problem, backend) for problem in problems for backend in backends}
        return {key: job.result() for key, job in jobs.items()}


def load(source: str, name: str) -> dict[str, Callable[..., Any]]:
    namespace: dict[str, Any] = {}
    exec(compile(source, f"{name}.py", "exec"), namespace)  # noqa: S102 - the code derive printed
    return {function: namespace[function] for function in FUNCTIONS if function in namespace}


def paired(hand: list[float], generated: list[float]) -> tuple[float, float]:
    """The hand-written median, and the median of the per-round ratios: a slow moment of the machine
    lands on both calls of a round, so it cancels in that round's ratio."""
    return statistics.median(hand), statistics.median(g / h for g, h in zip(generated, hand, strict=True))


def repeats_for(seconds: float, budget: float) -> int:
    """Enough interleaved rounds to fill ``budget`` seconds, at least 5 and at most 60."""
    return max(5, min(60, round(budget / max(seconds, 1e-6))))


def relative_difference(got: Any, expected: Any) -> float:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return float(np.max(np.abs(got - expected)) / max(float(np.max(np.abs(expected))), 1e-300))


@dataclasses.dataclass
class Row:
    problem: str
    n: int
    cells: dict[str, tuple[float, float]]  # function → (hand-written seconds, generated / hand-written)
    difference: float
    tape: dict[str, float] = dataclasses.field(default_factory=dict)  # "gradient"/"hessian" → GradientTape seconds


def time_problem(problem: Problem, n: int, generated: dict[str, Callable[..., Any]], hand: dict[str, Callable[..., Any]],
                 backend: str, options: argparse.Namespace) -> Row:
    data = problem.data(n, np.random.default_rng(n))
    if backend == "tensorflow":
        import tensorflow as tf

        arguments: dict[str, Any] = {name: tf.constant(value, dtype=tf.float64) for name, value in data.items()}

        def finish(value: Any) -> Any:
            return value.numpy()
    else:
        arguments, tf = data, None

        def finish(value: Any) -> Any:
            return value
    row = Row(problem.name, n, {}, 0.0)
    for function in FUNCTIONS:
        if function not in generated or (function == "hessian" and n > options.hessian_max):
            continue
        ours, theirs = generated[function], hand[function]
        ours_arguments = {name: arguments[name] for name in inspect.signature(ours).parameters}
        start = time.perf_counter()
        expected = finish(theirs(**arguments))
        single = time.perf_counter() - start
        row.difference = max(row.difference, relative_difference(finish(ours(**ours_arguments)), expected))
        found = running.interleaved({"hand": lambda f=theirs: finish(f(**arguments)),
                         "generated": lambda f=ours, given=ours_arguments: finish(f(**given))},
                        repeats_for(2 * single, options.budget))
        row.cells[function] = paired(found["hand"], found["generated"])
    if tf is not None:
        row.tape = time_tape(tf, problem, n, hand["objective"], arguments, options)
    return row


def time_tape(tf: Any, problem: Problem, n: int, objective: Callable[..., Any], arguments: dict[str, Any],
              options: argparse.Namespace) -> dict[str, float]:
    """GradientTape on the hand-written objective: the gradient, and the Hessian as the Jacobian of the taped gradient."""
    variable = arguments[problem.wrt]
    others = {name: value for name, value in arguments.items() if name != problem.wrt}

    def gradient() -> Any:
        with tf.GradientTape() as tape:
            tape.watch(variable)
            value = objective(**others, **{problem.wrt: variable})
        return tape.gradient(value, variable).numpy()

    def hessian() -> Any:
        with tf.GradientTape() as outer:
            outer.watch(variable)
            with tf.GradientTape() as inner:
                inner.watch(variable)
                value = objective(**others, **{problem.wrt: variable})
            first = inner.gradient(value, variable)
        return outer.jacobian(first, variable).numpy()

    found = {}
    for name, function in (("gradient", gradient), ("hessian", hessian)):
        if name == "hessian" and (n > options.tape_hessian_max or problem.wrt == "X"):
            continue
        start = time.perf_counter()
        function()
        found[name] = statistics.median(running.interleaved({name: function}, repeats_for(time.perf_counter() - start, options.budget))[name])
    return found


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def print_table(backend: str, rows: list[Row]) -> None:
    header = f"{'problem':<14} {'n':>5} | " + " | ".join(f"{function + ' (hand, ratio)':<22}" for function in FUNCTIONS)
    header += f" | {'max rel. diff':>13}"
    if backend == "tensorflow":
        header += f" | {'tape ∇':>9} | {'tape ∇²':>9}"
    print(header)
    print("-" * len(header))
    for row in rows:
        cells = [f"{milliseconds(row.cells[f][0]):>10} ×{row.cells[f][1]:<10.3f}" if f in row.cells else f"{'—':<22}"
                 for f in FUNCTIONS]
        line = f"{row.problem:<14} {row.n:>5} | " + " | ".join(cells) + f" | {row.difference:>13.1e}"
        if backend == "tensorflow":
            line += " | " + " | ".join(f"{milliseconds(row.tape[f]) if f in row.tape else '—':>9}" for f in ("gradient", "hessian"))
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[500, 1000, 2000, 4000], help="values of n")
    parser.add_argument("--backends", nargs="+", default=["numpy", "tensorflow"], choices=["numpy", "tensorflow"])
    parser.add_argument("--problems", nargs="+", default=[p.name for p in PROBLEMS], choices=[p.name for p in PROBLEMS])
    parser.add_argument("--hessian-max", type=int, default=2000, help="largest n whose Hessians are timed")
    parser.add_argument("--tape-hessian-max", type=int, default=1000, help="largest n for GradientTape's Hessian")
    parser.add_argument("--budget", type=float, default=0.6, help="seconds of interleaved calls per function")
    parser.add_argument("--show-code", action="store_true", help="print the generated modules")
    options = parser.parse_args()
    problems = tuple(p for p in PROBLEMS if p.name in options.problems)
    sources = generate(problems, options.backends)
    worst: tuple[float, str] = (0.0, "")
    for backend in options.backends:
        if backend == "tensorflow":
            sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
            from numeric import tf_loader

            tf = tf_loader.tensorflow()  # silenced start-up, TF32 off
            hands = _hand_tensorflow(tf)
            devices = ", ".join(device.device_type for device in tf.config.list_logical_devices())
            print(f"\nTensorFlow {tf.__version__} on {devices}, float64, TF32 off")
        else:
            hands = _hand_numpy()
            print(f"\nNumPy {np.__version__}, float64")
        print(f"generated by derive grad --emit {backend}; 'hand' is the hand-written median, 'ratio' generated / hand-written")
        rows = []
        for problem in problems:
            generated = load(sources[problem.name, backend], problem.name)
            if options.show_code:
                print(sources[problem.name, backend])
            for n in options.sizes:
                row = time_problem(problem, n, generated, hands[problem.name], backend, options)
                rows.append(row)
                for function, (_, ratio) in row.cells.items():
                    if n >= 1000 and ratio > worst[0]:
                        worst = (ratio, f"{backend} {problem.name} {function}, n = {n}")
        print_table(backend, rows)
    if not worst[1]:
        print("\nno size n ≥ 1000 was timed: the target (≤ 1.1 there) is not measured")
        return
    verdict = "met" if worst[0] <= 1.1 else "NOT met"
    print(f"\nworst ratio at n ≥ 1000: {worst[0]:.3f} ({worst[1]}); target ≤ 1.1: {verdict}")


if __name__ == "__main__":
    main()
