r"""Lab `low-rank`: spectral decomposition, SVD, Eckart–Young, LoRA, and the SVD of large matrices.

The data is a d × d weight matrix like BERT-base's (d = 768), of rank r = 64 plus noise:

    W = (A / √r)(B / √r) + s N          (gs.data.low_rank_matrix; s = noise_level)

1. Spectral decomposition of the symmetric G = Wᵀ W = Q Λ Qᵀ (Q orthogonal,
   λᵢ = σᵢ²) and the SVD W = U Σ Vᵀ; the singular values drop by a factor of
   ~14 after σ_64: the knee.
2. Eckart–Young: ‖W − W_k‖_F = (Σ_{i>k} σᵢ²)^{1/2} for every k, measured on the
   explicit residual matrices. At k = r the error is the noise outside the
   signal's subspaces, ≈ s (d − r), i.e. a relative error ≈ s (d − r) / ‖W‖_F
   (0.073 at s = 0.01), below the noise's own norm s d: truncating denoises.
3. LoRA: a frozen W₀ plus a trainable B A (B = 0, A random), fitted with Adam to
   W₀ + ΔW with ΔW of rank `lora_true_rank`: the trained error against the best
   rank-r error (Eckart–Young on ΔW) and 2dr trainable numbers against d².
4. The cost of a full SVD for growing n (∝ n³, exponent fitted) and the
   randomized SVD of the top 64 triplets: its error and speed-up.

Metrics:
    singular_values: σ₁ … σ₁₂₈ of W.
    knee_rank: the i with the largest σᵢ / σᵢ₊₁.
    truncation_error: {k: ‖W − W_k‖_F} from gs.linalg.truncate, at `truncation_ks`.
    eckart_young_gap: max over every k = 0 … d (and the truncations above) of
        |measured − (Σ_{i>k} σᵢ²)^{1/2}|, absolute; eckart_young_relative_gap: ÷ ‖W‖_F.
    lora: {r: {trained_error, best_error, trainable_params, fraction,
        trained_relative, best_relative}} (errors ‖B A − ΔW‖_F; relative: ÷ ‖ΔW‖_F).
    svd_seconds: {n: seconds of np.linalg.svd}; svd_exponent: p in t ∝ nᵖ.
    randomized: {n: {seconds, max_rel_error_top64, speedup}}.
    Also: spectral_decomposition (three checks), svd_reconstruction_error,
    noise_analysis (at k = true_rank, see spectrum.noise_analysis),
    randomized_power_iterations {q: error at n = d}.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gradschool.data import low_rank_matrix
from gradschool.labs.contract import Lab, LabConfig, Progress, Result, lab_text, register
from gradschool.linalg import eckart_young_error, truncate
from gradschool.viz import save_figure

from .figures import eckart_young_figure, lora_figure, spectrum_figure, timing_figure
from .lora import fit_lora, init_adapter, lora_problem, lora_record
from .spectrum import (
    eckart_young_gaps,
    knee_rank,
    noise_analysis,
    spectral_checks,
    truncation_errors_every_k,
)
from .timing import error_by_power_iterations, fit_exponent, time_exact_and_randomized

N_SINGULAR_VALUES = 128  # how many σᵢ go into the metrics


@dataclass
class Config(LabConfig):
    """The matrix, the ranks checked, the LoRA fits and the timed sizes.

    d, true_rank, noise_level: W = low_rank_matrix(d, true_rank, noise_level).
    truncation_ks: the k at which W_k is built with gs.linalg.truncate (0 … d).
    lora_d, lora_true_rank, lora_ranks: the LoRA problem's size, ΔW's rank and the
        adapter ranks r; delta_scale: ΔW's size against W₀'s (entries ~ delta_scale / √r).
    lora_steps, lora_lr: Adam's steps and peak learning rate (cosine decay to 0).
    svd_sizes: the n timed; randomized_components, oversamples, power_iterations:
        k, p and q of the randomized SVD; repeats: timings keep the best of this many.
    """

    d: int = 768
    true_rank: int = 64
    noise_level: float = 0.01
    truncation_ks: tuple[int, ...] = (0, 1, 2, 4, 8, 16, 32, 48, 56, 60, 62, 63, 64, 65, 66,
                                      68, 72, 80, 96, 128, 192, 256, 384, 512, 640, 768)
    lora_d: int = 256
    lora_true_rank: int = 32
    lora_ranks: tuple[int, ...] = (4, 8, 16, 32)
    delta_scale: float = 0.1
    lora_steps: int = 200
    lora_lr: float = 0.01
    svd_sizes: tuple[int, ...] = (256, 384, 512, 768, 1024)
    randomized_components: int = 64
    oversamples: int = 10
    power_iterations: int = 4
    repeats: int = 3


PRESETS = {
    "quick": Config(),
    "full": Config(lora_d=768, lora_true_rank=64, lora_ranks=(4, 8, 16, 64), lora_steps=600,
                   svd_sizes=(256, 512, 1024, 2048, 4096, 10_000), repeats=1),
}


def _fail(name: str, value: Any, why: str) -> None:
    raise ValueError(f"low-rank: {name} = {value!r}: {why}")


def _check(c: Config) -> None:
    """Reject values the experiments cannot use, naming the field and its value."""
    for name in ("d", "lora_d", "lora_steps", "repeats", "randomized_components"):
        if not isinstance(getattr(c, name), int) or getattr(c, name) < 1:
            _fail(name, getattr(c, name), "must be an int >= 1")
    if not 1 <= c.true_rank < c.d:
        _fail("true_rank", c.true_rank, f"must be in [1, d) = [1, {c.d}) to have a knee")
    if not c.noise_level >= 0:
        _fail("noise_level", c.noise_level, "must be >= 0")
    if not c.truncation_ks or not all(0 <= k <= c.d for k in c.truncation_ks):
        _fail("truncation_ks", c.truncation_ks, f"must be ranks in [0, d = {c.d}]")
    if not 1 <= c.lora_true_rank <= c.lora_d:
        _fail("lora_true_rank", c.lora_true_rank, f"must be in [1, lora_d = {c.lora_d}]")
    if not c.lora_ranks or not all(1 <= r <= c.lora_d for r in c.lora_ranks):
        _fail("lora_ranks", c.lora_ranks, f"must be ranks in [1, lora_d = {c.lora_d}]")
    if not c.delta_scale > 0:
        _fail("delta_scale", c.delta_scale, "must be > 0")
    if not c.lora_lr > 0:
        _fail("lora_lr", c.lora_lr, "must be > 0")
    smallest = max(c.true_rank, c.randomized_components)
    if len(set(c.svd_sizes)) < 2 or min(c.svd_sizes) < smallest:
        _fail("svd_sizes", c.svd_sizes, f"need at least 2 different sizes, each >= {smallest} "
              "(true_rank and randomized_components)")
    if c.randomized_components > c.d:
        _fail("randomized_components", c.randomized_components, f"must be <= d = {c.d}")
    for name in ("oversamples", "power_iterations"):
        if not isinstance(getattr(c, name), int) or getattr(c, name) < 0:
            _fail(name, getattr(c, name), "must be an int >= 0")


def _spectrum(c: Config) -> dict[str, Any]:
    """W, its SVD and every number of parts 1 and 2 (decompositions, knee, Eckart–Young)."""
    W = low_rank_matrix(c.d, c.true_rank, c.noise_level, seed=c.seed)
    signal = low_rank_matrix(c.d, c.true_rank, 0.0, seed=c.seed)  # same A, B: W − signal = sN
    U, S, Vt = np.linalg.svd(W)
    every_k = truncation_errors_every_k(W, U, S, Vt)
    gaps = eckart_young_gaps(every_k, S)
    listed = {k: float(np.linalg.norm(W - truncate(U, S, Vt, k))) for k in c.truncation_ks}
    listed_gaps = [abs(listed[k] - eckart_young_error(S, k)) for k in c.truncation_ks]
    return {"W": W, "S": S, "every_k": every_k, "gaps": gaps, "listed": listed,
            "gap": float(max(gaps.max(), *listed_gaps)),
            "checks": spectral_checks(W, S),
            "svd_reconstruction": float(np.linalg.norm(W - (U * S) @ Vt) / np.linalg.norm(W)),
            "noise": noise_analysis(W, signal, U, S, Vt, c.true_rank, c.noise_level)}


def _lora(c: Config, progress: Progress) -> tuple[dict[int, dict], dict[int, list[float]], float]:
    """Fit one adapter per rank r; returns the records, the error curves and ‖ΔW‖_F."""
    W0, dW = lora_problem(c.lora_d, c.lora_true_rank, c.noise_level, c.delta_scale, c.seed)
    S_dW = np.linalg.svd(dW, compute_uv=False)
    rng = np.random.default_rng(c.seed + 3)
    records, curves = {}, {}
    for r in progress.track(sorted(set(c.lora_ranks)), "LoRA fits"):
        B0, A0 = init_adapter(c.lora_d, r, rng)
        fit = fit_lora(W0, W0 + dW, B0, A0, c.lora_steps, c.lora_lr)
        records[r], curves[r] = lora_record(fit, dW, S_dW), fit.errors
    return records, curves, float(np.linalg.norm(dW))


def _timings(c: Config, progress: Progress) -> dict[int, dict[str, float]]:
    """Exact and randomized SVD of a fresh low-rank-plus-noise matrix at every size n."""
    out = {}
    for n in progress.track(sorted(set(c.svd_sizes)), "SVD timings"):
        W = low_rank_matrix(n, c.true_rank, c.noise_level, seed=c.seed + 2)
        out[n] = time_exact_and_randomized(W, c.randomized_components, c.oversamples,
                                           c.power_iterations, c.repeats, seed=c.seed + 4)
        del W  # at n = 10 000 each matrix is 800 MB
    return out


def run(config: Config, out_dir: Path, progress: Progress) -> Result:
    """Decompose W, check Eckart–Young, fit LoRA adapters, time SVDs; draw four figures."""
    _check(config)
    c = config
    spec = _spectrum(c)
    S, W = spec["S"], spec["W"]
    knee = knee_rank(S)
    by_q = error_by_power_iterations(W, S, c.randomized_components, c.oversamples,
                                     range(0, 5), seed=c.seed + 4)
    lora, curves, dW_norm = _lora(c, progress)
    timings = _timings(c, progress)
    sizes = sorted(timings)
    exact = [timings[n]["svd_seconds"] for n in sizes]
    exponent = fit_exponent(sizes, exact)
    k = c.randomized_components
    norm = float(np.linalg.norm(W))

    save_figure(spectrum_figure(S, knee, c.true_rank, c.noise_level), out_dir / "spectrum.svg")
    save_figure(eckart_young_figure(spec["every_k"], spec["gaps"], spec["listed"], norm,
                                    c.true_rank, spec["noise"]["predicted"]),
                out_dir / "eckart_young.svg")
    save_figure(lora_figure(curves, lora, dW_norm), out_dir / "lora.svg")
    save_figure(timing_figure(sizes, exact, [timings[n]["randomized_seconds"] for n in sizes],
                              exponent, k, by_q, c.d), out_dir / "svd_timing.svg")

    metrics = {
        "singular_values": S[:N_SINGULAR_VALUES].tolist(),
        "knee_rank": knee,
        "truncation_error": spec["listed"],
        "eckart_young_gap": spec["gap"],
        "eckart_young_relative_gap": spec["gap"] / norm,
        "lora": lora,
        "svd_seconds": {n: timings[n]["svd_seconds"] for n in sizes},
        "svd_exponent": exponent,
        "randomized": {n: {"seconds": timings[n]["randomized_seconds"],
                           f"max_rel_error_top{k}": timings[n]["max_rel_error_topk"],
                           "speedup": timings[n]["speedup"]} for n in sizes},
        "spectral_decomposition": spec["checks"],
        "svd_reconstruction_error": spec["svd_reconstruction"],
        "noise_analysis": spec["noise"],
        "randomized_power_iterations": by_q,
    }
    return Result(metrics=metrics, headline=_headline(c, metrics),
                  figures=["spectrum.svg", "eckart_young.svg", "lora.svg", "svd_timing.svg"])


def _headline(c: Config, m: dict[str, Any]) -> dict[str, str]:
    """The card's key numbers."""
    noise = m["noise_analysis"]
    r_mid = sorted(m["lora"])[min(1, len(m["lora"]) - 1)]
    rec = m["lora"][r_mid]
    ratio = (f"trained/best {rec['trained_error'] / rec['best_error']:.4f}"
             if rec["best_error"] > 0 else f"trained error {rec['trained_error']:.1e}")
    n_max = max(m["svd_seconds"])
    return {
        "knee rank": str(m["knee_rank"]),
        f"‖W − W_{c.true_rank}‖ / ‖W‖": f"{noise['relative_error']:.4f} "
                                        f"(noise outside the signal {noise['predicted']:.4f})",
        "Eckart–Young gap / ‖W‖": f"{m['eckart_young_relative_gap']:.1e}",
        f"LoRA r = {r_mid}, d = {c.lora_d}": f"{ratio}, {rec['fraction']:.1%} of d² trainable",
        "SVD time ∝ nᵖ": f"p = {m['svd_exponent']:.2f}",
        f"randomized top {c.randomized_components} at n = {n_max}":
            f"{m['randomized'][n_max]['speedup']:.1f}× faster",
    }


LAB = register(Lab(
    id="low-rank", title="Spectral decomposition, SVD and LoRA", part="maths",
    Config=Config, presets=PRESETS, run=run,
    summary="A 768×768 rank-64-plus-noise weight matrix: its spectrum's knee at 64, "
            "Eckart–Young to rounding error at every rank, LoRA adapters trained to the best "
            "rank-r error, and the n³ cost of an SVD that a randomized SVD avoids.",
    explanation=lab_text(__name__, "explanation.md"), quick_seconds=10.0,
    check=_check,
))
