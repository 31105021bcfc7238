"""Report files: written atomically beside their target, never over a document being checked."""

from __future__ import annotations

import os
import pathlib
import tempfile
from collections.abc import Iterable

from derive import errors


def refuse_inputs(target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Raise when ``target`` is (or links to) one of the ``inputs``.

    Raises:
        errors.UsageError: the report would overwrite a document it reports on.
    """
    path = pathlib.Path(target)
    for source in inputs:
        original = pathlib.Path(source)
        same = path.resolve() == original.resolve()
        if not same and path.exists() and original.exists():
            same = os.path.samefile(path, original)
        if same:
            raise errors.UsageError(
                f"the report {os.fspath(target)!r} would overwrite the input {os.fspath(source)!r}; "
                "choose another file with -o"
            )


def write_atomic(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file in ``target``'s folder, then rename it over ``target``.

    A reader sees the old file or the new one, never half of one; the new file gets the
    permissions an ordinary new file would (``0o666`` less the umask).

    Raises:
        errors.ReportError: the folder does not exist or cannot be written.
    """
    path = pathlib.Path(target)
    folder = path.parent
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as problem:
        raise errors.ReportError(f"cannot write {os.fspath(path)!r}: {problem.strerror or problem}") from problem
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as problem:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise errors.ReportError(f"cannot write {os.fspath(path)!r}: {problem.strerror or problem}") from problem
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
