"""``python -m derive``: the same as the ``derive`` command."""

from __future__ import annotations

import sys

from derive import launcher

sys.exit(launcher.main())
