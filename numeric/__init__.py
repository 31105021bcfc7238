"""Numeric oracles for matrix calculus: instances, evaluation, finite differences, autodiff."""

from __future__ import annotations
