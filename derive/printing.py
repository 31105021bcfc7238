"""Canonical polynomials as readable LaTeX in the document's own names (``2A^TAx - 2A^Tb``)."""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derive import canonical, render


def latex(poly: canonical.Poly, name: Callable[[str], str]) -> str:
    """``poly`` as LaTeX; ``name`` maps generated identifiers back to the document's names."""
    if not poly.terms:
        return "0"
    pieces = []
    for word, coefficient in sorted(poly.terms.items(), key=_order):
        pieces.append(_with_coefficient(coefficient, _word(word, name), name))
    text = pieces[0]
    for piece in pieces[1:]:
        text += f" - {piece[1:]}" if piece.startswith("-") else f" + {piece}"
    return text


def scalar(value: sympy.Expr, name: Callable[[str], str]) -> str:
    """A coefficient as LaTeX, its traces and determinants written out."""
    names = {}
    for symbol in canonical.matrix_scalars(value):
        stands_for = canonical.meaning(symbol)
        assert stands_for is not None
        if stands_for.kind == "trace":
            text = _word(stands_for.word, name)
            one_by_one = stands_for.word and stands_for.word[0].rows == 1
            names[symbol] = text if one_by_one else f"\\operatorname{{tr}}({text})"
        else:
            inner = canonical.thaw(stands_for.matrix, stands_for.size)
            names[symbol] = f"\\det({latex(inner, name)})"
    return sympy.latex(value, symbol_names=names)


def _order(item: tuple[canonical.Word, sympy.Expr]) -> tuple[int, tuple[object, ...]]:
    word, _ = item
    return (-len(word), canonical.word_key(word))


def _word(word: canonical.Word, name: Callable[[str], str]) -> str:
    parts = []
    for atom in word:
        if atom.inverse_of:
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


def _with_coefficient(coefficient: sympy.Expr, body: str, name: Callable[[str], str]) -> str:
    text = scalar(coefficient, name)
    if not body:
        return text
    if coefficient == 1:
        return body
    if coefficient == -1:
        return "-" + body
    if isinstance(coefficient, sympy.Add):
        text = f"({text})"
    return f"{text}{'' if text[-1].isdigit() or text.endswith(')') else ' '}{body}"
