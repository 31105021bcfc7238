"""Whether a canonical polynomial is certainly not the zero function, so that a symbolic "not zero" may refute.

A canonical form that is not zero proves nothing by itself when it holds inverses, entrywise
functions, traces or determinants: identities the form does not know (push-through,
Cayley–Hamilton) may still make it vanish. Without them it is a polynomial in free matrix
letters with rational coefficients, and such a polynomial is a nonzero function as soon as
the matrices are large enough: n × n matrices satisfy no polynomial identity of degree
below 2n (Amitsur–Levitzki). Sizes written as numbers must therefore exceed the degree.
One term c·W whose word holds only letters and inverses is nonzero too: inverses are
invertible wherever they are defined.
"""

from __future__ import annotations

import sympy

from derive import tree
from derive.symbolic import canonical


def certainly_nonzero(poly: canonical.Poly) -> bool:
    """True only when ``poly`` is a nonzero function of its letters for the document's sizes."""
    if len(poly.terms) == 1 and _single(poly):
        return True
    found = False
    for word, coefficient in poly.terms.items():
        if not all(_plain(atom, len(word)) for atom in word):
            return False
        reduced = sympy.cancel(sympy.expand(coefficient))
        if canonical.matrix_scalars(reduced) or not reduced.is_rational_function():
            return False
        found = found or reduced != 0
    return found


def _plain(atom: canonical.Atom, degree: int) -> bool:
    if not atom.name or atom.inverse_of or atom.function or not _free(atom.name):
        return False
    return all(not dim.is_number or int(dim) > 2 * degree for dim in (atom.rows, atom.cols) if not _is_one(dim))


def _is_one(dim: sympy.Expr) -> bool:
    return bool(dim == 1)


def _single(poly: canonical.Poly) -> bool:
    """c·W for one word W of letters and inverses: a product of generic and invertible matrices is not zero."""
    ((word, coefficient),) = poly.terms.items()
    if any(atom.function for atom in word):
        return False
    if not all(atom.inverse_of or _plain(atom, len(word)) for atom in word):
        return False
    reduced = sympy.cancel(sympy.expand(coefficient))
    return not canonical.matrix_scalars(reduced) and bool(reduced.is_rational_function()) and reduced != 0


def _free(name: str) -> bool:
    """A letter no relation binds: not 𝟏 (𝟏ᵀ𝟏 = n) nor a unit vector e_i of a sum (e_iᵀe_i = 1)."""
    return name != tree.ONES and not name.startswith("e_")
