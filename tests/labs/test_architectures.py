"""Lab `architectures`: the quick preset shows the three phenomena; the cell is deterministic;
the networks and the gradient-norm measurement match PyTorch twins with copied weights.

The quick preset runs once (module-scoped fixture) through the real runner and the
default processes backend. Its three assertions, each with a wide margin (measured on
seeds 0 … 9 of the cells involved, see the report):
- at 32 hidden layers the plain MLP's first-layer gradient is ~1e-13 at initialisation
  (one ReLU Jacobian of gain ~ 1/√6 per layer), the residual one's ~1e2;
- so the plain net never leaves chance (test ~0.09), while the residual one learns (~0.5);
- dropout p = 0.5 halves the train-test gap of p = 0 (~0.13 against ~0.29).
"""
import dataclasses
import json

import numpy as np
import pytest
import torch

import gradschool as gs
import gradschool.sweep as sweep
from gradschool.labs import SilentProgress
from gradschool.labs.architectures import LAB, QUICK
from gradschool.labs.architectures.cells import build_model, steps_to, train_cell
from gradschool.labs.architectures.gradients import layer_gradient_norms
from gradschool.labs.architectures.models import ConvNet, linear_layers, mlp
from gradschool.labs.architectures.studies import make_cells, summarise
from gradschool.models import CNN
from gradschool.training import History
from tests.labs.lab_run import run_once

# --- the lab, quick preset (run once) -------------------------------------------------------


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("architectures", tmp_path_factory.mktemp("runs"))


def deepest(record) -> str:
    return str(max(record["config"]["depths"]))


def test_quick_residual_beats_plain_at_the_largest_depth(quick):
    depth = quick["metrics"]["depth"]
    L = deepest(quick)
    assert depth["residual"][L]["test"] > depth["plain"][L]["test"], depth


def test_quick_initial_gradient_of_the_first_layer_vanishes_in_the_deep_plain_net(quick):
    depth = quick["metrics"]["depth"]
    L = deepest(quick)
    assert (depth["plain"][L]["grad_norm_first_layer"]
            < depth["residual"][L]["grad_norm_first_layer"]), depth


def test_quick_dropout_shrinks_the_generalisation_gap(quick):
    dropout = quick["metrics"]["dropout"]
    assert dropout["0.5"]["gap"] < dropout["0"]["gap"], dropout


def test_quick_metrics_follow_the_contract(quick):
    m, config = quick["metrics"], quick["config"]
    layers = {str(L) for L in config["depths"]}
    for kind in ("plain", "residual"):
        assert set(m["depth"][kind]) == layers
        for entry in m["depth"][kind].values():
            assert set(entry) == {"train", "test", "grad_norm_first_layer"}
    assert set(m["batchnorm_steps_to_80"]) == {"with", "without"}
    assert all(v is None or isinstance(v, int) for v in m["batchnorm_steps_to_80"].values())
    assert set(m["width"]) == {str(u) for u in config["widths"]}
    assert set(m["dropout"]) == {f"{p:g}" for p in config["dropout_ps"]}
    for entry in m["dropout"].values():
        assert entry["gap"] == pytest.approx(entry["train"] - entry["test"])
    assert set(m["cnn"]) == set(config["cnn_variants"])
    assert all(len(v) == config["seeds"] for v in m["per_seed"]["cnn"].values())
    for name in ("depth", "gradients", "batchnorm", "width", "dropout", "cnn"):
        assert (quick["dir"] / f"{name}.svg").stat().st_size > 0, name


# --- the cell ------------------------------------------------------------------------------

TINY = {"lr": 1e-3, "batch_size": 50, "eval_every": 10, "steps": 20, "seed": 3}


@pytest.mark.parametrize("cell", [
    {"study": "dropout", "p": 0.3, "width": 16, "layers": 2, **TINY},
    {"study": "batchnorm", "batchnorm": True, "layers": 3, "width": 8, **TINY},
    {"study": "cnn", "variant": "strided", **TINY, "eval_every": 20},
])
def test_a_cell_gives_the_same_result_whatever_the_global_state(cell, tmp_path):
    gs.seed_everything(123)
    first = train_cell(cell)
    gs.seed_everything(456)
    np.random.rand(7)
    again = train_cell(cell)
    assert again == first
    # through the sweep (serial backend: seeds the globals from the cell's key, JSON round trip)
    [stored] = sweep.run(train_cell, [cell], tmp_path / "store", backend="serial")
    assert stored == json.loads(json.dumps(first))
    other = train_cell({**cell, "seed": 4})
    assert other["train_curve"] != first["train_curve"]


def test_a_cell_gives_the_same_result_on_the_serial_and_processes_backends(tmp_path):
    """A worker process computes with one BLAS thread; so does the cell in this process."""
    cell = {"study": "width", "units": 1024, **TINY, "eval_every": 20}
    [serial] = sweep.run(train_cell, [cell], tmp_path / "serial", backend="serial")
    [processes] = sweep.run(train_cell, [cell], tmp_path / "processes", backend="processes",
                            workers=1)
    assert serial == processes


def test_cells_of_a_preset_are_distinct_and_carry_their_budget():
    cells = make_cells(QUICK)
    assert len({json.dumps(c, sort_keys=True) for c in cells}) == len(cells)
    n_configs = (2 * len(QUICK.depths) + 2 + len(QUICK.widths) + len(QUICK.dropout_ps)
                 + len(QUICK.cnn_variants))
    assert len(cells) == n_configs * QUICK.seeds
    assert all({"steps", "lr", "batch_size", "eval_every", "seed"} <= set(c) for c in cells)


def test_summarise_means_and_the_step_every_seed_reached_80():
    cells = [{"study": "batchnorm", "batchnorm": bn, "seed": s} for bn in (False, True)
             for s in (0, 1)]
    results = [{"train": 0.1, "test": 0.1, "grad_norms": [1.0, 2.0], "steps_to_80": None},
               {"train": 0.3, "test": 0.2, "grad_norms": [3.0, 4.0], "steps_to_80": 500},
               {"train": 0.9, "test": 0.7, "grad_norms": [5.0, 6.0], "steps_to_80": 300},
               {"train": 0.8, "test": 0.6, "grad_norms": [7.0, 8.0], "steps_to_80": 600}]
    m = summarise(cells, results)
    assert m["batchnorm_steps_to_80"] == {"with": 600, "without": None}
    assert m["batchnorm_train"] == {"with": pytest.approx(0.85), "without": pytest.approx(0.2)}
    assert m["batchnorm_grad_norms"]["with"] == [6.0, 7.0]


def test_steps_to_the_threshold():
    h = History(steps=[10, 20, 30], train_accuracy=[0.5, 0.8, 0.9])
    assert steps_to(h) == 20 and steps_to(h, 0.95) is None


# --- the networks against PyTorch ----------------------------------------------------------

class TorchResidual(torch.nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return x + self.fn(x)


def torch_mlp(width, layers, residual, in_features=40, num_classes=10):
    """The twin of `mlp`: same modules, same parameter names."""
    def block(n_in):
        return torch.nn.Sequential(torch.nn.Linear(n_in, width), torch.nn.ReLU())

    blocks = [block(in_features)]
    blocks += [TorchResidual(block(width)) if residual else block(width)
               for _ in range(layers - 1)]
    return torch.nn.Sequential(*blocks, torch.nn.Linear(width, num_classes)).double()


def copy_weights(ours, theirs):
    state = {k: torch.from_numpy(np.asarray(v.data, dtype=np.float64).copy())
             for k, v in ours.state_dict().items()}
    theirs.load_state_dict(state)


def batch(n=32, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 40)), rng.integers(0, 10, n)


@pytest.mark.parametrize("residual", [False, True])
def test_mlp_forward_and_backward_match_a_torch_twin(residual):
    gs.manual_seed(1)
    ours = mlp(8, 4, residual=residual).double()
    theirs = torch_mlp(8, 4, residual)
    copy_weights(ours, theirs)
    x, y = batch()
    z = ours(gs.tensor(x))
    loss = gs.nn.functional.cross_entropy(z, gs.tensor(y))
    loss.backward()
    z_t = theirs(torch.from_numpy(x))
    loss_t = torch.nn.functional.cross_entropy(z_t, torch.from_numpy(y))
    loss_t.backward()
    np.testing.assert_allclose(z.data, z_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    grads = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.data, grads[name].grad.numpy(), rtol=1e-10,
                                   atol=1e-14, err_msg=name)


@pytest.mark.parametrize("residual, layers", [(False, 6), (True, 6), (False, 24)])
def test_gradient_norms_match_torch_and_leave_the_model_alone(residual, layers):
    gs.manual_seed(2)
    ours = mlp(16, layers, residual=residual).double()
    theirs = torch_mlp(16, layers, residual)
    copy_weights(ours, theirs)
    x, y = batch(100)
    norms = layer_gradient_norms(ours, x, y)
    torch.nn.functional.cross_entropy(theirs(torch.from_numpy(x)), torch.from_numpy(y)).backward()
    expected = [m.weight.grad.norm().item() for m in theirs.modules()
                if isinstance(m, torch.nn.Linear)]
    np.testing.assert_allclose(norms, expected, rtol=1e-9)
    assert len(norms) == layers + 1
    assert all(p.grad is None for p in ours.parameters())
    if not residual:  # a plain ReLU net: the gradient shrinks towards the input
        assert norms[0] < norms[-1]


def test_gradient_norms_put_batch_norm_statistics_back():
    gs.manual_seed(3)
    model = build_model({"study": "batchnorm", "batchnorm": True, "layers": 3, "width": 8})
    before = {k: v.data.copy() for k, v in model.named_buffers()}
    x, y = batch(20)
    layer_gradient_norms(model, x, y)
    for k, v in model.named_buffers():
        np.testing.assert_array_equal(v.data, before[k], err_msg=k)


def test_the_strided_convnet_is_the_mnist1d_cnn():
    gs.manual_seed(4)
    reference = CNN()
    ours = ConvNet((5, 3, 3), padding=1)
    assert list(ours.state_dict()) == list(reference.state_dict())
    ours.load_state_dict(reference.state_dict())
    x = gs.tensor(batch(8)[0].astype(np.float32))
    np.testing.assert_array_equal(ours(x).data, reference(x).data)


@pytest.mark.parametrize("kernel, pool", [(9, False), (5, True), (3, True)])
def test_convnet_matches_a_torch_twin(kernel, pool):
    gs.manual_seed(5)
    ours = ConvNet((kernel,) * 3, pool=pool).double()
    stride, pad = (1 if pool else 2), kernel // 2
    convs = [torch.nn.Conv1d(1 if i == 0 else 25, 25, kernel, stride=stride, padding=pad)
             for i in range(3)]
    x, _ = batch(6)
    h = torch.from_numpy(x).reshape(6, 1, 40)
    state = {k: torch.from_numpy(np.asarray(v.data, dtype=np.float64).copy())
             for k, v in ours.state_dict().items()}
    for i, conv in enumerate(convs, start=1):
        conv.double().load_state_dict({"weight": state[f"conv{i}.weight"],
                                       "bias": state[f"conv{i}.bias"]})
        h = torch.relu(conv(h))
        h = torch.nn.functional.max_pool1d(h, 2) if pool else h
    assert h.shape[-1] == 5
    z = h.reshape(6, -1) @ state["linear.weight"].T + state["linear.bias"]
    np.testing.assert_allclose(ours(gs.tensor(x)).data, z.detach().numpy(), rtol=1e-10,
                               atol=1e-12)


def test_mlp_structure():
    model = mlp(8, 3, residual=True, batchnorm=True, dropout=0.2)
    assert len(linear_layers(model)) == 4
    assert sum(isinstance(m, gs.nn.Residual) for m in model.modules()) == 2
    assert sum(isinstance(m, gs.nn.BatchNorm1d) for m in model.modules()) == 3
    assert sum(isinstance(m, gs.nn.Dropout) for m in model.modules()) == 3


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, words", [
    (lambda: mlp(0, 2), ["width", "0"]),
    (lambda: mlp(8, 2.5), ["layers", "2.5"]),
    (lambda: mlp(8, 2, dropout=1.0), ["dropout", "1.0"]),
    (lambda: ConvNet((5, 3)), ["kernel_sizes", "(5, 3)"]),
    (lambda: ConvNet((41, 41, 41), padding=0), ["no positions"]),
    (lambda: build_model({"study": "depth", "kind": "dense", "width": 8, "layers": 2}),
     ["kind", "dense"]),
    (lambda: build_model({"study": "cnn", "variant": "avg_pool"}), ["variant", "avg_pool"]),
    (lambda: build_model({"study": "nope"}), ["study", "nope"]),
    (lambda: layer_gradient_norms(mlp(4, 1), *batch(3)[:1], np.zeros(2)), ["3 inputs", "2"]),
])
def test_bad_input_is_named(call, words):
    with pytest.raises(ValueError) as error:
        call()
    for word in words:
        assert word in str(error.value)


@pytest.mark.parametrize("field, value", [
    ("seeds", 0), ("depths", ()), ("widths", (8, -1)), ("dropout_ps", (0.0, 1.0)),
    ("cnn_variants", ("strided", "huge")), ("batch_size", 1), ("lr", 0.0), ("eval_every", 0),
])
def test_bad_config_raises_before_any_cell_runs(field, value, tmp_path):
    config = dataclasses.replace(QUICK, **{field: value})
    with pytest.raises(ValueError, match=field):
        LAB.run(config, tmp_path, SilentProgress())
    assert not (tmp_path / "study").exists()
