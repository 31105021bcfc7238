"""The conventions for names nobody declared: which are matrices, which may be vectors, and who shares whose shape.

Uppercase Latin letters are matrices, lowercase ones scalars unless their use makes them
vectors, everything else (Greek letters, ``\\mathcal{L}``, upright words) scalars. A decorated
name that is not declared itself shares the shape of the name it varies: ``\\hat\\beta`` that of
``\\beta``, ``x^{(i)}`` that of ``x``, ``\\mathbf w_{\\mathrm{ML}}`` that of ``w``. The letter t as
the power of a vector or matrix (``x^t``) is a transpose unless t is declared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from derive import tree
from derive.meaning.shapes import Shape
from derive.reading import names


class Conventions:
    """The conventions, given the declared shapes and the names known to be scalars (sizes, indices)."""

    def __init__(self, declared: Mapping[str, Shape], scalars: Iterable[str]) -> None:
        self._declared = declared
        self.scalars = set(scalars)

    def declared_shape(self, name: str) -> Shape | None:
        """The declared shape of ``name``, or of the name it varies (``\\hat\\beta`` shaped as a declared ``\\beta``)."""
        if name in self._declared:
            return self._declared[name]
        return self._declared.get(names.family(name))

    def vector_candidate(self, name: str) -> str | None:
        """The name to mark a vector when ``name`` is used as one: a lowercase Latin or Greek letter
        nobody declared (``X\\beta``, ``\\theta^T x``; its family: marking ``\\hat x`` marks ``x``);
        None for any other name."""
        if self.declared_shape(name) is not None or name in self.scalars:
            return None
        if not (names.is_latin_lower(name) or names.is_greek_lower(name)):
            return None
        family = names.family(name)
        return family if family not in self.scalars else name

    def is_matrix(self, name: str) -> bool:
        """An undeclared uppercase letter, however decorated, that is not a size: a matrix."""
        return names.is_latin_upper(name) and name not in self.scalars and names.family(name) not in self.scalars

    def shares_shape(self, name: str) -> str | None:
        """The name whose shape an undeclared decorated ``name`` takes, or None."""
        family = names.family(name)
        if name in self._declared or family == name or name in self.scalars:
            return None
        return family

    def transposes(self, power: tree.Power) -> bool:
        """``x^t``: whether this power, of a vector or matrix, is a transpose (t not declared, not a size)."""
        exponent = power.exponent
        return (
            isinstance(exponent, tree.Symbol)
            and exponent.name == "t"
            and exponent.name not in self._declared
            and exponent.name not in self.scalars
        )
