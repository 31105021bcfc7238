"""The results cache: results stored under their keys (:mod:`fingerprints`) in SQLite.

One file, ``results.sqlite``, in the cache folder (``.derive-cache/`` beside the documents by
default). SQLite in WAL mode lets two runs share it: readers never wait for a writer, and each
document's results are replaced in one transaction. A result is stored pickled with its SHA-256
and read back only through an unpickler that builds nothing but derive's result types, so a
damaged or doctored file cannot run code; a file that fails any check is deleted and rebuilt, and
its results are checked again. A file another run holds ("database is locked") is waited for and
opened again, never taken for a damaged one.

Two tables: ``documents`` (a whole document's result, for a document that did not change at all)
and ``claims`` (each claim's result, for a document that changed: its unchanged claims are not
checked again). A claim stopped at its limits, or ended by an internal error, is never stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pathlib
import pickle
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from derive import results

FILE = "results.sqlite"
BUSY_SECONDS = 60  # how long a run waits for another one that holds the file
DEFAULT_FOLDER = ".derive-cache"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS documents (path TEXT PRIMARY KEY, key TEXT NOT NULL, digest TEXT NOT NULL, result BLOB NOT NULL)",
    (
        "CREATE TABLE IF NOT EXISTS claims (path TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL, "
        "result BLOB NOT NULL, PRIMARY KEY (path, key))"
    ),
)
_SAFE_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "complex"})


class Cache:
    """The cache in ``folder`` (created when missing)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = pathlib.Path(folder)
        self.rebuilt = False  # whether a damaged file was found and replaced
        self._connection = self._open()

    def document(self, path: str, key: str) -> results.DocumentResult | None:
        """The stored result of the document at ``path`` if its key is still ``key``."""
        row = self._query("SELECT digest, result FROM documents WHERE path = ? AND key = ?", (path, key))
        found = None if not row else self._load(*row[0])
        return found if isinstance(found, results.DocumentResult) else None

    def claims(self, path: str) -> dict[str, results.ClaimResult]:
        """The stored results of the claims last checked in the document at ``path``, by key."""
        stored: dict[str, results.ClaimResult] = {}
        for key, digest, blob in self._query("SELECT key, digest, result FROM claims WHERE path = ?", (path,)):
            found = self._load(digest, blob)
            if not isinstance(found, results.ClaimResult):
                return {}  # the file was damaged and has been rebuilt
            stored[key] = found
        return stored

    def store(self, document_key: str, result: results.DocumentResult, keys: Sequence[str | None]) -> None:
        """Replace what is stored for ``result.path`` by ``result`` and its claims' results."""
        keep = [
            (key, claim) for key, claim in zip(keys, result.claims, strict=False)
            if key is not None and _storable(claim)
        ]
        whole = len(keep) == len(result.claims) == len(keys)
        try:
            with self._connection:  # one transaction: another run sees the old results or the new
                self._connection.execute("DELETE FROM claims WHERE path = ?", (result.path,))
                self._connection.execute("DELETE FROM documents WHERE path = ?", (result.path,))
                self._connection.executemany(
                    "INSERT OR REPLACE INTO claims VALUES (?, ?, ?, ?)",
                    [(result.path, key, *_dumped(claim)) for key, claim in keep],
                )
                if whole:
                    self._connection.execute("INSERT INTO documents VALUES (?, ?, ?, ?)", (result.path, document_key, *_dumped(result)))
        except sqlite3.DatabaseError as problem:
            if not _busy(problem):  # busy: another run writes; this result is simply not stored
                self._rebuild()  # the next run checks this document again

    def close(self) -> None:
        self._connection.close()

    # -- the file ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            with contextlib.suppress(OSError):
                ignore.write_text("# written by derive: its results cache\n*\n", encoding="utf-8")
        try:
            return self._connect()
        except sqlite3.DatabaseError as problem:
            if _busy(problem):
                return self._connect()  # another run held it past the wait: its file is whole, try again
            self._remove_files()
            self.rebuilt = True
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.folder / FILE, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            _waiting(lambda: connection.execute("PRAGMA journal_mode=WAL"))
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.isolation_level = "DEFERRED"  # transactions again, for ``with connection``
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.commit()
            connection.execute("SELECT path, key, digest, result FROM documents LIMIT 1").fetchall()
            connection.execute("SELECT path, key, digest, result FROM claims LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            connection.close()
            raise
        return connection

    def _query(self, sql: str, parameters: tuple[str, ...]) -> list[tuple[Any, ...]]:
        try:
            return list(self._connection.execute(sql, parameters).fetchall())
        except sqlite3.DatabaseError as problem:
            if not _busy(problem):
                self._rebuild()
            return []

    def _load(self, digest: Any, blob: Any) -> object:
        """The stored object, or None (and the file rebuilt) when it is not what was stored."""
        if not isinstance(blob, bytes) or hashlib.sha256(blob).hexdigest() != digest:
            self._rebuild()
            return None
        try:
            return _ResultsOnly(io.BytesIO(blob)).load()
        except Exception:  # noqa: BLE001 - whatever a damaged pickle raises: rebuilt, never trusted
            self._rebuild()
            return None

    def _rebuild(self) -> None:
        self.rebuilt = True
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()
        self._remove_files()
        self._connection = self._connect()

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / (FILE + suffix)).unlink()


def _busy(problem: sqlite3.DatabaseError) -> bool:
    """Whether SQLite refused because another connection holds the file, not because it is damaged:
    a file two runs open at once (pytest-xdist's workers) must never be taken for a broken one."""
    return isinstance(problem, sqlite3.OperationalError) and ("locked" in str(problem) or "busy" in str(problem))


def _waiting(statement: Callable[[], object]) -> None:
    """Run ``statement``, retrying while the file is busy: switching to WAL takes an exclusive lock,
    for which SQLite may answer "locked" at once instead of waiting its timeout."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as problem:
            if not _busy(problem) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def folder_for(paths: Sequence[str]) -> pathlib.Path:
    """``.derive-cache`` in the folder that holds all of ``paths`` (the current folder for none)."""
    folders = [os.path.dirname(os.path.abspath(path)) for path in paths]
    return pathlib.Path(os.path.commonpath(folders) if folders else os.getcwd()) / DEFAULT_FOLDER


def _storable(claim: results.ClaimResult) -> bool:
    message = claim.message or ""
    return not (message.startswith("stopped") or "internal error" in message)


def _dumped(value: object) -> tuple[str, bytes]:
    blob = pickle.dumps(_plain(value), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(blob).hexdigest(), blob


def _plain(value: Any) -> Any:
    """``value`` with NumPy's scalars as Python numbers (equal to them), so that only derive's
    result types and builtins are stored."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init})
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    item = getattr(value, "item", None)
    if type(value).__module__ == "numpy" and callable(item):
        return item()
    return value


class _ResultsOnly(pickle.Unpickler):
    """Builds derive's result dataclasses and plain containers; refuses every other class."""

    def find_class(self, module: str, name: str) -> type:
        if module == "derive.results" and isinstance(getattr(results, name, None), type):
            found: type = getattr(results, name)
            return found
        if module == "builtins" and name in _SAFE_BUILTINS:
            return getattr(__import__("builtins"), name)  # type: ignore[no-any-return]
        raise pickle.UnpicklingError(f"the cache holds a {module}.{name}, which it never stores")
