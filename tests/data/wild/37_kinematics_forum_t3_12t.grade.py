"""Grades for 37_kinematics_forum_t3_12t.md (capital X, V, A as functions of t, plain-text formulas)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv

ts = [dict(t=v) for v in (-2.0, 0.0, 0.5, 3.0, 7.5)]
X = lambda t: t ** 3 - 12 * t
V = lambda t: 3 * t ** 2 - 12

G = Grader(__file__)
G.definition(r"X= t^3 - 12t", "position as a function of time")
G.check(r"V= 3t^2- 12", "derivative", ts, lambda d: fd_deriv(X, d["t"]), lambda d: V(d["t"]),
        "V = dX/dt (stated in the reply); FD at several t", tol=1e-6)
G.check(r"A= 6t", "derivative", ts, lambda d: fd_deriv(V, d["t"]), lambda d: 6 * d["t"],
        "A = dV/dt; FD at several t", tol=1e-6)
G.emit()
