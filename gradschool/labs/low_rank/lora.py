r"""LoRA (Hu et al., 2021): adapt a frozen weight W₀ by a trainable low-rank update B A.

    W = W₀ + B A          W₀ (d, d) frozen,  B (d, r) = 0 at the start,  A (r, d) ~ N(0, 1/d)

fitted with gs autograd and gs.optim.Adam to a target W₀ + ΔW, where ΔW has rank
larger than r, by minimising

    ℓ(B, A) = ‖W₀ + B A − (W₀ + ΔW)‖_F²  =  E_x ‖(W₀ + B A) x − (W₀ + ΔW) x‖²   for x ~ N(0, I):

the squared Frobenius distance is the layer's mean squared output error over
isotropic inputs, so this is the layer fitted to its target's outputs. Among
all rank-r matrices the best B A is ΔW's rank-r truncation (Eckart–Young), so
no training can go below (Σ_{i>r} σᵢ(ΔW)²)^{1/2}: the lab measures how close
Adam gets. B = 0 makes W = W₀ at the start (the adapted model begins as the
pre-trained one) while A ≠ 0 lets the gradient ∂ℓ/∂B = 2 (W − T) Aᵀ be non-zero.
Trainable numbers: 2 d r against d² for fine-tuning all of W.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import gradschool as gs
from gradschool.data import low_rank_matrix
from gradschool.linalg import eckart_young_error


@dataclass
class LoraFit:
    """A trained adapter: B (d, r), A (r, d) and the error ‖W₀ + B A − T‖_F before every
    step and after the last (steps + 1 values)."""

    B: np.ndarray
    A: np.ndarray
    errors: list[float]


def lora_problem(d: int, true_rank: int, noise_level: float, delta_scale: float,
                 seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The frozen W₀ (d, d) and the update ΔW (d, d) of rank `true_rank`.

    W₀ = low_rank_matrix(d, true_rank, noise_level, seed): a "pre-trained" weight;
    ΔW = delta_scale · low_rank_matrix(d, true_rank, 0, seed + 1): exactly rank true_rank.
    """
    W0 = low_rank_matrix(d, true_rank, noise_level, seed=seed)
    dW = delta_scale * low_rank_matrix(d, true_rank, 0.0, seed=seed + 1)
    return W0, dW


def init_adapter(d: int, r: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """LoRA's start: B = 0 (d, r) and A (r, d) with N(0, 1/d) entries."""
    return np.zeros((d, r)), rng.standard_normal((r, d)) / math.sqrt(d)


def fit_lora(W0: np.ndarray, target: np.ndarray, B0: np.ndarray, A0: np.ndarray,
             steps: int, lr: float) -> LoraFit:
    """Minimise ℓ = ‖W₀ + B A − T‖_F² over B, A with Adam(lr) under a cosine learning rate.

    W₀ enters the graph as a constant tensor (requires_grad=False): frozen, as in
    LoRA, so only B and A receive gradients. The learning rate decays from lr
    to 0 along a cosine (`CosineAnnealingLR`): Adam's steps are ~lr per entry
    whatever the gradient's size, so without a decay it jitters around the
    optimum at a distance set by lr.
    """
    W0_t, T = gs.tensor(W0), gs.tensor(target)
    B, A = gs.nn.Parameter(B0.copy()), gs.nn.Parameter(A0.copy())
    optimizer = gs.optim.Adam([B, A], lr=lr)
    schedule = gs.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    errors = []
    for _ in range(steps):
        optimizer.zero_grad()
        residual = W0_t + B @ A - T
        loss = (residual * residual).sum()
        errors.append(math.sqrt(loss.item()))
        loss.backward()
        optimizer.step()
        schedule.step()
    errors.append(float(np.linalg.norm(W0 + B.data @ A.data - target)))
    return LoraFit(B=B.data.copy(), A=A.data.copy(), errors=errors)


def lora_record(fit: LoraFit, dW: np.ndarray, S_dW: np.ndarray) -> dict[str, float]:
    """The metrics of one adapter of rank r: trained and best error (absolute and ÷ ‖ΔW‖_F),
    their ratio, the trainable numbers 2 d r and their fraction of d²."""
    d, r = fit.B.shape
    trained = float(np.linalg.norm(fit.B @ fit.A - dW))
    best = eckart_young_error(S_dW, r)
    norm = float(np.linalg.norm(dW))
    return {"trained_error": trained, "best_error": best,
            "trainable_params": 2 * d * r, "fraction": 2 * d * r / (d * d),
            "trained_relative": trained / norm, "best_relative": best / norm}
