"""The LaTeX (.tex) reader: math environments, `\\[...\\]`, `$...$` and `\\(...\\)`."""

from __future__ import annotations

import re

from derive.reading.documents import definitions, environments, model, scanning

#: LaTeX environments whose body is not LaTeX at all.
_VERBATIM_ENVIRONMENTS = frozenset(
    {"verbatim", "Verbatim", "lstlisting", "minted", "comment"}
)
_CONTROL = re.compile(r"\\(?:(?P<word>[A-Za-z]+)|.)", re.DOTALL)
_DOCUMENT_BEGIN = re.compile(r"\\begin[ \t]*\{document\}")
_DOCUMENT_END = re.compile(r"\\end[ \t]*\{document\}")
_VERB_OPTIONS = re.compile(r"\*|\[[^\]\n]*\]")  # \verb* and \lstinline[...]
_CONDITIONALS_THAT_ARE_NOT = frozenset({"iff", "ifthenelse"})  # no matching `\fi`
_TEX_PROSE = re.compile(  # one pass over prose: commands, braces and ties
    r"\\(?:(?P<dropped>label|ref|eqref|cref|Cref|autoref|pageref|cite[a-z]*|nocite"
    r"|begin|end|usepackage|documentclass|includegraphics|input|include"
    r"|bibliography|bibliographystyle|vspace|hspace|url|href|tag)(?![A-Za-z])"
    r"\*?(?:[ \t]*\[[^\]\n]*\])?(?:[ \t]*\{[^{}]*\})?"
    r"|(?P<word>[A-Za-z]+)\*?(?:[ \t]*\[[^\]\n]*\])?"
    r"|(?P<symbol>.))"
    r"|(?P<brace>[{}])|(?P<tie>~)",
    re.DOTALL,
)
_TEX_SPACES = frozenset("\\,;:! \t\n")  # control symbols that are spacing


def read_latex(source: str, *, path: str = "<string>") -> model.Document:
    """Extract the math of a LaTeX document.

    Display math is the environments `equation`, `align`, `alignat`, `flalign`,
    `gather`, `multline`, `eqnarray`, `displaymath` (starred or not), `\\[...\\]`
    and `$$...$$`; inline math is `$...$`, `\\(...\\)` and the `math` environment.
    An environment gives one block whose text is its body (the rows of `align`
    and its kin stay separated by `\\\\`). Only the body of `\\begin{document}`
    is read, if there is one; `verbatim`, `Verbatim`, `lstlisting`, `minted`
    and `comment` environments, `\\verb` and `\\iffalse ... \\fi` are skipped.
    `% derive:` comments give markers to the next block (or to the block they
    are in) when they are only words, and are kept in `Document.comments`
    otherwise. Macro definitions outside math (`\\newcommand`, `\\def`, ...), in
    the preamble and the body, are kept in `Document.definitions`.

    A math environment, `\\[`, `$$`, `$` or `\\(` that is never closed is listed
    in `Document.unclosed` at its opener; reading goes on after the next blank line.

    Raises:
        DocumentError: for a verbatim environment or `\\iffalse` that is never
            closed; the error points at the opener.
    """
    return _LatexScanner(model.normalise(source), path).scan()


class _LatexScanner(scanning.Scanner):
    """One pass over a LaTeX source, character by character, inside the document
    body; `% derive:` comments are also read in the preamble and after the body,
    macro definitions in the preamble."""

    def __init__(self, source: str, path: str) -> None:
        super().__init__(source, path)
        self.stop = len(source)  # where the document body ends

    def scan(self) -> model.Document:
        source = self.source
        start = 0
        begin = self.uncommented(_DOCUMENT_BEGIN, 0)
        if begin is not None:
            self.preamble(begin.start())
            start = begin.end()
        end = self.uncommented(_DOCUMENT_END, start)
        if end is not None:
            self.stop = end.start()
        i = start
        while i < self.stop:
            char = source[i]
            if char == "%":
                i = self.comment(i)
            elif char == "\\":
                i = self.command(i)
            elif char == "$" and source.startswith("$$", i):
                i = self.math(i, "$$", "$$", display=True)
            elif char == "$":
                i = self.math(i, "$", "$", display=False)
            else:
                self.raw.append(char)
                i += 1
        self.flush()
        if end is not None:
            self.line_comments(end.end(), len(source))
        return self.document()

    # -- structure ---------------------------------------------------------------

    def uncommented(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        """The first match of `pattern` from `start` that is not inside a comment."""
        for match in pattern.finditer(self.source, start):
            line_start = self.source.rfind("\n", 0, match.start()) + 1
            if _comment_start(self.source[line_start : match.start()]) is None:
                return match
        return None

    def preamble(self, stop: int) -> None:
        """Read the `%` comments and macro definitions of the preamble, which
        ends at `stop` and holds no math."""
        source = self.source
        i = 0
        while i < stop:
            char = source[i]
            if char == "%":
                i = self.comment(i)
            elif char == "\\":
                end = definitions.end(source, i, stop) or definitions.incomplete_end(source, i, stop)
                if end is not None:
                    self.definition(i, end)
                i = end or i + 2
            else:
                i += 1

    def line_comments(self, start: int, stop: int) -> None:
        """Read the `%` comments of `source[start:stop]`, which holds no math."""
        i = start
        while i < stop:
            end = min(self.line_end(i), stop)
            found = _comment_start(self.source[i:end])
            if found is not None:
                self.comment(i + found)
            i = end + 1

    def comment(self, offset: int) -> int:
        """Read the `%` comment at `offset`; return the offset of its line's end."""
        end = self.line_end(offset)
        body = self.source[offset + 1 : end]
        waiting = bool(self.marker_words) and not self.source[
            self.marker_end : offset
        ].strip()
        if scanning.DERIVE.match(body):
            words = scanning.marker_words(body)
            if words:
                self.marker_words = (self.marker_words if waiting else ()) + words
                self.marker_end = end
            else:
                self.declaration(offset + 1, body)
        elif waiting:
            self.marker_end = end  # a plain comment between a marker and its block
        return end

    def declaration(self, offset: int, body: str) -> None:
        """Keep a `derive:` comment whose body starts at `offset`."""
        skipped = len(body) - len(body.lstrip())
        self.comments.append((self.locate(offset + skipped)[0], body.strip()))

    def command(self, offset: int) -> int:
        """Handle the control sequence at `offset`; return the offset after it."""
        control = _CONTROL.match(self.source, offset)
        if control is None:  # a backslash ending the file
            self.raw.append("\\")
            return offset + 1
        word = control["word"]
        if control.group() == "\\[":
            return self.math(offset, "\\[", "\\]", display=True)
        if control.group() == "\\(":
            return self.math(offset, "\\(", "\\)", display=False)
        if word == "begin":
            return self.environment(offset)
        if word == "iffalse":
            return self.conditional(offset, control.end())
        if word in ("verb", "lstinline"):
            return self.verb(offset, control.end())
        if word in definitions.COMMANDS:
            end = definitions.end(self.source, offset, self.stop)
            if end is not None:
                self.definition(offset, end)
                self.raw.append(" ")
                return end
            cut = definitions.incomplete_end(self.source, offset, self.stop)
            if cut is not None:
                self.definition(offset, cut)
        self.raw.append(control.group())
        return control.end()

    def environment(self, offset: int) -> int:
        """Handle `\\begin{...}` at `offset`; return the offset after what it opens
        (the whole environment for math and verbatim, else the `\\begin{...}`)."""
        source = self.source
        opener = environments.BEGIN.match(source, offset)
        if opener is None:
            self.raw.append("\\begin")
            return offset + len("\\begin")
        name = opener["name"]
        base = name.removesuffix("*")
        if base in environments.MATH:
            start = environments.arguments_end(source, opener.end(), name)
            closer = environments.end(source, start, self.stop, name)
            if closer is None:  # reported; reading goes on after the paragraph it opens
                return self.never_closed(environments.unclosed(name, paragraph=False), offset, self.paragraph_end(start))
            self.add_block(start, closer.start(), environments.MATH[base], offset)
            return closer.end()
        if base in _VERBATIM_ENVIRONMENTS:
            end = source.find(f"\\end{{{name}}}", opener.end(), self.stop)
            if end == -1:
                raise self.unclosed_environment(name, offset)
            self.raw.append(" ")
            return end + len(f"\\end{{{name}}}")
        self.raw.append(opener.group())
        return opener.end()

    def paragraph_end(self, start: int) -> int:
        """The offset of the newline before the next blank line after `start` (or the end)."""
        i = self.source.find("\n", start, self.stop)
        while i != -1:
            if not self.source[i + 1 : self.line_end(i + 1)].strip():
                return i
            i = self.source.find("\n", i + 1, self.stop)
        return self.stop

    def unclosed_environment(self, name: str, offset: int) -> model.DocumentError:
        return self.error(environments.unclosed(name, paragraph=False), offset)

    def math(self, offset: int, opener: str, closer: str, *, display: bool) -> int:
        """Handle math opened by `opener` at `offset`; return the offset after it.

        Math may span lines but not a blank line (a new paragraph), as in LaTeX.
        """
        source = self.source
        i = offset + len(opener)
        while i < self.stop:
            if source.startswith(closer, i):
                self.add_block(offset + len(opener), i, display, offset)
                return i + len(closer)
            char = source[i]
            if char == "%":
                i = self.line_end(i)
                continue
            if char == "\\":
                i += 2
                continue
            if char == "\n" and not source[i + 1 : self.line_end(i + 1)].strip():
                break
            i += 1
        kind = "display math" if display else "inline math"
        advice = "; write `\\$` for a dollar sign" if opener == "$" else ""
        return self.never_closed(
            f"unterminated {kind}: `{opener}` opened here is never closed "
            f"(close it with `{closer}` before the next blank line{advice})",
            offset,
            min(i, self.stop),
        )

    def conditional(self, offset: int, start: int) -> int:
        """Skip `\\iffalse ... \\fi` (with nested conditionals) opened at `offset`."""
        source = self.source
        depth = 1
        i = start
        while i < self.stop:
            char = source[i]
            if char == "%":
                i = self.line_end(i)
                continue
            control = _CONTROL.match(source, i) if char == "\\" else None
            if control is None:
                i += 1
                continue
            word = control["word"] or ""
            if word == "fi":
                depth -= 1
                if depth == 0:
                    self.raw.append(" ")
                    return control.end()
            elif word.startswith("if") and word not in _CONDITIONALS_THAT_ARE_NOT:
                depth += 1
            i = control.end()
        raise self.error(
            "unterminated conditional: `\\iffalse` opened here is never closed "
            "(close it with `\\fi`)",
            offset,
        )

    def verb(self, offset: int, start: int) -> int:
        """Keep the text of `\\verb|...|` or `\\lstinline|...|` at `offset` as prose."""
        source = self.source
        options = _VERB_OPTIONS.match(source, start)
        if options:
            start = options.end()
        end = self.line_end(start)
        if start >= end or source[start].isalpha() or source[start].isspace():
            self.raw.append(source[offset:start])
            return start
        closing = "}" if source[start] == "{" else source[start]
        close = source.find(closing, start + 1, end)
        if close == -1:
            self.raw.append(source[offset:start])
            return start
        self.flush()
        self.prose.append(source[start + 1 : close])
        return close + 1

    # -- results -------------------------------------------------------------------

    def clean(self, raw: str) -> str:
        return _plain_latex(raw)

    def add_block(self, start: int, end: int, display: bool, opener: int) -> None:
        """Record the math in `source[start:end]`, opened at `opener`."""
        text, notes = scanning.blank_comments(self.source[start:end])
        text = environments.blank_markers(text)
        markers = self.take_markers(opener)
        for note_offset, note in notes:
            if scanning.DERIVE.match(note):
                words = scanning.marker_words(note)
                if words:
                    markers.extend(words)
                else:
                    self.declaration(start + note_offset, note)
        self.append_block(text, start, display, markers)


def _comment_start(line: str) -> int | None:
    """The offset of the `%` opening a LaTeX comment in `line` (not `\\%`), if any."""
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
        elif line[i] == "%":
            return i
        else:
            i += 1
    return None


def _plain_latex(raw: str) -> str:
    """LaTeX prose roughly as text: commands dropped (with the arguments of
    `\\label`, `\\ref`, `\\cite` and their kin), braces removed, ties as spaces."""

    def replace(match: re.Match[str]) -> str:
        symbol = match["symbol"]
        if match["dropped"] or match["tie"] or (symbol and symbol in _TEX_SPACES):
            return " "
        return symbol or ""

    return _TEX_PROSE.sub(replace, raw)
