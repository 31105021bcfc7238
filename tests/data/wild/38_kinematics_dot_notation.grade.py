"""Grades for 38_kinematics_dot_notation.md (\\dot, \\ddot, units as {\\rm m})."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv

ts = [dict(t=v) for v in (0.5, 1.0, 4.0, 6.0)]
x = lambda t: 2.00 * t ** 3 - 5.00 * t + 1.00
v = lambda t: fd_deriv(x, t, h=1e-4)

G = Grader(__file__)
G.definition(r"x=( 2.00 t^{3}- 5.00 t+ 1.00 )\; {\rm m}", "position in metres ({\\rm m} is the unit)")
G.definition(r"v = \dot{x}", "velocity as the time derivative of x")
G.definition(r"a = \dot{v}", "acceleration as the time derivative of v")
G.check(r"\dot{v} = \ddot{x}", "derivative", ts, lambda d: fd_deriv(v, d["t"], h=1e-4),
        lambda d: 12.0 * d["t"], "nested FD of x(t) vs the second derivative 12 t (h = 1e-4)", tol=1e-5)
G.emit()
