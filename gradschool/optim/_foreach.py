"""Adam on all of a group's parameters at once: one vector op instead of one per parameter.

An MLP has few parameter arrays, each small, so a per-parameter Adam step
spends most of its time in Python and in NumPy's per-call overhead, not in
arithmetic. `FlatAdamState` keeps a group's moments m and v (and v_max) as
single contiguous vectors; every parameter's state arrays ("exp_avg",
"exp_avg_sq", "max_exp_avg_sq", "step") are *views* into them, so
`state_dict()` and the per-parameter path see the same numbers. A step
concatenates the gradients, runs the update equations once on the long
vectors, and subtracts each parameter's slice of the result. This is what
PyTorch calls a "foreach" implementation; the equations are Adam's (see
`Adam`), only the bookkeeping differs.

The flat state is only used while it is still valid: every parameter of the
group has a gradient, the same dtype and shape as when it was built, and its
state arrays are still the views (`load_state_dict` or a hand edit replaces
them). Otherwise `Adam` falls back to its per-parameter loop.
"""
from __future__ import annotations

from typing import Any

import numpy as np


class FlatAdamState:
    """One parameter group's Adam state in contiguous vectors (see the module doc)."""

    def __init__(self, params: list[Any], state: dict[Any, dict[str, Any]],
                 amsgrad: bool) -> None:
        dtype = params[0].data.dtype
        sizes = [p.data.size for p in params]
        ends = np.cumsum(sizes).tolist()
        n = ends[-1] if ends else 0
        self.params = list(params)
        self.dtype = dtype
        self.amsgrad = amsgrad
        self.g = np.empty(n, dtype)
        self.tmp = np.empty(n, dtype)
        self.m = np.zeros(n, dtype)
        self.v = np.zeros(n, dtype)
        self.vmax = np.zeros(n, dtype) if amsgrad else None
        self.steps = np.zeros(len(params), np.float64)
        self.updates: list[np.ndarray] = []
        self.entries: list[tuple[dict[str, Any], np.ndarray, np.ndarray, Any, np.ndarray]] = []
        self.consts: tuple[Any, ...] = ()
        for i, (p, end, size) in enumerate(zip(params, ends, sizes)):
            shape = p.data.shape
            part = slice(end - size, end)
            st = state[p]
            m = self.m[part].reshape(shape)
            v = self.v[part].reshape(shape)
            vmax = self.vmax[part].reshape(shape) if amsgrad else None
            if st:
                m[...] = st["exp_avg"]
                v[...] = st["exp_avg_sq"]
                if amsgrad and "max_exp_avg_sq" in st:
                    vmax[...] = st["max_exp_avg_sq"]
                self.steps[i] = float(st["step"])
            count = self.steps[i:i + 1].reshape(())
            st.update(step=count, exp_avg=m, exp_avg_sq=v)
            if amsgrad:
                st["max_exp_avg_sq"] = vmax
            self.updates.append(self.tmp[part].reshape(shape))
            self.entries.append((st, m, v, vmax, count))

    @staticmethod
    def can_hold(params: list[Any], state: dict[Any, dict[str, Any]]) -> bool:
        """Whether these parameters may share one flat state: they all have a
        gradient, one dtype, and either no state yet or state at one step count."""
        dtype = params[0].data.dtype
        steps = set()
        for p in params:
            if p.grad is None or p.data.dtype != dtype:
                return False
            st = state.get(p)
            steps.add(float(st["step"]) if st else 0.0)
            if st and ("exp_avg" not in st or "exp_avg_sq" not in st):
                return False
        return len(steps) == 1

    def gradients(self, params: list[Any], state: dict[Any, dict[str, Any]],
                  amsgrad: bool) -> list[np.ndarray] | None:
        """The gradient arrays of `params`, or None when this flat state no longer fits."""
        if amsgrad != self.amsgrad or len(params) != len(self.params):
            return None
        dtype = self.dtype
        grads = []
        for p, q, (st, m, v, vmax, count) in zip(params, self.params, self.entries):
            grad = p.grad
            if p is not q or grad is None or state.get(p) is not st:
                return None
            if (st.get("exp_avg") is not m or st.get("exp_avg_sq") is not v
                    or st.get("step") is not count
                    or (vmax is not None and st.get("max_exp_avg_sq") is not vmax)):
                return None
            theta = p.data
            if theta.dtype != dtype or theta.shape != m.shape:
                return None
            grads.append(grad.data)
        return grads

    def step(self, grads: list[np.ndarray], group: dict[str, Any],
             bias_correction: bool = True) -> None:
        """One Adam update of the whole group (same equations as `Adam.step`;
        `bias_correction=False` drops the factors 1/(1-β1^t) and 1/(1-β2^t))."""
        lr = group["lr"]
        beta1, beta2 = group["betas"]
        wd = group["weight_decay"]
        decoupled = group["decoupled_weight_decay"]
        if self.consts[:2] != (beta1, beta2):
            dtype = self.dtype
            self.consts = (beta1, beta2) + tuple(
                np.array(x, dtype) for x in (beta1, 1.0 - beta1, beta2, 1.0 - beta2))
        b1, w1, b2, w2 = self.consts[2:]
        t = float(self.steps[0]) + 1.0
        self.steps.fill(t)
        bc1 = 1.0 - beta1 ** t if bias_correction else 1.0
        bc2_sqrt = (1.0 - beta2 ** t) ** 0.5 if bias_correction else 1.0
        eps_t = np.array(group["eps"] * bc2_sqrt, self.dtype)
        size_t = np.array(lr / bc1 * bc2_sqrt, self.dtype)
        g, tmp, m, v = self.g, self.tmp, self.m, self.v
        np.concatenate(grads, axis=None, out=g)
        if group["maximize"]:
            np.negative(g, out=g)
        if wd != 0 and not decoupled:                  # g ← g + λθ
            np.concatenate([p.data for p in self.params], axis=None, out=tmp)
            np.multiply(tmp, wd, out=tmp)
            np.add(g, tmp, out=g)
        np.multiply(g, w1, out=tmp)                    # m ← β1 m + (1-β1) g
        np.multiply(m, b1, out=m)
        np.add(m, tmp, out=m)
        np.multiply(g, g, out=tmp)                     # v ← β2 v + (1-β2) g²
        np.multiply(tmp, w2, out=tmp)
        np.multiply(v, b2, out=v)
        np.add(v, tmp, out=v)
        if self.vmax is not None:                      # v_max ← max(v_max, v)
            v = np.maximum(self.vmax, v, out=self.vmax)
        np.sqrt(v, out=tmp)                            # update = γ m̂ / (√v̂ + ε)
        np.add(tmp, eps_t, out=tmp)
        np.divide(m, tmp, out=tmp)
        np.multiply(tmp, size_t, out=tmp)
        subtract = np.subtract
        if wd != 0 and decoupled:                      # θ ← θ (1 - γλ) - update
            decay = 1.0 - lr * wd
            for p, update in zip(self.params, self.updates):
                theta = p.data
                np.multiply(theta, decay, out=theta)
                subtract(theta, update, out=theta)
        else:                                          # θ ← θ - update
            for p, update in zip(self.params, self.updates):
                theta = p.data
                subtract(theta, update, out=theta)
