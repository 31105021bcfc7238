"""Tests for derive.reading.names: decorated names are names of their own, written back as LaTeX."""

from __future__ import annotations

import pytest

from derive import errors, tree
from derive.reading import latex, names, render
from derive.tree import Mul, Symbol, Transpose


def expression(text: str) -> tree.Node:
    """The one operand of the one chain that ``text`` parses to."""
    (chain,) = latex.parse(text).chains
    (operand,) = chain.operands
    assert operand is not None
    return operand


HAT, BAR, TILDE, DOT, DDOT = names.HAT, names.BAR, names.TILDE, names.DOT, names.DDOT

# (LaTeX, the name derive reads, the name written back)
DECORATED = [
    (r"\hat\beta", "beta" + HAT, r"\hat{\beta}"),
    (r"\hat{\mathbf w}", "w" + HAT, r"\hat{w}"),
    (r"\widehat{w}", "w" + HAT, r"\hat{w}"),
    (r"\bar x", "x" + BAR, r"\bar{x}"),
    (r"\overline{x}", "x" + BAR, r"\bar{x}"),
    (r"\tilde x", "x" + TILDE, r"\tilde{x}"),
    (r"\dot x", "x" + DOT, r"\dot{x}"),
    (r"\ddot x", "x" + DDOT, r"\ddot{x}"),
    (r"\hat x_1", "x" + HAT + "_1", r"\hat{x}_1"),
    (r"\hat{x_1}", "x" + HAT + "_1", r"\hat{x}_1"),
    (r"\vec y", "y", "y"),  # \vec, like \mathbf, only emboldens
    (r"\mathbf w_{\mathrm{ML}}", "w_ML", r"w_{ML}"),
    (r"\mathbf{w}_{\text{ML}}", "w_ML", r"w_{ML}"),
    (r"w_\mathrm{MAP}", "w_MAP", r"w_{MAP}"),
    (r"\mathbf y_*", "y_*", r"y_*"),
    (r"x^\star", "x*", r"x^{*}"),
    (r"x^*", "x*", r"x^{*}"),
    (r"x^{*}", "x*", r"x^{*}"),
    (r"\beta^\ast", "beta*", r"\beta^{*}"),
    (r"x_1^*", "x*_1", r"x_1^{*}"),
    (r"A^*", "A*", r"A^{*}"),  # a name, not a conjugate transpose
    (r"x^{(i)}", "x^(i)", r"x^{(i)}"),
    (r"x^{(2)}", "x^(2)", r"x^{(2)}"),
    (r"x^{(i)}_j", "x^(i)_j", r"x_j^{(i)}"),
    (r"\theta_j", "theta_j", r"\theta_j"),
    (r"{\bf v}_1", "v_1", "v_1"),
    (r"{\rm x}", "x", "x"),
    (r"\pmb{x}", "x", "x"),
    (r"\boldsymbol\mu", "mu", r"\mu"),
    (r"\mathcal{L}", "ℒ", r"\mathcal{L}"),
    (r"\mathscr{L}", "ℒ", r"\mathcal{L}"),
    (r"{\cal L}", "ℒ", r"\mathcal{L}"),
    (r"\mathcal{N}", "𝒩", r"\mathcal{N}"),
    (r"\ell", "ell", r"\ell"),
    (r"\mathrm{RSS}", "RSS", r"\mathrm{RSS}"),
]


@pytest.mark.parametrize(("text", "name", "written"), DECORATED)
def test_a_decorated_name_is_a_name_of_its_own(text: str, name: str, written: str) -> None:
    node = expression(text)
    assert node == Symbol(name)
    assert render.latex(node) == written


def test_decorations_do_not_merge_names() -> None:
    assert expression(r"\hat\beta - \beta") != expression(r"\beta - \beta")
    assert expression(r"x^* x") == Mul((Symbol("x*"), Symbol("x")))
    assert expression(r"\hat x^T") == Transpose(Symbol("x" + HAT))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"\hat{(a+b)}", r"unsupported: \hat over an expression (only over a name)"),
        (r"(a+b)^*", "unsupported: a star (conjugate transpose) on an expression"),
        (r"(a+b)^{(i)}", "unsupported: a superscript in parentheses on an expression"),
        (r"\mathcal{x+y}", r"unsupported: \mathcal of anything but a letter"),
    ],
)
def test_decorations_of_expressions_are_refused(text: str, message: str) -> None:
    with pytest.raises(errors.UnsupportedNotation) as caught:
        latex.parse(text)
    assert str(caught.value) == message


# (name, letter, family: the name whose shape it shares, undecorated)
PARTS = [
    ("x", "x", "x", "x"),
    ("x_1", "x", "x_1", "x_1"),
    ("x_ij", "x", "x_ij", "x_ij"),
    ("beta" + HAT, "beta", "beta", "beta"),
    ("x" + HAT + "_1", "x", "x_1", "x_1"),
    ("x*", "x", "x", "x"),
    ("x^(i)", "x", "x", "x"),
    ("x^(i)_j", "x", "x_j", "x_j"),
    ("w_ML", "w", "w", "w_ML"),
    ("w_new", "w", "w", "w_new"),
    ("theta_j", "theta", "theta_j", "theta_j"),
    ("x^(i_1)", "x", "x", "x"),
]


@pytest.mark.parametrize(("name", "letter", "family", "undecorated"), PARTS)
def test_names_come_apart(name: str, letter: str, family: str, undecorated: str) -> None:
    assert names.letter(name) == letter
    assert names.family(name) == family
    assert names.undecorated(name) == undecorated
    assert names.split(name).text == name


@pytest.mark.parametrize(
    ("name", "upper", "lower", "word"),
    [
        ("A", True, False, False),
        ("X" + HAT + "_1", True, False, False),
        ("x*", False, True, False),
        ("beta", False, False, False),
        ("ell", False, False, False),
        ("ℒ", False, False, False),
        ("RSS", False, False, True),
        ("softmax", False, False, True),
    ],
)
def test_the_conventions_see_the_letter_under_the_decorations(name: str, upper: bool, lower: bool, word: bool) -> None:
    assert (names.is_latin_upper(name), names.is_latin_lower(name), names.is_word(name)) == (upper, lower, word)


def test_a_dotted_name_is_a_time_derivative_candidate() -> None:
    assert names.without_time_derivative("x" + DOT) == ("x", 1)
    assert names.without_time_derivative("x" + DDOT) == ("x", 2)
    assert names.without_time_derivative("x" + HAT) is None
    assert names.without_time_derivative("x") is None
