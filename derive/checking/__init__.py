"""Checking: every claim of an analysed document through the oracles, combined into verdicts.

Entrance: :func:`derive.checking.checker.check_document` (``derive.check`` and ``derive.check_text``).
"""
