"""Checks of the softmax notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.labs.exercise import Namespace, expect_close, expect_true

from .functions import entropy, kl_divergence, logsumexp, stable_softmax

LOGITS = {
    "[1000, 999, 998]": np.array([1000.0, 999.0, 998.0]),
    "[-1000, -1001, -1002]": np.array([-1000.0, -1001.0, -1002.0]),
    "[0.5, -1, 2]": np.array([0.5, -1.0, 2.0]),
    "a (4, 6) batch of logits up to ±1000": np.random.default_rng(31).normal(0, 500, (4, 6)),
}


def softmax_check(ns: Namespace) -> None:
    softmax = ns.function("stable_softmax")
    for name, z in LOGITS.items():
        got = np.asarray(softmax(z))
        expect_true(bool(np.isfinite(got).all()), f"stable_softmax({name}) has inf or NaN: "
                                                  "subtract the largest logit before exp")
        expect_close(got, stable_softmax(z), f"stable_softmax({name})")


def logsumexp_check(ns: Namespace) -> None:
    lse = ns.function("logsumexp")
    for name, z in LOGITS.items():
        expect_close(lse(z), logsumexp(z), f"logsumexp({name})", rtol=1e-12)


def _distributions() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(32)
    return {"uniform over 4": np.full(4, 0.25), "one-hot [0, 1, 0]": np.array([0.0, 1.0, 0.0]),
            "[0.5, 0.5, 0]": np.array([0.5, 0.5, 0.0]),
            "5 random distributions over 6 outcomes": rng.dirichlet(np.ones(6), size=5)}


def entropy_check(ns: Namespace) -> None:
    H = ns.function("entropy")
    for name, p in _distributions().items():
        expect_close(H(p), entropy(p), f"entropy({name})")


def kl_check(ns: Namespace) -> None:
    kl = ns.function("kl_divergence")
    rng = np.random.default_rng(33)
    for name, p in _distributions().items():
        q = rng.dirichlet(np.ones(p.shape[-1]), size=p.shape[:-1])
        expect_close(kl(p, q), kl_divergence(p, q), f"kl_divergence({name}, random q)")
        expect_close(kl(p, p), np.zeros(p.shape[:-1]), f"kl_divergence({name}, itself)")


CHECKS = {"stable-softmax": softmax_check, "logsumexp": logsumexp_check,
          "entropy": entropy_check, "kl-divergence": kl_check}
