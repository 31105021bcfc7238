"""Functions applied entry by entry (σ(Xθ), log(𝟏 - σ(Xθ)), diag(v)) in the canonical form.

An entrywise function of a column polynomial P is written in E = e^u, u an entry of P: σ(u) is
E/(E + 1), log σ(u) is log E - log(E + 1), and log E is u itself. Its normal form is a sum of
terms found by partial fractions (rational parts) and by splitting the logarithms of polynomials
with positive coefficients (positive for every E > 0); each term c·m(E) becomes c times the
atom "m over P", the constant term c times 𝟏, the term c·log E the polynomial c·P. Equal
functions of the same argument therefore have the same atoms, so ``σ(P)⊙(𝟏 - σ(P))`` and
``σ'(P)`` are one canonical polynomial, and the chain rule is d(m∘P) = diag((E m'(E))∘P) dP.
"""

from __future__ import annotations

import sympy

from derive import tree
from derive.symbolic import canonical
from derive.symbolic.canonical import Atom, Builder, NotCanonical, Poly

E = sympy.Symbol("E_entry", positive=True)  # e^u for an entry u of the argument
U = sympy.Dummy("u")  # the entry itself, in the functions given to and taken from SymPy
DIAGONAL = "diag"  # Atom.function of diag(v), whose argument is v
MAX_DEGREE = 16  # the largest power of E whose partial fractions are worked out
_FUNCTIONS: dict[str, sympy.Expr] = {}  # an atom's function key -> its term m(E)

NAMED = {
    "exp": sympy.exp(U), "log": sympy.log(U), "sqrt": sympy.sqrt(U), "abs": sympy.Abs(U),
    "sin": sympy.sin(U), "cos": sympy.cos(U), "tanh": sympy.tanh(U),
    # ReLU as u·𝟙[u > 0], so that relu(P) = P ⊙ 𝟙[P > 0] is one form; 𝟙 at 0 is 0 (derivatives through
    # them hold where no entry is 0, a condition the claim lists)
    "relu": U * sympy.Heaviside(U, 0), "step": sympy.Heaviside(U, 0),
}


def function_of(atom: Atom) -> sympy.Expr:
    """The term m(E) that an entrywise atom applies."""
    return _FUNCTIONS[atom.function]


def is_entrywise(atom: Atom) -> bool:
    return bool(atom.function) and atom.function != DIAGONAL


def argument(atom: Atom) -> Poly:
    """The polynomial an entrywise atom is built on (a column, or a matrix of the atom's shape), or
    the column of a diagonal atom."""
    rows, cols = (atom.cols, atom.rows) if atom.transposed else (atom.rows, atom.cols)
    return Poly(dict(atom.argument), rows, sympy.Integer(1) if atom.function == DIAGONAL else cols)


def ones_word(rows: sympy.Expr, cols: sympy.Expr) -> canonical.Word:
    """The word of the all-ones column 𝟏, or of the all-ones matrix 𝟏𝟏ᵀ."""
    column = Atom(tree.ONES, False, rows, sympy.Integer(1))
    return (column,) if cols == 1 else (column, Atom(tree.ONES, True, sympy.Integer(1), cols))


def _is_ones(word: canonical.Word, cols: sympy.Expr) -> bool:
    pattern = [(tree.ONES, False)] if cols == 1 else [(tree.ONES, False), (tree.ONES, True)]
    return [(atom.name, atom.transposed) for atom in word] == pattern and not any(atom.function for atom in word)


def apply(builder: Builder, function: sympy.Expr, poly: Poly) -> Poly:
    """``function`` (an expression in :data:`U`) applied to every entry of the column or matrix ``poly``."""
    if canonical.is_scalar(poly):
        raise NotCanonical("an entrywise function of a number")
    if poly.rows == 1 or (poly.cols != 1 and _prefers_transpose(builder, poly)):
        # f(Pᵀ) = f(P)ᵀ: one orientation for each argument (a row is f of a column)
        return builder.transpose(apply(builder, function, builder.transpose(poly)))
    if not poly.terms:  # f(0) on every entry: σ(w - w) = ½𝟏
        at_zero = sympy.simplify(function.xreplace({U: 0}))
        if not at_zero.is_finite:
            raise NotCanonical("an entrywise function undefined at 0")
        return builder.poly([(at_zero, ones_word(poly.rows, poly.cols))], poly.rows, poly.cols)
    if function == NAMED["log"] and (scale := _positive_scale(poly)) is not None:
        # log(v/s) = log v - log(s)𝟏 for a positive number s (the softmax exp(z)/(𝟏ᵀexp z))
        logarithm = sympy.expand_log(sympy.log(scale), force=True)  # s > 0: log(1/s) = -log s
        ones = builder.poly([(logarithm, ones_word(poly.rows, poly.cols))], poly.rows, poly.cols)
        return builder.add(apply(builder, function, builder.scale(poly, 1 / scale)), ones)
    inner = _as_function(builder, poly)
    if inner is None:
        base, value = _fresh(builder, poly)
    else:
        base, value = inner
    return _build(builder, function.xreplace({U: value}), base)


def _is_sign_vector(builder: Builder, poly: Poly) -> bool:
    if poly.cols != 1 or len(poly.terms) != 1:
        return False
    ((word, value),) = poly.terms.items()
    return value == 1 and len(word) == 1 and not word[0].transposed and word[0].name in builder.context.signs


def _prefers_transpose(builder: Builder, poly: Poly) -> bool:
    """Whether a matrix argument is kept as its transpose: the orientation with fewer transposed
    factors (XW, not WᵀXᵀ), else the smaller frozen form."""
    def order(frozen: canonical.Frozen) -> tuple[int, str]:
        return sum(atom.transposed for word, _ in frozen for atom in word), repr(frozen)

    return order(canonical.freeze(builder.transpose(poly))) < order(canonical.freeze(poly))


def _as_entries_of(poly: Poly, other: tuple[Poly, sympy.Expr] | None) -> tuple[Poly, sympy.Expr] | None:
    """``poly`` = c·P for the argument P of ``other``: the function c·u of P (x ⊙ f(x))."""
    if other is None:
        return None
    ratio = canonical.constant_ratio(poly, other[0])
    return None if ratio is None else (other[0], ratio * sympy.log(E))


def _positive_scale(poly: Poly) -> sympy.Expr | None:
    """The factor of matrix scalars common to every coefficient, when each of them is positive
    (𝟏ᵀexp(z), a sum of positive entries); None when there is none or it may be negative."""
    first = next(iter(poly.terms.values()))
    scale = first.as_independent(*canonical.matrix_scalars(first))[1]
    if scale == 1 or any(canonical.matrix_scalars(sympy.cancel(value / scale)) for value in poly.terms.values()):
        return None
    for base in sympy.Mul.make_args(scale):
        symbol = base.base if base.is_Pow else base
        stands_for = canonical.meaning(symbol)
        if stands_for is None or stands_for.kind != "trace" or not _positive_sum(stands_for.word):
            return None
    return scale


def _positive_sum(word: canonical.Word) -> bool:
    """𝟏ᵀf(P) (or f(P)ᵀ𝟏) with f positive: a sum of positive entries."""
    if len(word) != 2:
        return False
    ones = [atom for atom in word if atom.name == tree.ONES]
    functions = [atom for atom in word if is_entrywise(atom)]
    return len(ones) == 1 and len(functions) == 1 and positive(function_of(functions[0]))


def hadamard(builder: Builder, left: Poly, right: Poly) -> Poly:
    """``left ⊙ right`` of column vectors: one entrywise function when both are functions of one
    argument, else diag(one)·other when one of them is entrywise. Of matrices: only the first."""
    if _same(left, right) and _is_sign_vector(builder, left):  # y ⊙ y = 𝟏 for entries ±1
        return builder.poly([(sympy.Integer(1), ones_word(left.rows, left.cols))], left.rows, left.cols)
    product = _one_function_product(builder, left, right)
    if product is not None:
        return product
    if left.cols != 1 or right.cols != 1:
        raise NotCanonical("a Hadamard product of matrices")
    first, second = _as_function(builder, left), _as_function(builder, right)
    if second is not None:
        return builder.multiply(diagonal(builder, right), left)
    if first is not None:
        return builder.multiply(diagonal(builder, left), right)
    # x ⊙ y of data: diag(x)y, the order fixed by the canonical form (diag(x)y and diag(y)x are one word)
    return builder.multiply(diagonal(builder, left), right)


def diagonal(builder: Builder, vector: Poly) -> Poly:
    """diag(vector): the square matrix with the column ``vector`` on its diagonal."""
    if vector.cols != 1:
        raise NotCanonical("diag of a matrix")
    terms: list[tuple[sympy.Expr, canonical.Word]] = []
    for word, coefficient in vector.terms.items():  # diag is linear: one atom per term, diag(𝟏) = I
        if len(word) == 1 and word[0].name == tree.ONES and not word[0].transposed:
            terms.append((coefficient, ()))
        elif len(word) > 1 and word[0].function == DIAGONAL:  # diag(diag(a)w) = diag(a) diag(w)
            rest = builder.poly([(sympy.Integer(1), word[1:])], vector.rows, sympy.Integer(1))
            for inner_word, inner_value in diagonal(builder, rest).terms.items():
                terms.append((coefficient * inner_value, (word[0], *inner_word)))
        else:
            atom = Atom("", False, vector.rows, vector.rows, function=DIAGONAL, argument=((word, sympy.Integer(1)),))
            terms.append((coefficient, (atom,)))
    return builder.poly(terms, vector.rows, vector.rows)


def positive(function: sympy.Expr) -> bool:
    """Whether m(E) > 0 for every E > 0: a ratio of polynomials in E with non-negative coefficients
    (σ = E/(E + 1), σ(1 - σ) = E/(E + 1)², e^u = E)."""
    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(function)))
    for part in (numerator, denominator):
        if not part.is_polynomial(E) or part == 0:
            return False
        if not all(c.is_number and c >= 0 for c in sympy.Poly(part, E).all_coeffs()):
            return False
    return True


def _diagonal_product(first: Atom, second: Atom) -> list[tuple[sympy.Expr, canonical.Word]] | None:
    """diag(a) diag(b) = diag(a ⊙ b) when a ⊙ b is one function of one argument (f(P) ⊙ g(P), x ⊙ x);
    None otherwise (diag(x)diag(y) stays a product)."""
    builder = Builder()
    left, right = argument(first), argument(second)
    product = _one_function_product(builder, left, right)
    if product is None:
        return None
    return [(value, word) for word, value in diagonal(builder, product).terms.items()]


def _one_function_product(builder: Builder, left: Poly, right: Poly) -> Poly | None:
    """``left ⊙ right`` as one entrywise function of one argument, or None when it is not one."""
    first, second = _as_function(builder, left), _as_function(builder, right)
    if first is None and second is None:
        ratio = canonical.constant_ratio(right, left)
        if ratio is None:
            return None
        base, value = _fresh(builder, left)  # y ⊙ y, x ⊙ 2x: the square of the entries
        return _build(builder, ratio * value**2, base)
    first = first or _as_entries_of(left, second)
    second = second or _as_entries_of(right, first)
    if first is not None and second is not None and _same(first[0], second[0]):
        return _build(builder, first[1] * second[1], first[0])
    return None


canonical.DIAGONAL_PRODUCTS.append(_diagonal_product)


def _diagonal_inverse(builder: Builder, atom: Atom) -> Poly | None:
    """diag(v)⁻¹ = diag(1/v) when every entry of v is positive (v = exp(Z)𝟏, the row sums of a
    softmax): then it always exists, and 1/v meets the derivative of log v in one form."""
    vector = argument(atom)
    if not _positive_column(vector):
        return None
    return diagonal(builder, apply(builder, 1 / U, vector))


def _positive_column(poly: Poly) -> bool:
    """Whether every entry is positive for every value: positive multiples of products of 𝟏 and of
    positive entrywise functions."""
    for word, coefficient in poly.terms.items():
        if not (coefficient.is_number and coefficient > 0):
            return False
        for atom in word:
            if atom.name == tree.ONES:
                continue
            if not (is_entrywise(atom) and positive(function_of(atom))):
                return False
    return bool(poly.terms)


canonical.DIAGONAL_INVERSES.append(_diagonal_inverse)


def derivative_vector(builder: Builder, atom: Atom) -> Poly:
    """The column (E m'(E))∘P, the entrywise derivative of the atom's function in u."""
    term = function_of(atom)
    slope = (E * sympy.diff(term, E)).replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.Integer(0))
    return _build(builder, slope, argument(atom))  # 𝟙' = δ is 0 away from 0: where the derivative exists


def to_sympy_function(atom: Atom) -> sympy.Lambda:
    """The atom's function as a SymPy Lambda in one variable (for numeric code)."""
    value = function_of(atom).xreplace({E: sympy.exp(U)})
    value = value.replace(  # log(e^u) = u for the real entries u: 1/log(E) is the reciprocal 1/u
        lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], sympy.exp), lambda e: e.args[0].args[0]
    )
    return sympy.Lambda(U, value)


# -- normal form -------------------------------------------------------------------------------


def _as_function(builder: Builder, poly: Poly) -> tuple[Poly, sympy.Expr] | None:
    """``poly`` as f(E) over one argument P: its terms are atoms over P, multiples of 𝟏, and c·P."""
    arguments = {atom.argument for word in poly.terms for atom in word if is_entrywise(atom)}
    if len(arguments) != 1:
        return None
    (frozen,) = arguments
    if any(canonical.matrix_scalars(coefficient) for coefficient in poly.terms.values()):
        return None  # exp(z)/(𝟏ᵀexp(z)): a coefficient that depends on the argument is not a constant of f
    base = Poly(dict(frozen), poly.rows, poly.cols)
    value: sympy.Expr = sympy.Integer(0)
    rest = []
    for word, coefficient in poly.terms.items():
        if len(word) == 1 and is_entrywise(word[0]) and not word[0].transposed and word[0].argument == frozen:
            value += coefficient * function_of(word[0])
        elif _is_ones(word, poly.cols):
            value += coefficient
        else:
            rest.append((coefficient, word))
    if rest:  # the remainder must be c·P: the entries themselves
        remainder = builder.poly(rest, poly.rows, poly.cols)
        multiple = canonical.constant_ratio(remainder, base)
        if multiple is None:
            return None
        value += multiple * sympy.log(E)
    return base, value


def _fresh(builder: Builder, poly: Poly) -> tuple[Poly, sympy.Expr]:
    """A new argument, scaled so that its first term has coefficient 1: σ(-P) and σ(2P) are
    functions of P (u = -log E, 2 log E), so they meet 𝟏 - σ(P) and σ(P) in one form."""
    first = min(poly.terms, key=canonical.word_key)
    scale = poly.terms[first]
    if not (scale.is_number and scale != 0):
        return poly, sympy.log(E)
    return builder.scale(poly, 1 / scale), scale * sympy.log(E)


def _same(first: Poly, second: Poly) -> bool:
    return canonical.freeze(first) == canonical.freeze(second)


def _build(builder: Builder, value: sympy.Expr, base: Poly) -> Poly:
    """The polynomial of the function ``value`` (in E) over ``base``, in normal form."""
    terms: list[tuple[sympy.Expr, canonical.Word]] = []
    frozen = canonical.freeze(base)
    if value.free_symbols - {E}:
        raise NotCanonical("an entrywise function with a parameter")
    for coefficient, term in _decompose(value):
        if term == 1:
            terms.append((coefficient, ones_word(base.rows, base.cols)))
        elif term == sympy.log(E):
            terms.extend((coefficient * c, word) for word, c in base.terms.items())
        else:
            key = sympy.srepr(term)
            _FUNCTIONS[key] = term
            terms.append((coefficient, (Atom("", False, base.rows, base.cols, function=key, argument=frozen),)))
    return builder.poly(terms, base.rows, base.cols)


def _decompose(value: sympy.Expr) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """``value`` as Σ c·m(E): numbers c and terms m without a numeric factor, in a unique form."""
    value = value.replace(  # 𝟙[u > 0] however it was written: its value at 0 is 0
        lambda e: isinstance(e, sympy.Heaviside), lambda e: sympy.Heaviside(e.args[0], 0)
    ).replace(lambda e: isinstance(e, sympy.Max) and len(e.args) == 2 and 0 in e.args,
              lambda e: (e.args[0] if e.args[1] == 0 else e.args[1]) * sympy.Heaviside(e.args[0] if e.args[1] == 0 else e.args[1], 0))
    value = value.replace(  # 𝟙² = 𝟙
        lambda e: e.is_Pow and isinstance(e.base, sympy.Heaviside) and e.exp.is_Integer and e.exp > 0, lambda e: e.base
    )
    value = value.rewrite(sympy.exp)
    value = value.replace(sympy.exp, lambda a: sympy.exp(sympy.expand(a)))  # e^{-log E} = 1/E
    powers = [abs(power.exp) for power in value.atoms(sympy.Pow) if power.base == E and power.exp.is_number]
    if powers and max(powers) > MAX_DEGREE:  # σ(400u) is E⁴⁰⁰/(E⁴⁰⁰ + 1): partial fractions would not end
        raise NotCanonical(f"an entrywise function of degree above {MAX_DEGREE} in e^u")
    value = value.replace(lambda e: isinstance(e, sympy.log), _split_log)
    logs, rational = sympy.Integer(0), sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(value)):
        if term.has(sympy.log):
            logs += term
        else:
            rational += term
    found: dict[sympy.Expr, sympy.Expr] = {}
    rational = sympy.cancel(rational)
    fractions = sympy.apart(rational, E) if rational.is_rational_function(E) else sympy.expand(rational)
    parts = sympy.Add.make_args(fractions)
    for part in (*parts, *sympy.Add.make_args(_rational_in_u(sympy.expand(logs)))):
        if part == 0:
            continue
        coefficient, term = part.as_coeff_Mul()
        found[term] = found.get(term, sympy.Integer(0)) + coefficient
    return sorted(((c, t) for t, c in found.items() if c != 0), key=lambda item: sympy.srepr(item[1]))


_ENTRY = sympy.Symbol("u_entry")  # the entry u = log E, while a rational function of it is normalised


def _rational_in_u(logs: sympy.Expr) -> sympy.Expr:
    """Terms that are a rational function of u = log E alone (2u/(u² + 1), u²/(u² + 1)²) in one form:
    partial fractions in u. Other terms (log(E + 1), products with E) are left as they are."""
    rational, rest = sympy.Integer(0), sympy.Integer(0)
    for term in sympy.Add.make_args(logs):
        replaced = term.xreplace({sympy.log(E): _ENTRY})
        if replaced.atoms(sympy.Function):  # log(E + 1), e^{iu} of sin and cos: not a rational function of u
            rest += term
            continue
        replaced = sympy.cancel(replaced)  # E/(E u² + E): the E of the chain rule cancels
        if replaced.free_symbols <= {_ENTRY} and replaced.is_rational_function(_ENTRY) and not replaced.is_polynomial(_ENTRY):
            rational += replaced
        else:
            rest += term
    if rational == 0:
        return logs
    _, denominator = sympy.fraction(sympy.cancel(rational))
    if sympy.degree(denominator, _ENTRY) > MAX_DEGREE:
        return logs
    fractions = sympy.apart(sympy.cancel(rational), _ENTRY)
    return rest + sympy.expand(fractions).xreplace({_ENTRY: sympy.log(E)})


def _split_log(expression: sympy.Expr) -> sympy.Expr:
    """log of a product of polynomials in E with positive coefficients as a sum of their logs;
    anything else is left as it is (splitting would not be an identity)."""
    argument_value = sympy.cancel(sympy.together(expression.args[0]))
    if not argument_value.is_rational_function(E):
        return expression
    numerator, denominator = sympy.fraction(argument_value)
    pieces = []
    for part, sign in ((numerator, 1), (denominator, -1)):
        constant, factors = sympy.factor_list(part, E) if part.has(E) else (part, [])
        if not (constant.is_number and constant > 0):
            return expression
        for factor, power in factors:
            coefficients = sympy.Poly(factor, E).all_coeffs()
            if not all(c.is_number and c >= 0 for c in coefficients):
                return expression
            pieces.append(sign * power * (sympy.log(E) if factor == E else sympy.log(factor)))
        if constant != 1:
            pieces.append(sign * sympy.log(constant))
    return sympy.Add(*pieces)
