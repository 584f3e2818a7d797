"""The model every trial trains: an MLP on MNIST-1D, scored on a validation split.

    h₁ = dropout(relu(W₁ x + b₁))        x (N, 40) → h₁ (N, width)
    h₂ = dropout(relu(W₂ h₁ + b₂))       h₁ → h₂ (N, width)
    z  = W₃ h₂ + b₃                      h₂ → logits z (N, 10)

trained with cross-entropy and Adam (lr, L2 weight decay λ: the gradient
becomes g + λ W) on mini-batches of `batch_size`, for a fixed number of
epochs. The validation set is carved out of the training set (`split`);
the test set is never looked at while searching.

Training runs with one BLAS thread (gradschool.sweep's one_blas_thread, as
every sweep worker does), in this process too: a trial then gives the same
bits whichever backend runs it, and with matrices this small a second thread
costs more than it saves (3 to 7 times slower here on 2 busy cores).
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs
from gradschool import nn
from gradschool.autograd.tensor import Tensor
from gradschool.data import DataLoader, TensorDataset
from gradschool.random import fork_rng
from gradschool.sweep import one_blas_thread
from gradschool.training import evaluate

IN_FEATURES, NUM_CLASSES = 40, 10


def split(x: np.ndarray, y: np.ndarray, n: int, val_fraction: float,
          seed: int) -> dict[str, np.ndarray]:
    """The first `n` of a seeded permutation of (x, y), cut into train and validation.

    Returns {"x", "y"} (n - n_val samples) and {"x_val", "y_val"} (n_val =
    round(val_fraction · n)), float32 inputs and int64 labels.
    """
    if not 0 < n <= len(x):
        raise ValueError(f"split: n {n} must be in 1 … {len(x)}")
    n_val = round(val_fraction * n)
    if not 0 < n_val < n:
        raise ValueError(f"split: val_fraction {val_fraction} of {n} samples leaves "
                         f"{n_val} for validation and {n - n_val} for training")
    order = np.random.default_rng(seed).permutation(len(x))[:n]
    val, train = order[:n_val], order[n_val:]
    return {"x": x[train].astype(np.float32), "y": y[train].astype(np.int64),
            "x_val": x[val].astype(np.float32), "y_val": y[val].astype(np.int64)}


def make_mlp(width: int, dropout: float) -> nn.Sequential:
    """The two-hidden-layer MLP of the module docstring (PyTorch's default init)."""
    return nn.Sequential(
        nn.Linear(IN_FEATURES, width), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(width, width), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(width, NUM_CLASSES))


def trial_seed(seed: int, params: dict[str, Any]) -> int:
    """A 32-bit seed for training `params`: the same params and seed give the same run.

    It depends on the values, not on the trial's number or on the method that
    proposed them, so grid, random and TPE get the same score for the same
    configuration, and a trial re-run after a crash trains the same network.
    """
    text = json.dumps({k: params[k] for k in sorted(params)}, sort_keys=True)
    return int(np.random.SeedSequence([seed, zlib.crc32(text.encode())]).generate_state(1)[0])


def train(params: dict[str, Any], data: dict[str, np.ndarray], epochs: int, seed: int,
          report: Callable[[int, float], None] | None = None) -> tuple[nn.Module, list[float]]:
    """Train the MLP of `params` for `epochs` epochs; (model, validation accuracy per epoch).

    `report(epoch, val_accuracy)` is called after every epoch (it may raise
    gradschool.tuning.Pruned to stop the trial). Initial weights, dropout masks
    and batches all come from `seed`; gradschool's global generator is left as
    it was.
    """
    accuracies: list[float] = []
    # A diverging lr gives inf/nan losses: no warnings for them, the accuracy says it.
    with fork_rng(), np.errstate(all="ignore"), one_blas_thread():
        gs.manual_seed(seed)
        model = make_mlp(int(params["width"]), float(params["dropout"]))
        optimizer = gs.optim.Adam(model.parameters(), lr=float(params["lr"]),
                                  weight_decay=float(params["weight_decay"]))
        loader = DataLoader(TensorDataset(Tensor(data["x"]), Tensor(data["y"])),
                            batch_size=int(params["batch_size"]), shuffle=True, seed=seed)
        for epoch in range(epochs):
            model.train()
            for xb, yb in loader:
                loss = nn.functional.cross_entropy(model(xb), yb)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            accuracies.append(accuracy(model, data["x_val"], data["y_val"]))
            if report is not None:
                report(epoch, accuracies[-1])
    return model, accuracies


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of x classified as y (dropout off)."""
    with np.errstate(all="ignore"), one_blas_thread():
        return evaluate(model, x, y)[1]
