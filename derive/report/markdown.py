"""Results as GitHub-flavoured Markdown for CI job summaries: a table per document, then the failures."""

from __future__ import annotations

import re
from collections.abc import Sequence

from derive import errors, results
from derive.report import steps, terminal, tex, totals, values

_TEXT_SPECIALS = re.compile(r"([\\`*_\[\]<>|$~&#])")
_LONGEST_TICKS = re.compile(r"`+")


def render(documents: Sequence[results.DocumentResult]) -> str:
    """Every document as a Markdown section: summary line, a line–claim–kind–verdict table, failures."""
    parts = ["## derive check", ""]
    if len(documents) > 1:
        parts.extend(_corpus(documents))
    for document in documents:
        parts.extend(_document(document))
    if not documents:
        parts.append("No document was checked.")
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def _corpus(documents: Sequence[results.DocumentResult]) -> list[str]:
    """Totals first, then every failed claim of the corpus with its place, before the documents."""
    found = totals.of(documents)
    lines = [f"**{text(found.line())}**", ""]
    failing = [(document, claim) for document in documents for claim in document.claims if claim.verdict == results.FAILED]
    if failing:
        lines += ["### Failed claims", ""]
        for document, claim in failing:
            lines.append(f"- {code(f'{document.path}:{claim.where}')} {_claim(claim, in_table=False)}: {text(claim.message or 'refuted')}")
        lines.append("")
    for path in found.unread_documents:
        lines.append(f"- not read in full: {code(path)}")
    return lines + ([""] if found.unread_documents else [])


def text(value: str) -> str:
    """Prose made literal for Markdown: one line, with every character that Markdown or math reads escaped."""
    return _TEXT_SPECIALS.sub(r"\\\1", " ".join(errors.printable(errors.shortened(value)).split()))


def code(value: str, *, in_table: bool = False) -> str:
    """``value`` as an inline code span, fenced with more backticks than it holds (control
    characters shown escaped: the summary may be printed to a terminal)."""
    value = " ".join(errors.printable(errors.shortened(value)).split())
    ticks = max((len(run) for run in _LONGEST_TICKS.findall(value)), default=0) + 1
    padded = f" {value} " if value.startswith("`") or value.endswith("`") else value
    span = f"{'`' * ticks}{padded}{'`' * ticks}"
    return span.replace("|", "\\|") if in_table else span


def math(latex: str | None, *, in_table: bool = False) -> str | None:
    """Inline math for GitHub and GitLab (``$`…`$``), or None for LaTeX we would not show."""
    safe = tex.sanitise_math(latex) if latex else None
    if safe is None or "`" in safe:
        return None
    if in_table:
        safe = safe.replace("\\|", "\\Vert ").replace("|", "\\vert ")
    return f"$`{safe}`$"


def _claim(claim: results.ClaimResult, *, in_table: bool) -> str:
    if claim.typeset is not None:
        lhs, relation, rhs = claim.typeset
        shown = math(f"{lhs} {relation} {rhs}", in_table=in_table)
        if shown is not None:
            return shown
    return code(claim.latex, in_table=in_table)


def _document(document: results.DocumentResult) -> list[str]:
    counts = document.summary
    parts = [f"{terminal.mark(v)} {counts[v]} {v}" for v in results.VERDICTS if counts[v]]
    if document.errors:
        parts.append(f"✘ {len(document.errors)} not read")
    noun = "relation" if document.relations == 1 else "relations"
    summary = f"{document.relations} {noun}" + (": " + ", ".join(parts) if parts else "")
    lines = [f"### {code(document.path)}", "", f"{summary} (seed {document.seed})", ""]
    if document.nothing_checked:
        lines += [f"> **{text(terminal.nothing_checked(document))}**", ""]
    if document.errors:
        lines += [f"#### Not read in {code(document.path)}", ""]
        for error in document.errors:
            lines.append(f"- **{code(f'{document.path}:{error.where}')}** {text(error.message)}")
            if error.source_line.strip():
                lines.append(f"  {code(error.source_line.strip())}")
        lines.append("")
    if document.claims:
        lines += ["| line | claim | kind | verdict |", "|---:|---|---|---|"]
        for claim in document.claims:
            where = str(claim.line) if claim.cell is None else f"{claim.cell}:{claim.line}"
            verdict = f"{terminal.mark(claim.verdict)} {claim.verdict}"
            lines.append(f"| {where} | {_claim(claim, in_table=True)} | {text(claim.kind)} | {verdict} |")
        lines.append("")
    failing = steps.failures(document)
    if failing:
        lines += [f"#### Failed and unchecked claims in {code(document.path)}", ""]
        for claim in failing:
            lines.extend(_failure(document, claim))
    return lines


def _failure(document: results.DocumentResult, claim: results.ClaimResult) -> list[str]:
    lines = [
        f"**{code(f'{document.path}:{claim.where}')}** {terminal.mark(claim.verdict)} {claim.verdict}: "
        f"{_claim(claim, in_table=False)}",
        "",
    ]
    if claim.message:
        lines.append(f"- {text(claim.message)}")
    for evidence in claim.evidence:
        lines.append(f"- **{text(evidence.oracle)}**: {text(evidence.detail)}")
    for condition in claim.conditions:
        lines.append(f"- condition: {text(condition)}")
    derived = math(claim.derived)
    if derived is not None:
        lines.append(f"- derive computes {derived}")
    lines.append("")
    example = claim.counterexample
    if example is not None:
        dimensions = ", ".join(f"{name} = {size}" for name, size in example.dimensions.items())
        lines += [f"Counterexample (seed {example.seed}){': ' + text(dimensions) if dimensions else ''}:", ""]
        shown = [f"{values.name(name)} = {values.latex(value)}" for name, value in example.values.items()]
        lines += ["```math", ",\\quad ".join(shown) if shown else "\\text{no symbols}", "```", ""]
        sides = f"\\text{{left side}} = {values.latex(example.lhs)}, \\qquad \\text{{right side}} = {values.latex(example.rhs)}"
        lines += ["```math", sides, "```", ""]
    return lines
