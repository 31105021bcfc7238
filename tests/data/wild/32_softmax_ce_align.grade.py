"""Grades for 32_softmax_ce_align.md (\\[ \\] blocks, two claims in one display, side conditions)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, softmax, fd_jac, fd_grad

r = rng(32)
gen = [dict(o=r.standard_normal(C), y=r.uniform(0, 1, C)) for C in (3, 4, 6)]           # any y >= 0
hot = [dict(o=r.standard_normal(C), y=np.eye(C)[r.integers(C)]) for C in (3, 4, 6)]   # one-hot y
L = lambda d, o: -np.sum(d["y"] * np.log(softmax(o)))
Jp = lambda d: fd_jac(softmax, d["o"])          # Jp[j, i] = d p_j / d o_i
p = lambda d: softmax(d["o"])

G = Grader(__file__)
G.definition(r"p_j = \frac{\exp{o_j}}{\sum_{k}\exp{o_k}}", "softmax")
G.definition(r"L = - \sum_{j} y_j \log p_j", "cross-entropy loss")
G.check(r"\frac{\partial{p_j}}{\partial{o_i}} = p_i (1-p_i), \quad i = j", "derivative", gen,
        lambda d: np.diag(Jp(d)), lambda d: p(d) * (1 - p(d)), "diagonal of the FD Jacobian (condition i = j)", tol=1e-6)
G.condition(r"i = j", "side condition of the claim on this line")
G.check(r"\frac{\partial{p_j}}{\partial{o_i}} = - p_i p_j, \quad i \ne j", "derivative", gen,
        lambda d: Jp(d) - np.diag(np.diag(Jp(d))),
        lambda d: -np.outer(p(d), p(d)) + np.diag(p(d) ** 2), "off-diagonal FD Jacobian (condition i != j)", tol=1e-6)
G.condition(r"i \ne j", "side condition of the claim on this line")
rows = [
    lambda d: fd_grad(lambda o: L(d, o), d["o"]),
    lambda d: np.array([-np.sum(d["y"] * fd_jac(lambda o: np.log(softmax(o)), d["o"])[:, i]) for i in range(len(d["o"]))]),
    lambda d: np.array([-np.sum(d["y"] / p(d) * Jp(d)[:, i]) for i in range(len(d["o"]))]),
    lambda d: np.array([-d["y"][i] * (1 - p(d)[i]) - sum(d["y"][k] / p(d)[k] * (-p(d)[k] * p(d)[i])
                                                         for k in range(len(d["o"])) if k != i) for i in range(len(d["o"]))]),
    lambda d: np.array([-d["y"][i] + d["y"][i] * p(d)[i] + sum(d["y"][k] * p(d)[i] for k in range(len(d["o"])) if k != i)
                        for i in range(len(d["o"]))]),
    lambda d: p(d) * np.sum(d["y"]) - d["y"],
]
texts = [r"\frac{\partial{L}}{\partial{o_i}} & = - \sum_k y_k \frac{\partial{\log p_k}}{\partial{o_i}}",
         r"& = - \sum_k y_k \frac{1}{p_k} \frac{\partial{p_k}}{\partial{o_i}}",
         r"& = -y_i(1-p_i) - \sum_{k\ne i} y_k \frac{1}{p_k} (-p_kp_i)",
         r"& = -y_i + y_i p_i + \sum_{k\ne i} y_k p_i",
         r"& = p_i (\sum_k y_k) - y_i"]
notes = ["linearity; FD gradient of L vs FD of log p_k", "derivative of log; FD", "partials of p substituted",
         "expand", "collect p_i"]
for k in range(5):
    G.check(texts[k], "identity", gen, rows[k], rows[k + 1], notes[k] + " (general y >= 0)", tol=1e-6)
G.derivative(r"\frac{\partial L}{\partial o_i} = p_i - y_i", hot, lambda d: L(d, d["o"]), "o",
             lambda d: p(d) - d["y"], "FD gradient; holds under the stated condition sum_k y_k = 1 (one-hot y)")
G.emit()
