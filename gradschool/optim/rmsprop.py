"""RMSprop: divide the gradient by a running RMS of its recent values."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e), as `torch.optim.RMSprop`.

    For each parameter θ with gradient g_t (γ = lr, α = alpha, λ =
    weight_decay, μ = momentum):

        g_t ← -g_t                             if maximize
        g_t ← g_t + λ θ_{t-1}                  if λ ≠ 0
        v_t = α v_{t-1} + (1 - α) g_t²         (state "square_avg")
        if centered:
            ḡ_t = α ḡ_{t-1} + (1 - α) g_t      (state "grad_avg")
            d_t = √(v_t - ḡ_t²) + ε            divide by the running std
        else:
            d_t = √v_t + ε                     divide by the running RMS
        if μ > 0:
            b_t = μ b_{t-1} + g_t / d_t        (state "momentum_buffer")
            θ_t = θ_{t-1} - γ b_t
        else:
            θ_t = θ_{t-1} - γ g_t / d_t

    ε sits outside the square root, as in torch (and unlike Adam's hat-v).
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0.0, momentum: float = 0.0,
                 centered: bool = False, *, maximize: bool = False) -> None:
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                    "momentum": momentum, "centered": centered, "maximize": maximize}
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        self._check_nonnegative(group, "lr", "eps", "momentum", "weight_decay", "alpha")

    def _state_keys(self, group: dict[str, Any]) -> tuple[str, ...]:
        keys: tuple[str, ...] = ("step", "square_avg")
        if group["momentum"] > 0:
            keys += ("momentum_buffer",)
        return keys + ("grad_avg",) if group["centered"] else keys

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One RMSprop update of every parameter that has a gradient (see the class doc)."""
        loss = self._evaluate(closure)
        state = self.state
        for group in self.param_groups:
            lr = group["lr"]
            alpha = group["alpha"]
            eps = group["eps"]
            wd = group["weight_decay"]
            momentum = group["momentum"]
            centered = group["centered"]
            w = 1.0 - alpha
            for p, g in self._gradients(group):
                theta = p.data
                st = state[p]
                if not st:
                    st["step"] = np.zeros((), np.float64)
                    st["square_avg"] = np.zeros_like(theta)
                    if momentum > 0:
                        st["momentum_buffer"] = np.zeros_like(theta)
                    if centered:
                        st["grad_avg"] = np.zeros_like(theta)
                count = st["step"]
                count[()] = float(count) + 1.0  # in place: cheaper than `+= 1` on a 0-d array
                if wd != 0:
                    g = g + wd * theta
                v = st["square_avg"]
                tmp = np.multiply(g, g, out=np.empty_like(theta))
                tmp *= w
                v *= alpha
                v += tmp
                if centered:
                    gbar = st["grad_avg"]
                    np.subtract(g, gbar, out=tmp)  # ḡ ← ḡ + (1-α)(g - ḡ), torch's lerp
                    tmp *= w
                    gbar += tmp
                    np.multiply(gbar, gbar, out=tmp)
                    np.subtract(v, tmp, out=tmp)
                    np.sqrt(tmp, out=tmp)
                else:
                    np.sqrt(v, out=tmp)
                tmp += eps
                np.divide(g, tmp, out=tmp)
                if momentum > 0:
                    buf = st["momentum_buffer"]
                    buf *= momentum
                    buf += tmp
                    tmp = lr * buf
                else:
                    tmp *= lr
                np.subtract(theta, tmp, out=theta)
        return loss
