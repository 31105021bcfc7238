"""Canonical polynomials as readable LaTeX in the document's own names (``2A^TAx - 2A^Tb``)."""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy.printing.latex import LatexPrinter

from derive.reading import render
from derive.symbolic import canonical, entrywise, named_functions

Namer = Callable[[str], str]


def latex(
    poly: canonical.Poly, name: Namer, *, variable: str | None = None, symmetric: frozenset[str] = frozenset()
) -> str:
    """``poly`` as LaTeX; ``name`` maps generated identifiers back to the document's names.

    Terms come in a fixed order: with ``variable`` (a generated identifier) those that
    depend on it first, then longer words before shorter ones (``x^TA^TAx - 2b^TAx + b^Tb``).
    An identity term of a matrix is written ``I``; ``symmetric`` symbols need no transpose.
    """
    if not poly.terms:
        return "0"
    identity = "" if canonical.is_scalar(poly) else "I"
    terms: list[tuple[tuple[canonical.Word, sympy.Expr], str]] = []
    gathered: set[canonical.Word] = set()
    for word, coefficient in poly.terms.items():  # first: exp(a)/(𝟏ᵀexp(a)) is softmax(a), not a group of exp
        softmax = _softmax(word, coefficient, name)
        if softmax is not None:
            gathered.add(word)
            terms.append(((word, softmax[0]), softmax[1]))
    remaining = canonical.Poly({w: c for w, c in poly.terms.items() if w not in gathered}, poly.rows, poly.cols)
    for group in named_functions.groups(remaining):
        function, a, b = group.split
        if function is None:
            continue  # each term alone
        gathered.update(group.words)
        for share, body in _group_latex(group, function, a, b, name):
            terms.append(((group.words[0], share * group.scale), body))
    terms += [((word, coefficient), word_latex(word, name) or identity)
              for word, coefficient in poly.terms.items() if word not in gathered]
    pieces = [_with_coefficient(item[1], body, name, variable, symmetric)
              for item, body in sorted(terms, key=lambda term: term_key(term[0], variable))]
    return join(pieces)


NAMED_LATEX = {
    named_functions.SIGMA: r"\sigma({0})",
    named_functions.SOFTPLUS: r"\operatorname{{softplus}}({0})",
    named_functions.EXP: r"\exp({0})",
    named_functions.SIGMA_PRIME: r"(\sigma({0}) \odot (\mathbf{{1}} - \sigma({0})))",
    named_functions.COMPLEMENT: r"(\mathbf{{1}} - \sigma({0}))",
    named_functions.TANH: r"\tanh({0})",
    named_functions.TANH_PRIME: r"(\mathbf{{1}} - \tanh({0}) \odot \tanh({0}))",
    named_functions.TANH_CURVATURE: r"(\tanh({0}) \odot (\mathbf{{1}} - \tanh({0}) \odot \tanh({0})))",
}


def _softmax(word: canonical.Word, coefficient: sympy.Expr, name: Namer) -> tuple[sympy.Expr, str] | None:
    """A term ``c/(𝟏ᵀexp(P))^k · L exp(P) M exp(P)ᵀ R`` as ``c · L softmax(P) M softmax(P)ᵀ R``: each
    exp(P), exp(P)ᵀ or diag(exp(P)) takes one factor 1/(𝟏ᵀexp(P)) of the coefficient; None when none does."""
    totals = {}  # the argument of exp in 𝟏ᵀexp(P) -> its placeholder symbol
    for symbol in canonical.matrix_scalars(coefficient):
        stands_for = canonical.meaning(symbol)
        if stands_for is not None and stands_for.kind == "trace" and len(stands_for.word) == 2:
            total = [a for a in stands_for.word if a.name != canonical.ONES]
            if len(total) == 1 and _is_exp(total[0]):
                totals[total[0].argument] = symbol
    if not totals:
        return None
    rest, pieces, changed = coefficient, [], False
    for atom in word:
        inner = _exp_under_diagonal(atom)
        argument = inner.argument if inner is not None else atom.argument if _is_exp(atom) else None
        symbol = totals.get(argument) if argument is not None else None
        if symbol is not None and sympy.fraction(sympy.together(rest))[1].has(symbol):  # a 1/(𝟏ᵀexp(P)) left
            rest = sympy.cancel(rest * symbol)
            shown = f"\\operatorname{{softmax}}({latex(entrywise.argument(inner or atom), name)})"
            pieces.append(f"\\operatorname{{diag}}({shown})" if inner is not None else shown + ("^T" if atom.transposed else ""))
            changed = True
        else:
            pieces.append(word_latex((atom,), name))
    return (rest, "".join(pieces)) if changed else None


def _is_exp(atom: canonical.Atom) -> bool:
    return entrywise.is_entrywise(atom) and named_functions.name_of(entrywise.function_of(atom)) == named_functions.EXP


def _exp_under_diagonal(atom: canonical.Atom) -> canonical.Atom | None:
    """exp(P) for the atom diag(exp(P)); None for any other atom."""
    if atom.function != entrywise.DIAGONAL or len(atom.argument) != 1:
        return None
    ((inner, value),) = atom.argument
    return inner[0] if value == 1 and len(inner) == 1 and _is_exp(inner[0]) else None


def _group_latex(
    group: named_functions.Group, function: str, a: sympy.Expr, b: sympy.Expr, name: Namer
) -> list[tuple[sympy.Expr, str]]:
    """The group's two terms: ``a`` times its named function, ``b`` times its 𝟏 part."""
    left, right, inner = word_latex(group.left, name), word_latex(group.right, name), latex(group.argument, name)
    if group.kind == named_functions.DIAGONAL:
        shown = _named_latex(function, inner, False)
        shown = shown[1:-1] if shown.startswith("(") and shown.endswith(")") else shown
        pieces = [(a, f"{left}\\operatorname{{diag}}({shown}){right}"), (b, left + right or "I")]
    elif group.kind == named_functions.ROW:
        pieces = [(a, _named_latex(function, inner, True) + right), (b, "\\mathbf{1}^T" + right)]
    else:
        pieces = [(a, left + _named_latex(function, inner, False)), (b, left + "\\mathbf{1}")]
    return [(share, body) for share, body in pieces if share != 0]


def _named_latex(function: str, argument: str, transposed: bool) -> str:
    return NAMED_LATEX[function].format(argument) + ("^T" if transposed else "")


def scalar(
    value: sympy.Expr, name: Namer, *, variable: str | None = None, symmetric: frozenset[str] = frozenset()
) -> str:
    """A coefficient as LaTeX, its traces and determinants written out, its terms in a fixed order."""
    names = _symbol_names(value, name, variable, symmetric)
    if isinstance(value, sympy.Add):
        terms = sorted(sympy.Add.make_args(value), key=lambda term: term_order(term, variable))
        return join([_monomial(term, names, variable) for term in terms])
    return _monomial(value, names, variable)


def word_latex(word: canonical.Word, name: Namer) -> str:
    """A product of atoms (``A^TAx``, ``(A^TA)^{-1}``) as LaTeX; ``""`` for the empty word."""
    parts = []
    for atom in word:
        if atom.function:
            parts.append(_function_latex(atom, name))
        elif atom.inverse_of:
            inner = canonical.thaw(atom.inverse_of, atom.rows)
            ((first_word, first_value), *others) = inner.terms.items()
            if not others and len(first_word) == 1 and first_value == 1 and not first_word[0].inverse_of:
                leaf = first_word[0]  # X^{-1}, and X^{-T} for the inverse of a transpose
                parts.append(render.name(name(leaf.name)) + ("^{-T}" if leaf.transposed else "^{-1}"))
            else:
                parts.append(f"({latex(inner, name)})^{{-1}}")
        else:
            parts.append(render.name(name(atom.name)) + ("^T" if atom.transposed else ""))
    return "".join(parts)


def _function_latex(atom: canonical.Atom, name: Namer) -> str:
    """diag(v), and f(P) as f(u) at u = P (the entries of P)."""
    inner = latex(entrywise.argument(atom), name)
    if atom.function == entrywise.DIAGONAL:
        return f"\\operatorname{{diag}}({inner})"
    function = entrywise.function_of(atom)
    known = named_functions.name_of(function)
    if known is not None:
        return _named_latex(known, inner, atom.transposed)
    u = sympy.Symbol("u", real=True)
    value = sympy.simplify(function.xreplace({entrywise.E: sympy.exp(u)}))
    if value.func in ELEMENTARY and value.args == (u,):  # log(P), sqrt(P): the function of a fresh argument
        return f"\\{ELEMENTARY[value.func]}({inner})" + ("^T" if atom.transposed else "")
    if value.is_Pow and value.base == u and value.exp.is_Rational:  # x^{∘2}, y^{∘-1}: an entrywise power
        terms = list(entrywise.argument(atom).terms.items())
        plain = len(terms) == 1 and len(terms[0][0]) == 1 and terms[0][1] == 1 and not terms[0][0][0].function
        base = inner if plain and " " not in inner else f"({inner})"  # (exp(XW)𝟏)^{∘-1}, not exp(XW)𝟏^{∘-1}
        power = f"{base}^{{\\circ {sympy.latex(value.exp)}}}"
        return f"({power})^T" if atom.transposed else power
    try:  # written with ⊙, ⊘ and powers of the entries, which derive reads back
        shown = _grouped(_entrywise_latex(value, u, inner))  # a factor of its word: Xᵀ(Xw ⊙ 𝟙[Xw > 0])
    except ValueError:
        shown = f"\\left[{sympy.latex(value)}\\right]_{{u = {inner}}}"
    return f"({shown})^T" if atom.transposed and shown.endswith("}") else f"{shown}^T" if atom.transposed else shown


def _grouped(text: str) -> str:
    """``text`` in parentheses when it has an operator at its top level (a space outside braces and
    parentheses) or starts with a sign: safe as a factor of a product."""
    depth, spaced = 0, False
    for character in text:
        depth += 1 if character in "({[" else -1 if character in ")}]" else 0
        spaced = spaced or (character == " " and depth == 0)
    return text if not spaced and not text.startswith("-") else f"({text})"


def _entrywise_latex(value: sympy.Expr, u: sympy.Symbol, argument: str) -> str:
    """f(u) applied to every entry of the argument, as an expression in the argument:
    2u/(u² + 1) at x is 2x ⊘ (x^{∘2} + 𝟏).

    Raises:
        ValueError: a part with no entrywise notation (a fractional power, an unknown function).
    """
    wrapped = _grouped

    def shown(expression: sympy.Expr) -> str:
        if expression == u:
            return argument if " " not in argument else f"({argument})"
        if expression.is_Number:
            return "\\mathbf{1}" if expression == 1 else f"{sympy.latex(expression)}\\mathbf{{1}}"
        if isinstance(expression, sympy.Heaviside):
            return f"\\mathbb{{1}}[{shown(expression.args[0])} > 0]"
        if expression.is_Mul and len(expression.args) == 2 and sympy.Heaviside(u, 0) in expression.args and u in expression.args:
            return f"\\operatorname{{ReLU}}({argument})"
        numerator, denominator = sympy.fraction(sympy.together(expression))
        if denominator != 1:
            return f"{wrapped(shown(numerator))} \\oslash {wrapped(shown(denominator))}"
        if expression.is_Add:
            text = ""
            for term in sorted(expression.args, key=sympy.default_sort_key, reverse=True):
                negative = term.as_coeff_Mul()[0] < 0
                piece = shown(-term if negative else term)
                text += (" - " if text else "-") + piece if negative else (" + " if text else "") + piece
            return text
        if expression.is_Mul:
            coefficient, rest = expression.as_coeff_Mul()
            if coefficient == -1:
                return f"-{wrapped(shown(rest))}"
            if coefficient != 1:
                return f"{sympy.latex(coefficient)} {wrapped(shown(rest))}"
            return " \\odot ".join(wrapped(shown(factor)) for factor in sympy.Mul.make_args(expression))
        if expression.is_Pow and expression.exp.is_Integer and expression.exp > 1:
            return f"{wrapped(shown(expression.base))}^{{\\circ {expression.exp}}}"
        if expression.is_Pow and expression.exp == sympy.Rational(1, 2):
            return f"\\sqrt{{{shown(expression.base)}}}"
        if expression.func in ELEMENTARY and len(expression.args) == 1:
            return f"\\{ELEMENTARY[expression.func]}({shown(expression.args[0])})"
        raise ValueError(f"no entrywise notation for {expression}")

    return shown(value)


UNNAMED = "\\right]_{u = "  # how an entrywise function with no name is printed: [f(u)]_{u = P}
ELEMENTARY = {sympy.log: "log", sympy.exp: "exp", sympy.sin: "sin", sympy.cos: "cos", sympy.tanh: "tanh"}


def join(pieces: list[str]) -> str:
    """Terms joined by ` + ` and ` - `."""
    text = pieces[0]
    for piece in pieces[1:]:
        text += f" - {piece[1:].lstrip()}" if piece.startswith("-") else f" + {piece}"
    return text


def term_key(item: tuple[canonical.Word, sympy.Expr], variable: str | None) -> tuple[object, ...]:
    """Sort key for the terms of a polynomial: those with ``variable`` first, then longer words."""
    word, coefficient = item
    if variable is None:
        return (-len(word), canonical.word_key(word))
    depends = any(_has(atom, variable) for atom in word) or any(
        _degree(term, variable) != 0 for term in sympy.Add.make_args(coefficient)
    )
    return (not depends, -len(word), canonical.word_key(word))


def _has(atom: canonical.Atom, variable: str) -> bool:
    """Whether an atom is the variable or a function of it (σ(Xθ) depends on θ)."""
    return atom.name == variable or any(_has(inner, variable) for word, _ in atom.argument for inner in word)


def term_order(term: sympy.Expr, variable: str | None) -> tuple[object, ...]:
    """Sort key for the monomials of a coefficient: by degree in ``variable``, then size."""
    atoms = sum(len(_trace_word(base)) * _exponent(power) for base, power in term.as_powers_dict().items())
    degree = _degree(term, variable) if variable is not None else 0
    total = sum(_exponent(power) for base, power in term.as_powers_dict().items() if isinstance(base, sympy.Symbol))
    return (-degree, -atoms, -total, sympy.default_sort_key(term))


def _degree(value: sympy.Expr, variable: str) -> float:
    """How often ``variable`` occurs in a monomial: in its traces, or as a scalar symbol."""
    total = 0.0
    for base, power in value.as_powers_dict().items():
        if isinstance(base, sympy.Symbol) and base.name == variable:
            total += _exponent(power)
        total += sum(1 for atom in _trace_word(base) if atom.name == variable) * _exponent(power)
    return total


def _exponent(power: sympy.Expr) -> float:
    return float(power) if power.is_number else 1.0


def _trace_word(base: sympy.Expr) -> canonical.Word:
    stands_for = canonical.meaning(base)
    return stands_for.word if stands_for is not None and stands_for.kind == "trace" else ()


def _monomial(term: sympy.Expr, names: dict[sympy.Symbol, str], variable: str | None) -> str:
    number, rest = term.as_coeff_Mul()
    if rest == 1 or not number.is_Rational or any(power.is_negative for power in rest.as_powers_dict().values()):
        return _printed(term, names)

    def key(factor: sympy.Expr) -> tuple[object, ...]:
        placeholder = canonical.meaning(factor.as_base_exp()[0]) is not None
        return (placeholder, variable is not None and _degree(factor, variable) != 0, _printed(factor, names))

    factors = sorted(sympy.Mul.make_args(rest), key=key)
    body = " ".join(_printed(factor, names) for factor in factors)
    if len(factors) == 1 and isinstance(factors[0], sympy.Add):
        body = f"\\left({body}\\right)"
    sign = "-" if number < 0 else ""
    magnitude = abs(number)
    if magnitude == 1:
        return sign + body
    shown = sympy.latex(magnitude)
    return f"{sign}{shown}{'' if shown.isdigit() else ' '}{body}"


class _Printer(LatexPrinter):  # type: ignore[misc]
    """SymPy's LaTeX printer, with ``\\exp(…)`` rather than ``e^{…}`` (``e`` would read as a symbol)."""

    def _print_exp(self, expr: sympy.Expr, exp: str | None = None) -> str:
        text = f"\\exp\\left({self._print(expr.args[0])}\\right)"
        return f"{text}^{{{exp}}}" if exp else text


def _printed(value: sympy.Expr, names: dict[sympy.Symbol, str]) -> str:
    return str(_Printer({"symbol_names": names}).doprint(value))


def _symbol_names(
    value: sympy.Expr, name: Namer, variable: str | None, symmetric: frozenset[str]
) -> dict[sympy.Symbol, str]:
    names: dict[sympy.Symbol, str] = {}
    for symbol in value.free_symbols:
        assert isinstance(symbol, sympy.Symbol)
        stands_for = canonical.meaning(symbol)
        if stands_for is None:
            shown = name(symbol.name[2:]) if symbol.name.startswith("n_") else name(symbol.name)
            if shown.startswith("dim:"):  # a generated dimension, n_v3 for the document's n
                shown = shown[4:]
            elif symbol.name.startswith("n_"):
                shown = symbol.name
            names[symbol] = render.name(shown)
        elif stands_for.kind == "trace":
            one_by_one = bool(stands_for.word) and stands_for.word[0].rows == 1
            if one_by_one:
                names[symbol] = word_latex(oriented(stands_for.word, variable, symmetric), name)
            else:
                names[symbol] = f"\\operatorname{{tr}}({word_latex(stands_for.word, name)})"
        else:
            inner = canonical.thaw(stands_for.matrix, stands_for.size)
            names[symbol] = f"\\det({latex(inner, name)})"
    return names


def oriented(word: canonical.Word, variable: str | None, symmetric: frozenset[str]) -> canonical.Word:
    """A 1×1 product read in its most natural direction: fewest transposes, the variable last (``b^TAx``)."""
    if any(atom.inverse_of for atom in word):
        return word
    flipped = tuple(
        canonical.Atom(atom.name, not atom.transposed and atom.name not in symmetric, atom.cols, atom.rows)
        for atom in reversed(word)
    )

    def cost(candidate: canonical.Word) -> tuple[int, bool]:
        last = candidate[-1]
        return (sum(atom.transposed for atom in candidate), variable is not None and last.name != variable)

    return flipped if cost(flipped) < cost(word) else word


def _with_coefficient(
    coefficient: sympy.Expr, body: str, name: Namer, variable: str | None = None, symmetric: frozenset[str] = frozenset()
) -> str:
    text = scalar(coefficient, name, variable=variable, symmetric=symmetric)
    if not body:
        return text
    if coefficient == 1:
        return body
    if coefficient == -1:
        return "-" + body
    if isinstance(coefficient, sympy.Add):
        text = f"({text})"
    return f"{text}{'' if text[-1].isdigit() or text.endswith(')') else ' '}{body}"


def content(poly: canonical.Poly) -> sympy.Expr:
    """The positive rational that divides every coefficient (2 for ``2A^TAx - 2A^Tb``)."""
    numbers = [value.as_coeff_Mul()[0] for value in poly.terms.values()] or [sympy.Integer(1)]
    common = sympy.Integer(0)
    for number in numbers:
        common = sympy.gcd(common, number)
    return abs(common) if common != 0 else sympy.Integer(1)


def factored(
    poly: canonical.Poly, name: Namer, *, variable: str, context: canonical.Context = canonical.Context()
) -> str | None:
    """``poly`` with its common scalar and common left factor taken out, or None when nothing factors.

    ``2A^TAx - 2A^Tb`` is ``2A^T(Ax - b)``; terms ending in the column ``variable`` are
    grouped, ``2((A^TA + \\lambda I)x - A^Tb)``. Only for display: the caller checks it.
    """
    if canonical.is_scalar(poly):
        if len(poly.terms) != 1:
            return None
        number, rest = sympy.factor_terms(canonical.as_scalar(poly)).as_coeff_Mul()
        if not isinstance(rest, sympy.Add) or number in (1, -1):
            return None
        return f"{scalar(number, name)}\\left({scalar(rest, name, variable=variable, symmetric=context.symmetric)}\\right)"
    if len(poly.terms) < 2:
        return None
    scale = content(poly)
    words = list(poly.terms)
    prefix: canonical.Word = ()
    while all(len(w) > len(prefix) + 1 for w in words) and len(
        {canonical.word_key(w[: len(prefix) + 1]) for w in words}
    ) == 1:
        prefix = words[0][: len(prefix) + 1]
    rows = prefix[-1].cols if prefix else poly.rows
    builder = canonical.Builder(context)
    inner = [(value / scale, word[len(prefix) :]) for word, value in poly.terms.items()]

    def ends_in_variable(word: canonical.Word) -> bool:
        return bool(word) and word[-1].name == variable and not word[-1].transposed and all(
            atom.name != variable for atom in word[:-1]
        )

    grouped = [(value, word[:-1]) for value, word in inner if ends_in_variable(word)]
    symmetric = context.symmetric
    text = latex(builder.poly(inner, rows, poly.cols), name, variable=variable, symmetric=symmetric)
    if len(grouped) > 1 and poly.cols == 1:
        matrix = latex(builder.poly(grouped, rows, rows), name, variable=variable, symmetric=symmetric)
        others = [(value, word) for value, word in inner if not ends_in_variable(word)]
        text = f"({matrix}){render.name(name(variable))}"
        if others:
            text = join([text, latex(builder.poly(others, rows, poly.cols), name, variable=variable, symmetric=symmetric)])
    elif scale == 1 and not prefix:
        return None
    if scale == 1 and not prefix:
        return text
    number = "" if scale == 1 else scalar(scale, name)
    return f"{number}{word_latex(prefix, name)}({text})"
