"""LaTeX as MathML for the HTML report: what renders, what falls back to source, and that text stays text."""

from __future__ import annotations

from xml.etree import ElementTree

import hypothesis
import pytest
from hypothesis import strategies

from derive.report import mathml

MATH = f"{{{mathml.NAMESPACE}}}"


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        (r"\|Ax - b\|_2^2", '<msubsup><mo fence="false" stretchy="false">‖</mo><mn>2</mn><mn>2</mn></msubsup>'),
        (r"\nabla_x f(x)", "<msub><mo>∇</mo><mi>x</mi></msub><mi>f</mi>"),
        (r"\nabla_{x}^2 f(x)", "<msubsup><mo>∇</mo><mrow><mi>x</mi></mrow><mn>2</mn></msubsup>"),
        (r"\operatorname{tr}(A^TB)", "<mo>tr</mo>"),
        (r"2A^TA \succeq 0", "<mo>⪰</mo><mn>0</mn>"),  # latex2mathml's identifier, spaced as the relation it is
        (r"\mathbf{1}^T y = 1", "<mn>𝟏</mn>"),  # Unicode bold: Chromium ignores mathvariant="bold"
        (r"\boldsymbol{x}", "<mi>𝒙</mi>"),
        (r"\mathbb{R}^{n \times n}", "<mi>ℝ</mi>"),
        (r"x^\top A x", "<msup><mi>x</mi><mo>⊤</mo></msup>"),
        (r"\frac{\partial f}{\partial x}", "<mfrac><mrow><mo>∂</mo><mi>f</mi></mrow><mrow><mo>∂</mo><mi>x</mi></mrow></mfrac>"),
        (r"\begin{bmatrix} 1 & -2 \\ 3 & \frac{1}{2} \end{bmatrix}", "<mo>[</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mo>−</mo><mn>2</mn>"),
        (r"\sigma(X\theta) - y", "<mi>σ</mi>"),
        ("x < y", "<mo>&lt;</mo>"),
        ("a & b", "<mo>&amp;</mo>"),
        (r"\text{<img src=x onerror=alert(1)>}", "<mtext>&lt;img\u00a0src=x\u00a0onerror=alert(1)&gt;</mtext>"),
        (r"\text{<script>alert(1)</script>}", "<mtext>&lt;script&gt;alert(1)&lt;/script&gt;</mtext>"),
        ("x<script>alert(1)</script>", "<mi>x</mi><mo>&lt;</mo><mi>s</mi>"),
        (r'\text{"quoted" & more}', '<mtext>"quoted"\u00a0&amp;\u00a0more</mtext>'),
        (r"\text{&#x3C;b&#x3E;}", "<mtext>&lt;b&gt;</mtext>"),  # a reference written in a document is still text
    ],
)
def test_math_is_converted_and_text_stays_text(latex: str, fragment: str) -> None:
    converted = mathml.convert(latex)
    assert converted is not None and fragment in converted
    root = ElementTree.fromstring(converted)
    assert root.tag == MATH + "math" and root.get("display") == "inline"
    assert {element.tag.removeprefix(MATH) for element in root.iter()} <= mathml.ELEMENTS.keys()


@pytest.mark.parametrize(
    "latex",
    [
        r"\myfoo{x} + y",  # a macro the document defines: latex2mathml would print \myfoo as a letter
        r"\unknownword x",
        r"\input{/etc/passwd}",
        r"\def\x{y}\x",
        r"\newcommand{\x}{y} \x = 1",
        r"\def\x{\x\x}\x",  # would recurse inside latex2mathml
        r"\href{javascript:alert(1)}{x}",
        r"\style{background:url(https://example.com/x)}{x}",
        r"\color{red} x",
        r"\mathop{\mathrm{softmax}}(x)",  # a token holding a tree, which browsers leave out
        r"\frac{1}",
        "x^",
        "{",
        r"\left( x",
        "\\begin{bmatrix} 1",
        r"\text{&#x0;}",
        r"\text{&#xD800;}",
        "x \x1b[2J",
        "",
        "   ",
        "x" * (mathml.LONGEST + 1),
        "{" * 3000 + "x" + "}" * 3000,
    ],
)
def test_what_latex2mathml_cannot_render_faithfully_is_none(latex: str) -> None:
    assert mathml.convert(latex) is None


def test_display_math() -> None:
    converted = mathml.convert("x = 1", display=True)
    assert converted is not None and ElementTree.fromstring(converted).get("display") == "block"


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(strategies.text(alphabet="<>&\"'=/\\{}^_ ax1;#![]$%" + "\x00\x0b\u202e", max_size=40))
def test_any_input_gives_none_or_mathml_holding_only_text(latex: str) -> None:
    converted = mathml.convert(latex)
    if converted is None:
        return
    root = ElementTree.fromstring(converted)  # well-formed
    for element in root.iter():
        assert element.tag.removeprefix(MATH) in mathml.ELEMENTS
        assert not any(name.startswith("on") or "href" in name or name == "style" for name in element.attrib)
