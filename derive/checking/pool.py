"""Documents checked on all cores: one thread per worker process, each taking the next document.

Every worker is an :class:`isolation.Worker`, so each imports SymPy and TensorFlow once, is reused
for document after document, and is replaced when a claim runs over its limits. The threads only
wait on pipes; the work is in the processes. Results come back in input order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from derive import errors, results
from derive.checking import checker, isolation
from derive.reading import documents

Task = tuple[documents.Document, Mapping[str, results.ClaimResult] | None]  # a document and its cached claims
Progress = Callable[[int, int, int], None]  # (document index, claims done, claims in it)


def check_all(
    tasks: Sequence[Task], options: checker.Options, *, jobs: int, progress: Progress | None = None
) -> list[checker.Keyed]:
    """Each task's document checked (in ``jobs`` worker processes at once), in the order given.

    A document derive cannot analyse comes back with its error in ``DocumentResult.errors``. With
    ``options.timeout`` None (or where workers cannot be watched) the documents are checked one
    after another in this process.
    """
    if options.timeout is None or not isolation.available():
        return [_one(task, options, index, progress, None) for index, task in enumerate(tasks)]
    size = max(1, min(jobs, len(tasks)))
    workers = [isolation.shared(), *(isolation.Worker() for _ in range(size - 1))]
    done: dict[int, checker.Keyed] = {}
    failures: list[BaseException] = []
    lock = threading.Lock()
    pending = iter(range(len(tasks)))

    def serve(worker: isolation.Worker) -> None:
        while not failures:
            with lock:
                index = next(pending, None)
            if index is None:
                return
            try:
                keyed = _one(tasks[index], options, index, progress, worker)
            except BaseException as problem:  # noqa: BLE001 - re-raised in the caller's thread
                failures.append(problem)
                return
            with lock:
                done[index] = keyed

    threads = [threading.Thread(target=serve, args=(worker,), daemon=True) for worker in workers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for worker in workers[1:]:
            worker.close()
    if failures:
        raise failures[0]
    return [done[index] for index in range(len(tasks))]


def _one(
    task: Task, options: checker.Options, index: int, progress: Progress | None, worker: isolation.Worker | None
) -> checker.Keyed:
    document, known = task
    told = None if progress is None else (lambda done, total: progress(index, done, total))
    try:
        if worker is None:
            return checker.check_keyed(document, options, known, progress=told)
        assert options.timeout is not None
        limits = isolation.Limits(options.timeout, options.memory)
        unlimited = checker.Options(options.seed, options.oracles, None, None)
        return checker.Keyed(*worker.check_keyed(document, unlimited, limits, known, told))
    except errors.InputError as problem:  # the document could not be analysed: its error, at its place
        return checker.Keyed(results.DocumentResult(document.path, (), options.seed, (checker.read_error(problem),)), ())
