"""Many documents at once: read, answered from the cache where nothing changed, the rest checked
in a pool of worker processes (:mod:`pool`) or on a Dask cluster (:mod:`cluster`), stored back.

This is what ``derive check`` runs, for one document or a thousand; the results come back in the
order of the paths, the same for any number of jobs and on a cluster.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence

from derive import errors, results
from derive.checking import cache as results_cache
from derive.checking import checker, fingerprints, pool
from derive.reading import documents


@dataclasses.dataclass(frozen=True)
class Checked:
    """The documents' results in the order of their paths, and what the run did."""

    results: tuple[results.DocumentResult, ...]
    unreadable: int  # documents that could not be read at all
    from_cache: int  # documents answered whole from the cache
    claims_from_cache: int  # claims of changed documents answered from the cache
    cache_rebuilt: bool = False  # a damaged cache file was found and replaced


def check_paths(
    paths: Sequence[str],
    options: checker.Options,
    *,
    jobs: int = 1,
    cache: results_cache.Cache | None = None,
    scheduler: str | None = None,
    max_size: int = documents.MAX_SIZE,
    progress: pool.Progress | None = None,
    loaded: Callable[[int], None] | None = None,
) -> Checked:
    """Check the documents at ``paths``; ``loaded(n)`` is told how many need checking (not cached).

    Raises:
        errors.UsageError: a scheduler that cannot be used.
    """
    found: dict[int, results.DocumentResult] = {}
    keys: dict[int, str] = {}
    tasks: list[tuple[int, pool.Task]] = []
    unreadable = from_cache = 0
    for index, path in enumerate(paths):
        try:
            document = documents.load(path, max_size=max_size)
        except errors.InputError as problem:
            found[index] = results.DocumentResult(path, (), options.seed, (checker.read_error(problem),))
            unreadable += 1
            continue
        if cache is not None:
            keys[index] = fingerprints.document_key(document, options.seed, options.oracles)
            stored = cache.document(path, keys[index])
            if stored is not None:
                found[index] = stored
                from_cache += 1
                continue
        tasks.append((index, (document, None if cache is None else cache.claims(path))))
    if loaded is not None:
        loaded(len(tasks))
    work = [task for _, task in tasks]
    if scheduler is not None and work:
        from derive.checking import cluster

        checked = cluster.check_all(scheduler, work, options, jobs=jobs, progress=progress)
    else:
        checked = pool.check_all(work, options, jobs=jobs, progress=progress)
    reused = 0
    for (index, (_, known)), keyed in zip(tasks, checked, strict=True):
        found[index] = keyed.result
        if cache is not None and index in keys:
            reused += sum(1 for key in keyed.keys if key is not None and known and key in known)
            cache.store(keys[index], keyed.result, keyed.keys)
    ordered = tuple(found[index] for index in range(len(paths)))
    rebuilt = cache is not None and cache.rebuilt
    return Checked(ordered, unreadable, from_cache, reused, rebuilt)


def check_cached(
    document: documents.Document, options: checker.Options, cache: results_cache.Cache | None
) -> results.DocumentResult:
    """One loaded document, answered from ``cache`` where it can be and stored back (the pytest plugin)."""
    if cache is None:
        return checker.check_document(document, options)
    key = fingerprints.document_key(document, options.seed, options.oracles)
    stored = cache.document(document.path, key)
    if stored is not None:
        return stored
    keyed = checker.check_keyed(document, options, cache.claims(document.path))
    cache.store(key, keyed.result, keyed.keys)
    return keyed.result


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
