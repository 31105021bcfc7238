"""An editor in a test: pygls's client talking to ``derive lsp`` over a pipe.

The server (``python -m derive lsp`` unless told otherwise) starts with its standard error in a
file: pygls's client pipes it and never reads it, so a chatty server could block on a full pipe.
Diagnostics arrive on a queue, in the order published.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Sequence
from typing import Self

from lsprotocol import types
from pygls.lsp.client import LanguageClient

WAIT = 120.0  # seconds: the first check imports SymPy and TensorFlow in the worker


class Editor:
    """One client connected to one server; ``async with Editor(...) as editor``."""

    def __init__(
        self, log: str, options: Sequence[str] = ("--debounce", "0"), command: Sequence[str] | None = None
    ) -> None:
        self.log = log
        # ``command``: how to start derive (the installed script for a benchmark); then ``lsp`` and ``options``
        self.argv = [*(command or (sys.executable, "-m", "derive")), "lsp", *options]
        self.client = LanguageClient("derive-tests", "1")
        self.diagnostics: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics.put_nowait(params)

    async def __aenter__(self) -> Self:
        code = (
            "import os\n"
            f"os.dup2(os.open({self.log!r}, os.O_WRONLY | os.O_CREAT | os.O_APPEND), 2)\n"
            f"os.execvp({self.argv[0]!r}, {self.argv!r})\n"
        )
        await self.client.start_io(sys.executable, "-c", code, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])
            )
        )
        await self.client.initialize_async(types.InitializeParams(capabilities=capabilities, process_id=os.getpid()))
        self.client.initialized(types.InitializedParams())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.wait_for(self.client.shutdown_async(None), 30)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), 30)

    def open(self, uri: str, text: str, language: str = "markdown") -> None:
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
        )

    def replace(self, uri: str, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        """An incremental edit, as an editor sends one (positions 0-based, UTF-16 units)."""
        self.versions[uri] += 1
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
        )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]), [change])
        )

    async def published(self, uri: str, version: int | None = None, wait: float = WAIT) -> types.PublishDiagnosticsParams:
        """The next diagnostics published for ``uri`` (for ``version`` when given)."""
        deadline = time.monotonic() + wait
        while True:
            params = await asyncio.wait_for(self.diagnostics.get(), max(deadline - time.monotonic(), 0.01))
            if params.uri == uri and (version is None or params.version == version):
                return params

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        params = types.HoverParams(types.TextDocumentIdentifier(uri=uri), types.Position(line=line, character=character))
        return await asyncio.wait_for(self.client.text_document_hover_async(params), WAIT)

    async def code_actions(self, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
        found = await asyncio.wait_for(self.client.text_document_code_action_async(params), WAIT)
        return [action for action in found or [] if isinstance(action, types.CodeAction)]
