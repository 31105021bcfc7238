"""The worker process of :mod:`isolation`: checks documents sent on stdin, one result per claim on stdout.

Each request is ``(document, options, start, known)``; the worker answers ``("claims", bases,
problems, keys, order)`` once the document is analysed (``known``: the cached results by key, or None), then ``("claim", index, result)`` for every claim in that order from position ``start`` on,
then ``("done",)``. Messages are pickles with a length header. A document derive cannot read is
answered ``("raise", error)``; with DERIVE_DEBUG=1 an internal error is sent as
``("error", traceback)`` and the worker ends.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from typing import BinaryIO

from derive import errors
from derive.checking import checker, isolation
from numeric import tf_loader


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer requests until the parent closes the pipe."""

    def send(*message: object) -> None:
        body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        replies.write(isolation.HEADER.pack(len(body)) + body)
        replies.flush()

    while header := requests.read(isolation.HEADER.size):
        (length,) = isolation.HEADER.unpack(header)
        document, options, start, known = pickle.loads(requests.read(length))  # sent by our own parent process
        try:
            checker.check_in_steps(document, options, start, send, known)
        except errors.DeriveError as problem:  # a document derive cannot read: the caller reports it
            send("raise", problem)
            continue
        except Exception:  # only with DERIVE_DEBUG=1: the checker keeps internal errors otherwise
            send("error", traceback.format_exc())
            return
        send("done")


def main() -> None:
    tf_loader.lean_process()
    # the pipe to the parent is stdout's descriptor; anything printed goes to stderr instead
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
