"""Grades for 33_softmax_ce_split_cases.md (equation+split, cases, one-line aligned rows)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, softmax, fd_jac, fd_grad

r = rng(33)
gen = [dict(o=r.standard_normal(C), y=r.uniform(0, 1, C)) for C in (3, 4, 6)]
hot = [dict(o=r.standard_normal(C), y=np.eye(C)[r.integers(C)]) for C in (3, 4, 6)]
p = lambda d: softmax(d["o"])
E = lambda d: np.exp(d["o"])
Z = lambda d: np.sum(E(d))
Jp = lambda d: fd_jac(softmax, d["o"])                 # [i, k] = d p_i / d o_k
C = lambda d: len(d["o"])
quot = lambda d: np.array([[(E(d)[i] * (i == k) * Z(d) - E(d)[k] * E(d)[i]) / Z(d) ** 2 for k in range(C(d))]
                           for i in range(C(d))])
L = lambda d, o: -np.sum(d["y"] * np.log(softmax(o)))

G = Grader(__file__)
G.definition(r"L = - \sum_i y_i \log p_i", "cross-entropy")
G.definition(r"p_i = \frac{ \exp (o_i) }{\sum_j \exp(o_j) }", "softmax")
G.check(r"\frac{\partial p_i}{\partial o_k} = \frac{ \partial \frac{ \exp (o_i) }{\sum_j \exp(o_j)} }{\partial o_k}", "identity", gen,
        Jp, Jp, "p_i substituted; FD Jacobian", tol=1e-6)
G.check(r"= \frac{ \frac{\partial \exp(o_i)}{\partial o_k} \sum_j \exp(o_j) - \frac{\partial \sum_j \exp(o_j)}{\partial o_k} \exp (o_i) }{(\sum_j \exp(o_j))^2} \end{split}",
        "derivative", gen, Jp, quot, "quotient rule vs FD Jacobian, all i, k", tol=1e-6)
diag = lambda M: np.diag(M)
G.check(r"\frac{\partial p_i}{\partial o_k} &= \frac{ \exp (o_k) \sum_j \exp(o_j) - \exp (o_k) \exp (o_k) }{(\sum_j \exp(o_j))^2}",
        "derivative", gen, lambda d: diag(Jp(d)), lambda d: (E(d) * Z(d) - E(d) ** 2) / Z(d) ** 2,
        "case i = k: diagonal of the FD Jacobian", tol=1e-6)
G.identity(r"&= \frac{\exp (o_k)}{\sum_j \exp(o_j)} \frac{ \sum_j \exp(o_j) - \exp (o_k) }{\sum_j \exp(o_j)}", gen,
           lambda d: (E(d) * Z(d) - E(d) ** 2) / Z(d) ** 2, lambda d: E(d) / Z(d) * (Z(d) - E(d)) / Z(d), "factor")
G.identity(r"&= p_k (1 - p_k)", gen, lambda d: E(d) / Z(d) * (Z(d) - E(d)) / Z(d), lambda d: p(d) * (1 - p(d)), "softmax")
off = lambda M: M - np.diag(np.diag(M))
G.check(r"\frac{\partial p_i}{\partial o_k} &= \frac{ \frac{\partial \exp(o_i)}{\partial o_k} \sum_j \exp(o_j) - \frac{\partial \sum_j \exp(o_j)}{\partial o_k} \exp (o_i) }{(\sum_j \exp(o_j))^2}",
        "derivative", gen, lambda d: off(Jp(d)), lambda d: off(quot(d)), "case i != k: off-diagonal FD Jacobian", tol=1e-6)
G.identity(r"&= \frac{ - \exp (o_k) \exp (o_i) }{(\sum_j \exp(o_j))(\sum_j \exp(o_j))}", gen, lambda d: off(quot(d)),
           lambda d: off(-np.outer(E(d), E(d)) / Z(d) ** 2), "d exp(o_i)/d o_k = 0 for i != k")
G.identity(r"&= - p_k p_i \end{split}", gen, lambda d: off(-np.outer(E(d), E(d)) / Z(d) ** 2),
           lambda d: off(-np.outer(p(d), p(d))), "softmax")
G.check(r"\frac{\partial p_i}{\partial o_k} = \begin{cases} p_k (1 - p_k) & \text{if }\; i=k \\ - p_k p_i & \text{if }\; i\neq k \end{cases}",
        "derivative", gen, Jp, lambda d: np.diag(p(d)) - np.outer(p(d), p(d)), "both cases vs FD Jacobian", tol=1e-6)
G.condition(r"i=k", "case condition inside \\begin{cases}")
G.condition(r"i\neq k", "case condition inside \\begin{cases}")
rows = [
    lambda d: fd_grad(lambda o: L(d, o), d["o"]),
    lambda d: -(d["y"] @ fd_jac(lambda o: np.log(softmax(o)), d["o"])),
    lambda d: -((d["y"] / p(d)) @ Jp(d)),
    lambda d: -((d["y"] / p(d)) @ Jp(d)),
    lambda d: np.array([-d["y"][k] * (1 - p(d)[k]) + sum(d["y"][i] * p(d)[k] for i in range(C(d)) if i != k)
                        for k in range(C(d))]),
    lambda d: -d["y"] + np.sum(d["y"]) * p(d),
]
texts = [r"\frac{\partial L}{\partial o_k} &= - \sum_i y_i \frac{\partial \log p_i}{\partial o_k}",
         r"&= - \sum_i y_i \frac{\partial \log p_i}{\partial p_i} \frac{\partial p_i}{\partial o_k}",
         r"&= - \sum_i \frac{y_i}{p_i} \frac{\partial p_i}{\partial o_k}",
         r"&= - y_k (1 - p_k) + \sum_{i\neq k} y_i p_k",
         r"&= - y_k + \sum_i y_i p_k"]
notes = ["linearity; FD", "chain rule through p_i; FD", "d log p / dp = 1/p", "cases substituted", "collect terms"]
for k in range(5):
    G.check(texts[k], "identity", gen, rows[k], rows[k + 1], notes[k] + " (general y >= 0)", tol=1e-6)
G.derivative(r"&= p_k - y_k \end{split}", hot, lambda d: L(d, d["o"]), "o", lambda d: p(d) - d["y"],
             "last row uses sum_i y_i = 1 (stated after the display); FD gradient with one-hot y; "
             "for unnormalised y the previous row differs")
G.emit()
