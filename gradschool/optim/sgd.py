"""SGD: stochastic gradient descent with momentum, as `torch.optim.SGD`."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum.

    For each parameter θ with gradient g_t = ∇f(θ_{t-1}) (γ = lr, λ =
    weight_decay, μ = momentum, τ = dampening):

        g_t ← -g_t                          if maximize
        g_t ← g_t + λ θ_{t-1}               if λ ≠ 0   (L2 penalty)
        if μ ≠ 0:
            b_t ← g_t                       at the first step
            b_t ← μ b_{t-1} + (1 - τ) g_t   afterwards
            g_t ← g_t + μ b_t               if nesterov
            g_t ← b_t                       otherwise
        θ_t ← θ_{t-1} - γ g_t

    The buffer b is `state[p]["momentum_buffer"]`. Nesterov needs μ > 0 and
    τ = 0. Defaults follow torch 2.x (lr=1e-3).
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False,
                 *, maximize: bool = False) -> None:
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize}
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        self._check_nonnegative(group, "lr", "momentum", "weight_decay")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError(f"SGD: Nesterov momentum requires a momentum > 0 and zero "
                             f"dampening, got momentum={group['momentum']!r}, "
                             f"dampening={group['dampening']!r}")

    def _state_keys(self, group: dict[str, Any]) -> tuple[str, ...]:
        return ("momentum_buffer",) if group["momentum"] != 0 else ()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One SGD update of every parameter that has a gradient (see the class doc).

        θ and b change in place; γg (and, with weight decay or Nesterov, the
        modified g) are temporaries.
        The scalars γ, μ, 1 - τ, λ are 0-d arrays of the parameter's dtype:
        NumPy applies those faster than Python floats, with the same result
        (a Python float is cast to the array's dtype either way).
        """
        loss = self._evaluate(closure)
        state = self.state
        multiply, add, subtract = np.multiply, np.add, np.subtract
        for group in self.param_groups:
            momentum = group["momentum"]
            wd = group["weight_decay"]
            keep = 1.0 - group["dampening"]
            nesterov = group["nesterov"]
            dtype = None
            for p, g in self._gradients(group):
                theta = p.data
                if theta.dtype is not dtype:
                    dtype = theta.dtype
                    lr_t, mu_t, keep_t, wd_t = (np.array(x, dtype) for x in
                                                (group["lr"], momentum, keep, wd))
                if wd != 0:
                    g = add(g, multiply(theta, wd_t))              # g ← g + λθ
                if momentum != 0:
                    st = state[p]
                    buf = st.get("momentum_buffer")
                    if buf is None:                                # b ← g
                        buf = st["momentum_buffer"] = np.array(g, dtype=dtype)
                    else:                                          # b ← μb + (1-τ)g
                        multiply(buf, mu_t, out=buf)
                        add(buf, g if keep == 1.0 else multiply(g, keep_t), out=buf)
                    g = add(g, multiply(buf, mu_t)) if nesterov else buf
                subtract(theta, multiply(g, lr_t), out=theta)     # θ ← θ - γg
        return loss
