"""Symbolic: our tree -> SymPy under safe names -> canonical polynomials; derivatives, proofs, printing.

Entrance: :class:`derive.symbolic.translation.Translator` and :class:`derive.symbolic.proof.Prover`.
"""
