"""Twin runs: the same parameters and gradients through a gradschool and a torch optimizer."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

import gradschool as gs

SHAPES = [(3, 4), (4,), (2, 3, 2), ()]


def initial_arrays(seed: int = 0, shapes=SHAPES, dtype=np.float64) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(dtype) for s in shapes]


def gs_params(arrays: list[np.ndarray]) -> list[gs.Tensor]:
    return [gs.tensor(a.copy(), requires_grad=True) for a in arrays]


def torch_params(arrays: list[np.ndarray]) -> list[torch.Tensor]:
    return [torch.tensor(a.copy(), requires_grad=True) for a in arrays]


def fake_grad(theta: np.ndarray, k: int, i: int) -> np.ndarray:
    """A gradient that depends on the parameter (so both runs must stay together) and the step."""
    return np.asarray(0.5 * theta + np.sin(3.0 * theta + k) + 0.1 * (i + 1))


def set_grads(gp, tp, k: int, skip: Callable[[int, int], bool] | None = None) -> None:
    """Give both twins the gradient `fake_grad` of step k (None where skip(k, i))."""
    for i, (a, b) in enumerate(zip(gp, tp)):
        if skip is not None and skip(k, i):
            a.grad = None
            b.grad = None
            continue
        a.grad = gs.tensor(fake_grad(a.data, k, i))
        b.grad = torch.from_numpy(fake_grad(b.detach().numpy(), k, i))


def assert_same(gp, tp, atol: float = 1e-10) -> None:
    for i, (a, b) in enumerate(zip(gp, tp)):
        assert a.data.dtype == b.detach().numpy().dtype, f"param {i} dtype"
        np.testing.assert_allclose(a.data, b.detach().numpy(), rtol=0, atol=atol,
                                   err_msg=f"param {i}")


def assert_same_state(gopt, topt, atol: float = 1e-10) -> None:
    """Every state entry torch keeps, gradschool keeps too, with the same values."""
    gstate = gopt.state_dict()["state"]
    tstate = topt.state_dict()["state"]
    assert sorted(gstate) == sorted(tstate)
    for index, entries in tstate.items():
        for key, value in entries.items():
            assert key in gstate[index], f"state {key!r} of param {index} missing"
            np.testing.assert_allclose(np.asarray(gstate[index][key]), value.numpy(),
                                       rtol=0, atol=atol, err_msg=f"{key} of {index}")
