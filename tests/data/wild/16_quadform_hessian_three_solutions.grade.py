"""Grades for 16_quadform_hessian_three_solutions.md (^t transposes, two real typos)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad, madd, mmul

r = rng(16)
inst = [dict(A=r.standard_normal((n, n)), x=r.standard_normal(n), h=r.standard_normal(n)) for n in (2, 3, 4)]
f = lambda d, x: x @ d["A"] @ x
S = lambda d: d["A"] + d["A"].T

G = Grader(__file__)
G.definition(r"f(x+h) = f(x) + f'(x)h + o(h), \qquad h \to 0", "definition of the derivative f'(x)")
G.identity(r"f(x+h) &= (x+h)^tA(x+h)", inst, lambda d: f(d, d["x"] + d["h"]),
           lambda d: (d["x"] + d["h"]) @ d["A"] @ (d["x"] + d["h"]), "f(x) = x^T A x")
G.identity(r"&= x^tAx + h^tAx + x^tAh + h^tAh", inst, lambda d: f(d, d["x"] + d["h"]),
           lambda d: (d["x"] @ d["A"] @ d["x"] + d["h"] @ d["A"] @ d["x"] + d["x"] @ d["A"] @ d["h"]
                      + d["h"] @ d["A"] @ d["h"]), "exact expansion")
G.identity(r"&= f(x) + x^t(A + A^t)h + h^tAh", inst,
           lambda d: (d["x"] @ d["A"] @ d["x"] + d["h"] @ d["A"] @ d["x"] + d["x"] @ d["A"] @ d["h"]
                      + d["h"] @ d["A"] @ d["h"]),
           lambda d: f(d, d["x"]) + d["x"] @ S(d) @ d["h"] + d["h"] @ d["A"] @ d["h"], "collect linear terms")
fprime = lambda d, x: fd_grad(lambda v: f(d, v), x)
G.check(r"f'(x+h) &= x^t(A + A^t) + h^t(A + A^t)", "derivative", inst,
        lambda d: fprime(d, d["x"] + d["h"]), lambda d: d["x"] @ S(d) + d["h"] @ S(d),
        "FD derivative at x+h vs the row (x+h)^t(A+A^t); layout ignored", tol=1e-6, orient_free=True)
G.identity(r"&= f(x) + h^t(A + A^t)", inst, lambda d: d["x"] @ S(d) + d["h"] @ S(d),
           lambda d: f(d, d["x"]) + d["h"] @ S(d),
           "WRONG STEP (typo in the answer): f(x) written for f'(x) = x^t(A + A^t); a scalar is added to a row")
G.definition(r"f(x + \Delta x) \approx f(x) + \nabla f(x)^T \Delta x + \frac12 \Delta x^T Hf(x) \Delta x",
             "second-order Taylor model characterising gradient and Hessian (approximate relation)")
G.identity(r"f(x + \Delta x) &= (x + \Delta x)^T A (x + \Delta x)", inst, lambda d: f(d, d["x"] + d["h"]),
           lambda d: (d["x"] + d["h"]) @ d["A"] @ (d["x"] + d["h"]), "Delta x = h; f(x) = x^T A x")
G.identity(r"&= x^T A x + \Delta x^T A x + x^T A \Delta x + \Delta x^T A \Delta x", inst,
           lambda d: f(d, d["x"] + d["h"]),
           lambda d: (d["x"] @ d["A"] @ d["x"] + d["h"] @ d["A"] @ d["x"] + d["x"] @ d["A"] @ d["h"]
                      + d["h"] @ d["A"] @ d["h"]), "exact expansion")
G.identity(r"&= x^T A x + \Delta x^T(A + A^T)x + \frac12 \Delta x(A + A^T) \Delta x.", inst,
           lambda d: f(d, d["x"] + d["h"]),
           lambda d: madd(d["x"] @ d["A"] @ d["x"] + d["h"] @ S(d) @ d["x"],
                          0.5 * mmul(mmul(d["h"], S(d)), d["h"])),
           "WRONG STEP (typo in the answer): Delta x (A + A^T) Delta x lacks the transpose and does not "
           "conform; with Delta x^T it would hold")
G.definition(r"f(x)=\sum_{i,j}(\text{2nd degree monomials})", "schematic description, not a checkable formula")
G.definition(r"H=(\partial_i\partial_jf(x)).", "definition of the Hessian matrix")
G.emit()
