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
    for (scalars, word), coefficient in sorted(poly.terms.items(), key=_order):
        factors = [_word(s, name) for s in scalars] + ([_word(word, name)] if word else [])
        body = "".join(f"({f})" if len(scalars) + (1 if word else 0) > 1 and s_needs_parens(f) else f for f in factors)
        pieces.append(_with_coefficient(coefficient, body))
    text = pieces[0]
    for piece in pieces[1:]:
        text += f" - {piece[1:]}" if piece.startswith("-") else f" + {piece}"
    return text


def s_needs_parens(text: str) -> bool:
    return " " in text


def _order(item: tuple[canonical.TermKey, sympy.Expr]) -> tuple[int, tuple]:
    (scalars, word), _ = item
    size = sum(len(s) for s in scalars) + len(word)
    return (-size, canonical.term_sort_key((scalars, word)))


def _word(word: canonical.Word, name: Callable[[str], str]) -> str:
    parts = []
    for atom in word:
        if atom.inverse_of:
            inner = canonical.Poly(dict(atom.inverse_of), atom.rows, atom.rows)
            parts.append(f"({latex(inner, name)})^{{-1}}")
        else:
            text = render.name(name(atom.name))
            parts.append(text + ("^T" if atom.transposed else ""))
    return "".join(parts)


def _with_coefficient(coefficient: sympy.Expr, body: str) -> str:
    if not body:
        return sympy.latex(coefficient)
    if coefficient == 1:
        return body
    if coefficient == -1:
        return "-" + body
    text = sympy.latex(coefficient)
    if isinstance(coefficient, sympy.Add):
        text = f"({text})"
    return f"{text}{'' if text[-1].isdigit() or text.endswith(')') else ' '}{body}"
