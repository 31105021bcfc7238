"""Taylor-test convergence plots (log–log remainder against h) drawn with matplotlib: PDF for the LaTeX
report, inline SVG for the HTML page."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from derive import results
from derive.report import markup

if TYPE_CHECKING:
    from matplotlib import figure

REFERENCE_SLOPES = (1, 2, 3)

_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
_DRAWING = frozenset({"clip-path", "d", "height", "id", "style", "transform", "width", "x", "y"})
# what matplotlib writes for a line plot, and nothing that scripts, links out or embeds
_SVG = {
    "svg": frozenset({"width", "height", "viewBox", "version"}),
    "defs": frozenset(), "clipPath": frozenset({"id"}),
    "g": _DRAWING, "path": _DRAWING, "rect": _DRAWING, "text": _DRAWING, "tspan": _DRAWING,
    "use": _DRAWING | {"href"},
}
_REFERENCE = re.compile(r"url\(#([^)]*)\)")


def plottable(series: results.TaylorSeries) -> bool:
    """Whether ``series`` has at least two positive remainders at positive steps (a log–log line)."""
    return sum(1 for h, r in zip(series.steps, series.remainders) if h > 0 and r > 0) >= 2


def taylor_pdf(series: results.TaylorSeries, *, title: str = "") -> bytes:
    """The convergence plot of ``series`` as a one-page PDF, with reference slopes 1, 2 and 3.

    matplotlib is imported here, with its non-interactive PDF canvas (the Agg family:
    no display, no global backend switch), and the file carries no creation date so
    that the same series always gives the same bytes.

    Raises:
        ValueError: the series has fewer than two positive points (see :func:`plottable`).
    """
    from matplotlib.backends import backend_pdf

    plot = _plot(series, title=title, canvas=backend_pdf.FigureCanvasPdf)
    buffer = io.BytesIO()
    plot.savefig(buffer, format="pdf", metadata={"CreationDate": None, "Creator": "derive", "Producer": None})
    return buffer.getvalue()


def taylor_svg(series: results.TaylorSeries) -> str:
    """The convergence plot of ``series`` as one ``<svg>`` element to put inline in an HTML page.

    Text stays text (no embedded glyphs: a quarter of the size); the prolog, doctype,
    comments and the global ``<style>`` matplotlib writes are left out, and the ids are
    the ones referenced, prefixed by a digest of the series so that two plots on one page
    (or in one notebook) never share an id. Every element and attribute is checked
    against an allow-list: nothing can run or load.

    Raises:
        ValueError: the series has fewer than two positive points, or matplotlib wrote
            something outside the allow-list (a newer matplotlib; the list needs a look).
    """
    import matplotlib
    from matplotlib.backends import backend_svg

    # the same series always gives the same text: ids are hashed with a fixed salt, no date
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "derive"}):
        plot = _plot(series, title="", canvas=backend_svg.FigureCanvasSVG)
        buffer = io.BytesIO()
        plot.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    root = ElementTree.fromstring(buffer.getvalue())  # comments and the doctype are not kept
    _strip_namespaces(root)
    _compact(root)
    for parent in root.iter():
        for child in [child for child in parent if child.tag == "style"]:
            parent.remove(child)  # "*{stroke-linejoin: round}" would apply to the whole page; the page's CSS has it
    _prefix_ids(root, "taylor-" + hashlib.sha256(repr(series).encode()).hexdigest()[:12] + "-")
    if not markup.allowed(root, _SVG) or not all(_local(element) for element in root.iter()):
        raise ValueError("matplotlib's SVG holds an element or attribute outside derive's allow-list")
    root.set("xmlns", _SVG_NAMESPACE)
    root.set("class", "taylor")
    return markup.serialise(root)


def _plot(series: results.TaylorSeries, *, title: str, canvas: Callable[[figure.Figure], object]) -> figure.Figure:
    points = [(h, r) for h, r in zip(series.steps, series.remainders) if h > 0 and r > 0]
    if len(points) < 2:
        raise ValueError(f"a Taylor series needs two positive remainders to plot, got {series.remainders!r}")
    from matplotlib import figure

    steps = [h for h, _ in points]
    remainders = [r for _, r in points]
    plot = figure.Figure(figsize=(4.2, 3.0))
    canvas(plot)  # before the layout, which measures text with this canvas's renderer
    axes = plot.add_subplot()
    observed = f", order {series.order:.2f}" if series.order is not None else ""
    axes.loglog(steps, remainders, "o-", color="black", label=f"remainder{observed}")
    h0, r0 = steps[0], remainders[0]
    styles = {1: ":", 2: "--", 3: "-."}
    for slope in REFERENCE_SLOPES:
        reference = [r0 * (h / h0) ** slope for h in steps]
        width = 1.6 if slope == series.expected else 0.9
        axes.loglog(steps, reference, styles[slope], linewidth=width, label=f"slope {slope}")
    axes.set_xlabel("step h")
    axes.set_ylabel("Taylor remainder")
    if title:
        axes.set_title(title, fontsize=9)
    axes.grid(True, which="major", linewidth=0.3)
    axes.legend(fontsize=7, loc="best")
    plot.tight_layout()
    return plot


def _strip_namespaces(root: ElementTree.Element) -> None:
    # inline in HTML the svg element's own xmlns is enough; SVG 2 reads a plain href as xlink:href did
    for element in root.iter():
        for namespace in (_SVG_NAMESPACE, _XLINK_NAMESPACE):
            element.tag = element.tag.removeprefix(f"{{{namespace}}}")
            for name in [name for name in element.attrib if name.startswith(f"{{{namespace}}}")]:
                element.attrib[name.removeprefix(f"{{{namespace}}}")] = element.attrib.pop(name)


def _compact(root: ElementTree.Element) -> None:
    # matplotlib indents and breaks paths across lines: a third of the text, and nothing drawn
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        if "d" in element.attrib:
            element.set("d", " ".join(element.attrib["d"].split()))


def _prefix_ids(root: ElementTree.Element, prefix: str) -> None:
    used = {found for element in root.iter() for value in element.attrib.values() for found in _REFERENCE.findall(value)}
    used |= {element.attrib["href"][1:] for element in root.iter() if element.get("href", "").startswith("#")}
    for element in root.iter():
        if "id" in element.attrib:
            identifier = element.attrib.pop("id")
            if identifier in used:
                element.set("id", prefix + identifier)
        if element.get("href", "").startswith("#"):
            element.set("href", "#" + prefix + element.attrib["href"][1:])
        for name, value in list(element.attrib.items()):
            element.set(name, _REFERENCE.sub(lambda found: f"url(#{prefix}{found.group(1)})", value))


def _local(element: ElementTree.Element) -> bool:
    # a reference may only point inside the plot (href="#…", url(#…)), never to a file or a scheme
    if not element.get("href", "#").startswith("#"):
        return False
    return all(value.lower().count("url(") == value.lower().count("url(#") for value in element.attrib.values())
