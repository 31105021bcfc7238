"""Report files: written atomically beside their target, never over a document being checked."""

from __future__ import annotations

import os
import pathlib
import stat
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


def is_stream(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` is a terminal, device or FIFO (/dev/null, /dev/stdout, a named pipe):
    written to as it is, not replaced by a file.

    Raises:
        errors.ReportError: ``target`` is a directory, a block device or a socket.
    """
    name = os.fspath(target)
    try:
        status = os.stat(name)  # follows symlinks: /dev/stdout is a link to the real descriptor
    except FileNotFoundError:
        return False
    except OSError as problem:
        raise errors.ReportError(f"cannot write {name!r}: {problem.strerror or problem}") from problem
    if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        return True
    if name.startswith(("/dev/", "/proc/")) and stat.S_ISREG(status.st_mode):
        return True  # /dev/stdout redirected to a file: replacing that file would lose the shell's output
    if not stat.S_ISREG(status.st_mode):
        kind = "a directory" if stat.S_ISDIR(status.st_mode) else "a special file"
        raise errors.ReportError(f"cannot write {name!r}: it is {kind}, not a file")
    return False


def write(target: str | os.PathLike[str], data: bytes) -> None:
    """Write a report: straight into a stream (:func:`is_stream`), atomically into a file; through a
    symlink to a file, the file it points at is replaced and the link is kept.

    Raises:
        errors.ReportError: the target cannot be written, or is a directory or special file.
    """
    if is_stream(target):
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as problem:
            raise errors.ReportError(f"cannot write {os.fspath(target)!r}: {problem.strerror or problem}") from problem
        return
    write_atomic(os.path.realpath(target), data)


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
