"""One-hot and dummy coding of categorical columns.

A categorical column with k levels c_1 < ... < c_k becomes k indicator columns:
the row with value c_i gets a 1 in column i and 0 elsewhere. With
`drop="first"` the indicator of c_1 is left out (k - 1 columns, "dummy
coding"): c_1 is then the all-zeros row, which keeps a design matrix with an
intercept column full rank (the k indicators of one-hot coding sum to the
intercept column, the "dummy-variable trap").
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ._base import Transformer, check_2d, like_input, to_numpy

_NAN = object()  # the dictionary key of NaN, which is not equal to itself


def _key(value: Any) -> Any:
    return _NAN if isinstance(value, (float, np.floating)) and value != value else value


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value it holds, for readable messages."""
    return value.item() if isinstance(value, np.generic) else value


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "str"
    return "number" if isinstance(value, numbers.Number) else type(value).__name__


class OneHotEncoder(Transformer):
    r"""Encode each categorical column as indicator (one-hot) columns.

    For column j with categories c_1 < ... < c_k (sorted; NaN, if present, last):

        x = c_i  ->  e_i = (0, ..., 0, 1, 0, ..., 0) in R^k   (the 1 at position i)

    and the blocks of all columns are concatenated. With drop="first", e_1 is dropped
    from every block (k - 1 columns, dummy coding: c_1 encodes as all zeros); with
    drop="if_binary", only from columns with exactly 2 categories.

    Args:
        categories: "auto" (the sorted distinct values seen by fit) or one list of
            categories per column (numeric ones sorted, as scikit-learn requires).
        drop: None | "first" | "if_binary".
        sparse_output: must be False: gradschool returns dense arrays. scikit-learn's
            default is sparse_output=True (a SciPy sparse matrix); this encoder matches
            OneHotEncoder(sparse_output=False).
        dtype: dtype of the output (float64).
        handle_unknown: "error" (a value not seen by fit is an error) or "ignore"
            (it encodes as all zeros in its column's block; with drop set, that is the
            code of the dropped category).

    Fitted attributes: categories_ (one array per column), drop_idx_ (None, or per column
    the index in categories_[j] of the dropped category, or None), n_features_in_.

    Shapes: X (n_samples, n_features) of numbers or strings (an object array may mix a
    string column with a number column) -> (n_samples, Σ_j k_j) of `dtype`;
    an array or a gs Tensor, returned as given.
    """

    def __init__(self, *, categories: Any = "auto", drop: str | None = None,
                 sparse_output: bool = False, dtype: Any = np.float64,
                 handle_unknown: str = "error") -> None:
        if not (isinstance(categories, str) and categories == "auto"
                or isinstance(categories, (list, tuple))):
            raise ValueError(f"OneHotEncoder: categories must be 'auto' or a list of "
                             f"per-column lists, got {categories!r}")
        if drop not in (None, "first", "if_binary"):
            raise ValueError(f"OneHotEncoder: drop must be None, 'first' or 'if_binary', "
                             f"got {drop!r}")
        if sparse_output:
            raise ValueError("OneHotEncoder: sparse_output=True is not supported; gradschool "
                             "returns dense arrays (scikit-learn's default is sparse)")
        if handle_unknown not in ("error", "ignore"):
            raise ValueError(f"OneHotEncoder: handle_unknown must be 'error' or 'ignore', "
                             f"got {handle_unknown!r}")
        self.categories = categories
        self.drop = drop
        self.sparse_output = sparse_output
        self.dtype = dtype
        self.handle_unknown = handle_unknown

    # ----- fit ---------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> OneHotEncoder:
        """Find each column's categories (or check the given ones) and which to drop."""
        where = self._name("fit")
        X, _ = to_numpy(X)
        check_2d(X, where)
        if self.categories != "auto" and len(self.categories) != X.shape[1]:
            raise ValueError(f"{where}: categories has {len(self.categories)} lists but X has "
                             f"{X.shape[1]} columns")
        self.categories_ = []
        for j in range(X.shape[1]):
            column = X[:, j]
            if self.categories == "auto":
                cats = _unique(column, where, j)
            else:
                cats = _given_categories(self.categories[j], column, where, j)
                if self.handle_unknown == "error":
                    self._check_known(column, cats, j, where)
            self.categories_.append(cats)
        self.drop_idx_ = self._drop_indices()
        self.n_features_in_ = X.shape[1]
        return self

    def _drop_indices(self) -> np.ndarray | None:
        if self.drop is None:
            return None
        if self.drop == "first":
            return np.array([0] * len(self.categories_), dtype=object)
        return np.array([0 if len(c) == 2 else None for c in self.categories_], dtype=object)

    def _widths(self) -> list[int]:
        """Number of output columns of each input column."""
        drop = self.drop_idx_
        return [len(c) - (drop is not None and drop[j] is not None)
                for j, c in enumerate(self.categories_)]

    # ----- transform ---------------------------------------------------------------------
    def transform(self, X: Any) -> Any:
        """The concatenated one-hot blocks of X's columns: shape (n_samples, Σ_j k_j)."""
        self._check_fitted("transform")
        where = self._name("transform")
        X, was_tensor = to_numpy(X)
        check_2d(X, where)
        self._check_n_features(X, "transform")
        widths = self._widths()
        out = np.zeros((X.shape[0], sum(widths)), dtype=self.dtype)
        offset = 0
        for j, cats in enumerate(self.categories_):
            codes = self._check_known(X[:, j], cats, j, where)
            known = codes >= 0
            if self.drop_idx_ is not None and self.drop_idx_[j] is not None:
                dropped = self.drop_idx_[j]
                known &= codes != dropped
                codes = codes - (codes > dropped)
            rows = np.flatnonzero(known)
            out[rows, offset + codes[rows]] = 1
            offset += widths[j]
        return like_input(out, was_tensor)

    def _check_known(self, column: np.ndarray, cats: np.ndarray, j: int, where: str
                     ) -> np.ndarray:
        """The code (index in cats) of each value; -1 for an unknown one if ignored."""
        codes = _codes(column, cats)
        unknown = np.flatnonzero(codes < 0)
        if unknown.size and self.handle_unknown == "error":
            value = _plain(column[unknown[0]])
            known = [_plain(c) for c in cats]
            hint = (f"; add it to categories[{j}]" if where.endswith(".fit") else
                    "; pass handle_unknown='ignore' to encode unknown categories as all zeros")
            raise ValueError(f"{where}: unknown category {value!r} in column {j} "
                             f"(known categories: {known}){hint}")
        return codes

    def inverse_transform(self, X: Any) -> Any:
        """The categories back from one-hot rows (argmax of each block).

        An all-zeros block decodes to the dropped category when there is one, else to
        None (an unknown category) with handle_unknown="ignore", else is an error.
        """
        self._check_fitted("inverse_transform")
        where = self._name("inverse_transform")
        X, was_tensor = to_numpy(X)
        check_2d(X, where, min_features=0)  # drop="first" on one category leaves no column
        widths = self._widths()
        if X.shape[1] != sum(widths):
            raise ValueError(f"{where}: X has {X.shape[1]} columns, but the encoding has "
                             f"{sum(widths)} (the one-hot blocks of {len(widths)} columns)")
        try:
            dtype = np.result_type(*[c.dtype for c in self.categories_])
        except TypeError:
            dtype = np.dtype(object)
        columns, offset = [], 0
        for j, cats in enumerate(self.categories_):
            block = X[:, offset:offset + widths[j]]
            columns.append(self._decode(block, cats, j, where))
            offset += widths[j]
        if any(c.dtype == object for c in columns):
            dtype = np.dtype(object)
        out = np.stack([c.astype(dtype) for c in columns], axis=1)
        return like_input(out, was_tensor) if out.dtype.kind in "iufb" else out

    def _decode(self, block: np.ndarray, cats: np.ndarray, j: int, where: str) -> np.ndarray:
        dropped = None if self.drop_idx_ is None else self.drop_idx_[j]
        if block.shape[1] == 0:
            return np.repeat(cats[[dropped]], block.shape[0])
        kept = cats if dropped is None else np.delete(cats, dropped)
        values = kept[np.argmax(block, axis=1)]
        zero = np.flatnonzero(block.sum(axis=1) == 0)
        if zero.size == 0:
            return values
        if dropped is not None:
            values[zero] = cats[dropped]
            return values
        if self.handle_unknown == "ignore":
            values = values.astype(object)
            values[zero] = None
            return values
        raise ValueError(f"{where}: rows {zero.tolist()} are all zeros in the block of "
                         f"column {j}, which no category encodes when drop=None and "
                         "handle_unknown='error'")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the output columns, "<feature>_<category>" (features x0, x1, ...)."""
        self._check_fitted("get_feature_names_out")
        names = ([f"x{j}" for j in range(self.n_features_in_)] if input_features is None
                 else [str(f) for f in input_features])
        if len(names) != self.n_features_in_:
            raise ValueError(f"{self._name('get_feature_names_out')}: {len(names)} "
                             f"input_features for {self.n_features_in_} columns")
        out = []
        for j, cats in enumerate(self.categories_):
            dropped = None if self.drop_idx_ is None else self.drop_idx_[j]
            out += [f"{names[j]}_{_plain(c)}" for i, c in enumerate(cats) if i != dropped]
        return np.array(out, dtype=object)


def _unique(column: np.ndarray, where: str, j: int) -> np.ndarray:
    """The sorted distinct values of a column, NaN (and None) last, as scikit-learn."""
    if column.dtype.kind != "O":
        return np.unique(column)  # NumPy sorts NaN last and keeps one NaN
    values = [v for v in column if v is not None and _key(v) is not _NAN]
    kinds = sorted({_kind(v) for v in values})
    if len(kinds) > 1 or kinds and kinds[0] not in ("str", "number"):
        raise TypeError(f"{where}: column {j} has values of types {kinds}; a column's "
                        "categories must be all strings or all numbers")
    cats = sorted(set(values))
    cats += [None] * any(v is None for v in column)
    cats += [np.nan] * any(_key(v) is _NAN for v in column)
    return np.array(cats, dtype=object)


def _given_categories(given: Any, column: np.ndarray, where: str, j: int) -> np.ndarray:
    """The user's categories of column j as an array, checked as scikit-learn does."""
    dtype = object if column.dtype.kind in "USO" else column.dtype
    try:
        cats = np.array(list(given), dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: categories[{j}] = {list(given)!r} do not match column {j} "
                         f"of dtype {column.dtype}") from None
    keys = [_key(c) for c in cats]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{where}: categories[{j}] = {list(given)!r} contains duplicates")
    if any(k is _NAN for k in keys[:-1]):
        raise ValueError(f"{where}: NaN must be the last of categories[{j}], got {list(given)!r}")
    if cats.dtype.kind in "iufb":
        body = cats[:-1] if keys and keys[-1] is _NAN else cats
        if np.any(np.sort(body) != body):
            raise ValueError(f"{where}: numeric categories[{j}] must be sorted, "
                             f"got {list(given)!r}")
    return cats


def _codes(column: np.ndarray, cats: np.ndarray) -> np.ndarray:
    """Index of each value of `column` in `cats`, -1 where it is not a category."""
    if column.dtype.kind in "iufb" and cats.dtype.kind in "iufb" and len(cats):
        i = np.minimum(np.searchsorted(cats, column), len(cats) - 1)  # NaN sorts last
        hit = (cats[i] == column) | ((cats[i] != cats[i]) & (column != column))
        return np.where(hit, i, -1)
    index = {_key(c): i for i, c in enumerate(cats)}
    return np.array([index.get(_key(v), -1) for v in column], dtype=np.int64)
