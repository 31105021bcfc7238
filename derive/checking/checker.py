"""Checks the claims of a document (each decided by :mod:`claim_checker`), in a worker process
under each step's limits or in this one, answering claims whose cache keys are known."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from derive import errors, results, tree
from derive.checking import claim_checker, fingerprints, isolation
from derive.checking.claim_checker import NUMERATOR_LAYOUT
from derive.checking.options import DEBUG, MEMORY, ORACLES, TIMEOUT, Options
from derive.meaning import claims, document_analysis
from derive.reading import documents
from numeric import tf_loader

__all__ = [  # the options and the entrances, where callers have always found them
    "DEBUG", "MATH_MARKERS", "MEMORY", "NUMERATOR_LAYOUT", "ORACLES", "TIMEOUT", "Keyed", "Options", "as_error", "check",
    "check_document", "check_in_steps", "check_keyed", "check_text", "checking_order", "read_error",
]

# a text with one of these has its math delimited (as the CLI reads it); without, it is one formula
MATH_MARKERS = ("$", "\\[", "\\(", "```math", "~~~math") + tuple(
    f"\\begin{{{name}" for name in ("align", "equation", "gather", "multline", "eqnarray", "flalign")
)


def check(
    path: str | os.PathLike[str],
    *,
    seed: int = 0,
    oracles: Iterable[str] | None = None,
    timeout: float | None = TIMEOUT,
    memory: int | None = MEMORY,
    max_size: int = documents.MAX_SIZE,
) -> results.DocumentResult:
    """Check every claim of the document at ``path`` (a regular file of at most ``max_size`` bytes).

    A display that cannot be read is listed in ``DocumentResult.errors``; the rest is checked.
    Each claim may take ``timeout`` seconds and the checking worker ``memory`` MiB; a claim over
    either is ``unchecked`` ("stopped after 20 s") and the others are checked (``None``: no limit,
    in this process).

    Raises:
        errors.DocumentError: the file cannot be read at all (missing, not text, an HTML comment never closed).
    """
    options = Options().merge(seed=seed, oracles=oracles, timeout=timeout, memory=memory)
    return check_document(documents.load(path, max_size=max_size), options)


def check_text(
    text: str,
    *,
    path: str = "<string>",
    seed: int = 0,
    oracles: Iterable[str] | None = None,
    timeout: float | None = TIMEOUT,
    memory: int | None = MEMORY,
) -> results.DocumentResult:
    """Check a Markdown text (display math in ``$$…$$``); a bare formula is read as one display block.

    A display that cannot be read is listed in ``DocumentResult.errors``; the rest is checked.
    The limits are those of :func:`check`.

    Raises:
        errors.DocumentError: the text cannot be split into math blocks (an HTML comment never closed).
    """
    if not any(marker in text for marker in MATH_MARKERS):
        text = f"$$ {text} $$"
    options = Options().merge(seed=seed, oracles=oracles, timeout=timeout, memory=memory)
    return check_document(documents.read_markdown(text, path=path), options)


def check_document(
    document: documents.Document, options: Options, *, progress: Callable[[int, int], None] | None = None
) -> results.DocumentResult:
    """Check an already loaded document; ``progress(done, total)`` is told after each claim.

    A malformed display or an impossible shape does not stop the check: it is listed in
    ``DocumentResult.errors`` at its place, and every other claim is checked. With a ``timeout``
    the claims are checked in a worker process under the options' limits (:mod:`isolation`).
    """
    return check_keyed(document, options, None, progress=progress).result


@dataclasses.dataclass(frozen=True)
class Keyed:
    """A document's result with each claim's cache key (:mod:`fingerprints`; None: not to be cached)."""

    result: results.DocumentResult
    keys: tuple[str | None, ...]


def check_keyed(
    document: documents.Document,
    options: Options,
    known: Mapping[str, results.ClaimResult] | None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Keyed:
    """:func:`check_document`, taking the result of each claim whose key is in ``known`` from there
    instead of checking it; with ``known=None`` no keys are computed."""
    if options.timeout is not None and isolation.available():
        limits = isolation.Limits(options.timeout, options.memory)
        unlimited = dataclasses.replace(options, timeout=None, memory=None)
        return Keyed(*isolation.shared().check_keyed(document, unlimited, limits, known, progress))
    claimed: dict[int, results.ClaimResult] = {}
    found: dict[str, Any] = {"problems": (), "total": 0, "keys": ()}

    def collect(*message: Any) -> None:
        if message[0] == "claims":
            found["problems"], found["total"], found["keys"] = message[2], len(message[1]), message[3]
        else:
            claimed[message[1]] = message[2]
            if progress is not None:
                progress(len(claimed), found["total"])

    check_in_steps(document, options, 0, collect, known)
    problems: tuple[results.ReadError, ...] = found["problems"]
    ordered = tuple(claimed[index] for index in range(len(claimed)))
    return Keyed(results.DocumentResult(document.path, ordered, options.seed, problems), found["keys"])


def check_in_steps(
    document: documents.Document,
    options: Options,
    start: int,
    send: Callable[..., None],
    known: Mapping[str, results.ClaimResult] | None = None,
) -> None:
    """Check ``document`` in this process, telling ``send`` each step: ``("claims", bases, problems,
    keys, order)`` once it is analysed (each claim's place with no verdict yet, its cache key when
    ``known`` is given, and the order the claims are checked in, see :func:`checking_order`), then
    ``("claim", index, result)`` for each claim in that order from position ``start`` on; a claim
    whose key is in ``known`` is answered from there."""
    try:
        analysis = document_analysis.analyse(document)
    except errors.DeriveError:
        raise
    except Exception as problem:  # noqa: BLE001 - see DEBUG: a bug in reading ends as a located error
        if DEBUG:
            raise
        message = f"internal error in derive while reading the document ({type(problem).__name__}: {problem}); please report it"
        raise errors.DocumentError(message, location=errors.Location(document.path, 1, 1)) from None
    checker = claim_checker.ClaimChecker(analysis, options)
    bases = tuple(checker.base(claim) for claim in analysis.claims)
    keys = () if known is None else fingerprints.claim_keys(analysis, options.seed, options.oracles)
    order = checking_order(analysis, options)
    if any(
        _needs_tape(analysis.claims[index], options) and (known is None or keys[index] not in known)
        for index in order[start:]
    ):
        tf_loader.prefetch()  # GradientTape will be needed: import TensorFlow while the other oracles work
    send("claims", bases, tuple(read_error(problem) for problem in analysis.problems), keys, order)
    for index in order[start:]:
        claim = analysis.claims[index]
        stored = None if known is None or keys[index] is None else known.get(keys[index])  # type: ignore[arg-type]
        send("claim", index, stored if stored is not None else claim_checker.scoped(analysis, options, checker, index, claim))


def checking_order(analysis: document_analysis.Analysis, options: Options) -> tuple[int, ...]:
    """The claims' indices in the order they are checked: those that need GradientTape last, so that
    the others are checked while TensorFlow is imported. Each claim draws its own random numbers, so
    the order changes no verdict; it depends on the document and the options only, so that a worker
    that replaces one stopped at its limits goes on in the same order."""
    indices = range(len(analysis.claims))
    return tuple(sorted(indices, key=lambda index: (_needs_tape(analysis.claims[index], options), index)))


def _needs_tape(claim: claims.Claim, options: Options) -> bool:
    return "autodiff" in options.oracles and isinstance(claim.lhs, (tree.Gradient, tree.Derivative))


_KINDS: dict[type[errors.InputError], str] = {
    errors.LatexSyntaxError: "syntax",
    errors.ShapeError: "shape",
    errors.DocumentError: "document",
}


def read_error(problem: errors.InputError) -> results.ReadError:
    """An input error as a result entry, at its place (line 1 when it is about the whole file)."""
    kind = next((name for cls, name in _KINDS.items() if isinstance(problem, cls)), "input")
    where = problem.location
    if where is None:
        return results.ReadError(1, 1, problem.message, kind=kind)
    return results.ReadError(where.line, where.column, problem.message, where.source_line, where.cell, kind=kind)


def as_error(path: str, entry: results.ReadError) -> errors.InputError:
    """A result's read error as the exception it was, for callers that raise (the assertion API)."""
    cls = next((cls for cls, name in _KINDS.items() if name == entry.kind), errors.InputError)
    location = errors.Location(path, entry.line, entry.column, entry.source_line, entry.cell)
    return cls(entry.message, location=location)
