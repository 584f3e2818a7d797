"""Time one training step of the MNIST-1D CNN: gradschool vs PyTorch.

The CNN of the MNIST-1D paper (Greydanus & Kobak, 2020), lengths 40 → 19 → 10 → 5:

    (N, 1, 40) → Conv1d(1, 25, 5, stride 2, padding 1) → ReLU
               → Conv1d(25, 25, 3, stride 2, padding 1) → ReLU
               → Conv1d(25, 25, 3, stride 2, padding 1) → ReLU
               → flatten (25·5 = 125) → Linear(125, 10)

One step = forward, cross-entropy, backward, Adam update (lr 1e-2, batch
100, float32). Both start from the same weights and see the same batch; each
is timed in this one process, and the script prints the best ms/step over
several repeats and the ratio.

    python benchmarks/conv_step.py
"""
from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch

import gradschool as gs

torch.set_num_threads(2)
STEPS, REPEATS, BATCH = 300, 7, 100


def best_ms_per_step(step: Callable[[], None]) -> float:
    for _ in range(100):
        step()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(STEPS):
            step()
        times.append((time.perf_counter() - start) / STEPS * 1e3)
    return min(times)


def cnn(nn):
    """The paper's CNN in `nn` (gs.nn or torch.nn: the same names and parameter keys)."""
    return nn.Sequential(
        nn.Conv1d(1, 25, 5, stride=2, padding=1), nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1), nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1), nn.ReLU(),
        nn.Flatten(), nn.Linear(125, 10))


def gradschool_step(x: np.ndarray, y: np.ndarray, weights: dict) -> Callable[[], None]:
    model = cnn(gs.nn)
    model.load_state_dict(weights)
    opt = gs.optim.Adam(model.parameters(), lr=1e-2)
    xb, yb = gs.tensor(x), gs.tensor(y)

    def step() -> None:
        loss = gs.nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def torch_step(x: np.ndarray, y: np.ndarray, weights: dict) -> Callable[[], None]:
    model = cnn(torch.nn)
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    xb, yb = torch.from_numpy(x), torch.from_numpy(y)

    def step() -> None:
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def check_same_losses(x: np.ndarray, y: np.ndarray, weights: dict, steps: int = 5) -> float:
    """The largest difference between the two losses over a few steps (float32 noise)."""
    ours, theirs = cnn(gs.nn), cnn(torch.nn)
    ours.load_state_dict(weights)
    theirs.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    opt_ours = gs.optim.Adam(ours.parameters(), lr=1e-2)
    opt_theirs = torch.optim.Adam(theirs.parameters(), lr=1e-2)
    worst = 0.0
    for _ in range(steps):
        a = gs.nn.functional.cross_entropy(ours(gs.tensor(x)), gs.tensor(y))
        b = torch.nn.functional.cross_entropy(theirs(torch.from_numpy(x)), torch.from_numpy(y))
        worst = max(worst, abs(a.item() - b.item()))
        for opt, loss in ((opt_ours, a), (opt_theirs, b)):
            opt.zero_grad()
            loss.backward()
            opt.step()
    return worst


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 1, 40)).astype(np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int64)
    gs.manual_seed(0)
    weights = {k: v.data.copy() for k, v in cnn(gs.nn).state_dict().items()}
    difference = check_same_losses(x, y, weights)
    ms = {
        "gradschool": best_ms_per_step(gradschool_step(x, y, weights)),
        "PyTorch (2 threads)": best_ms_per_step(torch_step(x, y, weights)),
    }
    ours = ms["gradschool"]
    print("MNIST-1D CNN (3 × Conv1d 25 channels, Linear 125→10), batch 100, Adam: "
          "one training step")
    print(f"largest loss difference over 5 steps: {difference:.2e}")
    print(f"{'implementation':<22}{'ms/step':>9}{'gradschool / this':>20}")
    for name, t in ms.items():
        print(f"{name:<22}{t:>9.3f}{ours / t:>19.2f}x")


if __name__ == "__main__":
    main()
