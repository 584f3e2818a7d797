"""Hypothesis strategies for the preprocessing tests: float matrices with NaNs and constant
columns, and small categorical matrices of integers or strings."""
import warnings
from contextlib import contextmanager

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

VALUES = st.floats(-1e3, 1e3, allow_subnormal=False)
MODERATE = VALUES.filter(lambda v: v == 0 or abs(v) > 1e-100)  # squares do not underflow


@st.composite
def float_matrices(draw, max_rows=12, max_cols=5, nans=True, constant=True, observed=True,
                   cols=None, values=VALUES):
    """(n, p) float64 matrices, n >= 2 (p = cols if given): some columns constant, NaNs
    inserted anywhere. observed=True keeps at least one non-NaN value in every column."""
    n = draw(st.integers(2, max_rows))
    p = cols or draw(st.integers(1, max_cols))
    X = draw(hnp.arrays(np.float64, (n, p), elements=values))
    if constant:
        for j in draw(st.sets(st.integers(0, p - 1), max_size=p)):
            X[:, j] = draw(values)
    if nans:
        missing = draw(hnp.arrays(np.bool_, (n, p)))
        if observed:
            missing[draw(st.integers(0, n - 1)), missing.all(axis=0)] = False
        X[missing] = np.nan
    return X


@st.composite
def normal_matrices(draw, max_rows=14, max_cols=5, cols=None):
    """(n, p) matrices with N(0, 1) values (from a drawn seed: ties between distances only
    where NaNs and constant columns make them), some constant columns, NaNs inserted,
    every column with an observed value (p = cols if given)."""
    n = draw(st.integers(2, max_rows))
    p = cols or draw(st.integers(1, max_cols))
    X = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal((n, p))
    for j in draw(st.sets(st.integers(0, p - 1), max_size=max(0, p - 1))):
        X[:, j] = draw(st.floats(-3, 3))
    missing = draw(hnp.arrays(np.bool_, (n, p)))
    missing[draw(st.integers(0, n - 1)), missing.all(axis=0)] = False
    X[missing] = np.nan
    return X


def categorical_columns(n):
    """One column of n values: small ints, or short strings (as an object column)."""
    ints = st.lists(st.integers(-2, 3), min_size=n, max_size=n).map(
        lambda v: np.array(v, dtype=np.int64))
    strs = st.lists(st.sampled_from(["a", "b", "cat", "dog", "z"]), min_size=n, max_size=n).map(
        lambda v: np.array(v, dtype=object))
    return st.one_of(ints, strs)


@st.composite
def categorical_matrices(draw, max_rows=10, max_cols=3):
    """(n, p) matrices of categorical columns: an int64 array when every column is an int
    column, else an object array mixing int and string columns."""
    n = draw(st.integers(1, max_rows))
    columns = draw(st.lists(categorical_columns(n), min_size=1, max_size=max_cols))
    if all(c.dtype == np.int64 for c in columns):
        return np.stack(columns, axis=1)
    X = np.empty((n, len(columns)), dtype=object)
    for j, c in enumerate(columns):
        X[:, j] = list(c.tolist())
    return X


@contextmanager
def quiet():
    """Silence scikit-learn's warnings (all-NaN columns, unknown categories with drop)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
