"""Derivatives and index sums on canonical polynomials (the symbolic side of derive).

Coefficients may hold matrix scalars (traces and determinants, see :mod:`canonical`);
differentiating a coefficient is the chain rule through each of them:
``∇ c = Σ_σ ∂c/∂σ · ∇σ`` with ``∇ tr(L X R) = Lᵀ Rᵀ``, ``∇ tr(L Xᵀ R) = R L``,
``d(P⁻¹) = -P⁻¹ dP P⁻¹`` and ``d det P = det P · tr(P⁻¹ dP)``.
"""

from __future__ import annotations

import sympy

from derive import tree
from derive.symbolic import canonical, entrywise, named_functions
from derive.symbolic.canonical import Atom, Builder, NotCanonical, Poly, Word

Contribution = tuple[sympy.Expr, Word]  # a coefficient and a word, one term of a gradient


def gradient(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """The gradient of a scalar polynomial, shaped like ``variable`` (Matrix Cookbook layout).

    Raises:
        NotCanonical: the variable occurs where these rules do not reach.
    """
    if not canonical.is_scalar(poly):
        raise NotCanonical("the gradient of a non-scalar (a Jacobian)")
    if isinstance(variable, sympy.Symbol):
        return derivative(builder, poly, variable, 1)
    value = canonical.as_scalar(poly)
    terms = []
    for symbol in canonical.matrix_scalars(value):
        outer = sympy.diff(value, symbol)
        for coefficient, word in _scalar_gradient(builder, symbol, variable.name):
            terms.append((outer * coefficient, word))
    found = builder.poly(terms, variable.rows, variable.cols)
    if variable.name in builder.context.symmetric and variable.rows != 1:
        # the canonical form has used Σ = Σᵀ, so only the symmetric part of the gradient is determined
        found = builder.scale(builder.add(found, builder.transpose(found)), sympy.Rational(1, 2))
    return found


def _scalar_gradient(builder: Builder, symbol: sympy.Symbol, name: str) -> list[Contribution]:
    stands_for = canonical.meaning(symbol)
    assert stands_for is not None
    if stands_for.kind == "trace":
        return _cycle_gradient(builder, stands_for.word, name, 0)
    # d det P = det P · tr(P⁻¹ dP)
    matrix = canonical.thaw(stands_for.matrix, stands_for.size)
    inverse = Atom("", False, stands_for.size, stands_for.size, stands_for.matrix)
    found = []
    for word, value in matrix.terms.items():
        _refuse_dependent_coefficient(value, name)
        for coefficient, contribution in _cycle_gradient(builder, (inverse, *word), name, 1):
            found.append((symbol * value * coefficient, contribution))
    return found


def _cycle_gradient(builder: Builder, word: Word, name: str, start: int) -> list[Contribution]:
    """∇ tr(word) with respect to ``name``, through the atoms from position ``start`` on."""
    found: list[Contribution] = []
    for position in range(start, len(word)):
        atom = word[position]
        left, right = word[:position], word[position + 1 :]
        if atom.function and _mentions(atom.argument, name):
            if atom.function == entrywise.DIAGONAL:
                found.extend(_diagonal_gradient(builder, atom, (*right, *left), name))
                continue
            if atom.transposed:  # tr(L f(P)ᵀ R) = tr(Rᵀ f(P) Lᵀ)
                left, right = builder.transpose_word(right), builder.transpose_word(left)
            if entrywise.argument(atom).cols != 1:
                found.extend(_matrix_function_gradient(builder, atom, (*right, *left), name))
                continue
            # tr(L f(P) R) changes by tr(R L diag(f'(P)) dP)
            slope = entrywise.diagonal(builder, entrywise.derivative_vector(builder, atom))
            for diagonal_word, diagonal_value in slope.terms.items():
                around = (*right, *left, *diagonal_word)
                for inner, value in entrywise.argument(atom).terms.items():
                    _refuse_dependent_coefficient(value, name)
                    for coefficient, contribution in _cycle_gradient(builder, around + inner, name, len(around)):
                        found.append((diagonal_value * value * coefficient, contribution))
        elif atom.inverse_of and _mentions(atom.inverse_of, name):
            # tr(L P⁻¹ R) changes by -tr(P⁻¹ R L P⁻¹ dP)
            around = (atom, *right, *left, atom)
            for inner, value in atom.inverse_of:
                _refuse_dependent_coefficient(value, name)
                for coefficient, contribution in _cycle_gradient(builder, around + inner, name, len(around)):
                    found.append((-value * coefficient, contribution))
        elif atom.name == name:
            if atom.transposed:
                found.append((sympy.Integer(1), right + left))
            else:
                found.append((sympy.Integer(1), builder.transpose_word(right + left)))
    return found


def _diagonal_gradient(builder: Builder, atom: Atom, weight: Word, name: str) -> list[Contribution]:
    """∇ tr(diag(v) A), A = ``weight``: tr(diag(dv) A) = Σᵢ dvᵢ Aᵢᵢ, and the diagonal of a rank-one
    A = c r is c ⊙ rᵀ, so it is r diag(c) dv (𝟏ᵀ(y ⊙ Xw) is tr(diag(Xw) y𝟏ᵀ): A = y𝟏ᵀ)."""
    vector = entrywise.argument(atom)
    size = vector.rows
    if not weight:  # tr(diag(v)) = 𝟏ᵀv
        around = builder.poly([(sympy.Integer(1), (Atom(tree.ONES, True, sympy.Integer(1), size),))], sympy.Integer(1), size)
    else:
        split = next((i for i in range(1, len(weight)) if weight[i - 1].cols == 1), None)
        if split is None:
            raise NotCanonical("a derivative through diag(v) weighted by a matrix that is not of rank one")
        column = builder.poly([(sympy.Integer(1), weight[:split])], size, sympy.Integer(1))
        row = builder.poly([(sympy.Integer(1), weight[split:])], sympy.Integer(1), size)
        around = builder.multiply(row, entrywise.diagonal(builder, column))
    found: list[Contribution] = []
    for around_word, around_value in around.terms.items():
        for inner, value in vector.terms.items():
            _refuse_dependent_coefficient(value, name)
            for coefficient, contribution in _cycle_gradient(builder, around_word + inner, name, len(around_word)):
                found.append((around_value * value * coefficient, contribution))
    return found


def _matrix_function_gradient(builder: Builder, atom: Atom, weight: Word, name: str) -> list[Contribution]:
    """∇ tr(A f(P)) for an m×k matrix P, A = ``weight`` (k×m). tr(A (f'(P) ⊙ dP)) = tr((Aᵀ ⊙ f'(P))ᵀ dP),
    and a Hadamard product with a rank-one A = c r is diagonals around f'(P): Aᵀ ⊙ M = diag(rᵀ) M diag(c)
    (𝟏ᵀ f(XW) 𝟏 has A = 𝟏𝟏ᵀ). Another A is beyond the canonical form."""
    argument = entrywise.argument(atom)
    rows, cols = argument.rows, argument.cols
    split = next((i for i in range(1, len(weight)) if weight[i - 1].cols == 1), None)
    if split is None:
        raise NotCanonical("a derivative through f(Z) weighted by a matrix that is not of rank one")
    column = builder.poly([(sympy.Integer(1), weight[:split])], cols, sympy.Integer(1))
    row = builder.transpose(builder.poly([(sympy.Integer(1), weight[split:])], sympy.Integer(1), rows))
    slope = builder.transpose(entrywise.derivative_vector(builder, atom))
    around = builder.multiply(builder.multiply(entrywise.diagonal(builder, column), slope), entrywise.diagonal(builder, row))
    found: list[Contribution] = []
    for around_word, around_value in around.terms.items():
        for inner, value in argument.terms.items():
            _refuse_dependent_coefficient(value, name)
            for coefficient, contribution in _cycle_gradient(builder, around_word + inner, name, len(around_word)):
                found.append((around_value * value * coefficient, contribution))
    return found


def _refuse_dependent_coefficient(value: sympy.Expr, name: str) -> None:
    for symbol in canonical.matrix_scalars(value):
        stands_for = canonical.meaning(symbol)
        if stands_for is not None and (_mentions(((stands_for.word, 1),), name) or _mentions(stands_for.matrix, name)):
            raise NotCanonical("a derivative through a scalar inside an inverse or a determinant")


def _mentions(frozen: canonical.Frozen | tuple[tuple[Word, object], ...], name: str) -> bool:
    for word, value in frozen:
        for atom in word:
            if atom.name == name or (atom.inverse_of and _mentions(atom.inverse_of, name)):
                return True
            if atom.function and _mentions(atom.argument, name):
                return True
        for symbol in canonical.matrix_scalars(value) if isinstance(value, sympy.Expr) else ():
            stands_for = canonical.meaning(symbol)
            if stands_for is not None and (_mentions(((stands_for.word, 1),), name) or _mentions(stands_for.matrix, name)):
                return True
    return False


def jacobian(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """d(column polynomial)/d(column vector)ᵀ: rows of ``poly`` × rows of ``variable``.

    Raises:
        NotCanonical: the variable occurs in a position these rules do not reach.
    """
    if poly.cols != 1 or variable.cols != 1:
        raise NotCanonical("a Jacobian other than column by column vector")
    terms = []
    for word, value in poly.terms.items():
        for symbol in canonical.matrix_scalars(value):
            outer = sympy.diff(value, symbol)
            for coefficient, contribution in _scalar_gradient(builder, symbol, variable.name):
                terms.append((outer * coefficient, word + builder.transpose_word(contribution)))
        for position, atom in enumerate(word):
            if atom.inverse_of and _mentions(atom.inverse_of, variable.name):
                raise NotCanonical("a Jacobian through an inverse")
            if atom.function == entrywise.DIAGONAL and _mentions(atom.argument, variable.name):
                tail = word[position + 1 :]
                if not tail or not (tail[-1].cols == 1) or mentions_word(tail, variable.name):
                    raise NotCanonical("a Jacobian through diag(v) inside a product")
                # d(W diag(v) R) = W diag(R) dv, R a column: diag(v)R is v ⊙ R
                column = builder.poly([(sympy.Integer(1), tail)], atom.rows, sympy.Integer(1))
                front = builder.poly([(value, word[:position])], poly.rows, atom.rows)
                inner = jacobian(builder, entrywise.argument(atom), variable)
                weighted = builder.multiply(front, entrywise.diagonal(builder, column))
                terms.extend((v, w) for w, v in builder.multiply(weighted, inner).terms.items())
                continue
            if atom.function and _mentions(atom.argument, variable.name):
                if position != len(word) - 1 or atom.transposed or atom.function == entrywise.DIAGONAL:
                    raise NotCanonical("a Jacobian through an entrywise function inside a product")
                # d(W f(P)) = W diag(f'(P)) dP
                slope = entrywise.diagonal(builder, entrywise.derivative_vector(builder, atom))
                inner = jacobian(builder, entrywise.argument(atom), variable)
                front = builder.multiply(builder.poly([(value, word[:position])], poly.rows, atom.rows), slope)
                terms.extend((v, w) for w, v in builder.multiply(front, inner).terms.items())
                continue
            if atom.name != variable.name:
                continue
            if atom.transposed or position != len(word) - 1:
                raise NotCanonical("the variable inside a matrix product")
            terms.append((value, word[:position]))
    return builder.poly(terms, poly.rows, variable.rows)


def hessian(builder: Builder, poly: Poly, variable: sympy.Basic) -> Poly:
    """The Hessian of a scalar polynomial with respect to a vector (or a scalar)."""
    if isinstance(variable, sympy.Symbol):
        return derivative(builder, poly, variable, 2)
    return jacobian(builder, gradient(builder, poly, variable), variable)


def derivative(builder: Builder, poly: Poly, variable: sympy.Symbol, order: int) -> Poly:
    """The ``order``-th derivative with respect to a scalar.

    The scalar reaches a term through its coefficient (explicitly, and through traces and
    determinants of matrices that hold it) and through inverses in its word:
    ``d tr(M) = tr(dM)``, ``d det M = det M · tr(M⁻¹ dM)`` (Jacobi), ``d(M⁻¹) = -M⁻¹ dM M⁻¹``.
    """
    for _ in range(order):
        poly = _first_derivative(builder, poly, variable)
    return poly


def _first_derivative(builder: Builder, poly: Poly, variable: sympy.Symbol) -> Poly:
    terms: list[tuple[sympy.Expr, Word]] = []
    for word, value in poly.terms.items():
        terms.append((_value_derivative(builder, value, variable), word))
        for coefficient, new_word in _word_derivative(builder, word, variable):
            terms.append((value * coefficient, new_word))
    return builder.poly(terms, poly.rows, poly.cols)


def _value_derivative(builder: Builder, value: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """d/dt of a coefficient: explicitly, and through each trace and determinant (chain rule)."""
    result = sympy.diff(value, variable)
    for symbol in canonical.matrix_scalars(value):
        inner = _placeholder_derivative(builder, symbol, variable)
        if inner != 0:
            result = result + sympy.diff(value, symbol) * inner
    return result


def _placeholder_derivative(builder: Builder, symbol: sympy.Symbol, variable: sympy.Symbol) -> sympy.Expr:
    stands_for = canonical.meaning(symbol)
    assert stands_for is not None
    if stands_for.kind == "trace":  # d tr(W) = tr(dW)
        word = stands_for.word
        changes = _word_derivative(builder, word, variable)
        if not changes:
            return sympy.Integer(0)
        size = word[0].rows
        return canonical.as_scalar(builder.trace(builder.poly(changes, size, size)))
    # d det M = det M · tr(M⁻¹ dM)
    matrix = canonical.thaw(stands_for.matrix, stands_for.size)
    change = _first_derivative(builder, matrix, variable)
    if change.is_zero():
        return sympy.Integer(0)
    return symbol * canonical.as_scalar(builder.trace(builder.multiply(builder.inverse(matrix), change)))


def _word_derivative(builder: Builder, word: Word, variable: sympy.Symbol) -> list[Contribution]:
    """d/dt of a word (product rule); only its inverses can depend on a scalar."""
    found: list[Contribution] = []
    for position, atom in enumerate(word):
        if atom.function and (
            _mentions(atom.argument, variable.name) or any(value.has(variable) for _, value in atom.argument)
        ):
            raise NotCanonical("the derivative in a number of an entrywise function")
        if not atom.inverse_of:
            continue
        inner = _first_derivative(builder, canonical.thaw(atom.inverse_of, atom.rows), variable)
        left, right = word[:position], word[position + 1 :]
        for inner_word, inner_value in inner.terms.items():  # d(P⁻¹) = -P⁻¹ dP P⁻¹
            found.append((-inner_value, left + (atom,) + inner_word + (atom,) + right))
    return found


def sum_over_index(builder: Builder, poly: Poly, unit: str, count: sympy.Expr) -> Poly:
    """Close ``Σ_{i=1}^{count}`` of a polynomial written with the unit vector ``e_i`` (named ``unit``).

    Index notation is written through ``e_i``: ``a_i = Aᵀe_i`` and ``b_i = e_iᵀb``; the
    sum of ``e_i e_iᵀ`` is the identity, so every term with two occurrences closes.

    Raises:
        NotCanonical: a term with other than zero or two occurrences of the index.
    """
    terms = []
    for word, value in poly.terms.items():
        for monomial in sympy.Add.make_args(sympy.expand(value)):
            inside = _function_of_entry(builder, monomial, unit)
            if inside is not None:  # Σ_i h(e_iᵀv) = 𝟏ᵀh(v): the function applied entrywise, then summed
                if _count(word, unit):
                    raise NotCanonical("the index both inside a function and outside it")
                rest, function, vector = inside
                ones = builder.poly([(sympy.Integer(1), (Atom(canonical.ONES, True, sympy.Integer(1), vector.rows),))],
                                    sympy.Integer(1), vector.rows)
                total = builder.multiply(ones, entrywise.apply(builder, function, vector))
                terms.append((rest * canonical.as_scalar(total), word))
                continue
            cycles, rest = _split_monomial(monomial, unit)
            occurrences = sum(_count(cycle, unit) for cycle in cycles) + _count(word, unit)
            if occurrences == 0:
                terms.append((monomial * count, word))
                continue
            if occurrences == 1:  # Σ_i e_i = 𝟏: Σ_n x_n = Xᵀ𝟏, Σ_n μᵀx_n = μᵀXᵀ𝟏
                coefficient = rest
                for cycle in cycles:
                    coefficient = coefficient * builder.trace_of(_ones_for_unit(cycle, unit))
                terms.append((coefficient, _ones_for_unit(word, unit)))
                continue
            if occurrences != 2:
                raise NotCanonical("a sum whose terms do not pair the index twice")
            new_cycles, new_word = _contract(builder, cycles, word, unit)
            coefficient = rest
            for cycle in new_cycles:
                coefficient = coefficient * (count if not cycle else builder.trace_of(cycle))
            terms.append((coefficient, new_word))
    return builder.poly(terms, poly.rows, poly.cols)


def _function_of_entry(
    builder: Builder, monomial: sympy.Expr, unit: str
) -> tuple[sympy.Expr, sympy.Expr, Poly] | None:
    """``monomial`` as rest·h(e_iᵀv) when the index is inside a function (exp(w_iᵀx)): the rest,
    h in :data:`entrywise.U`, and v; None when the index occurs only polynomially.

    Raises:
        NotCanonical: the index inside a function of something other than one entry e_iᵀv.
    """
    dependent = [s for s in canonical.matrix_scalars(monomial) if _placeholder_mentions(s, unit)]
    polynomial = all(  # exp(t) is no power of a placeholder (SymPy's as_powers_dict would say E**t)
        canonical.meaning(factor) is not None
        or (factor.is_Pow and canonical.meaning(factor.base) is not None and factor.exp.is_Integer and factor.exp > 0)
        for factor in sympy.Mul.make_args(monomial) if factor.free_symbols & set(dependent)
    )
    if not dependent or polynomial:
        return None
    stands_for = canonical.meaning(dependent[0])
    if len(dependent) != 1 or stands_for is None or stands_for.kind != "trace":
        raise NotCanonical("the index inside a non-polynomial function")
    word = stands_for.word
    if word[0].name == unit and word[0].transposed and not _count(word[1:], unit):
        rest_word = word[1:]
    elif word[-1].name == unit and not word[-1].transposed and not _count(word[:-1], unit):
        rest_word = builder.transpose_word(word[:-1])
    else:
        raise NotCanonical("the index inside a function of other than one entry")
    rest, function = monomial.as_independent(dependent[0])
    length = word[0].cols if word[0].transposed else word[-1].rows
    vector = builder.poly([(sympy.Integer(1), rest_word)], length, sympy.Integer(1))
    return rest, function.xreplace({dependent[0]: entrywise.U}), vector


def _placeholder_mentions(symbol: sympy.Symbol, unit: str) -> bool:
    stands_for = canonical.meaning(symbol)
    if stands_for is None:
        return False
    return bool(_count(stands_for.word, unit)) if stands_for.kind == "trace" else _mentions(stands_for.matrix, unit)


def _split_monomial(monomial: sympy.Expr, unit: str) -> tuple[list[Word], sympy.Expr]:
    """The trace cycles of a monomial that hold the index (with multiplicity), and the rest."""
    cycles: list[Word] = []
    rest: sympy.Expr = sympy.Integer(1)
    for base, exponent in monomial.as_powers_dict().items():
        stands_for = canonical.meaning(base)
        if stands_for is not None and stands_for.kind == "trace" and _count(stands_for.word, unit):
            if not (exponent.is_Integer and exponent > 0):
                raise NotCanonical("the index inside a non-polynomial function")
            cycles.extend([stands_for.word] * int(exponent))
        elif stands_for is not None and stands_for.kind == "det" and _mentions(stands_for.matrix, unit):
            raise NotCanonical("the index inside a determinant")
        else:
            rest = rest * base**exponent
    return cycles, rest


def _count(word: Word, unit: str) -> int:
    if any(atom.function and _mentions(atom.argument, unit) for atom in word):
        raise NotCanonical("an index inside an entrywise function")
    return sum(1 for atom in word if atom.name == unit)


def _ones_for_unit(word: Word, unit: str) -> Word:
    """The word with its unit vector e_i (or e_iᵀ) replaced by 𝟏 (𝟏ᵀ)."""
    return tuple(
        Atom(canonical.ONES, atom.transposed, atom.rows, atom.cols) if atom.name == unit else atom for atom in word
    )


def _contract(builder: Builder, cycles: list[Word], word: Word, unit: str) -> tuple[list[Word], Word]:
    if len(cycles) == 1 and _count(cycles[0], unit) == 2:  # Σ e_iᵀ X e_i = tr(X)
        cycle = cycles[0]
        for rotation in (cycle[i:] + cycle[:i] for i in range(len(cycle))):
            if rotation[-1].name == unit and not rotation[-1].transposed and rotation[0].name == unit:
                return [rotation[1:-1]], word
        raise NotCanonical("a sum over an index that is not contracted")
    if not cycles:  # e eᵀ next to each other in the word
        for position in range(len(word) - 1):
            if word[position].name == unit and word[position + 1].name == unit:
                return [], word[:position] + word[position + 2 :]
        raise NotCanonical("a sum over an index that is not contracted")
    if len(cycles) == 2:
        left = _ending_with_unit(builder, cycles[0], unit)
        right = _ending_with_unit(builder, cycles[1], unit)
        return [left[:-1] + builder.transpose_word(right[:-1])], word
    (cycle,) = cycles
    for position, atom in enumerate(word):
        if atom.name != unit:
            continue
        if atom.transposed:  # word = P eᵀ Q and the cycle is L e: Σ = P L Q
            replacement = _ending_with_unit(builder, cycle, unit)[:-1]
        else:  # word = P e Q and the cycle is eᵀ R: Σ = P R Q
            replacement = builder.transpose_word(_ending_with_unit(builder, cycle, unit)[:-1])
        return [], word[:position] + replacement + word[position + 1 :]
    raise NotCanonical("a sum over an index that is not contracted")


def _ending_with_unit(builder: Builder, cycle: Word, unit: str) -> Word:
    """The cycle written as ``L e``: a rotation (of it or its transpose) that ends with ``e``."""
    for source in (cycle, builder.transpose_word(cycle)):
        for rotation in (source[i:] + source[:i] for i in range(len(source))):
            if rotation[-1].name == unit and not rotation[-1].transposed:
                return rotation
    raise NotCanonical("the index inside a product")


def is_gram(builder: Builder, poly: Poly) -> bool:
    """Whether ``poly`` is a sum of ``c·MᵀM``, ``c·Mᵀdiag(f(P))M`` with f > 0, and ``c·I``, each c > 0:
    positive semidefinite."""
    if not poly.terms or poly.rows != poly.cols:
        return False
    weighted: set[Word] = set()  # c·Mᵀdiag(f(P))M with f > 0 (the logistic Hessian XᵀSX)
    for group in named_functions.groups(poly):
        if (
            group.kind == named_functions.DIAGONAL and entrywise.positive(group.function)
            and group.scale.is_number and group.scale > 0
            and canonical.word_key(builder.transpose_word(group.right)) == canonical.word_key(group.left)
        ):
            weighted.update(group.words)
    for word, value in poly.terms.items():
        if word in weighted:
            continue
        if not (value.is_number and value > 0):
            return False
        half = len(word) // 2
        if len(word) % 2 or canonical.word_key(builder.transpose_word(word[half:])) != canonical.word_key(word[:half]):
            return False
    return True


def is_covariance_of_weights(poly: Poly) -> bool:
    """Whether ``poly`` is c(diag(e)/s - eeᵀ/s²) with c > 0, e = f(P) positive entrywise and s = 𝟏ᵀe:
    diag(p) - ppᵀ for the weights p = e/s (softmax(a) when e = exp(a)), which are positive and sum
    to one. vᵀ(diag(p) - ppᵀ)v = Σ pᵢvᵢ² - (Σ pᵢvᵢ)² ≥ 0 (a variance): positive semidefinite."""
    diagonal = [(w, c) for w, c in poly.terms.items() if len(w) == 1 and w[0].function == entrywise.DIAGONAL]
    outer = [(w, c) for w, c in poly.terms.items() if len(w) == 2]
    if len(poly.terms) != 2 or len(diagonal) != 1 or len(outer) != 1:
        return False
    ((diagonal_word, diagonal_value),), ((outer_word, outer_value),) = diagonal, outer
    inner = diagonal_word[0].argument
    if len(inner) != 1 or inner[0][1] != 1 or len(inner[0][0]) != 1:
        return False
    weight = inner[0][0][0]
    if not (entrywise.is_entrywise(weight) and not weight.transposed and entrywise.positive(entrywise.function_of(weight))):
        return False
    column, row = outer_word
    if not (column == weight and row.transposed and row.function == weight.function and row.argument == weight.argument):
        return False
    for symbol in canonical.matrix_scalars(diagonal_value):
        stands_for = canonical.meaning(symbol)
        if stands_for is None or stands_for.kind != "trace" or len(stands_for.word) != 2:
            continue
        summed = [a for a in stands_for.word if a.name != canonical.ONES]
        if len(summed) != 1 or summed[0].function != weight.function or summed[0].argument != weight.argument:
            continue
        scale = sympy.cancel(diagonal_value * symbol)
        if scale.is_number and scale > 0 and sympy.cancel(outer_value * symbol**2 + scale) == 0:
            return True
    return False


def mentions_word(word: Word, name: str) -> bool:
    """Whether ``name`` occurs in a word, inside inverses included."""
    return _mentions(((word, sympy.Integer(1)),), name)


def mentions_value(value: sympy.Expr, name: str) -> bool:
    """Whether ``name`` occurs in a coefficient's traces or determinants."""
    return _mentions((((), value),), name)
