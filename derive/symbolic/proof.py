"""The symbolic oracle: canonical forms decide claims for every size of every dimension."""

from __future__ import annotations

import dataclasses

import sympy

from collections.abc import Callable

from derive import errors, tree
from derive.meaning import claims
from derive.reading import render
from derive.symbolic import calculus, canonical, nonzero, printing, sympy_bridge, translation


@dataclasses.dataclass(frozen=True)
class Proof:
    """What the symbolic oracle found: ``agrees`` True is a proof; None means undecided.

    The symbolic oracle never refutes on its own: a difference of canonical forms
    is reported, and the numeric oracles decide with a counterexample.
    """

    agrees: bool | None
    detail: str
    hint: str | None = None
    derived: str | None = None  # the derivative the symbolic side computed, as LaTeX
    conditions: tuple[str, ...] = ()  # what the proof needs beyond the claim's own conditions


class Prover:
    """Proves claims of one document with canonical forms at symbolic dimensions."""

    def __init__(
        self, translator: translation.Translator, context: canonical.Context, name: Callable[[str], str] = str
    ) -> None:
        self._name = name
        self._translator = translator
        self._context = context
        self._builder = canonical.Builder(context)

    def poly(self, node: tree.Node) -> canonical.Poly:
        return sympy_bridge.from_sympy(self._translator.value(node), self._context)

    def prove(self, claim: claims.Claim, *, as_identity: bool = False) -> Proof:
        """The symbolic verdict on ``claim`` (never raises for notation it cannot handle).

        ``as_identity`` asks whether an equation step holds for every value, as an identity.
        """
        try:
            if as_identity and isinstance(claim.lhs, (tree.Gradient, tree.Derivative)):
                return self.derivative(claim)
            if claim.kind == claims.IDENTITY or as_identity:
                return self.identity(claim.lhs, claim.rhs)  # type: ignore[arg-type]
            if claim.kind == claims.DERIVATIVE:
                return self.derivative(claim)
            if claim.kind == claims.EQUATION:
                return self.equation_step(claim)
            if claim.kind == claims.SOLUTION:
                return self.solution(claim)
            if claim.kind == claims.OPTIMALITY:
                return self.optimality(claim)
        except canonical.NotCanonical as reason:
            return Proof(None, f"no canonical form: {reason}")
        except errors.UnsupportedNotation as reason:
            return Proof(None, str(reason))
        return Proof(None, "nothing to prove")

    def identity(self, lhs: tree.Node, rhs: tree.Node) -> Proof:
        left, right = self.poly(lhs), self.poly(rhs)
        if canonical.equal(left, right, self._context):
            return Proof(True, "same canonical form for all dimensions")
        return Proof(None, "canonical forms differ")

    def derivative(self, claim: claims.Claim) -> Proof:
        assert isinstance(claim.lhs, (tree.Gradient, tree.Derivative)) and claim.rhs is not None
        derived = self.poly(claim.lhs)
        claimed = self.poly(claim.rhs)
        value = printing.latex(derived, self._name)
        if canonical.equal(derived, claimed, self._context):
            return Proof(True, f"equals the derivative computed symbolically, {value}", derived=value)
        wrt = claim.lhs.wrt
        if wrt is not None and self._symmetric_parts_equal(wrt.name, derived, claimed):
            message = (f"equals the derivative computed symbolically, {value}, on symmetric directions "
                       f"(their symmetric parts agree; {render.name(wrt.name)} is symmetric)")
            return Proof(True, message, derived=value)
        hint = None
        if derived.rows == claimed.cols and derived.cols == claimed.rows and derived.rows != derived.cols:
            hint = "the claim has the transposed shape of the derivative"
        elif canonical.equal(self._builder.transpose(derived), claimed, self._context) and not canonical.equal(
            self._builder.transpose(derived), derived, self._context
        ):
            hint = "the claim is the transpose of the derivative (a layout mix-up)"
        else:
            hint = self._symmetrisation_hint(claim, claimed)
        gap = canonical.difference(claimed, derived, self._context)
        symmetric = wrt is not None and wrt.name in self._context.symmetric
        if (derived.rows, derived.cols) == (claimed.rows, claimed.cols) and not symmetric and nonzero.certainly_nonzero(gap):
            return Proof(False, f"differs from the derivative computed symbolically, {value}, by "
                         f"{printing.latex(gap, self._name)}, which is not zero", hint=hint, derived=value)
        return Proof(None, f"differs from the derivative computed symbolically, {value}", hint=hint, derived=value)

    def _symmetric_parts_equal(self, name: str, derived: canonical.Poly, claimed: canonical.Poly) -> bool:
        """For a symmetric variable only G + Gᵀ is determined (dΣ is symmetric): compare that."""
        identifier = getattr(self._translator.symbol(name), "name", "")
        if identifier not in self._context.symmetric or derived.rows != derived.cols or derived.rows == 1:
            return False
        b = self._builder
        return canonical.equal(b.add(derived, b.transpose(derived)), b.add(claimed, b.transpose(claimed)), self._context)

    def _symmetrisation_hint(self, claim: claims.Claim, claimed: canonical.Poly) -> str | None:
        """"holds if B = Bᵀ": a square matrix whose symmetry would make the claim right."""
        assert claim.lhs is not None
        names = sorted({item.name for item in tree.walk(claim.lhs) if isinstance(item, tree.Symbol)})
        for name in names:
            symbol = self._translator.symbol(name)
            identifier = getattr(symbol, "name", "")
            if getattr(symbol, "shape", (1, 1)) == (1, 1) or symbol.shape[0] != symbol.shape[1]:
                continue
            if identifier in self._context.symmetric:
                continue
            assumed = canonical.Context(self._context.symmetric | {identifier})
            try:
                derived = sympy_bridge.from_sympy(self._translator.value(claim.lhs), assumed)
                claimed_here = sympy_bridge.from_sympy(self._translator.value(claim.rhs), assumed)  # type: ignore[arg-type]
            except (canonical.NotCanonical, errors.UnsupportedNotation):
                continue
            if canonical.equal(derived, claimed_here, assumed):
                return f"it holds if {name} = {name}^T (declare {name} symmetric if it is)"
        return None

    def equation_step(self, claim: claims.Claim) -> Proof:
        if claim.previous is None:
            return Proof(None, "no earlier equation to compare with")
        before = self._residual(claim.previous.lhs, claim.previous.rhs)
        after = self._residual(claim.lhs, claim.rhs)  # type: ignore[arg-type]
        ratio = canonical.constant_ratio(before, after)
        if ratio is not None:
            return Proof(True, f"the earlier equation is {sympy.latex(ratio)} times this one: the same solutions")
        variable = claim.previous.variable
        if variable is not None:
            found = self._matrix_multiple(before, after, variable.name, claim.connective)
            if found is not None:
                return found
        return Proof(None, "not a constant or invertible-matrix multiple of the earlier equation")

    def _matrix_multiple(
        self, before: canonical.Poly, after: canonical.Poly, name: str, connective: str
    ) -> Proof | None:
        """Linear equations P₁x = q₁ and P₂x = q₂: one is M times the other, M invertible for ⇔."""
        unknown = self._translator.symbol(name)
        identifier = getattr(unknown, "name", "")
        first, second = _linear(before, identifier), _linear(after, identifier)
        if first is None or second is None:
            return None
        for (source, target, direction) in ((second, first, "earlier"), (first, second, "later")):
            # target = M · source, with M read off when the source's matrix is c·I
            matrix, constant = source
            if len(matrix.terms) != 1 or () not in matrix.terms:
                continue
            multiple = self._builder.scale(target[0], 1 / matrix.terms[()])
            if not canonical.equal(self._builder.multiply(multiple, constant), target[1], self._context):
                continue
            shown = printing.latex(multiple, self._name)
            if direction == "earlier":  # earlier = M · later: later ⇒ earlier, and ⇔ when M is invertible
                return Proof(
                    True,
                    f"the earlier equation is {shown} times this one: the same solutions where {shown} is invertible",
                    conditions=(self._invertible_condition(multiple, shown),),
                )
            if connective == "implies":
                return Proof(True, f"this equation is {shown} times the earlier one, so it follows from it")
            return Proof(
                True,
                f"this equation is {shown} times the earlier one: the same solutions where {shown} is invertible",
                conditions=(self._invertible_condition(multiple, shown),),
            )
        return None

    def _invertible_condition(self, matrix: canonical.Poly, shown: str) -> str:
        if len(matrix.terms) == 1:
            ((word, _),) = matrix.terms.items()
            if len(word) == 2 and not word[1].transposed and word[0].transposed and word[0].name == word[1].name:
                name = self._name(word[1].name)
                return f"rank({name}) = {_dimension_name(word[1].cols, self._name)} ({shown} invertible)"
        return f"{shown} is invertible"

    def solution(self, claim: claims.Claim) -> Proof:
        assert claim.previous is not None and claim.variable is not None and claim.rhs is not None
        residual = self._translator.expression(claim.previous.lhs)
        residual = _subtract(residual, self._translator.expression(claim.previous.rhs))
        unknown = self._translator.symbol(claim.variable.name)
        value = self._translator.expression(claim.rhs)
        substituted = sympy_bridge.from_sympy(residual.xreplace({unknown: value}), self._context)
        if substituted.is_zero():
            return Proof(True, "substituted into the equation, it leaves zero")
        if getattr(unknown, "shape", (1, 1))[0] == getattr(unknown, "shape", (1, 1))[1] != 1:
            # R(Σ) = 0 with Σ⁻¹ in R: where R(Σ) has a value Σ is invertible, so R = 0 ⟺ Σ R Σ = 0
            b, around = self._builder, sympy_bridge.from_sympy(unknown, self._context)
            sandwich = b.multiply(b.multiply(around, sympy_bridge.from_sympy(residual, self._context)), around)
            if sympy_bridge.from_sympy(sympy_bridge.to_sympy(sandwich).xreplace({unknown: value}), self._context).is_zero():
                name = render.name(claim.variable.name)
                return Proof(True, f"substituted into {name} R({name}) {name} = 0, which is R({name}) = 0 for an invertible "
                             f"{name}, it leaves zero")
        if nonzero.certainly_nonzero(substituted):  # no inverse or function left that could still cancel
            shown = printing.latex(substituted, self._name)
            return Proof(False, f"substituted into the equation, it leaves {shown}, which is not zero")
        return Proof(None, "substituted into the equation, the canonical form is not zero")

    def optimality(self, claim: claims.Claim) -> Proof:
        assert claim.lhs is not None
        matrix = self.poly(claim.lhs)
        if calculus.is_gram(self._builder, matrix):
            gram = "a positive combination of Gram matrices MᵀM (or MᵀDM, D positive diagonal)"
            return Proof(True, f"{gram}: positive semidefinite")
        if calculus.is_covariance_of_weights(matrix):
            return Proof(True, "diag(p) - ppᵀ with positive weights p that sum to one (a covariance matrix): positive semidefinite")
        return Proof(None, "not recognised as a Gram matrix")

    def _residual(self, lhs: tree.Node, rhs: tree.Node) -> canonical.Poly:
        return canonical.difference(self.poly(lhs), self.poly(rhs), self._context)


def _dimension_name(dim: sympy.Expr, name: Callable[[str], str]) -> str:
    text = str(dim)
    if text.startswith("n_"):  # a generated dimension symbol: n_v3 stands for the document's "n"
        return name(text[2:]).removeprefix("dim:")
    return text


def _linear(poly: canonical.Poly, identifier: str) -> tuple[canonical.Poly, canonical.Poly] | None:
    """``poly = P·x - q`` with P and q free of x, or None when ``poly`` is not linear in x."""
    matrix_terms = []
    constant_terms = []
    columns = None
    for word, value in poly.terms.items():
        if calculus.mentions_value(value, identifier):
            return None
        if word and word[-1].name == identifier and not word[-1].transposed:
            if calculus.mentions_word(word[:-1], identifier):
                return None
            matrix_terms.append((value, word[:-1]))
            columns = word[-1].rows
        elif calculus.mentions_word(word, identifier):
            return None
        else:
            constant_terms.append((-value, word))
    if columns is None:
        return None
    builder = canonical.Builder()
    return builder.poly(matrix_terms, poly.rows, columns), builder.poly(constant_terms, poly.rows, poly.cols)


def _subtract(left: sympy.Basic, right: sympy.Basic) -> sympy.Basic:
    if right == 0:
        return left
    def is_matrix(value: sympy.Basic) -> bool:
        return isinstance(value, sympy.MatrixExpr)

    if is_matrix(left) != is_matrix(right):  # a 1×1 matrix against a number: compare numbers
        matrix = left if is_matrix(left) else right
        if matrix.shape != (1, 1):
            raise errors.UnsupportedNotation("an equation between a matrix and a number")
        left, right = (sympy.Trace(left), right) if is_matrix(left) else (left, sympy.Trace(right))
    return left - right
