"""Deriving (``derive grad``): an objective -> a worked, checked derivation and generated NumPy/TensorFlow code.

Entrance: :func:`derive.deriving.derivation.derive_objective`; the command is :mod:`derive.deriving.grad_command`.
"""
