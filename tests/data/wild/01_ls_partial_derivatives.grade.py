"""Grades for 01_ls_partial_derivatives.md (least squares, ^T and ^\\top)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(1)
inst = []
for m, n in [(3, 2), (4, 4), (5, 3)]:
    inst.append(dict(A=r.standard_normal((m, n)), b=r.standard_normal(m),
                     x=r.standard_normal(n), dx=1e-3 * r.standard_normal(n),
                     M=r.standard_normal((n, n))))

G = Grader(__file__)
G.condition(r"A \in \mathbb{R}^{m x n}", "shape declaration (author writes 'm x n')")
G.condition(r"b \in \mathbb{R}^m", "shape declaration")
G.condition(r"x \in \mathbb{R}^n", "shape declaration")

L = lambda d: (d["A"] @ d["x"] - d["b"]) @ (d["A"] @ d["x"] - d["b"])
G.definition(r"L(x) &= \left\|{Ax - b }\right\|^2", "defines L")
G.identity(r"&= (Ax-b)^T(Ax-b)", inst, L,
           lambda d: (d["A"] @ d["x"] - d["b"]) @ (d["A"] @ d["x"] - d["b"]),
           "norm squared as inner product, random instances")
prev = lambda d: (d["A"] @ d["x"] - d["b"]) @ (d["A"] @ d["x"] - d["b"])
exp4 = lambda d: (d["x"] @ d["A"].T @ d["A"] @ d["x"] - d["b"] @ d["A"] @ d["x"]
                  - d["x"] @ d["A"].T @ d["b"] + d["b"] @ d["b"])
G.identity(r"&= x^TA^TAx - b^TAx - x^TA^Tb + b^Tb", inst, prev, exp4,
           "expansion, random instances")
G.identity(r"&= x^TA^TAx - 2b^TAx + b^Tb", inst, exp4,
           lambda d: d["x"] @ d["A"].T @ d["A"] @ d["x"] - 2 * d["b"] @ d["A"] @ d["x"] + d["b"] @ d["b"],
           "scalar cross terms merged, random instances")
G.derivative(r"\frac {\partial(x^TMx)} {\partial x}=(M+M^T)x", inst,
             lambda d: d["x"] @ d["M"] @ d["x"], "x",
             lambda d: (d["M"] + d["M"].T) @ d["x"],
             "central FD gradient vs (M+M^T)x, non-symmetric M")

f = lambda A, x: x @ A.T @ A @ x
G.identity(r"f(x+dx)= ( x + dx)^\top A^\top A (x+dx)", inst,
           lambda d: f(d["A"], d["x"] + d["dx"]),
           lambda d: (d["x"] + d["dx"]) @ d["A"].T @ d["A"] @ (d["x"] + d["dx"]),
           "f(x)=x^T A^T A x evaluated at x+dx")
G.identity(r"( x + dx)^\top A^\top A (x+dx) = x^\top A^\top A x + 2x^\top A^\top A dx + dx^\top A^\top A dx",
           inst,
           lambda d: (d["x"] + d["dx"]) @ d["A"].T @ d["A"] @ (d["x"] + d["dx"]),
           lambda d: (d["x"] @ d["A"].T @ d["A"] @ d["x"] + 2 * d["x"] @ d["A"].T @ d["A"] @ d["dx"]
                      + d["dx"] @ d["A"].T @ d["A"] @ d["dx"]),
           "exact expansion, random instances")


def remainder_is_quadratic(d):
    # f(x+t dx) - f(x) - 2 x^T A^T A (t dx) must be O(t^2): ratio R/t^2 constant
    ratios = []
    for t in (1e-1, 1e-2, 1e-3):
        dx = t * d["dx"] / np.linalg.norm(d["dx"])
        R = f(d["A"], d["x"] + dx) - f(d["A"], d["x"]) - 2 * d["x"] @ d["A"].T @ d["A"] @ dx
        ratios.append(R / t ** 2)
    return np.allclose(ratios, ratios[0], rtol=1e-6)


G.add(r"= f(x) + 2x^\top A^\top A dx + O(dx^2)", "identity",
      all(remainder_is_quadratic(d) for d in inst),
      "asymptotic: remainder f(x+dx)-f(x)-2x^TA^TA dx checked to scale as |dx|^2")
G.derivative(r"\frac{\partial (x^\top A^\top A x)}{\partial x}= 2 A^\top A x", inst,
             lambda d: f(d["A"], d["x"]), "x", lambda d: 2 * d["A"].T @ d["A"] @ d["x"],
             "central FD gradient")
G.emit()
