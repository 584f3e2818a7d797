"""Lab `two-moons`: the MLP separates the moons (100% train, >= 97% test) where logistic
regression cannot (< 90%, as scikit-learn's best linear fit confirms); its Adam training
matches PyTorch's from the same weights; the scalar engine and the NumPy object-oriented
network follow gs's MLP loss for loss (float64, ~1e-15).
"""
import dataclasses

import numpy as np
import pytest
import torch
from PIL import Image

import gradschool as gs
from gradschool.labs.contract import SilentProgress
from gradschool.labs.two_moons import (
    PRESETS,
    frame_steps,
    initial_models,
    moons_data,
    run,
    scalar_twin,
)
from gradschool.labs.two_moons import numpy_oop as oop
from gradschool.labs.two_moons.models import History, weights_of
from tests.labs.lab_run import run_once

QUICK = PRESETS["quick"]
CONTRACT = {"accuracy", "steps_to_100", "scalar_vs_tensor_max_gap",
            "numpy_oop_vs_tensor_max_gap"}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return run_once("two-moons", tmp_path_factory.mktemp("two_moons"))


# --- the lab, quick preset ------------------------------------------------------------


def test_mlp_separates_the_moons_and_logistic_regression_cannot(quick):
    m = quick["metrics"]
    assert CONTRACT <= set(m)
    acc = m["accuracy"]
    assert acc["mlp"]["train"] == 1.0
    assert acc["mlp"]["test"] >= 0.97
    assert acc["logistic"]["train"] < 0.9 and acc["logistic"]["test"] < 0.9
    steps = m["steps_to_100"]
    assert isinstance(steps, int) and 0 < steps <= quick["config"]["steps"]


def test_no_straight_line_does_better_scikit_learn_agrees(quick):
    """The best linear boundary by log-loss (unregularised logistic regression, solved to
    convergence by scikit-learn) also stays below 90%: the limit is the model's."""
    from sklearn.linear_model import LogisticRegression

    X, y, *_ = moons_data(QUICK)
    fit = LogisticRegression(C=np.inf, max_iter=10_000).fit(X, y)
    assert fit.score(X, y) < 0.9
    assert abs(fit.score(X, y) - quick["metrics"]["accuracy"]["logistic"]["train"]) <= 0.03


def test_twins_follow_the_tensor_mlp_loss_for_loss(quick):
    m = quick["metrics"]
    assert 0.0 <= m["scalar_vs_tensor_max_gap"] < 1e-12
    assert 0.0 <= m["numpy_oop_vs_tensor_max_gap"] < 1e-12


def test_adam_training_matches_pytorch_from_the_same_weights(quick):
    """Replay the MLP's full-batch Adam in PyTorch float64: the same final loss."""
    c = QUICK
    X, y, *_ = moons_data(c)
    mlp, _ = initial_models(c.hidden, c.seed)
    layers = []
    for i, (W, b) in enumerate(weights_of(mlp)):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [torch.nn.ReLU(), linear] if i else [linear]
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=c.lr)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y[:, None].astype(np.float64))
    for _ in range(c.steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X_t), y_t)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        final = torch.nn.functional.binary_cross_entropy_with_logits(net(X_t), y_t).item()
    assert quick["metrics"]["final_loss"]["mlp"] == pytest.approx(final, rel=1e-6)


def test_figures_and_an_animated_gif(quick):
    names = ("boundary_snapshots.png", "training.gif", "curves.svg", "models.png", "twins.svg")
    assert quick["figures"] == list(names)
    for name in names:
        assert (quick["dir"] / name).stat().st_size > 1000
    with Image.open(quick["dir"] / "training.gif") as gif:
        assert gif.format == "GIF"
        frames = frame_steps(QUICK.steps, QUICK.gif_frames, QUICK.snapshot_steps)
        assert gif.n_frames == len(frames)
    assert not list(quick["dir"].glob(".*"))  # no temporary file left behind
    assert 'src="training.gif"' in (quick["dir"] / "index.html").read_text()


# --- the pieces on their own ----------------------------------------------------------


def test_numpy_oop_network_gradients_match_torch():
    rng = np.random.default_rng(0)
    weights = [(rng.standard_normal((5, 2)), rng.standard_normal(5)),
               (rng.standard_normal((3, 5)), rng.standard_normal(3)),
               (rng.standard_normal((1, 3)), rng.standard_normal(1))]
    X, y = rng.standard_normal((7, 2)), rng.integers(0, 2, 7).astype(np.float64)
    net = oop.network_from(weights)
    z = net.forward(X)[:, 0]
    dX = net.backward(oop.bce_with_logits_derivative(z, y)[:, None])

    params = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
              for W, b in weights]
    X_t = torch.tensor(X, requires_grad=True)
    h = X_t
    for i, (W, b) in enumerate(params):
        h = (torch.relu(h) if i else h) @ W.T + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(h[:, 0], torch.from_numpy(y))
    loss.backward()
    assert oop.bce_with_logits(z, y) == pytest.approx(loss.item(), rel=1e-14)
    dense = [layer for layer in net.layers if isinstance(layer, oop.DenseLayer)]
    for layer, (W, b) in zip(dense, params):
        np.testing.assert_allclose(layer.dW, W.grad.numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(layer.db, b.grad.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dX, X_t.grad.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(net.predict_proba(X), torch.sigmoid(h[:, 0]).detach().numpy())


def test_losses_and_sigmoid_are_stable_for_large_logits():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 2.0, 30.0, 800.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    oracle = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.from_numpy(y)).item()
    assert oop.bce_with_logits(z, y) == pytest.approx(oracle, rel=1e-14)
    np.testing.assert_allclose(oop.sigmoid(z), torch.sigmoid(torch.from_numpy(z)).numpy(),
                               rtol=1e-15)
    sig = oop.Sigmoid()
    A = sig.forward(z)
    np.testing.assert_allclose(sig.backward(np.ones_like(z)), A * (1 - A))
    for z_i, y_i in zip(z[1:-1], y[1:-1]):  # the Value version, value and gradient
        v = gs.scalar.Value(z_i)
        out = scalar_twin.bce_with_logits_value(v, y_i)
        out.backward()
        t = torch.tensor(z_i, requires_grad=True)
        ref = torch.nn.functional.binary_cross_entropy_with_logits(t, torch.tensor(y_i))
        ref.backward()
        # At z = -30 the loss is log(1 + e^-30) ~ 9.4e-14: Value (no log1p) and PyTorch
        # (which cancels -30 + 30) both keep only a few digits of it, ~1e-15 absolute.
        assert out.data == pytest.approx(ref.item(), rel=1e-14, abs=1e-14)
        assert v.grad == pytest.approx(t.grad.item(), rel=1e-12, abs=1e-14)


def test_dense_layer_rejects_bad_shapes_and_backward_before_forward():
    with pytest.raises(ValueError, match=r"\(3, 2\) and \(2,\)"):
        oop.DenseLayer(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(RuntimeError, match="forward first"):
        oop.DenseLayer(np.zeros((3, 2)), np.zeros(3)).backward(np.zeros((1, 3)))


def test_scalar_mlp_copies_the_weights_and_leaves_the_generator_alone():
    mlp, _ = initial_models(16, seed=3)
    gs.manual_seed(11)
    expected_next = gs.random.default_generator().random()
    gs.manual_seed(11)
    twin = scalar_twin.scalar_mlp_from(weights_of(mlp))
    assert gs.random.default_generator().random() == expected_next
    X = np.random.default_rng(1).standard_normal((5, 2))
    with gs.no_grad():
        z = mlp(gs.tensor(X)).numpy()[:, 0]
    np.testing.assert_allclose([twin(x).data for x in X.tolist()], z, rtol=1e-13, atol=1e-15)


def test_initial_models_depend_on_the_seed_only():
    a, _ = initial_models(16, seed=5)
    gs.manual_seed(99)
    b, _ = initial_models(16, seed=5)
    c, _ = initial_models(16, seed=6)
    for (Wa, ba), (Wb, bb) in zip(weights_of(a), weights_of(b)):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)
    assert not np.array_equal(weights_of(a)[0][0], weights_of(c)[0][0])


def test_frame_steps_and_history():
    frames = frame_steps(500, 40, (0, 10, 25, 50, 100, 150, 250, 500))
    assert {0, 10, 25, 500} <= frames and max(frames) == 500 and 30 <= len(frames) <= 48
    h = History(train_accuracy=[0.5, 0.9, 1.0, 0.99, 1.0])
    assert h.steps_to(1.0) == 2 and h.steps_to(0.95) == 2
    assert History(train_accuracy=[0.5]).steps_to(1.0) is None


@pytest.mark.parametrize(("overrides", "field"), [
    ({"n_samples": 1}, "n_samples"),
    ({"noise": -0.1}, "noise"),
    ({"lr": 0.0}, "lr"),
    ({"snapshot_steps": (0, 900)}, "snapshot_steps"),
    ({"scalar_samples": 500}, "scalar_samples"),
    ({"steps": 0}, "steps"),
])
def test_bad_config_is_rejected_by_name(tmp_path, overrides, field):
    config = dataclasses.replace(QUICK, **overrides)
    with pytest.raises(ValueError, match=field):
        run(config, tmp_path, SilentProgress())
