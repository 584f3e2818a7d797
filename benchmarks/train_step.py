"""Time one training step of the MNIST-1D models: gradschool vs PyTorch (vs NumPy).

One step = forward, cross-entropy, backward, Adam update (lr 1e-2, batch 100,
float32) for the MNIST-1D paper's MLP, CNN and GRU (gradschool.models). Each
gradschool model and its PyTorch twin start from the same weights and see the
same batch; the MLP is also written out by hand in NumPy (forward, backprop,
Adam). Everything is timed in this one process: the best ms/step over several
repeats, and gradschool's time as a ratio of each.

    python benchmarks/train_step.py
"""
from __future__ import annotations

import time

import numpy as np
import torch

import gradschool as gs
from gradschool.models import CNN, GRU, MLP

torch.set_num_threads(2)
STEPS, REPEATS, BATCH = 200, 7, 100


def best_ms_per_step(step) -> float:
    for _ in range(100):
        step()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(STEPS):
            step()
        times.append((time.perf_counter() - start) / STEPS * 1e3)
    return min(times)


def gradschool_step(model: gs.nn.Module, x: np.ndarray, y: np.ndarray, weights: dict):
    model.load_state_dict(weights)
    opt = gs.optim.Adam(model.parameters(), lr=1e-2)
    xb, yb = gs.tensor(x), gs.tensor(y)

    def step():
        loss = gs.nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


class TorchMLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = torch.nn.Linear(40, 100)
        self.linear2 = torch.nn.Linear(100, 100)
        self.linear3 = torch.nn.Linear(100, 10)

    def forward(self, x):
        h = self.linear1(x).relu()
        h = h + self.linear2(h).relu()
        return self.linear3(h)


class TorchCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv1d(1, 25, 5, stride=2, padding=1)
        self.conv2 = torch.nn.Conv1d(25, 25, 3, stride=2, padding=1)
        self.conv3 = torch.nn.Conv1d(25, 25, 3, stride=2, padding=1)
        self.linear = torch.nn.Linear(125, 10)

    def forward(self, x):
        h = x.view(x.shape[0], 1, 40)
        h = self.conv3(self.conv2(self.conv1(h).relu()).relu()).relu()
        return self.linear(h.reshape(h.shape[0], -1))


class TorchGRU(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.GRU(1, 6, batch_first=True, bidirectional=True)
        self.linear = torch.nn.Linear(480, 10)

    def forward(self, x):
        h, _ = self.rnn(x.view(x.shape[0], 40, 1))
        return self.linear(h.reshape(h.shape[0], -1))


def torch_step(model: torch.nn.Module, x: np.ndarray, y: np.ndarray, weights: dict):
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    xb, yb = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def numpy_step(x: np.ndarray, y: np.ndarray, weights: dict):
    """The same step written out by hand: forward, backprop, Adam."""
    p = {k: v.copy() for k, v in weights.items()}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v2 = {k: np.zeros_like(v) for k, v in p.items()}
    rows = np.arange(len(y))
    lr, b1, b2, eps, t = 1e-2, 0.9, 0.999, 1e-8, [0]

    def step():
        z1 = x @ p["linear1.weight"].T + p["linear1.bias"]
        h1 = np.maximum(z1, 0)
        z2 = h1 @ p["linear2.weight"].T + p["linear2.bias"]
        h = h1 + np.maximum(z2, 0)
        z3 = h @ p["linear3.weight"].T + p["linear3.bias"]
        e = np.exp(z3 - z3.max(axis=1, keepdims=True))
        prob = e / e.sum(axis=1, keepdims=True)
        g3 = prob
        g3[rows, y] -= 1
        g3 /= len(y)
        g = {"linear3.weight": g3.T @ h, "linear3.bias": g3.sum(0)}
        gh = g3 @ p["linear3.weight"]
        gz2 = gh * (z2 > 0)
        g["linear2.weight"], g["linear2.bias"] = gz2.T @ h1, gz2.sum(0)
        gz1 = (gh + gz2 @ p["linear2.weight"]) * (z1 > 0)
        g["linear1.weight"], g["linear1.bias"] = gz1.T @ x, gz1.sum(0)
        t[0] += 1
        c1, c2 = 1 - b1 ** t[0], 1 - b2 ** t[0]
        for k, gk in g.items():
            m[k] *= b1
            m[k] += (1 - b1) * gk
            v2[k] *= b2
            v2[k] += (1 - b2) * gk * gk
            denom = np.sqrt(v2[k]) / np.sqrt(c2) + eps
            p[k] -= (lr / c1) * m[k] / denom
    return step


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 40)).astype(np.float32)
    y = rng.integers(0, 10, BATCH).astype(np.int64)
    gs.manual_seed(0)
    print(f"MNIST-1D models, batch {BATCH}, Adam: one training step "
          "(forward, cross-entropy, backward, update)")
    print(f"{'model':<6}{'implementation':<22}{'ms/step':>9}{'gradschool / this':>20}")
    for name, ours, twin in (("MLP", MLP(), TorchMLP()), ("CNN", CNN(), TorchCNN()),
                             ("GRU", GRU(), TorchGRU())):
        weights = {k: v.data.copy() for k, v in ours.state_dict().items()}
        ms = {"gradschool": best_ms_per_step(gradschool_step(ours, x, y, weights)),
              "PyTorch (2 threads)": best_ms_per_step(torch_step(twin, x, y, weights))}
        if name == "MLP":
            ms["hand-written NumPy"] = best_ms_per_step(numpy_step(x, y, weights))
        for implementation, t in ms.items():
            print(f"{name:<6}{implementation:<22}{t:>9.3f}{ms['gradschool'] / t:>19.2f}x")


if __name__ == "__main__":
    main()
