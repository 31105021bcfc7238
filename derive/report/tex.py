"""TeX-safe text and math: escaping prose, and refusing math that could do more than typeset."""

from __future__ import annotations

import re
import unicodedata

# Control words that read or write files, run programs or redefine TeX. The allow-list
# below already refuses them; this list names them so that the refusal is deliberate.
FORBIDDEN = frozenset(
    "input include InputIfFileExists IfFileExists openin openout read readline write immediate "
    "closein closeout newread newwrite catcode def gdef edef xdef let futurelet newcommand "
    "renewcommand providecommand DeclareRobustCommand newenvironment renewenvironment csname "
    "endcsname expandafter special scantokens detokenize string usepackage RequirePackage "
    "documentclass includegraphics verbatiminput lstinputlisting makeatletter makeatother "
    "directlua pdfobj pdfliteral pdffiledump pdfmdfivesum jobname endinput end@input".split()
)

# Math control words that amsmath and amssymb define and that typeset only.
ALLOWED = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda "
    "Xi Pi Sigma Upsilon Phi Psi Omega "
    "nabla partial sum prod int oint lim limits nolimits frac dfrac tfrac sqrt binom "
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr "
    "cdot cdots ldots dots vdots ddots times div pm mp top intercal infty prime dagger ast star circ "
    "mathrm mathbf mathit mathcal mathbb mathsf operatorname text textrm displaystyle textstyle "
    "exp log ln det sin cos tan tanh max min sup inf arg "
    "quad qquad langle rangle lvert rvert lVert rVert vert Vert lfloor rfloor lceil rceil lbrace rbrace "
    "succeq succ preceq prec leq geq le ge neq ne approx equiv sim simeq cong propto "
    "iff implies impliedby Rightarrow Leftarrow rightarrow leftarrow to mapsto "
    "in notin subset subseteq supset supseteq cup cap setminus otimes oplus odot forall exists colon mid "
    "hat bar tilde vec dot ddot overline underline widehat widetilde overset underset ell "
    "begin end".split()
) - FORBIDDEN

MATRIX_ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases"})
_CONTROL_SYMBOLS = frozenset(",;:! |{}")

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"{\ttfamily\char94}",  # typewriter glyphs: OT1 roman has none for ^ _ ~ (it draws a rule or an accent)
    "_": r"{\ttfamily\char95}",
    "%": r"\%",
    "~": r"{\ttfamily\char126}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "[": "{[}",
    "]": "{]}",
}

# Characters that messages use beyond ASCII, written with commands every TeX engine knows.
_UNICODE = {
    "ᵀ": r"\textsuperscript{T}",
    "²": r"\textsuperscript{2}",
    "³": r"\textsuperscript{3}",
    "⁻": r"\textsuperscript{$-$}",
    "¹": r"\textsuperscript{1}",
    "≥": r"$\geq$",
    "≤": r"$\leq$",
    "≠": r"$\neq$",
    "≈": r"$\approx$",
    "⪰": r"$\succeq$",
    "≻": r"$\succ$",
    "⟨": r"$\langle$",
    "⟩": r"$\rangle$",
    "×": r"$\times$",
    "·": r"$\cdot$",
    "∇": r"$\nabla$",
    "∂": r"$\partial$",
    "∈": r"$\in$",
    "‖": r"$\|$",
    "→": r"$\to$",
    "⇒": r"$\Rightarrow$",
    "∞": r"$\infty$",
    "±": r"$\pm$",
    "−": "-",
    "–": "--",
    "—": "---",
    "…": r"\dots{}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "✔": r"$\checkmark$",
    "✘": r"$\times$",
}


def escape(text: str) -> str:
    """``text`` as LaTeX that typesets it literally: specials, control words and odd characters made harmless.

    Whitespace (newlines included) collapses to single spaces, so that the result fits
    inside any command argument; control characters are dropped.
    """
    out: list[str] = []
    for char in " ".join(text.split()):
        if char in _TEXT_SPECIALS:
            out.append(_TEXT_SPECIALS[char])
        elif " " <= char <= "~":
            out.append(char)
        elif unicodedata.category(char).startswith("C"):
            continue
        else:
            out.append(_non_ascii(char))
    return "".join(out)


def _non_ascii(char: str) -> str:
    if char in _UNICODE:
        return _UNICODE[char]
    name = unicodedata.name(char, "")
    if name.startswith("GREEK") and " LETTER " in name:
        letter = name.rsplit(" ", 1)[-1].lower()
        command = letter.capitalize() if "CAPITAL" in name else letter
        if command in ALLOWED:
            return f"$\\{command}$"
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if plain and all(c.isalnum() for c in plain):
        return plain
    return f"[U+{ord(char):04X}]"


_WORD = re.compile(r"[A-Za-z]+")
_ENVIRONMENT = re.compile(r"\{([A-Za-z]+\*?)\}")
_TEXT_ARGUMENT = re.compile(r"\{[A-Za-z0-9 ,.;:()'-]*\}")  # text mode: no scripts, no commands


def sanitise_math(math: str) -> str | None:
    """``math`` unchanged (whitespace collapsed) when it only typesets, else ``None``.

    Refused: control words outside a known list of math commands (so every file,
    shell and definition primitive), ``%``, ``#``, ``$``, ``^^``, characters beyond
    ASCII, unbalanced braces, ``\\text`` holding more than words, ``\\left`` without ``\\right``, environments other than
    matrices, and ``&`` or ``\\\\`` outside a matrix (they would break the alignment).
    """
    text = " ".join(math.split())
    if not text or not all(" " <= char <= "~" for char in text):
        return None
    if any(char in text for char in "%#$") or "^^" in text or text[-1] in "^_\\":
        return None
    depth = 0
    environments: list[str] = []
    lefts = 0
    position = 0
    while position < len(text):
        char = text[position]
        position += 1
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == "&" and not environments:
            return None
        elif char == "\\":
            word = _WORD.match(text, position)
            if word is None:
                symbol = text[position]
                position += 1
                if symbol not in _CONTROL_SYMBOLS and not (symbol == "\\" and environments):
                    return None
                continue
            name = word.group()
            position = word.end()
            if name in FORBIDDEN or name not in ALLOWED:
                return None
            if name in ("text", "textrm"):
                words = _TEXT_ARGUMENT.match(text, position)
                if words is None:
                    return None
                position = words.end()
                continue
            if name in ("left", "right"):
                lefts += 1 if name == "left" else -1
                if lefts < 0:
                    return None
            elif name in ("begin", "end"):
                environment = _ENVIRONMENT.match(text, position)
                if environment is None or environment.group(1) not in MATRIX_ENVIRONMENTS:
                    return None
                position = environment.end()
                if name == "begin":
                    environments.append(environment.group(1))
                elif not environments or environments.pop() != environment.group(1):
                    return None
    if depth or lefts or environments:
        return None
    return text
