"""Documents checked on a Dask distributed cluster (``--scheduler tcp://HOST:8786`` or ``local``).

Each document is one task. On a Dask worker the task checks its document in that worker's own
:class:`isolation.Worker` process, under the same per-step limits as on this machine, so a runaway
claim costs one step, not a Dask worker. A Dask worker that dies takes its tasks with it; the
scheduler gives them to another worker (``retries`` more times, besides Dask's own reassignment
of a lost worker's tasks), so nothing is lost. The cache stays here, with the client: a task
carries its document's cached claims and brings back its keys.

``distributed`` is imported only here, only when a scheduler is asked for.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any

from derive import errors
from derive.checking import checker, pool

RETRIES = 3  # times a task is given to another worker after its worker was lost


def check_all(
    address: str, tasks: Sequence[pool.Task], options: checker.Options, *, jobs: int,
    progress: pool.Progress | None = None,
) -> list[checker.Keyed]:
    """Each task's document checked on the cluster at ``address`` (``local``: a LocalCluster of
    ``jobs`` workers on this machine's loopback interface), in the order given.

    Raises:
        errors.UsageError: Dask's ``distributed`` is not installed, or the scheduler cannot be reached.
    """
    try:
        import distributed
    except ImportError:
        raise errors.UsageError(
            "--scheduler needs Dask's distributed package: pip install 'derive[cluster]'"
        ) from None
    with _client(distributed, address, jobs) as client:
        futures = [
            client.submit(check_remotely, document, options, known, pure=False, retries=RETRIES)
            for document, known in tasks
        ]
        index_of = {future.key: index for index, future in enumerate(futures)}
        for future in distributed.as_completed(futures):  # type: ignore[no-untyped-call]
            if progress is not None:
                claims = len(future.result().result.claims)
                progress(index_of[future.key], claims, claims)
        found: list[checker.Keyed] = client.gather(futures)
    return found


def check_remotely(
    document: Any, options: checker.Options, known: Any
) -> checker.Keyed:
    """What a Dask worker runs for one document: the check in its own limited worker process."""
    return pool.check_all([(document, known)], options, jobs=1)[0]


@contextlib.contextmanager
def _client(distributed: Any, address: str, jobs: int) -> Iterator[Any]:
    if address == "local":
        with contextlib.ExitStack() as stack:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(1, jobs), threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=40,
            ))
            yield stack.enter_context(distributed.Client(cluster))
        return
    try:
        client = distributed.Client(address, timeout=os.environ.get("DERIVE_SCHEDULER_TIMEOUT", "30s"))
    except (OSError, TimeoutError) as problem:
        raise errors.UsageError(f"cannot reach the Dask scheduler at {address}: {problem}") from None
    with client:
        yield client
