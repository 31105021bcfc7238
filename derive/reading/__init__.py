"""Reading: documents -> math blocks -> LaTeX tokens -> our expression tree (and that tree back to LaTeX).

Entrances: :mod:`derive.reading.documents` (files to blocks) and :mod:`derive.reading.latex`
(one formula to a :class:`derive.tree.Formula`). Nothing here knows shapes, claims or SymPy.
"""
