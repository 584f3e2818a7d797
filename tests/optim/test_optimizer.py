"""The Optimizer base: param groups, zero_grad, state_dict, and the errors for bad input."""
import re

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


# ----- parameter groups -------------------------------------------------------------
@pytest.mark.parametrize("name,defaults,groups", [
    ("SGD", {"lr": 0.1}, [{"lr": 0.05, "momentum": 0.9}, {"nesterov": True, "momentum": 0.5}]),
    ("Adam", {"lr": 0.01}, [{"lr": 0.1, "amsgrad": True}, {"betas": (0.5, 0.9)}]),
    ("RMSprop", {"lr": 0.01}, [{"centered": True}, {"lr": 0.001, "momentum": 0.9}]),
])
def test_param_groups_with_their_own_hyperparameters(name, defaults, groups):
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = getattr(optim, name)([{"params": gp[:2], **groups[0]},
                                 {"params": gp[2:], **groups[1]}], **defaults)
    topt = getattr(torch.optim, name)([{"params": tp[:2], **groups[0]},
                                       {"params": tp[2:], **groups[1]}], **defaults)
    assert [len(g["params"]) for g in gopt.param_groups] == [2, 2]
    for g, t in zip(gopt.param_groups, topt.param_groups):
        for key, value in g.items():
            if key != "params":
                assert t[key] == value, key
    for k in range(10):
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
    assert_same_state(gopt, topt)


def test_add_param_group_later():
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt, topt = optim.Adagrad(gp[:1], lr=0.1), torch.optim.Adagrad(tp[:1], lr=0.1)
    for k in range(3):
        set_grads(gp[:1], tp[:1], k)
        gopt.step()
        topt.step()
    gopt.add_param_group({"params": gp[1:], "lr": 0.2})
    topt.add_param_group({"params": tp[1:], "lr": 0.2})
    assert gopt.param_groups[1]["lr"] == 0.2
    assert gopt.param_groups[1]["lr_decay"] == 0.0
    for k in range(3, 8):
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
        assert_same(gp, tp)
    assert_same_state(gopt, topt)


def test_changing_lr_in_a_group_takes_effect():
    w = gs.tensor(np.array([1.0]), requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    w.grad = gs.tensor(np.array([1.0]))
    opt.step()
    opt.param_groups[0]["lr"] = 0.5
    opt.step()
    np.testing.assert_allclose(w.data, [0.4])


def test_accepts_a_generator_and_parameters():
    from gradschool.nn.parameter import Parameter

    ps = [Parameter(np.ones((2, 2))), Parameter(np.zeros(2))]
    opt = optim.SGD((p for p in ps), lr=0.5)
    for p in ps:
        p.grad = gs.tensor(np.ones(p.shape))
    opt.step()
    np.testing.assert_allclose(ps[0].data, 0.5)
    np.testing.assert_allclose(ps[1].data, -0.5)


# ----- zero_grad --------------------------------------------------------------------
def test_zero_grad_sets_to_none_by_default():
    gp = gs_params(initial_arrays())
    opt = optim.SGD(gp, lr=0.1)
    for p in gp:
        p.grad = gs.tensor(np.ones(p.shape))
    opt.zero_grad()
    assert all(p.grad is None for p in gp)
    opt.zero_grad()  # no gradients: nothing to do
    opt.step()       # and a step with no gradient changes nothing
    for p, a in zip(gp, initial_arrays()):
        np.testing.assert_array_equal(p.data, a)


def test_zero_grad_to_zeros_keeps_the_tensor():
    w = gs.tensor(np.arange(3.0), requires_grad=True)
    v = gs.tensor(np.ones(3), requires_grad=True)
    x = gs.tensor(np.ones(3), requires_grad=True)
    (w * 2.0).sum().backward()
    shared = np.ones(3)  # v's gradient array is also x's, and x is not in the optimizer
    v.grad, x.grad = gs.tensor(shared), gs.tensor(shared)
    v.grad.data = x.grad.data = shared
    g = w.grad
    opt = optim.SGD([w, v], lr=0.1)
    opt.zero_grad(set_to_none=False)
    assert w.grad is g
    np.testing.assert_array_equal(w.grad.data, np.zeros(3))
    np.testing.assert_array_equal(v.grad.data, np.zeros(3))
    np.testing.assert_array_equal(x.grad.data, np.ones(3))
    (w * 2.0).sum().backward()
    np.testing.assert_array_equal(w.grad.data, np.full(3, 2.0))


# ----- state_dict ---------------------------------------------------------------------
ROUND_TRIP = [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("AdamW", {"lr": 0.01}),
]


@pytest.mark.parametrize("name,kwargs", ROUND_TRIP)
def test_state_dict_round_trip_continues_the_same_trajectory(name, kwargs):
    cls = getattr(optim, name)
    gp = gs_params(initial_arrays())
    tp = torch_params(initial_arrays())  # torch makes the same gradients for both runs
    opt = cls([{"params": gp[:1], "lr": kwargs["lr"] / 2}, {"params": gp[1:]}], **kwargs)
    for k in range(3):
        set_grads(gp, tp, k)
        opt.step()
    saved = opt.state_dict()
    snapshot = [p.data.copy() for p in gp]
    assert sorted(saved) == ["param_groups", "state"]
    assert [g["params"] for g in saved["param_groups"]] == [[0], [1, 2, 3]]
    for k in range(3, 7):
        set_grads(gp, tp, k)
        opt.step()
    # the saved arrays are copies: stepping on did not change them
    resumed = gs_params(snapshot)
    opt2 = cls([{"params": resumed[:1]}, {"params": resumed[1:]}], **kwargs)
    opt2.load_state_dict(saved)
    assert opt2.param_groups[0]["lr"] == kwargs["lr"] / 2
    for k in range(3, 7):
        set_grads(resumed, tp, k)
        opt2.step()
    for a, b in zip(gp, resumed):
        np.testing.assert_array_equal(a.data, b.data)
    # loading copies too: the loaded optimizer does not share arrays with the dict
    for entries in saved["state"].values():
        for value in entries.values():
            assert not any(np.shares_memory(value, s) for st in opt2.state.values()
                           for s in st.values())


def test_state_dict_matches_torch_layout_and_loads_torch_state():
    arrays = initial_arrays()
    gp, tp = gs_params(arrays), torch_params(arrays)
    gopt = optim.Adam(gp, lr=0.01, amsgrad=True)
    topt = torch.optim.Adam(tp, lr=0.01, amsgrad=True)
    for k in range(3):
        set_grads(gp, tp, k)
        gopt.step()
        topt.step()
    gsd, tsd = gopt.state_dict(), topt.state_dict()
    assert {i: sorted(s) for i, s in gsd["state"].items()} == \
        {i: sorted(s) for i, s in tsd["state"].items()}
    # a torch state_dict, its tensors turned into arrays, loads into gradschool
    converted = {
        "state": {i: {k: v.numpy().copy() for k, v in s.items()}
                  for i, s in tsd["state"].items()},
        "param_groups": tsd["param_groups"],
    }
    fresh = gs_params([p.detach().numpy() for p in tp])
    opt2 = optim.Adam(fresh, lr=0.5)
    opt2.load_state_dict(converted)
    assert opt2.param_groups[0]["lr"] == 0.01
    for k in range(3, 8):
        set_grads(fresh, tp, k)
        opt2.step()
        topt.step()
        assert_same(fresh, tp)


def _stepped(cls=optim.Adam, n=4, **kwargs):
    gp = gs_params(initial_arrays())
    opt = cls(gp, **kwargs)
    for p in gp:
        p.grad = gs.tensor(np.ones(p.shape))
    opt.step()
    return opt, gp


def test_load_state_dict_mismatches_are_clear():
    opt, _ = _stepped()
    sd = opt.state_dict()
    gp = gs_params(initial_arrays())
    two_groups = optim.Adam([{"params": gp[:2]}, {"params": gp[2:]}])
    with pytest.raises(ValueError, match="1 parameter groups, this optimizer has 2"):
        two_groups.load_state_dict(sd)
    fewer = optim.Adam(gs_params(initial_arrays())[:3])
    with pytest.raises(ValueError, match="group 0 has 4 parameters in the state_dict, 3 here"):
        fewer.load_state_dict(sd)
    bad = opt.state_dict()
    bad["state"][2]["exp_avg"] = np.zeros((5, 5))
    with pytest.raises(ValueError, match=re.escape("'exp_avg' of parameter 2 has shape (5, 5), "
                                                   "but the parameter has shape (2, 3, 2)")):
        opt.load_state_dict(bad)
    bad = opt.state_dict()
    bad["state"][7] = bad["state"][0]
    with pytest.raises(ValueError, match="state for parameter 7"):
        opt.load_state_dict(bad)
    bad = opt.state_dict()
    del bad["state"][1]["exp_avg_sq"]
    with pytest.raises(ValueError, match="lacks \\['exp_avg_sq'\\]"):
        opt.load_state_dict(bad)
    with pytest.raises(ValueError, match="no 'state' entry"):
        opt.load_state_dict({"param_groups": sd["param_groups"]})
    sgd, _ = _stepped(optim.SGD, momentum=0.9)
    with pytest.raises(ValueError, match=re.escape("lacks hyper-parameters ['amsgrad', 'betas'")):
        opt.load_state_dict(sgd.state_dict())
    # a failed load leaves the optimizer as it was
    after = opt.state_dict()
    for i in sd["state"]:
        for key in sd["state"][i]:
            np.testing.assert_array_equal(after["state"][i][key], sd["state"][i][key])


def test_adamw_stays_decoupled_after_load():
    opt, _ = _stepped(optim.AdamW)
    sd = opt.state_dict()
    sd["param_groups"][0]["decoupled_weight_decay"] = False
    opt.load_state_dict(sd)
    assert opt.param_groups[0]["decoupled_weight_decay"] is True


# ----- bad input ----------------------------------------------------------------------
BAD_HYPER = [
    (optim.SGD, {"lr": -0.1}, "lr=-0.1"),
    (optim.SGD, {"momentum": -0.5}, "momentum=-0.5"),
    (optim.SGD, {"weight_decay": -1e-4}, "weight_decay=-0.0001"),
    (optim.SGD, {"nesterov": True}, "momentum=0.0, dampening=0.0"),
    (optim.SGD, {"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "dampening=0.1"),
    (optim.Adam, {"lr": -1e-3}, "lr=-0.001"),
    (optim.Adam, {"betas": (1.0, 0.999)}, "betas[0]=1.0"),
    (optim.Adam, {"betas": (0.9, -0.1)}, "betas[1]=-0.1"),
    (optim.Adam, {"eps": -1e-8}, "eps=-1e-08"),
    (optim.AdamW, {"weight_decay": -0.01}, "weight_decay=-0.01"),
    (optim.AdamW, {"betas": (0.9, 1.5)}, "betas[1]=1.5"),
    (optim.RMSprop, {"alpha": -0.5}, "alpha=-0.5"),
    (optim.RMSprop, {"eps": -1.0}, "eps=-1.0"),
    (optim.RMSprop, {"momentum": -0.9}, "momentum=-0.9"),
    (optim.Adagrad, {"lr_decay": -1.0}, "lr_decay=-1.0"),
    (optim.Adagrad, {"initial_accumulator_value": -0.1}, "initial_accumulator_value=-0.1"),
]


@pytest.mark.parametrize("cls,kwargs,fragment", BAD_HYPER)
def test_bad_hyperparameters_name_the_value(cls, kwargs, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        cls(gs_params(initial_arrays()), **kwargs)
    # torch refuses the same settings
    with pytest.raises(ValueError):
        getattr(torch.optim, cls.__name__)(torch_params(initial_arrays()), **kwargs)


def test_bad_hyperparameter_in_a_group():
    gp = gs_params(initial_arrays())
    with pytest.raises(ValueError, match=re.escape("lr=-0.5")):
        optim.Adam([{"params": gp[:2]}, {"params": gp[2:], "lr": -0.5}])
    opt = optim.SGD(gp[:2], lr=0.1)
    with pytest.raises(ValueError, match=re.escape("weight_decay=-1")):
        opt.add_param_group({"params": gp[2:], "weight_decay": -1})
    assert len(opt.param_groups) == 1
    with pytest.raises(TypeError, match="lr must be a number, got 'fast'"):
        optim.SGD(gp, lr="fast")


def test_bad_params():
    w = gs.tensor(np.ones(3), requires_grad=True)
    frozen = gs.tensor(np.ones((2, 2)))
    with pytest.raises(ValueError, match=re.escape("params[1] (shape (2, 2)) does not "
                                                   "require grad")):
        optim.SGD([w, frozen], lr=0.1)
    with pytest.raises(ValueError, match="appears twice"):
        optim.Adam([w, w])
    v = gs.tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match="already in parameter group 0"):
        optim.Adam([{"params": [w, v]}, {"params": [v]}])
    opt = optim.Adam([w])
    with pytest.raises(ValueError, match="already in parameter group 0"):
        opt.add_param_group({"params": [w]})
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="single Tensor"):
        optim.SGD(w, lr=0.1)
    with pytest.raises(TypeError, match="set"):
        optim.SGD({w}, lr=0.1)
    with pytest.raises(TypeError, match=re.escape("params[0] is a ndarray")):
        optim.SGD([np.ones(3)], lr=0.1)
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([w * 2.0], lr=0.1)
    with pytest.raises(ValueError, match="no 'params' key"):
        optim.SGD([{"lr": 0.1}])


def test_repr_lists_groups():
    opt = optim.SGD(gs_params(initial_arrays()), lr=0.1, momentum=0.9)
    text = repr(opt)
    assert text.startswith("SGD (") and "Parameter Group 0" in text and "momentum: 0.9" in text
