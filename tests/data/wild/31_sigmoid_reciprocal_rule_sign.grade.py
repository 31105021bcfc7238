"""Grades for 31_sigmoid_reciprocal_rule_sign.md (typographic prime, dangling '=', sign slip)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv, sigmoid

xs = [dict(x=v) for v in (-1.7, -0.3, 0.5, 1.2, 2.8)]
e = lambda x: np.exp(-x)
s = lambda x: 1 / (e(x) + 1)
v = [
    lambda d: fd_deriv(s, d["x"]),                                                    # s'(x)
    lambda d: fd_deriv(lambda x: 1 / (e(x) + 1), d["x"]),
    lambda d: -fd_deriv(lambda x: e(x) + 1, d["x"]) / (e(d["x"]) + 1) ** 2,
    lambda d: -fd_deriv(e, d["x"]) / (e(d["x"]) + 1) ** 2,
    lambda d: -(e(d["x"]) * fd_deriv(lambda x: -x, d["x"])) / (e(d["x"]) + 1) ** 2,
    lambda d: -(-1) * e(d["x"]) / (e(d["x"]) + 1) ** 2,
    lambda d: e(d["x"]) / (e(d["x"]) + 1) ** 2,
    lambda d: (1 / (e(d["x"]) + 1)) * (-e(d["x"]) / (e(d["x"]) + 1)),
]
G = Grader(__file__)
G.identity(r"s’(x) = \frac{d}{dx} \left( \frac{1}{e^{-x}+1} \right)", xs, v[0], v[1],
           "s is the sigmoid; FD of both sides")
G.identity(r"\frac{d}{dx} \left( \frac{1}{e^{-x}+1} \right) = \frac{-\frac{d}{dx}(e^{-x}+1)}{(e^{-x}+1)^2}", xs, v[1], v[2],
           "reciprocal rule; FD", tol=1e-6)
G.identity(r"= \frac{-\frac{d}{dx}(e^{-x})}{(e^{-x}+1)^2}", xs, v[2], v[3], "constant drops", tol=1e-6)
G.check(r"= \frac{-( e^{-x} \cdot \frac{d}{dx}({-x}))}{(e^{-x}+1)^2}", "derivative", xs, v[3], v[4],
        "chain rule for e^{-x}; FD", tol=1e-6)
G.identity(r"= \frac{-(-1)\cdot{e}^{-x}}{(e^{-x}+1)^2} =", xs, v[4], v[5], "d/dx(-x) = -1 (trailing '=' dangles)", tol=1e-6)
G.identity(r"= \frac{e^{-x}}{(e^{-x}+1)^2}", xs, v[5], v[6], "double negative removed")
G.identity(r"= \left( \frac{1}{e^{-x}+1} \right) \left( \frac{-e^{-x}}{e^{-x}+1} \right)", xs, v[6], v[7],
           "WRONG STEP (page): spurious minus sign; the product equals minus the previous line")
G.check(r"s’(x)= s(x)(1-s(x))", "derivative", xs, v[0], lambda d: s(d["x"]) * (1 - s(d["x"])),
        "FD derivative of the sigmoid", tol=1e-6)
G.emit()
