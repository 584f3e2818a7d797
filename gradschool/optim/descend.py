"""Drive an optimizer on a small objective L(φ) and record its path.

    path, losses = gs.optim.descend(rosenbrock, (-1.0, 1.0),
                                    lambda params: gs.optim.Adam(params, lr=1e-2), steps=500)

The optimization labs use it to draw every optimizer's trajectory on a 2-D
loss surface; it works for a parameter vector φ of any length.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd.mode import no_grad
from ..autograd.tensor import Tensor, tensor
from .optimizer import Optimizer

Loss = Callable[[Tensor], Tensor]
MakeOptimizer = Callable[[list[Tensor]], Optimizer]


def descend(loss: Loss, phi0: Any, make_optimizer: MakeOptimizer, steps: int,
            diverged: float = math.inf) -> tuple[np.ndarray, np.ndarray]:
    """Run `make_optimizer([φ])` on a float64 parameter φ from φ0 for `steps` steps.

    Each step: zero_grad, L = loss(φ), L.backward(), opt.step(). Stops early
    when L is NaN or above `diverged`. Returns the path (T + 1, n) and the
    losses (T + 1,), losses[t] = L(path[t]) (T = the steps taken).
    """
    phi = tensor(np.array(phi0, dtype=np.float64), requires_grad=True)
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
        with no_grad():
            losses.append(float(loss(phi).data))
    return np.array(path), np.array(losses)
