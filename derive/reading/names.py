"""Symbol names as authors decorate them: ``\\hat\\beta``, ``\\bar x``, ``x^\\star``, ``x^{(i)}``, ``\\mathcal{L}``.

A decorated name is a name of its own (``\\hat\\beta`` is not ``\\beta``), written as one
string so that every stage can key tables by it: the letter, then its marks (combining
accents), a ``*`` for a star superscript, ``^(i)`` for a parenthesised superscript index,
and last ``_subscript`` as for any symbol. ``x^{(i)}_j`` is ``x^(i)_j``; ``\\hat{x}_1`` and
``\\hat{x_1}`` are both ``x̂_1``. Fonts that only embolden (``\\mathbf``, ``\\boldsymbol``)
are not part of a name; ``\\mathcal`` and ``\\mathscr`` letters are (``ℒ``).
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata

from derive.reading import notation

HAT, BAR, TILDE, DOT, DDOT = "\u0302", "\u0304", "\u0303", "\u0307", "\u0308"
STAR = "*"
DIFFERENTIAL = "\u0346"  # dX: a name of its own, shaped as X (written before the letter, not over it)

#: Accent commands, by the mark they put on a name.
ACCENTS: dict[str, str] = {
    "hat": HAT, "widehat": HAT, "bar": BAR, "overline": BAR, "tilde": TILDE, "widetilde": TILDE,
    "dot": DOT, "ddot": DDOT,
}
_ACCENT_COMMANDS = {HAT: "hat", BAR: "bar", TILDE: "tilde", DOT: "dot", DDOT: "ddot"}
MARKS = frozenset(_ACCENT_COMMANDS) | {DIFFERENTIAL}
TIME_DERIVATIVES = {DOT: 1, DDOT: 2}  # \dot x and \ddot x, when x is a function of t

#: Names that read as one letter although they are spelled as a word.
LETTER_WORDS = notation.GREEK | {"ell"}


@dataclasses.dataclass(frozen=True)
class Parts:
    """A name taken apart: ``x̂*^(i)_j`` is letter ``x``, marks ``̂``, starred, index ``i``, subscript ``j``."""

    letter: str
    marks: str = ""
    starred: bool = False
    index: str | None = None
    subscript: str | None = None

    @property
    def text(self) -> str:
        """The name as one string."""
        index = f"^({self.index})" if self.index is not None else ""
        subscript = f"_{self.subscript}" if self.subscript is not None else ""
        return f"{self.letter}{self.marks}{STAR if self.starred else ''}{index}{subscript}"


@functools.lru_cache(maxsize=4096)
def split(name: str) -> Parts:
    """``name`` taken apart into its letter, marks, star, index and subscript."""
    index: str | None = None
    opening, underscore = name.find("^("), name.find("_")
    if opening >= 0 and (underscore < 0 or opening < underscore):
        base, depth, close = name[:opening], 0, opening + 1
        for close in range(opening + 1, len(name)):
            depth += {"(": 1, ")": -1}.get(name[close], 0)
            if depth == 0:
                break
        index, rest = name[opening + 2 : close], name[close + 1 :]
        subscript = rest[1:] if rest.startswith("_") else None
    else:
        base, found, after = name.partition("_")
        subscript = after if found else None
    starred = base.endswith(STAR)
    base = base.rstrip(STAR)
    letter = base.rstrip("".join(MARKS))
    return Parts(letter, base[len(letter) :], starred, index, subscript)


def letter(name: str) -> str:
    """The letter under a name's decorations and subscript: ``beta`` for ``\\hat\\beta_1``."""
    return split(name).letter


def undecorated(name: str) -> str:
    """``name`` without its marks, star and index (its subscript kept): ``x_1`` for ``\\hat x_1``."""
    parts = split(name)
    return Parts(parts.letter, subscript=parts.subscript).text


def family(name: str) -> str:
    """The name whose shape ``name`` shares when it is not declared itself: ``\\hat\\beta``, ``\\beta^*``
    and ``\\dot\\beta`` are shaped as ``\\beta``, ``x^{(i)}`` as ``x``, ``\\mathbf w_{\\mathrm{ML}}`` as ``w``.

    A subscript that is a word (two letters or more with a capital, or three or more: ``ML``,
    ``new``) names a variant; an index (``x_1``, ``x_{ij}``) does not, and is kept.
    """
    parts = split(name)
    subscript = parts.subscript
    if subscript is not None and subscript.isalpha() and subscript not in notation.GREEK and (
        len(subscript) >= 3 or (len(subscript) == 2 and not subscript.islower())
    ):
        subscript = None
    return Parts(parts.letter, subscript=subscript).text


def is_decorated(name: str) -> bool:
    """Whether ``name`` carries a mark, a star or an index."""
    parts = split(name)
    return bool(parts.marks) or parts.starred or parts.index is not None


def is_latin_upper(name: str) -> bool:
    """An uppercase Latin letter, however decorated: by convention a matrix (``A``, ``\\hat X_1``)."""
    found = letter(name)
    return len(found) == 1 and "A" <= found <= "Z"


def is_latin_lower(name: str) -> bool:
    """A lowercase Latin letter, however decorated: a scalar unless its use makes it a vector."""
    found = letter(name)
    return len(found) == 1 and "a" <= found <= "z"


def is_greek_lower(name: str) -> bool:
    """A lowercase Greek letter other than π, however decorated (``\\beta``, ``\\hat\\theta``)."""
    found = letter(name)
    return found in notation.GREEK and found[:1].islower() and found != "pi"


def matrix_of(base: str) -> str:
    """The matrix whose entries ``base`` names: A for A_{ij} and a_{ij}, Σ for σ_{ij}."""
    if is_greek_lower(base):
        return base[:1].upper() + base[1:]
    return base.upper() if base.islower() else base


def is_word(name: str) -> bool:
    """A name spelled as an upright word (``\\mathrm{RSS}``, ``\\operatorname{softmax}``), not a letter."""
    found = letter(name)
    return len(found) > 1 and found not in LETTER_WORDS and found.isascii() and found.isalpha()


def with_mark(name: str, mark: str) -> str:
    """``name`` with an accent mark (or the star) added to its letter."""
    parts = split(name)
    if mark == STAR:
        return dataclasses.replace(parts, starred=True).text
    return dataclasses.replace(parts, marks=parts.marks + mark).text


def with_index(name: str, index: str) -> str:
    """``name`` with a parenthesised superscript index: ``x^{(i)}``."""
    return dataclasses.replace(split(name), index=index).text


def with_subscript(name: str, subscript: str) -> str:
    """``name`` with a subscript appended to the one it has (``x_1`` and ``2`` give ``x_12``)."""
    parts = split(name)
    joined = subscript if parts.subscript is None else parts.subscript + subscript
    return dataclasses.replace(parts, subscript=joined).text


def without_time_derivative(name: str) -> tuple[str, int] | None:
    """``ẋ`` → (``x``, 1), ``ẍ`` → (``x``, 2): a dotted name and its order; None without a last dot."""
    parts = split(name)
    if not parts.marks or parts.marks[-1] not in TIME_DERIVATIVES or parts.starred or parts.index is not None:
        return None
    return dataclasses.replace(parts, marks=parts.marks[:-1]).text, TIME_DERIVATIVES[parts.marks[-1]]


# -- script letters ---------------------------------------------------------------------------------


@functools.cache
def script_letter(char: str) -> str | None:
    """The script form of a Latin letter (``\\mathcal{L}`` → ``ℒ``); None for anything else."""
    if not (len(char) == 1 and char.isascii() and char.isalpha()):
        return None
    size = "CAPITAL" if char.isupper() else "SMALL"
    for prefix in ("MATHEMATICAL SCRIPT", "SCRIPT"):
        try:
            return unicodedata.lookup(f"{prefix} {size} {char.upper()}")
        except KeyError:
            continue
    return None


@functools.cache
def _script_letters() -> dict[str, str]:
    found = {}
    for code in range(ord("A"), ord("z") + 1):
        script = script_letter(chr(code))
        if script is not None:
            found[script] = chr(code)
    return found


# -- back to LaTeX ----------------------------------------------------------------------------------


def latex(name: str) -> str:
    """A name as LaTeX: ``\\hat{\\beta}_1``, ``x^{(i)}``, ``w^{*}``, ``\\mathcal{L}``."""
    parts = split(name)
    text = _letter_latex(parts.letter)
    for mark in parts.marks:
        text = f"d{text}" if mark == DIFFERENTIAL else f"\\{_ACCENT_COMMANDS[mark]}{{{text}}}"
    if parts.subscript is not None:
        text += _subscript_latex(parts.subscript)
    superscripts = ("*" if parts.starred else "") + (f"({parts.index})" if parts.index is not None else "")
    if superscripts:
        text += f"^{{{superscripts}}}"
    return text


def _letter_latex(text: str) -> str:
    if text in notation.GREEK or text == "ell":
        return "\\" + text
    if text == "∂":
        return "\\partial"
    if text in _script_letters():
        return f"\\mathcal{{{_script_letters()[text]}}}"
    if is_word(text):
        return f"\\mathrm{{{text}}}"
    return text


def _subscript_latex(subscript: str) -> str:
    if subscript in notation.GREEK:  # the parser keeps x_{\alpha} as x_alpha
        return f"_{{\\{subscript}}}"
    if len(subscript) == 1:
        return f"_{subscript}"
    return f"_{{{subscript}}}"
