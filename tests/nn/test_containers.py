"""Sequential and ModuleList: indexing, length, iteration, edits, naming as in PyTorch."""
from collections import OrderedDict

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import nn


def test_sequential_applies_modules_in_order():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    x = gs.tensor(np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32))
    np.testing.assert_array_equal(model(x).data, model[2](model[1](model[0](x))).data)
    assert len(model) == 3 and [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
    assert model[-1] is model[2]
    assert isinstance(model[1:], nn.Sequential) and len(model[1:]) == 2
    assert list(model[1:].state_dict()) == ["2.weight", "2.bias"]  # names kept, as torch
    with pytest.raises(IndexError, match="index 3 is out of range .* length 3"):
        model[3]


def test_sequential_edits_renumber_like_torch():
    ours = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 3))
    theirs = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.ReLU(), torch.nn.Linear(2, 3))
    for model, lib in ((ours, nn), (theirs, torch.nn)):
        del model[1]
        model.append(lib.Tanh())
        model.insert(0, lib.Identity())
        model[1] = lib.Linear(1, 2, bias=False)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)


def test_sequential_from_ordered_dict():
    model = nn.Sequential(OrderedDict(hidden=nn.Linear(2, 3), act=nn.ReLU(), out=nn.Linear(3, 1)))
    assert list(model.state_dict()) == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
    assert model.hidden is model[0]


def test_module_list_registers_its_modules():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(layers) == 3 and layers[-1] is layers[2]
    layers.append(nn.Linear(2, 1))
    layers += [nn.ReLU()]
    layers.extend([nn.Tanh()])
    assert len(layers) == 6
    owner = nn.Module()
    owner.layers = layers
    assert [n for n, _ in owner.named_parameters()][-2:] == ["layers.3.weight", "layers.3.bias"]
    del layers[0]
    assert [n for n, _ in layers.named_parameters()][:2] == ["0.weight", "0.bias"]
    layers.insert(1, nn.Identity())
    assert isinstance(layers[1], nn.Identity) and len(layers) == 6
    assert isinstance(layers[:2], nn.ModuleList)
    layers[0] = nn.Sigmoid()
    assert isinstance(layers[0], nn.Sigmoid)
    with pytest.raises(NotImplementedError):
        layers(gs.tensor([1.0]))
    with pytest.raises(TypeError, match="is not a Module subclass"):
        layers.append(3)
