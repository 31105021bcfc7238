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
