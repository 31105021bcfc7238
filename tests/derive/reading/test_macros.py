"""Tests for derive.reading.macros: macros a document defines, expanded before parsing, positions kept."""

from __future__ import annotations

import pytest

from derive import errors, tree
from derive.reading import latex, macros
from derive.tree import Add, Function, Mul, Neg, Norm, Power, Symbol, Transpose

x, A, B, b = Symbol("x"), Symbol("A"), Symbol("B"), Symbol("b")
AX_MINUS_B = Add((Mul((A, x)), Neg(b)))

# (definition texts, the macro table they give, as name -> (parameters, body, default))
DEFINITIONS = [
    ([r"\newcommand{\tr}{\operatorname{tr}}"], {"tr": (0, r"\operatorname{tr}", None)}),
    ([r"\newcommand\R{\mathbb{R}}"], {"R": (0, r"\mathbb{R}", None)}),
    ([r"\newcommand*{\x}{\mathbf{x}}"], {"x": (0, r"\mathbf{x}", None)}),
    ([r"\newcommand{\norm}[1]{\left\|#1\right\|}"], {"norm": (1, r"\left\|#1\right\|", None)}),
    ([r"\newcommand{\ip}[2]{#1^T #2}"], {"ip": (2, "#1^T #2", None)}),
    ([r"\newcommand{\pow}[2][2]{#2^{#1}}"], {"pow": (2, "#2^{#1}", "2")}),
    ([r"\def\x{\mathbf x}"], {"x": (0, r"\mathbf x", None)}),
    ([r"\def\ip#1#2{#1^T#2}"], {"ip": (2, "#1^T#2", None)}),
    ([r"\DeclareMathOperator{\Tr}{Tr}"], {"Tr": (0, r"\mathrm{Tr}", None)}),
    ([r"\DeclareMathOperator*{\argmin}{arg\,min}"], {"argmin": (0, r"\mathrm{arg\,min}", None)}),
    ([r"\newcommand{\x}{x}", r"\renewcommand{\x}{\mathbf{y}}"], {"x": (0, r"\mathbf{y}", None)}),
    ([r"\newcommand{\x}{x}", r"\providecommand{\x}{y}"], {"x": (0, "x", None)}),
    ([r"\providecommand{\y}{y}"], {"y": (0, "y", None)}),
    ([r"\newcommand{\a}{a} \newcommand{\bb}{b}"], {"a": (0, "a", None), "bb": (0, "b", None)}),
]


@pytest.mark.parametrize(("texts", "table"), DEFINITIONS)
def test_definitions_are_read_into_a_table(texts: list[str], table: dict[str, tuple[int, str, str | None]]) -> None:
    found = macros.Macros.from_texts(texts)
    assert {name: (m.parameters, m.body, m.default) for name, m in found.table.items()} == table


# (definitions, formula, the tree it parses to)
EXPANDED = [
    ([r"\newcommand{\tr}{\operatorname{tr}}"], r"\tr AB", Function("tr", Mul((A, B)))),
    ([r"\DeclareMathOperator{\Tr}{Tr}"], r"\Tr(AB)", Function("tr", Mul((A, B)))),
    ([r"\newcommand{\norm}[1]{\left\|#1\right\|}"], r"\norm{Ax-b}^2", Power(Norm(AX_MINUS_B), tree.Number("2"))),
    ([r"\newcommand{\norm}[1]{\left\|#1\right\|}"], r"\norm x", Norm(x)),
    ([r"\def\x{\mathbf x}"], r"\x^T\x", Mul((Transpose(x), x))),
    ([r"\newcommand{\ip}[2]{#1^T #2}"], r"\ip{x}{Ax}", Mul((Transpose(x), A, x))),
    ([r"\newcommand{\pow}[2][2]{#2^{#1}}"], r"\pow{x}", Power(x, tree.Number("2"))),
    ([r"\newcommand{\pow}[2][2]{#2^{#1}}"], r"\pow[3]{x}", Power(x, tree.Number("3"))),
    ([r"\newcommand{\x}{\mathbf{x}}", r"\newcommand{\xx}{\x^T\x}"], r"\xx", Mul((Transpose(x), x))),
    ([r"\newcommand{\a}{\alpha}"], r"\a x", Mul((Symbol("alpha"), x))),
    ([r"\newcommand{\y}{y}"], r"\alpha\y", Mul((Symbol("alpha"), Symbol("y")))),
    ([r"\newcommand{\x}{x}"], r"\xi", Symbol("xi")),  # a longer control word is not \x
]


@pytest.mark.parametrize(("definitions", "text", "expected"), EXPANDED)
def test_a_formula_is_parsed_with_its_macros_expanded(definitions: list[str], text: str, expected: tree.Node) -> None:
    formula = latex.parse(text, macros=macros.Macros.from_texts(definitions))
    (chain,) = formula.chains
    assert chain.operands == (expected,)


def test_definitions_inside_a_block_are_taken_out_and_define_the_macro() -> None:
    text = r"\newcommand{\tr}{\operatorname{tr}} \tr AB = \tr BA"
    blanked, defined = macros.Macros.take_definitions(text)
    assert len(blanked) == len(text) and blanked.strip() == r"\tr AB = \tr BA"
    assert set(defined.table) == {"tr"}
    (chain,) = latex.parse(text).chains
    assert chain.operands == (Function("tr", Mul((A, B))), Function("tr", Mul((B, A))))


def test_a_block_that_only_defines_macros_parses_to_no_chain() -> None:
    assert latex.parse(r"\newcommand{\tr}{\operatorname{tr}}").chains == ()
    assert latex.parse("\\DeclareMathOperator{\\Tr}{Tr}\n\\newcommand{\\R}{\\mathbb{R}}").chains == ()


def test_a_def_inside_math_defines_the_macro_as_mathjax_does() -> None:
    (chain,) = latex.parse(r"\def\x{\mathbf x} \x^T\x").chains
    assert chain.operands == (Mul((Transpose(x), x)),)


def test_the_definitions_of_a_block_add_to_those_in_force() -> None:
    earlier = macros.Macros.from_texts([r"\newcommand{\x}{\mathbf x}"])
    (chain,) = latex.parse(r"\newcommand{\y}{\mathbf b} \x^T\y", macros=earlier).chains
    assert chain.operands == (Mul((Transpose(x), b)),)


# -- positions map back to the source ------------------------------------------------------------


def test_what_a_macro_expands_to_has_the_span_of_its_invocation() -> None:
    text = r"\newcommand{\norm}[1]{\left\|#1\right\|} \norm{Ax-b}^2 = (Ax-b)^T(Ax-b)"
    (chain,) = latex.parse(text).chains
    lhs = chain.operands[0]
    assert lhs is not None
    assert text[lhs.span.start : lhs.span.end] == r"\norm{Ax-b}^2"
    assert text[chain.span.start : chain.span.end] == r"\norm{Ax-b}^2 = (Ax-b)^T(Ax-b)"


def test_an_argument_keeps_its_own_place() -> None:
    text = r"\newcommand{\norm}[1]{\left\|#1\right\|} \norm{Ax-b}"
    (chain,) = latex.parse(text).chains
    norm = chain.operands[0]
    assert isinstance(norm, Norm)
    assert text[norm.operand.span.start : norm.operand.span.end] == "Ax-b"


@pytest.mark.parametrize(
    ("definitions", "text", "culprit"),
    [
        ([r"\newcommand{\sq}[1]{#1^{2}}"], r"y = \sq{(x+)}", ")"),  # an error in an argument: its own place
        ([r"\newcommand{\bad}{(x+)}"], r"y + \bad", r"\bad"),  # an error in a body: the invocation
        ([r"\newcommand{\open}{(}"], r"y = \open x", ""),  # a bracket the body opens: the end of the source
    ],
)
def test_error_carets_point_into_the_source(definitions: list[str], text: str, culprit: str) -> None:
    with pytest.raises(errors.LatexSyntaxError) as caught:
        latex.parse(text, macros=macros.Macros.from_texts(definitions))
    assert text[caught.value.offset :] == culprit if not culprit else text[caught.value.offset :].startswith(culprit)


# -- bounded: never a hang, never a file -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"\newcommand{\x}{\x} \x", r"the macro \x expands without end (it refers to itself)"),
        (r"\newcommand{\x}{\y} \newcommand{\y}{\x} \x", "expands without end"),
        (r"\newcommand{\x}{\x\x} \x", "expands without end"),
        (r"\newcommand{\x}{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\x\x} \x", "expand past 100000 characters"),
        (r"\newcommand{\norm}[1]{\|#1\|} \norm", r"\norm takes 1 argument(s)"),
        (r"\newcommand{\norm}[1]{\|#1\|} \norm{x", r"the argument of \norm is never closed"),
        (r"\newcommand{\x}", r"\newcommand expects its body in braces"),
        (r"\newcommand{\x}{x", r"the body of \newcommand is never closed"),
        (r"\newcommand{\x}{#2} \x", r"uses #2, but it takes 0 argument(s)"),
    ],
)
def test_runaway_and_malformed_macros_are_errors(text: str, message: str) -> None:
    with pytest.raises(errors.LatexSyntaxError) as caught:
        latex.parse(text)
    assert message in str(caught.value)


def test_a_self_referential_macro_error_points_at_its_use() -> None:
    text = r"\newcommand{\x}{\x} a + \x"
    with pytest.raises(errors.LatexSyntaxError) as caught:
        latex.parse(text)
    assert text[caught.value.offset :].startswith(r"\x")
    assert caught.value.offset == text.rindex(r"\x")


def test_input_in_a_body_is_never_followed() -> None:
    with pytest.raises(errors.UnsupportedNotation, match=r"\\input"):
        latex.parse(r"\newcommand{\secret}{\input{/etc/passwd}} \secret")


def test_without_macros_the_text_is_untouched() -> None:
    expansion = macros.Macros().expand(r"\alpha x")
    assert not expansion.expanded and expansion.text == r"\alpha x"
    assert expansion.span(2, 4) == (2, 4)


def test_merged_tables_prefer_the_later() -> None:
    first = macros.Macros.from_texts([r"\newcommand{\x}{a}"])
    second = macros.Macros.from_texts([r"\newcommand{\x}{b}", r"\newcommand{\y}{c}"])
    merged = first.merged(second)
    assert {name: m.body for name, m in merged.table.items()} == {"x": "b", "y": "c"}
    assert first.merged(macros.Macros()) is first
