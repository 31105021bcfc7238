"""Hostile formulas: the checker refuses them or leaves them undecided, quickly, and runs nothing.

Each case goes through ``checker.check_text`` with every oracle. It must finish within
``BOUND_S`` (a generous guard against hangs, not a performance target) and end in an
``errors.InputError`` or in claims whose verdicts the case allows. Cases that name a
sentinel file prove that no shell command ran: the file must not exist afterwards.

The cases named ``was-bug-…`` were bugs found while writing this table (an exception
that was not an InputError, or a hang); they stay as regression tests.
"""

from __future__ import annotations

import dataclasses
import pathlib
import time

import hang_guard
import numpy as np
import pytest

from derive import results
from derive.checking import checker

BOUND_S = 5.0
UNDECIDED = frozenset({results.UNCHECKED, results.FAILED})
PASSWD_LINE = "root:x:0:0"  # what /etc/passwd would leak into a message


Hang = hang_guard.Hang
_alarm = hang_guard.alarm


@dataclasses.dataclass(frozen=True)
class Case:
    """A hostile formula and what may come of it."""

    formula: str
    not_read: bool = False  # reported as a located read error (the document goes on), not as claims
    verdicts: frozenset[str] = UNDECIDED  # the verdicts its claims may get
    message: str = ""  # a fragment of the error or of some claim's message
    sentinel: pathlib.Path | None = None  # a file that exists only if a command ran


CASES = [
    pytest.param(
        Case("9^{9^{9}} = 1", message="exponent above 32"),
        id="power-tower",
    ),
    pytest.param(Case("x^{99999999} = x"), id="huge-exponent"),
    pytest.param(
        Case("(" * 200 + "x" + ")" * 200, verdicts=frozenset({results.UNCHECKED}), message="nested more than"),
        id="200-nested-parentheses",
    ),
    pytest.param(
        Case("x + " * 25_000 + "x", verdicts=frozenset({results.UNCHECKED}), message="formula too long"),
        id="100-kB-formula",
    ),
    pytest.param(
        Case("\\input{/etc/passwd}", message="unsupported: \\input"),
        id="input-file",
    ),
    pytest.param(
        Case(
            "\\write18{touch /tmp/derive_pwned}",
            message="unsupported: \\write",
            sentinel=pathlib.Path("/tmp/derive_pwned"),
        ),
        id="write18-shell-escape",
    ),
    # The \text{…} is prose and is dropped unread; what is left, x = x, is true, and derive
    # reads a lone `x = …` as a definition: stated is the right verdict, not a failure.
    pytest.param(
        Case(
            "\\text{__import__('os').system('touch /tmp/derive_pwned2')} x = x",
            verdicts=frozenset({results.STATED, results.PROVED, *UNDECIDED}),
            sentinel=pathlib.Path("/tmp/derive_pwned2"),
        ),
        id="python-in-text",
    ),
    pytest.param(
        Case("\\def\\x{\\x} \\x = 1", message="expands without end"),
        id="def-macro",
    ),
    pytest.param(
        Case("\\left( x = x", not_read=True, message="a `\\left` is never closed"),
        id="unbalanced-left-with-relation",
    ),
    pytest.param(
        Case("\\left( x", not_read=True, message="add the matching `\\right`"),
        id="unbalanced-left",
    ),
    # -- bugs: each escapes as something other than an InputError, or hangs ---------------------
    pytest.param(
        Case("\\sum_{i=1}^{1000000000} i = 1", message="more than 500 terms"),
        id="was-bug-sum-of-a-billion-terms",
    ),
    pytest.param(
        Case("\\frac{1}{0} = 1"),
        id="was-bug-division-by-zero",
    ),
    pytest.param(
        Case("\\sum_{i=1}^{k} x = 1"),
        id="was-bug-sum-to-undeclared-bound",
    ),
    pytest.param(
        Case("2^{64} = 1"),
        id="was-bug-integer-past-int64",
    ),
    pytest.param(
        Case("\\frac{d^{3}}{dt^{3}} t = 0", verdicts=frozenset({"proved"})),  # true: GradientTape abstains
        id="was-bug-third-derivative",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Pay for the parser, SymPy, NumPy and TensorFlow once, outside the bounds."""
    checker.check_text("$$ x(t) = t^2 $$\n\n$$ \\frac{dx}{dt} = 2t $$\n\n$$ (A^T)^T = A $$")


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_is_refused_or_undecided_and_runs_nothing(case: Case) -> None:
    if case.sentinel is not None:
        case.sentinel.unlink(missing_ok=True)
    start = time.perf_counter()
    with _alarm(BOUND_S + 1):
        outcome = checker.check_text("$$ " + case.formula + " $$")
    if case.not_read:
        assert not outcome.claims and len(outcome.errors) == 1, (outcome.claims, outcome.errors)
        assert (outcome.errors[0].line, outcome.errors[0].kind) == (1, "syntax")
        said = outcome.errors[0].message
    else:
        assert not outcome.errors, outcome.errors
        assert outcome.claims, "no claim was read"
        assert {claim.verdict for claim in outcome.claims} <= case.verdicts, outcome.claims
        said = " ".join(claim.message or "" for claim in outcome.claims)
    elapsed = time.perf_counter() - start
    assert case.message in said
    assert PASSWD_LINE not in said
    if case.sentinel is not None:
        assert not case.sentinel.exists(), f"{case.sentinel} was created: a command ran"
    assert elapsed < BOUND_S, f"took {elapsed:.2f} s"


# -- a step annotated with prose: the step is checked, the prose is never read -------------------

QUADRATIC_FORM_STEP = r"\nabla_x (x^T A x) = A x"  # wrong: the gradient is (A + A^T) x
DECLARATIONS = "Let $A \\in \\mathbb{R}^{n\\times n}$, $x \\in \\mathbb{R}^n$.\n\n"
TOUCHED = "x"  # the file `\write18{touch x}` would create in the working directory

ANNOTATIONS = [
    pytest.param(r"\quad \text{\input{/etc/passwd}}", id="quad-text-input"),
    pytest.param(r"\qquad \text{\input{/etc/passwd}}", id="qquad-text-input"),
    pytest.param(r"\quad \text{\write18{touch x}}", id="quad-text-write18"),
    pytest.param(r"\quad \text{(by symmetry)}", id="quad-text-by-symmetry"),
]


@pytest.mark.parametrize("declarations", [DECLARATIONS, ""], ids=["declared", "inferred"])
@pytest.mark.parametrize("annotation", ANNOTATIONS)
def test_a_step_followed_by_prose_is_checked_and_fails_with_a_counterexample(
    annotation: str, declarations: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    document = f"{declarations}$$ {QUADRATIC_FORM_STEP} {annotation} $$\n"
    with _alarm(BOUND_S + 1):
        outcome = checker.check_text(document, path="annotated.md")
    (claim,) = outcome.claims
    assert (claim.latex, claim.kind, claim.verdict) == (QUADRATIC_FORM_STEP, "derivative", results.FAILED)
    assert claim.line == document.count("\n", 0, document.index("$$")) + 1
    assert "A^Tx" in (claim.message or "")  # the derivative derive computed: Ax + A^Tx
    example = claim.counterexample
    assert example is not None
    a = np.asarray(example.values["A"], dtype=float)
    x = np.asarray(example.values["x"], dtype=float)
    np.testing.assert_allclose(np.ravel(example.lhs), np.ravel((a + a.T) @ x))  # the true gradient
    np.testing.assert_allclose(np.ravel(example.rhs), np.ravel(a @ x))  # the claimed one
    assert not np.allclose(np.ravel(example.lhs), np.ravel(example.rhs))
    said = " ".join([claim.message or "", *(evidence.detail for evidence in claim.evidence)])
    assert PASSWD_LINE not in said and "passwd" not in said and "write18" not in said
    assert not (tmp_path / TOUCHED).exists(), "a command in the prose ran"
