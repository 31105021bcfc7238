"""How a document is checked: the oracles to run, the seed, and each step's time and memory limits."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import Any

from derive import errors

ORACLES = ("symbolic", "exact", "float", "autodiff", "taylor", "solution")

# A bug in an oracle makes its claim unchecked, with the error named, instead of ending the
# run with a traceback; DERIVE_DEBUG=1 (the test suite sets it) lets the error through.
DEBUG = os.environ.get("DERIVE_DEBUG") == "1"


TIMEOUT = 20.0  # seconds one step may take by default
MEMORY = 4096  # MiB the checking worker may hold by default
_UNSET: Any = object()  # merge(): "keep the current value" (None is a value there: no limit)


@dataclasses.dataclass(frozen=True)
class Options:
    """How to check: the random seed, which oracles to run, and each step's limits.

    ``timeout`` is in seconds and ``memory`` in MiB; with ``timeout=None`` the claims are checked
    in this process without limits (what the worker itself does).
    """

    seed: int = 0
    oracles: frozenset[str] = frozenset(ORACLES)
    timeout: float | None = TIMEOUT
    memory: int | None = MEMORY

    @classmethod
    def defaults(cls) -> Options:
        return cls()

    def merge(
        self,
        *,
        seed: int | None = None,
        oracles: Iterable[str] | None = None,
        timeout: float | None = _UNSET,
        memory: int | None = _UNSET,
    ) -> Options:
        """These options with the given ones replaced.

        Raises:
            errors.UsageError: an oracle name that does not exist, or a limit that is not positive.
        """
        chosen = self.oracles
        if oracles is not None:
            chosen = frozenset(oracles)
            unknown = chosen - set(ORACLES)
            if unknown:
                raise errors.UsageError(
                    f"unknown oracle(s): {', '.join(sorted(unknown))}; choose from {', '.join(ORACLES)}"
                )
        timeout = self.timeout if timeout is _UNSET else timeout
        memory = self.memory if memory is _UNSET else memory
        for name, value in (("timeout", timeout), ("memory", memory)):
            if value is not None and not value > 0:
                raise errors.UsageError(f"the {name} limit must be positive, not {value}")
        return Options(self.seed if seed is None else seed, chosen, timeout, memory)
