"""Results as a standalone LaTeX report: summary, every chain re-typeset with marks and notes."""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import itertools
import re
import sys
from collections.abc import Iterator, Mapping, Sequence

import jinja2

from derive import errors, results
from derive.reading import latex as latex_reader
from derive.report import figures, steps, terminal, tex, totals, values
from derive.version import __version__

TEMPLATE = "report.tex.j2"
TITLE = "Derivation check"
_MARKS = {verdict: f"\\dv{verdict}" for verdict in results.VERDICTS}
_AGREES = {True: "\\dvproved", False: "\\dvfailed", None: "\\dvneutral"}
_RELATIONS = {"=": "=", ":=": ":=", "\\succeq": "\\succeq", "\\succ": "\\succ", "\\iff": "\\iff", "\\implies": "\\implies"}
_SAFE_PREFIX = re.compile(r"[A-Za-z0-9-]+")
_INLINE_MATH = re.compile(r"\$([^$]+)\$")


class Tex(str):
    """LaTeX that derive wrote and checked: the template prints it as it is; plain ``str`` is escaped."""


@dataclasses.dataclass(frozen=True)
class _Row:
    lhs: Tex
    relation: Tex
    rhs: Tex
    written: str  # the step as written, printed (escaped) when it cannot be typeset
    mark: Tex
    verdict: str
    note: int


@dataclasses.dataclass(frozen=True)
class _Block:
    math: bool  # an align* of typeset rows, or one row as text
    rows: tuple[_Row, ...]


@dataclasses.dataclass(frozen=True)
class _Example:
    seed: int
    dimensions: str
    values: tuple[Tex, ...]
    lhs: Tex
    rhs: Tex


@dataclasses.dataclass(frozen=True)
class _Evidence:
    mark: Tex
    oracle: str
    detail: Tex


@dataclasses.dataclass(frozen=True)
class _Note:
    number: int
    where: str
    kind: str
    verdict: str
    mark: Tex
    written: str
    source: str | None
    evidence: tuple[_Evidence, ...]
    message: Tex | None
    conditions: tuple[Tex, ...]
    derived: Tex | None
    example: _Example | None
    taylor: str | None
    figure: str | None
    plottable: bool = False


@dataclasses.dataclass(frozen=True)
class _Chain:
    blocks: tuple[_Block, ...]
    notes: tuple[_Note, ...]


@dataclasses.dataclass(frozen=True)
class _NotRead:
    where: str
    message: str
    source: str | None


@dataclasses.dataclass(frozen=True)
class _Document:
    path: str
    title: Tex | None
    seed: int
    counts: tuple[int, ...]
    chains: tuple[_Chain, ...]
    relations: int = 0
    not_read: tuple[_NotRead, ...] = ()
    warning: str | None = None  # nothing was checked

    @property
    def breakable_path(self) -> Tex:
        """The path escaped, with a line-break point after every ``/``."""
        return Tex("/\\allowbreak{}".join(tex.escape(part) for part in self.path.split("/")))


def render(
    documents: Sequence[results.DocumentResult],
    *,
    source_text: Mapping[str, str] | None = None,
    figure_prefix: str | None = None,
    title: str = TITLE,
) -> str:
    """A standalone LaTeX document reporting on ``documents``.

    ``source_text`` maps a document's path to its text: its first heading becomes the
    section title and the source lines of failed or unchecked steps are quoted (escaped).
    With ``figure_prefix``, derivative claims that carry a Taylor series include the plot
    ``<prefix>/taylor-<document>-<claim>.pdf`` (see :func:`figures_for`), in the folder
    ``<prefix>`` beside the ``.tex`` file; without it the report says where the plot would have been.
    ``title`` heads the report. In it and in the headings, Markdown's inline math
    ``$…$`` is typeset when it only typesets (see :func:`inline`); the rest is escaped.

    Raises:
        ValueError: a ``figure_prefix`` that is not a plain file-name stem.
    """
    if figure_prefix is not None and not _SAFE_PREFIX.fullmatch(figure_prefix):
        raise ValueError(f"figure prefix {figure_prefix!r} must use only letters, digits and '-'")
    texts = source_text or {}
    shown = tuple(v for v in results.VERDICTS if any(d.summary[v] for d in documents))
    counter = itertools.count(1)
    laid_out = tuple(
        _document(index, document, texts.get(document.path), shown, counter, figure_prefix)
        for index, document in enumerate(documents)
    )
    return _environment().get_template(TEMPLATE).render(
        title=inline(title),
        documents=laid_out,
        verdicts=shown,
        marks={v: Tex(_MARKS[v]) for v in results.VERDICTS},
        versions=versions(documents),
        legend=tuple(results.VERDICTS),
        any_not_read=any(d.errors for d in documents),
        corpus=_corpus(documents, shown),
    )


def _corpus(documents: Sequence[results.DocumentResult], shown: tuple[str, ...]) -> dict[str, object] | None:
    """The totals row of the summary table, for a report on more than one document."""
    if len(documents) < 2:
        return None
    found = totals.of(documents)
    counts = [found.claims[verdict] for verdict in shown]
    return {"documents": found.documents, "relations": found.relations, "counts": counts, "not_read": found.not_read}


def inline(text: str) -> Tex:
    """Prose with Markdown's inline math as LaTeX: each ``$…$`` typeset if it only typesets, else escaped as prose."""
    parts: list[str] = []
    position = 0
    for match in _INLINE_MATH.finditer(text):
        math = _typesettable(match.group(1))
        parts += [_prose(text[position : match.start()]), f"${math}$" if math is not None else _prose(match.group())]
        position = match.end()
    parts.append(_prose(text[position:]))
    return Tex("".join(parts))


def prose(text: str) -> Tex:
    """derive's own prose (messages, conditions), whose words with math in them (``\\Sigma``,
    ``A^TA``, ``x_1``) are typeset when they only typeset; everything else is escaped."""
    parts: list[str] = []
    for word in re.split(r"(\s+)", text):
        core = word.strip("(),.;:")
        math = _typesettable(core) if core and re.search(r"[\\^_]", core) and "$" not in core else None
        if math is None:
            parts.append(_prose(word) if word.strip() else word)
            continue
        start = word.index(core)
        parts += [_prose(word[:start]), f"${math}$", _prose(word[start + len(core):])]
    return Tex("".join(parts))


def _typesettable(math: str) -> str | None:
    """Heading math that the sanitiser passes and derive's parser reads (``\\frac`` without its
    arguments passes the first and stops TeX), else None: then it is shown as prose."""
    safe = tex.sanitise_math(math)
    if safe is None:
        return None
    try:
        latex_reader.parse(safe)
    except errors.InputError:  # malformed; a well-formed formula derive cannot check is still typeset
        return None
    except errors.UnsupportedNotation:
        pass
    return safe


def _prose(text: str) -> str:
    """``text`` escaped, keeping one space at either end where it had any (it sits next to math)."""
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() and text.strip() else ""
    return before + tex.escape(text) + after


def figure_name(prefix: str, document_index: int, claim_index: int) -> str:
    """The path of one Taylor plot as the report includes it: in the folder ``prefix`` beside the report."""
    return f"{prefix}/taylor-{document_index}-{claim_index}.pdf"


def figures_for(documents: Sequence[results.DocumentResult], *, prefix: str) -> dict[str, bytes]:
    """Every Taylor plot the report with this ``prefix`` includes: path (``prefix/…``) → PDF bytes."""
    drawn: dict[str, bytes] = {}
    for d, document in enumerate(documents):
        for c, claim in enumerate(document.claims):
            if claim.taylor is not None and figures.plottable(claim.taylor):
                title = f"{document.path}:{claim.where}"
                drawn[figure_name(prefix, d, c)] = figures.taylor_pdf(claim.taylor, title=title)
    return drawn


def versions(documents: Sequence[results.DocumentResult] = ()) -> tuple[tuple[str, str], ...]:
    """derive, SymPy and NumPy versions, and TensorFlow's when GradientTape gave evidence in
    ``documents`` (checked in a worker process, which imported it) or this process imported it."""
    found = [("derive", __version__)]
    for label, distribution in (("SymPy", "sympy"), ("NumPy", "numpy")):
        found.append((label, _distribution_version(distribution)))
    taped = any(item.oracle == "autodiff" for document in documents for claim in document.claims for item in claim.evidence)
    if taped or "tensorflow" in sys.modules:
        version = _distribution_version("tensorflow")
        if version == "not installed":
            version = str(getattr(sys.modules["tensorflow"], "__version__", "unknown"))
        found.append(("TensorFlow", version))
    else:
        found.append(("TensorFlow", "not used in this run"))
    return tuple(found)


def _distribution_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _document(
    index: int,
    document: results.DocumentResult,
    text: str | None,
    shown: tuple[str, ...],
    counter: Iterator[int],
    prefix: str | None,
) -> _Document:
    lines = text.splitlines() if text is not None else []
    numbered = {id(claim): position for position, claim in enumerate(document.claims)}
    chains = []
    for chain in steps.chains(document.claims):
        rows: list[_Row] = []
        notes: list[_Note] = []
        for position, claim in enumerate(chain.claims):
            number = next(counter)
            figure = None
            if prefix is not None and claim.taylor is not None and figures.plottable(claim.taylor):
                figure = figure_name(prefix, index, numbered[id(claim)])
            rows.append(_row(claim, number, continued=position > 0))
            notes.append(_note(claim, number, lines, figure))
        chains.append(_Chain(_blocks(rows), tuple(notes)))
    counts = document.summary
    not_read = tuple(
        _NotRead(f"line {e.line}, column {e.column}" if e.cell is None else f"cell {e.cell}, line {e.line}, column {e.column}",
                 e.message, e.source_line.strip() or None)
        for e in document.errors
    )
    warning = terminal.nothing_checked(document) if document.nothing_checked else None
    return _Document(
        document.path, _title(lines), document.seed, tuple(counts[v] for v in shown), tuple(chains),
        document.relations, not_read, warning,
    )


def _row(claim: results.ClaimResult, number: int, *, continued: bool) -> _Row:
    lhs = relation = rhs = None
    if claim.typeset is not None:
        lhs, relation, rhs = (tex.sanitise_math(part) for part in claim.typeset)
        relation = _RELATIONS.get(claim.typeset[1], relation)
    if continued and rhs is not None and relation is not None:
        lhs = ""
    if lhs is None or relation is None or rhs is None:
        return _Row(Tex(""), Tex(""), Tex(""), claim.latex, Tex(_MARKS[claim.verdict]), claim.verdict, number)
    return _Row(Tex(lhs), Tex(relation), Tex(rhs), claim.latex, Tex(_MARKS[claim.verdict]), claim.verdict, number)


def _blocks(rows: list[_Row]) -> tuple[_Block, ...]:
    blocks: list[_Block] = []
    for row in rows:
        math = bool(row.relation)
        if math and blocks and blocks[-1].math:
            blocks[-1] = _Block(True, blocks[-1].rows + (row,))
        else:
            blocks.append(_Block(math, (row,)))
    return tuple(blocks)


def _note(claim: results.ClaimResult, number: int, lines: list[str], figure: str | None) -> _Note:
    where = f"line {claim.line}, column {claim.column}"
    if claim.cell is not None:
        where = f"cell {claim.cell}, {where}"
    source = None
    if claim.verdict in (results.FAILED, results.UNCHECKED) and claim.cell is None and 0 < claim.line <= len(lines):
        source = lines[claim.line - 1].strip() or None
    evidence = tuple(_Evidence(Tex(_AGREES[e.agrees]), e.oracle, prose(e.detail)) for e in claim.evidence)
    taylor = None
    if claim.taylor is not None:
        if claim.taylor.order is not None:
            taylor = f"observed order of the remainder {claim.taylor.order:.2f}, expected {claim.taylor.expected:g}"
        else:  # an exactly linear (quadratic) function leaves only rounding: nothing to fit
            taylor = f"the remainder is at the rounding floor, so no order is fitted (expected {claim.taylor.expected:g}): the expansion is exact"
    return _Note(
        number=number,
        where=where,
        kind=claim.kind,
        verdict=claim.verdict,
        mark=Tex(_MARKS[claim.verdict]),
        written=claim.latex,
        source=source,
        evidence=evidence,
        message=None if claim.message is None else prose(claim.message),
        conditions=tuple(prose(condition) for condition in claim.conditions),
        derived=_derived(claim),
        example=_example(claim.counterexample),
        taylor=taylor,
        figure=figure,
        plottable=claim.taylor is not None and figures.plottable(claim.taylor),
    )


def _derived(claim: results.ClaimResult) -> Tex | None:
    if claim.derived is None:
        return None
    derived = tex.sanitise_math(claim.derived)
    if derived is None:
        return None
    lhs = tex.sanitise_math(claim.typeset[0]) if claim.typeset is not None else None
    return Tex(f"{lhs} = {derived}" if lhs else derived)


def _example(example: results.Counterexample | None) -> _Example | None:
    if example is None:
        return None
    dimensions = ", ".join(f"{name} = {size}" for name, size in example.dimensions.items())
    shown = tuple(Tex(f"{values.name(name)} = {values.latex(value)}") for name, value in example.values.items())
    return _Example(example.seed, dimensions, shown, Tex(values.latex(example.lhs)), Tex(values.latex(example.rhs)))


def _title(lines: list[str]) -> Tex | None:
    for line in lines:
        heading = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
        if heading:
            return inline(heading.group(1))
    return None


def _finalize(value: object) -> str:
    if isinstance(value, Tex):
        return value
    if value is None:
        raise TypeError("the report template printed None: guard it with \\BLOCK{if …}")
    return tex.escape(str(value))


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("derive.report", "templates"),
        block_start_string="\\BLOCK{",
        block_end_string="}",
        variable_start_string="\\VAR{",
        variable_end_string="}",
        comment_start_string="\\#{",
        comment_end_string="}",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
    )
