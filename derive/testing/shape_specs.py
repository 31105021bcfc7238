"""How test helpers write shapes and names: ``"k×n"`` or ``(3, 2)`` as dimensions, ``beta`` as ``\\beta``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Union

from derive import errors

Dimension = Union[str, int]
ShapeSpec = Union[str, int, Sequence[Dimension], None]
"""How a test writes a shape: ``"k×n"``, ``("k", "n")``, ``(3, 2)`` (a matrix), ``"k"`` or
``3`` (a column vector), ``None`` or ``()`` (a scalar)."""

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa mu nu xi pi "
    "rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Upsilon Phi Psi Omega".split()
)
"""Names written as Greek letters: the key ``"beta"`` declares ``\\beta``."""

_DIMENSION = re.compile(r"[A-Za-z](?:_(?:\w|\{\w+\}))?|[1-9][0-9]*")
_SEPARATOR = re.compile(r"\s*(?:×|\\times|,|\*)\s*|\s+x\s+")


def dimensions_of(name: str, spec: ShapeSpec) -> tuple[Dimension, ...]:
    """The dimensions a shape spec names: ``()`` a scalar, ``(k,)`` a vector, ``(k, n)`` a matrix.

    Raises:
        errors.UsageError: a spec that is not one of the forms of ``ShapeSpec``.
    """
    parts: list[Any]
    if spec is None:
        parts = []
    elif isinstance(spec, bool):
        raise errors.UsageError(f"shape of {name}: expected dimensions, found {spec!r}")
    elif isinstance(spec, int):
        parts = [spec]
    elif isinstance(spec, str):
        text = spec.strip()
        parts = [] if text in ("", "scalar") else _SEPARATOR.split(text)
    elif isinstance(spec, Sequence):
        parts = list(spec)
    else:
        raise errors.UsageError(f"shape of {name}: expected a string, an int or a tuple, found {spec!r}")
    if len(parts) > 2:
        raise errors.UsageError(f"shape of {name}: at most two dimensions (rows, columns), found {spec!r}")
    found: list[Dimension] = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool) and part >= 1:
            found.append(part)
        elif isinstance(part, str) and _DIMENSION.fullmatch(part.strip()):
            text = part.strip()
            found.append(int(text) if text.isdigit() else text)
        else:
            raise errors.UsageError(
                f"shape of {name}: {part!r} is not a dimension; write a letter (k, n, d_1) or a positive int, "
                f"as in {{{name!r}: 'k×n'}} or {{{name!r}: (3, 2)}}"
            )
    return tuple(found)


# Python names for Greek letters Python reserves: ``lambda_`` (as derive's generated code writes it)
# and ``lam`` both stand for \\lambda
ALIASES = {"lam": "lambda"}


def symbol_latex(name: str) -> str:
    """How a name is written in LaTeX: ``beta`` → ``\\beta``, ``lambda_`` or ``lam`` → ``\\lambda``;
    ``A``, ``x_1`` and ``\\Sigma`` as given.

    Raises:
        errors.UsageError: text that cannot be a symbol's name in a formula.
    """
    text = name.strip()
    text = ALIASES.get(text, text[:-1] if text.endswith("_") and text[:-1] in GREEK | {"lambda"} else text)
    if text in GREEK or text == "lambda":
        return "\\" + text
    if not text or "$" in text or "\n" in text:
        raise errors.UsageError(f"{name!r} is not a symbol's name; write A, x, x_1, beta or \\beta")
    return text


def space_latex(dimensions: tuple[Dimension, ...]) -> str:
    """The space of a shape in LaTeX: ``\\mathbb{R}``, ``\\mathbb{R}^{n}`` or ``\\mathbb{R}^{k \\times n}``."""
    if not dimensions:
        return "\\mathbb{R}"
    if len(dimensions) == 1:
        return f"\\mathbb{{R}}^{{{dimensions[0]}}}"
    return f"\\mathbb{{R}}^{{{dimensions[0]} \\times {dimensions[1]}}}"


def formula_text(role: str, text: str) -> str:
    """A formula a test gave as ``role``, stripped; it must come without math delimiters.

    Raises:
        errors.UsageError: the text holds a ``$``.
    """
    if "$" in text:
        raise errors.UsageError(f"the {role} {text!r} holds a '$': give the formula without math delimiters")
    return text.strip()



def describe(dimensions: tuple[Dimension, ...]) -> str:
    """A shape in words for messages: ``scalar``, ``n`` or ``k×n``."""
    return "scalar" if not dimensions else "×".join(str(dim) for dim in dimensions)

