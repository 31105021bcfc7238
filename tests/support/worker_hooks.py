"""Misbehaviour installed in derive's worker processes only (as their ``sitecustomize``): a claim
whose text names one of these words stands in for a SymPy call that never returns, eats the
machine's memory, takes a while, or crashes the process."""

from __future__ import annotations

import os
import pathlib

import pytest

HOOKS = '''
from derive.checking import claim_checker

_result = claim_checker.ClaimChecker.result

def result(self, index, claim):
    if "slowly" in claim.text:
        import time
        time.sleep(120)
    if "sleepily" in claim.text:
        import time
        time.sleep(2)
    if "greedily" in claim.text:
        hoard = [b"x" * 2**20 for _ in range(4096)]  # 4 GiB, written, so resident
        import time
        time.sleep(120)
    if "crashing" in claim.text:
        import os, signal
        os.kill(os.getpid(), signal.SIGKILL)
    return _result(self, index, claim)

claim_checker.ClaimChecker.result = result
'''


def install(folder: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """Write the hooks into ``folder`` and put it first on the PYTHONPATH that workers inherit."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(HOOKS, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]))
    return folder
