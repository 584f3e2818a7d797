"""Missing values: fill each hole from a column statistic, or from the nearest rows.

`SimpleImputer` fills a missing entry of column j with one number fitted on
column j (its mean, median, most frequent value, or a constant).
`KNNImputer` fills it with the mean of column j over the k training rows
nearest to the incomplete row, in the nan-euclidean distance that only
compares coordinates both rows have.

Unlike scikit-learn, a column with no observed value at all in the training
data is an error here: scikit-learn silently drops such a column from the
output (with a warning), which changes the number of columns.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Transformer, check_2d, check_no_inf, float_copy, like_input, to_numpy

STRATEGIES = ("mean", "median", "most_frequent", "constant")


def missing_mask(X: np.ndarray, missing_values: Any) -> np.ndarray:
    """Boolean mask of the entries equal to `missing_values` (NaN matches NaN; None, None)."""
    if _is_nan(missing_values):
        if X.dtype.kind == "f":
            return np.isnan(X)
        if X.dtype.kind == "O":
            return X != X  # only NaN is not equal to itself
        return np.zeros(X.shape, dtype=bool)
    if missing_values is None:
        return np.equal(X, None) if X.dtype.kind == "O" else np.zeros(X.shape, dtype=bool)
    return np.asarray(X == missing_values, dtype=bool)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and np.isnan(value)


def _check_nan_is_missing(X: np.ndarray, missing_values: Any, where: str) -> None:
    """With a marker other than NaN, a NaN in X is neither data nor missing: reject it."""
    if not _is_nan(missing_values) and X.dtype.kind == "f" and np.isnan(X).any():
        raise ValueError(f"{where}: X contains NaN but missing_values is {missing_values!r}")


def _check_no_empty_column(mask: np.ndarray, where: str, what: str) -> None:
    empty = np.flatnonzero(mask.all(axis=0))
    if empty.size:
        raise ValueError(f"{where}: column {empty[0]} has no observed values (all missing), "
                         f"so {what} to impute it from; drop the column first "
                         "(scikit-learn drops it with a warning instead)")


class SimpleImputer(Transformer):
    r"""Replace missing values by a per-column statistic fitted on the training data.

    For column j with observed values x_1..x_m (the entries that are not missing):

        mean:          s_j = (1/m) Σ x_i
        median:        s_j = the middle of the sorted x_i (mean of the two middle ones for even m)
        most_frequent: s_j = the value occurring most often; ties go to the smallest value
        constant:      s_j = fill_value (0 for numbers, "missing_value" for strings when None)

    and every missing entry of column j becomes s_j.

    Args:
        missing_values: the marker of a missing entry: np.nan (default), None, or a value
            such as -1.
        strategy: "mean" | "median" | "most_frequent" | "constant".
        fill_value: the constant of strategy="constant".

    Fitted attribute: statistics_ (shape (n_features,); float64 for numeric data, object
    for strategy="constant" or object data), n_features_in_.

    Data: numbers for every strategy; strings (object arrays, or string arrays, which are
    made object arrays) for "most_frequent" and "constant". mean/median give floats
    (float32 stays float32); most_frequent/constant keep the input dtype. An array or a
    gs Tensor, returned as given.

    Differences from scikit-learn: a column with no observed value is an error for mean,
    median and most_frequent (scikit-learn drops the column with a warning) and is filled
    with fill_value for constant (scikit-learn's keep_empty_features=True); there is no
    add_indicator; string arrays are accepted and treated as object arrays.
    """

    def __init__(self, *, missing_values: Any = np.nan, strategy: str = "mean",
                 fill_value: Any = None) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"SimpleImputer: strategy must be one of {STRATEGIES}, "
                             f"got {strategy!r}")
        self.missing_values = missing_values
        self.strategy = strategy
        self.fill_value = fill_value

    def _validate(self, X: Any, method: str) -> tuple[np.ndarray, bool]:
        where = self._name(method)
        X, was_tensor = to_numpy(X)
        check_2d(X, where)
        if X.dtype.kind in "US":
            X = X.astype(object)
        if self.strategy in ("mean", "median"):
            if X.dtype.kind == "O":
                try:
                    X = X.astype(np.float64)
                except (TypeError, ValueError):
                    raise TypeError(f"{where}: strategy {self.strategy!r} needs numeric data, "
                                    "got non-numeric values (use 'most_frequent' or "
                                    "'constant' for strings)") from None
            X = float_copy(X, where)
        elif X.dtype.kind not in "iufbO":
            raise TypeError(f"{where}: X must hold numbers or strings, got dtype {X.dtype}")
        else:
            X = X.copy()
        check_no_inf(X, where)
        _check_nan_is_missing(X, self.missing_values, where)
        return X, was_tensor

    def fit(self, X: Any, y: Any = None) -> SimpleImputer:
        """Compute statistics_ column by column over the observed values."""
        where = self._name("fit")
        X, _ = self._validate(X, "fit")
        mask = missing_mask(X, self.missing_values)
        if self.strategy == "constant":
            self.statistics_ = np.full(X.shape[1], self._fill(X, where), dtype=object)
        else:
            _check_no_empty_column(mask, where, f"strategy {self.strategy!r} has nothing")
            self.statistics_ = self._statistics(X, mask, where)
        self.n_features_in_ = X.shape[1]
        return self

    def _fill(self, X: np.ndarray, where: str) -> Any:
        if self.fill_value is None:
            return "missing_value" if X.dtype.kind == "O" else 0
        fill_dtype = np.asarray(self.fill_value).dtype
        if X.dtype.kind != "O" and not np.can_cast(fill_dtype, X.dtype, casting="same_kind"):
            raise ValueError(f"{where}: fill_value={self.fill_value!r} "
                             f"({type(self.fill_value).__name__}) cannot fill data of dtype "
                             f"{X.dtype}")
        return self.fill_value

    def _statistics(self, X: np.ndarray, mask: np.ndarray, where: str) -> np.ndarray:
        if self.strategy == "mean":
            return np.where(mask, 0, X).sum(axis=0, dtype=np.float64) / (~mask).sum(axis=0)
        columns = [X[~mask[:, j], j] for j in range(X.shape[1])]
        if self.strategy == "median":
            return np.array([np.median(c.astype(np.float64)) for c in columns])
        modes = [_most_frequent(c, where, j) for j, c in enumerate(columns)]
        return np.array(modes, dtype=object if X.dtype.kind == "O" else np.float64)

    def transform(self, X: Any) -> Any:
        """X with every missing entry of column j replaced by statistics_[j]."""
        self._check_fitted("transform")
        X, was_tensor = self._validate(X, "transform")
        self._check_n_features(X, "transform")
        mask = missing_mask(X, self.missing_values)
        if self.strategy == "constant":
            self._fill(X, self._name("transform"))  # a string constant cannot fill numbers
        rows, cols = np.nonzero(mask)
        X[rows, cols] = self.statistics_[cols]
        return like_input(X, was_tensor)


def _most_frequent(column: np.ndarray, where: str, j: int) -> Any:
    """The most frequent value of a column; ties go to the smallest (np.unique sorts)."""
    try:
        values, counts = np.unique(column, return_counts=True)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in column})
        raise TypeError(f"{where}: column {j} mixes types {kinds}; values of one column "
                        "must be all strings or all numbers") from None
    return values[np.argmax(counts)]


def nan_euclidean_distances(X: Any, Y: Any = None) -> np.ndarray:
    r"""Euclidean distances between the rows of X and Y that skip missing (NaN) coordinates.

        d(x, y) = sqrt( w · Σ_{j present in both} (x_j - y_j)² ),   w = p / p_present

    where p is the number of features and p_present the number of coordinates present
    (not NaN) in both x and y; the weight w scales the partial sum up to all p
    coordinates. d is NaN when the two rows share no present coordinate.

    Computed from the differences directly (scikit-learn expands |x - y|² into
    |x|² - 2 x·y + |y|², which is faster but loses precision for close rows).

    Shapes: X (n, p), Y (m, p) (Y defaults to X) -> (n, m), float64 NumPy array.
    """
    X = np.asarray(to_numpy(X)[0], dtype=np.float64)
    Y = X if Y is None else np.asarray(to_numpy(Y)[0], dtype=np.float64)
    check_2d(X, "nan_euclidean_distances")
    check_2d(Y, "nan_euclidean_distances")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"nan_euclidean_distances: X has {X.shape[1]} columns and Y has "
                         f"{Y.shape[1]}; they must match")
    n, p = X.shape
    out = np.empty((n, Y.shape[0]))
    rows_per_chunk = max(1, 2 ** 22 // max(1, Y.shape[0] * p))  # bounds the (chunk, m, p) diff
    for start in range(0, n, rows_per_chunk):
        diff = X[start:start + rows_per_chunk, None, :] - Y[None, :, :]
        present = ~np.isnan(diff)
        squares = np.where(present, diff, 0.0) ** 2
        n_present = present.sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[start:start + rows_per_chunk] = np.sqrt(
                p / n_present * squares.sum(axis=2))
    return out


class KNNImputer(Transformer):
    r"""Fill each missing entry with the mean of that column over the k nearest training rows.

    For a row x missing column j: the candidate donors are the training rows that have
    column j; their distances to x are d = nan_euclidean_distances(x, donor) (see that
    function); the k = min(n_neighbors, #donors) smallest are the neighbours, and

        x_j = (1/k') Σ_{neighbours with a defined distance} donor_j      (uniform weights)

    where k' counts the neighbours whose distance is defined (not NaN). If no donor shares
    a present coordinate with x, x_j is the training mean of column j. Distances use x's
    original values, not ones imputed earlier.

    Ties in distance are broken by taking the earlier training row (a stable sort);
    scikit-learn's np.argpartition leaves the choice among tied rows unspecified. And
    scikit-learn's faster distance formula (see nan_euclidean_distances) can misorder
    neighbours whose distances are tiny next to the values' size (rows near 1e4 that differ
    by 1e-4): there the two may pick different neighbours; elsewhere they agree to rounding.

    Args:
        missing_values: the missing marker, np.nan (default) or a number such as -1.
        n_neighbors: k >= 1.
        weights: "uniform" only (scikit-learn also offers "distance" and callables).

    Fitted: the training data is stored (every row is a potential donor); n_features_in_.

    Shapes: X (n_samples, n_features) -> same, float (float32 stays float32); an array or a
    gs Tensor, returned as given. A column with no observed training value is an error
    (scikit-learn drops it with a warning).
    """

    def __init__(self, *, missing_values: Any = np.nan, n_neighbors: int = 5,
                 weights: str = "uniform") -> None:
        if (not isinstance(n_neighbors, (int, np.integer)) or isinstance(n_neighbors, bool)
                or n_neighbors < 1):
            raise ValueError(f"KNNImputer: n_neighbors must be an int >= 1, got {n_neighbors!r}")
        if weights != "uniform":
            raise ValueError(f"KNNImputer: weights must be 'uniform' (the only weighting "
                             f"implemented), got {weights!r}")
        self.missing_values = missing_values
        self.n_neighbors = n_neighbors
        self.weights = weights

    def _validate(self, X: Any, method: str) -> tuple[np.ndarray, np.ndarray, bool]:
        """X as a float copy with NaN marking the missing entries, the mask, and was_tensor."""
        where = self._name(method)
        X, was_tensor = to_numpy(X)
        X = float_copy(check_2d(X, where), where)
        check_no_inf(X, where)
        _check_nan_is_missing(X, self.missing_values, where)
        mask = missing_mask(X, self.missing_values)
        X[mask] = np.nan
        return X, mask, was_tensor

    def fit(self, X: Any, y: Any = None) -> KNNImputer:
        """Store the training rows (and check every column has an observed value)."""
        X, mask, _ = self._validate(X, "fit")
        _check_no_empty_column(mask, self._name("fit"), "no training row has a value")
        self._fit_X, self._mask_fit_X = X, mask
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: Any) -> Any:
        """X with each missing entry filled from its nearest training rows."""
        self._check_fitted("transform")
        X, mask, was_tensor = self._validate(X, "transform")
        self._check_n_features(X, "transform")
        rows = np.flatnonzero(mask.any(axis=1))
        if rows.size == 0:
            return like_input(X, was_tensor)
        D = nan_euclidean_distances(X[rows], self._fit_X)
        imputed = X.copy()
        for j in np.flatnonzero(mask[rows].any(axis=0)):
            receivers = np.flatnonzero(mask[rows, j])
            imputed[rows[receivers], j] = self._impute_column(D[receivers], j)
        return like_input(imputed, was_tensor)

    def _impute_column(self, D: np.ndarray, j: int) -> np.ndarray:
        """Values for column j of the rows whose distances to all training rows are D."""
        donors = np.flatnonzero(~self._mask_fit_X[:, j])
        nearest = _k_nearest(D[:, donors], min(self.n_neighbors, donors.size))
        values = self._fit_X[donors, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_of_neighbours = (nearest * values).sum(axis=1) / nearest.sum(axis=1)
        return np.where(nearest.any(axis=1), mean_of_neighbours, values.mean())


def _k_nearest(d: np.ndarray, k: int) -> np.ndarray:
    """Mask of each row's k smallest defined distances; among equal ones, the first columns.

    A row with fewer than k defined (non-NaN) distances keeps all of them. Same choice as
    a stable argsort's first k, in O(m) per row instead of O(m log m).
    """
    defined = ~np.isnan(d)
    kth = np.partition(d, k - 1, axis=1)[:, k - 1:k]  # the k-th smallest; NaNs sort last
    closer = d < kth
    tied = d == kth
    room = k - closer.sum(axis=1, keepdims=True)
    nearest = closer | (tied & (np.cumsum(tied, axis=1) <= room))
    return np.where(np.isnan(kth), defined, nearest)
