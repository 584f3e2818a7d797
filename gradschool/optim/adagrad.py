"""Adagrad: per-coordinate step sizes from the sum of squared gradients."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as `torch.optim.Adagrad`.

    For each parameter θ with gradient g_t (γ = lr, η = lr_decay, λ =
    weight_decay, s_0 = initial_accumulator_value, t = the step count):

        g_t ← -g_t                          if maximize
        g_t ← g_t + λ θ_{t-1}               if λ ≠ 0
        γ_t = γ / (1 + (t - 1) η)
        s_t = s_{t-1} + g_t²                (state "sum")
        θ_t = θ_{t-1} - γ_t g_t / (√s_t + ε)

    As in torch, the state ("step" = 0, "sum" = s_0) is created when a
    parameter joins the optimizer, not at its first step.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, lr_decay: float = 0.0,
                 weight_decay: float = 0.0, initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10, *, maximize: bool = False) -> None:
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "maximize": maximize}
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        self._check_nonnegative(group, "lr", "lr_decay", "weight_decay",
                                "initial_accumulator_value", "eps")

    def _state_keys(self, group: dict[str, Any]) -> tuple[str, ...]:
        return ("step", "sum")

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group (see `Optimizer.add_param_group`) and create its state."""
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        for p in group["params"]:
            self._init_state(p, group)

    def _init_state(self, p: Any, group: dict[str, Any]) -> dict[str, Any]:
        st = self.state[p]
        st["step"] = np.zeros((), np.float64)
        st["sum"] = np.full_like(p.data, group["initial_accumulator_value"])
        return st

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adagrad update of every parameter that has a gradient (see the class doc)."""
        loss = self._evaluate(closure)
        state = self.state
        for group in self.param_groups:
            lr = group["lr"]
            lr_decay = group["lr_decay"]
            eps = group["eps"]
            wd = group["weight_decay"]
            for p, g in self._gradients(group):
                theta = p.data
                st = state[p] or self._init_state(p, group)
                count = st["step"]
                t = float(count) + 1.0
                count[()] = t  # in place: cheaper than `+= 1` on a 0-d array
                clr = lr / (1.0 + (t - 1.0) * lr_decay)
                if wd != 0:
                    g = g + wd * theta
                s = st["sum"]
                tmp = np.multiply(g, g, out=np.empty_like(theta))
                s += tmp
                np.sqrt(s, out=tmp)
                tmp += eps
                np.divide(g, tmp, out=tmp)
                tmp *= clr
                np.subtract(theta, tmp, out=theta)
        return loss
