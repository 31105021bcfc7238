"""A check's results as the editor shows them: diagnostics, hover text and the fix of a derivative.

Error for a failed step and for math that could not be read, warning for an unchecked step,
information for a step that holds only under conditions (named in the message); steps that hold
show nothing. All text is derive's own or the document's with its control characters escaped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from lsprotocol import types

from derive import errors, results
from derive.lsp.ranges import Extent, Point
from derive.report import steps, terminal

SOURCE = "derive"
NOT_READ = "not read"
_SEVERITIES = {
    results.FAILED: types.DiagnosticSeverity.Error,
    results.UNCHECKED: types.DiagnosticSeverity.Warning,
    results.CONDITIONAL: types.DiagnosticSeverity.Information,
}

Convert = Callable[[Point], types.Position]  # code points to the client's units, for one text


@dataclasses.dataclass(frozen=True)
class Step:
    """One result where it is written: a claim, or a display that could not be read."""

    uri: str
    extent: Extent
    claim: results.ClaimResult | None = None
    error: results.ReadError | None = None
    note: str = ""  # said before the message: where in a notebook file the step is, when not at its range


def diagnostic(step: Step, convert: Convert) -> types.Diagnostic | None:
    """The step's diagnostic; None for a step that holds without conditions or is only stated."""
    if step.error is not None:
        message = f"{NOT_READ}: {step.error.message}"
        return _diagnostic(step, convert, types.DiagnosticSeverity.Error, NOT_READ, message)
    claim = step.claim
    assert claim is not None
    severity = _SEVERITIES.get(claim.verdict)
    if severity is None:
        return None
    lines = steps.explanation(claim)[1:]  # the first is the step itself, which the range marks
    message = "\n".join([f"{claim.verdict} ({claim.kind})", *lines])
    return _diagnostic(step, convert, severity, claim.verdict, message)


def _diagnostic(
    step: Step, convert: Convert, severity: types.DiagnosticSeverity, code: str, message: str
) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(convert(step.extent.start), convert(step.extent.end)),
        message=errors.printable(step.note + message),
        severity=severity,
        code=code,
        source=SOURCE,
    )


def hover(step: Step) -> str:
    """Markdown for the step: its verdict, every oracle's evidence, conditions, the counterexample."""
    if step.error is not None:
        return _markdown("**✘ not read**", [step.note + step.error.message])
    claim = step.claim
    assert claim is not None
    heading = f"**{terminal.mark(claim.verdict)} {claim.verdict}** · {claim.kind}"
    lines = [step.note + claim.latex] if step.note else [claim.latex]
    if claim.message:
        lines.append(claim.message)
    conditions = steps.condition_line(claim)
    if conditions:
        lines.append(conditions)
    for evidence in claim.evidence:
        agrees = "" if evidence.agrees is None else (" (agrees)" if evidence.agrees else " (refutes)")
        lines.append(f"{evidence.oracle}{agrees}: {evidence.detail}")
    if claim.derived:
        lines.append(f"derive computes: {claim.derived}")
    if claim.counterexample is not None:
        lines.extend(claim.counterexample.lines())
    return _markdown(heading, lines)


def _markdown(heading: str, lines: Sequence[str]) -> str:
    body = errors.printable("\n".join(lines))
    fence = "`" * max(3, _longest_backticks(body) + 1)  # no text can close the block early
    return f"{heading}\n\n{fence}text\n{body}\n{fence}"


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def fix(step: Step, convert: Convert) -> types.CodeAction | None:
    """For a failed derivative claim whose right side can be located: replace it with the
    derivative derive computes."""
    claim = step.claim
    right_side = step.extent.right_side
    if claim is None or claim.verdict != results.FAILED or claim.kind != "derivative" or not claim.derived:
        return None
    if right_side is None:
        return None
    target = types.Range(convert(right_side), convert(step.extent.end))
    edit = types.TextEdit(range=target, new_text=claim.derived)
    found = diagnostic(step, convert)
    return types.CodeAction(
        title=errors.printable(f"Replace the right side with the derivative derive computes: {claim.derived}"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[found] if found is not None else None,
        edit=types.WorkspaceEdit(changes={step.uri: [edit]}),
        is_preferred=True,
    )
