"""Where the tests find things: the repository, its test data, and the shared corpus beside the clone."""

from __future__ import annotations

import pathlib

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
DATA = REPOSITORY / "tests" / "data"
CORPUS = REPOSITORY.parent / "shared" / "corpus"
