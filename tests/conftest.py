"""Shared fixtures: the corpus of example documents beside the repository."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

os.environ["DERIVE_DEBUG"] = "1"  # an oracle's bug fails its test instead of becoming "unchecked"
os.environ["DERIVE_CACHE"] = "off"  # each test checks afresh; the cache's tests name their folder

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPOSITORY.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> pathlib.Path:
    """The corpus folder, or a skip (with the reason) when it is not beside this clone."""
    if not (CORPUS / "manifest.json").is_file():
        pytest.skip(f"the example corpus is not at {CORPUS} (CI places ../shared beside the clone)")
    return CORPUS


@pytest.fixture
def manifest(corpus: pathlib.Path) -> dict:
    return json.loads((corpus / "manifest.json").read_text("utf-8"))
