r"""Newton's method with Levenberg–Marquardt damping, Hessians from autograd.

Newton's method models the loss near θ by its second-order Taylor expansion

    L(θ + d) ≈ L(θ) + gᵀd + ½ dᵀ H d,    g = ∇L(θ),  H = ∇²L(θ),

and jumps to the model's minimum, the solution of H d = -g. On a quadratic
that is the exact minimum (one step); near a minimum with H positive definite
the error squares at every step. Far from one, H may not be positive
definite (the step then heads to a saddle or a maximum) or the model may be
poor (the step overshoots and L rises), so the step is damped:

    (H + λ I) d = -g,    λ = 0, λ₀, 10 λ₀, 100 λ₀, ...

trying λ = 0 (pure Newton) first and raising λ until H + λI is positive
definite (its Cholesky factorisation exists) *and* the step lowers the loss.
As λ grows, d turns from the Newton step into a short gradient step
-g/λ, so a decrease is always found where g ≠ 0 (Levenberg 1944, Marquardt 1963).

H comes from second-order autograd: g = `gs.autograd.grad(L, params,
create_graph=True)` is itself a graph, and differentiating each of its n
components again gives the n rows of H (`gradient_and_hessian`): n extra
backward passes, fine for the small problems of the labs.

    x = gs.tensor([-1.5, 2.0], dtype=gs.float64, requires_grad=True)
    opt = gs.optim.Newton([x])
    for _ in range(30):
        opt.step(lambda: rosenbrock(x))   # the closure only returns the loss

or, with the trajectory recorded, `newton_minimize(rosenbrock, [-1.5, 2.0])`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd.graph import grad
from ..autograd.mode import no_grad
from ..autograd.shape import cat
from ..autograd.tensor import Tensor
from .optimizer import Optimizer

__all__ = ["Newton", "NewtonResult", "gradient_and_hessian", "newton_minimize"]


def gradient_and_hessian(loss: Tensor, params: Sequence[Tensor]) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    r"""g = ∇L and H = ∇²L (float64 NumPy, shapes (n,) and (n, n)) by autograd.

    The parameters are flattened and concatenated in order (n = Σ numel).
    First g = grad(L, params, create_graph=True), recorded as a graph; then
    row i of H is the gradient of the component g_i:

        H_ij = ∂g_i/∂θ_j = ∂²L/∂θ_i∂θ_j.

    Parameters that L does not use get zero rows and columns. H is returned
    as autograd gives it (symmetric up to rounding).
    """
    params = list(params)
    if not isinstance(loss, Tensor) or loss.data.size != 1:
        raise ValueError("gradient_and_hessian: the loss must be a one-element Tensor, got "
                         f"{type(loss).__name__} of shape {getattr(loss, 'shape', None)}")
    if not loss.requires_grad:
        raise ValueError("gradient_and_hessian: the loss does not require grad; was it "
                         "computed from the parameters with grad mode on?")
    sizes = [p.data.size for p in params]
    grads = grad(loss, params, create_graph=True, allow_unused=True)
    flat = [g.reshape(-1) if g is not None else Tensor(np.zeros(size))
            for g, size in zip(grads, sizes)]
    g = cat(flat) if len(flat) > 1 else flat[0]
    n = int(sum(sizes))
    H = np.zeros((n, n))
    if g.requires_grad:  # else g does not depend on θ (L is linear): H = 0
        for i in range(n):
            rows = grad(g[i], params, retain_graph=True, allow_unused=True)
            H[i] = np.concatenate([r.data.ravel() if r is not None else np.zeros(size)
                                   for r, size in zip(rows, sizes)])
    return np.asarray(g.data, dtype=np.float64).ravel(), H


class Newton(Optimizer):
    r"""Damped Newton's method (Levenberg–Marquardt) on all parameters together.

    Each `step(closure)` evaluates L = closure() at θ, takes g and H from
    autograd (`gradient_and_hessian`), and tries, for λ = 0, λ₀, λ₀·β,
    λ₀·β², ... (λ₀ = `damping` · max(1, maxᵢ |H_ii|), β = `damping_factor`):

        solve (H + λ I) d = -g    (skip λ if H + λI is not positive definite)
        θ' = θ + γ d              (γ = lr)
        accept θ' if L(θ') ≤ L(θ)

    If no λ of `max_tries` gives a decrease, θ is left unchanged. If
    max|g| ≤ `tolerance_grad`, θ is a stationary point and nothing moves.
    Unlike first-order optimizers, the closure must *return the loss without
    calling backward()* (Newton differentiates it twice itself; a backward
    would free the graph it needs); it is called once with grad mode on and
    once under `no_grad()` per trial step. After the step each p.grad holds
    ∇L at the starting θ, and `state[params[0]]` holds `step`, `loss` (at the
    new θ), `damping` (the λ taken), `accepted`, `grad_norm` (max|g|) and
    `evaluations` (closure calls so far).

    All parameters form one problem (H couples them), so only one parameter
    group is allowed, as in torch's LBFGS. The algebra is done in float64;
    use float64 parameters, since float32 rounding spoils second derivatives.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1.0, damping: float = 1e-3,
                 damping_factor: float = 10.0, max_tries: int = 40,
                 tolerance_grad: float = 0.0) -> None:
        defaults = {"lr": lr, "damping": damping, "damping_factor": damping_factor,
                    "max_tries": max_tries, "tolerance_grad": tolerance_grad}
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError(f"Newton: all parameters form one problem, so only one parameter "
                             f"group is supported, got {len(self.param_groups)}")

    def _validate(self, group: dict[str, Any]) -> None:
        self._check_nonnegative(group, "lr", "damping", "tolerance_grad")
        if not group["lr"] > 0:
            raise ValueError(f"Newton: lr must be > 0, got lr={group['lr']!r}")
        if not group["damping"] > 0:
            raise ValueError(f"Newton: damping must be > 0, got damping={group['damping']!r}")
        if not group["damping_factor"] > 1:
            raise ValueError(f"Newton: damping_factor must be > 1, got "
                             f"damping_factor={group['damping_factor']!r}")
        if not (isinstance(group["max_tries"], int) and group["max_tries"] >= 1):
            raise ValueError(f"Newton: max_tries must be an int >= 1, got "
                             f"max_tries={group['max_tries']!r}")

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        if self.param_groups:
            raise ValueError("Newton: all parameters form one problem, so only one parameter "
                             "group is supported")
        super().add_param_group(param_group)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One damped Newton step (see the class doc); returns the closure's loss at θ."""
        if closure is None:
            raise ValueError("Newton.step: needs a closure that recomputes and returns the "
                             "loss, e.g. opt.step(lambda: loss_fn(model(x), y))")
        group = self.param_groups[0]
        params: list[Tensor] = group["params"]
        state = self.state[params[0]]
        loss = self._evaluate(closure)
        evaluations = state.get("evaluations", 0) + 1
        if not isinstance(loss, Tensor):
            raise TypeError(f"Newton.step: the closure must return the loss as a Tensor, got "
                            f"{type(loss).__name__}")
        g, H = gradient_and_hessian(loss, params)
        f0 = float(loss.data.reshape(()))
        shapes = [p.shape for p in params]
        sizes = np.cumsum([0] + [p.data.size for p in params])
        for p, i, j in zip(params, sizes[:-1], sizes[1:]):
            p.grad = Tensor(g[i:j].reshape(p.shape).astype(p.dtype))
        theta0 = [p.data.copy() for p in params]
        grad_norm = float(np.max(np.abs(g))) if g.size else 0.0
        accepted, lam, f_new = False, 0.0, f0
        if grad_norm > group["tolerance_grad"]:
            H = 0.5 * (H + H.T)
            lam0 = group["damping"] * max(1.0, float(np.max(np.abs(np.diag(H)))))
            eye = np.eye(len(g))
            for attempt in range(group["max_tries"]):
                lam = 0.0 if attempt == 0 else lam0 * group["damping_factor"] ** (attempt - 1)
                try:
                    chol = np.linalg.cholesky(H + lam * eye)
                except np.linalg.LinAlgError:
                    continue  # not positive definite: damp more
                d = -np.linalg.solve(chol.T, np.linalg.solve(chol, g))
                for p, t0, i, j, shape in zip(params, theta0, sizes[:-1], sizes[1:], shapes):
                    np.copyto(p.data, t0 + group["lr"] * d[i:j].reshape(shape),
                              casting="unsafe")
                with no_grad():
                    f_new = float(np.asarray(_data(closure())).reshape(()))
                evaluations += 1
                if f_new <= f0:  # NaN (overflow) fails too
                    accepted = True
                    break
            if not accepted:
                for p, t0 in zip(params, theta0):
                    np.copyto(p.data, t0)
                f_new, lam = f0, math.inf
        state.update(step=state.get("step", 0) + 1, loss=f_new, damping=lam,
                     accepted=accepted, grad_norm=grad_norm, evaluations=evaluations)
        return loss


def _data(value: Any) -> Any:
    return value.data if isinstance(value, Tensor) else value


@dataclass
class NewtonResult:
    """The run of `newton_minimize`: x (the final point), loss (L there), trajectory
    (steps + 1, n) and losses (steps + 1,) from x0 on, dampings (the λ of each
    step, 0 for pure Newton), steps, evaluations (calls of f), grad_norm
    (max|∇L| at x) and converged (grad_norm ≤ tol)."""

    x: np.ndarray
    loss: float
    trajectory: np.ndarray = field(repr=False)
    losses: np.ndarray = field(repr=False)
    dampings: np.ndarray = field(repr=False)
    steps: int
    evaluations: int
    grad_norm: float
    converged: bool


def newton_minimize(f: Callable[..., Any], x0: Any, max_steps: int = 100, tol: float = 1e-10,
           **kwargs: Any) -> NewtonResult:
    r"""Minimise f(x) from x0 with damped Newton steps (`Newton`), recording the path.

    f takes a float64 Tensor of x0's shape and returns a one-element Tensor.
    Stops when max|∇L(x)| ≤ `tol` (converged), when no damped step lowers
    the loss any more or a step no longer changes x (rounding), or after
    `max_steps` steps. Other keyword arguments
    (lr, damping, damping_factor, max_tries) go to `Newton`.
    """
    x = Tensor(np.array(x0, dtype=np.float64), requires_grad=True)
    opt = Newton([x], tolerance_grad=tol, **kwargs)
    state = opt.state[x]
    path, losses, dampings = [x.data.copy()], [], []

    def closure() -> Any:
        return f(x)

    for _ in range(max_steps):
        loss = opt.step(closure)
        if not losses:
            losses.append(float(loss.data.reshape(())))
        if not state["accepted"]:  # stationary (max|g| ≤ tol) or no decrease found
            grad_norm = state["grad_norm"]
            break
        moved = not np.array_equal(x.data, path[-1])
        path.append(x.data.copy())
        losses.append(state["loss"])
        dampings.append(state["damping"])
        if not moved:  # the step is below rounding: nothing more to gain
            grad_norm = state["grad_norm"]
            break
    else:  # out of steps: measure the gradient where we stopped
        (g,) = grad(closure(), [x])
        state["evaluations"] = state.get("evaluations", 0) + 1
        grad_norm = float(np.max(np.abs(g.data))) if g.data.size else 0.0
        if not losses:
            losses.append(float(np.asarray(_data(closure())).reshape(())))
    return NewtonResult(x=path[-1].copy(), loss=losses[-1], trajectory=np.array(path),
                        losses=np.array(losses), dampings=np.array(dampings),
                        steps=len(dampings), evaluations=state["evaluations"],
                        grad_norm=grad_norm, converged=grad_norm <= tol)
