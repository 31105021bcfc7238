"""The one place that imports TensorFlow, once, with its start-up logging silenced."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from types import ModuleType


@functools.cache
def tensorflow() -> ModuleType:
    """Return the ``tensorflow`` module, importing and configuring it on first use.

    The C++ runtime writes start-up lines (CUDA probing, oneDNN notices) straight to
    file descriptor 2, so the import and one tiny operation run with that descriptor
    pointed at ``/dev/null``. Float64 is what the oracles use; TF32 is switched off
    so that a GPU never silently lowers matmul precision.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _stderr_silenced():
        import tensorflow as tf

        tf.constant(0.0) + 1.0
    tf.get_logger().setLevel("ERROR")
    tf.config.experimental.enable_tensor_float_32_execution(False)
    return sys.modules["tensorflow"]


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point the OS-level standard error at /dev/null for the duration of the block."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 at all: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
