"""Tests for derive.meaning.shapes: declared shapes and inference by unification."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from derive import errors, tree
from derive.meaning import shape_inference, shapes
from derive.reading import latex

Shape = shapes.Shape


def expression(text: str) -> tree.Node:
    """The first operand of the first chain of ``text``."""
    operand = latex.parse(text).chains[0].operands[0]
    assert operand is not None
    return operand


def infer(
    declared: Mapping[str, Shape], texts: list[str], *, scalars: tuple[str, ...] = ()
) -> tuple[shape_inference.Inference, list[tree.Node], list[Shape]]:
    """Run inference over ``texts`` the way the pipeline does: vectors first, then shapes."""
    inference = shape_inference.Inference(declared, scalars=scalars)
    nodes = [expression(text) for text in texts]
    inference.find_vectors(nodes)
    found = [inference.resolved(inference.shape(node)) for node in nodes]
    return inference, nodes, found


def matches(actual: Mapping[str, Shape], expected: Mapping[str, tuple[shapes.Dim, shapes.Dim]]) -> bool:
    """Whether the shapes agree, reading ``?p``-style dimensions of ``expected`` as one-to-one placeholders."""
    if set(actual) != set(expected):
        return False
    placeholders: dict[str, shapes.Dim] = {}
    for name, (rows, cols) in expected.items():
        shape = actual[name]
        for want, got in ((rows, shape.rows), (cols, shape.cols)):
            if isinstance(want, str) and want.startswith("?"):
                if placeholders.setdefault(want, got) != got:
                    return False
            elif want != got:
                return False
    values = list(placeholders.values())
    return len(values) == len(set(values)) and all(isinstance(value, str) for value in values)


# --- the Shape value -----------------------------------------------------------------------

DESCRIPTIONS = [
    (Shape(1, 1), "scalar", True, False),
    (Shape("n", 1), "column vector (n×1)", False, True),
    (Shape(1, "n"), "row vector (1×n)", False, False),
    (Shape("k", "n"), "matrix (k×n)", False, False),
    (Shape(4, 3), "matrix (4×3)", False, False),
]


@pytest.mark.parametrize(("shape", "text", "scalar", "vector"), DESCRIPTIONS)
def test_shape_descriptions(shape: Shape, text: str, scalar: bool, vector: bool) -> None:
    assert shape.describe() == text
    assert shape.is_scalar is scalar
    assert shape.is_vector is vector
    assert shape.transposed() == Shape(shape.cols, shape.rows)


SPACES = [
    (r"A \in \mathbb{R}^{k \times n}", Shape("k", "n")),
    (r"A \in \mathbb{R}^{3 \times 4}", Shape(3, 4)),
    (r"x \in \mathbb R^n", Shape("n", 1)),
    (r"x \in \mathbb{R}^{5}", Shape(5, 1)),
    (r"t \in \mathbb{R}", shapes.SCALAR),
]


@pytest.mark.parametrize(("text", "shape"), SPACES)
def test_space_shape(text: str, shape: Shape) -> None:
    space = latex.parse(text).chains[0].operands[1]
    assert isinstance(space, tree.Space)
    assert shapes.space_shape(space) == shape


def test_space_with_a_zero_dimension_is_a_shape_error() -> None:
    space = latex.parse(r"x \in \mathbb{R}^{0}").chains[0].operands[1]
    assert isinstance(space, tree.Space)
    with pytest.raises(errors.ShapeError, match="a dimension must be a name or a positive integer, not 0"):
        shapes.space_shape(space)


# --- inference -----------------------------------------------------------------------------

KN = {"A": Shape("k", "n")}

INFERENCE = [
    # (declared, expressions, scalars, shape of each expression, final symbol shapes)
    (KN, ["Ax"], (), [("k", 1)], {"A": ("k", "n"), "x": ("n", 1)}),
    (KN, ["x^TA^TAx"], (), [(1, 1)], {"A": ("k", "n"), "x": ("n", 1)}),
    (KN, ["x^TA"], (), [(1, "n")], {"A": ("k", "n"), "x": ("k", 1)}),
    (KN, ["y^TAx"], (), [(1, 1)], {"A": ("k", "n"), "x": ("n", 1), "y": ("k", 1)}),
    (KN, ["Ax - b"], (), [("k", 1)], {"A": ("k", "n"), "x": ("n", 1), "b": ("k", 1)}),
    (KN, ["A^T(Ax - b)"], (), [("n", 1)], {"A": ("k", "n"), "x": ("n", 1), "b": ("k", 1)}),
    (KN, [r"\|Ax - b\|^2"], (), [(1, 1)], {"A": ("k", "n"), "x": ("n", 1), "b": ("k", 1)}),
    (KN, ["(Ax-b)^T(Ax-b)"], (), [(1, 1)], {"A": ("k", "n"), "x": ("n", 1), "b": ("k", 1)}),
    (KN, ["A^TA + I"], (), [("n", "n")], {"A": ("k", "n")}),
    (KN, ["A I", "I A"], (), [("k", "n"), ("k", "n")], {"A": ("k", "n")}),
    (KN, [r"\frac{A}{2}"], (), [("k", "n")], {"A": ("k", "n")}),
    (KN, [r"\nabla_x x^TA^TAx", r"\nabla_x^2 x^TA^TAx"], (), [("n", 1), ("n", "n")], {"A": ("k", "n"), "x": ("n", 1)}),
    ({"x": Shape("n", 1)}, ["I x"], (), [("n", 1)], {"x": ("n", 1)}),
    ({"x": Shape("n", 1)}, [r"x^T x + \alpha"], (), [(1, 1)], {"x": ("n", 1), "alpha": (1, 1)}),
    ({"M": Shape("n", "n")}, [r"\operatorname{tr}(M)", r"\det M"], (), [(1, 1), (1, 1)], {"M": ("n", "n")}),
    # undeclared: uppercase letters are matrices, lowercase letters become vectors by use
    ({}, ["Ax"], (), [("?r", 1)], {"A": ("?r", "?c"), "x": ("?c", 1)}),
    ({}, ["Ax - b"], (), [("?r", 1)], {"A": ("?r", "?c"), "x": ("?c", 1), "b": ("?r", 1)}),
    ({}, ["b + Ax"], (), [("?r", 1)], {"A": ("?r", "?c"), "x": ("?c", 1), "b": ("?r", 1)}),
    ({}, ["x^Tx"], (), [(1, 1)], {"x": ("?n", 1)}),
    ({}, ["a^Tb"], (), [(1, 1)], {"a": ("?n", 1), "b": ("?n", 1)}),
    ({}, [r"\|x\|"], (), [(1, 1)], {"x": ("?n", 1)}),
    ({}, ["x x^T"], (), [("?n", "?n")], {"x": ("?n", 1)}),
    ({}, ["x_1^T A x_1"], (), [(1, 1)], {"x_1": ("?n", 1), "A": ("?n", "?n")}),
    ({}, ["Ax", "2x"], (), [("?r", 1), ("?c", 1)], {"A": ("?r", "?c"), "x": ("?c", 1)}),
    # Greek letters and plain lowercase letters stay scalars
    ({}, [r"\alpha x^Ty"], (), [(1, 1)], {"alpha": (1, 1), "x": ("?n", 1), "y": ("?n", 1)}),
    ({}, [r"\lambda x"], (), [(1, 1)], {"lambda": (1, 1), "x": (1, 1)}),
    ({}, [r"\Sigma x"], (), [(1, 1)], {"Sigma": (1, 1), "x": (1, 1)}),
    ({}, [r"\frac{d}{dt} t^2"], (), [(1, 1)], {"t": (1, 1)}),
    # names listed as scalars (dimensions, indices) are never vectors or matrices
    ({}, ["n x^T"], ("n",), [(1, "?n")], {"n": (1, 1), "x": ("?n", 1)}),
    ({}, ["N"], ("N",), [(1, 1)], {"N": (1, 1)}),
    # declared shapes win over conventions
    ({"B": Shape(1, 1)}, ["Bx"], (), [(1, 1)], {"B": (1, 1), "x": (1, 1)}),
    ({"v": Shape(1, "n")}, ["v A"], (), [(1, "?c")], {"v": (1, "n"), "A": ("n", "?c")}),
]


@pytest.mark.parametrize(("declared", "texts", "scalars", "results", "symbols"), INFERENCE)
def test_inference(
    declared: Mapping[str, Shape],
    texts: list[str],
    scalars: tuple[str, ...],
    results: list[tuple[shapes.Dim, shapes.Dim]],
    symbols: Mapping[str, tuple[shapes.Dim, shapes.Dim]],
) -> None:
    inference, _nodes, found = infer(declared, texts, scalars=scalars)
    table = inference.finish()
    # unknown dimensions of results are still "?k" before finish(): compare only the rigid ones
    for shape, (rows, cols) in zip(found, results):
        for got, want in ((shape.rows, rows), (shape.cols, cols)):
            if not (isinstance(want, str) and want.startswith("?")):
                assert got == want
    assert matches(table.symbols, symbols), table.symbols


def test_unknown_dimensions_get_fresh_names_that_avoid_declared_ones() -> None:
    inference, _nodes, _found = infer({"A": Shape("d1", "n")}, ["Bx", "A"])
    table = inference.finish()
    assert table.symbols["A"] == Shape("d1", "n")
    assert table.symbols["B"] == Shape("d2", "d3")
    assert table.symbols["x"] == Shape("d3", 1)
    assert table.dimensions == ("d1", "d2", "d3", "n")


def test_identity_and_zero_take_the_size_their_place_requires() -> None:
    inference = shape_inference.Inference({"A": Shape("k", "n")})
    product, lhs, rhs, plus_zero = (expression(text) for text in ("A^TA + I", "Ax", "0", "Ax + 0"))
    inference.find_vectors([product, lhs, rhs, plus_zero])
    identity = product.terms[1]  # type: ignore[union-attr]
    assert inference.shape(product) == Shape("n", "n")
    assert inference.relate(lhs, rhs) is None
    inference.shape(plus_zero)
    table = inference.finish()
    assert table.of(identity) == Shape("n", "n")
    assert table.of(rhs) == Shape("k", 1)
    assert table.of(plus_zero.terms[1]) == Shape("k", 1)  # type: ignore[union-attr]
    assert table.of(expression("Ax")) is None  # the table knows nodes by identity, not by value


def test_zero_against_zero_is_a_scalar() -> None:
    inference = shape_inference.Inference({})
    lhs, rhs = expression("0"), expression("0")
    assert inference.relate(lhs, rhs) is None
    assert inference.finish().of(lhs) == shapes.SCALAR


def test_each_identity_is_sized_separately() -> None:
    inference = shape_inference.Inference({"A": Shape("k", "n")})
    assert inference.resolved(inference.shape(expression("I A"))) == Shape("k", "n")
    assert inference.resolved(inference.shape(expression("A I"))) == Shape("k", "n")
    assert inference.resolved(inference.shape(expression("A^TA + I"))) == Shape("n", "n")


# --- relations -----------------------------------------------------------------------------

RELATIONS = [
    # (declared, lhs, rhs, mismatch or None)
    ({"x": Shape("n", 1)}, "x^T", "x", shapes.Mismatch(Shape(1, "n"), Shape("n", 1))),
    ({"x": Shape("n", 1)}, "x", "x^T", shapes.Mismatch(Shape("n", 1), Shape(1, "n"))),
    ({"x": Shape("n", 1)}, "x", "x", None),
    ({"A": Shape("k", "n"), "x": Shape("n", 1)}, "Ax", "x", shapes.Mismatch(Shape("k", 1), Shape("n", 1))),
    ({"A": Shape("k", "n"), "b": Shape("k", 1)}, "2A^T(Ax-b)", "2A^TAx - 2A^Tb", None),
    (
        {"A": Shape("k", "n"), "b": Shape("k", 1)},
        "(Ax-b)^T(Ax-b)",
        "x^TA^TAx - 2b^TAx + b^Tb",
        None,
    ),
    ({"A": Shape("n", "n")}, "A^{-1}A", "I", None),
    ({"A": Shape("k", "n")}, r"\nabla_x x^TA^TAx", "0", None),
    ({"A": Shape("k", "n")}, "A", "B", None),
]


@pytest.mark.parametrize(("declared", "lhs", "rhs", "mismatch"), RELATIONS)
def test_relate(declared: Mapping[str, Shape], lhs: str, rhs: str, mismatch: shapes.Mismatch | None) -> None:
    inference = shape_inference.Inference(declared)
    left, right = expression(lhs), expression(rhs)
    inference.find_vectors([left, right])
    assert inference.relate(left, right) == mismatch


def test_relate_unifies_an_undeclared_side() -> None:
    inference = shape_inference.Inference({"A": Shape("k", "n")})
    assert inference.relate(expression("A"), expression("B")) is None
    assert inference.finish().symbols["B"] == Shape("k", "n")


def test_a_mismatch_leaves_the_bindings_as_they_were() -> None:
    # the rows unify before the columns fail: that binding must be undone
    inference = shape_inference.Inference({"x": Shape("n", 1), "y": Shape("m", 1)})
    left, right = expression("C x^T"), expression("D y^T")
    inference.find_vectors([left, right])
    mismatch = inference.relate(left, right)
    assert mismatch is not None
    assert (mismatch.lhs.cols, mismatch.rhs.cols) == ("n", "m")
    symbols = inference.finish().symbols
    assert symbols["C"].rows != symbols["D"].rows


def test_relate_with_a_scalar_side() -> None:
    inference = shape_inference.Inference({"x": Shape("n", 1)})
    left, right = expression("x^T"), expression("y")
    inference.find_vectors([left, right])
    assert inference.relate(left, right) == shapes.Mismatch(Shape(1, "n"), shapes.SCALAR)


# --- errors --------------------------------------------------------------------------------

SHAPE_ERRORS = [
    # (declared, expression, offset, exact message)
    (
        {"A": Shape(4, 3), "b": Shape(4, 1)},
        "A b",
        2,
        "cannot multiply A (4×3) by b (4×1): 3 columns against 4 rows (shapes so far: A: 4×3; b: 4×1)",
    ),
    (
        {"A": Shape("k", "n"), "x": Shape("m", 1)},
        "Ax",
        1,
        "cannot multiply A (k×n) by x (m×1): n columns against m rows (shapes so far: A: k×n; x: m×1)",
    ),
    (
        {"A": Shape("k", "n")},
        "A + I",
        4,
        "cannot add I, a matrix (k×k), to a matrix (k×n) (shapes so far: A: k×n)",
    ),
    (
        {"x": Shape("n", 1)},
        "x + 1",
        4,
        "cannot add 1, a scalar, to a column vector (n×1) (shapes so far: x: n×1)",
    ),
    ({"A": Shape("k", "n")}, "A^{-1}", 0, "cannot invert A: it is k×n, not square (shapes so far: A: k×n)"),
    ({"A": Shape(2, 3)}, "A^2", 0, "cannot raise to a power A: it is 2×3, not square (shapes so far: A: 2×3)"),
    (
        {"A": Shape("k", "n")},
        r"\operatorname{tr}(A)",
        18,
        "cannot take the trace of A: it is k×n, not square (shapes so far: A: k×n)",
    ),
    ({"A": Shape("k", "n")}, r"\frac{2}{A}", 8, "cannot divide by A, a matrix (k×n)"),
]


@pytest.mark.parametrize(("declared", "text", "offset", "message"), SHAPE_ERRORS)
def test_shape_errors_name_both_shapes(declared: Mapping[str, Shape], text: str, offset: int, message: str) -> None:
    with pytest.raises(errors.ShapeError) as caught:
        infer(declared, [text])
    assert caught.value.message == message
    assert caught.value.offset == offset


UNSUPPORTED = [
    ({"A": Shape("k", "n")}, r"\nabla_x Ax", "unsupported: the gradient of a column vector (k×1) (a Jacobian)"),
    ({"A": Shape("k", "n")}, r"\nabla x^TA^TAx", "unsupported: \\nabla without a variable"),
    ({"x": Shape("n", 1)}, r"\frac{d}{dx} x", "unsupported: the gradient of a column vector (n×1) (a Jacobian)"),
    ({"A": Shape("k", "n")}, r"\operatorname{diag}(A)", "unsupported: diag of a matrix (only diag(v) of a vector)"),
    ({}, "(a, b)", "unsupported: a tuple"),
]


@pytest.mark.parametrize(("declared", "text", "message"), UNSUPPORTED)
def test_unsupported_shapes(declared: Mapping[str, Shape], text: str, message: str) -> None:
    with pytest.raises(errors.UnsupportedNotation) as caught:
        infer(declared, [text])
    assert str(caught.value) == message


# --- bugs ----------------------------------------------------------------------------------



@pytest.mark.parametrize(
    ("declared", "text", "name", "shape"),
    [
        pytest.param(KN, "Ax - 2b", "b", Shape("k", 1), id="Ax-2b"),
        pytest.param({"x": Shape("n", 1)}, r"x - \alpha g", "g", Shape("n", 1), id="step"),
        pytest.param(KN, "Ax - 0", "x", Shape("n", 1), id="minus-zero"),
    ],
)
def test_vectors_inside_scaled_terms(declared: Mapping[str, Shape], text: str, name: str, shape: Shape) -> None:
    inference, _nodes, _found = infer(declared, [text])
    assert inference.finish().symbols[name] == shape


def test_scaled_term_does_not_shrink_an_undeclared_matrix() -> None:
    inference, _nodes, _found = infer({}, ["Ax - 2b"])
    table = inference.finish()
    assert table.symbols["A"].rows != 1
    assert table.symbols["b"].cols == 1 and table.symbols["b"].rows == table.symbols["A"].rows
