"""Checks of the adam notebook's exercises, against gs.optim and the lab's closed forms."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import gradschool as gs
from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .theory import two_cycle as two_cycle_theory
from .theory import uncorrected_factor as uncorrected_factor_theory

STEPS = 25


def _gradients(seed: int) -> np.ndarray:
    """A fixed sequence of STEPS gradients of 3 parameters, of different sizes per coordinate."""
    return np.random.default_rng(seed).normal(size=(STEPS, 3)) * [2.0, 0.05, 1.0] + [0.3, 0, 0]


def _optimizer_path(optimizer: Callable[..., Any], settings: dict[str, Any], grads: np.ndarray,
                    keys: tuple[str, ...]) -> list[tuple[np.ndarray, ...]]:
    """(φ, state[key], ...) after each step of `optimizer([φ], **settings)` fed the gradients
    `grads` (as φ.grad, one per step)."""
    phi = gs.tensor(np.array([0.5, -1.0, 2.0]), dtype=gs.float64, requires_grad=True)
    opt = optimizer([phi], **settings)
    out = []
    for g in grads:
        phi.grad = gs.tensor(g, dtype=gs.float64)
        opt.step()
        state = opt.state[phi]
        out.append((phi.data.copy(), *(np.array(state[k]).copy() for k in keys)))
    return out


def _tuple_of(got: object, n: int, what: str) -> tuple:
    expect_true(isinstance(got, (tuple, list)) and len(got) == n,
                f"{what}: expected a tuple of {n} arrays, got {got!r:.80}")
    return tuple(got)


def rmsprop_step(ns: Namespace) -> None:
    step = ns.function("rmsprop_step")
    for lr, alpha, eps, seed in ((0.05, 0.99, 1e-8, 47), (0.1, 0.5, 1e-3, 48)):
        grads = _gradients(seed)
        expected = _optimizer_path(gs.optim.RMSprop, {"lr": lr, "alpha": alpha, "eps": eps},
                                   grads, ("square_avg",))
        phi, v = np.array([0.5, -1.0, 2.0]), np.zeros(3)
        for t, (g, (phi_ref, v_ref)) in enumerate(zip(grads, expected), start=1):
            what = f"rmsprop_step at step {t} (lr={lr:g}, alpha={alpha:g}, eps={eps:g})"
            phi, v = _tuple_of(step(phi, g, v, lr, alpha, eps), 2, what)
            expect_close(v, v_ref, f"{what}: v", rtol=1e-10, atol=1e-14)
            expect_close(phi, phi_ref, f"{what}: phi", rtol=1e-10, atol=1e-12)


def adam_step(ns: Namespace) -> None:
    step = ns.function("adam_step")
    for lr, betas, eps, seed in ((0.05, (0.9, 0.999), 1e-8, 49), (0.1, (0.5, 0.9), 1e-3, 50)):
        grads = _gradients(seed)
        expected = _optimizer_path(gs.optim.Adam, {"lr": lr, "betas": betas, "eps": eps},
                                   grads, ("exp_avg", "exp_avg_sq"))
        phi, m, v = np.array([0.5, -1.0, 2.0]), np.zeros(3), np.zeros(3)
        for t, (g, (phi_ref, m_ref, v_ref)) in enumerate(zip(grads, expected), start=1):
            what = f"adam_step at step t={t} (lr={lr:g}, betas={betas}, eps={eps:g})"
            phi, m, v = _tuple_of(step(phi, g, m, v, t, lr, *betas, eps), 3, what)
            expect_close(m, m_ref, f"{what}: m", rtol=1e-10, atol=1e-14)
            expect_close(v, v_ref, f"{what}: v", rtol=1e-10, atol=1e-14)
            expect_close(phi, phi_ref, f"{what}: phi", rtol=1e-10, atol=1e-12)


def uncorrected_factor(ns: Namespace) -> None:
    factor = ns.function("uncorrected_factor")
    t = np.arange(1, 41)
    for beta1, beta2 in ((0.9, 0.999), (0.5, 0.9), (0.0, 0.0)):
        expect_close(factor(t, beta1, beta2), uncorrected_factor_theory(t, beta1, beta2),
                     f"uncorrected_factor(t = 1 … 40, {beta1:g}, {beta2:g})", rtol=1e-12)
        expect_close(factor(7, beta1, beta2), uncorrected_factor_theory(np.array(7), beta1, beta2),
                     f"uncorrected_factor(7, {beta1:g}, {beta2:g})", rtol=1e-12)


def two_cycle(ns: Namespace) -> None:
    cycle = ns.function("two_cycle")
    for lr in (0.55, 0.6, 1.0, 3.0):
        expect_close(cycle(lr), two_cycle_theory(lr), f"two_cycle({lr:g})", rtol=1e-12)


CHECKS = {"two-cycle": two_cycle, "rmsprop-step": rmsprop_step, "adam-step": adam_step,
          "uncorrected-factor": uncorrected_factor}
