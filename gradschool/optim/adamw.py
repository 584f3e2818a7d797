"""AdamW: Adam with decoupled weight decay, as `torch.optim.AdamW`."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .adam import Adam


class AdamW(Adam):
    r"""Adam with weight decay decoupled from the gradient (Loshchilov & Hutter, 2019).

    For each parameter θ with gradient g_t (γ = lr, λ = weight_decay,
    default 1e-2):

        g_t ← -g_t                              if maximize
        θ_{t-1} ← θ_{t-1} (1 - γ λ)             decay the weights, not the gradient
        m_t = β1 m_{t-1} + (1 - β1) g_t
        v_t = β2 v_{t-1} + (1 - β2) g_t²
        m̂_t = m_t / (1 - β1^t),   v̂_t = v_t / (1 - β2^t)   (amsgrad: v̂ from max v)
        θ_t = θ_{t-1} - γ m̂_t / (√v̂_t + ε)

    Unlike `Adam(weight_decay=λ)`, the decay never enters m and v, so it is
    not rescaled by the adaptive step size.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach: bool = True) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad,
                         maximize=maximize, decoupled_weight_decay=True, foreach=foreach)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a `state_dict()`; the weight decay stays decoupled, as in torch."""
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
