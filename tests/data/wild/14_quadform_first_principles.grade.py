"""Grades for 14_quadform_first_principles.md (product rule guess, missing transpose)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, mmul, H

r = rng(14)
inst = []
for n in (2, 3, 4):
    inst.append(dict(A=r.standard_normal((n, n)), x=r.standard_normal(n), h=r.standard_normal(n)))
q = lambda d, x: x @ d["A"] @ x
Ax = lambda d: d["A"] @ d["x"]
fdq = lambda d: np.array([(q(d, d["x"] + H * e) - q(d, d["x"] - H * e)) / (2 * H) for e in np.eye(len(d["x"]))])
df = lambda d: (q(d, d["x"] + H * d["h"]) - q(d, d["x"] - H * d["h"])) / (2 * H)

G = Grader(__file__)
G.derivative(r"\nabla x^TAx = (A + A^T)x", inst, lambda d: q(d, d["x"]), "x",
             lambda d: (d["A"] + d["A"].T) @ d["x"], "central FD gradient, non-symmetric A")
G.condition(r"A \in \mathbb{R}^{n \times n}", "declaration")
G.condition(r"x \in \mathbb{R}^n", "declaration")
G.identity(r"\nabla x^TAx = \nabla x^Ty(x)", inst, fdq, fdq, "y(x) = Ax, same function", tol=1e-6)
G.skip()
G.identity(r"\nabla x^TAx = \nabla x^Ty(x)", inst, fdq, fdq, "y(x) = Ax, same function", tol=1e-6)
G.identity(r"\nabla x^Ty(x) = y(x)^T \nabla x + x^T\nabla y(x)", inst, fdq,
           lambda d: Ax(d) @ np.eye(len(d["x"])) + d["x"] @ d["A"],
           "holds reading the gradient of a vector as its Jacobian (grad x = I, grad y = A), "
           "giving the row x^T(A^T + A); layout ignored", orient_free=True, tol=1e-6)
G.definition(r"f(\mathbf{x})= \mathbf{x}^T A \mathbf{x},", "defines f")
G.identity(r"f(\mathbf{x}+\mathbf{h})-f(\mathbf{x})=(\mathbf{x}+\mathbf{h})^T A( \mathbf{x}+\mathbf{h})-\mathbf{x}^T A \mathbf{x}",
           inst, lambda d: q(d, d["x"] + d["h"]) - q(d, d["x"]),
           lambda d: (d["x"] + d["h"]) @ d["A"] @ (d["x"] + d["h"]) - d["x"] @ d["A"] @ d["x"], "definition of f")
G.identity(r"=\mathbf{x}^T A \mathbf{h}+\mathbf{h}^T A \mathbf{x}+\mathbf{h}^T A \mathbf{h}.", inst,
           lambda d: (d["x"] + d["h"]) @ d["A"] @ (d["x"] + d["h"]) - d["x"] @ d["A"] @ d["x"],
           lambda d: d["x"] @ d["A"] @ d["h"] + d["h"] @ d["A"] @ d["x"] + d["h"] @ d["A"] @ d["h"], "exact expansion")
G.check(r"df_\mathbf{x} (\mathbf{h})=\mathbf{x}^T A \mathbf{h}+\mathbf{h}^T A \mathbf{x}", "derivative", inst, df,
        lambda d: d["x"] @ d["A"] @ d["h"] + d["h"] @ d["A"] @ d["x"],
        "differential vs FD directional derivative", tol=1e-6)
G.identity(r"=\mathbf{x}^T A \mathbf{h}+\mathbf{x}^T A^T \mathbf{h}", inst,
           lambda d: d["x"] @ d["A"] @ d["h"] + d["h"] @ d["A"] @ d["x"],
           lambda d: d["x"] @ d["A"] @ d["h"] + d["x"] @ d["A"].T @ d["h"], "scalar transpose")
G.identity(r"=\left( \mathbf{x}^TA+\mathbf{x}^T A^T \right) \mathbf{h}", inst,
           lambda d: d["x"] @ d["A"] @ d["h"] + d["x"] @ d["A"].T @ d["h"],
           lambda d: (d["x"] @ d["A"] + d["x"] @ d["A"].T) @ d["h"], "factor h")
G.identity(r"= \left( A^T \mathbf{x}+A \mathbf{x} \right) \mathbf{h}.", inst,
           lambda d: (d["x"] @ d["A"] + d["x"] @ d["A"].T) @ d["h"],
           lambda d: mmul(d["A"].T @ d["x"] + d["A"] @ d["x"], d["h"]),
           "WRONG STEP (answer typo): missing transpose, (A^T x + A x) h multiplies two n x 1 columns; "
           "should be (A^T x + A x)^T h")
G.emit()
