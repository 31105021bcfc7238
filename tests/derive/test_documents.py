"""Tests for derive.documents: math blocks and their exact source positions."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from derive import documents, errors

DATA = pathlib.Path(__file__).parents[1] / "data" / "documents"
CORPUS = pathlib.Path(__file__).parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "docs").is_dir(), reason=f"the shared corpus is absent ({CORPUS})"
)


def display_blocks(document: documents.Document) -> list[documents.Block]:
    return [block for block in document.blocks if block.display]


def inline_blocks(document: documents.Document) -> list[documents.Block]:
    return [block for block in document.blocks if not block.display]


def assert_positions_exact(document: documents.Document) -> None:
    """Every character of every block's text sits where `position` says it does.

    Characters of LaTeX comments are blanked in `text`; they must map onto the
    comment in the source.
    """
    lines = document.source.split("\n")
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            source_line = lines[line - 1]
            if char == "\n":
                assert column == len(source_line) + 1, (block, offset)
            elif char != source_line[column - 1]:
                assert char == " " and "%" in source_line[:column], (block, offset)


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
            "\n\\begin{aligned}\nf(x) &= (Ax-b)^T(Ax-b) \\\\\n"
            "     &= x^TA^TAx - 2b^TAx + b^Tb\n\\end{aligned}\n",
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
        (0, r"\begin", (6, 1)),
        (0, "f(x)", (7, 1)),
        (0, "x^TA^TAx", (8, 9)),
        (0, r"\end", (9, 1)),
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
        (
            "a\n<!-- derive: x\n\n$$ a $$",
            2,
            1,
            "unterminated HTML comment: `<!--` opened here is never closed "
            "(close it with `-->`)",
        ),
    ],
)
def test_unterminated_math_is_an_error(
    source: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(documents.DocumentError) as caught:
        documents.read_markdown(source, path="notes.md")
    error = caught.value
    assert (error.path, error.line, error.column, error.message) == (
        "notes.md",
        line,
        column,
        message,
    )
    assert str(error) == f"notes.md:{line}:{column}: {message}"


def test_unterminated_file_names_the_opener() -> None:
    path = DATA / "unterminated.md"
    with pytest.raises(documents.DocumentError) as caught:
        documents.load(path)
    assert str(caught.value) == (
        f"{path}:5:3: unterminated display math: `$$` opened here is never closed "
        "(close it with `$$` before the next blank line)"
    )


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


# -- LaTeX ---------------------------------------------------------------------

INNER_MARKER = re.compile(r"\\(?:begin|end)\{(?:aligned|alignedat|split|gathered)\}")


def assert_latex_positions_exact(document: documents.Document) -> None:
    """As `assert_positions_exact`, where a blank may also stand for a character
    of a `\\begin{aligned}`-like marker nested in math."""
    lines = document.source.split("\n")
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            source_line = lines[line - 1]
            if char == "\n":
                assert column == len(source_line) + 1, (block, offset)
            elif char != source_line[column - 1]:
                inside_marker = any(
                    marker.start() < column <= marker.end()
                    for marker in INNER_MARKER.finditer(source_line)
                )
                in_comment = "%" in source_line[:column]
                assert char == " " and (inside_marker or in_comment), (block, offset)


ALIGNED_BODY = (
    "\n"
    + "  " + " " * len(r"\begin{aligned}") + "\n"
    + "    x &= (A^TA)^{-1}A^Tb " + " " * len("% derive: solution") + "\n"
    + "  " + " " * len(r"\end{aligned}") + "\n"
)

LEAST_SQUARES_TEX = [
    # line, column, display, continues, markers, text
    (8, 6, False, False, (), r"A \in \mathbb{R}^{k \times n}"),
    (8, 48, False, False, (), "a_i^T"),
    (8, 57, False, False, (), r"b \in \mathbb{R}^{k}"),
    (9, 7, False, False, (), r"x \in \mathbb{R}^{n}"),  # \( ... \)
    (  # equation
        11,
        17,
        True,
        False,
        (),
        "\n  f_0(x)=\\left\\|Ax-b \\right\\|_2^2=\\sum_{i=1}^{k}(a_i^Tx-b_i)^2"
        " \\label{eq:objective}\n",
    ),
    (  # align*: one block, rows kept with their `\\` and `&=`
        15,
        15,
        True,
        False,
        (),
        "\n  f(x) &= \\left\\| Ax-b\\right\\|_2^2 = (Ax-b)^T(Ax-b) \\\\\n"
        "       &= ((Ax)^T-b^T)(Ax-b) \\\\ "
        + " " * len("% transpose of a difference")
        + "\n       &= x^TA^TAx-b^TAx-x^TA^Tb+b^Tb \\\\\n"
        "       &= x^TA^TAx-2b^TAx+b^Tb\n",
    ),
    (  # gather
        22,
        15,
        True,
        False,
        (),
        "\n  \\triangledown(x^TA^TAx)=2A^TAx \\\\\n"
        "  \\triangledown(b^TAx)=A^Tb \\\\\n"
        "  \\triangledown(x^TA^Tb)=A^Tb\n",
    ),
    (28, 3, True, False, (), r" \triangledown f(x)=2A^TAx-A^Tb-A^Tb=2A^TAx-2A^Tb "),
    (31, 3, True, False, ("equation",), r" \triangledown f(x)=0 "),  # $$, marked
    (33, 17, True, False, (), "\n  A^TAx=A^Tb\n"),  # multline
    (36, 14, False, False, (), r"\operatorname{rank}(A) = n"),
    (37, 17, True, False, ("solution",), ALIGNED_BODY),  # equation > aligned
    (43, 18, True, True, (), "\n  = 2A^TA \\succeq 0\n"),  # equation*
]


def test_latex_blocks() -> None:
    document = documents.load(DATA / "least_squares.tex")
    found = [
        (
            block.line,
            block.column,
            block.display,
            block.continues,
            block.markers,
            block.text,
        )
        for block in document.blocks
    ]
    assert found == LEAST_SQUARES_TEX
    assert {block.cell for block in document.blocks} == {None}
    assert_latex_positions_exact(document)


def test_latex_declaration_comments_anywhere() -> None:
    document = documents.load(DATA / "least_squares.tex")
    assert document.comments == (
        (3, r"derive: A \in \mathbb{R}^{k \times n}"),  # the preamble
        (9, r"derive: b \in \mathbb{R}^{k}"),  # prose
        (54, r"derive: x \in \mathbb{R}^{n}"),  # after \end{document}
    )


@pytest.mark.parametrize(
    ("line", "needle", "position"),
    [
        (15, "f(x)", (16, 3)),
        (15, "&= ((Ax)", (17, 8)),
        (15, "\\\\ ", (17, 30)),  # the row break before the blanked comment
        (15, "&= x^TA^TAx-2b", (19, 8)),
        (22, r"\triangledown(b^TAx)", (24, 3)),
        (37, "x &=", (39, 5)),
        (43, "=", (44, 3)),
    ],
)
def test_latex_positions(line: int, needle: str, position: tuple[int, int]) -> None:
    document = documents.load(DATA / "least_squares.tex")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.position(block.text.index(needle)) == position


@pytest.mark.parametrize(
    ("line", "position"),
    [(11, (13, 1)), (15, (20, 1)), (28, (28, 53)), (31, (31, 25)), (37, (41, 1))],
)
def test_latex_position_past_the_end_is_the_closer(
    line: int, position: tuple[int, int]
) -> None:
    document = documents.load(DATA / "least_squares.tex")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.position(len(block.text)) == position


@pytest.mark.parametrize(
    ("line", "lead_in"),
    [
        (15, "Writing the norm as an inner product and expanding,"),
        (22, "Differentiating term by term (see ),"),  # \eqref{...} dropped
        (28, "so that"),
        (31, "A minimiser makes the gradient vanish, so we solve"),
        (33, "or equivalently"),
        (37, r"which, when \operatorname{rank}(A) = n, has the unique solution"),
        (
            43,
            "The Hessian is positive semidefinite for 100% of inputs, "
            "so this is a global minimum:",
        ),
    ],
)
def test_latex_lead_ins(line: int, lead_in: str) -> None:
    document = documents.load(DATA / "least_squares.tex")
    (block,) = [block for block in display_blocks(document) if block.line == line]
    assert block.lead_in == lead_in


def test_latex_first_lead_in_starts_after_the_preamble() -> None:
    document = documents.load(DATA / "least_squares.tex")
    assert document.blocks[0].lead_in == "Least squares from first principles Let"
    assert display_blocks(document)[0].lead_in == (
        r"Least squares from first principles Let A \in \mathbb{R}^{k \times n} "
        r"with rows a_i^T, b \in \mathbb{R}^{k}, and x \in \mathbb{R}^{n}. "
        "The least-squares objective is"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # environments: (line, column, display, text)
        ("\\begin{equation}a=b\\end{equation}", [(1, 17, True, "a=b")]),
        ("\\begin{align}a&=b\\end{align}", [(1, 14, True, "a&=b")]),
        ("\\begin{gather*}a\\\\b\\end{gather*}", [(1, 16, True, "a\\\\b")]),
        ("\\begin{multline*}\na\n\\end{multline*}", [(1, 18, True, "\na\n")]),
        ("\\begin{eqnarray}a&=&b\\end{eqnarray}", [(1, 17, True, "a&=&b")]),
        ("\\begin{alignat}{2}a&=b\\end{alignat}", [(1, 19, True, "a&=b")]),
        ("\\begin {align*}a\\end {align*}", [(1, 16, True, "a")]),
        ("so \\begin{math}a\\end{math}", [(1, 16, False, "a")]),
        ("\\begin{itemize}\\item $a$\\end{itemize}", [(1, 23, False, "a")]),
        # delimiters
        ("\\[a\\] and \\(b\\)", [(1, 3, True, "a"), (1, 13, False, "b")]),
        ("$$a$$ and $b$", [(1, 3, True, "a"), (1, 12, False, "b")]),
        ("$a\n b$", [(1, 2, False, "a\n b")]),  # inline math may span lines
        ("$a$$b$", [(1, 2, False, "a"), (1, 5, False, "b")]),
        ("\\[ a \\\\ b \\]", [(1, 3, True, " a \\\\ b ")]),
        # escapes and comments
        ("It costs \\$5, not $x$.", [(1, 20, False, "x")]),
        ("\\\\$x$", [(1, 4, False, "x")]),  # a row break, then math
        ("$a = 5\\%$ % $b$", [(1, 2, False, "a = 5\\%")]),
        ("% $a$\n$b$", [(2, 2, False, "b")]),
        ("$$ a % $$ c\n= b $$", [(1, 3, True, " a " + " " * len("% $$ c") + "\n= b ")]),
        (
            "\\begin{align} a % \\end{align}\n\\end{align}",
            [(1, 14, True, " a " + " " * len("% \\end{align}") + "\n")],
        ),
        # what is skipped
        ("\\begin{verbatim}\n$a$\n\\end{verbatim} $b$", [(3, 17, False, "b")]),
        ("\\begin{verbatim*}$a$\\end{verbatim*}$b$", [(1, 37, False, "b")]),
        ("\\begin{lstlisting}$a$\\end{lstlisting}", []),
        ("\\begin{minted}{python}\nx = '$a$'\n\\end{minted}", []),
        ("\\begin{comment}$a$\\end{comment}", []),
        ("\\verb|$a$| $b$ \\verb*+$c$+", [(1, 13, False, "b")]),
        ("\\lstinline{$a$} $b$", [(1, 18, False, "b")]),
        ("\\iffalse $a$ \\fi $b$", [(1, 19, False, "b")]),
        ("\\iffalse \\ifx\\a\\b $a$ \\fi $b$ \\fi $c$", [(1, 36, False, "c")]),
        ("\\iffalse $a \\iff b$ \\fi $c$", [(1, 26, False, "c")]),
        # the preamble and what follows \end{document}
        ("\\documentclass{article}\n$a$\n\\begin{document}\n$b$", [(4, 2, False, "b")]),
        ("% \\begin{document}\n$a$", [(2, 2, False, "a")]),
        ("\\begin{document}$a$\\end{document}\n$b$", [(1, 18, False, "a")]),
    ],
)
def test_latex_math(source: str, expected: list[tuple[int, int, bool, str]]) -> None:
    document = documents.read_latex(source)
    found = [
        (block.line, block.column, block.display, block.text)
        for block in document.blocks
    ]
    assert found == expected
    assert_latex_positions_exact(document)


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (
            "\\begin{aligned}a&=b\\end{aligned}",
            " " * 15 + "a&=b" + " " * 13,
        ),
        (
            "\\begin{split}a\\\\&=b\\end{split}",
            " " * 13 + "a\\\\&=b" + " " * 11,
        ),
        (
            "\\begin{aligned}[t]a\\end{aligned}",
            " " * 18 + "a" + " " * 13,
        ),
        (
            "\\begin{alignedat}{2}a\\end{alignedat}",
            " " * 20 + "a" + " " * 15,
        ),
        ("\\begin{gathered}a\\end{gathered}", " " * 16 + "a" + " " * 14),
        ("\\begin{pmatrix}a\\end{pmatrix}", "\\begin{pmatrix}a\\end{pmatrix}"),
        ("a\\\\begin{aligned}", "a\\\\begin{aligned}"),  # a row break, then words
    ],
)
def test_nested_environment_markers_are_blanked(body: str, text: str) -> None:
    for source in (
        f"\\begin{{equation}}{body}\\end{{equation}}",
        f"\\[{body}\\]",
        f"${body}$",
    ):
        (block,) = documents.read_latex(source).blocks
        assert block.text == text


@pytest.mark.parametrize(
    ("source", "markers", "comments"),
    [
        ("% derive: equation\n\\[ a = b \\]", ("equation",), ()),
        ("% derive: equation\n\n\\begin{align}a\\end{align}", ("equation",), ()),
        ("% derive: equation\n% a plain note\n$$ a $$", ("equation",), ()),
        (
            "% derive: equation\n%derive: Solution, skip\n\\[ a \\]",
            ("equation", "solution", "skip"),
            (),
        ),
        ("\\[ a = b % derive: equation\n\\]", ("equation",), ()),
        ("\\[ a % derive: equation\n% derive: equation\n\\]", ("equation",), ()),
        ("% derive: equation\nso \\[ a \\]", (), ()),
        ("% derive: equation\n\\[ a \\] \\[ b \\]", ("equation",), ()),
        ("% not derive: equation\n\\[ a \\]", (), ()),
        ("\\% derive: equation\n\\[ a \\]", (), ()),
        (
            "% derive: x \\in \\mathbb{R}^n\n\\[ a \\]",
            (),
            ((1, "derive: x \\in \\mathbb{R}^n"),),
        ),
        (
            "\\[ a\n  %  derive: W = W^T\n\\]",
            (),
            ((2, "derive: W = W^T"),),
        ),
    ],
)
def test_latex_markers_and_comments(
    source: str, markers: tuple[str, ...], comments: tuple[tuple[int, str], ...]
) -> None:
    document = documents.read_latex(source)
    assert document.blocks[0].markers == markers
    assert all(block.markers == () for block in document.blocks[1:])
    assert document.comments == comments


@pytest.mark.parametrize(
    ("source", "lead_in"),
    [
        (
            "\\section{Setting} the \\emph{gradient} to zero:\n\\[a\\]",
            "Setting the gradient to zero:",
        ),
        ("\\section*{Title}\\label{sec:t} text~here\\[a\\]", "Title text here"),
        ("\\textbf{\\emph{Solve}} \\cite[p.~3]{boyd} it\\[a\\]", "Solve it"),
        ("\\begin{theorem}[Normal] We solve\\[a\\]", "[Normal] We solve"),
        ("50\\% of \\{x\\} \\& y\\\\z\\[a\\]", "50% of {x} & y z"),
        ("a % hidden\nb\\[a\\]", "a b"),
        ("uses \\verb|solve()| here\\[a\\]", "uses solve() here"),
        ("\\[a\\] then\n\n\\begin{verbatim}x\\end{verbatim}\nso\\[b\\]", "then so"),
    ],
)
def test_latex_lead_in_is_plain_text(source: str, lead_in: str) -> None:
    assert documents.read_latex(source).blocks[-1].lead_in == lead_in


def test_latex_crlf_and_bom_do_not_shift_positions() -> None:
    source = "\ufeffLet $x$\r\n\\begin{align*}\r\na &= b\r\n\\end{align*}"
    document = documents.read_latex(source)
    assert [(block.line, block.column, block.text) for block in document.blocks] == [
        (1, 6, "x"),
        (2, 15, "\na &= b\n"),
    ]


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        (
            "Intro\n\n\\begin{align}\na &= b \\\\\n  &= c\n",
            3,
            1,
            "unterminated environment: `\\begin{align}` opened here is never "
            "closed (close it with `\\end{align}`)",
        ),
        (
            "so \\begin{align*} a \\end{align}",
            1,
            4,
            "unterminated environment: `\\begin{align*}` opened here is never "
            "closed (close it with `\\end{align*}`)",
        ),
        (
            "\\begin{document}\n\\begin{equation}a\n\\end{document}\n\\end{equation}",
            2,
            1,
            "unterminated environment: `\\begin{equation}` opened here is never "
            "closed (close it with `\\end{equation}`)",
        ),
        (
            "\\begin{verbatim}\n$a$",
            1,
            1,
            "unterminated environment: `\\begin{verbatim}` opened here is never "
            "closed (close it with `\\end{verbatim}`)",
        ),
        (
            "text \\[ x = y\n\nmore",
            1,
            6,
            "unterminated display math: `\\[` opened here is never closed "
            "(close it with `\\]` before the next blank line)",
        ),
        (
            "$$ x = y",
            1,
            1,
            "unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)",
        ),
        (
            "It costs $5.\n\nMore $x$.",
            1,
            10,
            "unterminated inline math: `$` opened here is never closed "
            "(close it with `$` before the next blank line; write `\\$` for a "
            "dollar sign)",
        ),
        (
            "a \\(x",
            1,
            3,
            "unterminated inline math: `\\(` opened here is never closed "
            "(close it with `\\)` before the next blank line)",
        ),
        (
            "a\n  \\iffalse \\ifx a b \\fi",
            2,
            3,
            "unterminated conditional: `\\iffalse` opened here is never closed "
            "(close it with `\\fi`)",
        ),
    ],
)
def test_latex_unterminated_is_an_error(
    source: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(documents.DocumentError) as caught:
        documents.read_latex(source, path="notes.tex")
    error = caught.value
    assert (error.path, error.line, error.column, error.message) == (
        "notes.tex",
        line,
        column,
        message,
    )
    assert str(error) == f"notes.tex:{line}:{column}: {message}"


def test_latex_error_is_a_derive_document_error() -> None:
    with pytest.raises(errors.DocumentError):
        documents.read_latex("\\begin{gather} a")


# -- Jupyter notebooks ---------------------------------------------------------


def notebook(*cells: dict[str, object]) -> str:
    return json.dumps({"cells": list(cells), "nbformat": 4, "nbformat_minor": 5})


def test_notebook_blocks() -> None:
    document = documents.load(DATA / "least_squares.ipynb")
    found = [
        (
            block.cell,
            block.line,
            block.column,
            block.display,
            block.continues,
            block.text,
        )
        for block in document.blocks
    ]
    assert found == [
        (1, 3, 6, False, False, r"A \in \mathbb{R}^{k \times n}"),
        (1, 3, 39, False, False, r"b \in \mathbb{R}^{k}"),
        (1, 3, 66, False, False, r"x \in \mathbb{R}^{n}"),
        (1, 6, 3, True, False, r" f(x)=\left\| Ax-b\right\|_2^2=(Ax-b)^T(Ax-b) "),
        # cell 2 is code and cell 4 raw: skipped, but counted
        (3, 2, 3, True, True, "\n=x^TA^TAx-2b^TAx+b^Tb\n"),
        (3, 6, 21, False, False, r"\nabla f(x) = 0"),
        (3, 8, 3, True, False, " A^TAx=A^Tb "),
        (5, 1, 14, False, False, r"\operatorname{rank}(A) = n"),  # one string
        (5, 3, 3, True, False, " x=(A^TA)^{-1}A^Tb "),
    ]
    assert [block.markers for block in document.blocks if block.line == 8] == [
        ("equation",)
    ]
    assert [block.lead_in for block in display_blocks(document)][1:] == [
        "Expanding,",
        r"A minimiser solves \nabla f(x) = 0, that is",
        r"which, when \operatorname{rank}(A) = n, has the unique solution",
    ]
    assert document.comments == ((7, "derive: equation"),)
    assert document.source.startswith('{\n "cells": [')


@pytest.mark.parametrize(
    ("cell", "line", "offset", "position"),
    [
        (3, 2, 0, (2, 3)),  # the newline ending the `$$` line
        (3, 2, 1, (3, 1)),  # the `=` continuing the chain, inside cell 3
        (3, 2, 23, (4, 1)),  # just past the text: the closing `$$`
        (5, 3, 1, (3, 4)),
    ],
)
def test_notebook_positions_are_inside_the_cell(
    cell: int, line: int, offset: int, position: tuple[int, int]
) -> None:
    document = documents.load(DATA / "least_squares.ipynb")
    (block,) = [
        block
        for block in display_blocks(document)
        if (block.cell, block.line) == (cell, line)
    ]
    assert block.position(offset) == position


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            [{"cell_type": "markdown", "metadata": {}, "source": "Let $x$\n\n$$ y $$"}],
            [(1, 1, 6, "x"), (1, 3, 3, " y ")],
        ),
        (
            [
                {"cell_type": "code", "source": ["$$ a $$"], "outputs": []},
                {"cell_type": "markdown", "source": ["a\n", "b $c$"]},
                {"cell_type": "markdown", "source": []},
                {"cell_type": "markdown"},
                {"metadata": {}},
                {"cell_type": "markdown", "source": "\r\n$$ d $$"},
            ],
            [(2, 2, 4, "c"), (6, 2, 3, " d ")],
        ),
        ([], []),
    ],
)
def test_notebook_cells(
    cells: list[dict[str, object]], expected: list[tuple[int, int, int, str]]
) -> None:
    document = documents.read_notebook(notebook(*cells), path="n.ipynb")
    found = [
        (block.cell, block.line, block.column, block.text) for block in document.blocks
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        (
            '{\n  "cells": [\n    {"cell_type": "markdown",}\n  ]\n}',
            3,
            30,
            "the notebook is not valid JSON: Expecting property name enclosed in "
            "double quotes; save it again from Jupyter or repair the JSON here",
        ),
        (
            "",
            1,
            1,
            "the notebook is not valid JSON: Expecting value; save it again from "
            "Jupyter or repair the JSON here",
        ),
        (
            "[1, 2]",
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            "(nbformat 4), found a JSON array",
        ),
        (
            '{"worksheets": []}',
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            '(nbformat 4), found an object without "cells"',
        ),
        (
            '{"cells": {}}',
            None,
            None,
            'not a Jupyter notebook: expected a JSON object with a "cells" list '
            '(nbformat 4), found "cells" holding a JSON object',
        ),
        (
            notebook({"cell_type": "code"}, "text"),  # type: ignore[arg-type]
            None,
            None,
            "cell 2 is a JSON string, not an object",
        ),
        (
            notebook({"cell_type": "markdown", "source": ["a", 1]}),
            None,
            None,
            "cell 1: its source is a JSON array; expected a string or an array "
            "of strings",
        ),
        (
            notebook(
                {"cell_type": "code", "source": "$$"},
                {"cell_type": "markdown", "source": ["Intro\n", "\n", "$$ x = y\n"]},
            ),
            3,
            1,
            "cell 2: unterminated display math: `$$` opened here is never closed "
            "(close it with `$$` before the next blank line)",
        ),
    ],
)
def test_notebook_errors(
    source: str, line: int | None, column: int | None, message: str
) -> None:
    with pytest.raises(documents.DocumentError) as caught:
        documents.read_notebook(source, path="n.ipynb")
    error = caught.value
    assert (error.path, error.line, error.column, error.message) == (
        "n.ipynb",
        line,
        column,
        message,
    )


def test_load_notebook_with_invalid_json_points_at_the_error(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [\n  {"cell_type": "markdown" "source": []}\n]}\n')
    with pytest.raises(documents.DocumentError) as caught:
        documents.load(path)
    assert str(caught.value) == (
        f"{path}:2:28: the notebook is not valid JSON: Expecting ',' delimiter; "
        "save it again from Jupyter or repair the JSON here"
    )


def test_blocks_outside_notebooks_have_no_cell() -> None:
    (block,) = documents.read_markdown("$$ a $$").blocks
    assert block.cell is None
    assert documents.Block("a", 1, 1, True).cell is None
    with pytest.raises(TypeError):
        documents.Block("a", 1, 1, True, False, "", (), 3)  # type: ignore[call-arg]


# -- source lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "cell", "text"),
    [
        ("multiline.md", 1, None, "# Multi-line display math"),
        ("multiline.md", 6, None, r"\begin{aligned}"),
        (
            "multiline.md",
            12,
            None,
            r"and the gradient is \[ \nabla f(x) = 2A^TAx - 2A^Tb \] so that",
        ),
        ("multiline.md", 17, None, "$$"),
        ("multiline.md", 18, None, ""),  # after the last newline
        ("multiline.md", 19, None, ""),
        ("multiline.md", 0, None, ""),
        ("multiline.md", -1, None, ""),
        ("multiline.md", 1, 1, ""),  # not a notebook: no cells
        ("least_squares.tex", 1, None, r"\documentclass{article}"),
        (
            "least_squares.tex",
            8,
            None,
            r"Let $A \in \mathbb{R}^{k \times n}$ with rows $a_i^T$, $b \in \mathbb{R}^{k}$,",
        ),
        ("least_squares.tex", 30, None, "% derive: equation"),
        ("least_squares.tex", 39, None, r"    x &= (A^TA)^{-1}A^Tb % derive: solution"),
        ("least_squares.tex", 56, None, ""),
        ("least_squares.ipynb", 1, 1, "# Least squares from first principles"),
        (
            "least_squares.ipynb",
            3,
            1,
            r"Let $A \in \mathbb{R}^{k \times n}$, $b \in \mathbb{R}^{k}$ and "
            r"$x \in \mathbb{R}^{n}$.",
        ),
        ("least_squares.ipynb", 6, 1, r"$$ f(x)=\left\| Ax-b\right\|_2^2=(Ax-b)^T(Ax-b) $$"),
        ("least_squares.ipynb", 7, 1, ""),  # the source has no final newline
        ("least_squares.ipynb", 2, 3, "$$"),
        ("least_squares.ipynb", 3, 3, "=x^TA^TAx-2b^TAx+b^Tb"),
        ("least_squares.ipynb", 7, 3, "<!-- derive: equation -->"),
        ("least_squares.ipynb", 8, 3, r"\[ A^TAx=A^Tb \]"),
        ("least_squares.ipynb", 9, 3, ""),
        ("least_squares.ipynb", 3, 5, "$$ x=(A^TA)^{-1}A^Tb $$"),  # a one-string source
        ("least_squares.ipynb", 1, 2, ""),  # a code cell
        ("least_squares.ipynb", 1, 4, ""),  # a raw cell
        ("least_squares.ipynb", 1, 6, ""),  # past the last cell
        ("least_squares.ipynb", 1, 0, ""),
        ("least_squares.ipynb", 1, None, "{"),  # without a cell: the JSON itself
        ("least_squares.ipynb", 2, None, ' "cells": ['),
    ],
)
def test_source_line(name: str, line: int, cell: int | None, text: str) -> None:
    assert documents.load(DATA / name).source_line(line, cell) == text


@pytest.mark.parametrize(
    "name",
    [
        "multiline.md",
        "comments.md",
        "dollars.md",
        "fences.md",
        "least_squares.tex",
        "least_squares.ipynb",
    ],
)
def test_block_positions_point_into_their_source_line(name: str) -> None:
    """Every character of a block is where `position` says on `source_line`, in
    a notebook too; blanks may stand for comments or nested-environment markers."""
    document = documents.load(DATA / name)
    assert document.blocks
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            line, column = block.position(offset)
            text = document.source_line(line, block.cell)
            if char == "\n":
                assert column == len(text) + 1, (block, offset)
            elif char != " ":
                assert text[column - 1] == char, (block, offset)


@pytest.mark.parametrize(
    ("document", "line", "cell", "text"),
    [
        (documents.read_markdown("a\r\n\r\n$$ x $$\r"), 3, None, "$$ x $$"),
        (documents.read_markdown("\ufeff$$ x $$"), 1, None, "$$ x $$"),
        (documents.read_latex("a\r\\[ x \\]"), 2, None, "\\[ x \\]"),
        (documents.read_markdown(""), 1, None, ""),
        (
            documents.read_notebook(
                notebook(
                    {"cell_type": "markdown", "source": ["\ufeffa\r\n", "b $c$"]},
                    {"cell_type": "markdown"},
                )
            ),
            2,
            1,
            "b $c$",
        ),
        (
            documents.read_notebook(
                notebook({"cell_type": "markdown", "source": "\ufeffa $b$"})
            ),
            1,
            1,
            "a $b$",
        ),
        (documents.read_notebook(notebook({"cell_type": "markdown"})), 1, 1, ""),
        (documents.Document("x.md", "[1, 2]", ()), 1, 1, ""),  # JSON, not a notebook
    ],
)
def test_source_line_is_the_normalised_text(
    document: documents.Document, line: int, cell: int | None, text: str
) -> None:
    """Lines are those of the text positions refer to: line endings as `\\n`,
    no byte-order mark, in a notebook cell as in a file."""
    assert document.source_line(line, cell) == text
