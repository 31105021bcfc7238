"""One claim decided: the oracles its kind needs, their evidence combined into a verdict, and a
smallest counterexample where it fails."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from derive import errors, results, tree
from derive.checking import guesses, sampling, scoping, verdicts
from derive.checking.options import DEBUG, Options
from derive.checking.oracles import derivative, equations, identity
from derive.meaning import claims, document_analysis, shapes
from derive.meaning.conditions import required
from derive.reading import render
from derive.symbolic import canonical, proof, translation

NUMERATOR_LAYOUT = "numerator layout (the derivative of a number by a column vector written as a row)"


class ClaimChecker:
    def __init__(self, analysis: document_analysis.Analysis, options: Options) -> None:
        self._analysis = analysis
        self._options = options
        self._naming = translation.Naming()
        totals = frozenset((self._naming.identifier(name), value) for name, value in analysis.assumptions.totals.items())
        self._context = canonical.Context(
            frozenset(self._identifiers(analysis.assumptions.symmetric)), totals,
            signs=frozenset(self._identifiers(analysis.assumptions.signs)),
        )
        self._symmetric = frozenset(analysis.assumptions.symmetric)
        self._translations: translation.Memo = {}
        self._sampler = sampling.Sampler(
            analysis.table,
            self._naming,
            self._context,
            seed=options.seed,
            oracles=options.oracles,
            symmetric=self._symmetric,
            positive_definite=frozenset(analysis.assumptions.positive_definite | analysis.assumptions.semidefinite),
            totals={name: float(value) for name, value in analysis.assumptions.totals.items()},
            signs=frozenset(analysis.assumptions.signs),
            translations=self._translations,
        )

    def _identifiers(self, names: Iterable[str]) -> list[str]:
        return [self._naming.identifier(name) for name in names]

    def base(self, claim: claims.Claim) -> results.ClaimResult:
        """The claim's place and text, not yet checked."""
        line, column = claim.block.position(claim.start)
        return results.ClaimResult(
            line, column, claim.text, claim.kind, results.UNCHECKED, cell=claim.block.cell, typeset=_typeset(claim)
        )

    def result(self, index: int, claim: claims.Claim) -> results.ClaimResult:
        base = self.base(claim)
        try:
            outcome = self._decide(index, claim, base)
        except errors.UnsupportedNotation as problem:
            outcome = dataclasses.replace(base, message=str(problem))
        except canonical.NotCanonical as problem:
            outcome = dataclasses.replace(base, message=f"cannot be evaluated: {problem}")
        except Exception as problem:  # noqa: BLE001 - see DEBUG
            if DEBUG:
                raise
            message = f"internal error in derive ({type(problem).__name__}: {problem}); please report it"
            outcome = dataclasses.replace(base, verdict=results.UNCHECKED, evidence=(), message=message)
        if outcome.verdict in (results.FAILED, results.UNCHECKED):
            note = guesses.inferred_shapes(self._analysis, claim)
            if note:
                outcome = dataclasses.replace(outcome, message=_join(outcome.message, note))
        elif outcome.verdict in results.PASSING and (reading := guesses.vector_reading(self._analysis, claim)):
            outcome = dataclasses.replace(outcome, message=_join(outcome.message, reading))
        return outcome

    def _decide(self, index: int, claim: claims.Claim, base: results.ClaimResult) -> results.ClaimResult:
        if claim.kind == claims.DEFINITION:
            return dataclasses.replace(base, verdict=results.STATED, message="a definition: nothing to check")
        if claim.kind == claims.ASSUMPTION:
            return dataclasses.replace(base, verdict=results.STATED, message=claim.reason)
        if claim.kind == claims.UNCHECKED:
            return dataclasses.replace(base, message=claim.reason)
        if index in self._analysis.unsupported:
            return dataclasses.replace(base, message=self._analysis.unsupported[index])
        if index in self._analysis.ill_formed:
            return dataclasses.replace(base, verdict=results.FAILED, message=self._analysis.ill_formed[index])
        mismatch = self._analysis.mismatches.get(index)
        if mismatch is not None:
            as_row = self._as_row(index, claim, base, mismatch)
            if as_row is not None:
                return as_row
            return dataclasses.replace(base, verdict=results.FAILED, message=_mismatch_message(claim, mismatch))
        unsized = self._unsized_identity(claim)
        if unsized is not None:
            return dataclasses.replace(base, message=unsized)
        if claim.kind == claims.EQUATION and claim.maybe_identity:
            # tried as an identity first, without looking for a counterexample (the slowest part of a
            # failed check): most such readings fail, and the claim is then read as an equation
            if isinstance(claim.lhs, (tree.Gradient, tree.Derivative)):
                as_identity = self._derivative(index, claim, dataclasses.replace(base, kind=claims.DERIVATIVE), explain=False)
            else:
                as_identity = self._identity(index, claim, dataclasses.replace(base, kind=claims.IDENTITY), explain=False)
            if as_identity.verdict in results.PASSING:
                return as_identity
            if claim.previous is None:
                return dataclasses.replace(base, verdict=results.STATED, message="an equation to solve")
            if claim.rearranged:
                # read as ∇J = 0 rearranged only because it follows a derivative: if that reading
                # decides nothing, the relation is what it looks like, an identity
                as_equation = self._equation(index, claim, base)
                if as_equation.verdict != results.UNCHECKED:
                    return as_equation
                if as_identity.verdict == results.FAILED and as_identity.counterexample is None:
                    assert claim.lhs is not None and claim.rhs is not None
                    return self._with_counterexample(as_identity, claim.lhs, claim.rhs, index)
                return as_identity
        if claim.kind == claims.EQUATION and claim.previous is None:
            return dataclasses.replace(base, verdict=results.STATED, message="the equation to solve")
        if claim.kind == claims.IDENTITY:
            return self._identity(index, claim, base)
        if claim.kind == claims.DERIVATIVE and claim.componentwise:
            return self._componentwise(claim, base)
        if claim.kind == claims.DERIVATIVE:
            return self._derivative(index, claim, base)
        if claim.kind == claims.EQUATION:
            return self._equation(index, claim, base)
        if claim.kind == claims.SOLUTION:
            return self._solution(index, claim, base)
        if claim.kind == claims.OPTIMALITY:
            return self._optimality(index, claim, base)
        return dataclasses.replace(base, message=f"claims of kind {claim.kind} are not checked yet")

    def _unsized_identity(self, claim: claims.Claim) -> str | None:
        """tr(I), det(2I) or 1ᵀ1 with nothing fixing the size of I or 1: the claim's truth depends on it."""
        for side in (claim.lhs, claim.rhs):
            for node in tree.walk(side) if side is not None else ():
                if isinstance(node, tree.Symbol) and node.name == tree.ONES:
                    shape = self._analysis.table.of(node)
                    if shape is not None and isinstance(shape.rows, str) and shape.rows not in self._analysis.table.dimensions:
                        return "the length of \\mathbf{1} is not fixed by anything here; multiply it by a sized vector or matrix"
                if not (isinstance(node, tree.Function) and node.name in ("tr", "det")):
                    continue
                for item in tree.walk(node.argument):
                    shape = self._analysis.table.of(item) if isinstance(item, tree.Symbol) and item.name == "I" else None
                    if shape is not None and isinstance(shape.rows, str) and shape.rows not in self._analysis.table.dimensions:
                        return f"the size of I in {render.latex(node)} is not fixed by anything here; add it to or multiply it by a sized matrix (tr(A + I))"
        return None

    # -- one method per kind of claim ---------------------------------------------------------------

    def _prove(self, claim: claims.Claim, *, as_identity: bool = False) -> proof.Proof | None:
        if "symbolic" not in self._options.oracles:
            return None
        translator = translation.Translator(
            self._analysis.table, self._naming, context=self._context, memo=self._translations
        )
        return proof.Prover(translator, self._context, self._naming.name).prove(claim, as_identity=as_identity)

    def _identity(
        self, index: int, claim: claims.Claim, base: results.ClaimResult, *, explain: bool = True
    ) -> results.ClaimResult:
        """``explain``: look for the smallest counterexample when the claim fails."""
        assert claim.lhs is not None and claim.rhs is not None
        found = self._prove(claim, as_identity=True)
        evidence = [] if found is None else [results.Evidence("symbolic", found.detail, found.agrees)]
        findings = []
        if "exact" in self._options.oracles:
            findings.append(identity.exact_rational(self._sampler, claim.lhs, claim.rhs, index))
        if "float" in self._options.oracles:
            findings.append(identity.floating_point(self._sampler, claim.lhs, claim.rhs, index))
        evidence.extend(item for finding in findings for item in finding.evidence)
        conditions = required(self._analysis.table, claim.lhs, claim.rhs)
        outcome = verdicts.combine(base, found, evidence, conditions, stated=self._analysis.assumptions)
        if explain and outcome.verdict == results.FAILED and any(finding.failure is not None for finding in findings):
            lhs, rhs = claim.lhs, claim.rhs
            outcome = self._with_counterexample(outcome, lhs, rhs, index)
        return outcome

    def _as_row(
        self, index: int, claim: claims.Claim, base: results.ClaimResult, mismatch: shapes.Mismatch
    ) -> results.ClaimResult | None:
        """A first derivative written as a row, checked as the transposed gradient: as such where the
        document declares numerator layout; where it declares none, a fraction ∂f/∂x (∇f is a column
        by definition) holds in numerator layout, its condition; None: the mismatch stands."""
        lhs, assumptions = claim.lhs, self._analysis.assumptions
        if not (
            claim.kind == claims.DERIVATIVE and isinstance(lhs, (tree.Gradient, tree.Derivative)) and lhs.order == 1
            and claim.rhs is not None and mismatch.lhs.transposed() == mismatch.rhs and mismatch.lhs.cols == 1
        ):
            return None
        transposed = dataclasses.replace(claim, rhs=tree.Transpose(claim.rhs, claim.rhs.span))
        if assumptions.layout == "numerator":
            result = self._derivative(index, transposed, base)
            note = "numerator layout (as the document declares): the right side is checked as the transposed gradient"
            return dataclasses.replace(result, message=_join(result.message, note))
        if assumptions.layout_declared or not isinstance(lhs, tree.Derivative):
            return None
        result = self._derivative(index, transposed, base, explain=False)
        if result.verdict not in results.PASSING:
            return None  # wrong in either layout: the mismatch is what to say
        note = "the right side is a row: it holds in numerator layout (declare <!-- derive: layout numerator -->)"
        return dataclasses.replace(
            result, verdict=results.CONDITIONAL, conditions=(*result.conditions, NUMERATOR_LAYOUT),
            message=_join(result.message, note),
        )

    def _derivative(
        self, index: int, claim: claims.Claim, base: results.ClaimResult, *, explain: bool = True
    ) -> results.ClaimResult:
        """``explain``: look for the smallest counterexample when the claim fails."""
        assert isinstance(claim.lhs, (tree.Gradient, tree.Derivative)) and claim.rhs is not None
        found = self._prove(claim, as_identity=True)
        evidence = [] if found is None else [results.Evidence("symbolic", found.detail, found.agrees)]
        finding = derivative.check(self._sampler, claim.lhs, claim.rhs, index)
        conditions = required(self._analysis.table, claim.lhs, claim.rhs)
        outcome = verdicts.combine(base, found, [*evidence, *finding.evidence], conditions, stated=self._analysis.assumptions)
        outcome = dataclasses.replace(outcome, taylor=finding.taylor)
        if found is not None and found.derived is not None:
            outcome = dataclasses.replace(outcome, derived=found.derived)
        if found is not None and outcome.verdict == results.FAILED:
            if found.derived is not None:
                outcome = dataclasses.replace(outcome, message=_join(outcome.message, f"the derivative is {found.derived}"))
            if found.hint:
                outcome = dataclasses.replace(outcome, message=_join(outcome.message, found.hint))
        if explain and outcome.verdict == results.FAILED:
            outcome = self._with_counterexample(outcome, claim.lhs, claim.rhs, index)
        return outcome

    def _componentwise(self, claim: claims.Claim, base: results.ClaimResult) -> results.ClaimResult:
        """``∇f(x) = (∂f/∂x_1, …, ∂f/∂x_n)``: true by the definition of the gradient, if written right."""
        assert isinstance(claim.lhs, (tree.Gradient, tree.Derivative)) and claim.rhs is not None
        entries = claims.partials(claim.rhs) or ()
        variable = claim.lhs.wrt
        assert variable is not None
        shape = self._analysis.table.symbols.get(variable.name)
        if shape is None or shape.cols != 1 or claim.lhs.order != 1:
            return dataclasses.replace(base, message="a tuple of partial derivatives stands for the gradient of a function of a vector")
        problems = []
        written = [entry for entry in entries if not isinstance(entry, tree.Dots)]
        for entry in written:
            assert isinstance(entry, (tree.Derivative, tree.Gradient))
            if entry.body != claim.lhs.body:
                problems.append(f"{render.latex(entry)} differentiates another function")
            if entry.wrt is None or entry.wrt.base != variable.name or entry.wrt.subscript is None:
                problems.append(f"{render.latex(entry)} is not a partial derivative by an entry of {variable.name}")
        subscripts = [entry.wrt.subscript for entry in written if entry.wrt is not None]  # type: ignore[union-attr]
        if not problems and (subscripts[:1] != ["1"] or subscripts[-1:] != [str(shape.rows)]):
            problems.append(
                f"the entries should run from {variable.name}_1 to {variable.name}_{shape.rows} ({variable.name} is {shape})"
            )
        if problems:
            return dataclasses.replace(base, verdict=results.FAILED, message="; ".join(problems))
        detail = f"the gradient's entries are the partial derivatives by {variable.name}_1, …, {variable.name}_{shape.rows}: its definition"
        return dataclasses.replace(base, verdict=results.PROVED, evidence=(results.Evidence("symbolic", detail, True),))

    def _equation(self, index: int, claim: claims.Claim, base: results.ClaimResult) -> results.ClaimResult:
        assert claim.previous is not None and claim.lhs is not None and claim.rhs is not None
        found = self._prove(claim)
        conditions = () if found is None else found.conditions
        evidence = [] if found is None else [results.Evidence("symbolic", found.detail, found.agrees)]
        variable = claim.previous.variable
        if "solution" in self._options.oracles and variable is not None:
            before = _residual(claim.previous.lhs, claim.previous.rhs)
            after = _residual(claim.lhs, claim.rhs)
            evidence.extend(
                equations.equation_step(self._sampler, before, after, variable.name, claim.connective, index).evidence
            )
        return verdicts.combine(base, found, evidence, conditions, stated=self._analysis.assumptions)

    def _solution(self, index: int, claim: claims.Claim, base: results.ClaimResult) -> results.ClaimResult:
        assert claim.previous is not None and claim.variable is not None and claim.rhs is not None
        found = self._prove(claim)
        evidence = [] if found is None else [results.Evidence("symbolic", found.detail, found.agrees)]
        conditions = required(self._analysis.table, claim.rhs)
        if "solution" in self._options.oracles:
            inverted = frozenset(
                item.name
                for node in tree.walk(claim.rhs)
                if isinstance(node, (tree.Inverse, tree.PseudoInverse))  # rank-deficient draws for these
                for item in tree.walk(node.operand)
                if isinstance(item, tree.Symbol)
            )
            residual = _residual(claim.previous.lhs, claim.previous.rhs)
            finding = equations.solution(self._sampler, residual, claim.variable.name, claim.rhs, inverted, index)
            evidence.extend(finding.evidence)
        return verdicts.combine(base, found, evidence, conditions, stated=self._analysis.assumptions)

    def _optimality(self, index: int, claim: claims.Claim, base: results.ClaimResult) -> results.ClaimResult:
        assert claim.lhs is not None
        found = self._prove(claim)
        evidence = [] if found is None else [results.Evidence("symbolic", found.detail, found.agrees)]
        if "float" in self._options.oracles:
            evidence.extend(equations.optimality(self._sampler, claim.lhs, index).evidence)
        # √t ⪰ 0 is defined only where t ≥ 0; Q⁻¹ ⪰ 0 for a stated Q ≻ 0 needs nothing more
        needed = required(self._analysis.table, claim.lhs)
        conditions = tuple(c for c in needed if not verdicts.assumed(c, self._analysis.assumptions))
        return verdicts.combine(base, found, evidence, conditions, stated=self._analysis.assumptions)

    def _with_counterexample(
        self, outcome: results.ClaimResult, lhs: tree.Node, rhs: tree.Node, index: int
    ) -> results.ClaimResult:
        sampler = self._sampler

        def evaluate(dims: dict[str, int], values: dict[str, object]) -> tuple[object, object]:
            if isinstance(lhs, (tree.Gradient, tree.Derivative)):  # SymPy's derivative, else GradientTape's
                return derivative.reference(sampler, lhs, dims)(**values), sampler.compile(rhs, dims)(**values)
            return sampler.compile(lhs, dims)(**values), sampler.compile(rhs, dims)(**values)

        def fails(dims: dict[str, int], values: dict[str, object]) -> bool:
            left, right = evaluate(dims, values)
            return sampler.differs(left, right)

        names = frozenset(item.name for side in (lhs, rhs) for item in tree.walk(side) if isinstance(item, tree.Symbol))
        try:
            example = sampler.counterexample(fails, evaluate, index, names)
        except (errors.UnsupportedNotation, canonical.NotCanonical):
            example = None
        return dataclasses.replace(outcome, counterexample=example)


_RELATION_LATEX = {
    "=": "=", ":=": ":=", "succeq": "\\succeq", "succ": "\\succ", "iff": "\\iff", "implies": "\\implies",
    ">": ">", "<": "<", "geq": "\\geq", "leq": "\\leq", "neq": "\\neq",
}


def _typeset(claim: claims.Claim) -> tuple[str, str, str] | None:
    """The step written again from the parsed tree (reports never paste the input)."""
    if claim.lhs is None or claim.rhs is None:
        return None
    try:
        if claim.relation not in _RELATION_LATEX:
            return None  # a relation we would misprint: the report shows the step as written
        return render.latex(claim.lhs), _RELATION_LATEX[claim.relation], render.latex(claim.rhs)
    except TypeError:
        return None


def _residual(lhs: tree.Node, rhs: tree.Node) -> tree.Node:
    if rhs == tree.Number("0"):
        return lhs
    return tree.Add((lhs, tree.Neg(rhs, rhs.span)), lhs.span)


def _mismatch_message(claim: claims.Claim, mismatch: shapes.Mismatch) -> str:
    message = f"the two sides have different shapes: the left side is a {mismatch.lhs.describe()}, the right side a {mismatch.rhs.describe()}"
    if mismatch.lhs.transposed() == mismatch.rhs:
        if claim.kind == claims.DERIVATIVE:
            message += (
                "; the right side is the transpose of the derivative, which has the shape of its variable"
                " (if the document writes derivatives as rows, declare <!-- derive: layout numerator -->)"
            )
        else:
            message += "; one side is the transpose of the other's shape"
    return message


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def scoped(
    analysis: document_analysis.Analysis, options: Options, checker: ClaimChecker, index: int, claim: claims.Claim
) -> results.ClaimResult:
    """The claim's result with only the assumptions stated before it: a property stated later
    ("… which holds only when A = A^T") never makes an earlier claim pass."""
    result = checker.result(index, claim)
    if result.verdict not in results.PASSING:
        return result
    later = scoping.stated_later(analysis, claim, result.line)
    if not later:
        return result
    without = ClaimChecker(scoping.before(analysis, later), options).result(index, claim)
    if without.verdict in results.PASSING:
        return result
    return dataclasses.replace(without, verdict=results.FAILED, message=_join(without.message, scoping.needed(later)))
