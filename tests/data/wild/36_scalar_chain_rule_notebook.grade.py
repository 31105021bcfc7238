"""Grades for 36_scalar_chain_rule_notebook.md (aligned chains with '.' and '*' products, chain-rule slips)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv

pts = [dict(x=x, y=y) for x, y in [(0.7, -1.3), (-2.1, 0.4), (1.9, 2.2), (-0.5, -0.8)]]
D = lambda fun: (lambda d: fd_deriv(lambda x: fun(x, d["y"]), d["x"]))
fc = lambda x, y: (2 * x + y) ** 2
g = lambda u, y: (u + y) ** 2
fd_ = lambda x, y: g(x ** 2, y)
val = lambda fun: (lambda d: fun(d["x"], d["y"]))

G = Grader(__file__)
# version 1, (c)
G.identity(r"\frac{\partial}{\partial x} f(x) &= \frac{\partial}{\partial x} (2x+y)^2 \\", pts, D(fc), D(fc),
           "f(x) = (2x+y)^2 substituted; FD", tol=1e-6)
G.identity(r"&= \frac{\partial}{\partial x} (4x^2 + 4xy + y^2) \\", pts, D(fc), D(lambda x, y: 4 * x ** 2 + 4 * x * y + y ** 2),
           "square expanded; FD of both", tol=1e-6)
G.check(r"&= 8x + 4y", "derivative", pts, D(lambda x, y: 4 * x ** 2 + 4 * x * y + y ** 2), val(lambda x, y: 8 * x + 4 * y),
        "FD derivative", tol=1e-6)
# version 1, (d)
G.identity(r"\frac{\partial}{\partial x}f(x) &= \frac{\partial}{\partial x} g(x^2) \\", pts, D(fd_), D(fd_),
           "f(x) = g(x^2); FD", tol=1e-6)
G.identity(r"&= \frac{\partial}{\partial x} (x^2+y)^2 \\", pts, D(fd_), D(lambda x, y: (x ** 2 + y) ** 2),
           "g(x^2) = (x^2+y)^2", tol=1e-6)
G.identity(r"&= \frac{\partial}{\partial x} (x^4 + 2x^2y + y^2) \\", pts, D(lambda x, y: (x ** 2 + y) ** 2),
           D(lambda x, y: x ** 4 + 2 * x ** 2 * y + y ** 2), "expanded; FD of both", tol=1e-6)
G.check(r"&= 4x^3 + 4xy", "derivative", pts, D(lambda x, y: x ** 4 + 2 * x ** 2 * y + y ** 2),
        val(lambda x, y: 4 * x ** 3 + 4 * x * y), "FD derivative", tol=1e-6)
# version 2, (c)
G.skip()
G.identity(r"\frac{\partial}{\partial x} f(x) &= \frac{\partial}{\partial x} (2x+y)^2 \\", pts, D(fc), D(fc),
           "f(x) = (2x+y)^2 substituted; FD", tol=1e-6)
G.check(r"&=  2(2x+y).2 \\", "derivative", pts, D(fc), val(lambda x, y: 2 * (2 * x + y) * 2),
        "chain rule; '.' read as multiplication; FD", tol=1e-6)
G.identity(r"&= 8x + 4y", pts, val(lambda x, y: 2 * (2 * x + y) * 2), val(lambda x, y: 8 * x + 4 * y), "expand")
# version 2, (d)
G.identity(r"\frac{\partial}{\partial x}f(x) &= \frac{\partial}{\partial x} g(x^2) \\", pts, D(fd_), D(fd_),
           "f(x) = g(x^2); FD", tol=1e-6)
prod = lambda d: D(lambda x, y: (x ** 2 + y) ** 2)(d) * D(lambda x, y: x ** 2)(d)
G.check(r"&= (\frac{\partial}{\partial x} (x^2+y)^2 )*(\frac{\partial}{\partial x} (x^2))\\", "derivative", pts,
        D(fd_), prod,
        "WRONG STEP (notebook): multiplies the derivative of the composite by the inner derivative again; "
        "FD of f is 4x(x^2+y), the product is 8x^2(x^2+y)", tol=1e-6)
G.identity(r"&= (2(x+y))*(2x) \\", pts, prod, val(lambda x, y: 2 * (x + y) * 2 * x),
           "WRONG STEP (notebook): g'(u) = 2(u+y) evaluated at x instead of x^2; does not equal the previous line",
           tol=1e-6)
G.identity(r"&= 4x^3 + 4xy", pts, val(lambda x, y: 2 * (x + y) * 2 * x), val(lambda x, y: 4 * x ** 3 + 4 * x * y),
           "WRONG STEP relative to the previous line (4x^2 + 4xy); the value itself is the correct derivative")
G.emit()
