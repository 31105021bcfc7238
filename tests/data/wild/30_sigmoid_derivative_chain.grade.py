"""Grades for 30_sigmoid_derivative_chain.md (align inside \\( \\), operator without operand)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv, sigmoid

xs = [dict(x=v) for v in (-2.3, -0.4, 0.0, 0.9, 3.1)]
D = lambda fun: (lambda d: fd_deriv(fun, d["x"]))      # d/dx of an expression, at x
e = lambda x: np.exp(-x)
rows = [
    D(sigmoid),                                                     # d/dx sigma(x)
    D(lambda x: 1 / (1 + e(x))),
    D(lambda x: (1 + e(x)) ** -1),
    lambda d: -(1 + e(d["x"])) ** -2 * fd_deriv(lambda x: 1 + e(x), d["x"]),
    lambda d: -(1 + e(d["x"])) ** -2 * (fd_deriv(lambda x: 1.0, d["x"]) + fd_deriv(e, d["x"])),
    lambda d: -(1 + e(d["x"])) ** -2 * fd_deriv(e, d["x"]),
    lambda d: -(1 + e(d["x"])) ** -2 * e(d["x"]) * fd_deriv(lambda x: -x, d["x"]),
    lambda d: -(1 + e(d["x"])) ** -2 * (-e(d["x"])),
    lambda d: 1 / (1 + e(d["x"])) ** 2 * e(d["x"]),
    lambda d: e(d["x"]) / (1 + e(d["x"])) ** 2,
]
G = Grader(__file__)
G.definition(r"\sigma(x) = \frac{1}{1 + e^{-x}},", "defines the sigmoid")
G.check(r"\frac{d}{dx} = \frac{e^{-x}}{(1 + e^{-x})^2}.", "derivative", xs, D(sigmoid), rows[-1],
        "operand missing in the source (d/dx of sigma(x) intended); FD at several x", tol=1e-6)
texts = [r"\frac{d}{dx}\sigma(x) & = \frac{d}{dx} \frac{1}{1+e^{-x}}",
         r"& = \frac{d}{dx}\big( 1+ e^{-x} \big) ^{-1} \quad[\text{apply chain rule}]",
         r"& = -(1 + e^{-x})^{-2} \cdot \frac{d}{dx}(1+e^{-x}) \quad[\text{apply sum rule}]",
         r"& = -(1 + e^{-x})^{-2} \cdot \bigg(\frac{d}{dx}1 + \frac{d}{dx}e^{-x}\bigg)",
         r"& = -(1 + e^{-x})^{-2} \cdot \frac{d}{dx}e^{-x} \quad[\text{apply chain rule}]",
         r"& = -(1 + e^{-x})^{-2} \cdot e^{-x}\frac{d}{dx} (-x)",
         r"& = -(1 + e^{-x})^{-2} \cdot \big(- e^{-x} \big)",
         r"& = \frac{1}{(1 + e^{-x})^{2}} \cdot e^{-x}",
         r"& = \frac{e^{-x}}{(1 + e^{-x})^{2}} \end{align}"]
notes = ["sigma substituted; FD of both", "power form; FD of both", "chain rule: FD vs written product",
         "sum rule", "derivative of a constant is 0", "chain rule for e^{-x}", "d/dx(-x) = -1",
         "rearranged", "as a single fraction"]
kinds = ["identity", "identity", "derivative", "identity", "identity", "derivative", "identity", "identity", "identity"]
for k, (tx, nt, kd) in enumerate(zip(texts, notes, kinds)):
    G.check(tx, kd, xs, rows[k], rows[k + 1], nt + " (x in {-2.3,-0.4,0,0.9,3.1})", tol=1e-6)
s2 = [lambda d: e(d["x"]) / (1 + e(d["x"])) ** 2,
      lambda d: e(d["x"]) / (1 + e(d["x"])) * 1 / (1 + e(d["x"])),
      lambda d: (-1 + 1 + e(d["x"])) / (1 + e(d["x"])) * 1 / (1 + e(d["x"])),
      lambda d: (-1 / (1 + e(d["x"])) + (1 + e(d["x"])) / (1 + e(d["x"]))) * 1 / (1 + e(d["x"])),
      lambda d: (-1 / (1 + e(d["x"])) + 1) * 1 / (1 + e(d["x"])),
      lambda d: (1 - 1 / (1 + e(d["x"]))) * 1 / (1 + e(d["x"])),
      lambda d: (1 - sigmoid(d["x"])) * sigmoid(d["x"])]
t2 = [r"\frac{e^{-x}}{(1 + e^{-x})^{2}} &= \frac{e^{-x}}{1 + e^{-x}}\cdot\frac{1}{1 + e^{-x}}",
      r"& = \frac{-1 + 1 + e^{-x}}{1 + e^{-x}}\cdot\frac{1}{1 + e^{-x}}",
      r"& = \bigg(\frac{-1 }{1 + e^{-x}} + \frac{1 + e^{-x} }{1 + e^{-x}} \bigg)\cdot\frac{1}{1 + e^{-x}}",
      r"& = \bigg(\frac{-1 }{1 + e^{-x}} + 1 \bigg)\cdot\frac{1}{1 + e^{-x}}",
      r"& = \bigg(1 - \frac{1 }{1 + e^{-x}} \bigg)\cdot\frac{1}{1 + e^{-x}}",
      r"& = \big(1-\sigma(x)\big) \cdot \sigma(x) \end{align}"]
for k, tx in enumerate(t2):
    G.identity(tx, xs, s2[k], s2[k + 1], "algebra at several x")
G.emit()
