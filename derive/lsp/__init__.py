"""The language server, ``derive lsp``: diagnostics, hovers and fixes in the author's editor.

``ranges`` finds where a relation is written, ``views`` turns results into diagnostics, hovers
and code actions, ``session`` checks an editor's documents on a warm worker reusing the results of
unchanged claims, and ``server`` speaks the protocol (pygls).
"""
