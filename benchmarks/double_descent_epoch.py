"""Time one training epoch of the double-descent study's MLP: gradschool vs PyTorch.

The model of UDL notebook 8.3: an MLP 40 → h → h → 10 with ReLU, weights
kaiming_uniform_ (PyTorch's default arguments), biases 0, float32; one epoch
is 40 steps (forward, cross-entropy, backward, SGD lr 0.01 momentum 0.9) over
4000 training samples shuffled into batches of 100. Every width h starts
gradschool and its PyTorch twin from the same weights; the data are random
(the time does not depend on the values). PyTorch runs two loops: batches cut
from a `randperm` by indexing (its fastest) and the notebook's own
`DataLoader(TensorDataset(...), shuffle=True)`.

Everything runs in this one process, twice: with 2 threads (NumPy's BLAS,
limited with threadpoolctl, and PyTorch), timed by the wall clock, and with
1 thread, what each worker of the study's process pool gets, timed by the
thread's CPU time (the same on an idle machine; on a busy one it leaves out
the time other processes hold the core). Implementations alternate epoch by
epoch, so a busy machine slows them alike; each number is the best ms/epoch
over the repeats, and the ratio is gradschool's over PyTorch's faster loop
(its median over the repeats is printed too). On a busy machine the 2-thread
times still vary from run to run, PyTorch's most: each of its parallel ops
waits for both threads. The last lines estimate the full preset from the
1-thread times: 28 widths × 1000 epochs (plus predicting the 4000 training
and 4000 test samples every 10 epochs) on 2 worker processes, assumed not to
slow each other down.

    python benchmarks/double_descent_epoch.py
"""
from __future__ import annotations

import heapq
import statistics
import time
from collections.abc import Callable

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

import gradschool as gs

WIDTHS = (2, 10, 40, 100, 200, 400)
PRESET_WIDTHS = (2, 4, 6, 8, 10, 14, 18, 22, 26, 30, 35, 40, 45, 50, 55, 60, 70, 80, 90, 100,
                 120, 140, 160, 180, 200, 250, 300, 400)
N_TRAIN, BATCH, EPOCHS, EVAL_EVERY, WORKERS = 4000, 100, 1000, 10, 2
REPEATS = 15
LR, MOMENTUM = 0.01, 0.9


def gradschool_model(h: int) -> gs.nn.Sequential:
    model = gs.nn.Sequential(gs.nn.Linear(40, h), gs.nn.ReLU(), gs.nn.Linear(h, h),
                             gs.nn.ReLU(), gs.nn.Linear(h, 10))
    for layer in model:
        if isinstance(layer, gs.nn.Linear):
            gs.nn.init.kaiming_uniform_(layer.weight)
            gs.nn.init.zeros_(layer.bias)
    return model


def gradschool_epoch(h: int, x: np.ndarray, y: np.ndarray) -> tuple[Callable, dict]:
    model = gradschool_model(h)
    opt = gs.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    data = gs.data.TensorDataset(gs.tensor(x), gs.tensor(y))
    loader = gs.data.DataLoader(data, batch_size=BATCH, shuffle=True, seed=0)

    def epoch():
        for xb, yb in loader:
            opt.zero_grad()
            loss = gs.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
    return epoch, {k: v.data.copy() for k, v in model.state_dict().items()}


def gradschool_evaluation(h: int, x: np.ndarray) -> Callable:
    """What the study measures every 10 epochs: the predicted classes of the
    training and the test set, two forward passes of 4000 rows each."""
    model = gradschool_model(h)
    xs = gs.tensor(x)

    def evaluate():
        with gs.no_grad():
            model(xs).argmax(1)
            model(xs).argmax(1)
    return evaluate


def torch_model(h: int, weights: dict) -> torch.nn.Sequential:
    model = torch.nn.Sequential(torch.nn.Linear(40, h), torch.nn.ReLU(), torch.nn.Linear(h, h),
                                torch.nn.ReLU(), torch.nn.Linear(h, 10))
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in weights.items()})
    return model


def torch_epoch(h: int, x: np.ndarray, y: np.ndarray, weights: dict,
                dataloader: bool) -> Callable:
    model = torch_model(h, weights)
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    shuffle = torch.Generator().manual_seed(0)
    notebook_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xt, yt),
                                                  batch_size=BATCH, shuffle=True,
                                                  generator=shuffle)

    def batches():
        if dataloader:
            return notebook_loader
        order = torch.randperm(len(yt), generator=shuffle)
        return ((xt[idx], yt[idx]) for idx in order.split(BATCH))

    def epoch():
        for xb, yb in batches():
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
    return epoch


def time_alternating(runs: dict[str, Callable],
                     clock: Callable[[], float]) -> dict[str, list[float]]:
    """ms per call of each function, calling them in turn REPEATS times after a warm-up."""
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            start = clock()
            run()
            times[name].append((clock() - start) * 1e3)
    return times


def measure(threads: int, x: np.ndarray, y: np.ndarray) -> dict[int, dict[str, list[float]]]:
    """Times at every width. One thread is timed by its CPU time, which other
    processes on a busy machine do not inflate (on an idle one it is the wall
    time); two threads by the wall clock."""
    torch.set_num_threads(threads)
    clock = time.thread_time if threads == 1 else time.perf_counter
    results = {}
    with threadpool_limits(limits=threads, user_api="blas"):
        for h in WIDTHS:
            gs.manual_seed(h)
            ours, weights = gradschool_epoch(h, x, y)
            results[h] = time_alternating(clock=clock, runs={
                "gradschool": ours,
                "PyTorch": torch_epoch(h, x, y, weights, dataloader=False),
                "PyTorch DataLoader": torch_epoch(h, x, y, weights, dataloader=True),
                "evaluation": gradschool_evaluation(h, x),
            })
    return results


def print_table(title: str, results: dict[int, dict[str, list[float]]]) -> None:
    """Best ms/epoch of each; the ratio is against PyTorch's faster loop, repeat by repeat."""
    print(title)
    print(f"{'h':>4}{'params':>9}{'gradschool':>12}{'PyTorch':>10}{'PyT DataLoader':>16}"
          f"{'gs / PyTorch':>14}{'(median)':>10}")
    for h, t in results.items():
        ours = t["gradschool"]
        theirs = [min(a, b) for a, b in zip(t["PyTorch"], t["PyTorch DataLoader"])]
        median = statistics.median(a / b for a, b in zip(ours, theirs))
        print(f"{h:>4}{h * h + 52 * h + 10:>9}{min(ours):>12.2f}{min(t['PyTorch']):>10.2f}"
              f"{min(t['PyTorch DataLoader']):>16.2f}{min(ours) / min(theirs):>13.2f}x"
              f"{median:>9.2f}x")


def makespan(seconds: list[float], workers: int) -> float:
    """Wall time of a pool that hands each cell, in order, to the first free worker."""
    free = [0.0] * workers
    for s in seconds:
        heapq.heappush(free, heapq.heappop(free) + s)
    return max(free)


def print_estimate(results: dict[int, dict[str, list[float]]]) -> None:
    widths = list(results)
    per_epoch = [min(t["gradschool"]) / 1e3 for t in results.values()]
    per_evaluation = [min(t["evaluation"]) / 1e3 for t in results.values()]
    train = [EPOCHS * np.interp(h, widths, per_epoch) for h in PRESET_WIDTHS]
    evaluate = [EPOCHS // EVAL_EVERY * np.interp(h, widths, per_evaluation)
                for h in PRESET_WIDTHS]
    cells = [a + b for a, b in zip(train, evaluate)]
    print(f"Full preset from the 1-thread times (linear interpolation in h): "
          f"{len(PRESET_WIDTHS)} widths x {EPOCHS} epochs, evaluation every {EVAL_EVERY}")
    print(f"  training {sum(train):.0f} s + evaluation {sum(evaluate):.0f} s "
          f"= {sum(cells):.0f} s of 1-thread work")
    print(f"  on {WORKERS} workers: {makespan(cells, WORKERS) / 60:.1f} min with the cells in "
          f"the notebook's order, {makespan(sorted(cells, reverse=True), WORKERS) / 60:.1f} min "
          "largest first")


def blas() -> str:
    info = next((i for i in threadpool_info() if i["user_api"] == "blas"), None)
    if info is None:
        return "unknown"
    return f"{info['internal_api']} {info['version']} ({info.get('architecture', '?')} kernels)"


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N_TRAIN, 40)).astype(np.float32)
    y = rng.integers(0, 10, N_TRAIN).astype(np.int64)
    print(f"double-descent MLP 40-h-h-10, SGD momentum, batch {BATCH}: one epoch of "
          f"{N_TRAIN // BATCH} steps, best ms/epoch of {REPEATS}")
    print(f"NumPy {np.__version__} with {blas()}; PyTorch {torch.__version__}")
    print_table("2 threads (NumPy BLAS and PyTorch)", measure(2, x, y))
    one = measure(1, x, y)
    print_table("1 thread (one worker of the study's process pool), CPU time", one)
    print_estimate(one)


if __name__ == "__main__":
    main()
