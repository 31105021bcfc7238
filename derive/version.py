"""derive's version: one place, read by the package, the reports and the build."""

from __future__ import annotations

__version__ = "0.1.0"
