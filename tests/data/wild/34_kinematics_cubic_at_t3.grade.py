"""Grades for 34_kinematics_cubic_at_t3.md (Unicode minus, dx/dt with a slash, numeric chains)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv

ts = [dict(t=v) for v in (-1.0, 0.4, 2.0, 3.0, 5.5)]
x = lambda t: -1 - 4 * t ** 3 + 8 * t ** 2 + t
v = lambda t: -12 * t ** 2 + 16 * t + 1
a = lambda t: -24 * t + 16
c = lambda val: (lambda d: val)

G = Grader(__file__)
G.definition(r"x = −1−4 t^3+8 t^2+t", "displacement as a function of t (Unicode minus signs)")
G.definition(r"v=dx/dt", "velocity is the time derivative of x")
G.check(r"dx/dt=-12t^2+16t+1", "derivative", ts, lambda d: fd_deriv(x, d["t"]), lambda d: v(d["t"]),
        "FD derivative at several t", tol=1e-6)
G.definition(r"a=dv/dt", "acceleration is the time derivative of v")
G.check(r"dv/dt=-24t+16", "derivative", ts, lambda d: fd_deriv(v, d["t"]), lambda d: a(d["t"]),
        "FD derivative at several t", tol=1e-6)
G.condition(r"t=3", "evaluation point")
one = [dict()]
G.identity(r"v(3)= -12(3)^2+16(3)+1", one, c(fd_deriv(x, 3.0)), c(-12 * 3 ** 2 + 16 * 3 + 1),
           "v(3) from the FD derivative of x at t = 3", tol=1e-6)
G.identity(r"-12(3)^2+16(3)+1 =-108+48+1", one, c(-12 * 3 ** 2 + 16 * 3 + 1), c(-108 + 48 + 1), "arithmetic")
G.identity(r"-108+48+1=-59", one, c(-108 + 48 + 1), c(-59), "arithmetic")
G.identity(r"a(3)= -24(3)+16", one, c(fd_deriv(v, 3.0)), c(-24 * 3 + 16), "a(3) from the FD derivative of v", tol=1e-6)
G.identity(r"-24(3)+16=-72+16", one, c(-24 * 3 + 16), c(-72 + 16), "arithmetic")
G.identity(r"-72+16=-56", one, c(-72 + 16), c(-56), "arithmetic")
G.emit()
