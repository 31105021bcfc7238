"""Results as GitHub Actions workflow commands, so that a pull request's diff is annotated.

One line per step that needs the author's eye: ``::error`` for a failed step and for input that
could not be read, ``::warning`` for an unchecked one, ``::notice`` for a step that holds only
under conditions; each at its file, line and column, then one ``::notice`` with the totals.
Proved steps print nothing. Text is escaped as the runner requires (``%``, CR and LF everywhere;
``:`` and ``,`` in properties), and control characters never reach the log.
"""

from __future__ import annotations

from collections.abc import Sequence

from derive import errors, results
from derive.report import steps, totals

_LEVELS = {results.FAILED: "error", results.UNCHECKED: "warning", results.CONDITIONAL: "notice"}


def render(documents: Sequence[results.DocumentResult]) -> str:
    """The workflow commands for ``documents``, one per line."""
    lines = []
    for document in documents:
        for problem in document.errors:
            lines.append(_command("error", document.path, problem.line, problem.column, "derive: not read", problem.message))
        for claim in document.claims:
            level = _LEVELS.get(claim.verdict)
            if level is None:
                continue
            title = f"derive: {claim.verdict} ({claim.kind})"
            message = "\n".join(steps.explanation(claim))
            if claim.cell is not None:  # a notebook's line counts inside its cell: the file is annotated as a whole
                lines.append(_command(level, document.path, None, None, title, f"at {claim.where}: {message}"))
            else:
                lines.append(_command(level, document.path, claim.line, claim.column, title, message))
    lines.append(f"::notice title=derive::{_data(totals.of(documents).line())}")
    return "\n".join(lines) + "\n"


def _command(level: str, path: str, line: int | None, column: int | None, title: str, message: str) -> str:
    place = "" if line is None else f",line={line},col={column}"
    properties = f"file={_property(path)}{place},title={_property(title)}"
    return f"::{level} {properties}::{_data(message)}"


def _data(text: str) -> str:
    plain = errors.printable(errors.shortened(text.replace("\r\n", "\n"), limit=4000))
    return plain.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
