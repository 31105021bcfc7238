"""LaTeX as MathML for the HTML report, through latex2mathml, where the result shows what was written.

latex2mathml builds an ElementTree and then unescapes its serialisation (so ``\\text{<b>}``
would come out as a ``<b>`` element); we take its tree instead, check it against an
allow-list and serialise it ourselves, so document text can only ever be text.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree import ElementTree

from derive.report import markup

NAMESPACE = "http://www.w3.org/1998/Math/MathML"
LONGEST = 4000  # characters of LaTeX converted; a longer formula is shown as its source

# definitions would be expanded (or loop) inside latex2mathml, showing something else than was written
_DEFINITION = re.compile(r"\\(?:def|gdef|edef|xdef|let|newcommand|renewcommand|providecommand|DeclareMathOperator)(?![A-Za-z])")
# latex2mathml writes symbols as numeric references inside its text, e.g. ‖ as "&#x02016;"
_REFERENCE = re.compile(r"&#x([0-9A-Fa-f]{1,6});")

_TOKENS = frozenset({"mi", "mn", "mo", "mtext", "mspace"})
_PARTS = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "msubsup": 3, "mover": 2, "munder": 2, "munderover": 3}
_LAYOUT = frozenset({"mrow", "mstyle", "mpadded", "mphantom", "menclose", "msqrt", "mtable", "mtr", "mtd"})
# presentation attributes whose values come from latex2mathml's own tables (no links, colours or CSS)
_ATTRIBUTES = frozenset({
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "depth", "displaystyle", "fence",
    "form", "height", "largeop", "linebreak", "linethickness", "lspace", "mathsize", "mathvariant", "maxsize",
    "minsize", "movablelimits", "notation", "rowalign", "rowlines", "rowspacing", "rspace", "scriptlevel",
    "separator", "stretchy", "symmetric", "voffset", "width",
})
# the elements a formula may hold, each with the attributes it may carry
ELEMENTS = {
    "math": frozenset({"xmlns", "display"}),
    **{tag: _ATTRIBUTES for tag in (*_TOKENS, *_PARTS, *_LAYOUT)},
}
# MathML Core (Chromium) ignores mathvariant but "normal", so bold ASCII is written as the Unicode
# mathematical letters instead: capital A, small a, digit 0 of each alphabet (None: no such letters)
_ALPHABETS: dict[str, tuple[int | None, int | None, int | None]] = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE),
    "bold-italic": (0x1D468, 0x1D482, 0x1D7CE),
    "double-struck": (None, None, 0x1D7D8),
}


def convert(latex: str, *, display: bool = False) -> str | None:
    """``latex`` as one ``<math>`` element in the MathML namespace, or None where it cannot be shown faithfully.

    None for what latex2mathml rejects (unbalanced braces, a script with nothing to attach to)
    and for what it would render as something else than was written: a control word it
    passes through as text (a document's own macro), a definition (``\\def``), a fraction or
    script with a part missing, a link, colour or style (``\\href``, ``\\color``, ``\\style``),
    or a character the page cannot hold. The caller shows the source instead.
    """
    if not latex.strip() or len(latex) > LONGEST or _DEFINITION.search(latex):
        return None
    # imported when a page is drawn: it reads its symbol table at import
    from latex2mathml import converter

    try:
        root = converter.convert_to_element(latex, xmlns=NAMESPACE, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - its own errors (no common base), IndexError, RecursionError on bad input
        return None
    if not _complete(root):
        return None
    for element in root.iter():
        element.text = _characters(element.text)
        _unicode_alphabet(element)
        _relation(element)
    if not markup.allowed(root, ELEMENTS):
        return None
    return markup.serialise(root)


def _complete(root: ElementTree.Element) -> bool:
    """Whether every part is there and every control word was understood (before references are resolved)."""
    for element in root.iter():
        if "\\" in (element.text or "") or (element.tail or "").strip():
            return False  # an unknown control word, kept as text
        if element.tag in _TOKENS and len(element):
            return False  # \mathop{…} and the like: a token holding a tree, which browsers do not draw
        if element.tag in _PARTS and len(element) != _PARTS[element.tag]:
            return False  # \frac{1} with its denominator missing
    return root.find("*/*") is not None  # \def alone leaves an empty row


def _characters(text: str | None) -> str | None:
    if text is None:
        return None

    def character(found: re.Match[str]) -> str:
        point = int(found.group(1), 16)
        return chr(point) if point <= 0x10FFFF else "\ufffd"  # an impossible reference stays visibly wrong

    return _REFERENCE.sub(character, text)


def _unicode_alphabet(element: ElementTree.Element) -> None:
    alphabet = _ALPHABETS.get(element.get("mathvariant", ""))
    text = element.text or ""
    if alphabet is None or element.tag not in ("mi", "mn") or not text.isascii() or not text.isalnum():
        return
    capital, small, digit = alphabet
    written = []
    for char in text:
        start, offset = (capital, ord(char) - 65) if char.isupper() else (small, ord(char) - 97)
        if char.isdigit():
            start, offset = digit, ord(char) - 48
        if start is None:
            return  # one letter this alphabet lacks in Unicode: keep mathvariant for browsers that read it
        written.append(chr(start + offset))
    element.text = "".join(written)
    del element.attrib["mathvariant"]


def _relation(element: ElementTree.Element) -> None:
    # latex2mathml writes some symbols (⪰ ⪯ ∼ ⟨ ⟹) as identifiers, which browsers space as letters
    text = element.text or ""
    if element.tag == "mi" and len(text) == 1 and unicodedata.category(text)[0] in "SP":
        element.tag = "mo"
