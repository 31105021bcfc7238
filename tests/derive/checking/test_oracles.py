"""The numeric oracles as `derive check` runs them: each on its own, hard instances, verdicts."""

from __future__ import annotations

import re

import numpy as np
import pytest

from derive import results
from derive.checking import checker, claim_checker

LEAST_SQUARES = r"Let $A \in \mathbb{R}^{k \times n}$, $b \in \mathbb{R}^k$, $x \in \mathbb{R}^n$."
SQUARE = r"Let $C, D \in \mathbb{R}^{n \times n}$, $A \in \mathbb{R}^{k \times n}$."


def _one(text: str, **options: object) -> results.ClaimResult:
    outcome = checker.check_text(text, **options)  # type: ignore[arg-type]
    assert len(outcome.claims) == 1, outcome.claims
    return outcome.claims[0]


def _evidence(claim: results.ClaimResult, oracle: str) -> results.Evidence:
    found = [e for e in claim.evidence if e.oracle == oracle]
    assert len(found) == 1, claim.evidence
    return found[0]


GRADIENT = LEAST_SQUARES + "\n\n$$ \\nabla_x \\|Ax - b\\|_2^2 = @ $$\n"
HESSIAN = LEAST_SQUARES + "\n\n$$ \\nabla^2_x \\|Ax - b\\|_2^2 = @ $$\n"
IDENTITY = SQUARE + "\n\n$$ @ $$\n"

CASES = [
    pytest.param(GRADIENT, "2A^TAx - 2A^Tb", "2A^TAx - A^Tb", id="gradient"),
    pytest.param(HESSIAN, "2A^TA", "A^TA", id="hessian"),
]


@pytest.mark.parametrize("oracle", ["float", "autodiff", "taylor"])
@pytest.mark.parametrize(("template", "right", "wrong"), CASES)
def test_each_derivative_oracle_alone_passes_the_right_claim_and_refutes_the_wrong_one(
    oracle: str, template: str, right: str, wrong: str
) -> None:
    good = _one(template.replace("@", right), oracles=[oracle])
    bad = _one(template.replace("@", wrong), oracles=[oracle])
    assert good.verdict in (results.PROVED, results.CONSISTENT), good
    assert _evidence(good, oracle).agrees is True
    assert bad.verdict == results.FAILED
    assert _evidence(bad, oracle).agrees is False


@pytest.mark.parametrize("oracle", ["exact", "float"])
def test_each_identity_oracle_alone_passes_the_right_identity_and_refutes_the_wrong_one(oracle: str) -> None:
    good = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), oracles=[oracle])
    bad = _one(IDENTITY.replace("@", "(CD)^T = C^TD^T"), oracles=[oracle])
    assert good.verdict in results.PASSING and _evidence(good, oracle).agrees is True
    assert bad.verdict == results.FAILED and _evidence(bad, oracle).agrees is False


def test_exact_agreement_is_verified_with_its_schwartz_zippel_bound() -> None:
    claim = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), oracles=["exact"])
    assert claim.verdict == results.VERIFIED
    bound = _evidence(claim, "exact").error_bound
    assert bound is not None and 0 < bound <= 1e-9
    assert "Schwartz–Zippel" in _evidence(claim, "exact").detail


def test_a_symbolic_proof_outranks_exact_verification() -> None:
    claim = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"))
    assert claim.verdict == results.PROVED
    assert {e.oracle for e in claim.evidence if e.agrees} == {"symbolic", "exact", "float"}


def test_without_a_rational_form_exact_agreement_is_only_consistent() -> None:
    # e^{tr C} has no Schwartz–Zippel bound: at integer C it is irrational, so exact abstains
    claim = _one(IDENTITY.replace("@", r"e^{\operatorname{tr}(C)} e^{\operatorname{tr}(D)} = e^{\operatorname{tr}(C + D)}"), oracles=["exact", "float"])
    assert claim.verdict == results.CONSISTENT
    assert _evidence(claim, "exact").agrees is None


HARD_IDENTITIES = [  # (identity, whether its ill-conditioned draws have float64 values)
    (r"C^{-1}C = I", True),
    (r"(C^{-1})^T = (C^T)^{-1}", True),
    (r"\det(CD) = \det(C)\det(D)", True),
    (r"\operatorname{tr}(CD) = \operatorname{tr}(DC)", True),
    (r"C(D + I)^T = CD^T + C", True),
    (r"(CD)^{-1} = D^{-1}C^{-1}", False),  # cond(CD) ≈ 1e20: numerically singular, skipped
    (r"A(A^TA)^{-1}A^TA = A", False),
]


def test_float_oracle_has_no_false_failure_on_a_thousand_hard_instances() -> None:
    """Ill-conditioned (cond 1e10) and rank-deficient draws included; rounding is settled at 50 digits."""
    counted = 0
    for seed in range(3):
        for formula, conditioned in HARD_IDENTITIES:
            claim = _one(IDENTITY.replace("@", formula), oracles=["float"], seed=seed)
            evidence = _evidence(claim, "float")
            assert claim.verdict in results.PASSING, (formula, seed, evidence.detail)
            counted += int(re.match(r"(\d+) float64 instances", evidence.detail).group(1))  # type: ignore[union-attr]
            assert ("ill-conditioned" in evidence.detail) == conditioned, evidence.detail
    assert counted >= 1000


def test_ill_conditioned_instances_still_refute_a_wrong_identity() -> None:
    claim = _one(IDENTITY.replace("@", r"(CD)^{-1} = C^{-1}D^{-1}"), oracles=["float"])
    assert claim.verdict == results.FAILED


@pytest.mark.parametrize(
    ("template", "claimed", "expected", "low", "high"),
    [
        (GRADIENT, "2A^T(Ax - b)", 2.0, 1.6, 2.6),
        (GRADIENT, "2A^TAx - A^Tb", 2.0, 0.6, 1.4),
    ],
)
def test_taylor_series_is_kept_with_its_observed_order(
    template: str, claimed: str, expected: float, low: float, high: float
) -> None:
    claim = _one(template.replace("@", claimed), oracles=["taylor"])
    assert claim.taylor is not None
    assert claim.taylor.expected == expected
    assert len(claim.taylor.steps) == len(claim.taylor.remainders) >= 10
    assert claim.taylor.order is not None and low <= claim.taylor.order <= high


def test_taylor_series_of_a_second_derivative_has_order_three() -> None:
    claim = _one("Let $t \\in \\mathbb{R}$.\n\n$$ \\frac{d^2}{dt^2} t^4 = 12t^2 $$\n", oracles=["taylor"])
    assert claim.verdict == results.CONSISTENT
    assert claim.taylor is not None and claim.taylor.expected == 3.0
    assert claim.taylor.order is not None and 2.6 <= claim.taylor.order <= 3.6
    wrong = _one("Let $t \\in \\mathbb{R}$.\n\n$$ \\frac{d^2}{dt^2} t^4 = 12t $$\n", oracles=["taylor"])
    assert wrong.verdict == results.FAILED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LEAST_SQUARES + "\n\n$$ \\nabla_x (b^TAx) = A^Tb $$\n", 2.0),  # linear: r1 is rounding only
        (HESSIAN.replace("@", "2A^TA"), 3.0),  # quadratic: r2 is rounding only
    ],
)
def test_a_remainder_at_the_rounding_floor_is_read_as_exact(text: str, expected: float) -> None:
    claim = _one(text, oracles=["taylor"])
    assert claim.verdict == results.CONSISTENT
    assert claim.taylor is not None and claim.taylor.order is None and claim.taylor.expected == expected
    assert "rounding floor" in _evidence(claim, "taylor").detail


def test_large_hessians_are_checked_by_hessian_vector_products() -> None:
    text = (
        r"Let $A \in \mathbb{R}^{90 \times 70}$, $b \in \mathbb{R}^{90}$, $x \in \mathbb{R}^{70}$."
        "\n\n$$ \\nabla^2_x \\|Ax - b\\|_2^2 = @ $$\n"
    )
    good = _one(text.replace("@", "2A^TA"), oracles=["autodiff"])
    assert good.verdict == results.CONSISTENT
    assert "Hessian-vector products" in _evidence(good, "autodiff").detail
    bad = _one(text.replace("@", "2A^TA + I"), oracles=["autodiff"])
    assert bad.verdict == results.FAILED


def test_minimal_counterexample_for_a_gradient_is_one_by_one_with_single_digits() -> None:
    claim = _one(LEAST_SQUARES + "\n\n$$ \\nabla_x (x^TA^TAx) = A^TAx $$\n")
    example = claim.counterexample
    assert example is not None
    assert set(example.dimensions.values()) == {1}
    entries = [abs(v) for value in example.values.values() for v in np.ravel(value)]
    assert entries and max(entries) <= 9 and all(float(v).is_integer() for v in entries)
    assert example.lhs != example.rhs


def test_minimal_counterexample_for_a_transpose_is_two_by_two() -> None:
    claim = _one(r"Let $A, C \in \mathbb{R}^{n \times n}$." + "\n\n$$ (AC)^T = A^TC^T $$\n")
    example = claim.counterexample
    assert example is not None and example.dimensions == {"n": 2}
    left, right = np.array(example.lhs), np.array(example.rhs)
    a, c = np.array(example.values["A"]), np.array(example.values["C"])
    np.testing.assert_array_equal(left, (a @ c).T)
    np.testing.assert_array_equal(right, a.T @ c.T)
    assert not np.array_equal(left, right)


def test_the_same_seed_gives_the_same_counterexample() -> None:
    text = r"Let $A, C \in \mathbb{R}^{n \times n}$." + "\n\n$$ (AC)^T = A^TC^T $$\n"
    assert _one(text, seed=7).counterexample == _one(text, seed=7).counterexample


def test_a_float_dissent_from_a_proof_is_a_stated_disagreement_not_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.checking.oracles import identity

    def lying(*_: object) -> object:
        from derive.checking.sampling import Finding

        return Finding((results.Evidence("float", "pretends to differ", False),))

    monkeypatch.setattr(identity, "floating_point", lying)
    claim = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), timeout=None)  # in this process, where the patch is
    assert claim.verdict == results.PROVED
    assert claim.counterexample is None
    assert claim.message is not None and "oracles disagree" in claim.message
    assert "symbolic and exact prove this" in claim.message and "float refutes it (pretends to differ)" in claim.message


def test_an_exact_refutation_of_a_proof_is_an_internal_inconsistency(monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.checking.oracles import identity

    def lying(*_: object) -> object:
        from derive.checking.sampling import Finding

        return Finding((results.Evidence("exact", "pretends to differ", False),))

    monkeypatch.setattr(identity, "exact_rational", lying)
    claim = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), timeout=None)  # in this process, where the patch is
    assert claim.verdict == results.FAILED
    assert claim.message is not None and "internal inconsistency" in claim.message
    assert "symbolic supports" in claim.message and "exact refutes" in claim.message


OSCILLATING_HESSIAN = (
    r"Let $x \in \mathbb{R}^n$." "\n\n"
    r"$$ \nabla^2_x \exp(\sin(\exp(x^Tx))) = 2\exp(\sin(\exp(x^Tx)))\cos(\exp(x^Tx))\exp(x^Tx) I"
    r" + 4\exp(\sin(\exp(x^Tx)))(\cos^2(\exp(x^Tx))\exp(2x^Tx) - \sin(\exp(x^Tx))\exp(2x^Tx)"
    r" + \cos(\exp(x^Tx))\exp(x^Tx)) xx^T $$" "\n"
)


def test_finite_differences_resolve_a_hessian_that_varies_on_a_short_scale() -> None:
    # exp(sin(exp(xᵀx))) oscillates faster as xᵀx grows: fixed steps failed it in 25 of 50 seeds.
    verdicts = [checker.check_text(OSCILLATING_HESSIAN, seed=seed, oracles=["float"]).claims[0].verdict for seed in range(50)]
    assert verdicts == [results.CONSISTENT] * 50


def test_finite_differences_still_refute_a_slightly_wrong_hessian_of_that_function() -> None:
    wrong = OSCILLATING_HESSIAN.replace("I + 4", "I + 4.01")
    verdicts = [checker.check_text(wrong, seed=seed, oracles=["float"]).claims[0].verdict for seed in range(50)]
    assert verdicts == [results.FAILED] * 50


def test_scalar_solutions_are_checked_linear_or_not() -> None:
    text = (
        "Let $a, t \\in \\mathbb{R}$.\n\n<!-- derive: equation -->\n$$ 2t - 2a = 0 $$\n\n$$ t = a $$\n\n"
        "<!-- derive: equation -->\n$$ t^2 = 4 $$\n\n$$ t = 2 $$\n\n<!-- derive: equation -->\n$$ t^2 = 4 $$\n\n$$ t = 3 $$\n"
    )
    verdicts = [(c.latex, c.verdict) for c in checker.check_text(text).claims if c.kind == "solution"]
    assert verdicts == [("t = a", results.PROVED), ("t = 2", results.PROVED), ("t = 3", results.FAILED)]


def test_positive_scalars_are_drawn_positive() -> None:
    text = LEAST_SQUARES + "\nLet $\\lambda > 0$.\n\n$$ 2A^TA + 2\\lambda I \\succeq 0 $$\n"
    claim = _one(text, oracles=["float"])
    assert claim.verdict == results.CONSISTENT
    anywhere = _one(LEAST_SQUARES + "\n\n$$ 2\\lambda I \\succeq 0 $$\n", oracles=["float"])
    assert anywhere.verdict == results.FAILED  # with no sign stated, λ < 0 is drawn too


def test_an_unsized_identity_matrix_is_sampled() -> None:
    claim = _one("$$ 2I \\succeq 0 $$")
    assert claim.verdict == results.PROVED


def test_a_vector_gram_inverse_needs_a_non_zero_vector() -> None:
    claim = _one(r"Let $x \in \mathbb{R}^n$." + "\n\n$$ (x^Tx)^{-1} x^Tx = 1 $$\n")
    assert claim.verdict == results.CONDITIONAL
    assert claim.conditions == ("x \\neq 0 (x^Tx invertible)",)


def test_a_pseudo_inverse_solution_is_checked_on_rank_deficient_instances() -> None:
    start = LEAST_SQUARES + "\n\n<!-- derive: equation -->\n$$ A^TAx = A^Tb $$\n\n$$ x = @ $$\n"
    right = [c for c in checker.check_text(start.replace("@", "A^{+}b")).claims if c.kind == "solution"][0]
    deficient = [e for e in right.evidence if "rank-deficient" in e.detail]
    assert right.verdict in results.PASSING and deficient and deficient[0].agrees is True
    wrong = [c for c in checker.check_text(start.replace("@", "2A^{+}b")).claims if c.kind == "solution"][0]
    assert wrong.verdict == results.FAILED


def test_a_bug_in_an_oracle_leaves_the_claim_unchecked_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.checking.oracles import identity

    def broken(*_: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(identity, "floating_point", broken)
    monkeypatch.setattr(claim_checker, "DEBUG", False)  # where a claim is decided
    claim = _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), timeout=None)  # in this process, where the patch is
    assert claim.verdict == results.UNCHECKED
    assert claim.message is not None and "internal error" in claim.message and "ZeroDivisionError: boom" in claim.message
    monkeypatch.setattr(claim_checker, "DEBUG", True)
    with pytest.raises(ZeroDivisionError):
        _one(IDENTITY.replace("@", "(CD)^T = D^TC^T"), timeout=None)


def test_conditions_say_which_the_document_assumes() -> None:
    text = r"Let $C, D \in \mathbb{R}^{n \times n}$ and $C$ invertible." + "\n\n$$ (CD)^{-1} = D^{-1}C^{-1} $$\n"
    claim = _one(text)
    assert claim.verdict == results.CONDITIONAL
    assert claim.message == "holds where C is invertible, D is invertible; the document assumes C is invertible"
    both = _one(text.replace("$C$ invertible", "$C$ invertible, $D$ invertible"))
    assert both.message == "holds where C is invertible, D is invertible, as the document assumes"


def test_exact_tries_a_third_size_so_an_identity_true_only_up_to_three_fails() -> None:
    # 24·e₄(A) in traces: zero for every A of size n ≤ 3, not for n = 4
    e4 = (
        r"(\operatorname{tr}(A))^4 - 6(\operatorname{tr}(A))^2\operatorname{tr}(AA) + 3(\operatorname{tr}(AA))^2"
        r" + 8\operatorname{tr}(A)\operatorname{tr}(AAA) - 6\operatorname{tr}(AAAA) = 0"
    )
    claim = _one(r"Let $A \in \mathbb{R}^{n \times n}$." + f"\n\n$$ {e4} $$\n", oracles=["exact"])
    assert claim.verdict == results.FAILED
    assert "n=4" in _evidence(claim, "exact").detail


def test_a_minimum_norm_solution_is_conditional_not_refuted() -> None:
    text = LEAST_SQUARES + "\n\n<!-- derive: equation -->\n$$ Ax = b $$\n\n$$ x = A^T(AA^T)^{-1}b $$\n"
    claim = [c for c in checker.check_text(text).claims if c.kind == "solution"][0]
    assert claim.verdict == results.CONDITIONAL and claim.conditions == ("AA^T is invertible",)


def test_the_derivative_of_a_vector_by_a_scalar_is_compared_entry_by_entry() -> None:
    text = r"Let $x, v \in \mathbb{R}^n$, $t \in \mathbb{R}$." + "\n\n$$ \\frac{d}{dt} (x + tv) = @ $$\n"
    right = _one(text.replace("@", "v"), oracles=["float"])
    assert right.verdict == results.CONSISTENT and "entry by entry" in _evidence(right, "float").detail
    assert _one(text.replace("@", "2v"), oracles=["float"]).verdict == results.FAILED


def test_an_antisymmetric_error_in_a_hessian_is_seen_by_the_taylor_oracle() -> None:
    text = r"Let $A \in \mathbb{R}^{n \times n}$, $x \in \mathbb{R}^n$." + "\n\n$$ \\nabla_x^2 (x^T A x) = 2A $$\n"
    claim = _one(text, oracles=["taylor"])
    assert claim.verdict == results.FAILED and "not symmetric" in _evidence(claim, "taylor").detail
    right = _one(text.replace("= 2A", "= A + A^T"), oracles=["taylor"])
    assert right.verdict == results.CONSISTENT


def test_semidefinite_matrices_are_drawn_as_such() -> None:
    text = r"Let $P, Q \in \mathbb{R}^{n \times n}$ with $P \succeq 0$, and $Q$ symmetric positive definite."
    assert _one(text + "\n\n$$ 2P \\succeq 0 $$\n", oracles=["float"]).verdict == results.CONSISTENT
    assert _one(text + "\n\n$$ Q^{-1} \\succeq 0 $$\n", oracles=["float"]).verdict == results.CONSISTENT
    assert _one(text + "\n\n$$ -P \\succeq 0 $$\n", oracles=["float"]).verdict == results.FAILED


def test_a_dimension_written_as_a_value_is_its_size() -> None:
    mse = LEAST_SQUARES + "\n\n$$ f(x) = \\frac{1}{k}\\|Ax - b\\|_2^2 $$\n\n$$ \\nabla f(x) = @ $$\n"
    right = [c for c in checker.check_text(mse.replace("@", r"\frac{2}{k} A^T(Ax - b)")).claims if c.kind == "derivative"]
    assert right[0].verdict == results.PROVED and right[0].conditions == ()  # no "k ≠ 0": a size is never zero
    wrong = [c for c in checker.check_text(mse.replace("@", r"2 A^T(Ax - b)")).claims if c.kind == "derivative"]
    assert wrong[0].verdict == results.FAILED
    square = r"Let $A \in \mathbb{R}^{n \times n}$." + "\n\n$$ @ $$\n"
    assert _one(square.replace("@", r"\det(10A) = 10^n \det(A)")).verdict == results.PROVED
    assert _one(square.replace("@", r"\operatorname{tr}(A + I) = \operatorname{tr}(A) + n")).verdict == results.PROVED
    assert _one(square.replace("@", r"\det(-A) = (-1)^{n+1} \det(A)")).verdict == results.FAILED


def test_a_trace_of_an_identity_of_no_fixed_size_is_unchecked() -> None:
    for formula in (r"\operatorname{tr}(I) = 3", r"\det(2I) = 8"):
        claim = _one(f"$$ {formula} $$")
        assert claim.verdict == results.UNCHECKED and claim.message is not None and "size of I" in claim.message


def test_an_equation_marker_starts_a_new_equation() -> None:
    text = (
        LEAST_SQUARES + "\nLet $\\lambda > 0$.\n\n<!-- derive: equation -->\n$$ A^TAx = A^Tb $$\n\n$$ x = (A^TA)^{-1}A^Tb $$\n\n"
        "<!-- derive: equation -->\n$$ (A^TA + \\lambda I)x = A^Tb $$\n\n$$ x = (A^TA + \\lambda I)^{-1}A^Tb $$\n\n"
        "<!-- derive: equation -->\n$$ (A^TA + \\lambda I)x = A^Tb $$\n\n$$ x = (A^TA)^{-1}A^Tb $$\n"
    )
    kinds = [(c.kind, c.verdict) for c in checker.check_text(text).claims]
    assert kinds == [
        ("equation", results.STATED), ("solution", results.CONDITIONAL),
        ("equation", results.STATED), ("solution", results.CONDITIONAL),
        ("equation", results.STATED), ("solution", results.FAILED),
    ]


def test_conditions_implied_by_a_positive_declaration_count_as_assumed() -> None:
    text = r"Let $S \in \mathbb{R}^{n \times n}$ positive definite and $t > 0$." + "\n\n$$ @ $$\n"
    log = _one(text.replace("@", r"\frac{d}{dt} \log(t) = \frac{1}{t}"))
    assert log.verdict == results.CONDITIONAL and log.message is not None and log.message.endswith("as the document assumes")
    det = _one(text.replace("@", r"\nabla_S \log\det(S) = S^{-1}"))
    assert det.message is not None and det.message.endswith("as the document assumes")


def test_a_one_by_one_derivative_of_a_scalar_function_gets_its_taylor_test() -> None:
    text = r"Let $x, v \in \mathbb{R}^n$, $t \in \mathbb{R}$." + "\n\n$$ g(t) = (x + tv)^T(x + tv) $$\n\n$$ g'(t) = 2v^T(x + tv) $$\n"
    claim = [c for c in checker.check_text(text, oracles=["taylor"]).claims if c.kind == "derivative"][0]
    assert claim.verdict == results.CONSISTENT and claim.taylor is not None


def test_a_display_assumption_is_listed_as_stated_not_lost() -> None:
    text = r"Let $A \in \mathbb{R}^{k \times n}$, $\Sigma \in \mathbb{R}^{n \times n}$." + (
        "\n\n$$ \\Sigma \\succ 0 $$\n\n$$ \\operatorname{rank}(A) = n $$\n\n$$ \\Sigma^{-1} \\succeq 0 $$\n"
    )
    found = [(c.latex, c.kind, c.verdict) for c in checker.check_text(text, oracles=["float"]).claims]
    assert found == [
        (r"\Sigma \succ 0", "assumption", results.STATED),
        (r"\operatorname{rank}(A) = n", "assumption", results.STATED),
        (r"\Sigma^{-1} \succeq 0", "optimality", results.CONSISTENT),  # Σ ≻ 0 is still assumed
    ]
    assert checker.check_text(text).claims[0].typeset == (r"\Sigma", r"\succ", "0")


def test_the_vector_of_ones() -> None:
    text = r"Let $x \in \mathbb{R}^n$, $A \in \mathbb{R}^{n \times n}$." + "\n\n$$ @ $$\n"
    gradient = _one(text.replace("@", r"\nabla_x (\mathbf{1}^T x) = \mathbf{1}"))
    assert gradient.verdict == results.PROVED
    wrong = _one(text.replace("@", r"\nabla_x (\mathbf{1}^T x) = x"))
    assert wrong.verdict == results.FAILED and wrong.message is not None and r"\mathbf{1}" in wrong.message
    counted = _one(text.replace("@", r"\mathbf{1}^T (A + \mathbf{1}\mathbf{1}^T)\mathbf{1} = \mathbf{1}^T A \mathbf{1} + n^2"), oracles=["exact"])
    assert counted.verdict == results.VERIFIED  # 1ᵀ1 = n: beyond the canonical form, within exact arithmetic
    assert _one(text.replace("@", r"\mathbf{1}^T\mathbf{1} = n")).verdict == results.UNCHECKED  # no length fixed


NORMAL_EQUATIONS = (
    "Let $A \\in \\mathbb{R}^{k \\times n}$, $b \\in \\mathbb{R}^k$ and $x \\in \\mathbb{R}^n$. The normal equations\n\n"
    "$$ A^TAx = A^Tb $$\n\nWhen $\\operatorname{rank}(A) = n$ the solution is unique:\n\n$$ x = @ $$\n"
)


@pytest.mark.parametrize("seed", [12, 23, 33])
def test_a_solution_whose_substituted_form_is_certainly_nonzero_is_refuted_by_symbolic(seed: int) -> None:
    # the float residual of a 1e-6 error hid under the tolerance of ill-conditioned draws
    claim = checker.check_text(NORMAL_EQUATIONS.replace("@", "1.000001 (A^TA)^{-1}A^Tb"), seed=seed).claims[-1]
    assert claim.verdict == results.FAILED
    assert any(e.oracle == "symbolic" and e.agrees is False and "not zero" in e.detail for e in claim.evidence)


def test_the_true_normal_equations_solution_still_holds_where_a_has_full_rank() -> None:
    claim = checker.check_text(NORMAL_EQUATIONS.replace("@", "(A^TA)^{-1}A^Tb"), seed=33).claims[-1]
    assert claim.verdict == results.CONDITIONAL


def test_a_solution_left_with_an_inverse_is_not_refuted_symbolically() -> None:
    text = (
        "Let $A \\in \\mathbb{R}^{k \\times n}$, $b \\in \\mathbb{R}^k$, $x \\in \\mathbb{R}^n$ and $\\lambda > 0$. The ridge normal equations\n\n"
        "$$ (A^TA + \\lambda I)x = A^Tb $$\n\nhave the solution\n\n$$ x = (A^TA + \\lambda I)^{-1}A^Tb $$\n"
    )
    claim = checker.check_text(text).claims[-1]
    assert claim.verdict in results.PASSING
    assert not any(e.agrees is False for e in claim.evidence)


def test_each_side_is_translated_once_at_symbolic_sizes_for_the_prover_and_the_sampler(monkeypatch) -> None:
    from derive.symbolic import translation

    translated: list[object] = []
    original = translation.Translator._value

    def counted(self: translation.Translator, node: object) -> object:
        if self._dims is None:
            translated.append(node)
        return original(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(translation.Translator, "_value", counted)
    text = "Let $A \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^n$.\n\n$$ (A x)^T (A x) = x^T A^T A x $$\n"
    result = checker.check_text(text, timeout=None, oracles=["symbolic", "exact", "float"])
    assert [claim.verdict for claim in result.claims] == ["proved"]
    assert len(translated) == 2  # both sides, once: the numeric oracles take the prover's translations
