"""The derive output pasted into the tutorial and the report gallery is what derive prints now:
each ``$ derive check …`` command in those pages is run again and its output compared, line
for line, with the page (a ``| jq FILTER`` after it is applied to the JSON)."""

from __future__ import annotations

import json
import pathlib
import re
import shlex

import pytest

from derive import cli

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
PAGES = ("tutorial.md", "gallery.md")
_FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1\n", re.MULTILINE | re.DOTALL)


def _pasted(page: str) -> list[tuple[str, str]]:
    """Each ``$ derive check …`` command of ``page``'s code blocks with the output under it (not
    those that write a file with ``-o``: their output is a file, shown as a picture or a link)."""
    found = []
    for block in _FENCE.finditer((REPOSITORY / "docs" / page).read_text("utf-8")):
        command, output = None, []
        for line in [*block.group(3).splitlines(keepends=True), "$ end\n"]:
            if line.startswith("$ "):
                if command is not None and command.startswith("derive check ") and " -o " not in command:
                    found.append((command, "".join(output)))
                command, output = line[2:].rstrip("\n"), []
            else:
                output.append(line)
    return found


def _jq(document: object, expression: str) -> object:
    """The few ``jq`` filters the pages use: ``.name`` and ``[index]`` steps."""
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", expression):
        document = document[name] if name else document[int(index)]  # type: ignore[index]
    return document


COMMANDS = [pytest.param(page, command, output, id=f"{page}: {command}") for page in PAGES for command, output in _pasted(page)]


def test_the_pages_paste_derive_output() -> None:
    assert len(_pasted("tutorial.md")) == 1
    assert len(_pasted("gallery.md")) == 7  # the table, Markdown, GitHub, and two excerpts each of JSON and SARIF


@pytest.mark.parametrize(("page", "command", "pasted"), COMMANDS)
def test_pasted_output_is_what_derive_prints(
    page: str, command: str, pasted: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPOSITORY)  # the pages' commands run from the root of the repository
    monkeypatch.setenv("COLUMNS", "100")  # the width the pages say their tables have
    run, _, jq = command.partition(" | jq ")
    arguments = shlex.split(run)[1:]
    status = cli.main(arguments)
    printed = capsys.readouterr()
    assert status == (0 if "least_squares.md" in run else 1)
    if jq:
        assert json.loads(pasted) == _jq(json.loads(printed.out), shlex.split(jq)[0])
    else:
        assert pasted == printed.out + printed.err
