"""Which documents a command line names: files as given, folders searched, globs expanded.

A folder is searched recursively for Markdown, LaTeX and notebook files, in sorted order, so that
a corpus is always checked in the same order. Hidden folders, ``node_modules``, ``__pycache__`` and
virtual environments (any folder with a ``pyvenv.cfg``) are skipped; in a git checkout, so is what
git ignores (``git ls-files --exclude-standard`` decides, the same rules git itself applies).
"""

from __future__ import annotations

import fnmatch
import glob
import os
import pathlib
import subprocess
from collections.abc import Iterable, Sequence

from derive import errors

SUFFIXES = (".md", ".markdown", ".tex", ".ipynb")  # what a folder search finds
SKIPPED = frozenset({"node_modules", "__pycache__"})  # besides hidden folders and virtual environments
_GLOB = frozenset("*?[")


def find(arguments: Sequence[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """The documents named by ``arguments``, each once, in the order named (a folder's in sorted order).

    A file is taken as given (its suffix is checked when it is read). A folder is searched; a glob
    (``notes/**/*.md``) that names no existing path is expanded. ``include`` and ``exclude`` are
    ``fnmatch`` patterns on a found file's path relative to its folder, or on its name
    (``*`` matches across folders); they apply to what folders and globs find, not to a file named
    on its own.

    Raises:
        errors.UsageError: an argument that is neither a file, a folder nor a glob with matches.
    """
    found: dict[str, None] = {}
    for argument in arguments:
        if os.path.isdir(argument):
            chosen = _chosen(_search(argument), argument, include, exclude)
        elif os.path.lexists(argument) or not _GLOB & set(argument):
            chosen = [argument]  # a file, or a missing one: reading it reports the problem at its name
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            files = [match for match in matches if os.path.isfile(match) and _wanted_path(match)]
            if not files:
                raise errors.UsageError(f"no document matches {argument!r}")
            chosen = _chosen(files, "", include, exclude)
        found.update(dict.fromkeys(chosen))
    return list(found)


def _chosen(paths: Iterable[str], folder: str, include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    def matches(path: str, patterns: Sequence[str]) -> bool:
        relative = os.path.relpath(path, folder) if folder else path
        return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(os.path.basename(path), p) for p in patterns)

    return [path for path in paths if (not include or matches(path, include)) and not matches(path, exclude)]


def _search(folder: str) -> list[str]:
    listed = _git_files(folder)
    if listed is not None:
        return sorted(os.path.join(folder, name) for name in listed if _wanted(pathlib.PurePath(name), folder))
    found: list[str] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if _wanted_folder(os.path.join(root, name)))
        found.extend(os.path.join(root, name) for name in files if name.lower().endswith(SUFFIXES))
    return sorted(found)


def _git_files(folder: str) -> list[str] | None:
    """The files under ``folder`` that git tracks or would track, or None outside a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "-C", folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            capture_output=True, check=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # not a checkout, or no git here: every file counts
    names = [name for name in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    return [name for name in names if os.path.isfile(os.path.join(folder, name))]  # not deleted, not a submodule


def _wanted(relative: pathlib.PurePath, folder: str) -> bool:
    if not relative.name.lower().endswith(SUFFIXES):
        return False
    parents = list(relative.parents)[:-1]  # the folders between ``folder`` and the file
    return all(_wanted_folder(os.path.join(folder, parent)) for parent in parents)


def _wanted_path(path: str) -> bool:
    """A glob's match, unless it lies in a folder a search skips."""
    return all(_wanted_folder(str(parent)) for parent in list(pathlib.PurePath(path).parents)[:-1] if parent.name)


def _wanted_folder(path: str) -> bool:
    name = os.path.basename(os.path.normpath(path))
    hidden = name.startswith(".") and name not in (".", "..")
    return not hidden and name not in SKIPPED and not os.path.isfile(os.path.join(path, "pyvenv.cfg"))
