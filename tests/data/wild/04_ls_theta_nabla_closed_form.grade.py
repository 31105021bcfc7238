"""Grades for 04_ls_theta_nabla_closed_form.md (\\nabla_\\theta of rewritten J)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
from gradelib import Grader, rng, fd_grad

r = rng(4)
inst = []
for M, N in [(3, 2), (4, 4), (6, 3)]:
    inst.append(dict(X=r.standard_normal((M, N)), Y=r.standard_normal(M), t=r.standard_normal(N)))


def grad_of(expr):
    """FD gradient in theta of a scalar expression expr(X, Y, t)."""
    return lambda d: fd_grad(lambda t: expr(d["X"], d["Y"], t), d["t"])


e = [
    lambda X, Y, t: (X @ t - Y) @ (X @ t - Y),
    lambda X, Y, t: (t @ X.T - Y) @ (X @ t - Y),
    lambda X, Y, t: t @ X.T @ X @ t - t @ X.T @ Y - Y @ X @ t + Y @ Y,
    lambda X, Y, t: t @ X.T @ X @ t - Y @ X @ t - Y @ X @ t + Y @ Y,
    lambda X, Y, t: t @ X.T @ X @ t - 2 * Y @ X @ t + Y @ Y,
]
G = Grader(__file__)
J = e[0]
G.identity(r"\nabla_{\theta}J(\theta) = \nabla_{\theta} (X\theta - Y)^T(X\theta - Y)", inst,
           grad_of(J), grad_of(e[0]), "J as defined; FD gradients of both sides", tol=1e-6)
G.identity(r"= \nabla_{\theta} (\theta^T X^T - Y^T)(X\theta - Y)", inst, grad_of(e[0]), grad_of(e[1]),
           "FD gradients of both expressions", tol=1e-6)
G.identity(r"= \nabla_{\theta} (\theta^T X^T X \theta - \theta^T X^T Y - Y^T X \theta + Y^T Y)", inst,
           grad_of(e[1]), grad_of(e[2]), "FD gradients of both expressions", tol=1e-6)
G.identity(r"\nabla_{\theta}J(\theta) = \nabla_{\theta}(\theta^T X^T X \theta - Y^T X \theta - Y^T X \theta + Y^T Y)",
           inst, grad_of(J), grad_of(e[3]), "scalar transpose used; FD gradients", tol=1e-6)
G.identity(r"= \nabla_{\theta}(\theta^T X^T X \theta - 2 Y^T X \theta + Y^T Y)", inst, grad_of(e[3]),
           grad_of(e[4]), "FD gradients", tol=1e-6)
sum3 = lambda d: (grad_of(lambda X, Y, t: t @ X.T @ X @ t)(d) - grad_of(lambda X, Y, t: 2 * Y @ X @ t)(d)
                  + grad_of(lambda X, Y, t: Y @ Y)(d))
G.identity(r"= \nabla_{\theta} \theta^T X^T X \theta - \nabla_{\theta} 2 Y^T X \theta + \nabla_{\theta} Y^T Y",
           inst, grad_of(e[4]), sum3, "linearity of the gradient; FD", tol=1e-6)
sum2 = lambda d: (grad_of(lambda X, Y, t: t @ X.T @ X @ t)(d) - grad_of(lambda X, Y, t: 2 * Y @ X @ t)(d))
G.skip()
G.identity(r"= \nabla_{\theta} \theta^T X^T X \theta - \nabla_{\theta} 2 Y^T X \theta", inst, sum3, sum2,
           "gradient of the constant Y^TY is zero; FD", tol=1e-6)
G.derivative(r"\nabla_{\theta} \theta^T X^T X \theta = 2 X^T X \theta", inst,
             lambda d: d["t"] @ d["X"].T @ d["X"] @ d["t"], "t", lambda d: 2 * d["X"].T @ d["X"] @ d["t"],
             "central FD gradient")
G.derivative(r"\nabla_{\theta} 2 Y^T X \theta = 2 X^T Y", inst, lambda d: 2 * d["Y"] @ d["X"] @ d["t"], "t",
             lambda d: 2 * d["X"].T @ d["Y"], "central FD gradient")
G.derivative(r"\nabla_{\theta} J(\theta) = 2 X^T X \theta - 2 X^T Y", inst,
             lambda d: J(d["X"], d["Y"], d["t"]), "t",
             lambda d: 2 * d["X"].T @ d["X"] @ d["t"] - 2 * d["X"].T @ d["Y"], "central FD gradient")
G.equation(r"2 X^T X \theta - 2 X^T Y = 0", "stationarity condition (gradient set to zero)")
G.equation(r"X^T X \theta = X^T Y", "normal equations; equivalent to the previous line (divide by 2)")
G.solution(r"\theta = (X^T X)^{-1} X^T Y", inst,
           lambda d, t: 2 * d["X"].T @ d["X"] @ t - 2 * d["X"].T @ d["Y"],
           lambda d: np.linalg.inv(d["X"].T @ d["X"]) @ d["X"].T @ d["Y"],
           "gradient vanishes there; needs X^TX invertible (full column rank, M >= N); "
           "global minimiser since J is convex")
G.emit()
