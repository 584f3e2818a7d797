"""Adam: adaptive moment estimation, as `torch.optim.Adam`."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ._foreach import FlatAdamState
from .optimizer import Optimizer


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), with the AMSGrad variant and optional L2 penalty.

    For each parameter θ with gradient g_t = ∇f(θ_{t-1}) (γ = lr, λ =
    weight_decay, β1, β2 = betas, t = the parameter's step count):

        g_t ← -g_t                              if maximize
        g_t ← g_t + λ θ_{t-1}                   if λ ≠ 0 (L2, folded into the moments)
        m_t = β1 m_{t-1} + (1 - β1) g_t         first moment   (state "exp_avg")
        v_t = β2 v_{t-1} + (1 - β2) g_t²        second moment  (state "exp_avg_sq")
        m̂_t = m_t / (1 - β1^t)                  bias corrections
        v̂_t = v_t / (1 - β2^t)
          (amsgrad: v^max_t = max(v^max_{t-1}, v_t), v̂_t = v^max_t / (1 - β2^t))
        θ_t = θ_{t-1} - γ m̂_t / (√v̂_t + ε)

    `bias_correction=False` drops both corrections (m̂_t = m_t, v̂_t = v_t):
    the raw update that Kingma & Ba correct. m and v start at 0, so early on
    both are biased toward 0, v more than m when β2 > β1, and the raw steps
    are then longer than γ: by (1 - β1^t)/√(1 - β2^t) for a constant g. With
    betas = (0, 0) the corrections are 1 anyway and either way the update is
    the normalised gradient γ g_t / (|g_t| + ε), elementwise.
    Like `foreach`, it is a setting of the optimizer, not of a parameter
    group, so `state_dict()` keeps torch's layout.

    With `decoupled_weight_decay=True` (what `AdamW` sets) the decay is not
    added to g_t but applied to θ directly: θ ← θ (1 - γ λ) before the
    update. The step count t is `state[p]["step"]`, a 0-d float64 array.

    `foreach=True` (default) updates a group whose parameters all have a
    gradient with a few whole-vector operations (see `_foreach.py`): the
    state arrays are then views into one vector per group. `foreach=False`
    always runs the per-parameter loop, the one to read first.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, *,
                 maximize: bool = False, decoupled_weight_decay: bool = False,
                 foreach: bool = True, bias_correction: bool = True) -> None:
        defaults = {"lr": lr, "betas": tuple(betas) if isinstance(betas, list) else betas,
                    "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad,
                    "maximize": maximize, "decoupled_weight_decay": decoupled_weight_decay}
        self.foreach = foreach
        self.bias_correction = bool(bias_correction)
        self._flat: dict[int, FlatAdamState] = {}
        super().__init__(params, defaults)

    def _validate(self, group: dict[str, Any]) -> None:
        self._check_nonnegative(group, "lr", "eps")
        self._check_betas(group)
        self._check_nonnegative(group, "weight_decay")

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a `state_dict()` (see `Optimizer.load_state_dict`)."""
        super().load_state_dict(state_dict)
        self._flat.clear()

    def _state_keys(self, group: dict[str, Any]) -> tuple[str, ...]:
        keys = ("step", "exp_avg", "exp_avg_sq")
        return keys + ("max_exp_avg_sq",) if group["amsgrad"] else keys

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adam update of every parameter that has a gradient (see the class doc)."""
        loss = self._evaluate(closure)
        state = self.state
        for i, group in enumerate(self.param_groups):
            params = group["params"]
            amsgrad = group["amsgrad"]
            if self.foreach:
                flat = self._flat.get(i)
                grads = None if flat is None else flat.gradients(params, state, amsgrad)
                if grads is None and FlatAdamState.can_hold(params, state):
                    flat = self._flat[i] = FlatAdamState(params, state, amsgrad)
                    grads = flat.gradients(params, state, amsgrad)
                if grads is not None:
                    flat.step(grads, group, self.bias_correction)
                    continue
            self._flat.pop(i, None)  # the loop may leave the step counts unequal
            self._step_each(group)
        return loss

    def _step_each(self, group: dict[str, Any]) -> None:
        """The per-parameter loop: Adam's equations for one array at a time.

        Every array op works in place on the state and one scratch array per
        parameter; the scalars are 0-d arrays of the parameter's dtype (NumPy
        handles those faster than Python floats). The bias correction of v is
        folded into the scalars:

            γ m̂ / (√v̂ + ε) = (γ √b2 / b1) · m / (√v + ε √b2),  b1 = 1-β1^t, b2 = 1-β2^t

        (b1 = b2 = 1 without bias correction.)
        """
        state = self.state
        add, subtract, multiply, divide = np.add, np.subtract, np.multiply, np.divide
        sqrt, maximum, zeros_like = np.sqrt, np.maximum, np.zeros_like
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        eps = group["eps"]
        wd = group["weight_decay"]
        decay = 1.0 - lr * wd if group["decoupled_weight_decay"] else None
        amsgrad = group["amsgrad"]
        corrected = self.bias_correction
        dtype = t_prev = None
        for p, g in self._gradients(group):
            theta = p.data
            st = state[p]
            if not st:
                st["step"] = np.zeros((), np.float64)
                st["exp_avg"] = zeros_like(theta)
                st["exp_avg_sq"] = zeros_like(theta)
            count = st["step"]
            t = float(count) + 1.0
            count[()] = t  # in place: cheaper than `+= 1` on a 0-d array
            if theta.dtype is not dtype:
                dtype = theta.dtype
                b1, w1, b2, w2 = (np.array(x, dtype) for x in
                                  (beta1, 1.0 - beta1, beta2, 1.0 - beta2))
                t_prev = None
            if t != t_prev:  # bias corrections, shared by parameters at the same step
                t_prev = t
                bc1 = 1.0 - beta1 ** t if corrected else 1.0
                bc2_sqrt = (1.0 - beta2 ** t) ** 0.5 if corrected else 1.0
                eps_t = np.array(eps * bc2_sqrt, dtype)
                size_t = np.array(lr / bc1 * bc2_sqrt, dtype)
            if wd != 0:
                if decay is not None:
                    multiply(theta, decay, out=theta)  # θ ← θ (1 - γλ)
                else:
                    g = g + wd * theta                 # g ← g + λθ
            m = st["exp_avg"]
            v = st["exp_avg_sq"]
            tmp = multiply(g, w1, out=np.empty_like(theta))
            multiply(m, b1, out=m)                     # m ← β1 m + (1-β1) g
            add(m, tmp, out=m)
            multiply(g, g, out=tmp)                    # v ← β2 v + (1-β2) g²
            multiply(tmp, w2, out=tmp)
            multiply(v, b2, out=v)
            add(v, tmp, out=v)
            if amsgrad:
                vmax = st.get("max_exp_avg_sq")
                if vmax is None:
                    vmax = st["max_exp_avg_sq"] = zeros_like(theta)
                maximum(vmax, v, out=vmax)             # v_max ← max(v_max, v)
                v = vmax
            sqrt(v, out=tmp)                           # θ ← θ - γ m̂ / (√v̂ + ε)
            add(tmp, eps_t, out=tmp)
            divide(m, tmp, out=tmp)
            multiply(tmp, size_t, out=tmp)
            subtract(theta, tmp, out=theta)
