"""OneHotEncoder against scikit-learn's OneHotEncoder(sparse_output=False) on hypothesis-drawn
integer and string columns, with unseen categories at transform time; the dummy-variable
trap; the error messages."""
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from sklearn import preprocessing as sk

import gradschool as gs
from gradschool.data import preprocessing as P

from .preprocessing_data import categorical_columns, categorical_matrices, quiet

FEW = settings(max_examples=40, deadline=None)
DROPS = st.sampled_from([None, "first", "if_binary"])


def same_kind_rows(draw, X):
    """New rows for X's columns: each column of the same type, maybe with unseen values."""
    n = draw(st.integers(1, 6))
    columns = [draw(categorical_columns(n).filter(lambda c, j=j: (c.dtype == object)
                                                  == (X[:, j].dtype == object
                                                      and isinstance(X[0, j], str))))
               for j in range(X.shape[1])]
    Y = np.empty((n, X.shape[1]), dtype=X.dtype)
    for j, c in enumerate(columns):
        Y[:, j] = list(c.tolist())
    return Y


def nan_as_text(values):
    """A (nested) list with NaN replaced by "NaN", so that == compares NaNs as equal."""
    if isinstance(values, list):
        return [nan_as_text(v) for v in values]
    return "NaN" if isinstance(values, float) and values != values else values


def assert_same_fit(ours, ref):
    assert len(ours.categories_) == len(ref.categories_)
    for a, b in zip(ours.categories_, ref.categories_):
        assert nan_as_text(a.tolist()) == nan_as_text(b.tolist()) and a.dtype == b.dtype
    if ref.drop_idx_ is None:
        assert ours.drop_idx_ is None
    else:
        assert ours.drop_idx_.tolist() == ref.drop_idx_.tolist()
    assert ours.get_feature_names_out().tolist() == ref.get_feature_names_out().tolist()


@FEW
@given(X=categorical_matrices(), data=st.data(), drop=DROPS)
def test_matches_sklearn_and_ignores_unseen_categories(X, data, drop):
    Y = same_kind_rows(data.draw, X)
    ours = P.OneHotEncoder(drop=drop, handle_unknown="ignore").fit(X)
    ref = sk.OneHotEncoder(drop=drop, handle_unknown="ignore", sparse_output=False).fit(X)
    assert_same_fit(ours, ref)
    with quiet():  # scikit-learn warns that unknown categories with drop become all zeros
        for Z in (X, Y):
            encoded = ours.transform(Z)
            assert encoded.dtype == np.float64
            assert_array_equal(encoded, ref.transform(Z))
            if encoded.shape[1]:
                expected = ref.inverse_transform(ref.transform(Z)).tolist()
            else:  # drop="first" of single categories; scikit-learn rejects 0 columns here
                expected = [[c[0] for c in ref.categories_]] * len(Z)
            assert ours.inverse_transform(encoded).tolist() == expected
    unseen = ~np.isin(Y, X).all(axis=1)
    if drop is None:  # an unseen value leaves its column's block all zero
        assert (ours.transform(Y).sum(axis=1) < X.shape[1])[unseen].all()


@FEW
@given(X=categorical_matrices(), data=st.data(), drop=DROPS)
def test_unknown_category_is_an_error_by_default(X, data, drop):
    Y = same_kind_rows(data.draw, X)
    ours = P.OneHotEncoder(drop=drop).fit(X)
    ref = sk.OneHotEncoder(drop=drop, sparse_output=False).fit(X)
    known = all(set(Y[:, j].tolist()) <= set(X[:, j].tolist()) for j in range(X.shape[1]))
    if known:
        assert_array_equal(ours.transform(Y), ref.transform(Y))
    else:
        with pytest.raises(ValueError, match="unknown category"):
            ours.transform(Y)
        with pytest.raises(ValueError, match="unknown categor"):
            ref.transform(Y)


def test_nan_category_string_arrays_and_given_categories_match_sklearn():
    cases = [
        ({}, np.array([[1.0, 2.0], [np.nan, 2.0], [0.5, np.nan], [1.0, 3.0]])),
        ({"drop": "first"}, np.array([["b", "x"], ["a", "y"], ["b", "y"]])),  # '<U1' array
        ({"categories": [[0, 1, 2, 5], ["d", "a", "c"]]},
         np.array([[1, "a"], [5, "c"], [1, "d"]], dtype=object)),
        ({"categories": [[1.0, 3.0, np.nan]], "handle_unknown": "ignore"},
         np.array([[1.0], [np.nan], [7.0]])),
    ]
    for kwargs, X in cases:
        ours = P.OneHotEncoder(**kwargs).fit(X)
        ref = sk.OneHotEncoder(sparse_output=False, **kwargs).fit(X)
        assert_same_fit(ours, ref)
        assert_array_equal(ours.transform(X), ref.transform(X))
        assert (nan_as_text(ours.inverse_transform(ours.transform(X)).tolist())
                == nan_as_text(ref.inverse_transform(ref.transform(X)).tolist()))


def test_dummy_variable_trap():
    """One-hot columns sum to the intercept column: rank k, not k + 1; dummy coding is full
    rank, so least squares has a unique solution."""
    x = np.array([["red"], ["green"], ["blue"], ["green"], ["red"], ["blue"]])
    intercept = np.ones((len(x), 1))
    onehot = np.hstack([intercept, P.OneHotEncoder().fit_transform(x)])
    dummy = np.hstack([intercept, P.OneHotEncoder(drop="first").fit_transform(x)])
    assert onehot.shape[1] == 4 and np.linalg.matrix_rank(onehot) == 3
    assert dummy.shape[1] == 3 and np.linalg.matrix_rank(dummy) == 3
    assert_array_equal(P.OneHotEncoder(drop="first").fit(x).get_feature_names_out(),
                       ["x0_green", "x0_red"])  # blue (the first, sorted) is all zeros


def test_tensors():
    t = gs.tensor(np.array([[2, 0], [1, 0], [2, 1]]))
    encoder = P.OneHotEncoder().fit(t)
    out = encoder.transform(t)
    assert isinstance(out, gs.Tensor) and out.dtype == np.float64
    assert_array_equal(out.data, [[0, 1, 1, 0], [1, 0, 1, 0], [0, 1, 0, 1]])
    back = encoder.inverse_transform(out)
    assert isinstance(back, gs.Tensor)
    assert_array_equal(back.data, t.data)
    assert P.OneHotEncoder(dtype=np.float32).fit_transform(t).dtype == np.float32


# ----- errors --------------------------------------------------------------------------------
def test_unknown_category_message_names_column_value_and_categories():
    encoder = P.OneHotEncoder().fit(np.array([["a", 1], ["b", 2]], dtype=object))
    with pytest.raises(ValueError, match=re.escape(
            "OneHotEncoder.transform: unknown category 'c' in column 0 (known categories: "
            "['a', 'b']); pass handle_unknown='ignore'")):
        encoder.transform(np.array([["c", 1]], dtype=object))
    with pytest.raises(ValueError, match=re.escape(
            "unknown category 7 in column 1 (known categories: [1, 2])")):
        encoder.transform(np.array([["a", 7]], dtype=object))
    with pytest.raises(ValueError, match=re.escape(
            "OneHotEncoder.fit: unknown category 3 in column 0 (known categories: [1, 2]); "
            "add it to categories[0]")):
        P.OneHotEncoder(categories=[[1, 2]]).fit(np.array([[3]]))


def test_errors():
    with pytest.raises(P.NotFittedError, match="OneHotEncoder: call fit before transform"):
        P.OneHotEncoder().transform(np.ones((2, 1)))
    encoder = P.OneHotEncoder().fit(np.array([[0, 1], [1, 0]]))
    with pytest.raises(ValueError, match=re.escape(
            "OneHotEncoder.transform: X has 3 columns, but OneHotEncoder was fitted on 2")):
        encoder.transform(np.zeros((1, 3)))
    with pytest.raises(ValueError, match=re.escape(
            "OneHotEncoder.inverse_transform: X has 3 columns, but the encoding has 4 (the "
            "one-hot blocks of 2 columns)")):
        encoder.inverse_transform(np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"rows \[0\] are all zeros in the block of column 0"):
        encoder.inverse_transform(np.zeros((1, 4)))
    with pytest.raises(ValueError, match=r"expected a 2-D array .* got shape \(3,\)"):
        P.OneHotEncoder().fit(np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="drop must be None, 'first' or 'if_binary', got 'last'"):
        P.OneHotEncoder(drop="last")
    with pytest.raises(ValueError, match="sparse_output=True is not supported"):
        P.OneHotEncoder(sparse_output=True)
    with pytest.raises(ValueError, match="handle_unknown must be 'error' or 'ignore', got 'x'"):
        P.OneHotEncoder(handle_unknown="x")
    with pytest.raises(TypeError, match=r"column 0 has values of types \['number', 'str'\]"):
        P.OneHotEncoder().fit(np.array([["a"], [1]], dtype=object))
    with pytest.raises(ValueError, match=r"numeric categories\[0\] must be sorted, got \[3, 1\]"):
        P.OneHotEncoder(categories=[[3, 1]]).fit(np.array([[1]]))
    with pytest.raises(ValueError, match=r"categories has 1 lists but X has 2 columns"):
        P.OneHotEncoder(categories=[[0, 1]]).fit(np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"categories\[0\] = \[1, 1\] contains duplicates"):
        P.OneHotEncoder(categories=[[1, 1]]).fit(np.array([[1]]))
