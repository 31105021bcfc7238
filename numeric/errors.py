"""Exceptions raised by the numeric oracles, all rooted at NumericError."""

from __future__ import annotations


class NumericError(Exception):
    """Root of every exception that ``numeric`` raises on purpose."""


class EvaluationError(NumericError, ArithmeticError):
    """An expression has no value at this instance (singular matrix, log of a negative, ...)."""


class UnsupportedError(NumericError, NotImplementedError):
    """An expression uses an operation that the numeric backends cannot translate yet."""


class InvalidArgument(NumericError, ValueError):
    """The caller passed something malformed: a missing value, a wrong shape, a bad spec."""


def shown(expr: object) -> str:
    """``expr`` for a message. SymPy's printer can itself raise (printing Inverse(0) evaluates it), and
    a message about a failure must not fail in turn."""
    try:
        return str(expr)
    except Exception:  # noqa: BLE001 - any printer failure: name the node instead
        return f"a {type(expr).__name__}"
