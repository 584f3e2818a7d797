"""Lab `double-descent`: a peak of test error at the interpolation threshold (UDL notebook 8.3).

The quick preset runs once (module fixture, the default processes backend) and must show
the phenomenon. The rest checks that the study is the notebook's: its data and label noise
against the `mnist1d` package and the notebook's own loop, its model and optimizer against
a PyTorch twin trained from the same weights on the same batches, and the reading of the
curve on the published run of the notebook.
"""
import random

import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.labs import double_descent as lab
from gradschool.labs.contract import SilentProgress
from gradschool.labs.double_descent import published
from gradschool.labs.double_descent.analysis import landmarks
from gradschool.labs.double_descent.cell import make_cell, train_cell
from gradschool.labs.double_descent.data import notebook_data, notebook_label_noise
from gradschool.labs.double_descent.training import (
    build_mlp,
    epoch_order,
    evaluate,
    param_count,
    train_epoch,
)
from gradschool.sweep import cell_key
from tests.labs.lab_run import run_once

METRICS = ("hidden", "params", "train_error", "test_error", "labels_changed",
           "interpolation_width", "peak_width", "first_minimum_width", "peak_test_error",
           "first_minimum_test_error", "final_test_error", "cell_seconds")
TINY = {"n_train": 250, "n_test": 200, "epochs": 3, "batch_size": 100, "lr": 0.01,
        "momentum": 0.9, "label_noise": 0.15, "data_seed": 42, "eval_every": 2}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    record = run_once("double-descent", tmp_path_factory.mktemp("double_descent"))
    for name in lab.FIGURES:
        assert (record["dir"] / name).is_file(), name
    return record["metrics"]


@pytest.fixture(scope="module")
def notebook_labels():
    """The notebook's cells, run as written: its data set, then its label-noise loop on
    Python's global `random` (make_dataset seeds it with the data seed, 42)."""
    from mnist1d.data import get_dataset_args, make_dataset

    state, np_state = random.getstate(), np.random.get_state()
    try:
        args = get_dataset_args()
        args.num_samples, args.train_split = 8000, 0.5
        args.corr_noise_scale, args.iid_noise_scale = 0.25, 2e-2
        random.seed(0)
        data = make_dataset(args)
        clean = data["y"].copy()
        for c_y in range(len(data["y"])):
            if random.random() < 0.15:
                data["y"][c_y] = int(random.random() * 10)
    finally:
        random.setstate(state)
        np.random.set_state(np_state)
    return data, clean


# --- the phenomenon, quick preset ---------------------------------------------------------


def test_quick_preset_shows_double_descent(quick):
    for name in METRICS:
        assert name in quick, name
    hidden, train, test = quick["hidden"], quick["train_error"], quick["test_error"]
    assert quick["params"] == [h * h + 52 * h + 10 for h in hidden]
    assert all(e < 1.0 for e in train[-2:]), train  # the largest widths fit the noisy labels
    interp = next(h for h, e in zip(hidden, train) if e < 1.0)
    below = [i for i, h in enumerate(hidden) if h < interp]
    i_min = min(below, key=lambda i: test[i])
    i_peak = max(range(i_min + 1, len(hidden)), key=lambda i: test[i])
    assert (quick["interpolation_width"], quick["first_minimum_width"], quick["peak_width"]) \
        == (interp, hidden[i_min], hidden[i_peak])
    peak = quick["peak_test_error"]
    assert peak == test[i_peak] and quick["final_test_error"] == test[-1]
    # 4000 test samples: a test error's standard error is below 0.8 points; the peak
    # stands several points above the first minimum and the largest width.
    assert peak > quick["first_minimum_test_error"] + 2, (peak, test)
    assert peak > quick["final_test_error"] + 2, (peak, test)
    assert interp / 2 <= quick["peak_width"] <= 2 * interp, (quick["peak_width"], interp)
    assert len(quick["cell_seconds"]) == len(hidden) and min(quick["cell_seconds"]) > 0


def test_quick_preset_labels_changed_are_the_notebooks(quick, notebook_labels):
    data, clean = notebook_labels
    assert quick["labels_changed"] == int(np.sum(data["y"] != clean))
    # 15% replaced by a uniform class, 1 in 10 of them the same: 13.5% changed, binomially.
    p, n = 0.15 * 0.9, len(clean)
    assert abs(quick["labels_changed"] / n - p) < 4 * np.sqrt(p * (1 - p) / n)


# --- the data, the model and the training are the notebook's -------------------------------


def test_data_and_label_noise_equal_the_notebooks(notebook_labels):
    data, clean = notebook_labels
    ours = notebook_data(0.15, 42, 4000, 4000)
    np.testing.assert_array_equal(ours["y"], data["y"])
    np.testing.assert_array_equal(ours["y_clean"], clean)
    np.testing.assert_array_equal(ours["y_test"], data["y_test"])
    np.testing.assert_array_equal(ours["x"], data["x"].astype(np.float32))
    np.testing.assert_array_equal(ours["x_test"], data["x_test"].astype(np.float32))


def test_label_noise_replaces_fifteen_percent_by_a_uniform_class():
    n = 100_000
    y = np.zeros(n, dtype=np.int64)
    noisy = notebook_label_noise(y, 0.15, seed=7)
    counts = np.bincount(noisy, minlength=10)
    replaced = 0.15 * n  # each class 1..9 gets 1/10 of the replaced labels, class 0 the rest
    for k in range(1, 10):
        assert abs(counts[k] - replaced / 10) < 4 * np.sqrt(replaced / 10), counts
    assert abs((noisy != 0).mean() - 0.135) < 4 * np.sqrt(0.135 * 0.865 / n)
    np.testing.assert_array_equal(y, 0)  # the input is left alone
    with pytest.raises(ValueError, match="fraction"):
        notebook_label_noise(y, 1.5, seed=0)


@pytest.mark.parametrize("h", [2, 40, 400])
def test_parameter_count_is_h2_plus_52h_plus_10(h):
    model = build_mlp(h, np.random.default_rng(0))
    twin = torch.nn.Sequential(torch.nn.Linear(40, h), torch.nn.ReLU(), torch.nn.Linear(h, h),
                               torch.nn.ReLU(), torch.nn.Linear(h, 10))
    count = sum(p.data.size for p in model.parameters())
    assert count == param_count(h) == h * h + 52 * h + 10 == sum(p.numel()
                                                                 for p in twin.parameters())


def test_init_is_kaiming_uniform_with_pytorchs_defaults_and_zero_biases():
    model = build_mlp(400, np.random.default_rng(1))
    for layer in (model[0], model[2], model[4]):
        W = layer.weight.data
        fan_in = W.shape[1]
        gain = torch.nn.init.calculate_gain("leaky_relu", 0)  # kaiming_uniform_'s defaults
        bound = np.sqrt(3.0) * gain / np.sqrt(fan_in)
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.99 * bound
        assert W.std() == pytest.approx(gain / np.sqrt(fan_in), rel=0.03)
        np.testing.assert_array_equal(layer.bias.data, 0.0)


def _twin(model: gs.nn.Sequential) -> torch.nn.Sequential:
    h = model[0].out_features
    twin = torch.nn.Sequential(torch.nn.Linear(40, h), torch.nn.ReLU(), torch.nn.Linear(h, h),
                               torch.nn.ReLU(), torch.nn.Linear(h, 10))
    twin.load_state_dict({k: torch.from_numpy(np.array(v.data))
                          for k, v in model.state_dict().items()})
    return twin


def test_training_matches_a_pytorch_twin_step_by_step():
    """Same weights, same batches (the last one short): the same losses and weights."""
    data = notebook_data(0.15, 42, 250, 200)
    model = build_mlp(24, np.random.default_rng(3))
    twin = _twin(model)
    ours = gs.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    theirs = torch.optim.SGD(twin.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.from_numpy(data["x"]), torch.from_numpy(data["y"])
    rng = np.random.default_rng(4)
    for _ in range(4):
        order = epoch_order(250, rng)
        losses = train_epoch(model, ours, data["x"], data["y"], order, 100)
        expected = []
        for start in range(0, 250, 100):
            idx = torch.from_numpy(order[start:start + 100])
            loss = torch.nn.functional.cross_entropy(twin(x[idx]), y[idx])
            theirs.zero_grad()
            loss.backward()
            theirs.step()
            expected.append(loss.item())
        np.testing.assert_allclose(losses, expected, rtol=1e-5, atol=1e-6)
    for k, v in model.state_dict().items():
        np.testing.assert_allclose(np.array(v.data), twin.state_dict()[k].numpy(), atol=1e-5)
    error, loss = evaluate(model, data["x_test"], data["y_test"])
    with torch.no_grad():
        logits = twin(torch.from_numpy(data["x_test"]))
    y_test = torch.from_numpy(data["y_test"])
    assert loss == pytest.approx(torch.nn.functional.cross_entropy(logits, y_test).item(),
                                 rel=1e-5)
    assert error == pytest.approx(100 * (logits.argmax(1) != y_test).double().mean().item(),
                                  abs=100 / 200 + 1e-9)  # at most one sample may flip


def test_one_cell_matches_its_pytorch_twin_and_repeats_exactly():
    cell = make_cell(16, 5, TINY)
    result = train_cell(cell)
    assert train_cell(cell) == result  # deterministic: same cell, same numbers
    assert result["epochs"] == [2, 3] and result["params"] == param_count(16)

    data = notebook_data(0.15, 42, 250, 200)
    twin = _twin(build_mlp(16, np.random.default_rng([5, 0])))
    opt = torch.optim.SGD(twin.parameters(), lr=0.01, momentum=0.9)
    shuffle = np.random.default_rng([5, 1])
    x, y = torch.from_numpy(data["x"]), torch.from_numpy(data["y"])
    for _ in range(3):
        order = torch.from_numpy(shuffle.permutation(250))
        for start in range(0, 250, 100):
            idx = order[start:start + 100]
            loss = torch.nn.functional.cross_entropy(twin(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        test_loss = torch.nn.functional.cross_entropy(
            twin(torch.from_numpy(data["x_test"])), torch.from_numpy(data["y_test"])).item()
        train_loss = torch.nn.functional.cross_entropy(twin(x), y).item()
    assert result["test_loss"] == pytest.approx(test_loss, rel=1e-5)
    assert result["train_loss"] == pytest.approx(train_loss, rel=1e-5)


# --- reading the curve ---------------------------------------------------------------------


def test_landmarks_of_the_published_run():
    marks = landmarks(published.HIDDEN, published.TRAIN_ERROR, published.TEST_ERROR)
    assert marks == {"interpolation_width": 45, "first_minimum_width": 18,
                     "first_minimum_test_error": 49.92, "peak_width": 40,
                     "peak_test_error": 58.08, "final_test_error": 44.15}


def test_landmarks_without_interpolation_or_peak():
    marks = landmarks([1, 2, 3], [50.0, 40.0, 30.0], [60.0, 50.0, 55.0])
    assert marks["interpolation_width"] is None and marks["first_minimum_width"] == 2
    assert marks["peak_width"] == 3
    marks = landmarks([1, 2], [0.0, 0.0], [30.0, 20.0])
    assert marks["interpolation_width"] == 1 and marks["first_minimum_width"] == 1
    marks = landmarks([1, 2], [9.0, 5.0], [30.0, 20.0])
    assert marks["first_minimum_width"] == 2 and marks["peak_width"] is None
    with pytest.raises(ValueError, match="increase"):
        landmarks([2, 1], [0.0, 0.0], [1.0, 1.0])


def test_several_seeds_give_per_seed_lists_and_their_means():
    config = lab.Config(hidden=(2, 4, 8), seeds=3, seed=10)
    rng = np.random.default_rng(0)
    results = []
    for h in (8, 4, 2):  # any order
        for s in (10, 11, 12):
            curve = list(rng.uniform(0, 100, 2))
            results.append({"hidden": h, "seed": s, "train_error": 60.0 / h + s,
                            "test_error": 50.0 + h + s, "train_loss": 1.0, "test_loss": 2.0,
                            "epochs": [1, 2], "train_error_curve": curve,
                            "test_error_curve": curve})
    metrics = lab.summarize(config, results, [1.0] * len(results), labels_changed=7)
    assert metrics["seeds"] == [10, 11, 12]
    assert metrics["train_error"] == [[60.0 / h + s for h in (2, 4, 8)] for s in (10, 11, 12)]
    assert metrics["test_error_mean"] == [50.0 + h + 11 for h in (2, 4, 8)]
    assert metrics["final_test_error"] == 50.0 + 8 + 11
    assert metrics["cell_seconds"] == [1.0, 1.0, 1.0]


def test_cells_are_one_per_width_and_seed_widest_first():
    config = lab.LAB.config("quick", seeds=3)
    cells = lab.cells_of(config)
    assert len(cells) == len(config.hidden) * 3
    assert len({cell_key(train_cell, c) for c in cells}) == len(cells)
    assert [c["hidden"] for c in cells[::3]] == sorted(config.hidden, reverse=True)
    assert {c["seed"] for c in cells} == {0, 1, 2}


@pytest.mark.parametrize("field, value", [
    ("hidden", ()), ("hidden", (8, 4)), ("hidden", (0, 4)), ("seeds", 0), ("epochs", 0),
    ("n_train", 0), ("label_noise", 1.5), ("momentum", 1.0), ("lr", 0.0),
])
def test_bad_config_is_named_before_any_training(tmp_path, field, value):
    config = lab.LAB.config("quick", **{field: value})
    with pytest.raises(ValueError, match=field):
        lab.run(config, tmp_path, SilentProgress())
    assert not (tmp_path / "study").exists()


def test_n_train_beyond_the_notebooks_set_is_named():
    with pytest.raises(ValueError, match="n_train = 5000"):
        notebook_data(0.15, 42, 5000, 10)
