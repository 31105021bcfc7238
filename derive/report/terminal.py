"""Results as a coloured table per document, with the failures spelled out below it."""

from __future__ import annotations

from collections.abc import Sequence

import rich.console
import rich.markup
import rich.table

from derive import results

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


def show(
    documents: Sequence[results.DocumentResult], console: rich.console.Console, *, quiet: bool = False
) -> None:
    """Print every document's table (or, with ``quiet``, only failures and the summary)."""
    for document in documents:
        if not quiet:
            console.print(_table(document))
        for claim in document.claims:
            if claim.verdict in (results.FAILED, results.UNCHECKED) or (claim.conditions and not quiet):
                console.print(_details(document, claim))
        console.print(_summary(document))


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
    table = rich.table.Table(title=f"{document.path}", title_justify="left", show_lines=False)
    table.add_column("line", justify="right", style="dim")
    table.add_column("claim", max_width=CLAIM_WIDTH, overflow="fold")
    table.add_column("kind")
    table.add_column("verdict")
    table.add_column("evidence", overflow="fold")
    for claim in document.claims:
        table.add_row(
            str(claim.line) if claim.cell is None else f"{claim.cell}:{claim.line}",
            rich.markup.escape(claim.latex),
            claim.kind,
            verdict_cell(claim.verdict),
            rich.markup.escape(_evidence_summary(claim)),
        )
    return table


def _evidence_summary(claim: results.ClaimResult) -> str:
    if claim.verdict == results.STATED:
        return claim.message or ""
    if claim.verdict == results.UNCHECKED:
        return claim.message or ""
    agreeing = [e.oracle for e in claim.evidence if e.agrees]
    disagreeing = [e.oracle for e in claim.evidence if e.agrees is False]
    parts = []
    if agreeing:
        parts.append(", ".join(agreeing))
    if disagreeing:
        parts.append("refuted by " + ", ".join(disagreeing))
    return "; ".join(parts)


def _details(document: results.DocumentResult, claim: results.ClaimResult) -> str:
    style = _STYLES[claim.verdict]
    lines = [f"[{style}]{rich.markup.escape(document.path)}:{claim.where}: {claim.verdict}[/] {rich.markup.escape(claim.latex)}"]
    if claim.message:
        lines.append(f"  {rich.markup.escape(claim.message)}")
    for condition in claim.conditions:
        lines.append(f"  condition: {rich.markup.escape(condition)}")
    for evidence in claim.evidence:
        if evidence.agrees is False or claim.verdict == results.FAILED:
            lines.append(f"  {evidence.oracle}: {rich.markup.escape(evidence.detail)}")
    if claim.counterexample is not None:
        lines.extend("  " + line for line in claim.counterexample.lines(show=_compact, name=rich.markup.escape))
    return "\n".join(lines)


def _compact(value: object) -> str:
    text = str(value)
    return rich.markup.escape(text if len(text) < 200 else text[:197] + "…")


def _summary(document: results.DocumentResult) -> str:
    counts = document.summary
    parts = [f"[{_STYLES[v]}]{counts[v]} {v}[/]" for v in results.VERDICTS if counts[v]]
    return f"{document.path}: " + ", ".join(parts) + "\n"
