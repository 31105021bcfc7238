"""The one place that imports TensorFlow, once, with its start-up logging filtered out.

Importing TensorFlow costs seconds, most of a short check. Two things make it cheaper:
:func:`lean_process` (in processes derive owns) keeps TensorFlow from importing Keras, which the
oracles never use, and :func:`prefetch` starts the import in a background thread as soon as a
document is known to need it, so that parsing and the symbolic and exact oracles run meanwhile.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sys
import threading
from collections.abc import Iterator
from types import ModuleType

_LOCK = threading.Lock()  # one import, whichever thread asks first; the others wait for it
_MODULE: list[ModuleType] = []
# what TensorFlow's C++ runtime writes to descriptor 2 while it starts: absl's pre-initialisation
# notice, glog-style lines (I1204 17:40:00.123 …] or I0000 00:00:…) and the CPU-feature advice
_START_UP_LINE = re.compile(
    rb"^(WARNING: All log messages before absl::InitializeLog|[IWEF]\d{4} \d\d:\d\d:\d\d|To enable the following instructions)"
)


def tensorflow() -> ModuleType:
    """Return the ``tensorflow`` module, importing and configuring it on first use.

    The C++ runtime writes start-up lines (CUDA probing, oneDNN notices) straight to file
    descriptor 2 whatever ``TF_CPP_MIN_LOG_LEVEL`` says, so the import and one tiny operation run
    with that descriptor passed through a filter that drops those lines and forwards everything
    else (another thread's warnings are kept). Float64 is what the oracles use; TF32 is switched
    off so that a GPU never silently lowers matmul precision.
    """
    with _LOCK:
        if not _MODULE:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            with _start_up_lines_dropped():
                import tensorflow as tf

                tf.constant(0.0) + 1.0
            tf.get_logger().setLevel("ERROR")
            tf.config.experimental.enable_tensor_float_32_execution(False)
            _MODULE.append(sys.modules["tensorflow"])
        return _MODULE[0]


def prefetch() -> None:
    """Start importing TensorFlow in a background thread (nothing if it is imported or under way).

    A failed import is not reported here: the oracle that needs TensorFlow calls :func:`tensorflow`
    and gets the error itself.
    """
    if _MODULE or _LOCK.locked():
        return
    threading.Thread(target=_quietly_imported, name="tensorflow-import", daemon=True).start()


def _quietly_imported() -> None:
    with contextlib.suppress(Exception):
        tensorflow()


def lean_process() -> None:
    """In a process of derive's own (the command, a checking worker): TensorFlow need not load Keras.

    TensorFlow's ``__init__`` imports Keras eagerly (0.6–0.8 s, with matplotlib) unless the
    legacy Keras it is pointed to is missing, which it then skips. Nothing derive runs uses
    ``tf.keras``; a library user's process is never changed, and neither is one that chose a Keras.
    """
    if "tensorflow" in sys.modules or "TF_USE_LEGACY_KERAS" in os.environ:
        return
    if importlib.util.find_spec("tf_keras") is None:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"


@contextlib.contextmanager
def _start_up_lines_dropped() -> Iterator[None]:
    """Pass the OS-level standard error through a filter for the duration of the block."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 at all: nothing to filter
        yield
        return
    reading, writing = os.pipe()
    # the forwarder writes to a descriptor of its own: a child process started meanwhile inherits the
    # pipe as its stderr, and the forwarder then keeps passing its lines on after the block has ended
    forwarder = threading.Thread(target=_forward, args=(reading, os.dup(saved)), name="tensorflow-stderr", daemon=True)
    forwarder.start()
    os.dup2(writing, 2)
    os.close(writing)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)  # the pipe's last writer in this process is gone: the forwarder reads to its end
        os.close(saved)
        forwarder.join(timeout=1.0)  # so that lines written in the block come before what follows it


def _forward(reading: int, target: int) -> None:
    """Copy lines from ``reading`` to ``target``, leaving out TensorFlow's start-up lines."""
    try:
        with os.fdopen(reading, "rb") as lines:
            for line in lines:
                if not _START_UP_LINE.match(line):
                    os.write(target, line)
    finally:
        os.close(target)
