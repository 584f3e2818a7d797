"""Plumbing shared by the preprocessing transformers: input checks and fit/transform.

Every transformer takes its data X as a NumPy array, a gs Tensor (its `.data`
is used) or a nested list, of shape (n_samples, n_features), and gives back
the same kind it was given: an array for an array, a Tensor for a Tensor.
The result is always a new array: the input is never modified, and a Tensor
result is a fresh leaf (no gradient flows back through preprocessing).
"""
from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from ...autograd.tensor import Tensor, make_tensor


class NotFittedError(ValueError, AttributeError):
    """`transform` (or another method that needs fitted statistics) called before `fit`.

    Like scikit-learn's `NotFittedError`, it is both a ValueError and an AttributeError.
    """


def to_numpy(X: Any) -> tuple[np.ndarray, bool]:
    """The array inside X and whether X was a Tensor.

    A list whose elements NumPy would turn into strings (e.g. [["a", 1]]) becomes an
    object array, so each column keeps its own Python type, as in scikit-learn.
    """
    if isinstance(X, Tensor):
        return X.data, True
    if isinstance(X, np.ndarray):
        return X, False
    array = np.asarray(X)
    if array.dtype.kind in "US":
        array = np.asarray(X, dtype=object)
    return array, False


def like_input(result: np.ndarray, was_tensor: bool) -> Any:
    """`result` as a Tensor when the input was a Tensor, else as the array."""
    return make_tensor(result) if was_tensor else result


def check_2d(X: np.ndarray, where: str, min_features: int = 1) -> np.ndarray:
    """Check X has shape (n_samples, n_features), n_samples >= 1, n_features >= min_features."""
    if X.ndim != 2:
        hint = ("; use x.reshape(-1, 1) for a single feature or x.reshape(1, -1) for a "
                "single sample" if X.ndim == 1 else "")
        raise ValueError(f"{where}: expected a 2-D array (n_samples, n_features), "
                         f"got shape {X.shape}{hint}")
    if X.shape[0] == 0 or X.shape[1] < min_features:
        raise ValueError(f"{where}: needs at least 1 sample and 1 feature, got shape {X.shape}")
    return X


def float_copy(X: np.ndarray, where: str) -> np.ndarray:
    """A float copy of numeric X: float dtypes kept, integers and bools as float64."""
    if X.dtype.kind == "f":
        return X.copy()
    if X.dtype.kind in "iub":
        return X.astype(np.float64)
    raise TypeError(f"{where}: X must be numeric, got dtype {X.dtype}")


def check_no_inf(X: np.ndarray, where: str) -> None:
    """Reject +-inf: NaN means "missing", but infinity has no place in a statistic."""
    if X.dtype.kind == "f":
        bad = np.argwhere(np.isinf(X))
        if bad.size:
            row, col = bad[0]
            raise ValueError(f"{where}: X contains infinity ({X[row, col]}) at row {row}, "
                             f"column {col}")


class Transformer:
    """fit / transform / fit_transform, the "fitted?" check and the column-count check.

    Subclasses implement `fit` (which sets `n_features_in_`) and `transform`.
    """

    n_features_in_: int

    def fit(self, X: Any, y: Any = None) -> Transformer:
        raise NotImplementedError

    def transform(self, X: Any) -> Any:
        raise NotImplementedError

    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """fit(X) then transform(X); `y` is ignored (there for scikit-learn's pipelines)."""
        return self.fit(X, y).transform(X)

    def _name(self, method: str) -> str:
        return f"{type(self).__name__}.{method}"

    def _check_fitted(self, method: str) -> None:
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError(f"{type(self).__name__}: call fit before {method}")

    def _check_n_features(self, X: np.ndarray, method: str) -> None:
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"{self._name(method)}: X has {X.shape[1]} columns, but "
                             f"{type(self).__name__} was fitted on {self.n_features_in_}")

    def __repr__(self) -> str:
        """The constructor call with the arguments that differ from their defaults."""
        params = inspect.signature(type(self).__init__).parameters.values()
        changed = [f"{p.name}={getattr(self, p.name)!r}" for p in params
                   if p.name != "self" and not _same(getattr(self, p.name), p.default)]
        return f"{type(self).__name__}({', '.join(changed)})"


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, float) and isinstance(default, float) and value != value:
        return default != default  # NaN defaults (missing_values=np.nan)
    try:
        return bool(value == default) and type(value) is type(default)
    except (TypeError, ValueError):
        return False
