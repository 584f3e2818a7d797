"""Learning-rate schedules against torch.optim.lr_scheduler."""
import math

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import optim
from gradschool.optim import lr_scheduler

SCHEDULES = [
    ("StepLR", {"step_size": 4, "gamma": 0.5}),
    ("StepLR", {"step_size": 1}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 1e-3}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 1.0 / (1 + epoch)}),
    ("LambdaLR", {"lr_lambda": [lambda e: 0.95 ** e, lambda e: min(1.0, (e + 1) / 5)]}),
]


def _twins():
    w = gs.tensor(np.ones(2), requires_grad=True)
    v = gs.tensor(np.ones(3), requires_grad=True)
    tw = torch.ones(2, dtype=torch.float64, requires_grad=True)
    tv = torch.ones(3, dtype=torch.float64, requires_grad=True)
    gopt = optim.SGD([{"params": [w]}, {"params": [v], "lr": 0.05}], lr=0.1, momentum=0.9)
    topt = torch.optim.SGD([{"params": [tw]}, {"params": [tv], "lr": 0.05}], lr=0.1,
                           momentum=0.9)
    return gopt, topt


@pytest.mark.parametrize("name,kwargs", SCHEDULES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(SCHEDULES)])
def test_same_lrs_as_torch(name, kwargs):
    gopt, topt = _twins()
    gs_sched = getattr(lr_scheduler, name)(gopt, **kwargs)
    torch_sched = getattr(torch.optim.lr_scheduler, name)(topt, **kwargs)
    assert gs_sched.get_last_lr() == torch_sched.get_last_lr()
    assert gs_sched.base_lrs == [0.1, 0.05]
    for _ in range(30):
        gopt.step()
        topt.step()
        gs_sched.step()
        torch_sched.step()
        np.testing.assert_allclose(gs_sched.get_last_lr(), torch_sched.get_last_lr(),
                                   rtol=1e-12, atol=1e-15)
        assert [g["lr"] for g in gopt.param_groups] == gs_sched.get_last_lr()
        assert gs_sched.last_epoch == torch_sched.last_epoch


def test_cosine_matches_the_closed_form():
    gopt, _ = _twins()
    sched = lr_scheduler.CosineAnnealingLR(gopt, T_max=12, eta_min=0.01)
    for t in range(1, 40):
        sched.step()
        for lr, base in zip(sched.get_last_lr(), sched.base_lrs):
            closed = 0.01 + (base - 0.01) * (1 + math.cos(math.pi * t / 12)) / 2
            assert lr == pytest.approx(closed, rel=1e-12, abs=1e-15)


def test_schedule_drives_the_optimizer():
    w = gs.tensor(np.array([0.0]), requires_grad=True)
    opt = optim.SGD([w], lr=1.0)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
    for _ in range(4):
        w.grad = gs.tensor(np.array([-1.0]))
        opt.step()
        sched.step()
    np.testing.assert_allclose(w.data, [1.0 + 1.0 + 0.1 + 0.1])


@pytest.mark.parametrize("name,kwargs", [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.8}),
    ("CosineAnnealingLR", {"T_max": 6, "eta_min": 0.001}),
    ("LambdaLR", {"lr_lambda": lambda e: 0.9 ** e}),
])
def test_state_dict_round_trip(name, kwargs):
    gopt, _ = _twins()
    sched = getattr(lr_scheduler, name)(gopt, **kwargs)
    for _ in range(5):
        sched.step()
    opt_sd, sched_sd = gopt.state_dict(), sched.state_dict()
    assert "optimizer" not in sched_sd
    expected = []
    for _ in range(10):
        sched.step()
        expected.append(sched.get_last_lr())
    # resume: new optimizer and scheduler, then load both (torch's recommended order)
    opt2, _ = _twins()
    sched2 = getattr(lr_scheduler, name)(opt2, **kwargs)
    opt2.load_state_dict(opt_sd)
    sched2.load_state_dict(sched_sd)
    assert sched2.last_epoch == 5
    for lrs in expected:
        sched2.step()
        assert sched2.get_last_lr() == lrs


def test_resume_with_last_epoch_needs_initial_lr():
    gopt, _ = _twins()
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.ExponentialLR(gopt, gamma=0.9, last_epoch=3)


def test_bad_scheduler_arguments():
    gopt, _ = _twins()
    with pytest.raises(ValueError, match="step_size must be a positive int, got 0"):
        lr_scheduler.StepLR(gopt, step_size=0)
    with pytest.raises(ValueError, match="T_max must be a positive int, got -3"):
        lr_scheduler.CosineAnnealingLR(gopt, T_max=-3)
    with pytest.raises(ValueError, match="expected 2 lr_lambdas .* got 1"):
        lr_scheduler.LambdaLR(gopt, lr_lambda=[lambda e: 1.0])
    with pytest.raises(TypeError, match="Optimizer"):
        lr_scheduler.StepLR(torch.optim.SGD([torch.ones(1, requires_grad=True)]), 2)
    sched = lr_scheduler.ExponentialLR(gopt, gamma=0.5)
    with pytest.raises(ValueError, match="base_lrs has 1 values"):
        sched.load_state_dict({"base_lrs": [0.1]})
