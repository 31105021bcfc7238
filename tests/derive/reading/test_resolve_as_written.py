"""Tests for derive.reading.resolve: names as authors use them, once the document has defined them."""

from __future__ import annotations

import pytest

from derive import errors, tree
from derive.reading import latex, names, resolve
from derive.tree import Apply, Derivative, Function, Group, Indexed, Mul, Number, Power, Prime, Symbol, Transpose

x, t, w, X, A, J, L, i = (Symbol(name) for name in ("x", "t", "w", "X", "A", "J", "L", "i"))
theta, mu, Sigma = Symbol("theta"), Symbol("mu"), Symbol("Sigma")


def expression(text: str) -> tree.Node:
    (chain,) = latex.parse(text).chains
    (operand,) = chain.operands
    assert operand is not None
    return operand


def defined(*definitions: str) -> dict[str, resolve.FunctionDefinition]:
    """Functions from ``name(params) = body`` texts, as the classifier records them."""
    found: dict[str, resolve.FunctionDefinition] = {}
    for text in definitions:
        (chain,) = latex.parse(text).chains
        lhs, body = chain.operands
        assert lhs is not None and body is not None
        head = resolve.definition_head(lhs) or (lhs.name if isinstance(lhs, Symbol) else "", ())
        assert isinstance(head[0], str)
        found[head[0]] = resolve.FunctionDefinition(head[0], tuple(head[1]), body)
    return found


def resolved(text: str, *definitions: str, matrices: frozenset[str] = frozenset({"X", "A"}), vectors: frozenset[str] = frozenset()) -> tree.Node:
    return resolve.Resolver(defined(*definitions), matrices, vectors).resolve(expression(text))


# (definition heads as written, name, parameters)
HEADS = [
    (r"J(\theta)", "J", ("theta",)),
    (r"L(w)", "L", ("w",)),
    (r"E_D(\mathbf w)", "E_D", ("w",)),
    (r"S(\beta)", "S", ("beta",)),
    (r"U(t)", "U", ("t",)),
    (r"\mathrm{RSS}(\beta)", "RSS", ("beta",)),
    (r"\ell(\mu)", "ell", ("mu",)),
    (r"\mathcal{L}(x, \lambda)", "ℒ", ("x", "lambda")),
    (r"r_x(h)", "r_x", ("h",)),
    (r"p(\mathbf X \mid \mu, \Sigma)", "p", ("X", "mu", "Sigma")),
    (r"p(x | \mu)", "p", ("x", "mu")),
]


@pytest.mark.parametrize(("text", "name", "parameters"), HEADS)
def test_any_name_can_head_a_definition(text: str, name: str, parameters: tuple[str, ...]) -> None:
    assert resolve.definition_head(expression(text)) == (name, parameters)


def test_a_defined_uppercase_name_is_applied() -> None:
    J_BODY = Mul((Transpose(theta), theta))
    node = resolved(r"J(\theta)", r"J(\theta) = \theta^T\theta")
    assert node == Apply(J, (theta,), J_BODY)


def test_an_undefined_uppercase_name_is_a_matrix_times_its_parenthesis() -> None:
    assert resolved(r"A(x)") == Mul((A, Group((x,))))


# (expression, definitions, resolved)
COMPOSED = [
    (r"\log L(\mu)", [r"L(\mu) = \mu^2"], Function("log", Apply(L, (mu,), Power(mu, Number("2"))))),
    (r"-\log L(\mu)", [r"L(\mu) = \mu^2"], tree.Neg(Function("log", Apply(L, (mu,), Power(mu, Number("2")))))),
    (r"\log^2 L(\mu)", [r"L(\mu) = \mu"], Power(Function("log", Apply(L, (mu,), mu)), Number("2"))),
    (r"\exp\log L(\mu)", [r"L(\mu) = \mu"], Function("exp", Function("log", Apply(L, (mu,), mu)))),
    (
        r"\log p(x \mid \mu)",
        [r"p(x | \mu) = x\mu"],
        Function("log", Apply(Symbol("p"), (x, mu), Mul((x, mu)))),
    ),
    (r"\log x(t)", [], Mul((Function("log", x), Group((t,))))),  # x is no function: log(x) times (t)
]


@pytest.mark.parametrize(("text", "definitions", "expected"), COMPOSED)
def test_applications_compose(text: str, definitions: list[str], expected: tree.Node) -> None:
    assert resolved(text, *definitions) == expected


def test_primes_of_defined_functions_whatever_their_case() -> None:
    G = Symbol("G")
    cubed = Power(Symbol("v"), Number("3"))
    found = resolved(r"G'(v)", r"G(v) = v^3")
    assert found == Derivative(Apply(G, (Symbol("v"),), cubed), Symbol("v"), 1, False)
    found = resolved(r"G''(v)", r"G(v) = v^3")
    assert isinstance(found, Derivative) and found.order == 2


@pytest.mark.parametrize(("text", "order"), [(r"\dot x", 1), (r"\ddot x", 2), (r"\dot x(t)", 1)])
def test_dots_are_time_derivatives_of_a_function_of_t(text: str, order: int) -> None:
    found = resolved(text, "x(t) = t^3")
    assert found == Derivative(Apply(x, (t,), Power(t, Number("3"))), t, order, False)


def test_a_dot_on_a_value_written_in_t_is_its_rate() -> None:
    body = Power(t, Number("3"))
    assert resolved(r"\ddot x", "x = t^3") == Derivative(Apply(x, (), body), t, 2, False)
    assert resolved(r"\dot y", "y = 3") == Symbol("y" + names.DOT)  # no t in it: a name


def test_a_dot_on_a_name_that_is_no_function_is_a_name() -> None:
    assert resolved(r"\dot x") == Symbol("x" + names.DOT)


def test_d_subscript_before_a_defined_function_is_its_derivative() -> None:
    body = Mul((Transpose(x), A, x))
    found = resolved(r"D_x f(x)", "f(x) = x^TAx")
    assert found == Derivative(Apply(Symbol("f"), (x,), body), x, 1, False)
    assert resolved(r"D_x y") == Mul((Symbol("D_x"), Symbol("y")))  # no function follows: a name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"|X|", Function("det", X)),
        (r"\log|X|", Function("log", Function("det", X))),
        (r"|X^T|", Function("det", Transpose(X))),
        (r"|\Sigma|", Function("det", Sigma)),
        (r"|t|", Function("abs", t)),
    ],
)
def test_bars_around_a_matrix_are_its_determinant(text: str, expected: tree.Node) -> None:
    assert resolve.Resolver({}, frozenset({"X", "Sigma"}), frozenset()).resolve(expression(text)) == expected


def test_a_parenthesised_superscript_index_in_a_sum_is_a_row_or_an_entry() -> None:
    found = resolved(r"\sum_{i=1}^{m} (\theta^T x^{(i)} - y^{(i)})^2", matrices=frozenset({"X"}), vectors=frozenset({"y"}))
    assert isinstance(found, tree.Sum)
    indexed = [node for node in tree.walk(found.body) if isinstance(node, Indexed)]
    assert indexed == [Indexed(X, i, "row"), Indexed(Symbol("y"), i, "entry")]


def test_an_upright_word_must_be_defined() -> None:
    with pytest.raises(errors.UnsupportedNotation, match="softmax, which the document does not define"):
        resolved(r"\mathrm{softmax}(x)")
    found = resolved(r"\mathrm{RSS}(w)", r"\mathrm{RSS}(w) = w^2")
    assert isinstance(found, Apply) and found.function == Symbol("RSS")


def test_a_bare_defined_name_stands_for_its_value() -> None:
    found = resolved("J", r"J(\theta) = \theta^2")
    assert found == Apply(J, (theta,), Power(theta, Number("2")))


def test_prime_of_an_undefined_uppercase_name_stays_a_transpose() -> None:
    assert resolved("A'(x)") == Mul((Transpose(A), Group((x,))))
    assert resolved("x'") == Transpose(x)
    assert resolved("A'") == Transpose(A)
    assert isinstance(expression("A'"), Prime)
