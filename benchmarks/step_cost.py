"""What each step of a derivation costs `derive check`, above the imports it cannot avoid.

The document is the least-squares derivation of the running example written out for k problems,
each over its own matrix, vector and unknown (14 steps per problem: definition, expansions, term-by-
term and whole gradients, the normal equations, the solution, the Hessian and convexity, the kinds a
real derivation has). The installed command checks it as a user runs it
(`derive check --no-cache --jobs 1`), alternately with `python -c "import sympy, tensorflow"`, the
floor; medians of fresh processes in one run.

Reported: the ratio to the floor at 12 problems (168 steps; issue 18's target ≤ 1.5), the cost per
step above the floor, and the slope of the log-log fit of that cost against the number of steps
(1 is linear).

    python benchmarks/step_cost.py [--problems 6 12 24] [--repeat 3]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import running

SECTION = r"""## Problem {j}

Let $M_{{{j}}} \in \mathbb{{R}}^{{k \times n}}$, $c_{{{j}}} \in \mathbb{{R}}^{{k}}$ and $v_{{{j}}} \in \mathbb{{R}}^{{n}}$.

$$ f_{{{j}}}(v_{{{j}}}) = \|M_{{{j}}} v_{{{j}}} - c_{{{j}}}\|_2^2 $$

$$ f_{{{j}}}(v_{{{j}}}) = (M_{{{j}}} v_{{{j}}} - c_{{{j}}})^T (M_{{{j}}} v_{{{j}}} - c_{{{j}}}) $$

$$ = ((M_{{{j}}} v_{{{j}}})^T - c_{{{j}}}^T)(M_{{{j}}} v_{{{j}}} - c_{{{j}}}) $$

$$ = v_{{{j}}}^T M_{{{j}}}^T M_{{{j}}} v_{{{j}}} - c_{{{j}}}^T M_{{{j}}} v_{{{j}}} - v_{{{j}}}^T M_{{{j}}}^T c_{{{j}}} + c_{{{j}}}^T c_{{{j}}} $$

$$ = v_{{{j}}}^T M_{{{j}}}^T M_{{{j}}} v_{{{j}}} - 2 c_{{{j}}}^T M_{{{j}}} v_{{{j}}} + c_{{{j}}}^T c_{{{j}}} $$

$$ \nabla_{{v_{{{j}}}}} (v_{{{j}}}^T M_{{{j}}}^T M_{{{j}}} v_{{{j}}}) = 2 M_{{{j}}}^T M_{{{j}}} v_{{{j}}}, \quad \nabla_{{v_{{{j}}}}} (c_{{{j}}}^T M_{{{j}}} v_{{{j}}}) = M_{{{j}}}^T c_{{{j}}} $$

$$ \nabla f_{{{j}}}(v_{{{j}}}) = 2 M_{{{j}}}^T M_{{{j}}} v_{{{j}}} - 2 M_{{{j}}}^T c_{{{j}}} = 2 M_{{{j}}}^T (M_{{{j}}} v_{{{j}}} - c_{{{j}}}) $$

$$ \nabla f_{{{j}}}(v_{{{j}}}) = 0 $$

$$ M_{{{j}}}^T M_{{{j}}} v_{{{j}}} = M_{{{j}}}^T c_{{{j}}} $$

$$ v_{{{j}}} = (M_{{{j}}}^T M_{{{j}}})^{{-1}} M_{{{j}}}^T c_{{{j}}} $$

$$ \nabla^2 f_{{{j}}}(v_{{{j}}}) = 2 M_{{{j}}}^T M_{{{j}}} \succeq 0 $$
"""
STEPS_PER_PROBLEM = 14


def document(problems: int) -> str:
    return f"# {problems} least-squares problems\n\n" + "\n".join(SECTION.format(j=j) for j in range(1, problems + 1))


def _seconds(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--problems", type=int, nargs="+", default=[6, 12, 24])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    argv = running.derive_command()
    with tempfile.TemporaryDirectory() as folder:
        commands = {"imports": [sys.executable, "-c", "import sympy, tensorflow"]}
        for count in options.problems:
            path = pathlib.Path(folder) / f"problems-{count}.md"
            path.write_text(document(count), "utf-8")
            commands[str(count)] = [*argv, "check", "--no-cache", "--quiet", "--jobs", "1", str(path)]
        summaries = {name: _seconds(command)[1] for name, command in commands.items()}  # warms the file cache
        timings: dict[str, list[float]] = {name: [] for name in commands}
        order = list(commands)
        for _ in range(options.repeat):
            order.reverse()
            for name in order:
                timings[name].append(_seconds(commands[name])[0])
    floor = statistics.median(timings["imports"])
    print(f"import floor (python -c 'import sympy, tensorflow'): {floor:.2f} s")
    print(f"{'problems':>8} {'steps':>6} | {'check':>7} | {'÷ floor':>7} | {'per step':>9} | summary")
    points = []
    for count in options.problems:
        seconds = statistics.median(timings[str(count)])
        steps = count * STEPS_PER_PROBLEM
        above = seconds - floor
        points.append((steps, above))
        summary = " ".join(summaries[str(count)].split()).partition(": ")[2]  # the terminal may wrap it
        print(f"{count:>8} {steps:>6} | {seconds:>5.2f} s | {seconds / floor:>7.2f} | {above / steps * 1e3:>6.1f} ms | {summary}")
    usable = [(steps, above) for steps, above in points if above > 0]
    if len(usable) >= 2:
        print(f"log-log slope of the time above the floor against the steps: {running.log_log_slope(usable):.2f} (1 = linear)")
    if 12 in options.problems:
        ratio = statistics.median(timings["12"]) / floor
        print(f"168 steps: {ratio:.2f} × the import floor (target ≤ 1.5)")


if __name__ == "__main__":
    main()
