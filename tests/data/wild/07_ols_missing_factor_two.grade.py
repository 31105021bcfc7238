"""Grades for 07_ols_missing_factor_two.md (asker drops the 2 on W'W beta)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, H

r = rng(7)
inst = []
for T in (3, 5, 8):
    inst.append(dict(W=r.standard_normal((T, 2)), y=r.standard_normal(T), b=r.standard_normal(2),
                     db=r.standard_normal(2)))
S = lambda d, b: (d["y"] - d["W"] @ b) @ (d["y"] - d["W"] @ b)
eq = lambda d: d["y"] - d["W"] @ d["b"]           # the asker's residual
ea = lambda d: d["W"] @ d["b"] - d["y"]           # the answer's residual
dS = lambda d: (S(d, d["b"] + H * d["db"]) - S(d, d["b"] - H * d["db"])) / (2 * H)

G = Grader(__file__)
G.definition(r"S &= e'e", "defines S with e = y - W beta")
G.identity(r"&= (y-W\beta)'(y-W\beta)", inst, lambda d: eq(d) @ eq(d), lambda d: S(d, d["b"]),
           "substitute e = y - W beta")
G.identity(r"&= \underbrace{y'}_{1\times T} \ \underbrace{y}_{T\times 1} -\underbrace{y'}_{1\times T} \ \underbrace{W\beta}_{(T\times2)(2\times1)} -\underbrace{\beta'W'y}_{(1\times2)(2\times T)(T\times1)} +\underbrace{\beta'W'W\beta}_{1\times1},",
           inst, lambda d: S(d, d["b"]),
           lambda d: (d["y"] @ d["y"] - d["y"] @ d["W"] @ d["b"] - d["b"] @ d["W"].T @ d["y"]
                      + d["b"] @ d["W"].T @ d["W"] @ d["b"]),
           "expansion; underbraces only annotate shapes (shapes are correct)")
G.identity(r"S =y'y -2\beta'W'y +\beta'W'W\beta.", inst, lambda d: S(d, d["b"]),
           lambda d: d["y"] @ d["y"] - 2 * d["b"] @ d["W"].T @ d["y"] + d["b"] @ d["W"].T @ d["W"] @ d["b"],
           "scalar cross terms merged")
G.derivative(r"\frac{\partial}{\partial \beta} = -2W'y + W'W\beta", inst, lambda d: S(d, d["b"]), "b",
             lambda d: -2 * d["W"].T @ d["y"] + d["W"].T @ d["W"] @ d["b"],
             "WRONG STEP (asker): derivative of S (operand omitted in the text); "
             "FD gives -2W'y + 2W'W beta, the factor 2 is missing")
G.identity(r"S &= e^Te", inst, lambda d: S(d, d["b"]), lambda d: ea(d) @ ea(d),
           "answer's e = W beta - y; same S")
G.check(r"dS &= 2e^Tde", "derivative", inst, dS,
        lambda d: 2 * ea(d) @ (d["W"] @ d["db"]), "differential vs FD directional derivative (de = W d beta)",
        tol=1e-6)
G.identity(r"2e^Tde = 2e^T(W\,d\beta)", inst, lambda d: 2 * ea(d) @ (d["W"] @ d["db"]),
           lambda d: 2 * ea(d) @ (d["W"] @ d["db"]), "de = W d beta for e = W beta - y")
G.identity(r"2e^T(W\,d\beta) = (2W^Te)^Td\beta", inst, lambda d: 2 * ea(d) @ (d["W"] @ d["db"]),
           lambda d: (2 * d["W"].T @ ea(d)) @ d["db"], "transpose rearrangement")
G.derivative(r"\frac{\partial S}{\partial\beta} &= 2W^Te", inst, lambda d: S(d, d["b"]), "b",
             lambda d: 2 * d["W"].T @ ea(d), "central FD gradient (answer's sign of e)")
G.identity(r"2W^Te = 2W^T(W\beta - y)", inst, lambda d: 2 * d["W"].T @ ea(d),
           lambda d: 2 * d["W"].T @ (d["W"] @ d["b"] - d["y"]), "substitute e = W beta - y")
G.emit()
