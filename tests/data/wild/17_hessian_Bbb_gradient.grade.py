"""Grades for 17_hessian_Bbb_gradient.md (\\Bbb, {\\rm Hess}, directional derivatives)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, spd, fd_hess, H

r = rng(17)
# "positive definite" read as symmetric positive definite
inst = [dict(A=spd(r, n), b=r.standard_normal(n), c=float(r.standard_normal()), x=r.standard_normal(n),
             v=r.standard_normal(n), w=r.standard_normal(n)) for n in (2, 3, 4)]
J = lambda d, x: d["c"] + d["b"] @ x + x @ d["A"] @ x
DJ = lambda d: (J(d, d["x"] + H * d["v"]) - J(d, d["x"] - H * d["v"])) / (2 * H)

G = Grader(__file__)
G.condition(r"J: \Bbb{R}^d\to\Bbb{R}", "domain and codomain")
G.definition(r"J(x) = c + b^Tx + x^TAx", "defines J")
G.check(r"DJ(x)(v) = b^Tv + v^TAx+x^TAv", "derivative", inst, DJ,
        lambda d: d["b"] @ d["v"] + d["v"] @ d["A"] @ d["x"] + d["x"] @ d["A"] @ d["v"],
        "directional derivative vs FD (holds for any A)", tol=1e-6)
G.identity(r"= (b+2Ax)^Tv,", inst,
           lambda d: d["b"] @ d["v"] + d["v"] @ d["A"] @ d["x"] + d["x"] @ d["A"] @ d["v"],
           lambda d: (d["b"] + 2 * d["A"] @ d["x"]) @ d["v"],
           "uses x^T A v = v^T A x, i.e. A symmetric: true for symmetric positive definite A, "
           "false for a non-symmetric A")
G.derivative(r"\nabla J(x) = b+2Ax.", inst, lambda d: J(d, d["x"]), "x", lambda d: d["b"] + 2 * d["A"] @ d["x"],
             "central FD gradient; requires A symmetric (b + (A + A^T)x in general)")
G.add(r"{\rm Hess} J(x)(v,w) = v^T (2A)w", "hessian",
      all(abs(d["v"] @ fd_hess(lambda z: J(d, z), d["x"]) @ d["w"] - d["v"] @ (2 * d["A"]) @ d["w"])
          <= 1e-5 * max(1.0, abs(d["v"] @ (2 * d["A"]) @ d["w"])) for d in inst),
      "bilinear form of the FD Hessian vs v^T(2A)w; requires A symmetric")
G.identity(r"v^T (2A)w = 2v^TAw.", inst, lambda d: d["v"] @ (2 * d["A"]) @ d["w"],
           lambda d: 2 * d["v"] @ d["A"] @ d["w"], "scalar factor")
G.emit()
