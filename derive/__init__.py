"""derive: check matrix-calculus derivations written in LaTeX, step by step.

``import derive`` is cheap: SymPy's heavy parts and TensorFlow load only when a
check needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check", "check_text", "__version__"]

if TYPE_CHECKING:
    from derive.checker import check, check_text


def __getattr__(name: str) -> Any:
    if name in ("check", "check_text"):
        from derive import checker

        return getattr(checker, name)
    raise AttributeError(f"module 'derive' has no attribute {name!r}")
