"""Where a report goes: standard output, a file written atomically, or a compiled PDF."""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import tempfile
from collections.abc import Mapping, Sequence

from derive import errors, results
from derive.report import files, pdf as pdf_report

FORMATS = ("latex", "markdown", "html", "json", "github", "sarif")


def write(
    documents: Sequence[results.DocumentResult],
    *,
    format: str,
    output: str | None,
    pdf: bool,
    inputs: Sequence[str],
    title: str | None = None,
    sources: Mapping[str, str] | None = None,
) -> str | None:
    """Render ``documents`` as ``format`` and write it to ``output``; return the text instead when ``output`` is None or ``-``.

    With ``pdf`` (LaTeX only, and only with ``output``): when ``output`` ends in ``.pdf``
    only the PDF is kept there; otherwise ``output`` gets the ``.tex`` and the PDF goes
    beside it with the suffix ``.pdf``. Taylor plots are written beside the ``.tex`` as
    ``<stem>-taylor-<document>-<claim>.pdf``. ``inputs`` are the documents' paths (read
    again for titles and source lines); no report file may be one of them. ``sources``
    gives the text of documents that are not files (derive mode's derivation), and
    ``title`` heads the LaTeX and HTML reports (Markdown's ``$…$`` math typeset in LaTeX).

    Returns:
        The report's text for standard output when ``output`` is None, else None.

    Raises:
        errors.UsageError: an unknown format, ``pdf`` without LaTeX or without ``output``,
            or an output path that is one of the ``inputs``.
        errors.ReportError: no TeX engine for ``pdf``, a failed compilation, or a file
            that cannot be written.
    """
    if format not in FORMATS:
        raise errors.UsageError(f"unknown report format {format!r}; choose from {', '.join(FORMATS)}")
    if pdf and format != "latex":
        raise errors.UsageError(f"--pdf compiles the LaTeX report: use it with --format latex, not {format}")
    if output == "":
        raise errors.UsageError("-o needs a file name (or - for standard output)")
    if output == "-":
        output = None
    if output is None:
        if pdf:
            raise errors.UsageError("--pdf needs a file to write: add -o report.pdf")
        return _text(documents, format, inputs, prefix=None, title=title, sources=sources)
    target = pathlib.Path(output)
    if not target.parent.is_dir():
        raise errors.ReportError(f"cannot write {output!r}: the folder {os.fspath(target.parent)!r} does not exist")
    if format != "latex":
        files.refuse_inputs(target, inputs)
        rendered = _text(documents, format, inputs, prefix=None, title=title, sources=sources)
        files.write(target, rendered.encode("utf-8"))
        return None
    stream = files.is_stream(target)
    if stream and pdf:
        raise errors.UsageError(f"--pdf writes a .tex and a .pdf file: {output!r} is not a file")
    pdf_only = pdf and target.suffix.lower() == ".pdf"
    tex_path = target.with_suffix(".tex")
    pdf_path = target.with_suffix(".pdf")
    prefix = None if stream else _prefix(tex_path)  # a stream has no folder to keep plots beside it
    planned = [pdf_path] if pdf_only else [target, *([pdf_path] if pdf else [])]
    for path in planned:
        files.refuse_inputs(path, inputs)
    from derive.report import latex

    text = _text(documents, format, inputs, prefix=prefix, title=title, sources=sources).encode("utf-8")
    plots = latex.figures_for(documents, prefix=prefix) if prefix is not None else {}
    if not pdf_only:
        folder = pathlib.Path(os.path.realpath(target)).parent  # plots go beside the file a link points at
        for name in plots:
            files.refuse_inputs(folder / name, inputs)
        if plots and prefix is not None:
            (folder / prefix).mkdir(exist_ok=True)  # one folder named after the report holds its plots
        for name, data in plots.items():
            files.write_atomic(folder / name, data)
        files.write(target, text)
    if pdf:
        with tempfile.TemporaryDirectory(prefix="derive-tex-") as scratch:
            source = pathlib.Path(scratch) / tex_path.name
            source.write_bytes(text)
            pdf_report.compile_pdf(source, pdf_path, resources=plots, shown=pdf_path if pdf_only else target)
    return None


def _text(
    documents: Sequence[results.DocumentResult],
    format: str,
    inputs: Sequence[str],
    *,
    prefix: str | None,
    title: str | None = None,
    sources: Mapping[str, str] | None = None,
) -> str:
    if format == "latex":
        from derive.report import latex

        texts = {**_sources(documents, inputs), **(sources or {})}
        return latex.render(documents, source_text=texts, figure_prefix=prefix, title=title or latex.TITLE)
    if format == "markdown":
        from derive.report import markdown

        return markdown.render(documents)
    if format == "html":
        from derive.report import html

        return html.render(documents, title=title or html.TITLE)
    if format == "github":
        from derive.report import github

        return github.render(documents)
    if format == "sarif":
        from derive.report import sarif

        return sarif.render(documents)
    from derive.report import json as json_report

    return json_report.render(documents) + "\n"


def _sources(documents: Sequence[results.DocumentResult], inputs: Sequence[str]) -> dict[str, str]:
    """The text of each checked document that can still be read as UTF-8 (titles and source lines only)."""
    wanted = {document.path for document in documents} & set(inputs)
    texts: dict[str, str] = {}
    for path in sorted(wanted):
        try:
            texts[path] = pathlib.Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def _prefix(tex_path: pathlib.Path) -> str:
    """The name of the folder beside the report that holds its plots, one TeX can include from: the
    report's stem, plain, and a short hash of its exact name, so that r_1.tex and r-1.tex never
    share (and overwrite) plots."""
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", tex_path.stem).strip("-") or "report"
    tag = hashlib.sha256(tex_path.name.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    return f"{stem}-{tag}-figures"
