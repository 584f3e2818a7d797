"""Lab `xor`: a 2-H-1 network with hand-written backprop, next to the same network on autograd.

The four XOR points are not linearly separable, so one hidden layer is needed:

    z1 = W1 x + b1,  a1 = f(z1),  z2 = W2 a1 + b2,  p = σ(z2)
    L = -mean[y log p + (1 - y) log(1 - p)]       (binary cross-entropy)

The lab trains it twice from the same initial weights with the same full-batch
gradient descent θ ← θ - lr ∂L/∂θ: once from scratch in NumPy with the chain
rule written by hand (`_xor_numpy`), once as gs.nn layers with gs autograd and
gs.optim.SGD. It measures at every step max |hand-written grad - autograd
grad| over all parameters (each network at its own weights), draws both loss
curves and the decision boundary, then trains many random initialisations
with H = 2, 4, 8 hidden units to show that H = 2 often ends in a local
minimum that misclassifies a point, while wider networks nearly always
solve XOR.

"Solved" means every point is on its side of 1/2 by at least `margin`:
max over the four points of |p - y| < 1/2 - margin (margin 0.25 by default:
p > 0.75 for the ones, p < 0.25 for the zeros).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import gradschool as gs

from . import _xor_numpy as scratch
from ._xor_figures import plot_boundaries, plot_loss_and_grad_diff, plot_success_rates
from .contract import Lab, LabConfig, Progress, Result, register

F = gs.nn.functional


@dataclass
class XorConfig(LabConfig):
    """hidden: H of the reference run; lr, steps: its full-batch gradient descent;
    activation: 'tanh' or 'sigmoid'; dtype: 'float64' or 'float32';
    sweep_hidden: the H compared across `n_seeds` random initialisations;
    margin: how far past 1/2 every p must be for "solved"."""

    hidden: int = 8
    lr: float = 1.0
    steps: int = 2000
    activation: str = "tanh"
    dtype: str = "float64"
    sweep_hidden: tuple[int, ...] = (2, 4, 8)
    n_seeds: int = 100
    margin: float = 0.25


def make_model(hidden: int, activation: str = "tanh", dtype: str = "float64") -> gs.nn.Sequential:
    """The network in gs.nn: Linear(2, H) → tanh or σ → Linear(H, 1) (the logit z2).

    Weights get gs.nn.Linear's own initialisation, U(-1/√fan_in, 1/√fan_in).
    """
    layers = {"tanh": gs.nn.Tanh, "sigmoid": gs.nn.Sigmoid}
    if activation not in layers:
        raise ValueError(f"xor: activation must be 'tanh' or 'sigmoid', got {activation!r}")
    return gs.nn.Sequential(gs.nn.Linear(2, hidden, dtype=dtype), layers[activation](),
                            gs.nn.Linear(hidden, 1, dtype=dtype))


def params_of(model: gs.nn.Sequential) -> scratch.Params:
    """Copies of the model's weights as the NumPy network's W1, b1, W2, b2."""
    first, last = model[0], model[2]
    return {"W1": first.weight.data.copy(), "b1": first.bias.data.copy(),
            "W2": last.weight.data.copy(), "b2": last.bias.data.copy()}


def autograd_grads(model: gs.nn.Sequential) -> scratch.Params:
    """The .grad arrays autograd left on the model, under the NumPy network's names."""
    first, last = model[0], model[2]
    return {"W1": first.weight.grad.data, "b1": first.bias.grad.data,
            "W2": last.weight.grad.data, "b2": last.bias.grad.data}


def max_abs_diff(a: scratch.Params, b: scratch.Params) -> float:
    """max over every parameter and entry of |a - b|."""
    return max(float(np.max(np.abs(a[name] - b[name]))) for name in scratch.PARAM_NAMES)


def train_side_by_side(model: gs.nn.Sequential, lr: float, steps: int, activation: str,
                       progress: Progress) -> dict[str, Any]:
    """Train the NumPy network and the gs model from the same weights, step for step.

    Returns the loss curves of both (steps + 1 values: before each step and
    after the last), max |grad_manual - grad_autograd| at every step, and the
    trained NumPy parameters (the gs model is trained in place).
    """
    dtype = model[0].weight.dtype
    X, y = scratch.xor_data(dtype)
    Xt, yt = gs.tensor(X), gs.tensor(y)
    params = params_of(model)
    optimizer = gs.optim.SGD(model.parameters(), lr=lr)
    loss_manual, loss_autograd, grad_diff = [], [], []
    for _ in progress.track(range(steps), "training (NumPy and gs)"):
        cache = scratch.forward(params, X, activation)
        loss_manual.append(float(scratch.bce_loss(cache["z2"], y)))
        grads = scratch.backward(params, cache, X, y, activation)
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(Xt), yt)
        loss.backward()
        loss_autograd.append(loss.item())
        grad_diff.append(max_abs_diff(grads, autograd_grads(model)))
        scratch.sgd_step(params, grads, lr)
        optimizer.step()
    loss_manual.append(float(scratch.bce_loss(scratch.forward(params, X, activation)["z2"], y)))
    with gs.no_grad():
        loss_autograd.append(F.binary_cross_entropy_with_logits(model(Xt), yt).item())
    return {"loss_manual": loss_manual, "loss_autograd": loss_autograd,
            "grad_diff": grad_diff, "params": params}


def predict(model: gs.nn.Sequential, X: np.ndarray) -> np.ndarray:
    """p = σ(z2) for the rows of X, (N, 1), without recording a graph."""
    with gs.no_grad():
        return model(gs.tensor(X)).sigmoid().numpy()


def stacked_inits(hidden: int, n_seeds: int, activation: str, dtype: str) -> scratch.Params:
    """`n_seeds` fresh gs.nn initialisations of the 2-H-1 network, stacked: W1 (S, H, 2), ..."""
    inits = [params_of(make_model(hidden, activation, dtype)) for _ in range(n_seeds)]
    return {name: np.stack([p[name] for p in inits]) for name in scratch.PARAM_NAMES}


def seed_sweep(config: XorConfig, progress: Progress) -> dict[str, Any]:
    """Train `n_seeds` random initialisations for every H in `sweep_hidden` (all at once).

    Returns success_rate {str(H): fraction solved}, and for the smallest H
    its trained parameters and solved mask (to draw a failure).
    """
    X, y = scratch.xor_data(config.dtype)
    rates, runs = {}, {}
    for hidden in progress.track(config.sweep_hidden, "seed sweep over H"):
        params = stacked_inits(hidden, config.n_seeds, config.activation, config.dtype)
        trained, _ = scratch.train(params, X, y, config.lr, config.steps, config.activation)
        p = scratch.forward(trained, X, config.activation)["p"]
        solved = scratch.is_solved(p, y, config.margin)
        rates[str(hidden)] = float(solved.mean())
        runs[hidden] = {"params": trained, "solved": solved}
    return {"success_rate": rates, "runs": runs}


def pick_network(run: dict[str, Any], solved: bool) -> scratch.Params | None:
    """The parameters of the first network of a sweep run that did (or did not) solve XOR."""
    hits = np.flatnonzero(run["solved"] == solved)
    if hits.size == 0:
        return None
    return {name: run["params"][name][hits[0]] for name in scratch.PARAM_NAMES}


def run(config: XorConfig, out_dir: Path, progress: Progress) -> Result:
    """Train the reference network both ways, draw it, then sweep H over seeds."""
    X, y = scratch.xor_data(config.dtype)
    model = make_model(config.hidden, config.activation, config.dtype)
    history = train_side_by_side(model, config.lr, config.steps, config.activation, progress)
    p = predict(model, X)
    accuracy = float(np.mean((p > 0.5) == (y > 0.5)))
    sweep = seed_sweep(config, progress)
    smallest = sweep["runs"][min(config.sweep_hidden)]
    examples = {f"H = {min(config.sweep_hidden)}, solved": pick_network(smallest, True),
                f"H = {min(config.sweep_hidden)}, stuck": pick_network(smallest, False)}

    def reference(grid: np.ndarray) -> np.ndarray:
        return predict(model, grid)

    def scratch_net(params: scratch.Params):
        return lambda grid: scratch.forward(params, grid, config.activation)["p"]

    panels = {f"H = {config.hidden} (gs autograd)": reference}
    panels.update({title: scratch_net(params) for title, params in examples.items()
                   if params is not None})
    plot_boundaries(panels, X, y, out_dir / "decision_boundary.svg")
    plot_loss_and_grad_diff(history, out_dir / "loss_curves.svg")
    plot_success_rates(sweep["success_rate"], config.n_seeds, out_dir / "success_rate.svg")
    grad_diff = max(history["grad_diff"])
    rates = sweep["success_rate"]
    metrics = {
        "final_loss": history["loss_autograd"][-1],
        "accuracy": accuracy,
        "success_rate": rates,
        "max_abs_grad_diff_manual_vs_autograd": grad_diff,
    }
    headline = {"final loss": f"{metrics['final_loss']:.2e}", "accuracy": f"{accuracy:.2f}",
                **{f"solved, H = {h}": f"{r:.0%}" for h, r in rates.items()},
                "max |Δgrad|": f"{grad_diff:.1e}"}
    return Result(metrics=metrics, headline=headline,
                  figures=["decision_boundary.svg", "loss_curves.svg", "success_rate.svg"])


EXPLANATION = """
<p>XOR is the smallest problem a straight line cannot solve: the points (0,1) and (1,0)
belong to one class, (0,0) and (1,1) to the other. A hidden layer bends the plane:
<code>z1 = W1 x + b1</code>, <code>a1 = tanh(z1)</code>, <code>z2 = W2 a1 + b2</code>,
<code>p = σ(z2)</code>, trained on the binary cross-entropy.</p>
<p>The lab writes this network twice. The first is plain NumPy with the backward pass
written out by the chain rule: <code>∂L/∂z2 = (p − y)/N</code> (the sigmoid and the
cross-entropy cancel), <code>∂L/∂W2 = ∂L/∂z2 · a1ᵀ</code>, <code>∂L/∂a1 = W2ᵀ ∂L/∂z2</code>,
<code>∂L/∂z1 = ∂L/∂a1 ⊙ (1 − a1²)</code>, <code>∂L/∂W1 = ∂L/∂z1 · xᵀ</code>. The second is
<code>gs.nn.Linear</code> layers whose gradients come from autograd, updated by
<code>gs.optim.SGD</code>. Both start from the same weights and take the same steps, so
the <em>loss curves</em> lie on top of each other and, at every step, the two gradients
agree to rounding error (in float64, about 1e-16): the hand-written backward is exactly
what autograd computes.</p>
<p>The <em>decision boundary</em> shows p over the plane: the trained network carves a
band (or two half-planes) that puts the two classes on opposite sides of p = 1/2.</p>
<p>Gradient descent does not always get there. With only <b>H = 2</b> hidden units a good
fraction of random initialisations end in a local minimum where one point stays on the
wrong side, however long training runs (one such network is drawn beside a solved one).
With H = 4 or 8 the loss landscape has many more ways down and almost every seed solves
XOR: over-parameterisation makes optimisation easier, a theme that returns with deep
networks.</p>
"""

LAB = register(Lab(
    id="xor", title="XOR: backprop by hand, next to autograd", part="networks",
    Config=XorConfig,
    presets={"quick": XorConfig(),
             "full": XorConfig(steps=5000, n_seeds=1000)},
    run=run,
    summary="A 2-H-1 network with hand-written backprop matches autograd to rounding error "
            "and solves XOR; with H = 2 many seeds get stuck, with H = 8 almost none.",
    explanation=EXPLANATION, quick_seconds=2.0,
))
