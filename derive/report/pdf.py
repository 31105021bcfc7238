"""LaTeX to PDF with an installed TeX engine: shell escape off, in a scratch folder, under a time limit."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping

from derive import errors
from derive.report import files

TIMEOUT = 120.0  # seconds for the whole compilation
JOB = "report"  # the name the source gets inside the scratch folder
_LOG_LINES = 12

# Every run: never wait for the terminal, stop at the first error, no shell escape
# (on the command line and in kpathsea's configuration), and let TeX read and write
# only files below the scratch folder (no absolute paths, no "..", no dot files).
_TEX_OPTIONS = ("-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "-file-line-error")
_ENVIRONMENT = {"shell_escape": "f", "openout_any": "p", "openin_any": "p"}


@dataclasses.dataclass(frozen=True)
class Engine:
    """A way to run TeX: the command line before the source file's name."""

    name: str
    command: tuple[str, ...]


def engine() -> Engine | None:
    """``latexmk -pdf`` when latexmk and pdflatex are installed, else ``pdflatex``, else ``None``."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        return None
    latexmk = shutil.which("latexmk")
    if latexmk is not None:
        return Engine("latexmk", (latexmk, "-pdf", "-norc", "-silent", *_TEX_OPTIONS))
    return Engine("pdflatex", (pdflatex, *_TEX_OPTIONS))


def compile_pdf(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    resources: Mapping[str, bytes] | None = None,
    timeout: float = TIMEOUT,
    shown: str | os.PathLike[str] | None = None,
) -> None:
    """Compile the LaTeX file ``source`` into the PDF ``target`` (written atomically).

    ``shown`` names the source in errors when ``source`` is a scratch file the user never sees
    (the report's ``.tex`` they asked for, or else the PDF's own name).

    The source is only read: it is copied, with ``resources`` (file name, or ``folder/file``,
    → bytes, such as the Taylor plots it includes), into a fresh temporary folder where TeX runs.

    Raises:
        errors.ReportError: no TeX engine is installed, the compilation failed (the
            message holds the log's first error lines) or ran out of time, or
            ``target`` cannot be written.
    """
    chosen = engine()
    if chosen is None:
        raise errors.ReportError(
            "no TeX engine found: --pdf needs pdflatex (and preferably latexmk) on PATH; on Debian or Ubuntu: "
            "apt-get install texlive-latex-recommended texlive-latex-extra latexmk; "
            "or compile the .tex file written with --format latex yourself"
        )
    text = pathlib.Path(source).read_bytes()
    with tempfile.TemporaryDirectory(prefix="derive-report-") as scratch:
        folder = pathlib.Path(scratch)
        (folder / f"{JOB}.tex").write_bytes(text)
        for name, data in (resources or {}).items():
            parts = name.split("/")
            if len(parts) > 2 or any(not part or part.startswith(".") or pathlib.Path(part).name != part for part in parts):
                raise errors.ReportError(f"a report resource must be a plain file name or folder/file, got {name!r}")
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
        _run(chosen, folder, os.fspath(shown or source), timeout)
        produced = folder / f"{JOB}.pdf"
        if not produced.is_file():
            raise errors.ReportError(f"{chosen.name} produced no PDF from {os.fspath(shown or source)!r}:\n{_log_errors(folder)}")
        files.write_atomic(target, produced.read_bytes())


def _run(chosen: Engine, folder: pathlib.Path, source: str, timeout: float) -> None:
    environment = {**os.environ, **_ENVIRONMENT}
    environment.pop("TEXMFOUTPUT", None)
    process = subprocess.Popen(
        [*chosen.command, f"{JOB}.tex"],
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so that a timeout stops latexmk's children too
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise errors.ReportError(
            f"{chosen.name} did not finish compiling {source!r} within {timeout:g} s and was stopped"
        ) from None
    if process.returncode != 0:
        details = _log_errors(folder) or output.decode("utf-8", "replace").strip()[-2000:]
        raise errors.ReportError(
            f"{chosen.name} failed on {source!r} (exit status {process.returncode}):\n{details}"
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _log_errors(folder: pathlib.Path) -> str:
    """The first error of the TeX log: the ``!`` or ``file:line:`` line and the lines after it."""
    log = folder / f"{JOB}.log"
    if not log.is_file():
        return ""
    lines = log.read_text("utf-8", "replace").splitlines()
    for index, line in enumerate(lines):
        if line.startswith("!") or line.startswith(f"./{JOB}.tex:"):
            return "\n".join(lines[index : index + _LOG_LINES])
    return ""
