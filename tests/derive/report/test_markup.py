"""Markup for the HTML page: escaped text, and the allow-list that foreign trees (MathML, SVG) pass."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from derive.report import markup


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#x27;d&#x27;"),
        ("\x1b[2J\x07", "\\x1b[2J\\x07"),  # a terminal's controls are shown, not sent
        ("\u202eevil", "\\u202eevil"),  # nor a bidirectional override
        ("x\uffffy\ufffe", "x\\uffffy\\ufffe"),  # characters XML forbids
        (3, "3"),
    ],
)
def test_text_is_escaped_for_html_and_xml(value: object, escaped: str) -> None:
    assert markup.text(value) == escaped
    ElementTree.fromstring(f"<p>{markup.text(value)}</p>")  # well-formed


@pytest.mark.parametrize(("value", "plain"), [("x ≤ y", True), ("tab\tand\nline", True), ("\x00", False), ("\ud800", False), ("\x1b", False)])
def test_plain(value: str, plain: bool) -> None:
    assert markup.plain(value) is plain


ALLOWED = {"p": frozenset({"class"}), "b": frozenset()}


@pytest.mark.parametrize(
    ("tree", "allowed"),
    [
        ('<p class="x">a <b>b</b></p>', True),
        ("<p><i>a</i></p>", False),  # an element not listed
        ('<p><b onclick="x">a</b></p>', False),  # an attribute not listed for it
        ("<p>" + "<b>" * markup.DEEPEST + "</b>" * markup.DEEPEST + "</p>", False),  # nested too deep to serialise
        ("<p>" + "<b>" * (markup.DEEPEST - 2) + "</b>" * (markup.DEEPEST - 2) + "</p>", True),
    ],
)
def test_allowed(tree: str, allowed: bool) -> None:
    assert markup.allowed(ElementTree.fromstring(tree), ALLOWED) is allowed


def test_text_that_a_terminal_acts_on_is_not_allowed() -> None:
    root = ElementTree.fromstring("<p>a</p>")
    root.text = "\x1b[2J"
    assert not markup.allowed(root, ALLOWED)
    root.text = "<b>"
    assert markup.allowed(root, ALLOWED) and markup.serialise(root) == "<p>&lt;b&gt;</p>"
