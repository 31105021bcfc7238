"""Grades for 05_ols_rss_primes.md (primes as transposes, =& alignment)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_deriv

r = rng(5)
inst = []
for n, p in [(3, 2), (4, 4), (7, 3)]:
    inst.append(dict(X=r.standard_normal((n, p)), y=r.standard_normal(n), b=r.standard_normal(p),
                     R=r.standard_normal((3, p + 1)), S=r.standard_normal((3, p + 1)), t=r.standard_normal()))
rss = lambda d, b: (d["y"] - d["X"] @ b) @ (d["y"] - d["X"] @ b)

G = Grader(__file__)
G.definition(r"RSS(\beta) = (\mathbf{y} - \mathbf{X} \beta)^T (\mathbf{y} - \mathbf{X} \beta)", "defines RSS")


def product_rule(d):
    # r(x), s(x): random polynomial vector functions of the scalar x (columns = coefficients)
    rv = lambda x: d["R"] @ x ** np.arange(d["R"].shape[1])
    sv = lambda x: d["S"] @ x ** np.arange(d["S"].shape[1])
    lhs = fd_deriv(lambda x: rv(x) @ sv(x), d["t"])
    rhs = fd_deriv(rv, d["t"]) @ sv(d["t"]) + rv(d["t"]) @ fd_deriv(sv, d["t"])
    return lhs, rhs


G.identity(r"\frac{d}{dx}(\mathbf{r}(x) \cdot \mathbf{s}(x)) = \mathbf{r'}(x) \cdot \mathbf{s}(x) + \mathbf{r}(x) \cdot \mathbf{s'}(x)",
           inst, lambda d: product_rule(d)[0], lambda d: product_rule(d)[1],
           "general rule instantiated with random polynomial vector functions; FD", tol=1e-6)
G.identity(r"\mbox{RSS}(b) =& (y-Xb)'(y-Xb)", inst, lambda d: rss(d, d["b"]),
           lambda d: (d["y"] - d["X"] @ d["b"]) @ (d["y"] - d["X"] @ d["b"]),
           "same RSS with b for beta and ' for transpose")
e4 = lambda d: (d["y"] @ d["y"] - d["y"] @ d["X"] @ d["b"] - d["b"] @ d["X"].T @ d["y"]
                + d["b"] @ d["X"].T @ d["X"] @ d["b"])
G.identity(r"(y-Xb)'(y-Xb) = y'y - y'Xb-b'X'y+b'X'Xb", inst, lambda d: rss(d, d["b"]), e4, "expansion")
G.identity(r"=& y'y-2b'X'y+b'X'Xb", inst, e4,
           lambda d: d["y"] @ d["y"] - 2 * d["b"] @ d["X"].T @ d["y"] + d["b"] @ d["X"].T @ d["X"] @ d["b"],
           "scalar cross terms merged")
G.derivative(r"\frac{\partial}{\partial b}\mbox{RSS}(\hat{b}) = -2X'y+2X'X\hat{b}", inst,
             lambda d: rss(d, d["b"]), "b", lambda d: -2 * d["X"].T @ d["y"] + 2 * d["X"].T @ d["X"] @ d["b"],
             "central FD gradient at a random point standing in for b-hat")
G.equation(r"-2X'y+2X'X\hat{b} = 0", "first-order condition")
G.equation(r"X'X\hat{b}=X'y.", "normal equations, equivalent to the previous line")
G.solution(r"\hat{b}=(X'X)^{-1}X'y,", inst, lambda d, b: -2 * d["X"].T @ d["y"] + 2 * d["X"].T @ d["X"] @ b,
           lambda d: np.linalg.solve(d["X"].T @ d["X"], d["X"].T @ d["y"]),
           "gradient vanishes; requires X'X invertible (author's no-multicollinearity assumption)")
G.emit()
