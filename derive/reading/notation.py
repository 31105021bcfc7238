"""Tables of the control words derive knows, by the role each plays in the grammar."""

from __future__ import annotations

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split()
)
# \Gamma is left out on purpose: it is also the gamma function, so it is reported as unsupported.

# Control word -> token type for the parser; anything else stays CMD ("unsupported").
TOKEN_TYPES: dict[str, str] = {
    "nabla": "NABLA",
    "triangledown": "NABLA",
    "bigtriangledown": "NABLA",
    "sum": "SUMOP",
    "partial": "PARTIAL",
    "frac": "FRAC",
    "dfrac": "FRAC",
    "tfrac": "FRAC",
    "sqrt": "SQRT",
    "top": "TOP",
    "intercal": "TOP",
    "dagger": "DAGGER",
    "cdot": "MULOP",
    "odot": "ODOT",
    "circ": "ODOT",
    "oslash": "OSLASH",
    "indicator": "INDICATOR",  # \mathbb{1}[…], retyped by presentation.plain
    "times": "MULOP",
    "operatorname": "OPNAME",
    "mathrm": "OPNAME",
    "mathbf": "FONT",
    "boldsymbol": "FONT",
    "bm": "FONT",
    "mathit": "FONT",
    "mathsf": "FONT",
    "vec": "FONT",
    "vect": "FONT",  # \vect{x}: the bold vector most notes define it as
    "pmb": "FONT",
    "bf": "FONT",  # old-style font switches, {\\bf v}: as the font commands
    "rm": "FONT",
    "it": "FONT",
    "sf": "FONT",
    "mathcal": "SCRIPT",
    "mathscr": "SCRIPT",
    "cal": "SCRIPT",
    "mathbb": "BLACKBOARD",
    "Bbb": "BLACKBOARD",
    "hat": "ACCENT",
    "widehat": "ACCENT",
    "bar": "ACCENT",
    "overline": "ACCENT",
    "tilde": "ACCENT",
    "widetilde": "ACCENT",
    "dot": "ACCENT",
    "ddot": "ACCENT",
    "star": "STARMARK",
    "ast": "STARMARK",
    "mid": "MID",
    "ell": "GREEK",  # a letter spelled as a word, like the Greek ones
    "dots": "DOTS",
    "ldots": "DOTS",
    "cdots": "DOTS",
    "cr": "_SEP",  # plain TeX's row end, as in \eqalign{a &= b \cr c &= d}
    "quad": "_SEP",
    "qquad": "_SEP",
    "exp": "FUNC",
    "log": "FUNC",
    "ln": "FUNC",
    "det": "FUNC",
    "sin": "FUNC",
    "cos": "FUNC",
    "tanh": "FUNC",
    "tr": "FUNC",  # \tr, \Tr, \trace: the trace, as the macros of most notes define it
    "Tr": "FUNC",
    "trace": "FUNC",
    "langle": "LANGLE",
    "rangle": "RANGLE",
    "iff": "REL",
    "Leftrightarrow": "REL",
    "Rightarrow": "REL",
    "implies": "REL",
    "succeq": "REL",
    "succ": "REL",
    "preceq": "REL",
    "in": "REL",
    "neq": "REL",
    "ne": "REL",
    "leq": "REL",
    "le": "REL",
    "geq": "REL",
    "ge": "REL",
    "coloneqq": "REL",
    "eqqcolon": "REL",
    "equiv": "REL",
    "triangleq": "REL",
    "colon": "REL",
    "to": "REL",
    "rightarrow": "REL",
    "longrightarrow": "REL",
    "mapsto": "REL",
}
# Prose commands that derive keeps when their text is a name (\text{tr}, x_{\text{ML}}): read as \operatorname.
TOKEN_TYPES.update(
    {name: "OPNAME" for name in "text textrm textup textnormal textit textbf textsf mbox hbox".split()}
)
TOKEN_TYPES.update({name: "GREEK" for name in GREEK})

# Layout-only control words: dropped before parsing.
IGNORED = frozenset(
    "left right bigl bigr Bigl Bigr biggl biggr Biggl Biggr big Big bigg Bigg middle "
    "displaystyle textstyle scriptstyle scriptscriptstyle nonumber notag limits nolimits "
    "bigm Bigm biggm Biggm mathstrut strut".split()
)

# Relations as written -> the name derive uses for them.
RELATIONS: dict[str, str] = {
    "=": "=",
    ":=": ":=",
    "\\coloneqq": ":=",
    "\\equiv": ":=",  # a definition when the left side is new; otherwise an identity, as `=`
    "\\triangleq": ":=",
    "=:": "=:",  # defines the right side
    "\\eqqcolon": "=:",
    ":": "colon",  # f: \mathbb{R}^n \to \mathbb{R}, a signature
    "\\colon": "colon",
    "\\to": "to",
    "\\rightarrow": "to",
    "\\longrightarrow": "to",
    "\\mapsto": "mapsto",
    "\\iff": "iff",
    "\\Leftrightarrow": "iff",
    "\\Rightarrow": "implies",
    "\\implies": "implies",
    "\\succeq": "succeq",
    "\\succ": "succ",
    "\\preceq": "preceq",
    "\\in": "in",
    "\\neq": "neq",
    "\\ne": "neq",
    "\\leq": "leq",
    "\\le": "leq",
    "\\geq": "geq",
    "\\ge": "geq",
    "<": "<",
    ">": ">",
}

# Functions written as \operatorname{...} or \mathrm{...}, by the name derive uses.
# \operatorname{softmax}(z): functions derive knows by name without a definition (meaning/builtins.py)
FUNCTION_WORDS = frozenset({"softmax", "softplus", "sigmoid", "logsumexp", "LSE"})

OPERATOR_NAMES: dict[str, str] = {
    "tr": "tr",
    "Tr": "tr",
    "trace": "tr",
    "rank": "rank",
    "diag": "diag",
    "Diag": "diag",
    "det": "det",
    "exp": "exp",
    "log": "log",
    "ln": "log",
    "sin": "sin",
    "cos": "cos",
    "tanh": "tanh",
    "ReLU": "relu",
    "relu": "relu",
}

FUNCTIONS: dict[str, str] = {
    "exp": "exp", "log": "log", "ln": "log", "det": "det", "sin": "sin", "cos": "cos", "tanh": "tanh",
    "tr": "tr", "Tr": "tr", "trace": "tr",
}

# Token types that end an operand: a `\|` or `|` after one of them closes a norm.
OPERAND_ENDS = frozenset(
    "LETTER NUMBER DIGIT RPAR RBRACK RBRACE RSET RANGLE RNORM RBAR GREEK PRIME TOP DAGGER DOTS ELLIPSIS CMD STARMARK".split()
)

# Functions that take the whole product after them when it is not in parentheses: \operatorname{tr} AB.
WHOLE_PRODUCT_FUNCTIONS = frozenset({"tr"})

# How the parser's token names read in an error message.
TOKEN_DESCRIPTIONS: dict[str, str] = {
    "LETTER": "a letter",
    "NUMBER": "a number",
    "DIGIT": "a digit",
    "CMD": "a command",
    "REL": "a relation such as `=`",
    "PLUS": "`+`",
    "MINUS": "`-`",
    "SLASH": "`/`",
    "CARET": "`^`",
    "UNDERSCORE": "`_`",
    "PRIME": "`'`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LBRACK": "`[`",
    "RBRACK": "`]`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "COMMA": "`,`",
    "LNORM": "an opening `\\|`",
    "RNORM": "a closing `\\|`",
    "LBAR": "an opening `|`",
    "RBAR": "a closing `|`",
    "MULOP": "`\\cdot`",
    "GREEK": "a Greek letter",
    "FRAC": "`\\frac`",
    "NABLA": "`\\nabla`",
    "$END": "the end of the formula",
    "_SEP": "`,`",
    "SUMOP": "`\\sum`",
    "OPNAME": "`\\operatorname`",
    "FONT": "`\\mathbf`",
    "FUNC": "a function such as `\\log`",
    "SQRT": "`\\sqrt`",
    "PARTIAL": "`\\partial`",
    "BLACKBOARD": "`\\mathbb`",
    "DOTS": "`\\dots`",
    "TOP": "`\\top`",
    "ODOT": "`\\odot`",
    "OSLASH": "`\\oslash`",
    "DAGGER": "`\\dagger`",
    "ACCENT": "an accent such as `\\hat`",
    "SCRIPT": "`\\mathcal`",
    "STARMARK": "`\\star`",
    "MID": "`\\mid`",
    "LSET": "`\\{`",
    "RSET": "`\\}`",
    "LANGLE": "`\\langle`",
    "RANGLE": "`\\rangle`",
}
