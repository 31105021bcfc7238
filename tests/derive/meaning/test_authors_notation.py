"""Derivations in their authors' notation, checked: every right step passes, its wrong variant fails.

Each case is a small document and the (kind, verdict) of each of its claims, in order. The
right steps and their wrong variants sit side by side so that a rule that would pass anything
shows up as a wrong variant that passes.
"""

from __future__ import annotations

import pytest

from derive import results
from derive.checking import checker
from derive.meaning import document_analysis
from derive.reading import documents

ORACLES = ["symbolic", "exact", "float", "solution"]
PASS = frozenset(results.PASSING)

LEAST_SQUARES = r"Let $X \in \mathbb{R}^{m\times n}$, $\theta \in \mathbb{R}^n$, $y \in \mathbb{R}^m$." + "\n\n"
QUADRATIC = r"Let $A \in \mathbb{R}^{n\times n}$, $b \in \mathbb{R}^n$, $x \in \mathbb{R}^n$." + "\n\n"

CASES = [
    pytest.param(
        LEAST_SQUARES
        + "$$ J(\\theta) = \\frac12 (X\\theta - y)^T(X\\theta - y) $$\n\n"
        + "$$ \\nabla_\\theta J(\\theta) = X^TX\\theta - X^Ty $$\n\n"
        + "$$ \\nabla_\\theta J(\\theta) = X\\theta - y $$\n\n"
        + "$$ \\nabla J(\\theta) = X^TX\\theta - X^Ty $$\n\n"
        + "$$ \\nabla J = X^TX\\theta - X^Ty $$\n\n"
        + "$$ \\nabla J = X^TX\\theta + X^Ty $$",
        ["definition:stated", "derivative:pass", "derivative:failed", "derivative:pass", "derivative:pass", "derivative:failed"],
        id="uppercase-objective-J",
    ),
    pytest.param(
        "$$ L(w) = \\frac12 w^Tw $$\n\n$$ \\nabla L(w) = w $$\n\n$$ \\nabla L(w) = 2w $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="L-of-w",
    ),
    pytest.param(
        r"Let $w \in \mathbb{R}^d$, $\Phi \in \mathbb{R}^{N\times d}$, $t \in \mathbb{R}^N$." + "\n\n"
        "$$ E_D(\\mathbf w) = \\frac12 \\|t - \\Phi \\mathbf w\\|^2 $$\n\n"
        "$$ \\nabla_{\\mathbf w} E_D(\\mathbf w) = \\Phi^T\\Phi \\mathbf w - \\Phi^T t $$\n\n"
        "$$ \\nabla\\nabla E_D(\\mathbf w) = \\Phi^T\\Phi $$\n\n"
        "$$ \\nabla\\nabla E_D(\\mathbf w) = \\Phi\\Phi^T $$\n\n"
        "Setting the gradient to zero,\n\n$$ \\Phi^T\\Phi \\mathbf w = \\Phi^T t $$\n\n"
        "$$ \\mathbf w_{\\mathrm{ML}} = (\\Phi^T\\Phi)^{-1}\\Phi^T t $$\n\n"
        "$$ \\mathbf w_{\\mathrm{ML}} = (\\Phi^T\\Phi)^{-1}\\Phi^T\\Phi t $$",
        [
            "definition:stated", "derivative:pass", "derivative:pass", "derivative:failed",
            "equation:pass", "solution:pass",  # the normal equations follow from the gradient set to zero
        ],
        id="bishop-E_D-hessian-w_ML",  # the last is a shape error (N×N by d×d), reported apart
    ),
    pytest.param(
        r"Let $X \in \mathbb{R}^{n\times p}$, $\beta \in \mathbb{R}^p$, $y \in \mathbb{R}^n$." + "\n\n"
        "$$ \\mathrm{RSS}(\\beta) = (y - X\\beta)^T(y - X\\beta) $$\n\n"
        "$$ \\frac{\\partial \\mathrm{RSS}}{\\partial \\beta} = -2X^T(y - X\\beta) $$\n\n"
        "$$ \\frac{\\partial \\mathrm{RSS}}{\\partial \\beta} = -X^T(y - X\\beta) $$\n\n"
        "Setting to zero:\n\n$$ X^T(y - X\\beta) = 0 $$\n\n"
        "$$ \\hat\\beta = (X^TX)^{-1}X^Ty $$\n\n$$ \\hat\\beta = X^Ty $$",
        ["definition:stated", "derivative:pass", "derivative:failed", "equation:stated", "solution:pass", "solution:failed"],
        id="esl-RSS-beta-hat",
    ),
    pytest.param(
        r"Let $X \in \mathbb{R}^{n\times p}$, $\beta \in \mathbb{R}^p$, $y \in \mathbb{R}^n$." + "\n\n"
        "$$ S(\\beta) = \\|y - X\\beta\\|^2 $$\n\n$$ \\nabla S(\\beta) = 2X^TX\\beta - 2X^Ty $$\n\n"
        "$$ \\nabla S(\\beta) = 2X^TX\\beta - X^Ty $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="S-of-beta",
    ),
    pytest.param(
        "$$ U(t) = \\cos^2(\\omega t) $$\n\n$$ U'(t) = -2\\omega\\cos(\\omega t)\\sin(\\omega t) $$\n\n"
        "$$ U'(t) = 2\\omega\\cos(\\omega t)\\sin(\\omega t) $$\n\n$$ \\cos^2(\\omega t) + \\sin^2(\\omega t) = 1 $$\n\n"
        "$$ \\cos^2(\\omega t) - \\sin^2(\\omega t) = 1 $$",
        ["definition:stated", "derivative:pass", "derivative:failed", "identity:pass", "identity:failed"],
        id="U-of-t-cos-squared",
    ),
    pytest.param(
        "$$ G(v) = v^3 $$\n\n$$ G'(v) = 3v^2 $$\n\n$$ G''(v) = 6v $$\n\n$$ G''(v) = 3v $$\n\n"
        "$$ f(t) = t^2 $$\n\n$$ f'(t) = 2t $$\n\n$$ f''(t) = 2 $$\n\n$$ f''(t) = 2t $$",
        [
            "definition:stated", "derivative:pass", "derivative:pass", "derivative:failed",
            "definition:stated", "derivative:pass", "derivative:pass", "derivative:failed",
        ],
        id="primes-G-and-f",
    ),
    pytest.param(
        "$$ \\ell(\\mu) = -\\frac12 (x - \\mu)^2 $$\n\n$$ \\ell'(\\mu) = x - \\mu $$\n\n$$ \\ell'(\\mu) = \\mu - x $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="ell-of-mu",
    ),
    pytest.param(
        "$$ L(\\mu) = \\exp(-(x-\\mu)^2) $$\n\n$$ \\log L(\\mu) = -(x-\\mu)^2 $$\n\n$$ \\log L(\\mu) = (x-\\mu)^2 $$\n\n"
        "$$ \\frac{d}{d\\mu}\\log L(\\mu) = 2(x - \\mu) $$\n\n$$ \\frac{d}{d\\mu}\\log L(\\mu) = 2(\\mu - x) $$",
        ["definition:stated", "identity:pass", "identity:failed", "derivative:pass", "derivative:failed"],
        id="log-L-of-mu",
    ),
    pytest.param(
        r"Let $x \in \mathbb{R}^n$, $\mu \in \mathbb{R}^n$, $\Sigma \in \mathbb{S}^n_{++}$." + "\n\n"
        "$$ p(x \\mid \\mu, \\Sigma) = \\exp(-\\frac12 (x - \\mu)^T\\Sigma^{-1}(x - \\mu)) $$\n\n"
        "$$ \\log p(x \\mid \\mu, \\Sigma) = -\\frac12 (x - \\mu)^T\\Sigma^{-1}(x - \\mu) $$\n\n"
        "$$ \\nabla_\\mu \\log p(x | \\mu, \\Sigma) = \\Sigma^{-1}(x - \\mu) $$\n\n"
        "$$ \\nabla_\\mu \\log p(x | \\mu, \\Sigma) = \\Sigma^{-1}(\\mu - x) $$",
        ["definition:stated", "identity:pass", "derivative:pass", "derivative:failed"],
        id="log-p-given-mu-sigma",
    ),
    pytest.param(
        r"Let $a \in \mathbb{R}^n$, $x \in \mathbb{R}^n$." + "\n\n"
        "$$ \\mathcal{L}(x, \\lambda) = x^Tx + \\lambda(a^Tx - 1) $$\n\n"
        "$$ \\nabla_x \\mathcal{L}(x, \\lambda) = 2x + \\lambda a $$\n\n$$ \\nabla_x \\mathcal{L}(x, \\lambda) = x + \\lambda a $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="lagrangian",
    ),
    pytest.param(
        r"Let $x \in \mathbb{R}^n$." + "\n\n$$ r_x(h) = x^Th + h^Th $$\n\n"
        "$$ \\nabla_h r_x(h) = x + 2h $$\n\n$$ \\nabla_h r_x(h) = x + h $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="r-sub-x-of-h",
    ),
    pytest.param(
        r"Let $A \in \mathbb{R}^{m\times n}$, $b \in \mathbb{R}^m$ and $f\colon \mathbf{R}^n \to \mathbf{R}$." + "\n\n"
        "$$ f(x) = \\|Ax - b\\|^2 $$\n\n$$ \\nabla f(x) = 2A^T(Ax - b) $$\n\n$$ \\nabla f(x) = A^T(Ax - b) $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="signature-gives-the-parameter-its-shape",
    ),
    pytest.param(
        "Let $J: \\mathbb{R}^n \\to \\mathbb{R}$.\n\n$$ J(\\theta) = 5 $$\n\n$$ \\nabla J(\\theta) = 0 $$",
        ["definition:stated", "derivative:pass"],  # the gradient vanishes identically: it holds as it stands
        id="signature-makes-an-uppercase-constant-a-function",
    ),
    pytest.param(
        QUADRATIC + "$$ A(x + b) = Ax + Ab $$\n\n$$ A(x + b) = Ax + b $$",
        ["identity:pass", "identity:failed"],
        id="a-declared-matrix-times-a-parenthesis",
    ),
    pytest.param(
        "$$ \\operatorname{tr} AB = \\operatorname{tr} BA $$\n\n$$ \\operatorname{tr} AB = \\operatorname{tr} A^TB $$\n\n"
        "$$ \\text{tr}(AB) = \\mbox{tr}(BA) $$\n\n$$ \\text{trace}(AB) = \\operatorname{Tr}(BA) $$\n\n"
        "$$ \\nabla_A \\operatorname{tr} AB = B^T $$\n\n$$ \\nabla_A \\operatorname{tr} AB = B $$",
        ["identity:pass", "identity:failed", "identity:pass", "identity:pass", "derivative:pass", "derivative:failed"],
        id="cs229-trace-without-parentheses",
    ),
    pytest.param(
        LEAST_SQUARES
        + "$$ \\mathrm{tr}\\,\\theta^T X^T X \\theta = \\theta^T X^T X\\theta $$\n\n"
        + "$$ \\nabla_\\theta \\mathrm{tr}\\,\\theta^T X^T X \\theta = 2X^TX\\theta $$\n\n"
        + "$$ \\nabla_\\theta \\mathrm{tr}\\,\\theta^T X^T X \\theta = X^TX\\theta $$",
        ["identity:pass", "derivative:pass", "derivative:failed"],
        id="trace-of-a-scalar-product",
    ),
    pytest.param(
        r"Let $X \in \mathbb{R}^{n\times n}$ be invertible." + "\n\n"
        "$$ \\nabla_X \\log\\det X = X^{-T} $$\n\n$$ \\nabla_X \\log|X| = X^{-T} $$\n\n"
        "$$ \\nabla_X \\log|X| = X^{-1} $$\n\n$$ \\det(X)^{-1} = \\det(X^{-1}) $$\n\n$$ \\det(X)^{-1} = \\det(X) $$",
        ["derivative:pass", "derivative:pass", "derivative:failed", "identity:pass", "identity:failed"],
        id="log-det-and-bars",
    ),
    pytest.param(
        r"Let $X, A \in \mathbb{R}^{n\times n}$, $X$ invertible." + "\n\n"
        "$$ \\nabla_X \\log\\det X = X^{-\\top} $$\n\n$$ (X^{-\\top})^\\top = X^{-1} $$\n\n"
        "$$ \\nabla_X \\operatorname{tr}(A X^{-1}) = -X^{-\\intercal} A^\\top X^{-\\top} $$\n\n"
        "$$ \\nabla_X \\operatorname{tr}(A X^{-1}) = -X^{-\\top} A X^{-\\top} $$",
        ["derivative:pass", "identity:pass", "derivative:pass", "derivative:failed"],
        id="inverse-transpose-written-with-top",
    ),
    pytest.param(
        r"Let $X, A \in \mathbb{R}^{m\times n}$." + "\n\n"
        "$$ \\langle A, X \\rangle_F = \\operatorname{tr}(A^T X) $$\n\n"
        "$$ \\nabla_X \\langle A, X \\rangle_{\\mathrm{F}} = A $$\n\n$$ \\nabla_X \\langle A, X \\rangle_F = A^T $$",
        ["identity:pass", "derivative:pass", "derivative:failed"],
        id="frobenius-product-subscript",
    ),
    pytest.param(
        r"Let $X, A \in \mathbb{R}^{m\times n}$, $\beta \in \mathbb{R}^n$, $y \in \mathbb{R}^m$." + "\n\n"
        "$$ A:X = \\operatorname{tr}(A^T X) $$\n\n$$ (X\\beta-y):(X\\beta-y) = \\|X\\beta - y\\|^2 $$\n\n"
        "$$ \\nabla_X (A:X) = A $$\n\n$$ A:X = \\operatorname{tr}(A X^T) + 1 $$",
        ["identity:pass", "identity:pass", "derivative:pass", "identity:failed"],
        id="frobenius-colon",
    ),
    pytest.param(
        r"Let $e \in \mathbb{R}^n$, $X \in \mathbb{R}^{m\times n}$, $\beta \in \mathbb{R}^n$." + "\n\n"
        "$$ \\operatorname{RSS} = e^T e $$\n\n$$ \\operatorname{RSS} = \\left\\| e \\right\\|^2 $$\n\n"
        "$$ \\operatorname{RSS} = 2 e^T e $$\n\n$$ \\operatorname{J}(\\beta) = \\|X\\beta\\|^2 $$\n\n"
        "$$ \\nabla_\\beta \\operatorname{J}(\\beta) = 2X^TX\\beta $$",
        ["definition:stated", "identity:pass", "identity:failed", "definition:stated", "derivative:pass"],
        id="operatorname-as-a-name-the-document-defines",
    ),
    pytest.param(
        r"Let $x \in \mathbb{R}^n$, $A \in \mathbb{R}^{m\times n}$, $b \in \mathbb{R}^m$." + "\n\n"
        "$$ ||x||^2 = x^Tx $$\n\n$$ ||x||^2 = 2x^Tx $$\n\n"
        "$$ (Ax - b)^t(Ax-b) = x^tA^tAx - 2b^tAx + b^tb $$\n\n$$ (Ax - b)^t(Ax-b) = x^tA^tAx - b^tAx + b^tb $$\n\n"
        "$$ x'x = \\|x\\|^2 $$\n\n$$ \\{ (Ax)^T \\}^T = Ax $$\n\n$$ \\Big( Ax \\Big)^T = x^TA^T $$\n\n"
        "$$ \\big[ (Ax)^T \\big]^T = Ax $$\n\n$$ \\big[ (Ax)^T \\big]^T = x $$",
        [
            "identity:pass", "identity:failed", "identity:pass", "identity:failed", "identity:pass", "identity:pass",
            "identity:pass", "identity:pass", "identity:failed",
        ],
        id="bars-primes-braces-and-x-to-the-t",
    ),
    pytest.param(
        r"Let $x \in \mathbb{R}^n$." + "\n\n$$ g(x) \\equiv x^Tx $$\n\n$$ h(x) \\triangleq 2x^Tx $$\n\n"
        "$$ x^Tx + 1 =: q(x) $$\n\n$$ \\nabla g(x) = 2x $$\n\n$$ \\nabla h(x) = 4x $$\n\n$$ \\nabla q(x) = 2x $$\n\n"
        "$$ \\nabla q(x) = x $$\n\n$$ x^Tx \\equiv \\|x\\|^2 $$",
        [
            "definition:stated", "definition:stated", "definition:stated", "derivative:pass", "derivative:pass",
            "derivative:pass", "derivative:failed", "identity:pass",
        ],
        id="definition-relations",
    ),
    pytest.param(
        QUADRATIC
        + "$$ \\nabla_x (x^TAx - 2b^Tx) = (A + A^T)x - 2b $$\n\n$$ (A + A^T)x - 2b = 0 $$\n\n"
        + "$$ \\Rightarrow (A + A^T)x = 2b $$\n\n$$ \\implies x = 2(A+A^T)^{-1}b $$\n\n$$ \\implies x = (A+A^T)^{-1}b $$",
        ["derivative:pass", "equation:stated", "equation:pass", "equation:pass", "equation:failed"],
        id="rows-led-by-implies",
    ),
    pytest.param(
        QUADRATIC
        + "$$ x^T\\!A\\,x ~=~ x^T\\;A\\>x \\hspace{1cm} $$\n\n$$ \\nabla_x\\, x^T A x = (A + A^T)\\,x \\quad $$\n\n"
        + "$$ \\nabla_x\\, x^T A x = A\\,x $$",
        ["identity:pass", "derivative:pass", "derivative:failed"],
        id="spacing",
    ),
    pytest.param(
        r"Let $\Sigma \in \mathbb{S}^n_{++}$, $x \in \mathbb{R}^n$, $P \in \mathbf{S}^n$, $Q \in \mathbb{S}^n_{+}$, "
        r"$M \in \mathbb{R}^{n\times n}$." + "\n\n"
        "$$ \\nabla_x x^T \\Sigma x = 2\\Sigma x $$\n\n$$ \\nabla_x x^T P x = 2 P x $$\n\n$$ Q^T = Q $$\n\n"
        "$$ \\nabla_x x^T M x = 2 M x $$",
        ["derivative:pass", "derivative:pass", "identity:pass", "derivative:failed"],
        id="symmetric-and-definite-sets",
    ),
    pytest.param(
        "$$ x(t) = t^3 $$\n\n$$ \\dot x = 3t^2 $$\n\n$$ \\ddot x = 6t $$\n\n$$ \\ddot x = 3t $$\n\n$$ \\dot x(t) = 3t^2 $$",
        ["definition:stated", "derivative:pass", "derivative:pass", "derivative:failed", "derivative:pass"],
        id="dot-and-ddot",
    ),
    pytest.param(
        "$$ x = 2t^3 - 5t + 1 $$\n\n$$ v = \\dot{x} $$\n\n$$ a = \\dot{v} = \\ddot{x} $$\n\n$$ \\ddot x = 12t $$\n\n$$ \\ddot x = 6t $$",
        ["definition:stated", "definition:stated", "definition:stated", "derivative:pass", "derivative:pass", "derivative:failed"],
        id="dots-of-a-position-written-in-t",
    ),
    pytest.param(
        r"Let $X \in \mathbb{R}^{n\times p}$, $b \in \mathbb{R}^p$, $y \in \mathbb{R}^n$." + "\n\n"
        "$$ \\mbox{RSS}(b) = (y-Xb)'(y-Xb) $$\n\n"
        "$$ \\frac{\\partial}{\\partial b}\\mbox{RSS}(\\hat{b}) = -2X'y+2X'X\\hat{b} $$\n\n"
        "$$ \\frac{\\partial}{\\partial b}\\mbox{RSS}(\\hat{b}) = -2X'y+X'X\\hat{b} $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="derivative-taken-at-b-hat",
    ),
    pytest.param(
        QUADRATIC
        + "$$ f(x) = x^TAx $$\n\n$$ D_x f(x) = (A + A^T)x $$\n\n$$ D_x f(x) = Ax $$\n\n"
        + "$$ \\partial_x f(x) = (A+A^T)x $$\n\n$$ \\frac{\\partial}{\\partial \\mathbf x} f(x) = (A + A^T)x $$\n\n"
        + "$$ \\frac{d}{d\\vec x} f(x) = (A + A^T)x $$\n\n$$ \\bigtriangledown f(x) = (A + A^T)x $$\n\n"
        + "$$ \\triangledown_x f(x) = 2Ax $$",
        [
            "definition:stated", "derivative:pass", "derivative:failed", "derivative:pass", "derivative:pass",
            "derivative:pass", "derivative:pass", "derivative:failed",
        ],
        id="derivative-operators",
    ),
    pytest.param(
        r"Let $A \in \mathbb{R}^{m\times n}$, $x \in \mathbb{R}^n$, $b \in \mathbb{R}^m$." + "\n\n"
        "$$\\newcommand{\\tr}{\\operatorname{tr}}$$\n\n"
        "$$ \\newcommand{\\norm}[1]{\\left\\|#1\\right\\|} \\norm{Ax - b}^2 = (Ax-b)^T(Ax-b) $$\n\n"
        "$$ \\newcommand{\\norm}[1]{\\left\\|#1\\right\\|} \\norm{Ax - b}^2 = (Ax+b)^T(Ax-b) $$\n\n"
        "$$ \\DeclareMathOperator{\\Tr}{Tr} \\Tr(A^TA) = \\Tr(AA^T) $$",
        ["identity:pass", "identity:failed", "identity:pass"],
        id="macros-defined-in-math",
    ),
    pytest.param(
        "\\newcommand{\\x}{\\mathbf x} \\DeclareMathOperator{\\Tr}{Tr}\n\n"
        r"Let $A \in \mathbb{R}^{n\times n}$, $\x \in \mathbb{R}^n$." + "\n\n"
        "$$ \\nabla_{\\x} \\x^TA\\x = (A + A^T)\\x $$\n\n"
        "$$ \\nabla_{\\x} \\x^TA\\x = 2A\\x $$\n\n"
        "$$ \\Tr(A\\x\\x^T) = \\x^TA\\x $$",
        ["derivative:pass", "derivative:failed", "identity:pass"],
        id="macros-defined-in-prose-hold-for-every-display",
    ),
    pytest.param(
        QUADRATIC
        + "$ \\newcommand{\\q}{x^TAx} $ is the form.\n\n"
        + "$$ \\nabla_x \\q = (A+A^T)x $$\n\n"
        + "$$ \\def\\g{(A+A^T)x} \\nabla_x \\q = \\g $$\n\n"
        + "$$ \\nabla_x \\q = \\g + b $$",
        ["derivative:pass", "derivative:pass", "derivative:failed"],
        id="macros-defined-in-math-hold-from-their-block-on",
    ),
    pytest.param(
        "\\newcommand{\\s}{a}\n\\renewcommand{\\s}{2a}\n\n$$ \\s + \\s = 4a $$",
        ["identity:pass"],
        id="a-later-redefinition-wins",
    ),
    pytest.param(
        "$$ J: \\mathbb{R}^n \\to \\mathbb{R} $$\n\n"
        + "$$ J(\\theta) = \\theta^T\\theta $$\n\n$$ \\nabla J(\\theta) = 2\\theta $$",
        ["definition:stated", "derivative:pass"],
        id="a-displayed-signature-declares-not-assumes",
    ),
    pytest.param(
        r"Let $z, c, x \in \mathbb{R}^n$." + "\n\n"
        + "$$ \\sum_k c_k x_k = c^Tx $$\n\n$$ \\sum_k c_k x_k = x^Tx $$\n\n"
        + "$$ \\log\\sum_i \\exp(z_i) = \\log(\\mathbf 1^T\\exp(z)) $$\n\n$$ \\sum_i \\exp(z_i) = \\mathbf 1^T z $$",
        ["identity:pass", "identity:failed", "identity:pass", "identity:failed"],
        id="sums-without-their-range-run-over-what-the-index-subscripts",
    ),
    pytest.param(
        "$$ \\sigma(z) = \\frac{1}{1 + e^{-z}} $$\n\n$$ \\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) $$\n\n"
        "$$ \\sigma'(z) = \\sigma(z)(1 + \\sigma(z)) $$\n\n$$ e^{\\ln 2} = 2 $$\n\n$$ e^{0} = 0 $$",
        ["definition:stated", "derivative:pass", "derivative:failed", "identity:pass", "identity:failed"],
        id="e-to-a-power-is-the-exponential",
    ),
    pytest.param(
        r"Let $A, B, X \in \mathbb{R}^{n\times n}$, $x, y, r \in \mathbb{R}^n$." + "\n\n"
        + "$$ \\tr(AB) = \\Tr(BA) $$\n\n$$ \\trace(AB) = \\tr(A^TB) $$\n\n"
        + "$$ \\|r\\|^2 = \\langle r, r \\rangle $$\n\n$$ \\langle Ax, y \\rangle = \\langle x, A^Ty \\rangle $$\n\n"
        + "$$ \\left\\langle Ax, y \\right\\rangle = \\left< x, Ay \\right> $$\n\n"
        + "$$ \\langle A, X \\rangle = \\operatorname{tr}(A^TX) $$",
        ["identity:pass", "identity:failed", "identity:pass", "identity:pass", "identity:failed", "identity:pass"],
        id="trace-commands-and-inner-products",
    ),
    pytest.param(
        r"Let $A, B \in \mathbb{R}^{n\times n}$." + "\n\n"
        + "$$ {\\rm tr}(AB) = {\\rm tr}(BA) $$\n\n$$ {\\rm Tr}\\, AB = {\\rm tr}(A^TB) $$",
        ["identity:pass", "identity:failed"],
        id="rm-switch-operator-names",
    ),
    pytest.param(
        r"Let $\boldsymbol\Phi \in \mathbb{R}^{N\times M}$, $\mathbf t \in \mathbb{R}^N$, $\mathbf w \in \mathbb{R}^M$." + "\n\n"
        + "$$ E(\\mathbf w) = \\frac{1}{2}\\left\\lVert \\mathbf t - \\boldsymbol\\Phi\\mathbf w \\right\\rVert^2"
        + " + \\frac{\\lambda}{2}\\mathbf w^{\\mathrm T}\\mathbf w $$\n\n"
        + "$$ \\nabla_{\\mathbf w} E(\\mathbf w) = \\boldsymbol\\Phi^{\\mathrm T}\\boldsymbol\\Phi\\mathbf w"
        + " - \\boldsymbol\\Phi^{\\mathrm T}\\mathbf t + \\lambda\\mathbf w $$\n\n"
        + "$$ \\nabla_{\\mathbf w} E(\\mathbf w) = \\boldsymbol\\Phi^{\\mathrm T}\\boldsymbol\\Phi\\mathbf w"
        + " - \\boldsymbol\\Phi^{\\mathrm T}\\mathbf t $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="prml-mathrm-T-one-token",
    ),
    pytest.param(
        QUADRATIC
        + "$$ \\boxed{\\nabla_x x^TAx = (A + A^T)x} $$\n\n$$ \\boxed{\\nabla_x x^TAx = 2x} $$\n\n"
        + "$$ \\nabla_x x^TAx = \\color{blue}{(A + A^T)x} $$\n\n"
        + "$$ x^TAx = \\underbrace{x^T A}_{1\\times n} \\underbrace{x}_{n \\times 1} $$\n\n"
        + "$$ x^\\prime b = b^{\\prime} x $$\n\n$$ |x|_2^2 = x^Tx $$\n\n$$ |x|_2^2 = 2x^Tx $$",
        ["derivative:pass", "derivative:failed", "derivative:pass", "identity:pass", "identity:pass",
         "identity:pass", "identity:failed"],
        id="boxes-colours-braces-with-notes-primes-single-bar-norms",
    ),
    pytest.param(
        r"Let $A \in \mathbb{R}^{m\times n}$, $x \in \mathbb{R}^n$, $b \in \mathbb{R}^m$." + "\n\n"
        + "$$\\eqalign{ \\|Ax-b\\|^2 &= (Ax-b)^T(Ax-b) \\cr &= x^TA^TAx - 2b^TAx + b^Tb \\cr &= x^TA^TAx - b^Tb }$$",
        ["identity:pass", "identity:pass", "identity:failed"],
        id="plain-tex-cr-rows",
    ),
    pytest.param(
        r"Let $A \in \mathbb{R}^{m\times n}$, $x \in \mathbb{R}^n$, $b \in \mathbb{R}^m$." + "\n\n"
        + "$$\n\\begin{aligned}\n\\|Ax-b\\|^2 &= x^TA^TAx - 2b^TAx \\\\\n&\\quad + b^Tb \\\\\n"
        + "&= x^TA^TAx \\\\\n& \\qquad - 2b^TAx + 2b^Tb \\\\\n-x^Tx &= -\\|x\\|^2\n\\end{aligned}\n$$",
        ["identity:pass", "identity:failed", "identity:pass"],
        id="a-row-that-starts-with-plus-or-minus-continues-the-row-above",
    ),
    pytest.param(
        "$$ x(t) = 4t^3 - t $$\n\n$$ dx/dt = 12t^2 - 1 $$\n\n$$ dx/dt = 12t^2 $$",
        ["definition:stated", "derivative:pass", "derivative:failed"],
        id="inline-leibniz-quotient",
    ),
    pytest.param(
        r"Let $A, X, B \in \mathbb{R}^{n\times n}$, $x \in \mathbb{R}^n$." + "\n\n"
        + "$$ \\operatorname{tr}(A(X + dX)B) - \\operatorname{tr}(AXB) = \\operatorname{tr}(BA\\,dX) $$\n\n"
        + "$$ \\operatorname{tr}(A(X + {\\rm d}X)B) - \\operatorname{tr}(AXB) = \\operatorname{tr}(AB\\,{\\rm d}X) $$\n\n"
        + "$$ (x + dx)^T(x + dx) = x^Tx + 2x^Tdx + dx^Tdx $$\n\n"
        + "$$ S = x^Tx $$\n\n$$ dS = 2x^Tdx $$",
        ["identity:pass", "identity:failed", "identity:pass", "definition:stated", "unchecked:unchecked"],
        id="differentials-of-variables-are-increments-of-their-shape",
    ),
    pytest.param(
        LEAST_SQUARES
        + "$$ J(\\theta) = \\frac12 \\sum_{i=1}^{m} (\\theta^T x^{(i)} - y^{(i)})^2 $$\n\n"
        + "$$ J(\\theta) = \\frac12 (X\\theta - y)^T(X\\theta - y) $$\n\n"
        + "$$ J(\\theta) = (X\\theta - y)^T(X\\theta - y) $$",
        ["definition:stated", "identity:pass", "identity:failed"],
        id="cs229-examples-x-superscript-i",
    ),
]


def _outcomes(text: str) -> list[str]:
    result = checker.check_text(text, path="notes.md", oracles=ORACLES)
    return [f"{claim.kind}:{'pass' if claim.verdict in PASS else claim.verdict}" for claim in result.claims]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_right_steps_pass_and_wrong_variants_fail(text: str, expected: list[str]) -> None:
    assert _outcomes(text) == expected


def test_a_signature_declares_and_is_no_claim_when_inline() -> None:
    text = "Let $J: \\mathbb{R}^n \\to \\mathbb{R}$ and $F\\colon \\Bbb R^{m\\times n} \\to \\Bbb R$.\n\n$$ J(\\theta) = 1 $$"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="notes.md"))
    assert set(analysis.assumptions.signatures) == {"J", "F"}
    assert [str(shape) for shape in analysis.assumptions.signatures["F"]] == ["m×n", "1×1"]
    assert [claim.kind for claim in analysis.claims] == ["definition"]


def test_sets_of_symmetric_matrices_declare_their_properties() -> None:
    text = r"Let $P \in \mathbf{S}^n$, $\Sigma \in \mathbb{S}^n_{++}$, $Q \in \mathbb{S}^n_+$." + "\n\n$$ P = P $$"
    assumptions = document_analysis.analyse(documents.read_markdown(text, path="notes.md")).assumptions
    assert assumptions.symmetric == {"P", "Sigma", "Q"}
    assert assumptions.positive_definite == {"Sigma"} and assumptions.semidefinite == {"Q"}
    assert str(assumptions.shapes["Sigma"]) == "n×n"


def test_a_decorated_name_shares_the_declared_shape() -> None:
    text = LEAST_SQUARES + "Setting the gradient to zero,\n\n$$ X^TX\\theta = X^Ty $$\n\n$$ \\hat\\theta = (X^TX)^{-1}X^Ty $$"
    analysis = document_analysis.analyse(documents.read_markdown(text, path="notes.md"))
    assert str(analysis.table.symbols["theta\u0302"]) == "n×1"
    solution = analysis.claims[-1]
    assert solution.kind == "solution" and solution.variable is not None and solution.variable.name == "theta"


@pytest.mark.parametrize(
    ("source", "suffix", "line", "column"),
    [
        ("\\newcommand{\\x}{\\mathbf x}\n\\newcommand{\\bad}[1]{x\n\n$$ \\x^T\\x = \\x^T\\x $$\n", ".md", 2, 21),
        (
            "\\documentclass{article}\n\\newcommand{\\bad}[1]{x\n\\begin{document}\n"
            "\\[ x^Tx = x^Tx \\]\n\\end{document}\n",
            ".tex",
            2,
            21,
        ),
    ],
    ids=["markdown-prose", "tex-preamble"],
)
def test_a_broken_macro_definition_is_located_and_the_rest_still_checked(
    tmp_path, source: str, suffix: str, line: int, column: int
) -> None:
    path = tmp_path / f"notes{suffix}"
    path.write_text(source)
    result = checker.check_document(documents.load(str(path)), checker.Options(oracles=frozenset(ORACLES)))
    (error,) = result.errors
    assert (error.line, error.column) == (line, column)
    assert "macro definition" in error.message and "never closed" in error.message
    assert [claim.verdict for claim in result.claims] == ["proved"]


def test_a_name_defined_as_a_value_before_a_parenthesis_is_a_product() -> None:
    text = (
        r"Let $X \in \mathbb{R}^{m\times n}$, $y \in \mathbb{R}^m$, $b \in \mathbb{R}^n$." + "\n\n"
        "$$ r = y - Xb $$\n\n$$ r^T(y - Xb) = \\|r\\|^2 $$\n\n$$ s = b^Tb $$\n\n"
        "$$ s(b + b) = 2(b^Tb)b $$\n\n$$ s(b + b) = (b^Tb)b $$\n\n$$ \\vect r^T\\vect r = \\|y - Xb\\|^2 $$"
    )
    assert _outcomes(text) == [
        "definition:stated", "identity:pass", "definition:stated", "identity:pass", "identity:failed", "identity:pass"
    ]


def test_pasted_minus_signs_and_apostrophes_read_as_typed_ones() -> None:
    text = "$$ x(t) = \u22121 \u2212 4t^3 + t $$\n\n$$ x\u2019(t) = \u221212t^2 + 1 $$\n\n$$ x\u2032(t) = 12t^2 + 1 $$"
    assert _outcomes(text) == ["definition:stated", "derivative:pass", "derivative:failed"]


def test_a_value_defined_without_a_variable_is_not_evaluated_at_a_number() -> None:
    result = checker.check_text(
        "$$ x(t) = t^3 $$\n\n$$ v = dx/dt $$\n\n$$ v = 3t^2 $$\n\n$$ v(3) = 27 $$", path="notes.md", oracles=ORACLES
    )
    assert [claim.verdict for claim in result.claims] == ["stated", "stated", "proved", "unchecked"]
    assert "v is defined without a variable; define it as v(t)" in result.claims[-1].message
