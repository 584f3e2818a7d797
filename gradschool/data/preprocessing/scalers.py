"""Feature scaling: min-max to a range, and z-scores (standardisation).

Both are fitted column by column on training data; `transform` then applies
the training statistics to any data, so a test set is scaled exactly as the
training set was. NaNs are missing values: ignored when fitting, left as NaN
by `transform` (as in scikit-learn).
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ._base import Transformer, check_2d, check_no_inf, float_copy, like_input, to_numpy


def _numeric_2d(X: Any, where: str) -> tuple[np.ndarray, bool]:
    """X as a fresh float array of shape (n_samples, n_features), and whether it was a Tensor."""
    X, was_tensor = to_numpy(X)
    X = float_copy(check_2d(X, where), where)
    check_no_inf(X, where)
    return X, was_tensor


def _ones_where_constant(scale: np.ndarray, constant: np.ndarray) -> np.ndarray:
    """Replace the scale of constant columns by 1, so x / scale never divides by ~0."""
    scale = scale.copy()
    scale[constant] = 1.0
    return scale


class MinMaxScaler(Transformer):
    r"""Scale each column to `feature_range` = (a, b) using the training min and max.

        x' = (x - min) / (max - min) * (b - a) + a

    computed, as in scikit-learn, as x' = x * scale_ + min_ with
    scale_ = (b - a) / (max - min) and min_ = a - min * scale_.
    A constant column (max - min below 10 machine epsilons) gets scale_ = b - a,
    i.e. a range of 1, so it maps to a instead of dividing by zero.

    Args:
        feature_range: (a, b) with a < b.
        clip: clip transformed values to [a, b] (data outside the training range
            otherwise lands outside it).

    Fitted attributes: data_min_, data_max_, data_range_ (shape (n_features,)),
    scale_, min_, n_samples_seen_, n_features_in_.

    Shapes: X (n_samples, n_features) -> (n_samples, n_features), float (float32
    stays float32, integers become float64); an array or a gs Tensor, returned as given.
    """

    def __init__(self, feature_range: tuple[float, float] = (0, 1), *, clip: bool = False
                 ) -> None:
        try:
            a, b = feature_range
            ok = bool(np.isfinite(a) and np.isfinite(b))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"MinMaxScaler: feature_range must be two finite numbers (a, b), "
                             f"got {feature_range!r}")
        if a >= b:
            raise ValueError(f"MinMaxScaler: feature_range must have min < max, "
                             f"got {feature_range!r}")
        self.feature_range = feature_range
        self.clip = clip

    def fit(self, X: Any, y: Any = None) -> MinMaxScaler:
        """Record each column's min and max (NaNs ignored; an all-NaN column gives NaN)."""
        X, _ = _numeric_2d(X, self._name("fit"))
        a = np.asarray(self.feature_range[0], dtype=X.dtype)
        b = np.asarray(self.feature_range[1], dtype=X.dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "All-NaN slice": NaN is the answer
            data_min = np.nanmin(X, axis=0)
            data_max = np.nanmax(X, axis=0)
        data_range = data_max - data_min
        constant = data_range < 10 * np.finfo(X.dtype).eps
        self.scale_ = (b - a) / _ones_where_constant(data_range, constant)
        self.min_ = a - data_min * self.scale_
        self.data_min_, self.data_max_, self.data_range_ = data_min, data_max, data_range
        self.n_samples_seen_ = X.shape[0]
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: Any) -> Any:
        """x' = x * scale_ + min_ (then clipped to feature_range when clip=True)."""
        self._check_fitted("transform")
        X, was_tensor = _numeric_2d(X, self._name("transform"))
        self._check_n_features(X, "transform")
        X *= self.scale_
        X += self.min_
        if self.clip:
            np.clip(X, self.feature_range[0], self.feature_range[1], out=X)
        return like_input(X, was_tensor)

    def inverse_transform(self, X: Any) -> Any:
        """x = (x' - min_) / scale_, undoing `transform` (not a clip)."""
        self._check_fitted("inverse_transform")
        X, was_tensor = _numeric_2d(X, self._name("inverse_transform"))
        self._check_n_features(X, "inverse_transform")
        X -= self.min_
        X /= self.scale_
        return like_input(X, was_tensor)


class StandardScaler(Transformer):
    r"""Standardise each column to zero mean and unit variance (z-scores).

        z = (x - μ) / σ,   μ = (1/n) Σ x_i,   σ² = (1/n) Σ (x_i - μ)²

    with the population standard deviation σ (ddof = 0, as scikit-learn; not
    the ddof = 1 sample estimate), over the n non-NaN values of the column.
    σ² is computed by the corrected two-pass algorithm (Chan, Golub & LeVeque,
    1983), which scikit-learn also uses and which cancels most of the rounding
    error of the plain two-pass sum:

        T = Σ x_i / n,   σ² = ( Σ (x_i - T)² - (Σ (x_i - T))² / n ) / n

    A column whose variance is indistinguishable from 0 at float64 precision
    (σ² <= n ε σ² + (n μ ε)², scikit-learn's test) is constant: its scale_ is 1,
    so it is only centred.

    Args:
        with_mean: subtract μ (else z = x / σ).
        with_std: divide by σ (else z = x - μ).

    Fitted attributes: mean_ (None if neither with_mean nor with_std), var_ = σ² and
    scale_ = σ (None if not with_std), n_samples_seen_ (an int, or one per column
    when NaNs make the counts differ), n_features_in_.

    Shapes: X (n_samples, n_features) -> (n_samples, n_features), float (float32
    stays float32; the statistics are float64); an array or a gs Tensor, returned as given.
    """

    def __init__(self, *, with_mean: bool = True, with_std: bool = True) -> None:
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X: Any, y: Any = None) -> StandardScaler:
        """Compute each column's μ and σ² over its non-NaN values."""
        X, _ = _numeric_2d(X, self._name("fit"))
        missing = np.isnan(X)
        count = X.shape[0] - missing.sum(axis=0)
        self.mean_, self.var_ = None, None
        if self.with_mean or self.with_std:
            self.mean_, var = _mean_and_var(X, count)
            self.var_ = var if self.with_std else None
        self.n_samples_seen_ = count[0] if np.all(count == count[0]) else count
        self.scale_ = None
        if self.with_std:
            eps = np.finfo(np.float64).eps
            n = self.n_samples_seen_
            constant = self.var_ <= n * eps * self.var_ + (n * self.mean_ * eps) ** 2
            self.scale_ = _ones_where_constant(np.sqrt(self.var_), constant)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: Any) -> Any:
        """z = (x - mean_) / scale_, column by column; NaNs stay NaN."""
        self._check_fitted("transform")
        X, was_tensor = _numeric_2d(X, self._name("transform"))
        self._check_n_features(X, "transform")
        if self.with_mean:
            X -= self.mean_.astype(X.dtype)
        if self.with_std:
            X /= self.scale_.astype(X.dtype)
        return like_input(X, was_tensor)

    def inverse_transform(self, X: Any) -> Any:
        """x = z * scale_ + mean_, undoing `transform`."""
        self._check_fitted("inverse_transform")
        X, was_tensor = _numeric_2d(X, self._name("inverse_transform"))
        self._check_n_features(X, "inverse_transform")
        if self.with_std:
            X *= self.scale_.astype(X.dtype)
        if self.with_mean:
            X += self.mean_.astype(X.dtype)
        return like_input(X, was_tensor)


def _mean_and_var(X: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and population variances over non-NaN values, in float64.

    An all-NaN column (count 0) gives NaN for both, as in scikit-learn.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.nansum(X, axis=0, dtype=np.float64)
        mean = total / count
        deviation = X - mean
        correction = np.nansum(deviation, axis=0, dtype=np.float64)
        squares = np.nansum(deviation ** 2, axis=0, dtype=np.float64)
        var = (squares - correction ** 2 / count) / count
    return mean, var
