"""Adam(bias_correction=False): the raw update m / (√v + ε), against its closed form.

torch has no such switch, so the oracle is the update written out in NumPy:

    m_t = β1 m_{t-1} + (1 - β1) g_t,   v_t = β2 v_{t-1} + (1 - β2) g_t²
    θ_t = θ_{t-1} - γ m_t / (√v_t + ε)          (amsgrad: v_t → max(v_max, v_t))
"""
import numpy as np
import pytest

import gradschool as gs
from gradschool import optim

from .twin import fake_grad, gs_params, initial_arrays


def raw_adam(arrays, steps, lr, betas, eps, weight_decay=0.0, amsgrad=False,
             decoupled=False):
    """The closed-form trajectory without bias correction, on the gradients of `fake_grad`."""
    beta1, beta2 = betas
    thetas = [a.copy() for a in arrays]
    m = [np.zeros_like(a) for a in arrays]
    v = [np.zeros_like(a) for a in arrays]
    vmax = [np.zeros_like(a) for a in arrays]
    for k in range(steps):
        for i, theta in enumerate(thetas):
            g = fake_grad(theta, k, i)
            if weight_decay and decoupled:
                theta *= 1.0 - lr * weight_decay
            elif weight_decay:
                g = g + weight_decay * theta
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            vmax[i] = np.maximum(vmax[i], v[i])
            theta -= lr * m[i] / (np.sqrt(vmax[i] if amsgrad else v[i]) + eps)
    return thetas


def run_gs(arrays, steps, **kwargs):
    params = gs_params(arrays)
    opt = optim.Adam(params, **kwargs)
    for k in range(steps):
        for i, p in enumerate(params):
            p.grad = gs.tensor(fake_grad(p.data, k, i))
        opt.step()
    return params, opt


@pytest.mark.parametrize("foreach", [True, False])
@pytest.mark.parametrize("extra", [
    {},
    {"betas": (0.8, 0.99), "amsgrad": True},
    {"weight_decay": 0.1},
    {"weight_decay": 0.1, "decoupled_weight_decay": True},
    {"betas": (0.5, 0.9), "eps": 1e-3},
])
def test_no_bias_correction_follows_the_closed_form(foreach, extra):
    arrays = initial_arrays()
    kwargs = {"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-8, **extra}
    params, _ = run_gs(arrays, 8, bias_correction=False, foreach=foreach, **kwargs)
    expected = raw_adam(arrays, 8, kwargs["lr"], kwargs["betas"], kwargs["eps"],
                        extra.get("weight_decay", 0.0), extra.get("amsgrad", False),
                        extra.get("decoupled_weight_decay", False))
    for p, theta in zip(params, expected):
        np.testing.assert_allclose(p.data, theta, rtol=0, atol=1e-12)


def test_bias_correction_is_on_by_default_and_changes_the_steps():
    arrays = initial_arrays()
    default, _ = run_gs(arrays, 5, lr=0.01)
    on, _ = run_gs(arrays, 5, lr=0.01, bias_correction=True)
    off, _ = run_gs(arrays, 5, lr=0.01, bias_correction=False)
    for a, b, c in zip(default, on, off):
        np.testing.assert_array_equal(a.data, b.data)
        assert not np.allclose(a.data, c.data)


def test_first_step_lengths():
    """Step 1, constant g: corrected Adam moves γ·sign(g); the raw update γ(1-β1)/√(1-β2)."""
    lr, betas = 0.01, (0.9, 0.999)
    for correct, factor in ((True, 1.0), (False, (1 - betas[0]) / np.sqrt(1 - betas[1]))):
        theta = gs.tensor(np.zeros(3), requires_grad=True)
        opt = optim.Adam([theta], lr=lr, betas=betas, eps=0.0, bias_correction=correct)
        g = np.array([2.0, -0.5, 1e-3])
        theta.grad = gs.tensor(g)
        opt.step()
        np.testing.assert_allclose(theta.data, -lr * factor * np.sign(g), rtol=1e-12)


@pytest.mark.parametrize("correct", [True, False])
@pytest.mark.parametrize("foreach", [True, False])
def test_zero_betas_give_normalised_gradients(correct, foreach):
    """betas = (0, 0): θ ← θ - γ g / (|g| + ε), whether or not the bias is corrected."""
    arrays = initial_arrays(shapes=[(4,), (2, 3)])
    params, _ = run_gs(arrays, 1, lr=0.1, betas=(0.0, 0.0), eps=1e-8,
                       bias_correction=correct, foreach=foreach)
    for i, (p, a) in enumerate(zip(params, arrays)):
        g = fake_grad(a, 0, i)
        np.testing.assert_allclose(p.data, a - 0.1 * g / (np.abs(g) + 1e-8), rtol=0,
                                   atol=1e-14)


def test_state_dict_keeps_the_torch_layout():
    _, opt = run_gs(initial_arrays(), 2, lr=0.01, bias_correction=False)
    groups = opt.state_dict()["param_groups"]
    assert all("bias_correction" not in g for g in groups)
    params = gs_params(initial_arrays())
    fresh = optim.Adam(params, lr=0.01, bias_correction=False)
    fresh.load_state_dict(opt.state_dict())
    assert fresh.bias_correction is False
