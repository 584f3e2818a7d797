"""Reproducible randomness: which generator a seed controls.

A Python process holds several independent random streams:

    random          Python's Mersenne Twister, seeded from the OS at start-up;
    np.random.*     NumPy's legacy global RandomState, seeded from the OS at import;
    default_rng()   a new NumPy Generator, seeded from fresh OS entropy at each call;
    gradschool      gs's own Generator (weight init, dropout, shuffling), which
                    `gs.manual_seed(n)` replaces by `np.random.default_rng(n)`.

Seeding one stream says nothing about the others. `gs.seed_everything(n)` also
seeds `random` and the legacy `np.random`, but a `default_rng()` created
without a seed stays unrepeatable whatever was seeded.

Two runs of a script are two processes, each starting `random` and
`np.random` from fresh OS entropy. `fresh_process_streams` reproduces that
start inside one process, so "run the script twice" can be measured here.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

import gradschool as gs
from gradschool.random import default_generator

F = gs.nn.functional

STREAMS: dict[str, Callable[[int], list[float]]] = {
    "python random": lambda k: [random.random() for _ in range(k)],
    "numpy legacy np.random": lambda k: np.random.random(k).tolist(),
    "numpy default_rng()": lambda k: np.random.default_rng().random(k).tolist(),
    "gradschool": lambda k: default_generator().random(k).tolist(),
}
"""k uniform draws from each stream, by name."""


def fresh_process_streams() -> None:
    """Seed `random` and the legacy `np.random` from OS entropy, as a new process does."""
    random.seed()      # no argument: os.urandom
    np.random.seed()   # no argument: fresh entropy


@contextmanager
def preserved_global_streams() -> Iterator[None]:
    """Restore the states of `random` and the legacy `np.random` when the block ends."""
    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)


def draws_after(seed_with: Callable[[int], object], seed: int,
                k: int = 5) -> dict[str, list[list[float]]]:
    """Two "runs": each starts like a new process, seeds with `seed_with(seed)` and draws
    k numbers from every stream. Returns {stream: [run 1 draws, run 2 draws]}."""
    runs: dict[str, list[list[float]]] = {name: [] for name in STREAMS}
    with preserved_global_streams():
        for _ in range(2):
            fresh_process_streams()
            seed_with(seed)
            for name, draw in STREAMS.items():
                runs[name].append(draw(k))
    return runs


def repeatable(runs: dict[str, list[list[float]]]) -> dict[str, bool]:
    """Whether each stream gave the same draws in both runs."""
    return {name: first == second for name, (first, second) in runs.items()}


def train_small_network(epochs: int = 3) -> list[float]:
    """Train a tiny gs regression network; return the loss of every mini-batch step.

    Everything random comes from gradschool's generator: the data (x ~ U(−1, 1)²,
    y = sin(πx₁)·x₂), the weights (Linear's init), the dropout masks and the
    DataLoader's shuffling. Model: Linear(2, 16) → tanh → Dropout(0.1) → Linear(16, 1).
    """
    if epochs < 1:
        raise ValueError(f"train_small_network: epochs must be >= 1, got {epochs!r}")
    X = default_generator().uniform(-1.0, 1.0, size=(64, 2)).astype(np.float32)
    y = (np.sin(np.pi * X[:, :1]) * X[:, 1:]).astype(np.float32)
    model = gs.nn.Sequential(gs.nn.Linear(2, 16), gs.nn.Tanh(), gs.nn.Dropout(0.1),
                             gs.nn.Linear(16, 1))
    loader = gs.data.DataLoader(gs.data.TensorDataset(gs.tensor(X), gs.tensor(y)),
                                batch_size=16, shuffle=True)
    optimizer = gs.optim.SGD(model.parameters(), lr=0.2)
    losses = []
    for _ in range(epochs):
        for X_B, y_B in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(X_B), y_B)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


def training_runs(seed: int, epochs: int) -> dict[str, list[float]]:
    """Three trainings: after gs.manual_seed(seed), again after gs.manual_seed(seed), and
    once more without re-seeding. Returns {"seeded 1", "seeded 2", "not re-seeded": losses}."""
    gs.manual_seed(seed)
    first = train_small_network(epochs)
    gs.manual_seed(seed)
    second = train_small_network(epochs)
    third = train_small_network(epochs)
    return {"seeded 1": first, "seeded 2": second, "not re-seeded": third}
