"""Tests for derive.reading.documents.latex_source: .tex math blocks and their exact source positions."""

from __future__ import annotations

import re

import pytest

import locations
from derive import errors
from derive.reading import documents
from document_blocks import display_blocks

DATA = locations.DATA / "documents"
CORPUS = locations.CORPUS


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
    ],
)
def test_latex_unclosed_math_is_reported_and_the_rest_still_read(
    source: str, line: int, column: int, message: str
) -> None:
    after = "" if "\\end{document}" in source else "\n\nAfter it, \\[ y = z \\]\n"
    document = documents.read_latex(source + after, path="notes.tex")
    assert document.unclosed == (documents.Unclosed(line, column, message),)
    if after:  # reading went on after the paragraph the opener began
        assert document.blocks[-1].text.strip() == "y = z"


@pytest.mark.parametrize(
    ("source", "line", "column", "message"),
    [
        (
            "\\begin{verbatim}\n$a$",
            1,
            1,
            "unterminated environment: `\\begin{verbatim}` opened here is never "
            "closed (close it with `\\end{verbatim}`)",
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
def test_latex_unterminated_verbatim_or_conditional_is_an_error(
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
        documents.read_latex("\\begin{verbatim} a")


# -- layouts blanked in math (shared with Markdown) ------------------------------


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (
            "\\[\\begin{array}{rcl} a & = & b \\end{array}\\]",
            " " * len("\\begin{array}{rcl}") + " a & = & b " + " " * len("\\end{array}"),
        ),
        (
            "$$\\eqalign{ a &= b }$$",
            " " * len("\\eqalign{") + " a &= b " + " ",
        ),
        (  # a matrix written with `array` stays, for the parser to report
            "\\[ A = \\left(\\begin{array}{cc} 1 & 2 \\end{array}\\right) \\]",
            " A = \\left(\\begin{array}{cc} 1 & 2 \\end{array}\\right) ",
        ),
        (
            "$$\\begin{align*} a &= b \\end{align*}$$",
            " " * len("\\begin{align*}") + " a &= b " + " " * len("\\end{align*}"),
        ),
        (
            "\\begin{equation}\\begin{multlined}[t] a \\end{multlined}\\end{equation}",
            " " * len("\\begin{multlined}[t]") + " a " + " " * len("\\end{multlined}"),
        ),
    ],
)
def test_layouts_are_blanked_in_latex_math(source: str, text: str) -> None:
    (block,) = documents.read_latex(source).blocks
    assert block.text == text


# -- macro definitions -------------------------------------------------------------


def test_latex_definitions_of_the_least_squares_file() -> None:
    document = documents.load(DATA / "least_squares.tex")
    assert document.definitions == ((4, 1, r"\newcommand{\R}{\mathbb{R}}"),)


@pytest.mark.parametrize(
    ("source", "definitions"),
    [
        (  # the preamble, and the body
            "\\documentclass{article}\n"
            "\\newcommand{\\tr}{\\operatorname{tr}}\n"
            "\\DeclareMathOperator*{\\argmin}{arg\\,min} % the minimiser\n"
            "\\begin{document}\n"
            "Let \\def\\x{\\mathbf x} be $\\x$.\n"
            "\\end{document}\n"
            "\\newcommand{\\after}{x}\n",
            (
                (2, 1, "\\newcommand{\\tr}{\\operatorname{tr}}"),
                (3, 1, "\\DeclareMathOperator*{\\argmin}{arg\\,min}"),
                (5, 5, "\\def\\x{\\mathbf x}"),
            ),
        ),
        (  # without \begin{document}, the whole file is the body
            "\\renewcommand{\\vec}[1]{\\mathbf{#1}}\n"
            "\\providecommand\\R{\\mathbb{R}}",
            (
                (1, 1, "\\renewcommand{\\vec}[1]{\\mathbf{#1}}"),
                (2, 1, "\\providecommand\\R{\\mathbb{R}}"),
            ),
        ),
        (  # a definition over lines: its comments are blanked
            "\\newcommand{\\norm}[1]{% a norm\n  \\left\\|#1\\right\\|}",
            ((1, 1, "\\newcommand{\\norm}[1]{" + " " * len("% a norm")
              + "\n  \\left\\|#1\\right\\|}"),),
        ),
        ("% \\newcommand{\\a}{b}\n\\begin{document}\\end{document}", ()),
        ("\\begin{document}\n% \\def\\a{b}\n\\end{document}", ()),
        ("\\begin{verbatim}\n\\def\\a{b}\n\\end{verbatim}", ()),
        ("\\iffalse \\def\\a{b} \\fi", ()),
        ("$\\newcommand{\\a}{b} \\a$ \\[ \\def\\b{c} \\]", ()),  # in math: in the block
        ("\\input{macros} \\include{defs}", ()),  # never followed
        # begun but incomplete: kept, so that the macro reader says what is missing
        ("\\newcommand{\\a}", ((1, 1, "\\newcommand{\\a}"),)),
        ("use \\newcommand to define macros", ()),  # named in prose: no definition began
    ],
)
def test_latex_definitions(
    source: str, definitions: tuple[tuple[int, int, str], ...]
) -> None:
    assert documents.read_latex(source).definitions == definitions


def test_latex_definition_in_the_body_is_not_prose() -> None:
    document = documents.read_latex("Let \\def\\x{\\mathbf x} be \\[ \\x \\]")
    (block,) = document.blocks
    assert block.lead_in == "Let be"
