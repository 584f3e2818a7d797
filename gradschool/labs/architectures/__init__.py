"""Lab `architectures`: depth, width, dropout, batch norm and residual connections on MNIST-1D.

Every network is trained on the canonical MNIST-1D (4000 training and 1000
test signals of 40 points) with Adam, minibatches of 100, and a fixed number
of steps; every configuration × seed is one cell of a `gradschool.sweep`
study, so the study resumes after an interruption and runs on any backend.
All layers keep PyTorch's default initialisation, W, b ~ U(±1/√fan_in).

- Depth: plain MLPs of width 64 with L = 2 … 32 hidden layers, and the same
  with residual blocks h_l = h_{l-1} + relu(W_l h_{l-1} + b_l). At
  initialisation the gradient reaching layer l of a plain net is a product of
  one Jacobian per layer above it, ∂L/∂W_l = δ_l h_{l-1}ᵀ with
  δ_{l-1} = diag(relu'(z_{l-1})) W_lᵀ δ_l, so ‖∂L/∂W₁‖ falls geometrically with
  depth; a residual block's Jacobian is I + ∂F/∂h and the gradient keeps a
  direct path. Metric `depth`: {"plain"|"residual": {L: {train, test,
  grad_norm_first_layer}}} (final accuracies; ‖∂L/∂W₁‖_F at initialisation on
  the first batch of 100 training samples).
- Batch norm: the deepest plain net with and without BatchNorm1d between
  each affine map and its ReLU. Metric `batchnorm_steps_to_80`:
  {"with"|"without": the evaluated step by which every seed reached 80%
  training accuracy, or None}.
- Width: one hidden layer of 8 … 1024 units. Metric `width`: {units: {train, test}}.
- Dropout: an MLP of 2 × 512 units with dropout p after each ReLU. Metric
  `dropout`: {p: {train, test, gap = train - test}}.
- CNN: the `mnist1d` lab's CNN (stride-2 convolutions, no pooling), the same
  with stride 1 and MaxPool1d(2), and kernel sizes 3/5/9. Metric `cnn`:
  {variant: test accuracy}.

Each value is the mean over seeds; `per_seed` holds every seed's value,
`grad_norms` the initial gradient norm of every layer of the depth study's
nets, `batchnorm_train` and `batchnorm_grad_norms` the final training accuracy
and initial gradient norms of the batch-norm study's nets, and `cell_seconds`
the wall time of each study's cells (a timing).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradschool as gs
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.sweep import STUDY_DIR, SweepOptions

from .cells import CNN_VARIANTS, train_cell
from .figures import (
    plot_batchnorm,
    plot_cnn,
    plot_depth,
    plot_dropout,
    plot_gradient_profile,
    plot_width,
)
from .studies import curves, key, make_cells, summarise


@dataclass
class ArchitecturesConfig(LabConfig):
    """seeds: runs per configuration (seed, seed + 1, …). depths, depth_width: the depth
    study's hidden layers and width (the batch-norm study uses the largest depth);
    widths: the width study's hidden units; dropout_ps, dropout_width, dropout_layers: the
    dropout study; cnn_variants: among strided, max_pool, kernel_3, kernel_5, kernel_9.
    *_steps: each study's training steps; lr: Adam's learning rate for the MLPs, cnn_lr for
    the CNNs (the mnist1d paper's 1e-2); batch_size; eval_every: steps between scorings
    on the training and test sets (the resolution of the steps to 80%)."""

    seeds: int = 2
    depths: tuple[int, ...] = (2, 4, 8, 16, 32)
    depth_width: int = 64
    widths: tuple[int, ...] = (8, 16, 32, 64, 128, 256, 512, 1024)
    dropout_ps: tuple[float, ...] = (0.0, 0.1, 0.3, 0.5)
    dropout_width: int = 512
    dropout_layers: int = 2
    cnn_variants: tuple[str, ...] = tuple(CNN_VARIANTS)
    depth_steps: int = 6000
    batchnorm_steps: int = 6000
    width_steps: int = 6000
    dropout_steps: int = 6000
    cnn_steps: int = 6000
    lr: float = 1e-3
    cnn_lr: float = 1e-2
    batch_size: int = 100
    eval_every: int = 250


def _check(config: ArchitecturesConfig) -> None:
    """Raise ValueError naming the first bad field."""
    def positive_ints(name: str, values: Any) -> None:
        if (not values or any(isinstance(v, bool) or not isinstance(v, int) or v < 1
                              for v in values)):
            raise ValueError(f"architectures: {name} must be a non-empty tuple of positive "
                             f"ints, got {values!r}")

    for name in ("depths", "widths"):
        positive_ints(name, getattr(config, name))
    for name in ("seeds", "depth_width", "dropout_width", "dropout_layers", "depth_steps",
                 "batchnorm_steps", "width_steps", "dropout_steps", "cnn_steps", "eval_every"):
        positive_ints(name, (getattr(config, name),))
    if isinstance(config.batch_size, bool) or not isinstance(config.batch_size, int) \
            or config.batch_size < 2:
        raise ValueError(f"architectures: batch_size must be an int >= 2 (batch norm needs "
                         f"two samples), got {config.batch_size!r}")
    if not config.dropout_ps or any(not 0 <= p < 1 for p in config.dropout_ps):
        raise ValueError(f"architectures: dropout_ps must be a non-empty tuple of rates in "
                         f"[0, 1), got {config.dropout_ps!r}")
    unknown = [v for v in config.cnn_variants if v not in CNN_VARIANTS]
    if unknown or not config.cnn_variants:
        raise ValueError(f"architectures: cnn_variants must be a non-empty subset of "
                         f"{list(CNN_VARIANTS)}, got {list(config.cnn_variants)}")
    for name in ("lr", "cnn_lr"):
        if not getattr(config, name) > 0:
            raise ValueError(f"architectures: {name} must be positive, got "
                             f"{getattr(config, name)!r}")


def run(config: ArchitecturesConfig, out_dir: Path, progress: Progress,
        sweep: SweepOptions | None = None) -> Result:
    """Train every cell of the five studies (through the sweep), then draw and summarise."""
    _check(config)
    sweep = sweep or SweepOptions(out_dir / STUDY_DIR)
    gs.data.load_mnist1d()  # build the data cache once, before the workers read it
    cells = make_cells(config)
    results = sweep.run(train_cell, cells, progress)
    metrics = summarise(cells, results)
    per_seed = metrics["per_seed"]
    deepest = max(config.depths)
    bn_curves = curves(cells, results, "batchnorm", "batchnorm")
    metrics["cell_seconds"] = _seconds(sweep, cells)

    plot_depth(per_seed["depth"], out_dir / "depth.svg")
    plot_gradient_profile(metrics["grad_norms"], metrics["batchnorm_grad_norms"]["with"],
                          out_dir / "gradients.svg")
    plot_batchnorm(bn_curves, per_seed["batchnorm_steps_to_80"], deepest,
                   out_dir / "batchnorm.svg")
    plot_width(per_seed["width"], out_dir / "width.svg")
    plot_dropout(per_seed["dropout"], config.dropout_width, config.dropout_layers,
                 out_dir / "dropout.svg")
    plot_cnn(per_seed["cnn"], out_dir / "cnn.svg")
    return Result(metrics=metrics, headline=_headline(metrics, deepest, config),
                  figures=["depth.svg", "gradients.svg", "batchnorm.svg", "width.svg",
                           "dropout.svg", "cnn.svg"])


def _seconds(sweep: SweepOptions, cells: list[dict[str, Any]]) -> dict[str, float]:
    """Wall seconds of the cells of each study, as their records hold them (a timing)."""
    totals: dict[str, float] = {}
    for cell, record in zip(cells, sweep.records(train_cell, cells)):
        if record is not None:
            totals[cell["study"]] = totals.get(cell["study"], 0.0) + float(record["seconds"])
    return totals


def _headline(metrics: dict[str, Any], deepest: int,
              config: ArchitecturesConfig) -> dict[str, str]:
    depth = {kind: metrics["depth"][kind][key(deepest)] for kind in ("plain", "residual")}
    dropout = metrics["dropout"]
    low, high = key(min(config.dropout_ps)), key(max(config.dropout_ps))
    bn = metrics["batchnorm_steps_to_80"]
    return {
        f"test accuracy, {deepest} layers: plain / residual":
            f"{depth['plain']['test']:.0%} / {depth['residual']['test']:.0%}",
        f"‖∂L/∂W₁‖ at init, {deepest} layers: plain / residual":
            f"{depth['plain']['grad_norm_first_layer']:.1e} / "
            f"{depth['residual']['grad_norm_first_layer']:.1e}",
        "steps to 80% train, with / without batch norm":
            f"{bn['with'] if bn['with'] is not None else 'never'} / "
            f"{bn['without'] if bn['without'] is not None else 'never'}",
        f"dropout gap, p = {low} → {high}":
            f"{dropout[low]['gap']:.0%} → {dropout[high]['gap']:.0%}",
        "best CNN variant (test)": max(metrics["cnn"], key=metrics["cnn"].get),
    }


QUICK = ArchitecturesConfig(
    seeds=2, depths=(2, 4, 8, 16, 32), widths=(8, 32, 128, 512), dropout_ps=(0.0, 0.1, 0.3, 0.5),
    depth_steps=500, batchnorm_steps=500, width_steps=500, dropout_steps=600, cnn_steps=500,
    eval_every=100)

LAB = register(Lab(
    id="architectures", title="Architectures: depth, width, dropout, batch norm, residuals",
    part="generalization", Config=ArchitecturesConfig,
    presets={"quick": QUICK, "full": ArchitecturesConfig()},
    run=run,
    summary="On MNIST-1D a deep plain MLP's first-layer gradient vanishes at initialisation "
            "and it never learns, while residual connections (and, more slowly, batch norm) "
            "train it; dropout narrows the train-test gap; width and the CNN's kernel and "
            "pooling trade off in their own ways.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=45.0, sweep=True,
    check=_check,
))
