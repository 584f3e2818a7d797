"""Checks of the sgd notebook's exercises, against gs.optim's scheduler and the Gabor loss."""
from __future__ import annotations

import numpy as np

import gradschool as gs
from gradschool.data.functions import gabor_data, gabor_loss
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true


def cosine_lr(ns: Namespace) -> None:
    lr_at = ns.function("cosine_lr")
    for lr, T in ((0.12, 1800), (1.0, 7)):
        opt = gs.optim.SGD([gs.tensor(np.zeros(1), requires_grad=True)], lr=lr)
        schedule = gs.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T)
        for t in range(T + 1):
            if t % max(1, T // 12) == 0 or t == T:
                expect_close(lr_at(lr, t, T), opt.param_groups[0]["lr"],
                             f"cosine_lr({lr:g}, t={t}, T={T}) (CosineAnnealingLR)",
                             rtol=1e-9, atol=1e-12)
            opt.step()
            schedule.step()


def minibatches(ns: Namespace) -> None:
    deal = ns.function("minibatches")
    for n, batch_size in ((30, 5), (23, 4), (10, 10)):
        what = f"minibatches({n}, {batch_size}, rng)"
        batches = [np.asarray(b) for b in deal(n, batch_size, np.random.default_rng(7))]
        sizes = [len(b) for b in batches]
        full, last = divmod(n, batch_size)
        expected = [batch_size] * full + ([last] if last else [])
        expect_equal(sizes, expected, f"{what}: batch sizes")
        flat = np.concatenate(batches)
        expect_equal(sorted(flat.tolist()), list(range(n)),
                     f"{what}: every index once (sorted)")
        if n > batch_size:
            expect_true(flat.tolist() != list(range(n)),
                        f"{what}: the indices come out in order 0, 1, 2, ...: shuffle them "
                        "with rng.permutation")
        again = np.concatenate(deal(n, batch_size, np.random.default_rng(7))).tolist()
        expect_equal(again, flat.tolist(), f"{what}: the same rng seed must give the same batches")


def minibatch_loss(ns: Namespace) -> None:
    batch_loss = ns.function("minibatch_loss")
    x, y = gabor_data(30, seed=3)
    x_t, y_t = gs.tensor(x, dtype=gs.float64), gs.tensor(y, dtype=gs.float64)
    rng = np.random.default_rng(44)
    batches = {"5 random points": rng.permutation(30)[:5],
               "7 random points": rng.permutation(30)[:7], "all 30 points": np.arange(30)}
    for start in ((-4.0, 16.0), (0.3, 11.5)):
        for name, idx in batches.items():
            what = f"minibatch_loss(φ = {start}, {name}, n=30)"
            mine = gs.tensor(np.array(start), dtype=gs.float64, requires_grad=True)
            ref = gs.tensor(np.array(start), dtype=gs.float64, requires_grad=True)
            got = batch_loss(mine, x_t[idx], y_t[idx], 30)
            expected = 30 / len(idx) * gabor_loss(ref, x_t[idx], y_t[idx])
            expect_true(isinstance(got, gs.Tensor),
                        f"{what}: expected a Tensor, got {type(got).__name__}")
            expect_true(got.requires_grad, f"{what}: the loss does not depend on phi for "
                                           "autograd: compute it with gs operations on phi")
            expect_close(got.data.reshape(()), expected.data, what, rtol=1e-9)
            (g,) = gs.autograd.grad(got.sum(), [mine])
            (g_ref,) = gs.autograd.grad(expected, [ref])
            expect_close(g.data, g_ref.data, f"{what}: its gradient", rtol=1e-8, atol=1e-10)


def gradient_spread(ns: Namespace) -> None:
    spread = ns.function("gradient_spread")
    rng = np.random.default_rng(45)
    cases = {"12 gradients of 2 parameters": rng.normal(size=(12, 2)) * [3.0, 0.5] + [1.0, -2.0],
             "40 gradients of 3 parameters": rng.normal(size=(40, 3)),
             "5 equal gradients": np.tile([0.7, -1.2], (5, 1))}
    for name, grads in cases.items():
        expected = np.sqrt(np.var(grads, axis=0).sum())  # the trace of the covariance, ddof 0
        expect_close(spread(grads.copy()), expected, f"gradient_spread({name})", rtol=1e-9,
                     atol=1e-12)


CHECKS = {"cosine-lr": cosine_lr, "minibatches": minibatches, "minibatch-loss": minibatch_loss,
          "gradient-spread": gradient_spread}
