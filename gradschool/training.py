"""A classifier training loop with the MNIST-1D paper's early stopping.

Every `eval_every` steps the model is scored on the test set; the score of a
run is its best test accuracy over those evaluations (the paper's early
stopping), reported beside the final one.

The optimizer is the paper's Adam by default; pass another (e.g. SGD with
momentum) and a learning-rate scheduler, stepped once per epoch, for the
textbook's set-ups. The time spent in training steps (not evaluations) is
recorded, for a cost per step.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import nn, optim
from .autograd.mode import no_grad
from .autograd.tensor import Tensor, make_tensor
from .data import DataLoader, TensorDataset


@dataclass
class History:
    """Accuracy and loss at each evaluation step of a training run."""

    steps: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    train_seconds: float = 0.0  # wall time of the training steps, evaluations excluded

    @property
    def best_test_accuracy(self) -> float:
        return max(self.test_accuracy)

    @property
    def ms_per_step(self) -> float:
        """Milliseconds per training step (forward, backward, update), evaluations excluded."""
        return 1000.0 * self.train_seconds / self.steps[-1]

    @property
    def final_test_accuracy(self) -> float:
        return self.test_accuracy[-1]


def evaluate(model: nn.Module, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of `model` on inputs x and labels y."""
    was_training = model.training
    model.eval()
    with no_grad():
        logits = model(make_tensor(x))
        loss = nn.functional.cross_entropy(logits, make_tensor(y)).item()
        accuracy = float((logits.data.argmax(axis=1) == y).mean())
    model.train(was_training)
    return loss, accuracy


def train_classifier(model: nn.Module, data: dict[str, Any], steps: int = 6000,
                     lr: float = 1e-2, batch_size: int = 100, eval_every: int = 250,
                     seed: int = 0, *, optimizer: optim.Optimizer | None = None,
                     scheduler: optim.lr_scheduler.LRScheduler | None = None) -> History:
    """Train `model` with cross-entropy on data['x'], data['y'] for `steps` minibatch steps.

    Inputs are cast to float32; minibatches of `batch_size` are drawn by a
    shuffling loader seeded with `seed` (an epoch is len(x) // batch_size
    steps). The optimizer is `optim.Adam(model.parameters(), lr=lr)` unless
    `optimizer` is given (then `lr` is unused); `scheduler`, if given, is
    stepped at the end of every epoch. The model is scored on the training
    and test sets every `eval_every` steps and at the last step. Returns the
    History of the evaluations.
    """
    if steps <= 0 or eval_every <= 0:
        raise ValueError(f"train_classifier: steps ({steps}) and eval_every ({eval_every}) "
                         "must be positive")
    x, y = data["x"].astype(np.float32), data["y"].astype(np.int64)
    x_test, y_test = data["x_test"].astype(np.float32), data["y_test"].astype(np.int64)
    loader = DataLoader(TensorDataset(Tensor(x), Tensor(y)), batch_size=batch_size,
                        shuffle=True, drop_last=True, seed=seed)
    if optimizer is None:
        optimizer = optim.Adam(model.parameters(), lr=lr)
    history = History()
    step = 0
    model.train()
    while step < steps:
        for xb, yb in loader:
            start = time.perf_counter()
            loss = nn.functional.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            history.train_seconds += time.perf_counter() - start
            step += 1
            if step % eval_every == 0 or step == steps:
                _record(history, model, step, (x, y), (x_test, y_test))
            if step == steps:
                break
        else:  # a whole epoch ran
            if scheduler is not None:
                scheduler.step()
    return history


def _record(history: History, model: nn.Module, step: int,
            train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]) -> None:
    train_loss, train_accuracy = evaluate(model, *train)
    test_loss, test_accuracy = evaluate(model, *test)
    history.steps.append(step)
    history.train_loss.append(train_loss)
    history.test_loss.append(test_loss)
    history.train_accuracy.append(train_accuracy)
    history.test_accuracy.append(test_accuracy)
