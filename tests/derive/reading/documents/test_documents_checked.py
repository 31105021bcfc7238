"""End to end: math that the Markdown reader finds in environments, layouts, quotes and spaced dollars is checked, not skipped."""

from __future__ import annotations

import pytest

import derive

DECLARATIONS = "Let $A, B \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$.\n\n"


def claims(body: str) -> list[tuple[int, int, str, str, str]]:
    """(line, column, kind, verdict, latex) of each claim of the declarations then `body`."""
    result = derive.check_text(DECLARATIONS + body, path="x.md")
    return [
        (claim.line, claim.column, claim.kind, claim.verdict, claim.latex)
        for claim in result.claims
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a wrong step in a bare align fails
            "\\begin{align}\n(AB)^T &= A^TB^T\n\\end{align}\n",
            [(4, 1, "identity", "failed", "(AB)^T &= A^TB^T")],
        ),
        (  # a right chain in a bare align is proved, row by row
            "\\begin{align}\n(A + B)^T &= A^T + B^T \\\\\n&= B^T + A^T\n\\end{align}\n",
            [
                (4, 1, "identity", "proved", "(A + B)^T &= A^T + B^T"),
                (5, 2, "identity", "proved", "= B^T + A^T"),
            ],
        ),
        (  # the chain goes on from the row before: its second step is wrong
            "$$\n\\begin{aligned}\n(AB)^T &= B^TA^T \\\\\n&= A^TB^T\n\\end{aligned}\n$$\n",
            [
                (5, 1, "identity", "proved", "(AB)^T &= B^TA^T"),
                (6, 2, "identity", "failed", "= A^TB^T"),
            ],
        ),
        (  # \nonumber, \tag, \label and \notag are not part of the rows
            "\\begin{align*}\n(A+B)^T &= A^T + B^T \\nonumber \\\\\n"
            "&= B^T + A^T \\tag{1} \\label{eq:t} \\\\\n&= B^T + A^T + 0 \\notag\n"
            "\\end{align*}\n",
            [
                (4, 1, "identity", "proved", "(A+B)^T &= A^T + B^T"),
                (5, 2, "identity", "proved", "= B^T + A^T"),
                (6, 2, "identity", "proved", "= B^T + A^T + 0"),
            ],
        ),
        (
            "\\begin{gather*}\n(AB)^T = B^TA^T \\\\\n(A^T)^T = A\n\\end{gather*}\n",
            [
                (4, 1, "identity", "proved", "(AB)^T = B^TA^T"),
                (5, 1, "identity", "proved", "(A^T)^T = A"),
            ],
        ),
        (  # array rows with `& = &`
            "$$\n\\begin{array}{rcl}\n(AB)^T & = & B^TA^T \\\\\n & = & A^TB^T\n"
            "\\end{array}\n$$\n",
            [
                (5, 1, "identity", "proved", "(AB)^T & = & B^TA^T"),
                (6, 4, "identity", "failed", "= & A^TB^T"),
            ],
        ),
        (
            "$$\\eqalign{ (A+B)^T &= A^T + B^T \\\\ &= B^T + A^T }$$\n",
            [
                (3, 13, "identity", "proved", "(A+B)^T &= A^T + B^T"),
                (3, 38, "identity", "proved", "= B^T + A^T"),
            ],
        ),
        (  # an environment nested in `$$`
            "$$\\begin{eqnarray} (AB)^T & = & B^TA^T \\end{eqnarray}$$\n",
            [(3, 20, "identity", "proved", "(AB)^T & = & B^TA^T")],
        ),
        (  # in a block quote
            "> We expand\n> $$\n> (A + B)^T = A^T + B^T\n> $$\n",
            [(5, 3, "identity", "proved", "(A + B)^T = A^T + B^T")],
        ),
        (  # indented, in a list item, right after a paragraph line
            "- so\n  \\begin{equation}\n  (A^T)^T = B\n  \\end{equation}\n",
            [(5, 3, "identity", "failed", "(A^T)^T = B")],
        ),
    ],
)
def test_environments_are_checked(
    body: str, expected: list[tuple[int, int, str, str, str]]
) -> None:
    assert claims(body) == expected


def test_cases_is_shown_unchecked_not_dropped() -> None:
    body = "$$ f(x) = \\begin{cases} x^Tx & x \\neq 0 \\\\ 0 & \\text{else} \\end{cases} $$\n"
    ((line, column, kind, verdict, latex),) = claims(body)
    assert (line, column, kind, verdict) == (3, 4, "unchecked", "unchecked")
    assert latex.startswith("f(x) = \\begin{cases}")


def test_an_unknown_row_is_reported_where_it_is() -> None:
    body = (
        "\\begin{align}\nf(x) &= x^TAx \\\\\n"
        "\\bigtriangledown f(x) &= (A + A^T)x\n\\end{align}\n"
    )
    assert 5 in {line for line, *_ in claims(body)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "We know $(A+B)^T = A^T + B^T $ holds.\n",
            [(3, 10, "identity", "proved", "(A+B)^T = A^T + B^T")],
        ),
        (
            "but not $(AB)^T = A^TB^T $, nor $5 and $6.\n",
            [(3, 10, "identity", "failed", "(AB)^T = A^TB^T")],
        ),
    ],
)
def test_inline_math_with_a_spaced_closing_dollar_is_checked(
    body: str, expected: list[tuple[int, int, str, str, str]]
) -> None:
    assert claims(body) == expected
