"""Tests for derive.reading.documents.markdown: Markdown math blocks and their exact source positions."""

from __future__ import annotations

import pathlib

import pytest

import locations
from derive.reading import documents
from document_blocks import assert_positions_exact, display_blocks, inline_blocks, needs_corpus

DATA = locations.DATA / "documents"
CORPUS = locations.CORPUS


# -- the shared corpus ---------------------------------------------------------

CORPUS_DISPLAY = {
    "least_squares.md": [
        (6, r"f_0(x)=\left\|Ax-b \right\|_2^2=\sum_{i=1}^{k}(a_i^Tx-b_i)^2"),
        (10, r"f(x)=\left\| Ax-b\right\|_2^2=(Ax-b)^T(Ax-b)"),
        (12, r"=((Ax)^T-b^T)(Ax-b)"),
        (13, r"=x^TA^TAx-b^TAx-x^TA^Tb+b^Tb"),
        (14, r"=x^TA^TAx-2b^TAx+b^Tb"),
        (
            18,
            r"\triangledown(x^TA^TAx)=2A^TAx, \triangledown(b^TAx)=A^Tb, "
            r"\triangledown(x^TA^Tb)=A^Tb",
        ),
        (22, r"\triangledown f(x)=2A^TAx-A^Tb-A^Tb=2A^TAx-2A^Tb"),
        (26, r"\triangledown f(x)=0"),
        (30, r"A^TAx=A^Tb"),
        (34, r"x=(A^TA)^{-1}A^Tb"),
        (38, r"\nabla^2 f(x) = 2A^TA \succeq 0"),
    ],
    "cubic_motion.md": [
        (5, r"x(t) = t^3 + 2t"),
        (9, r"\frac{dx}{dt} = 3t^2 + 2"),
        (11, r"\frac{d^2x}{dt^2} = 6t"),
    ],
    "transpose_basics.md": [
        (5, r"(A^T)^T = A"),
        (7, r"(A + B)^T = A^T + B^T"),
        (9, r"(AC)^T = C^TA^T"),
        (11, r"u^TAv = v^TA^Tu"),
    ],
    "linear_gradient.md": [
        (5, r"\nabla_x (c^Tx) = c"),
        (7, r"\nabla_x (x^TMx) = 2Mx"),
        (9, r"\nabla_x^2 (x^TMx) = 2M"),
    ],
    "F_acceleration.md": [(3, r"x(t) = t^3 + 2t"), (5, r"\frac{d^2x}{dt^2} = 3t")],
    "F_expand_drop.md": [(5, r"(Ax-b)^T(Ax-b) = x^TA^TAx + b^Tb")],
    "F_gram_grad.md": [(5, r"\nabla(x^TA^TAx) = A^TAx")],
    "F_transpose_order.md": [(5, r"(AC)^T = A^TC^T")],
    "E_shape_mismatch.md": [(5, r"c = A b")],
    "E_syntax.md": [(3, r"\frac{1}{2 = \frac12")],
}

CORPUS_INLINE = {
    "least_squares.md": [
        (3, 6, r"A \in \mathbb{R}^{k \times n}"),
        (3, 48, r"a_i^T"),
        (3, 57, r"b \in \mathbb{R}^{k}"),
        (3, 85, r"x \in \mathbb{R}^{n}"),
        (32, 14, r"\operatorname{rank}(A) = n"),
    ],
    "cubic_motion.md": [(3, 37, "t")],
    "transpose_basics.md": [
        (3, 2, r"A, B \in \mathbb{R}^{m \times n}"),
        (3, 38, r"C \in \mathbb{R}^{n\times p}"),
        (3, 70, r"u \in \mathbb{R}^m"),
        (3, 92, r"v \in \mathbb{R}^n"),
    ],
    "linear_gradient.md": [
        (3, 2, r"c, x \in \mathbb{R}^n"),
        (3, 30, r"M \in \mathbb{R}^{n \times n}"),
        (3, 73, r"M = M^T"),
    ],
    "F_acceleration.md": [],
    "F_expand_drop.md": [
        (3, 2, r"A\in\mathbb{R}^{k\times n}"),
        (3, 32, r"b\in\mathbb{R}^k"),
        (3, 52, r"x\in\mathbb{R}^n"),
    ],
    "F_gram_grad.md": [
        (3, 2, r"A\in\mathbb{R}^{k\times n}"),
        (3, 32, r"x\in\mathbb{R}^n"),
    ],
    "F_transpose_order.md": [
        (3, 2, r"A \in \mathbb{R}^{n \times n}"),
        (3, 35, r"C\in\mathbb{R}^{n\times n}"),
    ],
    "E_shape_mismatch.md": [
        (3, 2, r"A \in \mathbb{R}^{4 \times 3}"),
        (3, 35, r"b \in \mathbb{R}^{4}"),
    ],
    "E_syntax.md": [],
}


@needs_corpus
def test_every_corpus_document_is_in_the_tables() -> None:
    names = {path.name for path in (CORPUS / "docs").glob("*.md")}
    assert names == set(CORPUS_DISPLAY) == set(CORPUS_INLINE)


@needs_corpus
@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_DISPLAY.items()))
def test_corpus_display_blocks(name: str, expected: list[tuple[int, str]]) -> None:
    document = documents.load(CORPUS / "docs" / name)
    found = [(block.line, block.text.strip()) for block in display_blocks(document)]
    assert found == expected
    # `$$ ` opens every corpus block, so the text starts right after the `$$`.
    assert {block.column for block in display_blocks(document)} == {3}


@needs_corpus
@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_INLINE.items()))
def test_corpus_inline_blocks(name: str, expected: list[tuple[int, int, str]]) -> None:
    document = documents.load(CORPUS / "docs" / name)
    found = [
        (block.line, block.column, block.text) for block in inline_blocks(document)
    ]
    assert found == expected


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORPUS_DISPLAY))
def test_corpus_positions_are_exact(name: str) -> None:
    document = documents.load(CORPUS / "docs" / name)
    assert document.path == str(CORPUS / "docs" / name)
    assert document.comments == ()
    assert_positions_exact(document)


@needs_corpus
@pytest.mark.parametrize(
    ("line", "continues"),
    [
        (6, False),
        (10, False),
        (12, True),
        (13, True),
        (14, True),
        (18, False),
        (38, False),
    ],
)
def test_least_squares_chain_continuations(line: int, continues: bool) -> None:
    document = documents.load(CORPUS / "docs" / "least_squares.md")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.continues is continues


@needs_corpus
@pytest.mark.parametrize(
    ("line", "lead_in"),
    [
        (6, "The least-squares objective is"),
        (10, "Writing the norm as an inner product and expanding,"),
        (12, ""),
        (13, ""),
        (26, "A minimiser makes the gradient vanish, so we solve"),
        (30, "or equivalently"),
        (34, r"which, when \operatorname{rank}(A) = n, has the unique solution"),
        (38, "The Hessian is positive semidefinite, so this is a global minimum:"),
    ],
)
def test_least_squares_lead_ins(line: int, lead_in: str) -> None:
    document = documents.load(CORPUS / "docs" / "least_squares.md")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.lead_in.endswith(lead_in)
    if line != 6:
        assert block.lead_in == lead_in


@needs_corpus
def test_least_squares_first_lead_in_starts_at_the_document() -> None:
    document = documents.load(CORPUS / "docs" / "least_squares.md")
    first = display_blocks(document)[0]
    assert first.lead_in == (
        r"Least squares from first principles Let A \in \mathbb{R}^{k \times n} "
        r"with rows a_i^T, b \in \mathbb{R}^{k}, and x \in \mathbb{R}^{n}. "
        "The least-squares objective is"
    )
    first_inline = inline_blocks(document)[0]
    assert first_inline.lead_in == "Least squares from first principles Let"


@needs_corpus
@pytest.mark.parametrize(
    ("line", "offset", "position"),
    [
        (12, 0, (12, 3)),  # the space right after `$$`
        (12, 1, (12, 4)),  # the `=` that continues the chain
        (12, 21, (12, 24)),  # just past the text: the closing `$$`
        (38, 1, (38, 4)),
    ],
)
def test_least_squares_positions(
    line: int, offset: int, position: tuple[int, int]
) -> None:
    document = documents.load(CORPUS / "docs" / "least_squares.md")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.position(offset) == position


@needs_corpus
def test_least_squares_inline_rank_assumption_position() -> None:
    document = documents.load(CORPUS / "docs" / "least_squares.md")
    block = inline_blocks(document)[-1]
    offset = block.text.index("= n")
    assert block.position(offset) == (32, 14 + offset)
    assert document.source.split("\n")[31][14 + offset - 1] == "="


# -- multi-line blocks and \[ \] -----------------------------------------------


def test_multiline_blocks() -> None:
    document = documents.load(DATA / "multiline.md")
    found = [
        (block.line, block.column, block.continues, block.lead_in, block.text)
        for block in document.blocks
    ]
    assert found == [
        (
            5,
            3,
            False,
            "Multi-line display math Expanding the square,",
            "\n" + " " * len(r"\begin{aligned}") + "\nf(x) &= (Ax-b)^T(Ax-b) \\\\\n"
            "     &= x^TA^TAx - 2b^TAx + b^Tb\n" + " " * len(r"\end{aligned}") + "\n",
        ),
        (12, 23, False, "and the gradient is", r" \nabla f(x) = 2A^TAx - 2A^Tb "),
        (13, 3, False, "so that", "\n  \\nabla f(x) = 0\n"),
        (16, 3, True, "", " &= A^TAx - A^Tb\n"),
    ]
    assert all(block.display for block in document.blocks)
    assert_positions_exact(document)


@pytest.mark.parametrize(
    ("index", "needle", "position"),
    [
        (0, "\n", (5, 3)),  # the newline ending the `$$` line
        (0, " " * len(r"\begin{aligned}"), (6, 1)),  # the blanked marker
        (0, "f(x)", (7, 1)),
        (0, "x^TA^TAx", (8, 9)),
        (1, r"\nabla", (12, 24)),
        (2, r"\nabla", (14, 3)),
        (2, "= 0", (14, 15)),
        (3, "A^TAx", (16, 7)),
    ],
)
def test_multiline_positions(
    index: int, needle: str, position: tuple[int, int]
) -> None:
    block = documents.load(DATA / "multiline.md").blocks[index]
    assert block.position(block.text.index(needle)) == position


def test_multiline_markers_are_blanked_where_they_are_written() -> None:
    document = documents.load(DATA / "multiline.md")
    block = document.blocks[0]
    for line, marker in ((6, r"\begin{aligned}"), (9, r"\end{aligned}")):
        offset = next(
            at for at in range(len(block.text)) if block.position(at) == (line, 1)
        )
        assert document.source_line(line) == marker
        assert block.text[offset : offset + len(marker) + 1] == " " * len(marker) + "\n"


@pytest.mark.parametrize(
    ("index", "position"),
    [(0, (10, 1)), (1, (12, 53)), (2, (15, 1)), (3, (17, 1))],
)
def test_position_past_the_end_is_the_closing_delimiter(
    index: int, position: tuple[int, int]
) -> None:
    block = documents.load(DATA / "multiline.md").blocks[index]
    assert block.position(len(block.text)) == position


@pytest.mark.parametrize("offset", [-1, 4])
def test_position_outside_the_text_is_refused(offset: int) -> None:
    (block,) = documents.read_markdown("$$ x $$").blocks
    message = rf"offset {offset} is outside the block text \(0..3\)"
    with pytest.raises(ValueError, match=message):
        block.position(offset)


# -- fences and code -----------------------------------------------------------


def test_math_fences_and_skipped_code() -> None:
    document = documents.load(DATA / "fences.md")
    found = [
        (block.line, block.column, block.display, block.continues, block.text)
        for block in document.blocks
    ]
    assert found == [
        (4, 1, True, False, r"\nabla_x (c^Tx) = c"),  # ```math
        (8, 1, True, True, "= c"),  # ~~~ math
        (12, 1, True, False, "x = y"),  # ````{math}
        (21, 54, False, False, "c = d"),  # code, indented code and `code` skipped
        (29, 7, True, False, " g = h "),  # indented, but inside a list item
        (32, 1, True, False, ""),  # an empty math fence
    ]
    assert_positions_exact(document)


@pytest.mark.parametrize(
    ("source", "texts"),
    [
        ("```math\na = b\nc = d\n```\n", ["a = b\nc = d"]),
        ("  ```math\n  a = b\n  ```\n", ["  a = b"]),
        ("```math\na = b\n```", ["a = b"]),
        ("```` math\n```\na = b\n````\n", ["```\na = b"]),
        ("```latex\n$$ a = b $$\n```\n", []),
        ("```\n$x$\n", []),  # an unclosed code fence runs to the end
        ("~~~\n$$ a $$\n~~~\n$b$\n", ["b"]),
        ("text\n\n    $$ a = b $$\n\n$c$\n", ["c"]),
        ("text\n    $$ a = b $$\n", [" a = b "]),  # a paragraph continuation
        ("`$a$` ``x ` $b$`` $c$\n", ["c"]),
        ("`$a$\n\n$b$`\n", ["a", "b"]),  # a backtick without partner is text
    ],
)
def test_code_is_skipped(source: str, texts: list[str]) -> None:
    document = documents.read_markdown(source)
    assert [block.text for block in document.blocks] == texts


# -- dollars -------------------------------------------------------------------


def test_currency_and_escaped_dollars() -> None:
    document = documents.load(DATA / "dollars.md")
    found = [
        (block.line, block.column, block.display, block.text)
        for block in document.blocks
    ]
    assert found == [
        (3, 43, False, "x"),
        (5, 21, False, r"a \$ b"),
        (5, 35, True, r" p = \$q "),
    ]
    assert_positions_exact(document)


@pytest.mark.parametrize(
    ("source", "texts"),
    [
        ("It costs $5 and $6.", []),
        ("It costs $5 and $x$.", ["x"]),  # `$5 and $` is not closed: space before `$`
        ("Pay \\$5 for $x$.", ["x"]),
        ("$a$ and $b$", ["a", "b"]),
        ("$ a$ and $b $", []),
        ("$a$5 and b$", ["a$5 and b"]),  # a `$` before a digit does not close
        ("$x\ny$", []),  # inline math stays on one line
        ("$a \\$ b$", ["a \\$ b"]),
        ("\\\\$a$", ["a"]),  # an escaped backslash does not escape the dollar
        ("$$a$$", ["a"]),
        ("$$$$", [""]),
        ("a $$ b $$ c $$ d $$", [" b ", " d "]),
        ("\\[a\\] \\\\[b]", ["a"]),
        ("\\[ a \\\\] b \\]", [" a \\\\] b "]),
    ],
)
def test_dollar_rules(source: str, texts: list[str]) -> None:
    document = documents.read_markdown(source)
    assert [block.text for block in document.blocks] == texts


def test_inline_and_display_interleave_in_source_order() -> None:
    source = "Let $x$ be\n\n$$ y = x $$\n\nand $z$ too $$ w $$"
    document = documents.read_markdown(source)
    assert [(block.text, block.display) for block in document.blocks] == [
        ("x", False),
        (" y = x ", True),
        ("z", False),
        (" w ", True),
    ]
    assert [block.lead_in for block in document.blocks] == [
        "Let",
        "Let x be",
        "and",
        "and z too",
    ]


# -- comments and markers ------------------------------------------------------


def test_comments_and_markers() -> None:
    document = documents.load(DATA / "comments.md")
    assert document.comments == (
        (2, "title: Comments and markers\nderive:\n  A: R^{k x n}"),
        (7, r"derive: x \in \mathbb{R}^n"),
        (10, "derive: equation"),
        (11, "derive: equation"),
        (16, "derive: solution"),
        (19, "derive: skip"),
    )
    found = [(block.line, block.markers, block.lead_in) for block in document.blocks]
    assert found == [
        (11, ("equation",), "We solve"),
        (14, ("solution",), ""),
        (22, (), "Some prose breaks the marker."),
    ]
    assert_positions_exact(document)


def test_latex_comments_are_blanked_in_place() -> None:
    first, second, _ = documents.load(DATA / "comments.md").blocks
    assert first.text == " A^TAx = A^Tb " + " " * len("% derive: equation") + "\n"
    assert second.text == (
        "\nx = (A^TA)^{-1}A^Tb \\quad 5\\% "
        + " " * len("% the solution")
        + "\n"
        + " " * len("% derive: solution")
        + "\n"
    )
    assert second.position(second.text.index("5\\%") + 2) == (15, 29)


@pytest.mark.parametrize(
    ("source", "text", "markers"),
    [
        (
            "$$ a = b % derive: equation $$",
            " a = b " + " " * len("% derive: equation "),
            ("equation",),
        ),
        (
            "$$ a = b %derive:Equation, solution\n$$",
            " a = b " + " " * len("%derive:Equation, solution") + "\n",
            ("equation", "solution"),
        ),
        ("$$ a = b \\% c $$", " a = b \\% c ", ()),
        (
            "$$ a = b % derive: x \\in R^n\n$$",
            " a = b " + " " * len("% derive: x \\in R^n") + "\n",
            (),
        ),
        ("<!-- derive: equation -->\n\n$$ a = b $$", " a = b ", ("equation",)),
        ("<!-- derive: equation --> $a = b$", "a = b", ("equation",)),
        ("<!-- derive: equation -->\n```math\na = b\n```", "a = b", ("equation",)),
        ("<!-- derive: x \\in R^n -->\n$$ a = b $$", " a = b ", ()),
        ("<!-- derive: equation -->\nso\n$$ a = b $$", " a = b ", ()),
        ("<!-- note: equation -->\n$$ a = b $$", " a = b ", ()),
        (
            "$a = b % derive: equation$",
            "a = b " + " " * len("% derive: equation"),
            ("equation",),
        ),
    ],
)
def test_markers(source: str, text: str, markers: tuple[str, ...]) -> None:
    (block,) = documents.read_markdown(source).blocks
    assert (block.text, block.markers) == (text, markers)


def test_marker_applies_to_the_next_block_only() -> None:
    document = documents.read_markdown("<!-- derive: equation -->\n$$ a $$ $$ b $$")
    assert [block.markers for block in document.blocks] == [("equation",), ()]


@pytest.mark.parametrize(
    ("source", "comments", "line", "lead_in"),
    [
        ("---\nderive: {A: R^n}\n---\n$$ a $$", ((2, "derive: {A: R^n}"),), 4, ""),
        ("---\ntitle: x\n---\n$$ a $$", (), 4, ""),
        ("---\ntitle: x\n...\n$$ a $$", (), 4, ""),
        ("---\n---\n$$ a $$", (), 3, ""),
        ("text\n---\nderive: no\n---\n$$ a $$", (), 5, "text derive: no"),
        ("---\nno end $$ a $$", (), 2, "no end"),  # without a closing line: a rule
        (
            "<!--\n  derive: A \\in R^n\n-->\n$$ a $$",
            ((2, "derive: A \\in R^n"),),
            4,
            "",
        ),
    ],
)
def test_front_matter_and_html_comments(
    source: str, comments: tuple[tuple[int, str], ...], line: int, lead_in: str
) -> None:
    document = documents.read_markdown(source)
    assert document.comments == comments
    found = [(block.line, block.lead_in) for block in document.blocks]
    assert found == [(line, lead_in)]


# -- lead-in -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "lead_in"),
    [
        (
            "**Setting** the [gradient](https://x.org/g) to _zero_:\n$$ a $$",
            "Setting the gradient to zero:",
        ),
        ("# Heading\n\n- or, *equivalently*,\n\n$$ a $$", "Heading or, equivalently,"),
        ("> 1. we <em>solve</em>\n$$ a $$", "we solve"),
        ("snake_case and a | b\n\n---\n\n$$ a $$", "snake_case and a b"),
        ("Title\n=====\n$$ a $$", "Title"),
        ("use `solve()` here\n$$ a $$", "use solve() here"),
        ("an escaped \\*star\\*\n$$ a $$", "an escaped *star*"),
        (
            "$$ a $$\n\n<!-- hidden -->\n\nsetting   it\n\n\nto zero\n$$ b $$",
            "setting it to zero",
        ),
    ],
)
def test_lead_in_is_plain_text(source: str, lead_in: str) -> None:
    assert documents.read_markdown(source).blocks[-1].lead_in == lead_in


def test_lead_in_keeps_the_last_words() -> None:
    words = " ".join(f"word{number}" for number in range(100))
    (block,) = documents.read_markdown(f"{words} or equivalently\n$$ a $$").blocks
    assert len(block.lead_in) <= documents.LEAD_IN_LIMIT
    assert block.lead_in.endswith("word99 or equivalently")
    assert block.lead_in.split(" ")[0] in words.split(" ")


# -- line endings --------------------------------------------------------------


def test_crlf_and_bom_do_not_shift_positions() -> None:
    document = documents.read_markdown("\ufeffLet $x$ be\r\n\r\n$$\r\ny = x\r\n$$\r\n")
    assert document.source == "Let $x$ be\n\n$$\ny = x\n$$\n"
    assert [(block.line, block.column, block.text) for block in document.blocks] == [
        (1, 6, "x"),
        (3, 3, "\ny = x\n"),
    ]
    assert document.blocks[1].position(1) == (4, 1)


# -- errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        (
            "Intro\n\n$$ x = y\n",
            3,
            1,
            "unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)",
        ),
        (
            "text\n$$ x = y\n\nmore $$ z $$\n",
            2,
            1,
            "unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)",
        ),
        (
            "$$ a $$ and $$ b",
            1,
            13,
            "unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)",
        ),
        (
            "so \\[\n  x = y\n",
            1,
            4,
            "unterminated display math: `\\[` opened here is never closed "
            "(close it with `\\]` before the next blank line)",
        ),
        (
            "\\[ x \\\\]\n",
            1,
            1,
            "unterminated display math: `\\[` opened here is never closed "
            "(close it with `\\]` before the next blank line)",
        ),
        (
            "text\n\n  ```math\nx = y\n",
            3,
            3,
            "unterminated math fence: ``` opened here is never closed "
            "(add a line ``` after the math)",
        ),
    ],
)
def test_unterminated_math_is_reported_and_the_rest_still_read(
    source: str, line: int, column: int, message: str
) -> None:
    document = documents.read_markdown(source + "\n\nAfter it, $$ y = z $$\n", path="notes.md")
    assert document.unclosed[0] == documents.Unclosed(line, column, message)
    if "```" not in source:  # an unclosed math fence runs to the end, as a code fence does
        assert document.unclosed == (documents.Unclosed(line, column, message),)
        assert document.blocks[-1].text.strip() == "y = z"


def test_an_unterminated_html_comment_is_an_error() -> None:
    with pytest.raises(documents.DocumentError) as caught:
        documents.read_markdown("a\n<!-- derive: x\n\n$$ a $$", path="notes.md")
    assert str(caught.value) == (
        "notes.md:2:1: unterminated HTML comment: `<!--` opened here is never closed (close it with `-->`)"
    )


def test_an_unterminated_file_names_the_opener_and_reads_on() -> None:
    document = documents.load(DATA / "unterminated.md")
    assert document.unclosed == (
        documents.Unclosed(
            5, 3, "unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)"
        ),
    )
    assert [block.text for block in document.blocks] == [" prose "]


# -- loading -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".txt", ".MD"])
def test_load_markdown_suffixes(tmp_path: pathlib.Path, suffix: str) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text("Let $x$ be\n", encoding="utf-8")
    document = documents.load(path)
    assert document.path == str(path)
    assert [block.text for block in document.blocks] == ["x"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "notes.pdf",
            "unknown document type ('.pdf'); "
            "expected a file ending in .ipynb, .markdown, .md, .tex, .txt",
        ),
        (
            "notes",
            "unknown document type (no suffix); "
            "expected a file ending in .ipynb, .markdown, .md, .tex, .txt",
        ),
        ("missing.md", "cannot read the file: No such file or directory"),
    ],
)
def test_load_refuses_what_it_cannot_read(
    tmp_path: pathlib.Path, name: str, message: str
) -> None:
    path = tmp_path / name
    if not name.endswith(".md"):
        path.write_text("$x$", encoding="utf-8")
    with pytest.raises(documents.DocumentError) as caught:
        documents.load(path)
    error = caught.value
    found = (error.path, error.line, error.column, error.message)
    assert found == (str(path), None, None, message)
    assert str(error) == f"{path}: {message}"


def test_load_refuses_invalid_utf8_with_its_position(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Title\n\nPr\u00e9cis $x$\n".encode("utf-8") + b"caf\xe9\n")
    with pytest.raises(documents.DocumentError) as caught:
        documents.load(path)
    error = caught.value
    assert (error.line, error.column) == (4, 4)
    assert error.message == (
        "the file is not valid UTF-8: byte 0xe9 cannot be decoded; "
        "save the file as UTF-8"
    )


# -- bare LaTeX environments ---------------------------------------------------

ENVIRONMENT_NAMES = [
    "equation",
    "align",
    "gather",
    "multline",
    "eqnarray",
    "flalign",
    "displaymath",
    "aligned",
    "gathered",
    "multlined",
]


@pytest.mark.parametrize("star", ["", "*"])
@pytest.mark.parametrize("name", ENVIRONMENT_NAMES)
def test_bare_environments_are_display_blocks(name: str, star: str) -> None:
    opener = f"\\begin{{{name}{star}}}"
    source = f"so\n{opener}\na &= b \\\\\n  &= c\n\\end{{{name}{star}}}\n"
    document = documents.read_markdown(source)
    found = [
        (block.text, block.line, block.column, block.display)
        for block in document.blocks
    ]
    assert found == [("\na &= b \\\\\n  &= c\n", 2, len(opener) + 1, True)]
    assert document.blocks[0].lead_in == "so"
    assert_positions_exact(document)


@pytest.mark.parametrize(
    ("source", "blocks"),
    [
        (  # alignat's column count is not in the text
            "\\begin{alignat}{2}\na &= b &\\quad c &= d\n\\end{alignat}",
            [("\na &= b &\\quad c &= d\n", 1, 19, True)],
        ),
        (
            "\\begin{alignat*} {3} a &= b \\end{alignat*}",
            [(" a &= b ", 1, 21, True)],
        ),
        (
            "\\begin{alignedat}[t]{2} a &= b \\end{alignedat}",
            [(" a &= b ", 1, 24, True)],
        ),
        (  # in the middle of a line, with inline math before it
            "with $x$ so \\begin{equation} x = y \\end{equation} here $z$",
            [("x", 1, 7, False), (" x = y ", 1, 29, True), ("z", 1, 57, False)],
        ),
        (  # indented by two spaces
            "Text\n\n  \\begin{align}\n  a &= b\n  \\end{align}\n",
            [("\n  a &= b\n  ", 3, 16, True)],
        ),
        (  # directly after a paragraph line
            "We expand\n\\begin{align*}\na &= b\n\\end{align*}\nand stop.",
            [("\na &= b\n", 2, 15, True)],
        ),
        (  # in a list item
            "- an item\n  \\begin{gather}\n  a = b\n  \\end{gather}\n- next",
            [("\n  a = b\n  ", 2, 17, True)],
        ),
        (  # in a block quote: the `>` of its lines are blanked
            "> \\begin{align}\n> a &= b \\\\\n>   &= c\n> \\end{align}\n",
            [("\n  a &= b \\\\\n    &= c\n  ", 1, 16, True)],
        ),
        (  # an `\end` that does not match is part of the body
            "\\begin{align}\\end{aligned}a\\end{align}",
            [("             a", 1, 14, True)],
        ),
        (  # a `%` comment does not close it, and is blanked
            "\\begin{align}a % \\end{align}\n\\end{align}",
            [("a " + " " * len("% \\end{align}") + "\n", 1, 14, True)],
        ),
        (  # CRLF line endings
            "a\r\n\\begin{equation*}\r\nx = y\r\n\\end{equation*}\r\n",
            [("\nx = y\n", 2, 18, True)],
        ),
        (  # environments inside other display math: markers blanked
            "$$\\begin{align} a &= b \\end{align}$$",
            [(" " * 13 + " a &= b " + " " * 11, 1, 3, True)],
        ),
        (
            "\\[ \\begin{equation*} a = b \\end{equation*} \\]",
            [(" " + " " * 17 + " a = b " + " " * 15 + " ", 1, 3, True)],
        ),
        (
            "```math\n\\begin{aligned}\na &= b\n\\end{aligned}\n```",
            [(" " * 15 + "\na &= b\n" + " " * 13, 2, 1, True)],
        ),
        (
            "$$\n\\begin{array}{rcl}\nx & = & y\n\\end{array}\n$$",
            [("\n" + " " * 18 + "\nx & = & y\n" + " " * 11 + "\n", 1, 3, True)],
        ),
        (
            "$$\\eqalign{ a &= b \\\\ &= c }$$",
            [(" " * 9 + " a &= b \\\\ &= c " + " ", 1, 3, True)],
        ),
        (  # cases stays: the parser reports it, the claim is shown unchecked
            "$$ f = \\begin{cases} 1 & x \\\\ 0 \\end{cases} $$",
            [(" f = \\begin{cases} 1 & x \\\\ 0 \\end{cases} ", 1, 3, True)],
        ),
        (  # inline math keeps its markers' rows too
            "$\\begin{aligned}a\\end{aligned}$",
            [(" " * 15 + "a" + " " * 13, 1, 2, False)],
        ),
    ],
)
def test_environment_forms(
    source: str, blocks: list[tuple[str, int, int, bool]]
) -> None:
    document = documents.read_markdown(source)
    found = [
        (block.text, block.line, block.column, block.display)
        for block in document.blocks
    ]
    assert found == blocks
    assert_positions_exact(document)


@pytest.mark.parametrize(
    "source",
    [
        "`\\begin{align}a = b\\end{align}`",  # inline code
        "```\n\\begin{align}\na = b\n\\end{align}\n```",  # a code fence
        "text\n\n    \\begin{align}\n    a = b\n    \\end{align}\n",  # indented code
        "<!-- \\begin{align} a = b \\end{align} -->",  # an HTML comment
        "\\\\begin{align} a = b \\end{align}",  # an escaped backslash
        "\\begin{bmatrix} a \\\\ b \\end{bmatrix}",  # not an environment of rows
        "\\begin{cases} a & b \\end{cases}",
        "\\begin{itemize} a = b \\end{itemize}",
        "\\end{align} alone",
    ],
)
def test_environments_that_are_not_math(source: str) -> None:
    assert documents.read_markdown(source).blocks == ()


def test_environment_markers_and_continuation() -> None:
    source = (
        "$$ a = b $$\n<!-- derive: equation -->\n\\begin{align}\n&= c\n\\end{align}"
    )
    document = documents.read_markdown(source)
    assert [(block.markers, block.continues) for block in document.blocks] == [
        ((), False),
        (("equation",), True),
    ]


def test_environments_file() -> None:
    document = documents.load(DATA / "environments.md")
    found = [
        (block.line, block.column, block.lead_in, block.text)
        for block in document.blocks
    ]
    assert found == [
        (
            4,
            14,
            "Bare environments Transposing a product,",
            "\n(AB)^T &= B^TA^T \\\\\n       &= B^T(A^T) \\nonumber\n",
        ),
        (9, 20, "", "\n  x = y \\tag{1}\n  "),
        (14, 17, "an item:", "\n  a = b\n  "),
        (18, 28, "quoted", "\n  a &= b &\\quad c &= d\n  "),
        (
            22,
            3,
            "",
            "\n" + " " * len(r"\begin{eqnarray}") + "\np & = & q\n"
            + " " * len(r"\end{eqnarray}") + "\n",
        ),
    ]
    assert all(block.display for block in document.blocks)
    assert_positions_exact(document)


@pytest.mark.parametrize(
    ("source", "line", "column", "name"),
    [
        ("so\n\\begin{align}\na &= b\n", 2, 1, "align"),
        ("\\begin{align}\na = b\n\nc\n\\end{align}", 1, 1, "align"),  # a blank line
        ("\\begin{equation}x\\end{align}", 1, 1, "equation"),
        ("text\n\n  \\begin{gather*}\n  a\n", 3, 3, "gather*"),
        ("> \\begin{align}\n> a\n>\n> \\end{align}", 1, 3, "align"),  # a quoted blank
        ("a $x$ \\begin{alignat}{2} a", 1, 7, "alignat"),
    ],
)
def test_unterminated_environment_is_reported_and_the_rest_still_read(
    source: str, line: int, column: int, name: str
) -> None:
    document = documents.read_markdown(source + "\n\nAfter it, $$ y = z $$\n", path="notes.md")
    message = (
        f"unterminated environment: `\\begin{{{name}}}` opened here is never "
        f"closed (close it with `\\end{{{name}}}` before the next blank line)"
    )
    assert document.unclosed[0] == documents.Unclosed(line, column, message)
    assert document.blocks[-1].text.strip() == "y = z"


# -- block quotes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "blocks"),
    [
        ("> $$\n> a = b\n> $$", [("\n  a = b\n  ", 1, 5, True)]),
        ("> > $$\n> > a = b\n> > $$", [("\n    a = b\n    ", 1, 7, True)]),
        ("> so \\[\n> a = b \\]", [("\n  a = b ", 1, 8, True)]),
        ("> ```math\n> a = b\n> c = d\n> ```\n", [("a = b\n  c = d", 2, 3, True)]),
        ("> ```math\n> a = b\nlazy $x$\n", [("a = b", 2, 3, True), ("x", 3, 7, False)]),
        ("> ```python\n> $a$\n> ```\n$b$", [("b", 4, 2, False)]),
        ("$$ a\n> b $$", [(" a\n> b ", 1, 3, True)]),  # not in a quote: kept
    ],
)
def test_math_in_block_quotes(
    source: str, blocks: list[tuple[str, int, int, bool]]
) -> None:
    document = documents.read_markdown(source)
    found = [
        (block.text, block.line, block.column, block.display)
        for block in document.blocks
    ]
    assert found == blocks
    assert_positions_exact(document)


def test_a_blank_quoted_line_ends_display_math() -> None:
    document = documents.read_markdown("> $$ a\n>\n> b $$", path="notes.md")
    assert [(problem.line, problem.column) for problem in document.unclosed] == [(1, 3), (3, 5)]


# -- a closing dollar after a space -------------------------------------------


@pytest.mark.parametrize(
    ("source", "texts"),
    [
        # clearly math: the closing `$` after a space closes it
        ("$x^Tx = \\|x\\|^2 $", ["x^Tx = \\|x\\|^2 "]),
        ("so $\\alpha $.", ["\\alpha "]),
        ("$x_1 $ and $y$", ["x_1 ", "y"]),
        ("$A \\in \\mathbb{R}^{n} $, then", ["A \\in \\mathbb{R}^{n} "]),
        ("It costs $5 and $x^2 $.", ["x^2 "]),
        ("$\\|x\\| $\t", ["\\|x\\| "]),
        # not clearly math: text, as before
        ("$b $", []),
        ("$x + y $ here", []),
        ("$5^2 $", []),  # currency: the math starts with a digit
        ("$ x^2 $", []),  # the opening `$` is followed by a space
        ("$HOME_DIR and $PATH", []),  # the closing `$` is followed by a letter
        ("$x^2 $5", []),  # ... or by a digit
        ("\\$x^2 $", []),  # an escaped dollar opens nothing
    ],
)
def test_closing_dollar_after_a_space(source: str, texts: list[str]) -> None:
    document = documents.read_markdown(source)
    assert [block.text for block in document.blocks] == texts


# -- macro definitions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "definitions"),
    [
        (
            "Let \\newcommand{\\tr}{\\operatorname{tr}} be.\n$$ \\tr(A) $$",
            ((1, 5, "\\newcommand{\\tr}{\\operatorname{tr}}"),),
        ),
        (
            "# Macros\n\n\\DeclareMathOperator{\\Tr}{Tr}\n\\def\\x{\\mathbf x}",
            ((3, 1, "\\DeclareMathOperator{\\Tr}{Tr}"), (4, 1, "\\def\\x{\\mathbf x}")),
        ),
        (
            "- \\newcommand{\\norm}[1]{%\n  \\left\\|#1\\right\\|}",
            (
                (
                    1,
                    3,
                    "\\newcommand{\\norm}[1]{ \n  \\left\\|#1\\right\\|}",
                ),
            ),
        ),
        ("`\\newcommand{\\a}{b}`", ()),  # inline code
        ("```\n\\newcommand{\\a}{b}\n```", ()),  # a code fence
        ("<!-- \\newcommand{\\a}{b} -->", ()),
        ("$\\newcommand{\\a}{b} \\a$", ()),  # inside math: left in the block
        ("use \\newcommand to define a macro", ()),  # prose about it
        ("\\\\def\\x{x}", ()),  # an escaped backslash
    ],
)
def test_definitions_in_prose(
    source: str, definitions: tuple[tuple[int, int, str], ...]
) -> None:
    document = documents.read_markdown(source)
    assert document.definitions == definitions


def test_a_definition_is_not_prose_and_math_keeps_its_own() -> None:
    source = "Let \\def\\x{\\mathbf x} be\n$$ \\newcommand{\\y}{y} \\x = \\y $$"
    document = documents.read_markdown(source)
    (block,) = document.blocks
    assert block.text == " \\newcommand{\\y}{y} \\x = \\y "
    assert block.lead_in == "Let be"
    assert document.definitions == ((1, 5, "\\def\\x{\\mathbf x}"),)


# -- \( … \) inline math ----------------------------------------------------------------------------


def test_backslash_parentheses_are_inline_math_at_exact_positions() -> None:
    source = "Let \\( x \\in \\mathbb{R}^n \\) and \\(A\\in\\mathbb{R}^{n\\times n}\\), an escaped \\( paren.\n\n\\[ x = x \\]\n"
    document = documents.read_markdown(source, path="a.md")
    found = [(block.display, block.text, block.line, block.column) for block in document.blocks]
    assert found == [
        (False, " x \\in \\mathbb{R}^n ", 1, 7),
        (False, "A\\in\\mathbb{R}^{n\\times n}", 1, 36),
        (True, " x = x ", 3, 3),
    ]  # the \( with no \) in its paragraph stays Markdown's escaped parenthesis
    assert_positions_exact(document)


def test_a_display_environment_wrapped_in_backslash_parentheses_is_a_display() -> None:
    source = "\\(\\begin{align} a &= b \\\\\n&= c\\end{align}\\)\n"
    (block,) = documents.read_markdown(source, path="a.md").blocks
    assert block.display and block.line == 1 and block.column == 3
