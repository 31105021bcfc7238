"""MkDocs hooks for the documentation site (mkdocs.yml names this file under ``hooks``; ``exclude_docs`` keeps it off the site).

derive's docstrings name other objects with Sphinx roles (``:func:`check```), which
mkdocstrings renders as Markdown: the role stays in the text as ``:func:`` before the code.
This hook drops the role and keeps the code, on every page.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:func|meth|attr|mod|class|exc|data|obj):(?=<code>)")


def on_page_content(html: str, **kwargs: Any) -> str:
    """The page's HTML with each Sphinx role before a code span removed."""
    return _ROLE.sub("", html)
