"""The ``derive lsp`` subcommand: its options, read before the server (and pygls) is imported."""

from __future__ import annotations

import sys
from typing import Any

from derive import errors
from derive.checking import checker

EXIT_INPUT = 2  # as derive check: a usage error
DEBOUNCE = 0.4  # seconds without a change before a changed document is checked


def add_parser(commands: Any) -> None:
    """The ``lsp`` subcommand of the ``derive`` command line."""
    command = commands.add_parser(
        "lsp",
        help="run the language server (LSP over stdin/stdout) for editors",
        description="Run derive's language server: the Language Server Protocol over standard input and "
        "output, for Markdown, .tex and notebooks' Markdown cells. Failed steps are errors, unchecked ones "
        "warnings, conditional ones information; hover a step for its evidence; a failed derivative has "
        "a quick fix. Set-up for VS Code, Neovim and Emacs: docs/editors.md.",
    )
    command.add_argument(
        "--debounce", type=float, default=DEBOUNCE, metavar="SECONDS",
        help=f"seconds without a change before a changed document is checked again (default {DEBOUNCE:g})",
    )
    command.add_argument("--seed", type=int, default=0, help="seed for random instances (default 0)")
    command.add_argument(
        "--oracles", default=",".join(checker.ORACLES),
        help=f"comma-separated oracles to run (default: {','.join(checker.ORACLES)})",
    )
    command.add_argument(
        "--timeout", type=float, default=checker.TIMEOUT, metavar="SECONDS",
        help=f"time one claim may take (default {checker.TIMEOUT:g}); a claim over it is unchecked",
    )
    command.set_defaults(handler=_run)


def _run(arguments: Any) -> int:
    try:
        options = checker.Options().merge(
            seed=arguments.seed,
            oracles=[name.strip() for name in arguments.oracles.split(",") if name.strip()],
            timeout=arguments.timeout,
        )
        if not arguments.debounce >= 0:
            raise errors.UsageError(f"--debounce must be 0 or more, not {arguments.debounce:g}")
    except errors.UsageError as problem:
        print(f"derive lsp: error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    from derive.lsp import server

    return server.serve(options, arguments.debounce)
