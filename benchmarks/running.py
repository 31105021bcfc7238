"""What the benchmarks share: the installed command, interleaved timing, and the log-log growth."""

from __future__ import annotations

import math
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any


def derive_command() -> list[str]:
    """The installed ``derive`` command, as a user runs it (``python -m derive`` where it is not on PATH)."""
    command = shutil.which("derive")
    return [command] if command else [sys.executable, "-m", "derive"]


def interleaved(functions: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[float]]:
    """Each function called in turn ``repeats`` times (interleaved, so drift hits all alike; the order
    reversed each round, so that none always runs after another has warmed the caches): seconds per call."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    order = list(functions)
    for _ in range(repeats):
        order.reverse()
        for name in order:
            start = time.perf_counter()
            functions[name]()
            times[name].append(time.perf_counter() - start)
    return times


def log_log_slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) against log(x): 1 is linear growth."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
