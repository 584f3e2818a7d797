"""Module: registration, traversal, modes, dtype, state_dict round trips with PyTorch."""
import copy

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool import nn
from tests.nn.twins import close, copy_weights


class Block(nn.Module):
    def __init__(self, torch_nn=nn):
        super().__init__()
        self.layers = torch_nn.ModuleList([torch_nn.Linear(3, 4), torch_nn.Linear(4, 4)])
        self.norm = torch_nn.BatchNorm1d(4)
        self.head = torch_nn.Sequential(torch_nn.ReLU(), torch_nn.Linear(4, 2))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x).relu()
        return self.head(self.norm(x))


class TorchBlock(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.Linear(4, 4)])
        self.norm = torch.nn.BatchNorm1d(4)
        self.head = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(4, 2))

    forward = Block.forward


def small_pair():
    ours = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    theirs = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8),
                                 torch.nn.ReLU(), torch.nn.Linear(8, 3))
    return ours, theirs


def test_names_order_and_shapes_match_torch():
    ours, theirs = Block(), TorchBlock()
    assert [(n, p.shape) for n, p in ours.named_parameters()] == [
        (n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == ["layers", "norm", "head"]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours).replace("Block", "") == repr(theirs).replace("TorchBlock", "")
    assert len(list(ours.children())) == 3 and len(list(ours.modules())) == 8


def test_repr_matches_torch():
    ours, theirs = small_pair()
    assert repr(ours) == repr(theirs)
    layers = [nn.Dropout(0.2), nn.LeakyReLU(0.2), nn.GELU("tanh"), nn.Softmax(dim=1),
              nn.Flatten(), nn.Identity(), nn.LayerNorm([2, 3]), nn.Linear(2, 3, bias=False),
              nn.Sigmoid(), nn.Tanh(), nn.ReLU(inplace=True), nn.CrossEntropyLoss()]
    twins = [torch.nn.Dropout(0.2), torch.nn.LeakyReLU(0.2), torch.nn.GELU("tanh"),
             torch.nn.Softmax(dim=1), torch.nn.Flatten(), torch.nn.Identity(),
             torch.nn.LayerNorm([2, 3]), torch.nn.Linear(2, 3, bias=False), torch.nn.Sigmoid(),
             torch.nn.Tanh(), torch.nn.ReLU(inplace=True), torch.nn.CrossEntropyLoss()]
    for a, b in zip(layers, twins, strict=True):
        assert repr(a) == repr(b)
    assert repr(nn.ModuleList([nn.Linear(2, 2)] * 3 + [nn.ReLU()])) == repr(
        torch.nn.ModuleList([torch.nn.Linear(2, 2)] * 3 + [torch.nn.ReLU()]))


def test_registration_by_assignment_and_removal():
    m = nn.Module()
    m.w = nn.Parameter(np.ones(3, np.float32))
    m.child = nn.Linear(2, 2)
    m.plain = gs.tensor([1.0])  # a plain tensor is not a parameter
    assert [n for n, _ in m.named_parameters()] == ["w", "child.weight", "child.bias"]
    with pytest.raises(TypeError, match="parameter 'w'"):
        m.w = gs.tensor([1.0, 2.0, 3.0])
    m.w = None
    assert [n for n, _ in m.named_parameters()] == ["child.weight", "child.bias"]
    del m.child
    assert list(m.parameters()) == [] and not hasattr(m, "child")
    m.register_buffer("stat", gs.tensor([0.0]))
    m.register_buffer("scratch", gs.tensor([0.0]), persistent=False)
    assert list(m.state_dict()) == ["stat"]
    assert [n for n, _ in m.named_buffers()] == ["stat", "scratch"]
    with pytest.raises(KeyError, match="already exists"):
        m.register_buffer("plain", gs.tensor([1.0]))
    with pytest.raises(AttributeError, match="before Module.__init__"):
        class Broken(nn.Module):
            def __init__(self):
                self.fc = nn.Linear(1, 1)
        Broken()


def test_shared_parameters_are_listed_once():
    fc = nn.Linear(2, 2)
    m = nn.Sequential(fc, nn.ReLU(), fc)
    assert len(list(m.parameters())) == 2
    assert list(m.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_train_eval_apply_zero_grad_requires_grad():
    m = Block()
    assert all(x.training for x in m.modules())
    assert m.eval() is m and not any(x.training for x in m.modules())
    m.train()
    assert m.norm.training
    seen = []
    m.apply(lambda module: seen.append(type(module).__name__))
    assert seen[-1] == "Block" and seen.count("Linear") == 3
    m(gs.tensor(np.ones((4, 3), np.float32))).sum().backward()
    assert all(p.grad is not None for p in m.parameters())
    m.zero_grad(set_to_none=False)
    assert all(not p.grad.data.any() for p in m.parameters())
    m.zero_grad()
    assert all(p.grad is None for p in m.parameters())
    m.requires_grad_(False)
    assert not any(p.requires_grad for p in m.parameters())


def test_to_double_keeps_parameter_objects():
    m = Block()
    params, arrays = list(m.parameters()), [p.data for p in m.parameters()]
    m(gs.tensor(np.ones((4, 3), np.float32))).sum().backward()
    assert m.to(gs.float64) is m
    assert [id(p) for p in m.parameters()] == [id(p) for p in params]
    assert all(p.dtype == np.float64 and p.grad.dtype == np.float64 for p in params)
    assert all(np.array_equal(p.data, a) for p, a in zip(params, arrays))
    assert m.norm.running_mean.dtype == np.float64
    assert m.norm.num_batches_tracked.dtype == np.int64  # integer buffers stay
    assert m.float().norm.running_var.dtype == np.float32
    m.to("cpu")
    m.to(dtype="float64")
    assert params[0].dtype == np.float64
    with pytest.raises(ValueError, match="CPU only"):
        m.to("cuda")
    with pytest.raises(TypeError, match="floating point"):
        m.to(gs.int64)


def test_state_dict_values_are_detached_and_share_memory():
    m = nn.Linear(2, 3)
    state = m.state_dict()
    assert not state["weight"].requires_grad
    assert np.shares_memory(state["weight"].data, m.weight.data)
    assert m.state_dict(keep_vars=True)["weight"] is m.weight


def test_load_torch_state_dict_reproduces_torch_outputs():
    ours, theirs = small_pair()
    theirs.train()
    x = np.random.default_rng(0).standard_normal((6, 5)).astype(np.float32)
    theirs(torch.from_numpy(x))  # move the running statistics away from 0 and 1
    theirs.eval()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    ours.eval()
    assert int(ours[1].num_batches_tracked.item()) == 1
    with torch.no_grad():
        expected = theirs(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours(gs.tensor(x)).data, expected, rtol=1e-6, atol=1e-6)
    # and back: torch loads ours
    back = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8),
                               torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
    back.load_state_dict({k: torch.from_numpy(v.data.copy())
                          for k, v in ours.state_dict().items()})
    with torch.no_grad():
        np.testing.assert_array_equal(back(torch.from_numpy(x)).numpy(), expected)
    # in float64 the two agree to rounding
    theirs.double()
    ours.double().load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    with torch.no_grad():
        expected = theirs(torch.from_numpy(x).double()).numpy()
    np.testing.assert_allclose(ours(gs.tensor(x, dtype=gs.float64)).data, expected,
                               rtol=1e-13, atol=1e-14)


def test_load_state_dict_copies_in_place():
    m = nn.Linear(2, 3)
    weight, array = m.weight, m.weight.data
    new = {"weight": gs.tensor(np.arange(6.0).reshape(3, 2)), "bias": np.zeros(3)}
    result = m.load_state_dict(new)
    assert m.weight is weight and m.weight.data is array and array.dtype == np.float32
    np.testing.assert_array_equal(array, np.arange(6.0).reshape(3, 2))
    assert result.missing_keys == [] and result.unexpected_keys == []
    new["weight"].data[0, 0] = 99.0  # no memory shared with the source
    assert m.weight.data[0, 0] == 0.0


def test_load_state_dict_errors_name_the_keys_and_shapes():
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    good = {k: v.data.copy() for k, v in m.state_dict().items()}
    with pytest.raises(RuntimeError, match=r"size mismatch for 2\.weight: .*\(4, 3\).*\(1, 3\)"):
        m.load_state_dict({**good, "2.weight": np.zeros((4, 3))})
    missing = {k: v for k, v in good.items() if k != "0.bias"}
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "0.bias"'):
        m.load_state_dict(missing)
    with pytest.raises(RuntimeError, match='Unexpected key\\(s\\) in state_dict: "extra"'):
        m.load_state_dict({**good, "extra": np.zeros(1)})
    before = m[0].weight.data.copy()
    with pytest.raises(RuntimeError, match="size mismatch"):  # nothing copied on error
        m.load_state_dict({**good, "0.weight": good["0.weight"] + 1, "2.bias": np.zeros(2)})
    np.testing.assert_array_equal(m[0].weight.data, before)
    result = m.load_state_dict({**missing, "extra": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["0.bias"] and result.unexpected_keys == ["extra"]


def test_load_keeps_optimizer_references_working():
    ours, theirs = small_pair()
    held = list(ours.parameters())
    copy_weights(theirs, ours)
    assert all(a is b for a, b in zip(held, ours.parameters()))
    for name, p in ours.named_parameters():
        close(p, dict(theirs.named_parameters())[name])


def test_deepcopy_gives_an_independent_module():
    m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    twin = copy.deepcopy(m)
    twin[0].weight.data[...] = 0
    assert m[0].weight.data.any()
    assert [n for n, _ in twin.named_parameters()] == [n for n, _ in m.named_parameters()]


def test_forward_is_required_and_get_submodule():
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)
    m = Block()
    assert m.get_submodule("head.1") is m.head[1]
    with pytest.raises(AttributeError, match="no submodule 'nope'"):
        m.get_submodule("head.nope")
