"""Lab `softmax`: exponentials, logarithms, entropy.

1. softmax(z)ᵢ = e^{zᵢ} / Σⱼ e^{zⱼ} is a distribution, unchanged by adding a constant to z;
   temperature T in softmax(z / T) goes from one-hot on the argmax (T → 0) to uniform
   (T → ∞). The naive formula overflows at z = 1000 (e^{1000} = inf, inf / inf = NaN); the
   max-subtracted one does not; gs.softmax / log_softmax agree with the closed form.
2. Logarithms: the product of 1000 probabilities of 0.01 underflows to 0 in float64, the
   sum of their logs is -4605.17; log-sum-exp.
3. Entropy H(p) = -Σ p log p (0 for one-hot, log k for uniform over k), cross-entropy
   H(p, q) = H(p) + KL(p‖q) ≥ H(p), KL ≥ 0 (= 0 only at q = p) on random distributions;
   binary cross-entropy; F.cross_entropy on logits = -log softmax of the true class.

Metrics: `naive_overflow` (bool), `stable_max_error` (max |softmax - closed form| at
z = 1000, for the stable formula and gs.softmax), `underflow` {product, log_sum, ...},
`entropy_uniform` {k: H}, `kl_min` (smallest KL over the random pairs),
`decomposition_error` (max |H(p,q) - H(p) - KL|), `temperature_entropy` {T: H}; also
`naive_softmax`, `logsumexp`, `invariance_error`, `kl_self_max`, `entropy_one_hot`,
`cross_entropy_at_least_entropy`, `library_errors` (gs vs the NumPy formulas).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.viz import save_figure

from .experiments import (
    divergences,
    entropy_uniform,
    invariance_error,
    library_checks,
    overflow,
    random_distributions,
    temperature_entropy,
    underflow,
)
from .figures import divergence_figure, overflow_figure, temperature_figure
from .functions import entropy


@dataclass
class Config(LabConfig):
    """The sizes of each experiment.

    big_logit: the largest logit of the overflow test (z = (big, big - 1, big - 2)).
    n_probs, prob: the product of n_probs probabilities `prob` (underflow).
    uniform_ks: k of the uniform distributions whose entropy is measured.
    k: outcomes of the random distributions and of the temperature logits.
    n_pairs: random pairs (p, q) on which KL ≥ 0 and H(p,q) = H(p) + KL are checked.
    temperatures: the T of softmax(z / T).
    batch: rows of the random logits on which gs and the formulas are compared.
    """

    big_logit: float = 1000.0
    n_probs: int = 1000
    prob: float = 0.01
    uniform_ks: tuple[int, ...] = (2, 4, 10, 100, 1000)
    k: int = 10
    n_pairs: int = 10_000
    temperatures: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
    batch: int = 64


PRESETS = {
    "quick": Config(),
    "full": Config(uniform_ks=(2, 4, 10, 100, 1000, 10_000, 1_000_000), n_pairs=1_000_000,
                   temperatures=(0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0,
                                 300.0, 1000.0)),
}


def _check(config: Config) -> None:
    if not 0.0 < config.prob < 1.0:
        raise ValueError(f"softmax: prob must be in (0, 1), got {config.prob}")
    for name in ("n_probs", "n_pairs", "batch"):
        if getattr(config, name) < 1:
            raise ValueError(f"softmax: {name} must be >= 1, got {getattr(config, name)}")
    if config.k < 2:
        raise ValueError(f"softmax: k must be >= 2, got {config.k}")
    if not config.uniform_ks or min(config.uniform_ks) < 1:
        raise ValueError(f"softmax: uniform_ks must be sizes >= 1, got {config.uniform_ks!r}")
    if not config.temperatures or min(config.temperatures) <= 0:
        raise ValueError(f"softmax: temperatures must be > 0, got {config.temperatures!r}")
    if not math.isfinite(config.big_logit):
        raise ValueError(f"softmax: big_logit must be finite, got {config.big_logit}")


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Run the experiments, draw three figures, return the metrics."""
    _check(config)
    rng = np.random.default_rng(config.seed)
    over = overflow(config.big_logit)
    z = np.sort(rng.normal(0.0, 2.0, config.k))[::-1]  # temperature logits, largest first
    temps = temperature_entropy(z, tuple(sorted(config.temperatures)))
    p, q = (random_distributions(rng, config.n_pairs, config.k) for _ in range(2))
    div = divergences(p, q)
    under = underflow(config.n_probs, config.prob)
    library = library_checks(rng, config.batch, config.k)

    save_figure(temperature_figure(z, temps), out_dir / "temperature.svg")
    save_figure(overflow_figure(config.n_probs, config.prob), out_dir / "overflow_underflow.svg")
    save_figure(divergence_figure(div["h_p"], div["h_pq"]), out_dir / "entropy_kl.svg")

    metrics = {
        "naive_overflow": over["naive_overflow"],
        "stable_max_error": over["stable_max_error"],
        "underflow": under,
        "entropy_uniform": entropy_uniform(tuple(sorted(config.uniform_ks))),
        "kl_min": div["kl_min"],
        "decomposition_error": div["decomposition_error"],
        "temperature_entropy": temps,
        "naive_softmax": over["naive"],
        "stable_softmax": over["stable"],
        "logsumexp": over["logsumexp"],
        "invariance_error": invariance_error(z),
        "kl_self_max": div["kl_self_max"],
        "entropy_one_hot": float(entropy(np.eye(config.k)[0])),
        "cross_entropy_at_least_entropy": div["cross_entropy_at_least_entropy"],
        "temperature_logits": z.tolist(),
        "library_errors": library,
    }
    return Result(metrics=metrics, headline=_headline(config, metrics),
                  figures=["temperature.svg", "overflow_underflow.svg", "entropy_kl.svg"])


def _headline(config: Config, metrics: dict) -> dict[str, str]:
    under = metrics["underflow"]
    k = str(max(config.uniform_ks))
    return {
        f"naive softmax at z = {config.big_logit:g}":
            "NaN" if metrics["naive_overflow"] else "finite",
        "stable softmax error": f"{metrics['stable_max_error']:.1e}",
        f"{config.prob:g}^{config.n_probs}": f"{under['product']:g} "
                                             f"(sum of logs {under['log_sum']:.2f})",
        f"H(uniform over {k})": f"{metrics['entropy_uniform'][k]:.4f} = log {k}",
        f"min KL over {config.n_pairs:,} pairs": f"{metrics['kl_min']:.2e} ≥ 0",
    }


LAB = register(Lab(
    id="softmax", title="Softmax, logarithms and entropy", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="Softmax overflows unless the max is subtracted, products of probabilities "
            "underflow unless taken as sums of logs, and cross-entropy = entropy + KL ≥ entropy.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=3.0,
    check=_check,
))
