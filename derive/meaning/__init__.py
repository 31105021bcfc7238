"""Meaning: parsed blocks -> declarations, assumptions, claims of each kind, and the shapes of every side.

Entrance: :func:`derive.meaning.document_analysis.analyse`, which hands the checker an
:class:`~derive.meaning.document_analysis.Analysis`.
"""
