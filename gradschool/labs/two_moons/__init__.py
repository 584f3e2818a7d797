r"""Lab `two-moons`: classifying two interleaving half circles; a decision boundary being learnt.

Data: gs.data.make_moons(n_samples=200, noise=0.1) for training and a fresh
draw of `n_test` points for testing. Two models, both trained by full-batch
Adam on the binary cross-entropy of the logit z (p = σ(z)):

    logistic regression:  z = w · x + b                    a straight boundary
    MLP 2 → 16 → 16 → 1:  z = W₃ relu(W₂ relu(W₁ x + b₁) + b₂) + b₃

and the same MLP three more ways, each from the MLP's initial weights and
trained by plain full-batch gradient descent (θ ← θ − lr ∂L/∂θ) beside a
gs.nn copy trained by gs.optim.SGD:

- on the scalar engine `gs.scalar` (micrograd's Value, Neuron, Layer, MLP),
  on `scalar_samples` training points for `scalar_steps` steps (it builds a
  graph of one node per multiplication: ~1e5 nodes per step on 200 points);
- as the course's object-oriented NumPy design (`numpy_oop`: DenseLayer,
  ReLU, NeuralNetwork with hand-written backward methods), on the whole
  training set for `compare_steps` steps.

Metrics:
    accuracy: {model: {train, test}} after `steps` Adam steps (mlp, logistic).
    steps_to_100: the first step t (t updates done) at which the MLP classifies
        every training point correctly; null if it never does.
    scalar_vs_tensor_max_gap, numpy_oop_vs_tensor_max_gap: max over the steps of
        |twin's loss − gs's loss|.
    Also final_loss {model: loss}.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.data import make_moons
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.random import fork_rng
from gradschool.viz import save_figure

from .figures import (
    curves_figure,
    make_grid,
    models_figure,
    snapshot_figure,
    twins_figure,
    write_gif,
)
from .models import (
    History,
    Weights,
    load_weights,
    make_logistic,
    make_mlp,
    train_adam,
    train_sgd,
    weights_of,
)
from .numpy_oop import network_from
from .scalar_twin import scalar_mlp_from, train_scalar

GRID_RESOLUTION = 100


@dataclass
class Config(LabConfig):
    """Data, training, pictures and the two step-by-step comparisons.

    n_samples, noise, n_test: make_moons sizes and noise; hidden: the MLP's width.
    steps, lr: full-batch Adam for both models.
    snapshot_steps: the steps drawn in the grid of boundaries; gif_frames: about how
        many frames the GIF has (steps spread geometrically, every snapshot included).
    compare_steps, compare_lr: gradient descent of the NumPy twin and its gs copy.
    scalar_steps, scalar_samples: gradient descent of the scalar-engine twin and the
        number of training points it uses (a random subset).
    """

    n_samples: int = 200
    noise: float = 0.1
    n_test: int = 1000
    hidden: int = 16
    steps: int = 500
    lr: float = 0.01
    snapshot_steps: tuple[int, ...] = (0, 10, 25, 50, 100, 150, 250, 500)
    gif_frames: int = 40
    compare_steps: int = 300
    compare_lr: float = 0.5
    scalar_steps: int = 8
    scalar_samples: int = 40


PRESETS = {
    "quick": Config(),
    "full": Config(n_test=10_000, steps=2000, snapshot_steps=(0, 10, 25, 50, 100, 250, 500, 2000),
                   gif_frames=100, compare_steps=2000, scalar_steps=100, scalar_samples=200),
}


def _check(c: Config) -> None:
    """Reject values the lab cannot use, naming the field and its value."""
    def fail(name: str, why: str) -> None:
        raise ValueError(f"two-moons: {name} = {getattr(c, name)!r}: {why}")

    for name in ("n_samples", "n_test"):
        if not isinstance(getattr(c, name), int) or getattr(c, name) < 2:
            fail(name, "must be an int >= 2 (one point per moon)")
    if not c.noise >= 0:
        fail("noise", "must be >= 0")
    for name in ("hidden", "steps", "gif_frames", "compare_steps", "scalar_steps"):
        if not isinstance(getattr(c, name), int) or getattr(c, name) < 1:
            fail(name, "must be an int >= 1")
    for name in ("lr", "compare_lr"):
        if not getattr(c, name) > 0:
            fail(name, "must be > 0")
    if not c.snapshot_steps or not all(0 <= t <= c.steps for t in c.snapshot_steps):
        fail("snapshot_steps", f"must be steps in [0, steps = {c.steps}]")
    if not 1 <= c.scalar_samples <= c.n_samples:
        fail("scalar_samples", f"must be in [1, n_samples = {c.n_samples}]")


def moons_data(c: Config) -> tuple[np.ndarray, ...]:
    """X, y (n_samples), X_test, y_test (n_test) and the scalar twin's subset of row
    indices, all drawn from np.random.default_rng(seed)."""
    rng = np.random.default_rng(c.seed)
    X, y = make_moons(c.n_samples, c.noise, seed=rng)
    X_test, y_test = make_moons(c.n_test, c.noise, seed=rng)
    subset = np.sort(rng.choice(c.n_samples, size=c.scalar_samples, replace=False))
    return X, y, X_test, y_test, subset


def initial_models(hidden: int, seed: int) -> tuple[gs.nn.Sequential, gs.nn.Sequential]:
    """The MLP and the logistic regression with gs.nn.Linear's initialisation drawn after
    gs.manual_seed(seed): the same weights whoever calls, the caller's generator untouched."""
    with fork_rng():
        gs.manual_seed(seed)
        return make_mlp(hidden), make_logistic()


def frame_steps(steps: int, n_frames: int, snapshots: tuple[int, ...]) -> set[int]:
    """About n_frames steps in [0, steps], geometrically spaced (training changes fastest at
    the start), plus 0, the last step and every snapshot."""
    spread = np.unique(np.round(np.geomspace(1, steps, max(n_frames - 1, 1))).astype(int))
    return {0, steps, *spread.tolist(), *snapshots}


def _compare(c: Config, weights: Weights, X: np.ndarray, y: np.ndarray, subset: np.ndarray,
             progress: Progress) -> dict[str, tuple[list[float], list[float]]]:
    """The NumPy-OOP and scalar-engine twins beside gs.nn copies, all from `weights`."""
    reference = train_sgd(load_weights(make_mlp(c.hidden), weights), X, y,
                          c.compare_steps, c.compare_lr)
    twin = network_from(weights).train(X, y.astype(np.float64), c.compare_lr, c.compare_steps)
    pairs = {f"NumPy OOP vs gs.nn ({len(X)} points)": (reference, twin)}
    Xs, ys = X[subset], y[subset]
    reference = train_sgd(load_weights(make_mlp(c.hidden), weights), Xs, ys,
                          c.scalar_steps, c.compare_lr)
    twin = train_scalar(scalar_mlp_from(weights), Xs, ys, c.scalar_steps, c.compare_lr,
                        progress)
    pairs[f"gs.scalar vs gs.nn ({len(Xs)} points)"] = (reference, twin)
    return pairs


def _max_gap(pair: tuple[list[float], list[float]]) -> float:
    return float(np.max(np.abs(np.asarray(pair[0]) - np.asarray(pair[1]))))


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Train both models with Adam, run the two twins, draw the boundaries and curves."""
    _check(config)
    c = config
    X, y, X_test, y_test, subset = moons_data(c)
    mlp, logistic = initial_models(c.hidden, c.seed)
    start = weights_of(mlp)  # copies, taken before Adam moves the MLP
    U, V, grid = make_grid(X, GRID_RESOLUTION)
    frames = frame_steps(c.steps, c.gif_frames, c.snapshot_steps)
    data = (X, y, X_test, y_test)
    histories: dict[str, History] = {
        "MLP": train_adam(mlp, data, c.steps, c.lr, grid, frames, progress, "Adam: MLP"),
        "logistic": train_adam(logistic, data, c.steps, c.lr, grid, {c.steps}, progress,
                               "Adam: logistic regression")}
    pairs = _compare(c, start, X, y, subset, progress)
    numpy_pair, scalar_pair = pairs.values()

    mlp_h, log_h = histories["MLP"], histories["logistic"]
    save_figure(snapshot_figure({t: mlp_h.grids[t] for t in c.snapshot_steps},
                                mlp_h.train_accuracy, U, V, X, y),
                out_dir / "boundary_snapshots.png", dpi=90)
    write_gif(out_dir / "training.gif", mlp_h.grids, mlp_h.train_accuracy, U, V, X, y)
    save_figure(curves_figure(histories), out_dir / "curves.svg")
    acc = {"mlp": {"train": mlp_h.train_accuracy[-1], "test": mlp_h.test_accuracy[-1]},
           "logistic": {"train": log_h.train_accuracy[-1], "test": log_h.test_accuracy[-1]}}
    panels = {f"logistic regression: test {acc['logistic']['test']:.1%}": log_h.grids[c.steps],
              f"MLP 2-{c.hidden}-{c.hidden}-1: test {acc['mlp']['test']:.1%}":
                  mlp_h.grids[c.steps]}
    save_figure(models_figure(panels, U, V, X_test, y_test), out_dir / "models.png", dpi=90)
    save_figure(twins_figure(pairs), out_dir / "twins.svg")

    metrics = {
        "accuracy": acc,
        "steps_to_100": mlp_h.steps_to(1.0),
        "scalar_vs_tensor_max_gap": _max_gap(scalar_pair),
        "numpy_oop_vs_tensor_max_gap": _max_gap(numpy_pair),
        "final_loss": {"mlp": mlp_h.loss[-1], "logistic": log_h.loss[-1]},
    }
    return Result(metrics=metrics, headline=_headline(metrics),
                  figures=["boundary_snapshots.png", "training.gif", "curves.svg",
                           "models.png", "twins.svg"])


def _headline(m: dict[str, Any]) -> dict[str, str]:
    acc = m["accuracy"]
    steps = m["steps_to_100"]
    return {
        "MLP train / test": f"{acc['mlp']['train']:.1%} / {acc['mlp']['test']:.1%}",
        "logistic train / test": f"{acc['logistic']['train']:.1%} / {acc['logistic']['test']:.1%}",
        "MLP at 100% train after": "never" if steps is None else f"{steps} steps",
        "scalar engine vs tensors": f"{m['scalar_vs_tensor_max_gap']:.1e}",
        "NumPy OOP vs tensors": f"{m['numpy_oop_vs_tensor_max_gap']:.1e}",
    }


LAB = register(Lab(
    id="two-moons", title="Two moons: a decision boundary being learnt", part="networks",
    Config=Config, presets=PRESETS, run=run,
    summary="An MLP 2-16-16-1 bends its boundary around two moons (100% train, ~100% test) "
            "where logistic regression stays a line (~88%); the scalar engine and a NumPy "
            "object-oriented network follow gs's MLP loss for loss.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=6.0,
    check=_check,
))
