"""Testing: assertions for test suites, users' gradient code against GradientTape, the pytest plugin, strategies.

``from derive.testing import assert_gradient`` works as before; the names load lazily, so that
pytest loading :mod:`derive.testing.pytest_plugin` imports neither SymPy nor the checker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from derive.testing.assertions import (
        DerivationAssertionError,
        assert_gradient,
        assert_gradient_impl,
        assert_hessian,
        assert_identity,
        assert_solution,
    )

_PUBLIC = (
    "DerivationAssertionError",
    "assert_gradient",
    "assert_gradient_impl",
    "assert_hessian",
    "assert_identity",
    "assert_solution",
)
__all__ = list(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        from derive.testing import assertions

        return getattr(assertions, name)
    raise AttributeError(f"module 'derive.testing' has no attribute {name!r}")
