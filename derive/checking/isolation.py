"""Claims checked in a worker process that is stopped and replaced when a step runs over its limits.

SymPy cannot be interrupted from inside: ``simplify`` of a large power ignores signals for minutes
and can take gigabytes. So the claims of a document are checked in a separate Python process
(``python -m derive.checking.worker``), which streams one result per claim back through a pipe.
The parent waits for each result at most ``timeout`` seconds and watches the worker's resident
memory; a worker over either limit is killed, its claim becomes ``unchecked`` ("stopped after
20 s"), and a fresh worker goes on with the next claim. A worker that finished a document stays
alive for the next one, so SymPy and TensorFlow are imported once per run, not once per document.

The worker is a plain subprocess rather than ``multiprocessing``: it never imports the caller's
``__main__`` (a user's script without an ``if __name__ == "__main__"`` guard would run again), and
it is never a fork of a process whose TensorFlow threads are already running.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import pickle
import selectors
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from derive import errors, results
from derive.reading import documents

HEADER = struct.Struct("<Q")  # the length of each pickled message
POLL = 0.1  # seconds between looks at the worker's memory while it works
READING_STEPS = 10  # analysing a document may take this many steps' time


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one step may take: seconds of wall-clock time, and MiB of resident memory."""

    seconds: float
    megabytes: int | None


def available() -> bool:
    """Whether workers can be watched here (POSIX pipes and ``select``; not Windows)."""
    return os.name == "posix"


class WorkerFailed(errors.DeriveError):
    """The worker raised: with DERIVE_DEBUG=1 the checker lets internal errors through, and so does this."""


class Worker:
    """One worker process, started on first use and reused until it overruns or is closed."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._selector = selectors.DefaultSelector()

    def check(
        self,
        document: documents.Document,
        options: Any,
        limits: Limits,
        progress: Callable[[int, int], None] | None = None,
    ) -> results.DocumentResult:
        """``document`` checked under ``limits``; ``options`` are the checker's (without limits)."""
        return self.check_keyed(document, options, limits, None, progress)[0]

    def check_keyed(
        self,
        document: documents.Document,
        options: Any,
        limits: Limits,
        known: Mapping[str, results.ClaimResult] | None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[results.DocumentResult, tuple[str | None, ...]]:
        """:meth:`check`, with the results cached by key in ``known`` taken from there, and each
        claim's key (none when ``known`` is None; a claim stopped at its limits gets None)."""
        done: dict[int, results.ClaimResult] = {}
        keys: list[str | None] = []
        stopped: set[int] = set()
        bases: tuple[results.ClaimResult, ...] | None = None
        problems: tuple[results.ReadError, ...] = ()
        start = 0
        while True:
            self._send((document, options, start, known))
            message = self._receive(limits.seconds * READING_STEPS, limits)
            if message[0] == "stopped":  # the document could not even be analysed in time
                reason = f"stopped reading the document: {message[1]}"
                failed = (results.ReadError(1, 1, reason, kind="document"),)
                return results.DocumentResult(document.path, (), options.seed, failed), ()
            _, bases, problems, keys_sent, order = message
            keys = list(keys_sent)
            assert bases is not None
            position = start  # in the worker's order (checker.checking_order): the claim due next is the one it is on
            while position < len(order):
                index = order[position]
                reply = self._receive(limits.seconds, limits)
                if reply[0] == "stopped":
                    done[index] = dataclasses.replace(bases[index], verdict=results.UNCHECKED, evidence=(), message=reply[1])
                    stopped.add(index)
                    start = position + 1
                    break
                _, sent, result = reply
                if sent != index:
                    raise WorkerFailed(f"the checking worker sent claim {sent} where claim {index} was due")
                done[index] = result
                position += 1
                if progress is not None:
                    progress(len(done), len(bases))
            else:
                self._expect_done(limits)
                break
            if progress is not None:
                progress(len(done), len(bases))
            if start >= len(order):
                break
        claims = tuple(done[index] for index in range(len(bases)))
        final = tuple(None if index in stopped else key for index, key in enumerate(keys))
        return results.DocumentResult(document.path, claims, options.seed, problems), final

    @property
    def pid(self) -> int | None:
        """The running worker's process id (None before the first check and after an overrun)."""
        return None if self._process is None else self._process.pid

    def close(self) -> None:
        """Stop the worker, if one runs."""
        process, self._process = self._process, None
        if process is not None:
            self._selector.unregister(process.stdout)  # type: ignore[arg-type]
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()

    # -- the pipe ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker process now (it imports while the caller goes on), if it is not running."""
        self._started()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self.close()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "derive.checking.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,  # unbuffered: a message read ahead into a buffer would be invisible to select()
                # one hash seed for every worker: results byte-identical whichever worker checks a document
                env={**os.environ, "PYTHONPATH": os.pathsep.join(_import_path()), "PYTHONHASHSEED": "0"},
            )
            self._selector.register(self._process.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
        return self._process

    def _send(self, message: object) -> None:
        process = self._started()
        body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        assert process.stdin is not None
        process.stdin.write(HEADER.pack(len(body)) + body)
        process.stdin.flush()

    def _receive(self, seconds: float, limits: Limits) -> tuple[Any, ...]:
        """The next message, or ``("stopped", reason)`` when the worker overran (it is then killed)."""
        process = self._started()
        deadline = time.monotonic() + seconds
        while not self._selector.select(timeout=min(POLL, max(deadline - time.monotonic(), 0))):
            if limits.megabytes is not None and _resident_megabytes(process.pid) > limits.megabytes:
                self.close()
                return ("stopped", f"stopped: used more than {limits.megabytes} MiB of memory")
            if time.monotonic() >= deadline:
                self.close()
                return ("stopped", f"stopped after {_seconds(seconds)}")
        assert process.stdout is not None
        header = _read_exactly(process.stdout, HEADER.size)
        if len(header) < HEADER.size:  # the worker died: killed by the system (memory), or a crash in C
            code = process.wait()
            self.close()
            return ("stopped", f"internal error in derive (the checking worker ended with exit status {code}); please report it")
        (length,) = HEADER.unpack(header)
        message: tuple[Any, ...] = pickle.loads(_read_exactly(process.stdout, length))  # our own child's pickles
        if message[0] == "error":
            self.close()
            raise WorkerFailed(f"in the checking worker:\n{message[1]}")
        if message[0] == "raise":  # the document's own error (an InputError), raised here as there
            raise message[1]
        return message

    def _expect_done(self, limits: Limits) -> None:
        message = self._receive(limits.seconds, limits)
        if message[0] != "done":
            raise WorkerFailed(f"the checking worker sent {message[0]!r} where the end of a document was due")


def _import_path() -> list[str]:
    """The worker imports what this process imports: the same derive, wherever it was found."""
    inherited = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    return [entry for entry in dict.fromkeys([*inherited, *sys.path]) if entry]


def _read_exactly(stream: Any, size: int) -> bytes:
    """``size`` bytes from an unbuffered pipe, fewer only at its end."""
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            break
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _resident_megabytes(pid: int) -> float:
    """The process's resident set in MiB (Linux /proc; 0 where that cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _seconds(value: float) -> str:
    return f"{value:g} s"


_SHARED: Worker | None = None


def shared() -> Worker:
    """The process's worker, reused by every check (closed when the interpreter exits)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Worker()
        atexit.register(_SHARED.close)
    return _SHARED
