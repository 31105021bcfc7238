"""Keys for the results cache: a digest of everything a result depends on, and nothing else.

A claim's key covers its parsed form and place (with the step it follows, for an equation step),
its index (the seed of its random draws), the shapes inferred for its nodes, the document's
declarations, assumptions and function definitions, the seed and oracles, and derive's own code
(its version and a digest of its source files, so that a changed derive never trusts an old
result). The declarations enter whole: a new declaration anywhere re-checks the whole document,
which costs time but can never pass a claim on a stale reading. A document's key covers its source
and path with the seed, oracles and code.

Values are written out in one canonical order (sets sorted, mappings by key) because their
``repr`` depends on the process's hash seed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pathlib
from collections.abc import Iterator, Mapping
from typing import Any

import sympy

from derive import tree, version
from derive.meaning import claims, document_analysis
from derive.reading import documents


@functools.cache
def code_digest() -> str:
    """derive's version and a digest of the source files of derive and numeric, as installed."""
    digest = hashlib.sha256(version.__version__.encode())
    root = pathlib.Path(__file__).resolve().parents[2]
    for package in ("derive", "numeric"):
        for path in sorted((root / package).rglob("*")):
            if path.suffix in (".py", ".lark", ".j2") and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_key(document: documents.Document, seed: int, oracles: frozenset[str]) -> str:
    """The key of a whole document's result."""
    return _digest(("document", code_digest(), document.path, document.source, seed, sorted(oracles)))


def claim_keys(analysis: document_analysis.Analysis, seed: int, oracles: frozenset[str]) -> tuple[str | None, ...]:
    """The key of each claim of ``analysis`` (None for one that cannot be written out: never cached)."""
    try:
        context = _digest((
            "context", code_digest(), seed, sorted(oracles), analysis.assumptions, dict(analysis.table.symbols),
            analysis.functions, analysis.document.path,
        ))
    except (RecursionError, _NoCanonicalForm):
        return (None,) * len(analysis.claims)
    return tuple(_claim_key(analysis, context, index, claim) for index, claim in enumerate(analysis.claims))


def _claim_key(analysis: document_analysis.Analysis, context: str, index: int, claim: claims.Claim) -> str | None:
    table = analysis.table
    inferred = []
    for node in _nodes(claim):
        entrywise = table.entrywise.get(id(node))
        inferred.append((
            table.of(node),
            isinstance(node, tree.Power) and table.is_transpose(node),
            None if entrywise is None else entrywise,
        ))
    facts = (analysis.mismatches.get(index), analysis.unsupported.get(index), analysis.ill_formed.get(index))
    try:
        return _digest(("claim", context, index, claim, inferred, facts))
    except (RecursionError, _NoCanonicalForm):  # a tree nested too deeply to write out: checked every time
        return None


def _nodes(claim: claims.Claim) -> Iterator[tree.Node]:
    """The nodes of the claim and of the equation it follows, whose shapes the check reads."""
    sides = [claim.lhs, claim.rhs]
    if claim.previous is not None:
        sides += [claim.previous.lhs, claim.previous.rhs]
    for side in sides:
        if side is not None:
            yield from tree.walk(side)


class _NoCanonicalForm(Exception):
    """A value whose only written form is its address: a result that depends on it is not cached."""


def _digest(value: object) -> str:
    parts: list[str] = []
    _write(value, parts)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _write(value: Any, parts: list[str]) -> None:
    """``value`` as tokens in a canonical order (recursive: trees are at most a few hundred deep)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        parts.append(repr(value))
    elif isinstance(value, sympy.Basic):
        parts.append(sympy.srepr(value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts.append(f"<{type(value).__qualname__}")
        for field in dataclasses.fields(value):
            if field.compare:
                parts.append(field.name)
                _write(getattr(value, field.name), parts)
        parts.append(">")
    elif isinstance(value, Mapping):
        parts.append("{")
        for key, item in sorted(((_digest(key), item) for key, item in value.items()), key=lambda pair: pair[0]):
            parts.append(key)
            _write(item, parts)
        parts.append("}")
    elif isinstance(value, (set, frozenset)):
        parts.append("{" + ",".join(sorted(_digest(item) for item in value)) + "}")
    elif isinstance(value, (tuple, list)):
        parts.append("(")
        for item in value:
            _write(item, parts)
        parts.append(")")
    else:  # an object with no canonical form: its repr, if it is not just an address
        shown = repr(value)
        if " at 0x" in shown:
            raise _NoCanonicalForm(type(value).__name__)
        parts.append(f"{type(value).__qualname__}:{shown}")
