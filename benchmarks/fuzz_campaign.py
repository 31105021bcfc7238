"""A fuzz campaign: thousands of mutated documents through ``derive.check_text``, with figures.

Inputs come from ``tests/support/fuzz_grammar.py`` (the test suite runs a fixed sample of the same
inputs). Each document is checked with the default worker limits (a step over ``--timeout``
seconds is stopped and counted as a hang) and DERIVE_DEBUG=1, so an internal error raises. Prints
the number of inputs, tracebacks (exceptions that are not derive's), internal errors, hangs and
the largest resident memory of the checking worker, and writes each failing input to ``--out``.

    python benchmarks/fuzz_campaign.py [--count 10000] [--seed 0] [--timeout 20] [--out fuzz-failures]
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import sys
import time

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests" / "support"))
os.environ["DERIVE_DEBUG"] = "1"

import fuzz_grammar  # noqa: E402
from derive import errors  # noqa: E402
from derive.checking import checker, isolation  # noqa: E402


def _peak_megabytes(pid: int | None) -> float:
    """The worker's peak resident memory (VmHWM), in MiB; 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, TypeError):
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("fuzz-failures"))
    arguments = parser.parse_args()
    worker = isolation.shared()
    counts: collections.Counter[str] = collections.Counter()
    classes: collections.Counter[str] = collections.Counter()
    peak = 0.0
    start = time.perf_counter()
    for number in range(arguments.count):
        seed = arguments.seed + number
        text = fuzz_grammar.case(seed)
        counts["inputs"] += 1
        failure = None
        try:
            result = checker.check_text(text, path="fuzz.md", oracles=["symbolic", "exact", "float"], timeout=arguments.timeout)
            messages = [claim.message or "" for claim in result.claims]
            if any("internal error" in message for message in messages):
                failure = "internal error"
            elif any(message.startswith("stopped") for message in messages):
                failure = "hang"
        except isolation.WorkerFailed as problem:
            failure = "internal error"
            classes[str(problem).strip().splitlines()[-1][:120]] += 1
        except errors.DeriveError:
            counts["located errors"] += 1
        except Exception as problem:  # noqa: BLE001 - what the campaign counts
            failure = "traceback"
            classes[f"{type(problem).__name__}: {str(problem)[:100]}"] += 1
        peak = max(peak, _peak_megabytes(worker.pid))
        if failure is not None:
            counts[failure] += 1
            arguments.out.mkdir(exist_ok=True)
            (arguments.out / f"{failure.replace(' ', '-')}-{seed}.md").write_text(text, encoding="utf-8", errors="surrogateescape")
    elapsed = time.perf_counter() - start
    print(f"inputs: {counts['inputs']} in {elapsed:.0f} s (seeds {arguments.seed}..{arguments.seed + arguments.count - 1})")
    print(f"located input errors (expected for damaged input): {counts['located errors']}")
    for name in ("traceback", "internal error", "hang"):
        print(f"{name}s: {counts[name]}")
    print(f"largest resident memory of the checking worker: {peak:.0f} MiB")
    for name, count in classes.most_common():
        print(f"  {count:>5} × {name}")


if __name__ == "__main__":
    main()
