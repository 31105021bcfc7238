"""Results as one self-contained HTML page: math as MathML, Taylor plots as inline SVG, no scripts.

Nothing is loaded from elsewhere (a Content-Security-Policy forbids it), every text from a
document is escaped, and the page is well-formed XML, so that it also reads as XHTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from derive import results
from derive.report import figures, markup, mathml, steps, terminal, totals, values
from derive.version import __version__

TITLE = "derive check"
POLICY = "default-src 'none'; style-src 'unsafe-inline'"
PLOTS = 24  # Taylor plots drawn on one page (about 20 kB and a quarter of a second each)

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: middle; }
td.line { text-align: right; color: #777; }
code { font-family: ui-monospace, monospace; white-space: pre-wrap; }
math { font-size: 1.1em; }
.proved, .verified { color: #1a7f37; } .consistent { color: #0b7285; } .conditional { color: #b35900; }
.failed { color: #c92a2a; font-weight: bold; } .unchecked { color: #a61e4d; } .stated { color: #777; }
.failure { border-left: 3px solid #c92a2a; padding-left: 0.8rem; margin: 1rem 0; }
.value { display: inline-block; margin: 0.2rem 1.5rem 0.2rem 0; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; }
.plots figure { margin: 0; max-width: 100%; }
.plots figcaption { font-size: 0.9em; max-width: 26rem; }
svg.taylor { max-width: 100%; height: auto; }
svg.taylor * { stroke-linejoin: round; stroke-linecap: butt; }
"""


def render(documents: Sequence[results.DocumentResult], *, title: str = TITLE) -> str:
    """One HTML page headed ``title``, with a table per document, the failures spelled out below it,
    and the Taylor plots of its derivative claims (the first :data:`PLOTS` of the page)."""
    body = [f"<h1>{_e(title)}</h1><p>derive {_e(__version__)}</p>"]
    if len(documents) > 1:
        body.append(f"<p><strong>{_e(totals.of(documents).line())}</strong></p>")
    plots = PLOTS
    for document in documents:
        body.append(_document(document, plots=plots))
        plots = max(0, plots - len(_plotted(document)))
    return (
        '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}"/>\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def fragment(document: results.DocumentResult) -> str:
    """One document's table, failures and plots as an HTML fragment (one ``<div>``), for a notebook's output cell."""
    return f'<div class="derive-check"><style>{_STYLE}</style>{_document(document, plots=PLOTS)}</div>'


def _e(value: object) -> str:
    return markup.text(value)


def _math(latex: str) -> str:
    """``latex`` typeset as MathML, or as its escaped source where it cannot be (see :func:`mathml.convert`)."""
    typeset = mathml.convert(latex)
    return typeset if typeset is not None else f"<code>{_e(latex)}</code>"


def _document(document: results.DocumentResult, *, plots: int) -> str:
    counts = document.summary
    parts = [f'<span class="{v}">{_e(terminal.mark(v))} {counts[v]} {v}</span>' for v in results.VERDICTS if counts[v]]
    if document.errors:
        parts.append(f'<span class="failed">✘ {len(document.errors)} not read</span>')
    noun = "relation" if document.relations == 1 else "relations"
    summary = f"{document.relations} {noun}" + (": " + ", ".join(parts) if parts else "")
    rows = []
    for claim in document.claims:
        rows.append(
            f'<tr><td class="line">{_e(_line(claim))}</td><td>{_math(_written(claim))}</td>'
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
    parts.append(_taylor_tests(document, plots=plots))
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _line(claim: results.ClaimResult) -> str:
    return str(claim.line) if claim.cell is None else f"{claim.cell}:{claim.line}"


def _written(claim: results.ClaimResult) -> str:
    if claim.typeset is not None:
        return " ".join(claim.typeset)
    return claim.latex


def _failure(document: results.DocumentResult, claim: results.ClaimResult) -> str:
    # the heading shows the step as derive read it; where it could not, the source is the heading already
    items = [f"<li>as written: <code>{_e(claim.latex)}</code></li>"] if claim.typeset is not None else []
    if claim.message:
        items.append(f"<li>{_e(claim.message)}</li>")
    for evidence in claim.evidence:
        items.append(f"<li><strong>{_e(evidence.oracle)}</strong>: {_e(evidence.detail)}</li>")
    for condition in claim.conditions:
        items.append(f"<li>condition: {_e(condition)}</li>")
    if claim.derived:
        items.append(f"<li>derive computes {_math(_derived(claim))}</li>")
    parts = [
        '<div class="failure">',
        (
            f'<p><code>{_e(document.path)}:{_e(claim.where)}</code> <span class="{_e(claim.verdict)}">'
            f"{_e(claim.verdict)}</span>: {_math(_written(claim))}</p>"
        ),
        "<ul>" + "".join(items) + "</ul>",
    ]
    example = claim.counterexample
    if example is not None:
        dimensions = ", ".join(f"{_e(name)} = {_e(size)}" for name, size in example.dimensions.items())
        parts.append(f"<p>counterexample (seed {_e(example.seed)}){': ' + dimensions if dimensions else ''}</p>")
        shown = [_value(_name(name), value) for name, value in example.values.items()]
        shown += [_value(_e("left side"), example.lhs), _value(_e("right side"), example.rhs)]
        parts.append("<p>" + "".join(shown) + "</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _derived(claim: results.ClaimResult) -> str:
    derived = claim.derived or ""
    return f"{claim.typeset[0]} = {derived}" if claim.typeset is not None else derived


def _name(symbol: str) -> str:
    typeset = mathml.convert(values.name(symbol))
    return typeset if typeset is not None else f"<code>{_e(symbol)}</code>"


def _value(name: str, value: Any) -> str:
    """``name = value``, the value as a number or a bracketed matrix in MathML (or its text)."""
    typeset = mathml.convert(values.latex(value))
    shown = typeset if typeset is not None else f"<code>{_e(value)}</code>"
    return f'<span class="value">{name} = {shown}</span>'


def _plotted(document: results.DocumentResult) -> list[tuple[results.ClaimResult, results.TaylorSeries]]:
    return [(claim, claim.taylor) for claim in document.claims if claim.taylor is not None and figures.plottable(claim.taylor)]


def _taylor_tests(document: results.DocumentResult, *, plots: int) -> str:
    """The convergence plot of every derivative claim with a Taylor series, captioned by the claim."""
    plotted = _plotted(document)
    if not plotted:
        return ""
    drawn = []
    for claim, series in plotted[:plots]:
        try:
            picture = figures.taylor_svg(series)
        except ValueError as error:  # matplotlib wrote something the allow-list does not know
            picture = f"<p>the plot could not be drawn: {_e(error)}</p>"
        drawn.append(
            f"<figure>{picture}<figcaption>line {_e(_line(claim))}: {_math(_written(claim))}; "
            f"{_e(_order(series))}</figcaption></figure>"
        )
    left = len(plotted) - len(drawn)
    note = f"<p>{left} more not drawn (a page draws at most {PLOTS}).</p>" if left else ""
    return "<h3>Taylor tests</h3>\n<div class=\"plots\">" + "".join(drawn) + "</div>" + note


def _order(series: results.TaylorSeries) -> str:
    if series.order is not None:
        return f"observed order {series.order:.2f}, expected {series.expected:g}"
    return f"the remainder is at the rounding floor (expected order {series.expected:g}): the expansion is exact"
