"""Drive a gs.optim optimizer on a 2-D objective and record its path (optimization labs)."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs

Loss = Callable[[gs.Tensor], gs.Tensor]
MakeOptimizer = Callable[[list[gs.Tensor]], gs.optim.Optimizer]


def descend(loss: Loss, phi0: Any, make_optimizer: MakeOptimizer, steps: int,
            diverged: float = math.inf) -> tuple[np.ndarray, np.ndarray]:
    """Run a gs.optim optimizer on a float64 parameter φ from φ0 for `steps` steps.

    Each step: zero_grad, L = loss(φ), L.backward(), opt.step(). Stops early
    when L is NaN or above `diverged`. Returns the path (T + 1, n) and the
    losses (T + 1,), losses[t] = L(path[t]) (T = the steps taken).
    """
    phi = gs.tensor(np.array(phi0, dtype=np.float64), requires_grad=True)
    opt = make_optimizer([phi])
    path, losses = [phi.data.copy()], []
    for _ in range(steps):
        opt.zero_grad()
        value = loss(phi)
        losses.append(float(value.data))
        if not losses[-1] <= diverged:
            break
        value.backward()
        opt.step()
        path.append(phi.data.copy())
    else:
        with gs.no_grad():
            losses.append(float(loss(phi).data))
    return np.array(path), np.array(losses)
