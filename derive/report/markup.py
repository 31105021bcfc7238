"""Markup for the HTML page: text escaped for HTML and XML alike, and foreign trees (MathML, SVG) allow-listed."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from xml.etree import ElementTree

from derive import errors

# what XML 1.0 forbids even escaped, besides the control characters errors.printable already shows
_FORBIDDEN = re.compile("[\ud800-\udfff\ufffe\uffff]")

DEEPEST = 100  # nesting of a foreign tree; the serialiser recurses, and no formula or plot nests this deep


def text(value: object) -> str:
    """``value`` as text in the page: escaped (quotes too), control characters shown as ``\\xNN``.

    The page may be printed to a terminal (``--format html`` without ``-o``), so what a
    terminal would act on is shown, not sent; and the page stays well-formed XML.
    """
    shown = _FORBIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", errors.printable(str(value)))
    return html.escape(shown, quote=True)


def plain(value: str) -> bool:
    """Whether ``value`` can go into the page as it is: nothing XML forbids or a terminal acts on."""
    return errors.printable(value) == value and _FORBIDDEN.search(value) is None


def allowed(root: ElementTree.Element, elements: Mapping[str, frozenset[str]]) -> bool:
    """Whether every element under ``root`` is a key of ``elements`` with only the attributes listed
    for it, all text is :func:`plain`, and the tree nests at most :data:`DEEPEST` deep."""
    level = [root]
    for _ in range(DEEPEST):
        for element in level:
            names = elements.get(element.tag) if isinstance(element.tag, str) else None
            if names is None or not set(element.attrib) <= names:
                return False
            if not all(plain(part) for part in (element.text or "", element.tail or "", *element.attrib.values())):
                return False
        level = [child for element in level for child in element]
        if not level:
            return True
    return False


def serialise(root: ElementTree.Element) -> str:
    """``root`` as XML text: ElementTree escapes ``& < > "`` in text and attributes, whatever they hold."""
    return ElementTree.tostring(root, encoding="unicode", short_empty_elements=True)
