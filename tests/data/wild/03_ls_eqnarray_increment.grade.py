"""Grades for 03_ls_eqnarray_increment.md (eqnarray with & = & columns)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng

r = rng(3)
inst = []
for m, n in [(3, 2), (4, 4), (5, 3)]:
    inst.append(dict(A=r.standard_normal((m, n)), b=r.standard_normal(m), x=r.standard_normal(n),
                     h=r.standard_normal(n)))
f = lambda d, x: (d["A"] @ x - d["b"]) @ (d["A"] @ x - d["b"])
res = lambda d: d["A"] @ d["x"] - d["b"]
Ah = lambda d: d["A"] @ d["h"]
inc = lambda d: f(d, d["x"] + d["h"]) - f(d, d["x"])

G = Grader(__file__)
G.identity(r"\|Ax-b\|^2 = (Ax-b)^T(Ax-b) (equation)", [dict(d) for d in inst],
           lambda d: f(d, d["x"]), lambda d: res(d) @ res(d),
           "holds reading the trailing '(equation)' as the asker's label, not a factor")
G.identity(r"f(x+h)-f(x) & = & ||Ax-b +Ah||^2 -||Ax-b||^2", inst, inc,
           lambda d: (res(d) + Ah(d)) @ (res(d) + Ah(d)) - res(d) @ res(d), "f(x)=||Ax-b||^2, exact")
row2 = lambda d: Ah(d) @ res(d) + res(d) @ Ah(d) + Ah(d) @ Ah(d)
G.identity(r"&=& (Ah)^T (Ax-b) + (Ax-b)^T Ah + (Ah)^T (Ah)", inst,
           lambda d: (res(d) + Ah(d)) @ (res(d) + Ah(d)) - res(d) @ res(d), row2, "exact expansion")
row3 = lambda d: Ah(d) @ res(d) + res(d) @ Ah(d)
G.identity(r"&=& (Ah)^T (Ax-b) + (Ax-b)^T Ah", inst, row2, row3,
           "not exact: drops (Ah)^T(Ah); author marks it as first-order ('neglecting'), "
           "true only up to O(|h|^2) - an approximation step, not a blunder")
G.identity(r"&=& (Ax-b)^T Ah + (Ax-b)^T Ah", inst, row3, lambda d: 2 * res(d) @ Ah(d),
           "1x1 transpose, exact relative to previous row")


def quad_remainder(d):
    rat = []
    for t in (1e-1, 1e-2, 1e-3):
        h = t * d["h"]
        R = f(d, d["x"] + h) - f(d, d["x"]) - 2 * res(d) @ d["A"] @ h
        rat.append(R / t ** 2)
    return np.allclose(rat, rat[0], rtol=1e-6) and abs(rat[0]) > 0


G.add(r"f(x+h)-f(x)= 2(Ax-b)^T A h+ O(||h||^2),", "identity", all(quad_remainder(d) for d in inst),
      "asymptotic: remainder checked to scale as |h|^2 along random directions")
G.emit()
