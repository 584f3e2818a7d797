"""Outliers: the z-score and IQR rules on data with planted outliers, and masking.

The data: n inliers x ~ N(0, 1), `moderate` outliers with |x| ~ U[low, high] (past both
rules' cut-offs on clean data: |z| > 3 and Tukey's fence Q3 + 1.5 IQR ≈ 2.70), and
`gross` outliers with |x| ~ U[size, 1.2 size], each with a random sign.

A rule's flags are scored against the planted truth:

    precision = TP / (TP + FP)   (of the flagged values, the share that are outliers)
    recall    = TP / (TP + FN)   (of the outliers, the share that are flagged)

The z-score rule |x - μ| / σ > 3 uses the mean and standard deviation of all the data,
outliers included: a few gross outliers inflate σ so much that the moderate ones fall
inside μ ± 3σ (masking). The IQR rule's quartiles barely move when a few values are
extreme, so it keeps finding them (at the price of flagging about 0.7 % of the Gaussian
inliers, whose tails pass Tukey's fences).
"""
from __future__ import annotations

import numpy as np

from gradschool.data.preprocessing import iqr_outliers, zscore_outliers

RULES = ("zscore", "iqr")
INLIER, MODERATE, GROSS = 0, 1, 2


def planted_outliers(n: int, moderate: int, gross: int, size: float,
                     rng: np.random.Generator, low: float = 4.0, high: float = 8.0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """n N(0, 1) inliers, then `moderate` outliers |x| ~ U[low, high] and `gross` ones
    |x| ~ U[size, 1.2 size], random signs, in random order.

    Shapes: -> x (N,), kind (N,) int with N = n + moderate + gross: the planted kind of
    each value, INLIER, MODERATE or GROSS (the truth: kind != INLIER).
    """
    if n < 4 or moderate < 0 or gross < 0:
        raise ValueError(f"planted_outliers: need n >= 4 and counts >= 0, got n={n}, "
                         f"moderate={moderate}, gross={gross}")
    if not 0 < low <= high or size <= 0:
        raise ValueError(f"planted_outliers: need 0 < low <= high and size > 0, got "
                         f"low={low}, high={high}, size={size}")
    values = np.concatenate([rng.standard_normal(n), rng.uniform(low, high, moderate),
                             rng.uniform(size, 1.2 * size, gross)])
    values[n:] *= rng.choice([-1.0, 1.0], moderate + gross)
    kind = np.repeat([INLIER, MODERATE, GROSS], [n, moderate, gross])
    order = rng.permutation(len(values))
    return values[order], kind[order]


def flag(x: np.ndarray, rule: str, z_threshold: float = 3.0, iqr_k: float = 1.5) -> np.ndarray:
    """The boolean mask of values `rule` ("zscore" or "iqr") calls outliers."""
    if rule == "zscore":
        return zscore_outliers(x, threshold=z_threshold)
    if rule == "iqr":
        return iqr_outliers(x, k=iqr_k)
    raise ValueError(f"flag: unknown rule {rule!r}; choose from {RULES}")


def precision_recall(flagged: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(TP / (TP + FP), TP / (TP + FN)) of boolean masks; 0 where a denominator is 0
    (scikit-learn's precision_score / recall_score with their default zero_division)."""
    flagged, truth = np.asarray(flagged, dtype=bool), np.asarray(truth, dtype=bool)
    if flagged.shape != truth.shape:
        raise ValueError(f"precision_recall: flagged {flagged.shape} and truth {truth.shape} "
                         "differ in shape")
    tp = int(np.sum(flagged & truth))
    n_flagged, n_true = int(flagged.sum()), int(truth.sum())
    return (tp / n_flagged if n_flagged else 0.0), (tp / n_true if n_true else 0.0)


def score_rules(x: np.ndarray, truth: np.ndarray, z_threshold: float = 3.0,
                iqr_k: float = 1.5) -> dict[str, tuple[float, float]]:
    """{rule: (precision, recall)} for both rules on one data set."""
    return {rule: precision_recall(flag(x, rule, z_threshold, iqr_k), truth) for rule in RULES}


def masking_curve(n: int, moderate: int, gross_counts: list[int], sizes: list[float],
                  repeats: int, rng: np.random.Generator, z_threshold: float = 3.0,
                  iqr_k: float = 1.5) -> dict[str, list[float]]:
    """Each rule's recall of the *moderate* outliers, averaged over `repeats` data sets,
    for each (gross count, size) pair: how well the gross ones hide them.

    gross_counts and sizes have equal lengths: point i plants gross_counts[i] gross
    outliers of size sizes[i] next to `moderate` moderate ones (moderate >= 1).
    Returns {rule: [mean recall per point]}.
    """
    if len(gross_counts) != len(sizes):
        raise ValueError(f"masking_curve: {len(gross_counts)} gross counts but "
                         f"{len(sizes)} sizes")
    if moderate < 1 or repeats < 1:
        raise ValueError(f"masking_curve: need moderate >= 1 and repeats >= 1, got "
                         f"moderate={moderate}, repeats={repeats}")
    recalls: dict[str, list[float]] = {rule: [] for rule in RULES}
    for gross, size in zip(gross_counts, sizes):
        found = {rule: [] for rule in RULES}
        for _ in range(repeats):
            x, kind = planted_outliers(n, moderate, gross, size, rng)
            for rule in RULES:
                found[rule].append(flag(x, rule, z_threshold, iqr_k)[kind == MODERATE].mean())
        for rule in RULES:
            recalls[rule].append(float(np.mean(found[rule])))
    return recalls


def cutoffs(x: np.ndarray, z_threshold: float = 3.0, iqr_k: float = 1.5
            ) -> dict[str, tuple[float, float]]:
    """{rule: (lower, upper)}: μ ± threshold·σ (population σ) and Q1 - k IQR, Q3 + k IQR.

    The rules flag exactly the values outside these bounds (strictly).
    """
    mu, sigma = float(np.mean(x)), float(np.std(x))
    q1, q3 = (float(q) for q in np.percentile(x, [25, 75]))
    return {"zscore": (mu - z_threshold * sigma, mu + z_threshold * sigma),
            "iqr": (q1 - iqr_k * (q3 - q1), q3 + iqr_k * (q3 - q1))}
