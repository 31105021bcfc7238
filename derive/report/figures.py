"""Taylor-test convergence plots (log–log remainder against h) drawn with matplotlib as PDF."""

from __future__ import annotations

import io

from derive import results

REFERENCE_SLOPES = (1, 2, 3)


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
    points = [(h, r) for h, r in zip(series.steps, series.remainders) if h > 0 and r > 0]
    if len(points) < 2:
        raise ValueError(f"a Taylor series needs two positive remainders to plot, got {series.remainders!r}")
    from matplotlib.backends import backend_pdf
    from matplotlib import figure

    steps = [h for h, _ in points]
    remainders = [r for _, r in points]
    plot = figure.Figure(figsize=(4.2, 3.0))
    backend_pdf.FigureCanvasPdf(plot)
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
    buffer = io.BytesIO()
    plot.savefig(buffer, format="pdf", metadata={"CreationDate": None, "Creator": "derive", "Producer": None})
    return buffer.getvalue()
