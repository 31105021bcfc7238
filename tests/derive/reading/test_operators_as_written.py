"""Operators, groupings, relations and sets as authors write them: LaTeX in, our tree out."""

from __future__ import annotations

import pytest

from derive import errors, tree
from derive.reading import latex
from derive.tree import (
    Add,
    Derivative,
    Function,
    Gradient,
    Group,
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

x, y, A, B, E, X, t, w = (Symbol(name) for name in ("x", "y", "A", "B", "E", "X", "t", "w"))
i, k, n, m, p = (Symbol(name) for name in ("i", "k", "n", "m", "p"))
theta, omega, mu, Sigma = (Symbol(name) for name in ("theta", "omega", "mu", "Sigma"))
TWO = Number("2")


def expression(text: str) -> tree.Node:
    """The one operand of the one chain that ``text`` parses to."""
    (chain,) = latex.parse(text).chains
    (operand,) = chain.operands
    assert operand is not None
    return operand


def chain(text: str) -> tree.Chain:
    (found,) = latex.parse(text).chains
    return found


# -- derivative operators ------------------------------------------------------------------------

DERIVATIVES = [
    (r"\nabla_{\mathbf w} E", Gradient(E, w)),
    (r"\nabla_\theta E", Gradient(E, theta)),
    (r"\nabla\nabla E", Gradient(E, None, 2)),
    (r"\nabla_w\nabla_w E", Gradient(E, w, 2)),
    (r"\bigtriangledown E", Gradient(E, None)),
    (r"\triangledown_x E", Gradient(E, x)),
    (r"\frac{\partial}{\partial \mathbf w} E", Derivative(E, w, 1, True)),
    (r"\frac{d}{d\vec x} E", Derivative(E, x, 1, False)),
    (r"\frac{\mathrm{d}}{\mathrm{d}t} E", Derivative(E, t, 1, False)),
    (r"\frac{{\rm d}E}{{\rm d}t}", Derivative(E, t, 1, False)),
    (r"\partial_x E", Derivative(E, x, 1, True)),
    (r"\partial_x^2 E", Derivative(E, x, 2, True)),
    (r"\partial_{\theta} E", Derivative(E, theta, 1, True)),
]


@pytest.mark.parametrize(("text", "expected"), DERIVATIVES)
def test_derivative_operators(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


# -- named functions without parentheses ---------------------------------------------------------

FUNCTIONS = [
    (r"\operatorname{tr} AB", Function("tr", Mul((A, B)))),
    (r"\mathrm{tr}\,\theta^T X^T X \theta", Function("tr", Mul((Transpose(theta), Transpose(X), X, theta)))),
    (r"\text{tr} AB", Function("tr", Mul((A, B)))),
    (r"\mbox{tr}(AB)", Function("tr", Mul((A, B)))),
    (r"\text{trace}(A)", Function("tr", A)),
    (r"\operatorname{Tr} A^TB", Function("tr", Mul((Transpose(A), B)))),
    (r"2\operatorname{tr} AB", Mul((TWO, Function("tr", Mul((A, B)))))),
    (r"\operatorname{tr}(A) B", Mul((Function("tr", A), B))),  # a parenthesis right after it is its argument
    (r"\operatorname{tr}(A)^2 B", Mul((Power(Function("tr", A), TWO), B))),
    (r"\operatorname{tr} A + B", Add((Function("tr", A), B))),
    (r"\operatorname*{tr} A", Function("tr", A)),
    (r"\cos^2(\omega t)", Power(Function("cos", Mul((omega, t))), TWO)),
    (r"\sin^2 x", Power(Function("sin", x), TWO)),
    (r"\log^2(x) y", Mul((Power(Function("log", x), TWO), y))),
    (r"\log\det X", Function("log", Function("det", X))),
    (r"\log|X|", Function("log", Function("abs", X))),  # |X| of a matrix is det X once names are resolved
    (r"\det(X)^{-1}", tree.Inverse(Function("det", X))),
    (
        r"\log\sum_{i=1}^{k} \exp(x_i)",
        Function("log", Sum(i, Number("1"), k, Function("exp", Symbol("x_i")))),
    ),
    (r"\log \nabla_x E", Function("log", Gradient(E, x))),
    (  # a sum without its range runs over what its index subscripts, found when index notation is resolved
        r"\log\sum_i \exp(x_i)",
        Function("log", Sum(i, Number("1"), tree.Extent(i), Function("exp", Symbol("x_i")))),
    ),
]


@pytest.mark.parametrize(("text", "expected"), FUNCTIONS)
def test_named_functions_and_what_they_take(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"\sin^{-1} x", r"unsupported: \sin^{-1} (the inverse function)"),
        (r"\sin^T x", r"unsupported: \sin with this power"),
        (r"\log\sum_{i+1} \exp(x_i)", r"write the sum's range as \sum_{i=1}^{k}"),  # the log composes; the sum needs its range
    ],
)
def test_powers_of_function_names_that_are_refused(text: str, message: str) -> None:
    with pytest.raises(errors.DeriveError) as caught:
        latex.parse(text)
    assert message in str(caught.value)


# -- grouping, bars, spacing ---------------------------------------------------------------------

GROUPS = [
    (r"\{ x + y \}", Group((Add((x, y)),))),
    (r"\{ (AB)^T \}^T", Transpose(Group((Transpose(Group((Mul((A, B)),))),)))),
    (r"\big[ (AB)^T \big]", Group((Transpose(Group((Mul((A, B)),))),))),
    (r"\Big( x \Big)", Group((x,))),
    (r"\bigl( x \bigr)", Group((x,))),
    (r"\left\{ x \right\}", Group((x,))),
    (r"||x||^2", Power(Norm(x), TWO)),
    (r"||x||", Norm(x)),
    (r"|a||b|", Mul((Function("abs", Symbol("a")), Function("abs", Symbol("b"))))),
    (r"p(x | \mu, \Sigma)", Mul((Symbol("p"), Group((x, mu, Sigma))))),
    (r"p(\mathbf X \mid \mu, \Sigma)", Mul((Symbol("p"), Group((X, mu, Sigma))))),
    (r"f(|x|)", Mul((Symbol("f"), Group((Function("abs", x),))))),
    (r"(a + |b|)", Group((Add((Symbol("a"), Function("abs", Symbol("b")))),))),
    (r"x^T\!A\,x", Mul((Transpose(x), A, x))),
    (r"x^T\;A\>x", Mul((Transpose(x), A, x))),
    (r"x^T~A~x", Mul((Transpose(x), A, x))),
    (r"x^T \hspace{1cm} A \hspace*{2pt} x", Mul((Transpose(x), A, x))),
    (r"x^T \phantom{y} A x", Mul((Transpose(x), A, x))),
    (r"\mathstrut x", x),
]


@pytest.mark.parametrize(("text", "expected"), GROUPS)
def test_groupings_bars_and_spacing(text: str, expected: tree.Node) -> None:
    assert expression(text) == expected


def test_a_sizing_command_is_part_of_what_it_sizes() -> None:
    text = r"\big[ (AB)^T \big] = B^TA^T"
    found = chain(text)
    assert text[found.span.start : found.span.end] == text


# -- relations --------------------------------------------------------------------------------------

RELATIONS = [
    (r"g \equiv x^Tx", (":=",)),
    (r"g \triangleq x^Tx", (":=",)),
    (r"g \coloneqq x^Tx", (":=",)),
    (r"g := x^Tx", (":=",)),
    (r"x^Tx =: g", ("=:",)),
    (r"x^Tx \eqqcolon g", ("=:",)),
    (r"a = b \Rightarrow c = d", ("=", "implies", "=")),
    (r"\Rightarrow c = d", ("implies", "=")),
    (r"\implies c = d", ("implies", "=")),
]


@pytest.mark.parametrize(("text", "relations"), RELATIONS)
def test_relations_as_written(text: str, relations: tuple[str, ...]) -> None:
    assert chain(text).relations == relations


@pytest.mark.parametrize(
    ("text", "operands"),
    [
        (r"J: \mathbb{R}^n \to \mathbb{R}", (Symbol("J"), Space(n, None), Space(None, None))),
        (r"f\colon \mathbf{R}^n \to \mathbf{R}", (Symbol("f"), Space(n, None), Space(None, None))),
        (r"J: \Bbb R^d \rightarrow \Bbb R", (Symbol("J"), Space(Symbol("d"), None), Space(None, None))),
        (r"F: \mathbb{R}^{m\times n} \to \mathbb{R}", (Symbol("F"), Space(m, n), Space(None, None))),
    ],
)
def test_a_signature_reads_its_spaces(text: str, operands: tuple[tree.Node, ...]) -> None:
    found = chain(text)
    assert found.relations[0] == "colon" and found.relations[1] == "to"
    assert found.operands == operands


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (r"h \to 0", r"unsupported: \to outside a signature"),
        (r"R = 3 : 4", "unsupported: a ratio written with `:`"),
        (r"f: x \mapsto x^2", "unsupported: `:` outside a signature"),
    ],
)
def test_colons_and_arrows_elsewhere_are_refused(text: str, message: str) -> None:
    with pytest.raises(errors.UnsupportedNotation) as caught:
        latex.parse(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(("colon", "product"), [
    (r"A : B", r"\langle A, B \rangle"),
    (r"2A:B", r"\langle 2A, B \rangle"),
    (r"Mz:dz + z^TM:w", r"\langle Mz, dz \rangle + \langle z^TM, w \rangle"),  # tighter than +, looser than juxtaposition
    (r"(X\beta-y):(X\beta-y)", r"\langle (X\beta-y), (X\beta-y) \rangle"),
    (r"\mathbf{U}:\mathbf{V}", r"\langle \mathbf{U}, \mathbf{V} \rangle"),  # bold letters, not a signature's space
])
def test_a_colon_between_matrices_is_the_frobenius_product(colon: str, product: str) -> None:
    assert latex.parse(colon) == latex.parse(product)


# -- sets in declarations ------------------------------------------------------------------------

SPACES = [
    (r"x \in \mathbf{R}^n", Space(n, None)),
    (r"x \in R^n", Space(n, None)),
    (r"X \in \Bbb R^{m\times n}", Space(m, n)),
    (r"X \in \Bbb{R}^{m\times n}", Space(m, n)),
    (r"x \in \mathbb{R}^{n}", Space(n, None)),
    (r"x \in \mathbf{R}", Space(None, None)),
    (r"X \in \mathbf{R}^{m \times n}", Space(m, n)),
    (r"P \in \mathbf{S}^n", Space(n, n, structure="symmetric")),
    (r"P \in \mathbb{S}^n", Space(n, n, structure="symmetric")),
    (r"P \in \mathbb{S}^n_{++}", Space(n, n, structure="positive definite")),
    (r"P \in \mathbb{S}_{++}^n", Space(n, n, structure="positive definite")),
    (r"P \in \mathbb{S}^n_{+}", Space(n, n, structure="positive semidefinite")),
    (r"P \in \mathbf{S}^n_{++}", Space(n, n, structure="positive definite")),
    (r"P \in \mathbf{S}^p_+", Space(p, p, structure="positive semidefinite")),
]


@pytest.mark.parametrize(("text", "space"), SPACES)
def test_sets_in_declarations(text: str, space: tree.Space) -> None:
    found = chain(text)
    assert found.relations == ("in",)
    assert found.operands[1] == space


def test_a_bold_r_outside_a_declaration_is_a_matrix_name() -> None:
    assert expression(r"\mathbf{R} x") == Mul((Symbol("R"), x))


# -- transposes written as powers and primes --------------------------------------------------------


def test_x_to_the_t_parses_as_a_power_until_shapes_decide() -> None:
    assert expression("x^t x") == Mul((Power(x, t), x))
    assert expression("x'x") == Mul((tree.Prime(x), x))


def test_names_kept_from_prose_commands() -> None:
    assert expression(r"x_{\text{new}} + y_\text{ML}") == Add((Symbol("x_new"), Symbol("y_ML")))
    assert expression(r"A^{\text{T}}") == Transpose(A)
    assert expression(r"\text{and } x") == x  # prose stays prose
    assert expression(r"x \text{ for all } y") == Mul((x, y))
    assert expression(r"\mathrm{RSS}(\beta)") == Mul((Symbol("RSS"), Group((Symbol("beta"),))))
    assert expression(r"\mbox{RSS}(b)") == Mul((Symbol("RSS"), Group((Symbol("b"),))))  # a name before a parenthesis
    assert expression(r"\text{Gaussian} (x)") == Mul((Symbol("Gaussian"), Group((x,))))
    assert expression(r"-\log x") == Neg(Function("log", x))


# -- remarks in brackets ---------------------------------------------------------------------------


@pytest.mark.parametrize("remark", [
    r"\quad[\text{apply chain rule}]", r"\qquad [ \text{sum rule} ]", r"\quad (\text{by symmetry})", r"\; (\mbox{why})",
])
def test_brackets_holding_only_a_remark_go_with_it(remark: str) -> None:
    assert latex.parse(r"a = (1 + e^{-x})^{-1} " + remark) == latex.parse(r"a = (1 + e^{-x})^{-1}")


def test_parentheses_of_an_application_stay_though_they_hold_only_prose() -> None:
    with pytest.raises(errors.LatexSyntaxError):  # f(\text{RSS}) is not f: the parentheses apply it
        latex.parse(r"f(\text{the residual sum}) = 1")


@pytest.mark.parametrize("space", [r"\\[1ex]", r"\\[-2.5pt]", r"\\*", r"\\ [0.5em]", r"\\*[3mm]"])
def test_the_space_after_a_row_break_is_layout(space: str) -> None:
    from derive.checking import checker

    text = (
        "Let $A \\in \\mathbb{R}^{k \\times n}$, $x \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^k$.\n\n"
        "\\begin{align}\n(Ax - b)^T(Ax - b) &= x^TA^TAx - 2b^TAx + b^Tb " + space + "\n"
        "&= x^TA^TAx - 2x^TA^Tb + b^Tb " + space + "\n&= 2x^TA^Tb\n\\end{align}\n"
    )
    verdicts = [claim.verdict for claim in checker.check_text(text, timeout=None, oracles=["symbolic", "exact"]).claims]
    assert verdicts == ["proved", "proved", "failed"]
