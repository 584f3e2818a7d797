"""Checks of the encoding notebook's exercises, against the lab's own functions."""
from __future__ import annotations

import numpy as np

from gradschool.data.preprocessing import (
    SimpleImputer,
    StandardScaler,
    iqr_outliers,
    zscore_outliers,
)
from gradschool.labs.exercise import Namespace, expect_close, expect_equal, expect_true

from .coding import design_matrix, season_sales
from .outliers import planted_outliers, precision_recall
from .scaling import condition_number, designs, gradient_descent, optimal_lr, two_scale_data


def check_design_matrix(ns: Namespace) -> None:
    f = ns.function("design_matrix")
    seasons, _ = season_sales(30, np.random.default_rng(0))
    numbers = np.array([3, 1, 2, 3, 1, 2, 2])
    for categories in (seasons, numbers):
        for drop_first, drop in ((False, None), (True, "first")):
            expect_close(f(categories, drop_first), design_matrix(categories, drop),
                         f"design_matrix({categories[:4].tolist()}..., "
                         f"drop_first={drop_first})")


def check_zscore_condition(ns: Namespace) -> None:
    zscore, kappa = ns.function("zscore"), ns.function("condition_number")
    F, _ = two_scale_data(40, 50.0, np.random.default_rng(1))
    expect_close(zscore(F), StandardScaler().fit_transform(F), "zscore(F)")
    for name, X in designs(F).items():
        expect_close(kappa(X), condition_number(X), f"condition_number of the {name} design",
                     rtol=1e-6)


def check_gd_steps(ns: Namespace) -> None:
    f = ns.function("gd_steps")
    F, y = two_scale_data(50, 5.0, np.random.default_rng(2))
    X = designs(F)["minmax"]
    lr = optimal_lr(X)
    expected = gradient_descent(X, y, lr, 1e-6, 10_000)
    steps, errors = f(X, y, lr, 1e-6, 10_000)
    expect_equal(steps, expected.steps, "gd_steps(minmax design, lr*, tol=1e-6): steps")
    expect_close(errors, expected.errors, "the relative errors ||w_t - w*|| / ||w*||", rtol=1e-6)
    steps, errors = f(X, y, lr, 1e-6, 3)
    expect_true(steps is None and len(errors) == 4,
                f"with max_steps=3 the tolerance is not reached: expected (None, 4 errors), "
                f"got ({steps!r}, {len(errors)} errors)")


def check_mean_impute(ns: Namespace) -> None:
    f = ns.function("mean_impute")
    rng = np.random.default_rng(3)
    X = rng.standard_normal((12, 4)) * [1, 10, 100, 0.1]
    X[rng.random(X.shape) < 0.3] = np.nan
    X[0] = 1.0  # every column keeps a value
    expect_close(f(X), SimpleImputer(strategy="mean").fit_transform(X), "mean_impute(X)")


def check_outlier_rules(ns: Namespace) -> None:
    z_mask, iqr_mask = ns.function("zscore_mask"), ns.function("iqr_mask")
    pr = ns.function("precision_recall")
    x, kind = planted_outliers(200, 10, 3, 30.0, np.random.default_rng(4))
    for threshold in (3.0, 2.0):
        expect_equal(np.asarray(z_mask(x, threshold)).tolist(),
                     zscore_outliers(x, threshold).tolist(), f"zscore_mask(x, {threshold})")
    for k in (1.5, 3.0):
        expect_equal(np.asarray(iqr_mask(x, k)).tolist(), iqr_outliers(x, k).tolist(),
                     f"iqr_mask(x, {k})")
    truth = kind != 0
    for flagged in (iqr_outliers(x), zscore_outliers(x), np.zeros_like(truth)):
        expect_close(pr(flagged, truth), precision_recall(flagged, truth),
                     f"precision_recall of a mask flagging {int(flagged.sum())} values")


CHECKS = {"design-matrix": check_design_matrix, "zscore-condition": check_zscore_condition,
          "gd-steps": check_gd_steps, "mean-impute": check_mean_impute,
          "outlier-rules": check_outlier_rules}
