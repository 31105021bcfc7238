"""The Markdown reader: `$...$`, `\\(...\\)`, `$$...$$`, `\\[...\\]`, math fences and bare LaTeX environments."""

from __future__ import annotations

import re

from derive.reading.documents import definitions, environments, model, scanning

_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LINE_PREFIX = re.compile(  # blockquote, then a heading or list marker
    r"[ \t]*(?:>[ \t]?)*[ \t]*"
    r"(?:#{1,6}(?=[ \t]|$)|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))?"
)
_RULE = re.compile(r"[ \t]*([-*_=])[ \t]*(?:\1[ \t]*){2,}")
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_LINK_TAIL = re.compile(r"\]\([^)\s]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|[\[\]]")
_TABLE_BAR = re.compile(r"\|")
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_QUOTE = re.compile(r"[ \t]{0,3}>(?:[ \t]{0,3}>)*[ \t]?")  # `> `, `> > `
_QUOTE_CONTINUED = re.compile(r"(?<=\n)[ \t]*>(?:[ \t]*>)*[ \t]?")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
_TEX_SIGN = re.compile(r"\\[A-Za-z|]|[\^_]")  # what prose does not write


def read_markdown(source: str, *, path: str = "<string>") -> model.Document:
    """Extract the math of a Markdown document.

    Display math is `$$...$$`, `\\[...\\]`, fenced code blocks whose info string
    is `math` (or `{math}`), and, as MathJax reads them, LaTeX environments
    written in the prose: `equation`, `align`, `alignat` (its `{n}` is not in
    the text), `gather`, `multline`, `eqnarray`, `flalign`, `displaymath`,
    `aligned`, `alignedat`, `gathered`, `multlined`, starred or not; the block's
    text is the environment's body. Inline math is `$...$` on one line (see
    `inline_end` for when a `$` opens and closes it) and `\\(...\\)` within a
    paragraph (a `\\(` with no `\\)` after it is Markdown's escaped parenthesis).
    Code blocks, indented code,
    inline code and HTML comments are skipped. Display math delimited by `$$`,
    `\\[` or an environment may span lines but not a blank line, as in LaTeX;
    inside a block quote, the `>` starting each of its lines is blanked.
    Macro definitions in the prose (`\\newcommand`, `\\def`, ...) are kept in
    `Document.definitions`.

    Display math, an environment or a math fence that is never closed is listed
    in `Document.unclosed` at its opener; reading goes on after the next blank
    line (after a math fence: nothing follows, as for a code fence).

    Raises:
        DocumentError: for an HTML comment that is never closed; the error points
            at its `<!--`.
    """
    return _MarkdownScanner(model.normalise(source), path).scan()


class _MarkdownScanner(scanning.Scanner):
    """One pass over a Markdown source: block structure by lines, math by characters."""

    def __init__(self, source: str, path: str) -> None:
        super().__init__(source, path)
        self.quoted = False  # whether the line being scanned is in a block quote

    def scan(self) -> model.Document:
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
            quote = _QUOTE.match(line)
            self.quoted = quote is not None
            fence = _FENCE.fullmatch(line, quote.end() if quote else 0)
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
        return self.document()

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
        """Handle a fenced block opening at `offset`; return the offset after it.

        In a block quote (`self.quoted`), each line of the fence starts with
        `>`; a line that does not ends the quote, and the fence with it.
        """
        source = self.source
        fence = opener["fence"]
        info = opener["info"].split()
        is_math = bool(info) and info[0].strip("{}").lower() == "math"
        closer = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        content_start = min(self.line_end(offset) + 1, len(source))
        if self.quoted and (quote := _QUOTE.match(source, content_start)):
            content_start = quote.end()
        line_start = content_start
        while line_start < len(source):
            end = self.line_end(line_start)
            body = line_start
            if self.quoted and line_start != content_start:
                quote = _QUOTE.match(source, line_start, end)
                if quote is None:  # the quote ends, and the fence with it
                    if is_math:
                        self.add_block(content_start, line_start - 1, True, offset)
                    return line_start
                body = quote.end()
            if closer.fullmatch(source, body, end):
                if is_math:
                    content_end = max(line_start - 1, content_start)
                    self.add_block(content_start, content_end, True, offset)
                return end + 1
            line_start = end + 1
        if is_math:  # like a code fence, it runs to the end: nothing after it is read
            return self.never_closed(
                f"unterminated math fence: {fence} opened here is never closed "
                f"(add a line {fence} after the math)",
                offset + opener.start("fence"),
                len(source),
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
                elif following == "(" and (end := self.parenthesis_end(i)) is not None:
                    # \(\begin{align} … \end{align}\): pages that wrap a display in inline delimiters
                    display = source[i + 2 : end].lstrip().startswith("\\begin{")
                    self.add_block(i + 2, end, display, i)
                    i = end + 2
                elif (found := self.control_word(i)) is not None:
                    i = found
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
            if char == "\n" and self.blank_line(i + 1):
                break
            i += 1
        return self.never_closed(
            f"unterminated display math: `{opener}` opened here is never closed "
            f"(close it with `{closer}` before the next blank line)",
            offset,
            i,
        )

    def control_word(self, offset: int) -> int | None:
        """Handle a LaTeX environment or macro definition written in the prose at
        `offset`; return the offset after it, or None if there is neither."""
        source = self.source
        word = _CONTROL_WORD.match(source, offset)
        if word is None:
            return None
        if word[1] == "begin":
            opener = environments.BEGIN.match(source, offset)
            if opener and opener["name"].removesuffix("*") in environments.STANDALONE:
                return self.environment(offset, opener)
        elif word[1] in definitions.COMMANDS:
            end = definitions.end(source, offset)
            if end is not None:
                self.definition(offset, end)
                self.raw.append(" ")
                return end
            cut = definitions.incomplete_end(source, offset)
            if cut is not None:
                self.definition(offset, cut)
        return None

    def environment(self, offset: int, opener: re.Match[str]) -> int:
        """Handle the environment whose `\\begin{...}` is `opener`, at `offset`;
        return the offset after its `\\end{...}`."""
        source = self.source
        name = opener["name"]
        start = environments.arguments_end(source, opener.end(), name)
        closer = environments.end(source, start, len(source), name)
        if closer is None or self.paragraph_break(start, closer.start()):
            return self.never_closed(environments.unclosed(name, paragraph=True), offset, self.paragraph_end(start))
        self.add_block(start, closer.start(), True, offset)
        return closer.end()

    def blank_line(self, offset: int) -> bool:
        """Whether the line starting at `offset` is blank (in a block quote: holds
        nothing but `>` markers)."""
        line = self.source[offset : self.line_end(offset)]
        return not line.strip(" \t>" if self.quoted else None)

    def paragraph_end(self, start: int) -> int:
        """The offset of the newline that ends the paragraph holding `start`
        (the end of the source if no blank line follows)."""
        i = self.source.find("\n", start)
        while i != -1:
            if self.blank_line(i + 1):
                return i
            i = self.source.find("\n", i + 1)
        return len(self.source)

    def paragraph_break(self, start: int, stop: int) -> bool:
        """Whether a blank line lies between `start` and `stop`."""
        newline = self.source.find("\n", start, stop)
        while newline != -1:
            if self.blank_line(newline + 1):
                return True
            newline = self.source.find("\n", newline + 1, stop)
        return False

    def parenthesis_end(self, offset: int) -> int | None:
        """The offset of the `\\)` closing inline math opened by the `\\(` at `offset`, in the same
        paragraph; None where there is none, and the `\\(` is Markdown's escaped parenthesis."""
        source = self.source
        i = offset + 2
        while i < len(source):
            if source.startswith("\\)", i):
                return i
            if source[i] == "\\":
                i += 2
                continue
            if source[i] == "\n" and self.blank_line(i + 1):
                return None
            i += 1
        return None

    def inline_end(self, offset: int) -> int | None:
        """The offset of the `$` closing inline math opened at `offset`, if any.

        The opening `$` must not be followed by whitespace; a closing `$` must not
        be followed by a digit (so "$5 and $6" is text). A closing `$` after
        whitespace closes only math that is clearly math (`_spaced_close`), so
        `$x^Tx = \\|x\\|^2 $` is math but "$5 and $" and `$b $` are not.
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
                    return i if _spaced_close(source, offset, i) else None
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
        if scanning.DERIVE.match(body):
            start = offset + 4 + len(body) - len(body.lstrip())
            self.comments.append((self.locate(start)[0], body.strip()))
            self.marker_words = scanning.marker_words(body)
            self.marker_end = end + 3
        return end + 3

    # -- results -------------------------------------------------------------------

    def clean(self, raw: str) -> str:
        return _plain(raw)

    def add_block(self, start: int, end: int, display: bool, opener: int) -> None:
        """Record the math in `source[start:end]`, opened by a delimiter at `opener`."""
        text = self.source[start:end]
        if self.quoted:
            text = _QUOTE_CONTINUED.sub(_spaces, text)
        text, notes = scanning.blank_comments(text)
        text = environments.blank_markers(text)
        markers = self.take_markers(opener)
        for note_offset, note in notes:
            if scanning.DERIVE.match(note):
                skipped = len(note) - len(note.lstrip())
                line = self.locate(start + note_offset + skipped)[0]
                self.comments.append((line, note.strip()))
                markers.extend(scanning.marker_words(note))
        self.append_block(text, start, display, markers)


def _spaced_close(source: str, opener: int, closer: int) -> bool:
    """Whether the `$` at `closer`, after whitespace, closes the inline math
    opened at `opener`: the math must start with neither a digit nor whitespace
    (currency: "$5 and $"), the `$` must not be followed by a letter or a digit
    (a shell variable: "$HOME_DIR and $PATH"), and the math must hold a sign
    that only TeX writes: a control word or `\\|`, `^` or `_`."""
    first = source[opener + 1 : opener + 2]
    following = source[closer + 1 : closer + 2]
    return (
        not (first.isdigit() or first.isspace())
        and not following.isalnum()
        and _TEX_SIGN.search(source, opener + 1, closer) is not None
    )


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _backticks_in_info(fence: re.Match[str]) -> bool:
    return fence["fence"].startswith("`") and "`" in fence["info"]


def _plain(raw: str) -> str:
    """Markdown inline markup roughly removed: links, HTML tags, emphasis."""
    text = _LINK.sub(r"\1", raw)
    text = _LINK_TAIL.sub("", text)
    text = _HTML_TAG.sub(" ", text)
    return _TABLE_BAR.sub(" ", _EMPHASIS.sub("", text))
