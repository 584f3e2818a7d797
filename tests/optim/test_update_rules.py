"""Every update rule against torch.optim: same start, same gradients, same trajectory."""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import optim

from .twin import (
    assert_same,
    assert_same_state,
    gs_params,
    initial_arrays,
    set_grads,
    torch_params,
)

CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "maximize": True}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.02, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.01, "maximize": True, "centered": True}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.05,
                 "initial_accumulator_value": 0.5, "eps": 1e-8}),
    ("Adagrad", {"lr": 0.1, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adam", {"lr": 0.01, "maximize": True, "amsgrad": True, "eps": 1e-6}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True, "betas": (0.5, 0.9)}),
]


def _ids(case):
    name, kwargs = case
    return name + "-" + ",".join(f"{k}={v}" for k, v in kwargs.items())


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_matches_torch_every_step(case):
    name, kwargs = case
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = getattr(optim, name)(gp, **kwargs)
    topt = getattr(torch.optim, name)(tp, **kwargs)
    for k in range(10):
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
    assert_same_state(gopt, topt)


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
])
def test_params_without_grad_are_skipped(name, kwargs):
    """A parameter whose grad is None is not updated and its step count does not move."""
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = getattr(optim, name)(gp, **kwargs)
    topt = getattr(torch.optim, name)(tp, **kwargs)

    def skip(k, i):
        return (i == 1 and k % 2 == 1) or (i == 2 and k < 3)

    for k in range(8):
        before = gp[2].data.copy()
        set_grads(gp, tp, k, skip)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
        if k < 3:
            np.testing.assert_array_equal(gp[2].data, before)
    assert_same_state(gopt, topt)


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("Adagrad", {"lr": 0.1}),
    ("Adam", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01}),
])
def test_float32_params_stay_float32(name, kwargs):
    arrays = initial_arrays(dtype=np.float32)
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = getattr(optim, name)(gp, **kwargs)
    topt = getattr(torch.optim, name)(tp, **kwargs)
    for k in range(5):
        for i, (a, b) in enumerate(zip(gp, tp)):
            g = np.asarray(np.sin(a.data.astype(np.float64) + k) + 0.1 * i, np.float32)
            a.grad = gs.tensor(g)
            b.grad = torch.from_numpy(g.copy())
        gopt.step()
        topt.step()
        assert_same(gp, tp, atol=1e-5)
    for entries in gopt.state_dict()["state"].values():
        for key, value in entries.items():
            assert value.dtype == (np.float64 if key == "step" else np.float32), key


@pytest.mark.parametrize("name,kwargs", [
    ("SGD", {"lr": 0.01, "momentum": 0.9}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("RMSprop", {"lr": 0.01}),
])
def test_with_autograd_loss_and_closure(name, kwargs):
    """Gradients from gradschool's autograd, loss Σ (W x + b - y)², fed through a closure."""
    rng = np.random.default_rng(1)
    W0, b0 = rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    x, y = rng.standard_normal((4, 6)), rng.standard_normal((3, 6))
    W, b = gs.tensor(W0, requires_grad=True), gs.tensor(b0, requires_grad=True)
    tW, tb = torch.tensor(W0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    gx, gy = gs.tensor(x), gs.tensor(y)
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)
    gopt = getattr(optim, name)([W, b], **kwargs)
    topt = getattr(torch.optim, name)([tW, tb], **kwargs)

    def gs_closure():
        gopt.zero_grad()
        loss = ((W @ gx + b - gy) ** 2).sum()
        loss.backward()
        return loss

    def torch_closure():
        topt.zero_grad()
        loss = ((tW @ tx + tb - ty) ** 2).sum()
        loss.backward()
        return loss

    losses = []
    for _ in range(10):
        gl = gopt.step(gs_closure)
        tl = topt.step(torch_closure)
        assert gl.item() == pytest.approx(tl.item(), rel=1e-12, abs=1e-12)
        losses.append(gl.item())
        assert_same([W, b], [tW, tb])
    assert losses[-1] < losses[0]


def test_closure_runs_with_grad_enabled_under_no_grad():
    w = gs.tensor(np.array([1.0, -2.0]), requires_grad=True)
    opt = optim.SGD([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with gs.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 5.0
    np.testing.assert_allclose(w.data, [0.8, -1.6])


def test_step_without_closure_returns_none():
    w = gs.tensor(np.ones(2), requires_grad=True)
    w.grad = gs.tensor(np.ones(2))
    assert optim.Adam([w]).step() is None


def test_step_only_reads_gradients():
    """A gradient may be a read-only (broadcast) or shared array: step never writes into it."""
    for cls, kwargs in [(optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.1}),
                        (optim.Adam, {"maximize": True}), (optim.RMSprop, {"centered": True}),
                        (optim.Adagrad, {}), (optim.Adam, {"foreach": False})]:
        w = gs.tensor(np.arange(3.0), requires_grad=True)
        opt = cls([w], **kwargs)
        for _ in range(2):
            w.grad = gs.tensor(0.0, dtype=np.float64)
            w.grad.data = np.broadcast_to(np.ones(1), (3,))
            opt.step()
        assert not w.grad.data.flags.writeable
        np.testing.assert_array_equal(w.grad.data, np.ones(3))



ADAM_CASES = [c for c in CASES if c[0] in ("Adam", "AdamW")]


@pytest.mark.parametrize("case", ADAM_CASES, ids=[_ids(c) for c in ADAM_CASES])
def test_adam_per_parameter_loop_matches_torch(case):
    """foreach=False: the per-parameter loop, the reference the flat path is checked by."""
    name, kwargs = case
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = getattr(optim, name)(gp, foreach=False, **kwargs)
    topt = getattr(torch.optim, name)(tp, **kwargs)
    for k in range(10):
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
    assert_same_state(gopt, topt)
    assert not gopt._flat


def test_adam_switches_between_flat_and_loop():
    """Flat steps, a step with a missing gradient (loop), then unequal step counts (loop)."""
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = optim.Adam(gp, lr=0.01, amsgrad=True, weight_decay=0.1)
    topt = torch.optim.Adam(tp, lr=0.01, amsgrad=True, weight_decay=0.1)
    for k in range(8):
        set_grads(gp, tp, k, skip=lambda k, i: k == 3 and i == 0)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
        assert_same_state(gopt, topt)
        assert bool(gopt._flat) == (k < 3)


def test_adam_flat_state_follows_hand_edits_and_mixed_dtypes():
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt, topt = optim.AdamW(gp, lr=0.01), torch.optim.AdamW(tp, lr=0.01)
    for k in range(6):
        if k == 3:  # replace one state array by hand, in both
            gopt.state[gp[1]]["exp_avg"] = np.zeros(4)
            topt.state[tp[1]]["exp_avg"].zero_()
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
    assert_same_state(gopt, topt)
    # a group mixing float32 and float64 runs the loop, each array in its own dtype
    mixed = [gs.tensor(np.ones(3, np.float32), requires_grad=True),
             gs.tensor(np.ones(2), requires_grad=True)]
    opt = optim.Adam(mixed, lr=0.1)
    for p in mixed:
        p.grad = gs.tensor(np.ones(p.shape, p.dtype))
    opt.step()
    assert not opt._flat
    assert [p.dtype for p in mixed] == [np.float32, np.float64]
    np.testing.assert_allclose(mixed[0].data, 0.9, rtol=1e-6)
    np.testing.assert_allclose(mixed[1].data, 0.9, rtol=1e-8)


def _sgd_equations(theta, g, buf, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                   nesterov=False, maximize=False):
    """SGD's equations (the class doc) with Python-float hyper-parameters, as torch."""
    g = -g if maximize else g
    if weight_decay:
        g = g + weight_decay * theta
    if momentum:
        buf = g.copy() if buf is None else buf * momentum + (1 - dampening) * g
        g = g + momentum * buf if nesterov else buf
    return theta - lr * g, buf


SGD_CASES = [kwargs for name, kwargs in CASES if name == "SGD"]


@pytest.mark.parametrize("kwargs", SGD_CASES, ids=[_ids(("SGD", k)) for k in SGD_CASES])
def test_sgd_mixed_dtypes_match_torch_and_the_equations_bit_for_bit(kwargs):
    """float32 and float64 parameters in one group: each updated in its own dtype, exactly
    as the equations with Python floats (the step uses 0-d arrays of the parameter's dtype)."""
    arrays = [a.astype(np.float32) if i % 2 == 0 else a
              for i, a in enumerate(initial_arrays())]
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt, topt = optim.SGD(gp, **kwargs), torch.optim.SGD(tp, **kwargs)
    expected, bufs = [a.copy() for a in arrays], [None] * len(arrays)
    for k in range(8):
        set_grads(gp, tp, k)
        for i, p in enumerate(gp):
            expected[i], bufs[i] = _sgd_equations(expected[i], p.grad.data, bufs[i], **kwargs)
        gopt.step()
        topt.step()
        for p, e in zip(gp, expected):
            assert p.data.dtype == e.dtype
            np.testing.assert_array_equal(p.data, e)
        assert_same(gp, tp, atol=1e-5)
