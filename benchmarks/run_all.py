"""Issue 18's benchmarks in one go, each in its own process, then the lines that state a target.

- ``generated_code.py``: the code ``derive grad`` prints against hand-written NumPy/TensorFlow;
- ``check_vs_imports.py``: ``derive check`` on the running example against the import floor, and
  a second document on a warm worker;
- ``step_cost.py``: the cost of each step of a long derivation above the import floor.

Takes about five minutes on two cores. Run: ``python benchmarks/run_all.py``
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
RUNS = (
    ("generated_code.py", ["--budget", "0.4"]),
    ("check_vs_imports.py", ["--repeat", "3"]),
    ("step_cost.py", ["--problems", "6", "12", "24", "--repeat", "3"]),
)


def main() -> int:
    targets: list[str] = []
    failed = []
    started = time.perf_counter()
    for script, arguments in RUNS:
        print(f"\n=== {script} {' '.join(arguments)}", flush=True)
        begun = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / script), *arguments], capture_output=True, text=True, check=False)
        print(done.stdout, end="")
        if done.returncode != 0:
            failed.append(script)
            print(done.stderr, end="")
        print(f"--- {script}: {time.perf_counter() - begun:.0f} s", flush=True)
        targets.extend(f"{script}: {line.strip()}" for line in done.stdout.splitlines() if "target" in line)
    print(f"\n=== targets (all measured above, in {time.perf_counter() - started:.0f} s)")
    for line in targets:
        print(line)
    for script in failed:
        print(f"{script}: FAILED (its error is above)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
