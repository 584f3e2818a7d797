"""SimpleImputer, KNNImputer and nan_euclidean_distances against scikit-learn and closed
forms, on hypothesis-drawn matrices with NaNs and constant columns; the error messages."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import impute as sk
from sklearn.metrics.pairwise import nan_euclidean_distances as sk_nan_euclidean

import gradschool as gs
from gradschool.data import preprocessing as P

from .preprocessing_data import float_matrices, normal_matrices, quiet

FEW = settings(max_examples=40, deadline=None)
TOL = {"rtol": 1e-12, "atol": 1e-12}


# ----- SimpleImputer ------------------------------------------------------------------------
@FEW
@given(X=float_matrices(), data=st.data(), strategy=st.sampled_from(P.imputers.STRATEGIES),
       fill_value=st.sampled_from([None, 2.5, -7]))
def test_simple_imputer_matches_sklearn(X, data, strategy, fill_value):
    Y = data.draw(float_matrices(cols=X.shape[1], observed=False))  # may miss whole columns
    ours = P.SimpleImputer(strategy=strategy, fill_value=fill_value).fit(X)
    ref = sk.SimpleImputer(strategy=strategy, fill_value=fill_value).fit(X)
    assert_allclose(ours.statistics_.astype(float), ref.statistics_.astype(float), **TOL)
    assert_allclose(ours.transform(X), ref.transform(X), **TOL)
    assert_allclose(ours.transform(Y), ref.transform(Y), **TOL)
    assert not np.isnan(ours.transform(Y)).any()


@FEW
@given(X=float_matrices(observed=False), fill_value=st.sampled_from([None, 2.5]))
def test_constant_fills_all_missing_columns_like_keep_empty_features(X, fill_value):
    ours = P.SimpleImputer(strategy="constant", fill_value=fill_value).fit_transform(X)
    ref = sk.SimpleImputer(strategy="constant", fill_value=fill_value,
                           keep_empty_features=True).fit_transform(X)
    assert_allclose(ours, ref, **TOL)


def test_most_frequent_ties_go_to_the_smallest_value_as_sklearn():
    X = np.array([[3.0, 9.0], [1.0, 9.0], [3.0, 4.0], [1.0, 4.0], [2.0, np.nan], [np.nan, 7]])
    ours = P.SimpleImputer(strategy="most_frequent").fit(X)
    assert_array_equal(ours.statistics_, [1.0, 4.0])
    assert_array_equal(ours.statistics_, sk.SimpleImputer(strategy="most_frequent")
                       .fit(X).statistics_)


def test_closed_forms():
    X = np.array([[1.0, np.nan], [np.nan, 3.0], [2.0, 3.0], [6.0, 4.0], [np.nan, 10.0]])
    assert_allclose(P.SimpleImputer().fit(X).statistics_, [3.0, 5.0])
    assert_allclose(P.SimpleImputer(strategy="median").fit(X).statistics_, [2.0, 3.5])
    assert_allclose(P.SimpleImputer(strategy="constant", fill_value=-1).fit_transform(X),
                    np.nan_to_num(X, nan=-1.0))


@pytest.mark.parametrize("strategy", ["most_frequent", "constant"])
def test_strings_and_other_markers_match_sklearn(strategy):
    X = np.array([["b", "x"], ["a", np.nan], ["b", "y"], [np.nan, "y"], ["a", "x"]],
                 dtype=object)
    for fill_value in (None, "zz"):
        ours = P.SimpleImputer(strategy=strategy, fill_value=fill_value).fit(X)
        ref = sk.SimpleImputer(strategy=strategy, fill_value=fill_value).fit(X)
        assert_array_equal(ours.statistics_, ref.statistics_)
        assert_array_equal(ours.transform(X), ref.transform(X))
    strings = np.array([["b"], ["a"], ["a"], ["b"], ["?"]])  # a '<U1' array, marker "?"
    ours = P.SimpleImputer(strategy=strategy, missing_values="?").fit_transform(strings)
    ref = sk.SimpleImputer(strategy=strategy, missing_values="?").fit_transform(
        strings.astype(object))
    assert_array_equal(ours, ref)
    ints = np.array([[1, 5], [-1, 5], [3, -1], [3, 2]])
    ours = P.SimpleImputer(strategy=strategy, missing_values=-1).fit(ints)
    ref = sk.SimpleImputer(strategy=strategy, missing_values=-1).fit(ints)
    assert_array_equal(ours.transform(ints), ref.transform(ints))
    assert ours.transform(ints).dtype == ints.dtype


def test_simple_imputer_tensors_keep_float_dtype():
    X = np.array([[1.0, np.nan], [np.nan, 3.0], [2.0, 5.0]])
    for dtype in (np.float32, np.float64):
        out = P.SimpleImputer().fit_transform(gs.tensor(X.astype(dtype)))
        assert isinstance(out, gs.Tensor) and out.dtype == dtype
        assert_allclose(out.data, [[1, 4], [1.5, 3], [2, 5]])
    assert P.SimpleImputer().fit_transform(np.array([[1, 2], [3, 4]])).dtype == np.float64


# ----- nan_euclidean_distances ---------------------------------------------------------------
def brute_d2(x, y):
    """Squared nan-euclidean distance by its definition, one pair at a time."""
    both = ~np.isnan(x) & ~np.isnan(y)
    if not both.any():
        return np.nan
    return len(x) / both.sum() * np.sum((x[both] - y[both]) ** 2)


@FEW
@given(X=normal_matrices(), data=st.data())
def test_nan_euclidean_distances(X, data):
    Y = data.draw(normal_matrices(cols=X.shape[1]))
    expected = np.sqrt([[brute_d2(x, y) for y in Y] for x in X])
    assert_allclose(P.nan_euclidean_distances(X, Y), expected, **TOL)
    # scikit-learn expands |x - y|^2 = |x|^2 - 2 x.y + |y|^2, good to ~1e-7 on N(0, 1) data
    assert_allclose(P.nan_euclidean_distances(X, Y), sk_nan_euclidean(X, Y), atol=1e-6)
    assert_allclose(P.nan_euclidean_distances(X), sk_nan_euclidean(X), atol=1e-6)


def test_nan_euclidean_closed_form_and_precision():
    x = np.array([[3.0, np.nan, 5.0]])
    y = np.array([[1.0, 0.0, np.nan]])
    assert_allclose(P.nan_euclidean_distances(x, y), [[np.sqrt(3 / 1 * 4.0)]])
    assert np.isnan(P.nan_euclidean_distances(x[:, 1:2], y[:, 1:2] + np.nan)).all()
    # close rows far from the origin: the direct differences keep every digit
    far = np.array([[1e4, 1e4 + 1e-4], [1e4 + 3e-4, 1e4 + 1e-4]])
    assert_allclose(P.nan_euclidean_distances(far)[0, 1], 3e-4, rtol=1e-8)


# ----- KNNImputer ----------------------------------------------------------------------------
def decided_entries(X_fit, X, n_neighbors):
    """Missing entries of X whose k nearest donors are decided (no near-tie at the k-th),
    where scikit-learn's choice among tied rows is unspecified."""
    decided = np.zeros(X.shape, dtype=bool)
    for r, c in np.argwhere(np.isnan(X)):
        donors = X_fit[~np.isnan(X_fit[:, c])]
        d2 = np.sort([brute_d2(X[r], y) for y in donors])
        d2 = d2[~np.isnan(d2)]
        k = min(n_neighbors, len(donors))
        decided[r, c] = len(d2) <= k or d2[k] - d2[k - 1] > 1e-9 * (1 + d2[k])
    return decided


@settings(max_examples=60, deadline=None)
@given(X=normal_matrices(), data=st.data(), n_neighbors=st.integers(1, 6))
def test_knn_imputer_matches_sklearn(X, data, n_neighbors):
    Y = data.draw(normal_matrices(cols=X.shape[1]))
    ours = P.KNNImputer(n_neighbors=n_neighbors).fit(X)
    ref = sk.KNNImputer(n_neighbors=n_neighbors).fit(X)
    for Z in (X, Y):
        imputed, expected = ours.transform(Z), ref.transform(Z)
        assert not np.isnan(imputed).any()
        assert_array_equal(imputed[~np.isnan(Z)], Z[~np.isnan(Z)])
        decided = decided_entries(X, Z, n_neighbors)
        assert_allclose(imputed[decided], expected[decided], **TOL)


def brute_knn_impute(X_fit, X, k):
    """KNN imputation by its definition: per missing entry, the donors sorted by (distance,
    row index), the first k with a defined distance averaged; no defined one: column mean."""
    out = X.copy()
    for r, c in np.argwhere(np.isnan(X)):
        donors = [i for i in range(len(X_fit)) if not np.isnan(X_fit[i, c])]
        ranked = sorted((brute_d2(X[r], X_fit[i]), i) for i in donors
                        if not np.isnan(brute_d2(X[r], X_fit[i])))
        chosen = [i for _, i in ranked[:k]]
        out[r, c] = np.mean(X_fit[chosen, c]) if chosen else np.mean(X_fit[donors, c])
    return out


@FEW
@given(X=float_matrices(values=st.integers(-2, 2).map(float)), n_neighbors=st.integers(1, 5))
def test_knn_imputer_ties_go_to_earlier_rows(X, n_neighbors):
    """Small integers: many equal distances, each resolved by the documented rule."""
    assert_allclose(P.KNNImputer(n_neighbors=n_neighbors).fit_transform(X),
                    brute_knn_impute(X, X, n_neighbors), **TOL)


def test_knn_imputer_sklearn_docs_example_mean_fallback_and_ties():
    X = np.array([[1, 2, np.nan], [3, 4, 3], [np.nan, 6, 5], [8, 8, 7]])
    assert_allclose(P.KNNImputer(n_neighbors=2).fit_transform(X),
                    [[1, 2, 4], [3, 4, 3], [5.5, 6, 5], [8, 8, 7]])  # scikit-learn's docs
    no_common = np.array([[1.0, np.nan], [np.nan, 2.0], [3.0, np.nan]])
    imputer = P.KNNImputer(n_neighbors=1).fit(no_common)
    assert_allclose(imputer.transform([[np.nan, 5.0]]), [[2.0, 5.0]])  # column mean
    assert_allclose(sk.KNNImputer(n_neighbors=1).fit(no_common).transform([[np.nan, 5.0]]),
                    [[2.0, 5.0]])
    tied = np.array([[0.0, 1.0], [2.0, 1.0], [9.0, 4.0]])
    assert_allclose(P.KNNImputer(n_neighbors=1).fit(tied).transform([[np.nan, 1.0]]),
                    [[0.0, 1.0]])  # two rows at distance 0: the earlier one
    assert_allclose(P.KNNImputer(n_neighbors=2).fit(tied).transform([[np.nan, 1.0]]),
                    [[1.0, 1.0]])


def test_knn_imputer_other_marker_and_tensors():
    X = np.array([[1, 2, -1], [3, 4, 3], [-1, 6, 5], [8, 8, 7]])
    ref = sk.KNNImputer(n_neighbors=2, missing_values=-1).fit_transform(X)
    assert_allclose(P.KNNImputer(n_neighbors=2, missing_values=-1).fit_transform(X), ref)
    for dtype in (np.float32, np.float64):
        t = gs.tensor(np.where(X == -1, np.nan, X).astype(dtype))
        out = P.KNNImputer(n_neighbors=2).fit_transform(t)
        assert isinstance(out, gs.Tensor) and out.dtype == dtype
        assert_allclose(out.data, ref, rtol=1e-6)


# ----- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize("strategy", ["mean", "median", "most_frequent"])
def test_all_missing_column_is_an_error(strategy):
    X = np.array([[1.0, np.nan, 2.0], [3.0, np.nan, 4.0]])
    with pytest.raises(ValueError, match=re.escape(
            f"SimpleImputer.fit: column 1 has no observed values (all missing), so strategy "
            f"'{strategy}' has nothing to impute it from")):
        P.SimpleImputer(strategy=strategy).fit(X)
    with quiet():  # scikit-learn drops the column instead
        assert sk.SimpleImputer(strategy=strategy).fit_transform(X).shape == (2, 2)


def test_knn_all_missing_column_and_bad_arguments():
    with pytest.raises(ValueError, match=r"KNNImputer.fit: column 0 has no observed values"):
        P.KNNImputer().fit(np.array([[np.nan, 1.0], [np.nan, 2.0]]))
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match=f"n_neighbors must be an int >= 1, got {bad!r}"):
            P.KNNImputer(n_neighbors=bad)
    with pytest.raises(ValueError, match="weights must be 'uniform' .* got 'distance'"):
        P.KNNImputer(weights="distance")


def test_simple_imputer_bad_arguments():
    with pytest.raises(ValueError, match=r"strategy must be one of \('mean', 'median', "
                                         r"'most_frequent', 'constant'\), got 'mode'"):
        P.SimpleImputer(strategy="mode")
    with pytest.raises(ValueError, match=r"fill_value='z' \(str\) cannot fill data of dtype "
                                         r"float64"):
        P.SimpleImputer(strategy="constant", fill_value="z").fit(np.ones((2, 2)))
    with pytest.raises(TypeError, match="strategy 'mean' needs numeric data"):
        P.SimpleImputer().fit(np.array([["a"], ["b"]]))
    with pytest.raises(TypeError, match=r"column 0 mixes types \['int', 'str'\]"):
        P.SimpleImputer(strategy="most_frequent").fit(np.array([["a"], [1]], dtype=object))
    with pytest.raises(ValueError, match="X contains NaN but missing_values is -1"):
        P.SimpleImputer(missing_values=-1).fit(np.array([[np.nan], [1.0]]))
    with pytest.raises(ValueError, match="X contains NaN but missing_values is -1"):
        P.KNNImputer(missing_values=-1).fit(np.array([[np.nan], [1.0]]))


@pytest.mark.parametrize("cls", [P.SimpleImputer, P.KNNImputer])
def test_common_errors(cls):
    name = cls.__name__
    with pytest.raises(P.NotFittedError, match=f"{name}: call fit before transform"):
        cls().transform(np.ones((2, 2)))
    imputer = cls().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match=re.escape(
            f"{name}.transform: X has 3 columns, but {name} was fitted on 2")):
        imputer.transform(np.ones((3, 3)))
    with pytest.raises(ValueError, match=rf"{name}.fit: expected a 2-D array .* got shape "
                                         r"\(3,\)"):
        cls().fit(np.ones(3))
    with pytest.raises(ValueError, match=r"infinity \(-inf\) at row 0, column 1"):
        cls().fit(np.array([[0.0, -np.inf]]))
