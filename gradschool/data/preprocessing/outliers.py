"""Outlier rules: flag values far from the bulk of their column.

Both return a boolean mask of x's shape (True = outlier), computed per column
of a 2-D array (n_samples, n_features) or over the whole of a 1-D array. NaNs
are ignored by the statistics and never flagged.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ._base import like_input, to_numpy


def _samples(x: Any, where: str) -> tuple[np.ndarray, bool]:
    """x as a float array of 1 or 2 dimensions, and whether it was a Tensor."""
    x, was_tensor = to_numpy(x)
    if x.ndim not in (1, 2) or x.shape[0] == 0:
        raise ValueError(f"{where}: expected a 1-D array (n_samples,) or a 2-D array "
                         f"(n_samples, n_features) with n_samples >= 1, got shape {x.shape}")
    if x.dtype.kind not in "iufb":
        raise TypeError(f"{where}: x must be numeric, got dtype {x.dtype}")
    x = x.astype(np.float64)
    if np.isinf(x).any():
        raise ValueError(f"{where}: x contains infinity at index "
                         f"{tuple(int(i) for i in np.argwhere(np.isinf(x))[0])}")
    return x, was_tensor


def _check_positive(value: float, name: str, where: str) -> None:
    if not (isinstance(value, (int, float, np.number)) and np.isfinite(value) and value > 0):
        raise ValueError(f"{where}: {name} must be a finite number > 0, got {value!r}")


def zscore_outliers(x: Any, threshold: float = 3.0) -> Any:
    r"""The z-score rule: flag values more than `threshold` standard deviations from the mean.

        outlier  <=>  |x - μ| / σ > threshold

    with the column mean μ and the population standard deviation σ (ddof = 0) over the
    non-NaN values. A constant column (all values equal) has no outliers: rounding can
    make its computed σ tiny but not 0, and every |z| about 1.

    The rule is weak on small or contaminated samples: the outliers themselves inflate σ
    (masking), and with the population σ no value of n samples can have |z| above
    √(n - 1) (reached by one value apart from n - 1 equal ones), so with n <= 10
    nothing passes threshold 3.

    Shapes: x (n,) or (n, p) -> bool mask of the same shape; an array or a gs Tensor,
    returned as given.
    """
    where = "zscore_outliers"
    _check_positive(threshold, "threshold", where)
    x, was_tensor = _samples(x, where)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN statistics
        d = np.abs(x - np.nanmean(x, axis=0))
        d = d / np.nanmax(d, axis=0)  # z is scale-free; this keeps d² from under/overflowing
        constant = np.nanmax(x, axis=0) == np.nanmin(x, axis=0)
        z = np.where(constant, 0.0, d / np.sqrt(np.nanmean(d ** 2, axis=0)))
    return like_input(z > threshold, was_tensor)


def iqr_outliers(x: Any, k: float = 1.5) -> Any:
    r"""Tukey's IQR rule: flag values more than k interquartile ranges outside the quartiles.

        IQR = Q3 - Q1,   outlier  <=>  x < Q1 - k·IQR  or  x > Q3 + k·IQR

    with the quartiles Q1, Q3 (25th and 75th percentiles) of the column's non-NaN values
    by NumPy's default linear interpolation (np.percentile's method="linear"). The
    quartiles barely move when a few outliers are added, so unlike the z-score rule the
    outliers cannot hide each other. k = 1.5 gives Tukey's boxplot whiskers; k = 3 "far out".

    Shapes: x (n,) or (n, p) -> bool mask of the same shape; an array or a gs Tensor,
    returned as given.
    """
    where = "iqr_outliers"
    _check_positive(k, "k", where)
    x, was_tensor = _samples(x, where)
    with warnings.catch_warnings(), np.errstate(invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN quartiles
        q1, q3 = np.nanpercentile(x, [25, 75], axis=0)
        iqr = q3 - q1
        mask = (x < q1 - k * iqr) | (x > q3 + k * iqr)
    return like_input(mask, was_tensor)
