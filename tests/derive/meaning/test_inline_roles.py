"""Inline math in its role (the meaning issue, section 2): conditions, values and definitions in a
sentence are listed, not checked as identities; an inline identity that is a claim is still checked."""

from __future__ import annotations

import pytest

from derive.checking import checker


def _roles(text: str) -> list[tuple[str, str, str]]:
    result = checker.check_text(text, path="notes.md", oracles=["symbolic", "exact", "float"])
    return [(claim.latex, claim.verdict, claim.message) for claim in result.claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            r"Let $X \in \mathbb{R}^{n\times n}$ with $\det X > 0$ and $x \neq a$, $p > N$.",
            [
                ("\\det X > 0", "stated", "a condition (after \u201cwith\u201d): nothing to check"),
                ("x \\neq a", "stated", "a condition: nothing to check"),
                ("p > N", "stated", "a condition: nothing to check"),
            ],
            id="inequalities-are-conditions",
        ),
        pytest.param(
            "The body stops when $v(t) = 0$; if $x = 2$ the sum is even, at $t = 4$ it turns.",
            [
                ("v(t) = 0", "stated", "a condition (after \u201cwhen\u201d): nothing to check"),
                ("x = 2", "stated", "a value: nothing to check"),
                ("t = 4", "stated", "a value: nothing to check"),
            ],
            id="after-when-if-at",
        ),
        pytest.param(
            "Here $x^Tx = 1$ holds if $\\|x\\|^2 = x^Tx + 1$.",
            [("x^Tx = 1", "failed", None), ("\\|x\\|^2 = x^Tx + 1", "stated", "a condition (after \u201cif\u201d): nothing to check")],
            id="a-false-condition-is-not-a-failed-claim",
        ),
        pytest.param(
            "with the residual $r = Ax - b$, where $\\omega = \\sqrt{k/m}$; the roots are $t = 1, 3$.",
            [
                ("r = Ax - b", "stated", "a definition: nothing to check"),
                ("\\omega = \\sqrt{k/m}", "stated", "a definition: nothing to check"),
                ("t = 1", "stated", "a value: nothing to check"),
            ],
            id="definitions-and-values",
        ),
        pytest.param(
            "Note that $b^TAx = x^TA^Tb$, but not $b^TAx = x^TAb$.",
            [("b^TAx = x^TA^Tb", "proved", None), ("b^TAx = x^TAb", "failed", None)],
            id="an-inline-identity-is-still-checked",
        ),
    ],
)
def test_inline_relations_take_their_role_from_the_sentence(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = _roles(text)
    assert [(latex, verdict) for latex, verdict, _ in found] == [(latex, verdict) for latex, verdict, _ in expected]
    for (_, _, message), (_, _, said) in zip(found, expected):
        if said is not None:
            assert message == said


def test_a_display_led_in_by_when_is_a_condition() -> None:
    found = _roles("$$ x(t) = t^3 $$\n\nWhen\n\n$$ t = 3 $$\n\nthe position is\n\n$$ x(3) = 27 $$")
    assert [(latex, verdict) for latex, verdict, _ in found] == [
        ("x(t) = t^3", "stated"), ("t = 3", "stated"), ("x(3) = 27", "proved")
    ]
    assert found[1][2] == "a condition (after \u201cwhen\u201d): nothing to check"


def test_the_links_after_one_that_cannot_be_read_are_still_checked() -> None:
    found = _roles("$$ v = dx/dt $$\n\n$$ v(3) = -12(3)^2 + 16(3) + 1 = -108 + 48 + 1 = -58 $$")
    assert [(latex, verdict) for latex, verdict, _ in found] == [
        ("v = dx/dt", "stated"),
        ("v(3) = -12(3)^2 + 16(3) + 1", "unchecked"),
        ("-12(3)^2 + 16(3) + 1 = -108 + 48 + 1", "proved"),
        ("-108 + 48 + 1 = -58", "failed"),
    ]


def test_three_free_indices_are_unchecked_not_a_matrix_named_so() -> None:
    found = _roles(
        r"Let $A, X, B \in \mathbb{R}^{n\times n}$." "\n\n"
        "$$ \\operatorname{tr}(AXB) = A_{ij}X_{jk}B_{ki} $$"
    )
    assert [verdict for _, verdict, _ in found] == ["unchecked"]
    assert found[0][2].startswith("unsupported: the entry A_{ij} with more free indices than a relation holds")
    assert "<!-- derive: einstein -->" in found[0][2]


@pytest.mark.parametrize(
    ("equation", "verdicts"),
    [
        pytest.param(
            "$$ 3t^2 - 12t + 9 = 0 $$\n\nThe roots are $t = 1, 3$, not $t = 1, 2$.",
            ["stated", "proved", "proved", "proved", "failed"],
            id="after-a-display-equation",
        ),
        pytest.param("$$ v(t) = 3t^2 - 12t + 9 $$\n\nIt rests when $v(t) = 0$, at $t = 1, 3$ (not $t = 2, 3$).",
                     ["stated", "stated", "proved", "proved", "failed", "proved"], id="after-a-condition"),
    ],
)
def test_a_list_of_roots_is_checked_by_substitution(equation: str, verdicts: list[str]) -> None:
    result = checker.check_text(equation, path="notes.md", oracles=["symbolic", "solution"])
    found = [(claim.latex, claim.verdict, claim.message) for claim in result.claims]
    assert [verdict for _, verdict, _ in found] == verdicts
    roots = [latex for latex, _, _ in found if latex.startswith("t = ")]
    assert roots[:2] == ["t = 1", "t = 3"]


def test_an_equation_in_one_unknown_is_not_a_failed_identity_but_a_true_identity_is_proved() -> None:
    found = _roles("$$ 3t^2 - 12t + 9 = 0 $$\n\n$$ (s + 1)^2 - s^2 - 2s - 1 = 0 $$")
    assert [(verdict, message) for _, verdict, message in found] == [("stated", "an equation to solve"), ("proved", None)]


def test_a_definition_further_on_binds_the_uses_before_it() -> None:
    found = _roles(
        r"Let $A \in \mathbb{R}^{m\times n}$, $b \in \mathbb{R}^m$, $x, h \in \mathbb{R}^n$." "\n\n"
        "$$ \\|r\\|^2 = x^TA^TAx - 2b^TAx + b^Tb $$\n\nwhere $r = Ax - b$, and\n\n"
        "$$ \\|r\\|^2 = x^TA^TAx - b^Tb $$\n\n"
        "$$ f(x + h) - f(x) = r_x(h) $$\n\n"
        "with $f(x) = \\|Ax - b\\|^2$ and $r_x(h) = 2h^TA^T(Ax - b) + h^TA^TAh$."
    )
    assert [(latex, verdict) for latex, verdict, _ in found] == [
        ("\\|r\\|^2 = x^TA^TAx - 2b^TAx + b^Tb", "proved"),
        ("r = Ax - b", "stated"),
        ("\\|r\\|^2 = x^TA^TAx - b^Tb", "failed"),
        ("f(x + h) - f(x) = r_x(h)", "proved"),
        ("f(x) = \\|Ax - b\\|^2", "stated"),
        ("r_x(h) = 2h^TA^T(Ax - b) + h^TA^TAh", "stated"),
    ]


def test_a_value_given_later_never_makes_an_earlier_step_hold() -> None:
    # x = 2 solves x^2 = 2x, but the step claims it for every x
    found = _roles("$$ x^2 = 2x $$\n\nso that\n\n$$ x = 2 $$\n\nand with $y = 3$, $$ y^2 = 3y $$")
    assert [verdict for _, verdict, _ in found][0] == "failed"
