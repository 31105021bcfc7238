"""derive: check matrix-calculus derivations written in LaTeX, step by step.

``import derive`` is cheap: SymPy's heavy parts and TensorFlow load only when a
check needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from derive.version import __version__
__all__ = [
    "assert_gradient",
    "assert_gradient_impl",
    "assert_hessian",
    "assert_identity",
    "assert_solution",
    "check",
    "check_text",
    "__version__",
]

def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext derive``: the ``%%derive`` cell magic (see :mod:`derive.jupyter`)."""
    from derive import jupyter

    jupyter.load_ipython_extension(ipython)


_TESTING = ("assert_gradient", "assert_gradient_impl", "assert_hessian", "assert_identity", "assert_solution")

if TYPE_CHECKING:
    from derive.checking.checker import check, check_text
    from derive.testing.assertions import assert_gradient, assert_gradient_impl, assert_hessian, assert_identity, assert_solution


def __getattr__(name: str) -> Any:
    if name in ("check", "check_text"):
        from derive.checking import checker
        from derive.report import notebook

        notebook.register()  # results render as the table in a notebook
        return getattr(checker, name)
    if name in _TESTING:
        from derive.testing import assertions

        return getattr(assertions, name)
    raise AttributeError(f"module 'derive' has no attribute {name!r}")
