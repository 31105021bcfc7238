"""Grades for 35_kinematics_circular_vec.md (\\vec{i}, \\vec{j} unit vectors, \\hat{v}, |.| magnitudes)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, fd_deriv

cases = [dict(R=R, w=w, t=t) for R, w, t in [(1.0, 0.5, 0.3), (2.5, 3.0, 1.7), (0.7, 1.2, -2.0), (4.0, 0.1, 10.0)]]
rv = lambda d, t: d["R"] * np.array([np.cos(d["w"] * t), np.sin(d["w"] * t)])      # components along i, j
vv = lambda d: fd_deriv(lambda t: rv(d, t), d["t"])
av = lambda d: fd_deriv(lambda t: fd_deriv(lambda s: rv(d, s), t, h=1e-4), d["t"], h=1e-4)
R, w, t = (lambda d: d["R"]), (lambda d: d["w"]), (lambda d: d["t"])

G = Grader(__file__)
G.definition(r"\vec{r}(t)=R\cos(\omega t)\vec{i}+R\sin(\omega t)\vec{j}", "position; i, j are the unit vectors")
G.condition(r"\omega>0", "condition")
G.condition(r"R>0", "condition")
vclaim = lambda d: np.array([-d["R"] * d["w"] * np.sin(d["w"] * d["t"]), d["R"] * d["w"] * np.cos(d["w"] * d["t"])])
G.check(r"\vec{v}(t)=-R\omega\sin(\omega t)\vec{i}+R\omega\cos(\omega t)\vec{j}", "derivative", cases, vv, vclaim,
        "v = dr/dt by central FD in t", tol=1e-6)
G.identity(r"|\vec{v}(t)|=R\omega", cases, lambda d: np.linalg.norm(vclaim(d)), lambda d: d["R"] * d["w"],
           "magnitude (uses R, omega > 0)")
G.identity(r"\hat{v}(t)=-\sin(\omega t)\vec{i}+\cos(\omega t)\vec{j}", cases,
           lambda d: vclaim(d) / np.linalg.norm(vclaim(d)),
           lambda d: np.array([-np.sin(d["w"] * d["t"]), np.cos(d["w"] * d["t"])]), "unit vector v/|v|")
aclaim = lambda d: np.array([-d["R"] * d["w"] ** 2 * np.cos(d["w"] * d["t"]), -d["R"] * d["w"] ** 2 * np.sin(d["w"] * d["t"])])
G.check(r"\vec{a}(t)=-R\omega^2\cos(\omega t)\vec{i}-R\omega^2\sin(\omega t)\vec{j}", "derivative", cases, av, aclaim,
        "a = d^2 r/dt^2 by nested central FD (h = 1e-4)", tol=1e-5)
G.identity(r"|\vec{a}(t)|=R\omega^2", cases, lambda d: np.linalg.norm(aclaim(d)), lambda d: d["R"] * d["w"] ** 2, "magnitude")
G.identity(r"\hat{a}(t)=-\cos(\omega t)\vec{i}-\sin(\omega t)\vec{j}", cases,
           lambda d: aclaim(d) / np.linalg.norm(aclaim(d)),
           lambda d: np.array([-np.cos(d["w"] * d["t"]), -np.sin(d["w"] * d["t"])]), "unit vector a/|a|")
G.emit()
