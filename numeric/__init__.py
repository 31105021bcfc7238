"""Numeric oracles for matrix calculus: exact, float, autodiff, Taylor and solution evidence."""

from __future__ import annotations
