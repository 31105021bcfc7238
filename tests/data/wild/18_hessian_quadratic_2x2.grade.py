"""Grades for 18_hessian_quadratic_2x2.md (bare align* blocks in Markdown, no $$, array matrices)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_hess

r = rng(18)
q = lambda x: 8 * x[0] ** 2 + 6 * x[0] * x[1] + 4 * x[1] ** 2 - 6 * x[0] + 9 * x[1] + 10
pts = [r.standard_normal(2) for _ in range(3)]

G = Grader(__file__)
G.definition(r"q(x) &= 8x_1^2 + 6x_1x_2 + 4x_2^2 -6x_1 +9x_2 + 10.", "defines q")
G.definition(r"\frac{\partial^2 q}{\partial x_i \partial x_j}(x) &= \left(\begin{array}{cc} \dfrac{\partial^2 q}{\partial x_1^2}(x) & \dfrac{\partial^2 q}{\partial x_1 \partial x_2}(x) \\[3ex] \dfrac{\partial^2 q}{\partial x_2 \partial x_1}(x) & \dfrac{\partial^2 q}{\partial x_2^2}(x) \end{array}\right)",
             "the Hessian written out entrywise (notation, nothing to check)")
G.add(r"= 2\left(\begin{array}{ll} 8 & 3 \\ 3 & 4 \end{array}\right)", "hessian",
      all(np.allclose(fd_hess(q, p), 2 * np.array([[8, 3], [3, 4]]), rtol=1e-5, atol=1e-4) for p in pts),
      "FD Hessian at random points equals [[16, 6], [6, 8]]")
G.emit()
