"""Results as one self-contained HTML page: everything escaped, no scripts, no external resources."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from derive import errors, results
from derive.report import steps, terminal, totals
from derive.version import __version__

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.line { text-align: right; color: #777; }
code { font-family: ui-monospace, monospace; white-space: pre-wrap; }
.proved, .verified { color: #1a7f37; } .consistent { color: #0b7285; } .conditional { color: #b35900; }
.failed { color: #c92a2a; font-weight: bold; } .unchecked { color: #a61e4d; } .stated { color: #777; }
table.matrix td { border: none; padding: 0 0.4rem; text-align: right; font-family: ui-monospace, monospace; }
table.matrix { border-left: 2px solid #444; border-right: 2px solid #444; display: inline-table; vertical-align: middle; }
.failure { border-left: 3px solid #c92a2a; padding-left: 0.8rem; margin: 1rem 0; }
"""


TITLE = "derive check"


def render(documents: Sequence[results.DocumentResult], *, title: str = TITLE) -> str:
    """One HTML page headed ``title``, with a table per document and the failures spelled out below it."""
    body = [f"<h1>{_e(title)}</h1><p>derive {_e(__version__)}</p>"]
    if len(documents) > 1:
        body.append(f"<p><strong>{_e(totals.of(documents).line())}</strong></p>")
    for document in documents:
        body.append(_document(document))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def fragment(document: results.DocumentResult) -> str:
    """One document's table and failures as an HTML fragment, for a notebook's output cell."""
    return f'<div class="derive-check"><style>{_STYLE}</style>{_document(document)}</div>'


def _e(value: object) -> str:
    # control characters shown escaped: the page may be printed to a terminal (--format html)
    return html.escape(errors.printable(str(value)), quote=True)


def _document(document: results.DocumentResult) -> str:
    counts = document.summary
    parts = [f'<span class="{v}">{_e(terminal.mark(v))} {counts[v]} {v}</span>' for v in results.VERDICTS if counts[v]]
    if document.errors:
        parts.append(f'<span class="failed">✘ {len(document.errors)} not read</span>')
    noun = "relation" if document.relations == 1 else "relations"
    summary = f"{document.relations} {noun}" + (": " + ", ".join(parts) if parts else "")
    rows = []
    for claim in document.claims:
        where = str(claim.line) if claim.cell is None else f"{claim.cell}:{claim.line}"
        rows.append(
            f'<tr><td class="line">{_e(where)}</td><td><code>{_e(_written(claim))}</code></td>'
            f"<td>{_e(claim.kind)}</td>"
            f'<td class="{_e(claim.verdict)}">{_e(terminal.mark(claim.verdict))} {_e(claim.verdict)}</td>'
            f"<td>{_e(terminal.evidence_summary(claim))}</td></tr>"
        )
    for error in document.errors:
        where = str(error.line) if error.cell is None else f"{error.cell}:{error.line}"
        rows.append(
            f'<tr><td class="line">{_e(where)}</td><td><code>{_e(error.source_line.strip())}</code></td><td></td>'
            f'<td class="failed">✘ not read</td><td>{_e(error.message)}</td></tr>'
        )
    parts = [
        f"<section><h2><code>{_e(document.path)}</code></h2>",
        f"<p>{summary} (seed {document.seed})</p>",
        *([f'<p class="failed"><strong>{_e(terminal.nothing_checked(document))}</strong></p>'] if document.nothing_checked else []),
        "<table><thead><tr><th>line</th><th>claim</th><th>kind</th><th>verdict</th><th>evidence</th></tr></thead>",
        "<tbody>" + "".join(rows) + "</tbody></table>",
    ]
    for claim in steps.failures(document):
        parts.append(_failure(document, claim))
    parts.append("</section>")
    return "\n".join(parts)


def _written(claim: results.ClaimResult) -> str:
    if claim.typeset is not None:
        return " ".join(claim.typeset)
    return claim.latex


def _failure(document: results.DocumentResult, claim: results.ClaimResult) -> str:
    items = []
    if claim.message:
        items.append(f"<li>{_e(claim.message)}</li>")
    for evidence in claim.evidence:
        items.append(f"<li><strong>{_e(evidence.oracle)}</strong>: {_e(evidence.detail)}</li>")
    for condition in claim.conditions:
        items.append(f"<li>condition: {_e(condition)}</li>")
    if claim.derived:
        items.append(f"<li>derive computes <code>{_e(claim.derived)}</code></li>")
    parts = [
        '<div class="failure">',
        f'<p><code>{_e(document.path)}:{_e(claim.where)}</code> <span class="{_e(claim.verdict)}">'
        f"{_e(claim.verdict)}</span>: <code>{_e(claim.latex)}</code></p>",
        "<ul>" + "".join(items) + "</ul>",
    ]
    example = claim.counterexample
    if example is not None:
        dimensions = ", ".join(f"{_e(name)} = {_e(size)}" for name, size in example.dimensions.items())
        parts.append(f"<p>counterexample (seed {_e(example.seed)}){': ' + dimensions if dimensions else ''}</p><p>")
        for name, value in example.values.items():
            parts.append(f"<code>{_e(name)}</code> = {_value(value)} &nbsp; ")
        parts.append(f"</p><p>left side = {_value(example.lhs)} &nbsp; right side = {_value(example.rhs)}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _value(value: Any) -> str:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        rows = "".join("<tr>" + "".join(f"<td>{_e(entry)}</td>" for entry in row) + "</tr>" for row in value)
        return f'<table class="matrix">{rows}</table>'
    return f"<code>{_e(value)}</code>"
