"""Tests for derive.reading.documents.environments: math environments and the markers blanked inside math."""

from __future__ import annotations

import pytest

from derive.reading.documents import environments


def blanks(text: str) -> str:
    return " " * len(text)


# -- markers blanked inside math ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        (
            r"\begin{aligned}a&=b\end{aligned}",
            blanks(r"\begin{aligned}") + "a&=b" + blanks(r"\end{aligned}"),
        ),
        (
            r"\begin{aligned}[t]a\end{aligned}",
            blanks(r"\begin{aligned}[t]") + "a" + blanks(r"\end{aligned}"),
        ),
        (  # a row that opens with a bracket is not a position
            r"\begin{aligned}[A, B] &= 0\end{aligned}",
            blanks(r"\begin{aligned}") + "[A, B] &= 0" + blanks(r"\end{aligned}"),
        ),
        (
            r"\begin{alignedat}{2}a&=b\end{alignedat}",
            blanks(r"\begin{alignedat}{2}") + "a&=b" + blanks(r"\end{alignedat}"),
        ),
        (
            r"\begin{split}a\\&=b\end{split}",
            blanks(r"\begin{split}") + r"a\\&=b" + blanks(r"\end{split}"),
        ),
        (
            r"\begin{gathered}a\end{gathered}",
            blanks(r"\begin{gathered}") + "a" + blanks(r"\end{gathered}"),
        ),
        (
            r"\begin{multlined}[b]a\end{multlined}",
            blanks(r"\begin{multlined}[b]") + "a" + blanks(r"\end{multlined}"),
        ),
        (
            r"\begin{array}{rcl}x&=&y\end{array}",
            blanks(r"\begin{array}{rcl}") + "x&=&y" + blanks(r"\end{array}"),
        ),
        (  # a column spec with braces of its own
            r"\begin{array}[t] {r@{}l}x&=y\end{array}",
            blanks(r"\begin{array}[t] {r@{}l}") + "x&=y" + blanks(r"\end{array}"),
        ),
        (  # display environments nested in `$$ ... $$`
            r" \begin{align*} a &= b \end{align*} ",
            " " + blanks(r"\begin{align*}") + " a &= b " + blanks(r"\end{align*}") + " ",
        ),
        (
            r"\begin{eqnarray}a&=&b\end{eqnarray}",
            blanks(r"\begin{eqnarray}") + "a&=&b" + blanks(r"\end{eqnarray}"),
        ),
        (
            r"\begin {equation} x \end {equation}",
            blanks(r"\begin {equation}") + " x " + blanks(r"\end {equation}"),
        ),
        (
            r"\eqalign{ a &= b \\ &= c }",
            blanks(r"\eqalign{") + r" a &= b \\ &= c " + " ",
        ),
        (
            r"\eqalign {a = {b}}",
            blanks(r"\eqalign {") + "a = {b}" + " ",
        ),
        (  # two alignments in a row, and a newline kept inside a marker's span
            "\\begin{gathered}a\\end{gathered}\n\\begin{split}b\\end{split}",
            blanks(r"\begin{gathered}")
            + "a"
            + blanks(r"\end{gathered}")
            + "\n"
            + blanks(r"\begin{split}")
            + "b"
            + blanks(r"\end{split}"),
        ),
    ],
)
def test_alignment_markers_are_blanked(text: str, blanked: str) -> None:
    assert environments.blank_markers(text) == blanked
    assert len(blanked) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        # inside a group, a \left...\right pair or another environment, an
        # alignment is part of a formula (a matrix, a piecewise definition)
        r"A = \left(\begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}\right)",
        r"f = \left\{\begin{aligned} 1 & x > 0 \\ 0 \end{aligned}\right.",
        r"\underbrace{\begin{aligned} a \\ b \end{aligned}}_{n}",
        r"\begin{cases} \begin{aligned} a \end{aligned} & x \end{cases}",
        r"x = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
        r"\begin{pmatrix}a\end{pmatrix}",
        r"\begin{bmatrix} a \\ b \end{bmatrix} = c",
        r"a\\begin{aligned}",  # a row break, then words
        r"\eqalign",  # no group: left for the parser to report
        r"\{ a \}",
        "",
    ],
)
def test_what_is_not_a_layout_stays(text: str) -> None:
    assert environments.blank_markers(text) == text


def test_an_alignment_after_a_closed_group_is_at_the_top() -> None:
    text = r"\frac{a}{b} \begin{aligned} x \end{aligned}"
    assert environments.blank_markers(text) == (
        r"\frac{a}{b} " + blanks(r"\begin{aligned}") + " x " + blanks(r"\end{aligned}")
    )


# -- arguments, ends and messages ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "after", "consumed"),
    [
        ("alignat", "{2}a", "{2}"),
        ("alignat*", " {3} a", " {3}"),
        ("alignedat", "[t]{2}a", "[t]{2}"),
        ("aligned", "[b] a", "[b]"),
        ("aligned", "[A, B] = 0", ""),
        ("array", "{rcl} a", "{rcl}"),
        ("array", "[t]{r@{}l}a", "[t]{r@{}l}"),
        ("array", "{cc", ""),  # never closed: no argument
        ("array", "a", ""),
        ("align", "{2}a", ""),
        ("equation", "[t]a", ""),
    ],
)
def test_arguments_end(name: str, after: str, consumed: str) -> None:
    text = rf"\begin{{{name}}}" + after
    start = len(rf"\begin{{{name}}}")
    assert environments.arguments_end(text, start, name) == start + len(consumed)


@pytest.mark.parametrize(
    ("body", "name", "found"),
    [
        (r"a \end{align} b", "align", 2),
        (r"a \end {align}", "align", 2),
        ("a % \\end{align}\n\\end{align}", "align", 16),  # a comment does not close
        (r"a \\end{align}", "align", None),  # a row break, then words
        (r"a \end{align*}", "align", None),
        (r"a \end{align}", "align*", None),
        (r"a \% \end{equation*}", "equation*", 5),
        ("a", "align", None),
    ],
)
def test_end(body: str, name: str, found: int | None) -> None:
    closer = environments.end(body, 0, len(body), name)
    assert (closer.start() if closer else None) == found
    if closer is not None:
        assert closer.end() == body.index("}", found) + 1


def test_end_is_not_searched_past_stop() -> None:
    body = r"a \end{align}"
    assert environments.end(body, 0, 5, "align") is None


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        (
            False,
            "unterminated environment: `\\begin{align*}` opened here is never "
            "closed (close it with `\\end{align*}`)",
        ),
        (
            True,
            "unterminated environment: `\\begin{align*}` opened here is never "
            "closed (close it with `\\end{align*}` before the next blank line)",
        ),
    ],
)
def test_unclosed_message(paragraph: bool, message: str) -> None:
    assert environments.unclosed("align*", paragraph=paragraph) == message


def test_standalone_environments_are_those_of_rows() -> None:
    assert environments.STANDALONE == {
        "equation",
        "align",
        "alignat",
        "flalign",
        "gather",
        "multline",
        "eqnarray",
        "displaymath",
        "aligned",
        "alignedat",
        "gathered",
        "multlined",
    }
