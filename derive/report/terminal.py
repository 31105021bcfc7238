"""Results as a coloured table per document, with the failures spelled out below it."""

from __future__ import annotations

from collections.abc import Sequence

import rich.console
import rich.markup
import rich.table

from derive import errors, results
from derive.report import totals

_STYLES = {
    results.PROVED: "bold green",
    results.VERIFIED: "green",
    results.CONSISTENT: "cyan",
    results.CONDITIONAL: "yellow",
    results.FAILED: "bold red",
    results.UNCHECKED: "magenta",
    results.STATED: "dim",
}
_MARKS = {
    results.PROVED: "✔",
    results.VERIFIED: "✔",
    results.CONSISTENT: "≈",
    results.CONDITIONAL: "✔*",
    results.FAILED: "✘",
    results.UNCHECKED: "?",
    results.STATED: "·",
}
CLAIM_WIDTH = 48
_NOT_READ = "bold red"


def show(
    documents: Sequence[results.DocumentResult], console: rich.console.Console, *, quiet: bool = False
) -> None:
    """Print every document's table (or, with ``quiet``, only failures and the summary)."""
    for document in documents:
        if not quiet and (document.claims or not document.errors):
            console.print(_table(document))
        for claim in document.claims:
            if claim.verdict in (results.FAILED, results.UNCHECKED) or (claim.conditions and not quiet):
                console.print(_details(document, claim))
        console.print(_summary(document))
    if len(documents) > 1:
        console.print(_corpus(documents))
        failing = totals.of(documents).failed_documents
        if failing:  # one path a line: the table is too narrow to hold them
            console.print("[bold red]failed:[/]\n" + "\n".join(f"  {_escaped(path)}" for path in failing))


def _corpus(documents: Sequence[results.DocumentResult]) -> rich.table.Table:
    """The run in one table: claims by verdict over all documents, and the documents with failed claims."""
    found = totals.of(documents)
    table = rich.table.Table(title=f"all {found.documents} documents", title_justify="left")
    table.add_column("verdict")
    table.add_column("claims", justify="right")
    for verdict, count in found.claims.items():
        if count:
            table.add_row(verdict_cell(verdict), str(count))
    if found.not_read:
        table.add_row(f"[{_NOT_READ}]✘ not read[/]", str(found.not_read))
    return table


def mark(verdict: str) -> str:
    """The verdict's mark (``✔``, ``✘``, ``≈``…), shared by the text reports."""
    return _MARKS[verdict]


def verdict_cell(verdict: str) -> str:
    """The verdict with its mark, in its colour (rich markup), as the tables show it."""
    return f"[{_STYLES[verdict]}]{_MARKS[verdict]} {verdict}[/]"


def evidence_summary(claim: results.ClaimResult) -> str:
    """One line of evidence: the agreeing oracles, then ``refuted by`` the others (or the message)."""
    return _evidence_summary(claim)


def _table(document: results.DocumentResult) -> rich.table.Table:
    table = rich.table.Table(title=_escaped(document.path), title_justify="left", show_lines=False)
    table.add_column("line", justify="right", style="dim")
    table.add_column("claim", max_width=CLAIM_WIDTH, overflow="fold")
    table.add_column("kind")
    table.add_column("verdict")
    table.add_column("evidence", overflow="fold")
    rows: list[tuple[int, int, int, results.ClaimResult | results.ReadError]] = [
        (claim.cell or 0, claim.line, claim.column, claim) for claim in document.claims
    ]
    rows += [(error.cell or 0, error.line, error.column, error) for error in document.errors]
    for *_, item in sorted(rows, key=lambda row: row[:3]):
        line = str(item.line) if item.cell is None else f"{item.cell}:{item.line}"
        if isinstance(item, results.ReadError):
            shown = _escaped(item.source_line.strip())
            table.add_row(line, shown, "", f"[{_NOT_READ}]✘ not read[/]", _escaped(item.message))
            continue
        table.add_row(line, _escaped(item.latex), item.kind, verdict_cell(item.verdict), _escaped(_evidence_summary(item)))
    return table


def _escaped(text: str) -> str:
    """Document text for the terminal: no rich markup, no control characters, not too long."""
    return rich.markup.escape(errors.printable(errors.shortened(text)))


def _evidence_summary(claim: results.ClaimResult) -> str:
    if claim.verdict == results.STATED:
        return claim.message or ""
    if claim.verdict == results.UNCHECKED:
        return claim.message or ""
    # an oracle named once, however many findings it reported (solution: the system and the minimum norm)
    agreeing = list(dict.fromkeys(e.oracle for e in claim.evidence if e.agrees))
    disagreeing = list(dict.fromkeys(e.oracle for e in claim.evidence if e.agrees is False))
    parts = []
    if agreeing:
        parts.append(", ".join(agreeing))
    if disagreeing:
        parts.append("refuted by " + ", ".join(disagreeing))
    return "; ".join(parts)


def _details(document: results.DocumentResult, claim: results.ClaimResult) -> str:
    style = _STYLES[claim.verdict]
    lines = [f"[{style}]{_escaped(document.path)}:{claim.where}: {claim.verdict}[/] {_escaped(claim.latex)}"]
    if claim.message:
        lines.append(f"  {_escaped(claim.message)}")
    for condition in claim.conditions:
        lines.append(f"  condition: {_escaped(condition)}")
    for evidence in claim.evidence:
        if evidence.agrees is False or claim.verdict == results.FAILED:
            lines.append(f"  {evidence.oracle}: {_escaped(evidence.detail)}")
    if claim.counterexample is not None:
        lines.extend("  " + line for line in claim.counterexample.lines(show=_compact, name=_escaped))
    return "\n".join(lines)


def _compact(value: object) -> str:
    text = str(value)
    return _escaped(text if len(text) < 200 else text[:197] + "…")


def _summary(document: results.DocumentResult) -> str:
    counts = document.summary
    parts = [f"[{_STYLES[v]}]{counts[v]} {v}[/]" for v in results.VERDICTS if counts[v]]
    if document.errors:
        parts.append(f"[{_NOT_READ}]{len(document.errors)} not read[/]")
    noun = "relation" if document.relations == 1 else "relations"
    text = f"{_escaped(document.path)}: {document.relations} {noun}" + (": " + ", ".join(parts) if parts else "")
    if document.nothing_checked:
        text += "\n" + f"[{_NOT_READ}]" + _escaped(nothing_checked(document)) + "[/]"
    return text + "\n"


def nothing_checked(document: results.DocumentResult) -> str:
    """What to say, loudly, about a document no claim of which was checked."""
    if document.relations == 0:
        return f"warning: {document.path} has no math that derive reads: nothing was checked"
    return f"warning: no claim of {document.path} was checked: derive could not read or decide any of its relations"
