"""A guard against hangs for tests of hostile input: a bound, not a performance target."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Hang(Exception):
    """Raised by the alarm when a call runs far past its bound."""


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (POSIX main thread only; elsewhere a no-op)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def ring(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
