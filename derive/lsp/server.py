"""``derive lsp``: the Language Server Protocol over standard input and output (pygls).

A document is checked when it is opened or saved, and after each change once the author has
stopped typing for ``debounce`` seconds (``derive lsp --debounce``); its diagnostics are published
for the version checked, and dropped when a newer version is already waiting. Checks run one at a time on a thread of
their own, so the server keeps answering hovers and code actions while a document is checked.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
from collections.abc import Callable
from typing import Any

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from derive.checking import checker
from derive.lsp import session, views
from derive.lsp.ranges import Point
from derive.version import __version__


class DeriveServer(LanguageServer):
    """The server: the editor's texts (pygls's workspace), what was last found in each, the checks."""

    def __init__(self, options: checker.Options) -> None:
        cells = [types.NotebookCellLanguage(language="markdown")]
        super().__init__(
            "derive", __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[types.NotebookDocumentFilterWithCells(cells=cells, notebook="*")], save=True
            ),
        )
        self.session = session.Session(options)
        self.checks = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="derive-check")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.warming: asyncio.Future[None] | None = None
        self.found: dict[str, session.Checked] = {}  # by the uri of each text checked
        self.published: dict[str, set[str]] = {}  # a document's key: the uris given diagnostics


def build(options: checker.Options, debounce: float) -> DeriveServer:
    """A server with derive's features registered (tests drive it in-process or over a pipe)."""
    server = DeriveServer(options)

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        server.warming = asyncio.ensure_future(_warm_up(server))  # held: the loop keeps only weak references

    # a document is checked at once when opened or saved, after the debounce when changed
    events = (
        ((types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_CHANGE, types.TEXT_DOCUMENT_DID_SAVE,
          types.TEXT_DOCUMENT_DID_CLOSE), _text_uri),
        ((types.NOTEBOOK_DOCUMENT_DID_OPEN, types.NOTEBOOK_DOCUMENT_DID_CHANGE, types.NOTEBOOK_DOCUMENT_DID_SAVE,
          types.NOTEBOOK_DOCUMENT_DID_CLOSE), _notebook_uri),
    )
    for (opened, changed, saved, closed), uri_of in events:
        _on(server, opened, uri_of, 0.0)
        _on(server, changed, uri_of, debounce)
        _on(server, saved, uri_of, 0.0)
        _on(server, closed, uri_of, None)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        step = _step_at(server, params.text_document.uri, params.position)
        if step is None:
            return None
        content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=views.hover(step))
        document = server.workspace.get_text_document(params.text_document.uri)
        return types.Hover(contents=content, range=_range(document, step.extent.start, step.extent.end))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = server.workspace.get_text_document(uri)
        checked = server.found.get(uri)
        if checked is None:
            return []
        wanted = document.range_from_client_units(params.range)
        start, end = Point(wanted.start.line, wanted.start.character), Point(wanted.end.line, wanted.end.character)
        actions = []
        for step in checked.in_text(uri):
            if step.extent.start <= end and start <= step.extent.end:
                action = views.fix(step, _converter(document))
                if action is not None:
                    actions.append(action)
        return actions

    return server


def _on(server: DeriveServer, event: str, uri_of: Callable[[Any], str], delay: float | None) -> None:
    """On ``event``, check the document ``delay`` seconds later (None: it was closed, clear it)."""

    @server.feature(event)
    def handle(params: Any) -> None:
        if delay is None:
            _close(server, uri_of(params))
        else:
            _schedule(server, uri_of(params), delay)


def _text_uri(params: Any) -> str:
    return str(params.text_document.uri)


def _notebook_uri(params: Any) -> str:
    return str(params.notebook_document.uri)


async def _warm_up(server: DeriveServer) -> None:
    try:
        await asyncio.get_running_loop().run_in_executor(server.checks, server.session.warm_up)
    except Exception as problem:  # noqa: BLE001 - the first real check will say what is wrong
        server.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"derive: warm-up failed: {problem}"))


def _key(server: DeriveServer, uri: str) -> str:
    """The document a text belongs to: its notebook's uri for a notebook's cell, else its own."""
    notebook = server.workspace.get_notebook_document(cell_uri=uri)
    return notebook.uri if notebook is not None else uri


def _schedule(server: DeriveServer, uri: str, delay: float) -> None:
    key = _key(server, uri)
    waiting = server.pending.pop(key, None)
    if waiting is not None:
        waiting.cancel()  # a newer text: the older one's check is not wanted any more
    server.pending[key] = asyncio.ensure_future(_check_later(server, key, delay))


def _close(server: DeriveServer, uri: str) -> None:
    key = uri
    waiting = server.pending.pop(key, None)
    if waiting is not None:
        waiting.cancel()
    server.session.forget(key)
    for shown in server.published.pop(key, {uri}):
        server.found.pop(shown, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=shown, diagnostics=[]))


async def _check_later(server: DeriveServer, key: str, delay: float) -> None:
    await asyncio.sleep(delay)
    texts, kind, versions = _snapshot(server, key)
    if not texts:
        return
    path = uris.to_fs_path(key) or key
    loop = asyncio.get_running_loop()
    try:
        checked = await loop.run_in_executor(server.checks, server.session.check, key, path, texts, kind)
    except Exception as problem:  # noqa: BLE001 - a bug in derive must not end the editor's session
        message = f"derive: internal error while checking {path} ({type(problem).__name__}: {problem}); please report it"
        server.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
        return
    if _snapshot(server, key)[2] != versions:
        return  # edited while it was checked: the newer text's check publishes
    if server.pending.get(key) is asyncio.current_task():
        del server.pending[key]
    uris_now = {text.uri for text in texts}
    for stale in server.published.get(key, set()) - uris_now:
        server.found.pop(stale, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=stale, diagnostics=[]))
    server.published[key] = uris_now
    for text in texts:
        document = server.workspace.get_text_document(text.uri)
        server.found[text.uri] = checked
        convert = _converter(document)
        found = [views.diagnostic(step, convert) for step in checked.in_text(text.uri)]
        shown = [diagnostic for diagnostic in found if diagnostic is not None]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=text.uri, diagnostics=shown, version=versions.get(text.uri))
        )


def _snapshot(server: DeriveServer, key: str) -> tuple[list[session.Text], str, dict[str, int | None]]:
    """The texts of document ``key`` as they are now, how to read them, and their versions."""
    workspace = server.workspace
    notebook = workspace.get_notebook_document(notebook_uri=key)
    if notebook is not None:
        cells = [cell.document for cell in notebook.cells if cell.kind == types.NotebookCellKind.Markup]
        documents = [workspace.get_text_document(uri) for uri in cells]
        kind = session.CELLS
    elif key in workspace.text_documents:
        documents = [workspace.get_text_document(key)]
        kind = session.kind_of(key, documents[0].language_id or "")
    else:
        return [], session.MARKDOWN, {}
    texts = [session.Text(document.uri, document.source) for document in documents]
    return texts, kind, {document.uri: document.version for document in documents}


def _step_at(server: DeriveServer, uri: str, position: types.Position) -> views.Step | None:
    checked = server.found.get(uri)
    if checked is None:
        return None
    place = server.workspace.get_text_document(uri).position_from_client_units(position)
    point = Point(place.line, place.character)
    holding = [step for step in checked.in_text(uri) if step.extent.holds(point)]
    return holding[-1] if holding else None  # the innermost: a later step starts inside an earlier one's line


def _converter(document: TextDocument) -> views.Convert:
    def convert(point: Point) -> types.Position:
        return document.position_to_client_units(ServerTextPosition(point.line, point.column))

    return convert


def _range(document: TextDocument, start: Point, end: Point) -> types.Range:
    convert = _converter(document)
    return types.Range(convert(start), convert(end))


def serve(options: checker.Options, debounce: float) -> int:
    """Speak the protocol on standard input and output until the client says exit."""
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the protocol
    sys.stdout = sys.stderr
    server = build(options, debounce)
    server.start_io(sys.stdin.buffer, protocol_out)
    return 0
