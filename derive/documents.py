"""Math blocks extracted from Markdown documents, with exact source positions."""

from __future__ import annotations

import bisect
import dataclasses
import os
import pathlib
import re
from typing import Protocol

from derive import errors

#: The most characters of prose kept in `Block.lead_in` (the end nearest the block).
LEAD_IN_LIMIT = 200

_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LINE_PREFIX = re.compile(  # blockquote, then a heading or list marker
    r"[ \t]*(?:>[ \t]?)*[ \t]*"
    r"(?:#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))?"
)
_RULE = re.compile(r"[ \t]*([-*_=])[ \t]*(?:\1[ \t]*){2,}")
_CONTINUES = re.compile(r"[\s&]*=")
_DERIVE = re.compile(r"\s*derive\s*:")
_MARKER_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_LINK_TAIL = re.compile(r"\]\([^)\s]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|[\[\]]")
_TABLE_BAR = re.compile(r"\|")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


class DocumentError(errors.DocumentError):
    """A document that cannot be read: a missing or undecodable file, an unknown
    file type, or math whose delimiters are not closed.

    `line` and `column` are 1-based and point at what is wrong (an opening
    delimiter that is never closed); they are None for errors about the whole file.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        location = errors.Location(path, line, column or 1) if line is not None else None
        super().__init__(message, location=location)
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.location is None:
            return f"{self.path}: {self.message}"
        return super().__str__()


@dataclasses.dataclass(frozen=True)
class Block:
    """One piece of math found in a document.

    `text` is the LaTeX between the delimiters exactly as written, except that the
    characters of LaTeX `%` comments are replaced by spaces, so that every offset
    into `text` is also an offset into the source (see `position`).
    """

    text: str
    line: int
    column: int
    display: bool
    continues: bool = False
    lead_in: str = ""
    markers: tuple[str, ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the source of `text[offset]`.

        `offset` may equal `len(text)`: the position just after the text.

        Raises:
            ValueError: if `offset` is outside `0..len(text)`.
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(
                f"offset {offset} is outside the block text (0..{len(self.text)})"
            )
        newlines = self.text.count("\n", 0, offset)
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - self.text.rfind("\n", 0, offset)


@dataclasses.dataclass(frozen=True)
class Document:
    """A document's math blocks in source order, and its `derive:` comments.

    `source` is the text positions refer to (line endings normalised to `\\n`).
    `comments` holds (line, text) for every comment that starts with `derive:`:
    HTML comments, LaTeX `%` comments inside math, and front matter (whose text is
    its whole body, starting on line 2).
    """

    path: str
    source: str
    blocks: tuple[Block, ...]
    comments: tuple[tuple[int, str], ...] = ()


class _Reader(Protocol):
    def __call__(self, source: str, *, path: str) -> Document: ...


def read_markdown(source: str, *, path: str = "<string>") -> Document:
    """Extract the math of a Markdown document.

    Display math is `$$...$$`, `\\[...\\]` and fenced code blocks whose info string
    is `math` (or `{math}`); inline math is `$...$` on one line. Code blocks,
    indented code and inline code are skipped. Display math delimited by `$$` or
    `\\[` may span lines but not a blank line, as in LaTeX.

    Raises:
        DocumentError: for display math, a math fence or an HTML comment that is
            never closed; the error points at the opening delimiter.
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    return _MarkdownScanner(source, path).scan()


_READERS: dict[str, _Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_markdown,
}


def load(path: str | os.PathLike[str]) -> Document:
    """Read a document from a UTF-8 file, choosing the reader by its suffix.

    Raises:
        DocumentError: if the file cannot be read or decoded, its suffix is not a
            known document type, or its math is malformed (see `read_markdown`).
    """
    name = os.fspath(path)
    suffix = pathlib.Path(name).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted(_READERS))
        found = f"{suffix!r}" if suffix else "no suffix"
        raise DocumentError(
            f"unknown document type ({found}); expected a file ending in {known}",
            path=name,
        )
    try:
        data = pathlib.Path(name).read_bytes()
    except OSError as error:
        raise DocumentError(
            f"cannot read the file: {error.strerror or error}", path=name
        ) from error
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        if line_start == 0 and data.startswith(b"\xef\xbb\xbf"):
            line_start = 3
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        raise DocumentError(
            f"the file is not valid UTF-8: byte 0x{data[error.start]:02x} cannot be "
            "decoded; save the file as UTF-8",
            path=name,
            line=data.count(b"\n", 0, error.start) + 1,
            column=column,
        ) from error
    return reader(source, path=name)


class _MarkdownScanner:
    """One pass over a Markdown source: block structure by lines, math by characters."""

    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]
        self.blocks: list[Block] = []
        self.comments: list[tuple[int, str]] = []
        self.prose: list[str] = []  # cleaned prose since the last display block
        self.raw: list[str] = []  # prose characters not yet cleaned
        self.marker_words: tuple[str, ...] = ()
        self.marker_end = 0  # offset just after the HTML comment giving marker_words

    def scan(self) -> Document:
        source = self.source
        offset = self.front_matter()
        previous = "blank"  # kind of the previous line: blank, code, fence or text
        in_list = False
        while offset < len(source):
            end = self.line_end(offset)
            line = source[offset:end]
            if not line.strip():
                previous = "blank"
                self.prose.append("\n")
                offset = end + 1
                continue
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            fence = _FENCE.fullmatch(line)
            if fence and (indent <= 3 or in_list) and not _backticks_in_info(fence):
                offset = self.fence(offset, fence)
                previous = "fence"
                continue
            if indent >= 4 and not in_list and previous != "text":
                previous = "code"
                offset = end + 1
                continue
            if _LIST_ITEM.match(line):
                in_list = True
            elif indent == 0 and (previous == "blank" or line.startswith("#")):
                in_list = False
            previous = "text"
            if _RULE.fullmatch(line):
                self.prose.append("\n")
                offset = end + 1
                continue
            prefix = _LINE_PREFIX.match(line)
            offset = self.prose_line(offset + (prefix.end() if prefix else 0))
        self.flush()
        return Document(
            path=self.path,
            source=source,
            blocks=tuple(self.blocks),
            comments=tuple(self.comments),
        )

    # -- positions -------------------------------------------------------------

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_end(self, offset: int) -> int:
        end = self.source.find("\n", offset)
        return len(self.source) if end == -1 else end

    def error(self, message: str, offset: int) -> DocumentError:
        line, column = self.locate(offset)
        return DocumentError(message, path=self.path, line=line, column=column)

    # -- line-level structure ---------------------------------------------------

    def front_matter(self) -> int:
        """Skip a leading `---` ... `---` block; return where the document starts."""
        source = self.source
        first_end = self.line_end(0)
        if first_end == len(source) or source[:first_end].rstrip() != "---":
            return 0
        offset = first_end + 1
        while offset < len(source):
            end = self.line_end(offset)
            if source[offset:end].rstrip() in ("---", "..."):
                body = source[first_end + 1 : max(offset - 1, first_end + 1)]
                if "derive:" in body:
                    self.comments.append((2, body))
                return end + 1
            offset = end + 1
        return 0

    def fence(self, offset: int, opener: re.Match[str]) -> int:
        """Handle a fenced block opening at `offset`; return the offset after it."""
        source = self.source
        fence = opener["fence"]
        info = opener["info"].split()
        is_math = bool(info) and info[0].strip("{}").lower() == "math"
        closer = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        content_start = min(self.line_end(offset) + 1, len(source))
        line_start = content_start
        while line_start < len(source):
            end = self.line_end(line_start)
            if closer.fullmatch(source, line_start, end):
                if is_math:
                    content_end = max(line_start - 1, content_start)
                    self.add_block(content_start, content_end, True, offset)
                return end + 1
            line_start = end + 1
        if is_math:
            raise self.error(
                f"unterminated math fence: {fence} opened here is never closed "
                f"(add a line {fence} after the math)",
                offset + len(opener["indent"]),
            )
        return len(source)  # an unclosed code fence runs to the end, as in CommonMark

    # -- character-level prose ----------------------------------------------------

    def prose_line(self, offset: int) -> int:
        """Scan prose from `offset` to the end of its line (or of the math or
        comment that began on it); return the offset of the next line."""
        source = self.source
        i = offset
        while i < len(source):
            char = source[i]
            if char == "\n":
                self.flush()
                self.prose.append("\n")
                return i + 1
            if char == "\\":
                following = source[i + 1 : i + 2]
                if following == "[":
                    i = self.display(i, "\\[", "\\]")
                elif following and following != "\n":
                    self.flush()
                    self.prose.append(following)
                    i += 2
                else:
                    self.raw.append(char)
                    i += 1
            elif char == "$" and source.startswith("$$", i):
                i = self.display(i, "$$", "$$")
            elif char == "$" and (end := self.inline_end(i)) is not None:
                self.add_block(i + 1, end, False, i)
                i = end + 1
            elif char == "`":
                i = self.code_span(i)
            elif source.startswith("<!--", i):
                i = self.html_comment(i)
            else:
                self.raw.append(char)
                i += 1
        self.flush()
        return len(source)

    def display(self, offset: int, opener: str, closer: str) -> int:
        """Handle display math opened at `offset`; return the offset after it."""
        source = self.source
        i = offset + len(opener)
        while i < len(source):
            char = source[i]
            if source.startswith(closer, i):
                self.add_block(offset + len(opener), i, True, offset)
                return i + len(closer)
            if char == "\\":
                i += 1 if source[i + 1 : i + 2] in ("", "\n") else 2
                continue
            if char == "\n" and not source[i + 1 : self.line_end(i + 1)].strip():
                break
            i += 1
        raise self.error(
            f"unterminated display math: `{opener}` opened here is never closed "
            f"(close it with `{closer}` before the next blank line)",
            offset,
        )

    def inline_end(self, offset: int) -> int | None:
        """The offset of the `$` closing inline math opened at `offset`, if any.

        The opening `$` must not be followed by whitespace; a closing `$` must not
        be preceded by whitespace nor followed by a digit (so "$5 and $6" is text).
        """
        source = self.source
        end = self.line_end(offset)
        i = offset + 1
        if i >= end or source[i].isspace():
            return None
        while i < end:
            char = source[i]
            if char == "\\":
                i += 2
                continue
            if char == "$":
                if source[i - 1].isspace():
                    return None
                if not source[i + 1 : i + 2].isdigit():
                    return i
            i += 1
        return None

    def code_span(self, offset: int) -> int:
        """Skip inline code opened by the backtick run at `offset`."""
        source = self.source
        run = 0
        while source.startswith("`", offset + run):
            run += 1
        paragraph = _PARAGRAPH_END.search(source, offset)
        limit = paragraph.start() if paragraph else len(source)
        partner = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
        closing = partner.search(source, offset + run, limit)
        if closing is None:
            self.raw.append("`" * run)
            return offset + run
        self.flush()
        self.prose.append(source[offset + run : closing.start()])
        return closing.end()

    def html_comment(self, offset: int) -> int:
        """Skip an HTML comment, recording it if it starts with `derive:`."""
        source = self.source
        end = source.find("-->", offset + 4)
        if end == -1:
            raise self.error(
                "unterminated HTML comment: `<!--` opened here is never closed "
                "(close it with `-->`)",
                offset,
            )
        body = source[offset + 4 : end]
        if _DERIVE.match(body):
            start = offset + 4 + len(body) - len(body.lstrip())
            self.comments.append((self.locate(start)[0], body.strip()))
            self.marker_words = _marker_words(body)
            self.marker_end = end + 3
        return end + 3

    # -- results -------------------------------------------------------------------

    def flush(self) -> None:
        if self.raw:
            self.prose.append(_plain("".join(self.raw)))
            self.raw.clear()

    def add_block(self, start: int, end: int, display: bool, opener: int) -> None:
        """Record the math in `source[start:end]`, opened by a delimiter at `opener`."""
        text, notes = _blank_comments(self.source[start:end])
        markers: list[str] = []
        if self.marker_words and not self.source[self.marker_end : opener].strip():
            markers.extend(self.marker_words)
        self.marker_words = ()
        for note_offset, note in notes:
            if _DERIVE.match(note):
                skipped = len(note) - len(note.lstrip())
                line = self.locate(start + note_offset + skipped)[0]
                self.comments.append((line, note.strip()))
                markers.extend(_marker_words(note))
        self.flush()
        markers = list(dict.fromkeys(markers))
        line, column = self.locate(start)
        self.blocks.append(
            Block(
                text=text,
                line=line,
                column=column,
                display=display,
                continues=display and _CONTINUES.match(text) is not None,
                lead_in=_lead_in(self.prose),
                markers=tuple(markers),
            )
        )
        if display:
            self.prose.clear()
        else:
            self.prose.append(text)


def _backticks_in_info(fence: re.Match[str]) -> bool:
    return fence["fence"].startswith("`") and "`" in fence["info"]


def _blank_comments(text: str) -> tuple[str, list[tuple[int, str]]]:
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


def _marker_words(comment: str) -> tuple[str, ...]:
    """The words after `derive:` when they are only words (`equation`, `skip`);
    a declaration such as `derive: x \\in \\mathbb{R}^n` gives none."""
    payload = _DERIVE.sub("", comment, count=1)
    words = [word for word in re.split(r"[\s,]+", payload) if word]
    if words and all(_MARKER_WORD.fullmatch(word) for word in words):
        return tuple(word.lower() for word in words)
    return ()


def _plain(raw: str) -> str:
    """Markdown inline markup roughly removed: links, HTML tags, emphasis."""
    text = _LINK.sub(r"\1", raw)
    text = _LINK_TAIL.sub("", text)
    text = _HTML_TAG.sub(" ", text)
    return _TABLE_BAR.sub(" ", _EMPHASIS.sub("", text))


def _lead_in(prose: list[str]) -> str:
    text = " ".join("".join(prose).split())
    if len(text) <= LEAD_IN_LIMIT:
        return text
    tail = text[-LEAD_IN_LIMIT:]
    if text[-LEAD_IN_LIMIT - 1] != " " and " " in tail:
        tail = tail.split(" ", 1)[1]
    return tail
