"""The scan every reader shares: positions, blocks, lead-ins, `derive:` markers."""

from __future__ import annotations

import bisect
import re

from derive.reading.documents import model

#: The most characters of prose kept in `Block.lead_in` (the end nearest the block).
LEAD_IN_LIMIT = 200

DERIVE = re.compile(r"\s*derive\s*:")
_CONTINUES = re.compile(r"[\s&]*=")
_MARKER_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class Scanner:
    """What every reader keeps while it scans: positions, blocks, comments, the
    prose since the last display block, and marker words waiting for a block."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]
        self.blocks: list[model.Block] = []
        self.comments: list[tuple[int, str]] = []
        self.definitions: list[tuple[int, int, str]] = []
        self.unclosed: list[model.Unclosed] = []
        self.prose: list[str] = []  # cleaned prose since the last display block
        self.raw: list[str] = []  # prose characters not yet cleaned
        self.marker_words: tuple[str, ...] = ()
        self.marker_end = 0  # offset just after the comment giving marker_words

    def document(self) -> model.Document:
        return model.Document(
            path=self.path,
            source=self.source,
            blocks=tuple(self.blocks),
            comments=tuple(self.comments),
            definitions=tuple(self.definitions),
            unclosed=tuple(self.unclosed),
        )

    # -- positions -------------------------------------------------------------

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_end(self, offset: int) -> int:
        end = self.source.find("\n", offset)
        return len(self.source) if end == -1 else end

    def never_closed(self, message: str, offset: int, resume: int) -> int:
        """Report math opened at `offset` that is never closed; return `resume`,
        where reading goes on."""
        self.flush()
        self.unclosed.append(model.Unclosed(*self.locate(offset), message))
        return resume

    def error(self, message: str, offset: int) -> model.DocumentError:
        line, column = self.locate(offset)
        return model.DocumentError(message, path=self.path, line=line, column=column)

    # -- results -------------------------------------------------------------------

    def clean(self, raw: str) -> str:
        """Prose as plain text: the reader's markup removed."""
        raise NotImplementedError

    def definition(self, offset: int, end: int) -> None:
        """Record the macro definition in `source[offset:end]` (see
        `model.Document.definitions`)."""
        self.flush()
        text, _ = blank_comments(self.source[offset:end])
        self.definitions.append((*self.locate(offset), text))

    def flush(self) -> None:
        if self.raw:
            self.prose.append(self.clean("".join(self.raw)))
            self.raw.clear()

    def take_markers(self, opener: int) -> list[str]:
        """The waiting marker words, if only whitespace separates their comment
        from the block opened at `opener`; they are used up either way."""
        markers: list[str] = []
        if self.marker_words and not self.source[self.marker_end : opener].strip():
            markers.extend(self.marker_words)
        self.marker_words = ()
        return markers

    def append_block(
        self, text: str, start: int, display: bool, markers: list[str]
    ) -> None:
        """Record a block whose (blanked) `text` starts at `source[start]`."""
        self.flush()
        line, column = self.locate(start)
        self.blocks.append(
            model.Block(
                text=text,
                line=line,
                column=column,
                display=display,
                continues=display and _CONTINUES.match(text) is not None,
                lead_in=_lead_in(self.prose),
                markers=tuple(dict.fromkeys(markers)),
            )
        )
        if display:
            self.prose.clear()
        else:
            self.prose.append(text)


def blank_comments(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Replace each LaTeX `%` comment (to the end of its line) by spaces.

    Returns the blanked text and (offset, body) for each comment, where offset is
    where the body (the text after `%`) starts in `text`.
    """
    pieces: list[str] = []
    notes: list[tuple[int, str]] = []
    last = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "%":
            end = text.find("\n", i)
            if end == -1:
                end = len(text)
            notes.append((i + 1, text[i + 1 : end]))
            pieces.append(text[last:i])
            pieces.append(" " * (end - i))
            last = i = end
            continue
        i += 1
    pieces.append(text[last:])
    return "".join(pieces), notes


def group_end(text: str, start: int, stop: int | None = None) -> int | None:
    """The offset just after the `}` matching the `{` at `text[start]`, or None
    when it is not closed before `stop` (the end of `text` by default).

    Escaped characters (`\\{`, `\\}`) and `%` comments (to the end of their line)
    do not count.
    """
    stop = len(text) if stop is None else stop
    depth = 0
    i = start
    while i < stop:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "%":
            end = text.find("\n", i, stop)
            i = stop if end == -1 else end
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def marker_words(comment: str) -> tuple[str, ...]:
    """The words after `derive:` when they are only words (`equation`, `skip`);
    a declaration such as `derive: x \\in \\mathbb{R}^n` gives none."""
    payload = DERIVE.sub("", comment, count=1)
    words = [word for word in re.split(r"[\s,]+", payload) if word]
    if words and words[0].lower() in ("layout", "einstein"):
        return ()  # `derive: layout numerator`, `derive: einstein` speak of the document, not of the next block
    if words and all(_MARKER_WORD.fullmatch(word) for word in words):
        return tuple(word.lower() for word in words)
    return ()


def _lead_in(prose: list[str]) -> str:
    text = " ".join("".join(prose).split())
    if len(text) <= LEAD_IN_LIMIT:
        return text
    tail = text[-LEAD_IN_LIMIT:]
    if text[-LEAD_IN_LIMIT - 1] != " " and " " in tail:
        tail = tail.split(" ", 1)[1]
    return tail
