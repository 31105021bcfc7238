"""How results show themselves in a Jupyter notebook: the Markdown report and an HTML fragment.

:func:`register` fills :data:`derive.results.NOTEBOOK_VIEWS`, which ``DocumentResult._repr_markdown_``
and ``_repr_html_`` read; the entry points call it (``derive.check_text``, ``%load_ext derive``).
"""

from __future__ import annotations

from derive import results
from derive.report import html, markdown


def register() -> None:
    """Let every DocumentResult render as a table with marks in a notebook."""
    results.NOTEBOOK_VIEWS.setdefault("markdown", lambda document: markdown.render([document]))
    results.NOTEBOOK_VIEWS.setdefault("html", html.fragment)
