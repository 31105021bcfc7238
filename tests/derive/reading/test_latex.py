"""Tests for derive.reading.latex: LaTeX math -> our expression tree."""

from __future__ import annotations

import pytest

from derive import errors, tree
from derive.checking import checker
from derive.reading import latex, lexer
from derive.tree import (
    Add,
    Chain,
    Derivative,
    Div,
    Formula,
    Function,
    Gradient,
    Group,
    Inverse,
    Mul,
    Neg,
    Norm,
    Number,
    Power,
    Space,
    Sum,
    Symbol,
    Transpose,
)

x, y, A, b, f, t, v = (Symbol(name) for name in ("x", "y", "A", "b", "f", "t", "v"))
ONE, TWO = Number("1"), Number("2")
AX_MINUS_B = Add((Mul((A, x)), Neg(b)))


def expression(text: str) -> tree.Node:
    """The one operand of the one chain that ``text`` parses to."""
    formula = latex.parse(text)
    assert len(formula.chains) == 1, formula
    (chain,) = formula.chains
    assert chain.relations == (), chain
    (operand,) = chain.operands
    assert operand is not None
    return operand


def first(node: tree.Node, kind: type) -> tree.Node:
    """The first node of type ``kind`` in ``node``, parents before children."""
    return next(item for item in tree.walk(node) if isinstance(item, kind))


# --- expressions ---------------------------------------------------------------------------


TOKEN_RULES = [
    ("x^TA^TAx", Mul((Transpose(x), Transpose(A), A, x))),
    ("x^23", Mul((Power(x, TWO), Number("3")))),
    ("x_12", Mul((Symbol("x_1"), TWO))),
    ("x_{12}", Symbol("x_12")),
    (r"\frac12", Div(ONE, TWO)),
    (r"\frac{1}{12}", Div(ONE, Number("12"))),
    (r"\frac{1}{2} 12", Mul((Div(ONE, TWO), Number("12")))),
    ("x^{a} 23", Mul((Power(x, Symbol("a")), Number("23")))),
    (r"\frac12 x", Mul((Div(ONE, TWO), x))),
    ("x^2 y", Mul((Power(x, TWO), y))),
    ("x_1^2", Power(Symbol("x_1"), TWO)),
    ("a_i^T", Transpose(Symbol("a_i"))),
    ("A^T_1", Transpose(Symbol("A_1"))),
    ("e^{x}", Power(Symbol("e"), x)),
    pytest.param("x_{i,j}", Symbol("x_ij"), id="comma-between-indices"),
    pytest.param("a_{k, l} x_{l,k}", Mul((Symbol("a_kl"), Symbol("x_lk"))), id="comma-and-space-between-indices"),
    pytest.param("f(x_{1}, y)", Mul((Symbol("f"), Group((Symbol("x_1"), y)))), id="a-comma-after-a-subscript-stays"),
    pytest.param("x^{23}", Power(x, Number("23")), id="braced-power"),
    pytest.param("x^{10}", Power(x, Number("10")), id="braced-power-10"),
    pytest.param("x^{2.5}", Power(x, Number("2.5")), id="braced-decimal"),
    pytest.param(r"\frac{12}{5}", Div(Number("12"), Number("5")), id="braced-frac"),
    pytest.param(r"\mathbb{R}^{10}", Space(Number("10"), None), id="braced-space"),
    pytest.param(
        r"\frac123",
        Mul((Div(ONE, TWO), Number("3"))),
        id="frac123",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_RULES)
def test_tex_token_rules(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


TRANSPOSES = ["x^T", "x^{T}", r"x^\top", r"x^{\top}", r"x^\intercal", r"x^{\mathsf T}", r"x^{\mathrm{T}}"]


@pytest.mark.parametrize("text", TRANSPOSES)
def test_every_transpose_spelling(text: str) -> None:
    assert expression(text) == Transpose(x)


SCRIPTS = [
    ("A^{-1}", Inverse(A)),
    ("A^{-1}b", Mul((Inverse(A), b))),
    (r"\Sigma^{-1}", Inverse(Symbol("Sigma"))),
    ("A^{-2}", Power(Inverse(A), TWO)),  # (A^{-1})^2: a matrix power needs no scalar exponent -2
    ("(Ax - b)^T", Transpose(Group((AX_MINUS_B,)))),
    ("x^{2}", Power(x, TWO)),
]


@pytest.mark.parametrize(("text", "expected"), SCRIPTS)
def test_inverse_and_powers(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


NORMS = [
    (r"\|v\|", Norm(v, "")),
    (r"\|v\|_2", Norm(v, "2")),
    (r"\|M\|_F", Norm(Symbol("M"), "F")),
    (r"\|v\|^2", Power(Norm(v, ""), TWO)),
    (r"\left\| Ax - b \right\|_2^2", Power(Norm(AX_MINUS_B, "2"), TWO)),
    (r"\frac{1}{2}\left\|Ax-b\right\|^2", Mul((Div(ONE, TWO), Power(Norm(AX_MINUS_B, ""), TWO)))),
    ("|s|", Function("abs", Symbol("s"))),
    pytest.param(
        r"\lVert v \rVert",
        Norm(v, ""),
        id="lVert",
    ),
    pytest.param(
        r"\left\lVert Ax - b \right\rVert_2^2",
        Power(Norm(AX_MINUS_B, "2"), TWO),
        id="left-lVert",
    ),
    pytest.param(
        r"\Vert v \Vert",
        Norm(v, ""),
        id="Vert",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NORMS)
def test_norms(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


DERIVATIVES = [
    (r"\nabla f", Gradient(f, None, 1)),
    (r"\triangledown f", Gradient(f, None, 1)),
    (r"\nabla_x f", Gradient(f, x, 1)),
    (r"\nabla^2 f", Gradient(f, None, 2)),
    (r"\nabla_x^2 f", Gradient(f, x, 2)),
    (r"\nabla_x^2 f(x)", Gradient(Mul((f, Group((x,)))), x, 2)),
    (r"\nabla f(x)", Gradient(Mul((f, Group((x,)))), None, 1)),
    (r"\frac{d}{dt} x", Derivative(x, t, 1, False)),
    (r"\frac{d^2x}{dt^2}", Derivative(x, t, 2, False)),
    (r"\frac{d^2}{dt^2} x", Derivative(x, t, 2, False)),
    (r"\frac{dx}{dt}", Derivative(x, t, 1, False)),
    pytest.param(
        r"\frac{\partial f}{\partial x}",
        Derivative(f, x, 1, True),
        id="partial",
    ),
    pytest.param(
        r"\frac{\partial^2 f}{\partial x^2}",
        Derivative(f, x, 2, True),
        id="partial2",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DERIVATIVES)
def test_derivatives(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


OPERATORS = [
    (r"\sum_{i=1}^{k} a_i", Sum(Symbol("i"), ONE, Symbol("k"), Symbol("a_i"))),
    (
        r"\sum_{i=1}^{k} (a_i^Tx - b_i)^2",
        Sum(
            Symbol("i"),
            ONE,
            Symbol("k"),
            Power(Group((Add((Mul((Transpose(Symbol("a_i")), x)), Neg(Symbol("b_i")))),)), TWO),
        ),
    ),
    (r"\operatorname{tr}(A)", Function("tr", A)),
    (r"\operatorname{diag}(x)", Function("diag", x)),
    (r"\log x", Function("log", x)),
    (r"\ln x", Function("log", x)),
    (r"\det A", Function("det", A)),
    (r"\sqrt{x}", Function("sqrt", x)),
    (r"\exp(x^Tx)", Function("exp", Mul((Transpose(x), x)))),
    ("f(x)", Mul((f, Group((x,))))),
    ("(a, b)", Group((Symbol("a"), b))),
    ("[a+b]", Group((Add((Symbol("a"), b)),))),
    (r"2 \cdot 3", Mul((TWO, Number("3")))),
    (r"x \times y", Mul((x, y))),
    ("a * b", Mul((Symbol("a"), b))),
    ("a/b", Div(Symbol("a"), b)),
    ("-x", Neg(x)),
    ("a - b", Add((Symbol("a"), Neg(b)))),
    ("+x", x),
    (r"\frac{1}{2}x^TAx", Mul((Div(ONE, TWO), Transpose(x), A, x))),
]


@pytest.mark.parametrize(("text", "expected"), OPERATORS)
def test_operators_and_functions(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


# A script right after a function's parenthesised argument applies to the value: f(x)^2 = (f(x))^2.
# Without parentheses TeX's convention holds: \log x^2 is log(x^2).
SCRIPTED_APPLICATIONS = [
    (r"\operatorname{tr}(A)^2", Power(Function("tr", A), TWO)),
    (r"\operatorname{tr}(A^2)", Function("tr", Power(A, TWO))),
    (r"\operatorname{tr}(A)^T", Transpose(Function("tr", A))),
    (r"\det(A)^{-1}", Inverse(Function("det", A))),
    (r"\det(A)^2", Power(Function("det", A), TWO)),
    (r"\exp(t)^2", Power(Function("exp", t), TWO)),
    (r"\exp(t)^{-1}", Inverse(Function("exp", t))),
    (r"\exp\left(t\right)^2", Power(Function("exp", t), TWO)),
    (r"\exp(t)^2 x", Mul((Power(Function("exp", t), TWO), x))),
    (r"\log(x)^2", Power(Function("log", x), TWO)),
    (r"\log x^2", Function("log", Power(x, TWO))),
    (r"\log\det(A)^2", Function("log", Power(Function("det", A), TWO))),
    (r"\left(\exp(t)\right)^2", Power(Group((Function("exp", t),)), TWO)),
    (r"\sqrt{x}^2", Power(Function("sqrt", x), TWO)),
]


@pytest.mark.parametrize(("text", "expected"), SCRIPTED_APPLICATIONS)
def test_a_script_after_a_function_argument_applies_to_the_value(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


def test_tan_is_refused_rather_than_misread() -> None:
    r"""derive does not read \tan yet: \tan x^2 is refused, never taken as (\tan x)^2."""
    with pytest.raises(errors.UnsupportedNotation):
        latex.parse(r"\tan x^2")


def test_sin_of_a_power_is_the_sine_of_the_power() -> None:
    r"""\sin x^2 is sin(x²) (the TeX convention); \sin(x)^2 is (sin x)²."""
    x = tree.Symbol("x")
    two = tree.Number("2")
    assert expression(r"\sin x^2") == tree.Function("sin", tree.Power(x, two))
    assert expression(r"\sin(x)^2") == tree.Power(tree.Function("sin", x), two)


_DECLARED = "Let $A \\in \\mathbb{R}^{n \\times n}$, $t \\in \\mathbb{R}$.\n\n"


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (r"\operatorname{tr}(A)^2 = \operatorname{tr}(A^2)", "failed"),
        (r"\exp(t)^2 = \exp(2t)", "proved"),
        (r"\det(A)^2 = \det(A^2)", "proved"),
    ],
)
def test_a_power_of_a_function_value_is_checked_as_written(claim: str, verdict: str) -> None:
    (result,) = [c for c in checker.check_text(_DECLARED + f"$$ {claim} $$\n").claims if c.latex == claim]
    assert result.verdict == verdict


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("f(t)^2 = t^6", "proved"),
        ("f(t)^2 = t^9", "failed"),
        ("f(2t)^2 = 64t^6", "proved"),
        ("f'(t) = 3t^2", "proved"),
        ("f''(t) = 6t", "proved"),
        ("f'(t)^2 = 9t^4", "proved"),
    ],
)
def test_a_power_of_a_defined_function_value(claim: str, verdict: str) -> None:
    text = "Let $t \\in \\mathbb{R}$.\n\n$$ f(t) = t^3 $$\n\n" + f"$$ {claim} $$\n"
    (result,) = [c for c in checker.check_text(text).claims if c.latex == claim]
    assert result.verdict == verdict


SYMBOLS = [
    (r"\mathbf{x}", x),
    (r"\bm{x}", x),
    (r"\vec{x}", x),
    (r"\boldsymbol\beta", Symbol("beta")),
    (r"\bm{\beta}", Symbol("beta")),
    (r"\mathbf{x}^T\mathbf{y}", Mul((Transpose(x), y))),
    (r"\alpha \beta", Mul((Symbol("alpha"), Symbol("beta")))),
    (r"\varepsilon", Symbol("varepsilon")),
    (r"\lambda_1", Symbol("lambda_1")),
    (r"\boldsymbol\beta^T x", Mul((Transpose(Symbol("beta")), x))),
    ("A_{ij}", Symbol("A_ij")),
]


@pytest.mark.parametrize(("text", "expected"), SYMBOLS)
def test_symbols_fonts_and_greek(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


def test_symbol_base_and_subscript() -> None:
    symbol = expression("a_{i}")
    assert isinstance(symbol, Symbol)
    assert (symbol.base, symbol.subscript) == ("a", "i")
    assert (x.base, x.subscript) == ("x", None)


LAYOUT_NOISE = [
    (r"\left( x \right)", Group((x,))),
    (r"\bigl( x \bigr)", Group((x,))),
    (r"\Big( x \Big)", Group((x,))),
    (r"a\,b", Mul((Symbol("a"), b))),
    (r"x \text{for all} y", Mul((x, y))),
    (r"\text{import os; os.system('x')} x", x),
    (r"x \text{see {this} and {that}} y", Mul((x, y))),
    (r"\text{\input{/etc/passwd}} x", x),
    (r"\text{\write18{touch x}} x", x),
    (r"\text{a \} b} x", x),
    (r"\mbox {a {b} c} x", x),
    (r"x \textbf*{\text{nested}}", x),
    (r"x \tag{1}", x),
    (r"x \tag*{a}", x),
    (r"x \label{eq:ls}", x),
    (r"\displaystyle x", x),
]


@pytest.mark.parametrize(("text", "expected"), LAYOUT_NOISE)
def test_layout_noise_is_dropped(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


def test_prose_is_blanked_in_place_so_offsets_stay_valid() -> None:
    text = "a = b \\text{see\n{this}} c"
    blanked = lexer.blank_prose(text)
    assert blanked == "a = b " + " " * len("\\text{see") + "\n" + " " * len("{this}}") + " c"


# --- chains and formulas -------------------------------------------------------------------

a, c, d, n = Symbol("a"), Symbol("c"), Symbol("d"), Symbol("n")

FORMULAS = [
    ("a = b", (Chain((a, b), ("=",)),)),
    ("a := b", (Chain((a, b), (":=",)),)),
    (r"x \iff y", (Chain((x, y), ("iff",)),)),
    (r"x \Leftrightarrow y", (Chain((x, y), ("iff",)),)),
    (r"x \Rightarrow y", (Chain((x, y), ("implies",)),)),
    (r"x \implies y", (Chain((x, y), ("implies",)),)),
    (r"a \neq b", (Chain((a, b), ("neq",)),)),
    ("a = b = c", (Chain((a, b, c), ("=", "=")),)),
    (r"\operatorname{rank}(A) = n", (Chain((Function("rank", A), n), ("=",)),)),
    (r"A \succeq 0", (Chain((A, Number("0")), ("succeq",)),)),
    (r"A \succ 0", (Chain((A, Number("0")), ("succ",)),)),
    (r"A \in \mathbb{R}^{k \times n}", (Chain((A, Space(Symbol("k"), n)), ("in",)),)),
    (r"A \in \mathbb{R}^{3 \times 4}", (Chain((A, Space(Number("3"), Number("4"))), ("in",)),)),
    (r"x \in \mathbb R^n", (Chain((x, Space(n, None)), ("in",)),)),
    (r"t \in \mathbb{R}", (Chain((t, Space(None, None)), ("in",)),)),
    ("a = b, c = d", (Chain((a, b), ("=",)), Chain((c, d), ("=",)))),
    (r"a = b \quad c = d", (Chain((a, b), ("=",)), Chain((c, d), ("=",)))),
    (r"a = b, \quad c = d", (Chain((a, b), ("=",)), Chain((c, d), ("=",)))),
    (r"a = b \qquad c", (Chain((a, b), ("=",)), Chain((c,), ()))),
    ("a \\\\ b", (Chain((a,), ()), Chain((b,), ()))),
    ("a = b; c = d", (Chain((a, b), ("=",)), Chain((c, d), ("=",)))),
    ("= b = c", (Chain((None, b, c), ("=", "=")),)),
    ("&= x", (Chain((None, x), ("=",)),)),
    ("f(x) &= a \\\\ &= b", (Chain((Mul((f, Group((x,)))), a), ("=",)), Chain((None, b), ("=",)))),
    ("f(a, b) = c", (Chain((Mul((f, Group((a, b)))), c), ("=",)),)),
    ("a = b.", (Chain((a, b), ("=",)),)),
    ("a = b,", (Chain((a, b), ("=",)),)),
    ("a = b;", (Chain((a, b), ("=",)),)),
    (r"a = b\,.", (Chain((a, b), ("=",)),)),
    (r"a = b \nonumber", (Chain((a, b), ("=",)),)),
    (r"a = b \quad \text{\input{/etc/passwd}}", (Chain((a, b), ("=",)),)),
    (r"a = b \qquad \text{(by symmetry)} c = d", (Chain((a, b), ("=",)), Chain((c, d), ("=",)))),
    ("a \\\\text{b}", (Chain((a,), ()), Chain((Mul((t, Symbol("e"), x, t, b)),), ()))),  # `\\` is a line break
    ("", ()),
    ("   ", ()),
]


@pytest.mark.parametrize(("text", "chains"), FORMULAS)
def test_chains_and_separators(text: str, chains: tuple[Chain, ...]) -> None:
    assert latex.parse(text) == Formula(chains)


def test_nodes_compare_without_spans() -> None:
    assert Symbol("x", tree.Span(3, 4)) == Symbol("x", tree.Span(0, 1))
    assert latex.parse("x^Tx") == latex.parse(r"\mathbf{x}^\top \mathbf{x}")
    assert latex.parse("x^Ty") != latex.parse("y^Tx")


# --- spans ---------------------------------------------------------------------------------

SPANS = [
    # (formula, node type, which one in walk order, the text the span must cover)
    ("x^TA^TAx", Transpose, 0, "x^T"),
    ("x^TA^TAx", Transpose, 1, "A^T"),
    ("x^TA^TAx", Mul, 0, "x^TA^TAx"),
    ("x^23", Power, 0, "x^2"),
    ("x^23", Number, 1, "3"),
    (r"f(x) = \frac{1}{2} x^T A x + b^T x", Add, 0, r"\frac{1}{2} x^T A x + b^T x"),
    (r"f(x) = \frac{1}{2} x^T A x + b^T x", Group, 0, "(x)"),
    (r"f(x) = \frac{1}{2} x^T A x + b^T x", Mul, 2, "b^T x"),
    (r"\left\| Ax - b \right\|_2^2", Norm, 0, r"\left\| Ax - b \right\|_2"),
    (r"\left\| Ax - b \right\|_2^2", Add, 0, "Ax - b"),
    (r"\left\| Ax - b \right\|_2^2", Neg, 0, "- b"),
    (r"\left( x \right)", Group, 0, r"\left( x \right)"),
    (r"\sum_{i=1}^{k} (a_i^Tx - b_i)^2", Sum, 0, r"\sum_{i=1}^{k} (a_i^Tx - b_i)^2"),
    (r"\sum_{i=1}^{k} (a_i^Tx - b_i)^2", Transpose, 0, "a_i^T"),
    (r"\nabla_x f(x)", Gradient, 0, r"\nabla_x f(x)"),
    (r"\frac{d}{dt} x", Derivative, 0, r"\frac{d}{dt} x"),
    (r"\frac12 x", Div, 0, r"\frac12"),
    ("&= 2A^T(Ax - b).", Group, 0, "(Ax - b)"),
    pytest.param(
        r"\frac{1}{2} x", Div, 0, r"\frac{1}{2}",
        id="frac-brace",
    ),
    pytest.param(
        r"\sqrt{x}", Function, 0, r"\sqrt{x}",
        id="sqrt-brace",
    ),
    pytest.param(
        "x^{T} y", Transpose, 0, "x^{T}",
        id="script-brace",
    ),
    pytest.param(
        "A^{-1} b", Inverse, 0, "A^{-1}",
        id="inverse-brace",
    ),
    pytest.param(
        r"\mathbf{x}^T y", Transpose, 0, r"\mathbf{x}^T",
        id="font",
    ),
    pytest.param(
        r"\operatorname{tr}(A) + 1", Function, 0, r"\operatorname{tr}(A)",
        id="function-paren",
    ),
    pytest.param(
        r"\log(x) + 1", Function, 0, r"\log(x)",
        id="log-paren",
    ),
    pytest.param(
        r"\exp(t)^2 + 1", Power, 0, r"\exp(t)^2",
        id="power-of-a-function-value",
    ),
    pytest.param(
        r"\exp(t)^2 + 1", Function, 0, r"\exp(t)",
        id="function-under-a-power",
    ),
    pytest.param(
        r"\det(A)^{-1} + 1", Inverse, 0, r"\det(A)^{-1}",
        id="inverse-of-a-function-value",
    ),
]


@pytest.mark.parametrize(("text", "kind", "which", "covered"), SPANS)
def test_spans_map_back_to_the_source(text: str, kind: type, which: int, covered: str) -> None:
    formula = latex.parse(text)
    nodes = [
        node
        for chain in formula.chains
        for operand in chain.operands
        if operand is not None
        for node in tree.walk(operand)
        if isinstance(node, kind)
    ]
    span = nodes[which].span
    assert text[span.start : span.end] == covered


def test_chain_spans() -> None:
    text = r"a = b, \quad c = d"
    first_chain, second_chain = latex.parse(text).chains
    assert text[first_chain.span.start : first_chain.span.end] == "a = b"
    assert text[second_chain.span.start : second_chain.span.end] == "c = d"
    text = r"a = b \quad \text{\input{x}} c = d"
    prose_before = latex.parse(text).chains[1]
    assert text[prose_before.span.start : prose_before.span.end] == "c = d"
    text = "f(x) &= a \\\\ &= b"
    continuation = latex.parse(text).chains[1]
    assert text[continuation.span.start : continuation.span.end] == "= b"


# --- errors --------------------------------------------------------------------------------

SYNTAX_ERRORS = [
    # (formula, offset, words the message must contain)
    (r"\frac{1}{2 = \frac12", 8, "unbalanced braces"),
    ("a + ) b", 4, "unexpected `)`"),
    ("x^", 2, "the formula ends too early"),
    ("a = ", 3, "the formula ends too early"),
    (r"\nabla", 0, "needs something to apply to"),
    (r"\log", 0, "needs an argument"),
    (r"\sum x", 0, r"\sum_{i=1}^{k}"),
    (r"\sum_{i+1} x", 0, r"\sum_{i=1}^{k}"),
    (r"\frac{d^2x}{dt^3}", 0, "(2 above, 3 below)"),
    ("(" * 200 + "x" + ")" * 200, 60, "nested more than 60 deep"),
    (r"x = \text{a {b} c", 9, r"the `{` of \text is never closed"),
]


@pytest.mark.parametrize(("text", "offset", "words"), SYNTAX_ERRORS)
def test_syntax_errors_say_where(text: str, offset: int, words: str) -> None:
    with pytest.raises(errors.LatexSyntaxError) as caught:
        latex.parse(text)
    assert caught.value.offset == offset
    assert words in caught.value.message


def test_syntax_error_is_an_input_error_and_a_value_error() -> None:
    with pytest.raises(ValueError):
        latex.parse("a + ) b")
    with pytest.raises(errors.InputError):
        latex.parse("a + ) b")


def test_too_long_formula_is_refused() -> None:
    with pytest.raises(errors.LatexSyntaxError, match="formula too long"):
        latex.parse("x" * (latex.MAX_FORMULA_LENGTH + 1))


def test_nesting_up_to_the_limit_parses() -> None:
    depth = latex.MAX_NESTING - 1
    assert expression("{" * depth + "x" + "}" * depth) == x


UNSUPPORTED = [
    (r"\Gamma(x)", "unsupported: \\Gamma", 0),
    (r"\|v\|_1", "unsupported: the norm \\|·\\|_1", 5),
    (r"\mathbb{C}", "unsupported: \\mathbb other than \\mathbb{R}", 0),
]


def test_an_operator_name_nothing_defines_is_refused_not_read_as_a_product() -> None:
    from derive.checking import checker

    text = r"Let $A, B \in \mathbb{R}^{n \times n}$. $$ \operatorname{vec}(A + B) = \operatorname{vec}(A) + \operatorname{vec}(B) $$"
    (claim,) = checker.check_text(text, timeout=None).claims
    assert claim.verdict == "unchecked" and "vec, which the document does not define" in (claim.message or "")


@pytest.mark.parametrize(("text", "message", "offset"), UNSUPPORTED)
def test_unsupported_notation(text: str, message: str, offset: int) -> None:
    with pytest.raises(errors.UnsupportedNotation) as caught:
        latex.parse(text)
    assert str(caught.value) == message
    assert caught.value.offset == offset


def test_a_negative_integer_power_is_a_power_of_the_inverse() -> None:
    from derive.reading import render

    node = latex.parse(r"S^{-2}").chains[0].operands[0]
    assert isinstance(node, tree.Power) and isinstance(node.base, tree.Inverse)
    assert node.base.operand == tree.Symbol("S") and node.exponent == tree.Number("2")
    assert render.latex(node) == "S^{-2}" and latex.parse(render.latex(node)).chains[0].operands[0] == node


@pytest.mark.parametrize("written", [r"\mathbf{1}", r"\boldsymbol{1}", r"\bm{1}", r"\mathbf 1"])
def test_a_bold_one_is_the_vector_of_ones(written: str) -> None:
    from derive.reading import render

    node = latex.parse(written + "^T x").chains[0].operands[0]
    assert isinstance(node, tree.Mul) and node.factors[0] == tree.Transpose(tree.Symbol(tree.ONES))
    assert render.latex(node) == r"\mathbf{1}^Tx" and latex.parse(render.latex(node)).chains[0].operands[0] == node
    assert latex.parse(r"\mathbf{x}").chains[0].operands[0] == tree.Symbol("x")  # other bold letters are themselves


def test_rows_that_continue_an_expression_are_joined_but_matrix_rows_stay() -> None:
    from derive.reading import rows

    text = "a &= b \\\\\n &\\quad + c \\\\\n -d &= e \\\\ \\begin{bmatrix} 1 \\\\ -2 \\end{bmatrix} = f"
    assert [text[span.start : span.end].strip() for span in rows.split(text)] == [
        "a &= b \\\\\n &\\quad + c",
        "-d &= e",
        "\\begin{bmatrix} 1 \\\\ -2 \\end{bmatrix} = f",
    ]
    assert len(rows.joined(text)) == len(text) and "\\quad" not in rows.joined(text)
